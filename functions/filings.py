"""filings as its own Lambda: annual returns, their documents and citizens' reads; plus the
monthly job that creates each society's obligations for the last closed financial year."""

from chalice import Cron

from chalicelib.core.function import build_app
from chalicelib.filings.api import bp

app = build_app("sahkar-filings", {"filings": bp}, "Sahkar Setu filings API")


@app.schedule(Cron(30, 20, 1, "*", "?", "*"), name="yearly_obligations")
def yearly_obligations(event: object) -> dict:
    """On the 1st of each month (02:00 IST): obligations of the last closed year for every society,
    creating only what is missing (societies registered since get theirs too)."""
    from chalicelib.filings.service import yearly_obligations as run

    return run()
