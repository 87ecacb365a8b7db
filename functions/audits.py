"""audits as its own Lambda: CA firms and departmental auditors, audit allotment (one society or a
whole district), audit reports and the societies' compliance."""

from chalice import Cron, Rate

from chalicelib.audits.api import bp
from chalicelib.core.function import build_app

app = build_app("sahkar-audits", {"audits": bp}, "Sahkar Setu audits API")


@app.schedule(Cron(30, 20, "*", "*", "?", "*"), name="expire_empanelments")
def expire_empanelments(event: object) -> dict:
    """Every night (02:00 IST): empanelments of cycles that have ended expire."""
    from chalicelib.audits.empanelment import expire_ended_cycles

    return expire_ended_cycles()


@app.schedule(Rate(5, unit=Rate.MINUTES), name="keep_workflow_tasks")
def keep_workflow_tasks(event: object) -> dict:
    """Keep the tokens of empanelment steps now waiting (an action also drains them at once)."""
    from chalicelib.audits import steps
    from chalicelib.core import workflow

    return {"kept": workflow.receive_tasks(steps.SERVICE, steps.keep_task)}
