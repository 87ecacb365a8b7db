"""registrations as its own Lambda: applications, the officers' steps on the approval state
machine; plus the scheduled sweep (task tokens, statutory-limit escalation, lapsed appeals)."""

from chalice import Rate

from chalicelib.core.function import build_app
from chalicelib.registrations.api import bp

app = build_app("sahkar-registrations", {"registrations": bp}, "Sahkar Setu registrations API")


@app.schedule(Rate(5, unit=Rate.MINUTES), name="registration_sweep")
def registration_sweep(event: object) -> dict:
    """Keep waiting steps' tokens, escalate the statutory limit, close lapsed appeal windows."""
    from chalicelib.registrations.steps import sweep

    return sweep()


@app.schedule(Rate(15, unit=Rate.MINUTES), name="registration_near_breach")
def registration_near_breach(event: object) -> dict:
    """Warn the inspector holding an application, once, before its statutory limit (reads only what is due soon)."""
    from chalicelib.registrations.alerts import sweep

    return sweep()
