"""What other services may call in registrations. Nothing else of this package is public."""

from __future__ import annotations

from chalicelib.registrations import store


def my_requests(citizen_subject: str, limit: int, start: dict | None) -> tuple[list[dict], dict | None]:
    """A citizen's own applications to register a society, newest first (GET /me/requests)."""
    items, last = store.by_applicant(citizen_subject, limit, start)
    return [{"service": "registration", "reference": i.receipt_no or i.id, "status": i.stage,
             "title_hi": i.data.get("name_hi"), "title_en": i.data.get("name_en"), "subject": None,
             "created_at": i.created_at, "updated_at": i.updated_at} for i in items], last
