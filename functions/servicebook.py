"""servicebook as its own Lambda: employee records, service-book entries, leave; plus the daily
leave-credit sweep."""

from chalice import Cron

from chalicelib.core.function import build_app
from chalicelib.servicebook.api import bp

app = build_app("sahkar-servicebook", {"servicebook": bp}, "Sahkar Setu e-service book API")


@app.schedule(Cron(35, 18, "*", "*", "?", "*"), name="leave_credit_sweep")
def leave_credit_sweep(event: object) -> dict:
    """Just after midnight IST: credit leave to every employee whose credit day has come."""
    from chalicelib.servicebook.leave import credit_due

    return credit_due()
