"""audits as its own Lambda: CA firms and departmental auditors, audit allotment (one society or a
whole district), audit reports and the societies' compliance."""

from chalicelib.audits.api import bp
from chalicelib.core.function import build_app

app = build_app("sahkar-audits", {"audits": bp}, "Sahkar Setu audits API")
