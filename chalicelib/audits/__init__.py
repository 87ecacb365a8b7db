"""audits: CA firms and departmental auditors, audit allocation, reports, compliance, empanelment."""
