"""What other services may call in filings. Nothing else of this package is public."""

from __future__ import annotations

from datetime import date

from chalicelib.filings import store


def filed_status(reg_no: str, financial_year: str, return_type: str) -> str | None:
    """FILED, ACCEPTED or RETURNED, or None when nothing was filed (e.g. audits checking accounts)."""
    item = store.get_return(reg_no, financial_year, return_type, consistent=False)
    return item.status if item else None


def review_year(day: date) -> str:
    """The financial year the review follows on a day: the last one closed before it (its returns
    fall due on the due date of master data, 30 September)."""
    from chalicelib.filings import domain, service

    return domain.last_closed_year(service.rules(), day)


def review_figures(first: date, last: date, current: bool = True) -> dict[str, dict[str, float]]:
    """Per district: returns filed between the two days (IST, both included), from the day
    counters every filing keeps (one Query); with `current`, also the societies owing returns
    for the year `review_year(first)` names, how many have filed every required one and how many
    are defaulters, from the year's counters kept with every obligation (one more Query)."""
    figures: dict[str, dict[str, float]] = {}
    for item in store.filed_stats(first.isoformat(), last.isoformat()):
        row = figures.setdefault(item.sk.split("#", 1)[1], {"filed": 0})
        row["filed"] += int(item.filed or 0)
    if current:
        for item in store.year_stats(review_year(first)):
            due, complete = int(item.obligations or 0), int(item.complete or 0)
            figures.setdefault(item.sk, {"filed": 0}).update(due=due, complete=complete, defaulters=due - complete)
    return figures
