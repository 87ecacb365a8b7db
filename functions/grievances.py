"""grievances as its own Lambda: filing, tracking, officers' actions, the housing cell, reports,
CPGRAMS and Open311; plus the scheduled escalation sweep."""

from chalice import Rate

from chalicelib.core.function import build_app
from chalicelib.grievances.api import bp

app = build_app("sahkar-grievances", {"grievances": bp}, "Sahkar Setu grievances API")


@app.schedule(Rate(15, unit=Rate.MINUTES), name="escalation_sweep")
def escalation_sweep(event: object) -> dict:
    """Escalate every grievance past its level's time limit (reads only what is due)."""
    from chalicelib.grievances.service import escalate_due

    return escalate_due()


@app.schedule(Rate(15, unit=Rate.MINUTES), name="grievance_near_breach")
def grievance_near_breach(event: object) -> dict:
    """Warn the officer holding a grievance, once, before its limit (reads only what is due soon)."""
    from chalicelib.grievances.alerts import sweep

    return sweep()
