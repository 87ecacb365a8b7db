"""What other services may call in grievances. Nothing else of this package is public."""

from __future__ import annotations

from datetime import date

from chalicelib.grievances import store

REVIEW_FLOWS = ("received", "disposed", "escalated")


def review_figures(first: date, last: date) -> dict[str, dict[str, int]]:
    """Per district: grievances received, disposed and escalated between the two dates (from the
    day counters every write keeps), and what is pending today (from the pending counters).
    Two Queries, whatever the number of grievances."""
    figures: dict[str, dict[str, int]] = {}

    def row(district: str) -> dict[str, int]:
        return figures.setdefault(district, {**dict.fromkeys(REVIEW_FLOWS, 0), "pending": 0})

    for item in store.stats("STAT", "district", f"{first.isoformat()}#", f"{last.isoformat()}#~"):
        district = item.sk.split("#", 1)[1]
        for name in REVIEW_FLOWS:
            row(district)[name] += int(getattr(item, name) or 0)
    for item in store.stats("PEND", "district", "0000", "9999"):
        row(item.sk.split("#", 1)[1])["pending"] += max(0, int(item.pending or 0))
    return figures


def my_requests(citizen_subject: str, limit: int, start: dict | None) -> tuple[list[dict], dict | None]:
    """A citizen's own grievances, newest first, as entries of "my requests" (GET /me/requests)."""
    from chalicelib.core.auth import Principal, Role
    from chalicelib.grievances import service
    from chalicelib.grievances import store as grievance_store

    key = service._citizen_key(Principal(subject=citizen_subject, role=Role.CITIZEN))
    items, last = grievance_store.mine(key, limit, start)
    names = {c["code"]: c for c in service.categories()}
    return [{"service": "grievance", "reference": i.urn, "status": i.status,
             "title_hi": names.get(i.category, {}).get("name_hi") or i.subject,
             "title_en": names.get(i.category, {}).get("name_en") or i.subject, "subject": i.subject,
             "created_at": i.created_at, "updated_at": i.updated_at} for i in items], last
