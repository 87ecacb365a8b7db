"""lokseva as its own Lambda: the catalogue, applications (online and at PACS counters),
decisions, appeals, certificates, service-centre transactions and the dashboard; plus the
scheduled sweep that sends applications past their time limit to appeal."""

from chalice import Rate

from chalicelib.core.function import build_app
from chalicelib.lokseva.api import bp

app = build_app("sahkar-lokseva", {"lokseva": bp}, "Sahkar Setu guaranteed services API")


@app.schedule(Rate(15, unit=Rate.MINUTES), name="appeal_sweep")
def appeal_sweep(event: object) -> dict:
    """Move to appeal every application whose stage time has run out (reads only what is due)."""
    from chalicelib.lokseva.service import escalate_due

    return escalate_due()


@app.schedule(Rate(15, unit=Rate.MINUTES), name="lokseva_near_breach")
def lokseva_near_breach(event: object) -> dict:
    """Warn the officers of an application's desk, once, before its stage limit (reads only what is due soon)."""
    from chalicelib.lokseva.alerts import sweep

    return sweep()
