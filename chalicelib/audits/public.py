"""What other services may call in audits. Nothing else of this package is public."""

from __future__ import annotations

from datetime import date

from chalicelib.audits import domain, store


def financial_year(day: date) -> str:
    """The financial year a day falls in, as audits write it ("2025-26")."""
    start = day.year if day.month >= 4 else day.year - 1
    return domain.check_year(f"{start}-{(start + 1) % 100:02d}")


def review_figures(first: date, last: date, current: bool = True) -> dict[str, dict[str, float]]:
    """Per district: audit reports submitted between the two IST days (both included) and their
    classes A-D, from the day counters written with each report (one Query); with `current`, also
    the allotments of the financial year of `last` not yet reported, from that year's counters
    (one more Query)."""
    figures: dict[str, dict[str, float]] = {}

    def row(district: str) -> dict[str, float]:
        return figures.setdefault(district, {"reported": 0, **{f"class_{c.lower()}": 0 for c in domain.CLASSES}})

    for item in store.day_stats(first.isoformat(), last.isoformat()):
        counts = row(item.sk.split("#", 1)[1])
        counts["reported"] += int(item.reported or 0)
        for cls in domain.CLASSES:
            name = f"class_{cls.lower()}"
            counts[name] += int(getattr(item, name) or 0)
    if current:
        for item in store.year_stats(financial_year(last)):
            row(item.sk)["not_reported"] = max(0, int(item.allotted or 0) - int(item.reported or 0))
    return figures
