"""filings as its own Lambda: annual returns, their documents and citizens' reads; plus the
monthly job that creates each society's obligations for the last closed financial year."""

from chalice import Rate

from chalicelib.core.function import build_app
from chalicelib.filings.api import bp

app = build_app("sahkar-filings", {"filings": bp}, "Sahkar Setu filings API")


@app.schedule(Rate(10, unit=Rate.MINUTES), name="yearly_obligations")
def yearly_obligations(event: object) -> dict:
    """Each IST month, one walk over every society: obligations of the last closed year, creating
    only what is missing (societies registered since get theirs too). A run works for at most 45 s
    of its 60 and saves its resume point after every page; the next run (10 minutes on) carries on.
    Once the month's walk is done a run costs one read."""
    from chalicelib.filings.service import yearly_obligations as run

    return run()
