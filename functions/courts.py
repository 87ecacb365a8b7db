"""courts as its own Lambda: the registry, hearings, cause lists, case status; plus the scheduled
day-before hearing reminder."""

from chalice import Cron

from chalicelib.core.function import build_app
from chalicelib.courts.api import bp

app = build_app("sahkar-courts", {"courts": bp}, "Sahkar Setu departmental courts API")


@app.schedule(Cron(30, 12, "*", "*", "?", "*"), name="hearing_reminders")
def hearing_reminders(event: object) -> dict:
    """18:00 IST daily: SMS every party of tomorrow's hearings (a second run sends nothing new)."""
    from chalicelib.courts.service import send_reminders

    return send_reminders()
