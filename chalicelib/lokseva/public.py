"""What other services may call in lokseva. Nothing else of this package is public."""

from __future__ import annotations

from datetime import date

from chalicelib.lokseva import domain, store

FLOWS = (("received", "received"), ("disposed_in_time", "in_time"), ("disposed_late", "late"))


def review_figures(first: date, last: date, current: bool = True) -> dict[str, dict[str, float]]:
    """Per district: applications received, disposed in time and disposed late between the two
    days (IST, both included) and the penalties (Rs) fixed by late first decisions in them, from
    the day counters every change keeps (one Query); with `current`, also what is pending beyond
    its time today, from the dashboard's counters (one more Query)."""
    figures: dict[str, dict[str, float]] = {}

    def row(district: str) -> dict[str, float]:
        return figures.setdefault(district, {**{name: 0 for name, _ in FLOWS}, "penalties": 0})

    for item in store.day_stats(first.isoformat(), last.isoformat()):
        counts = row(item.sk.split("#", 1)[1])
        for name, attr in FLOWS:
            counts[name] += int(getattr(item, attr) or 0)
        counts["penalties"] += int(item.penalty_paise or 0)
    for counts in figures.values():
        counts["penalties"] = domain.from_paise(int(counts["penalties"]))   # exact rupees (Decimal)
    if current:
        for item in store.stats("STAT#district"):
            row(item.sk)["pending_beyond_time"] = max(0, int(item.overdue_pending or 0))
    return figures


def my_requests(citizen_subject: str, limit: int, start: dict | None) -> tuple[list[dict], dict | None]:
    """A citizen's own applications, newest first, as entries of "my requests" (GET /me/requests)."""
    from chalicelib.core.auth import Principal, Role
    from chalicelib.lokseva import service

    mobile = service._citizen_mobile(Principal(subject=citizen_subject, role=Role.CITIZEN))
    items, last = store.mine(domain.owner_key(service._secret(), mobile), limit, start)
    names = {code: service._names(code) for code in {i.service_code for i in items}}
    return [{"service": "lokseva", "reference": i.ack, "status": i.status,
             "title_hi": names[i.service_code].get("service_name_hi") or i.service_code,
             "title_en": names[i.service_code].get("service_name_en") or i.service_code, "subject": None,
             "created_at": i.created_at, "updated_at": i.updated_at} for i in items], last
