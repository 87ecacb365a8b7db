"""Near-breach alerts for grievances (core.nearbreach): the officer a grievance is with hears
once, `near_breach_hours` (master data, default 24) before its level's limit. Candidates come
from the escalation sweep's sparse due index, so grievances the sweep does not move (level 4, or
level 3 when L3→L4 is manual) are not alerted."""

from __future__ import annotations

from chalicelib.core import nearbreach
from chalicelib.grievances import desk_store, domain, service, store

SERVICE = "grievances"


def holding(urn: str) -> nearbreach.Holding | None:
    item = store.get(urn, consistent=True)
    if item is None or item.status not in domain.ACTIVE or not item.assignee:
        return None
    seat = service.seat_for(domain.Position(item.office, item.district, int(item.level)))
    mobile = seat.mobile if seat and seat.username == item.assignee else None
    return nearbreach.Holding(urn, item.due_at, ((item.assignee, mobile),), f"शिकायत {urn}", f"grievance {urn}")


def sweep(limit: int = 500) -> dict[str, int]:
    return nearbreach.sweep(SERVICE, desk_store.due_between, holding, service.rules().near_breach_hours, limit,
                            store.SHARDS)
