"""audits as its own Lambda: CA firms and departmental auditors, audit allotment (one society or a
whole district), audit reports and the societies' compliance."""

from chalice import Cron

from chalicelib.audits.api import bp
from chalicelib.core.function import build_app

app = build_app("sahkar-audits", {"audits": bp}, "Sahkar Setu audits API")


@app.schedule(Cron(30, 20, "*", "*", "?", "*"), name="expire_empanelments")
def expire_empanelments(event: object) -> dict:
    """Every night (02:00 IST): empanelments of cycles that have ended expire."""
    from chalicelib.audits.empanelment import expire_ended_cycles

    return expire_ended_cycles()
