"""Near-breach alerts for society registrations (core.nearbreach): the inspector holding an
application under scrutiny hears once, `near_breach_hours` (settings, default 24) before its
statutory limit. Candidates come from the statutory index (per division, sparse). At the other
stages no one person holds it (any officer of the district, or the applicant): the district's
near-breach list and the JR's escalation (steps.sweep) cover those."""

from __future__ import annotations

from chalicelib.core import geo, nearbreach
from chalicelib.identity import public as identity
from chalicelib.registrations import domain, service, store

SERVICE = "registrations"


def holding(registration_id: str) -> nearbreach.Holding | None:
    item = store.get(registration_id, consistent=True)
    if item is None or item.stage != domain.UNDER_SCRUTINY or not item.inspector or not item.statutory_due:
        return None
    holders = ((item.inspector, identity.staff_mobile(item.inspector)),)
    return nearbreach.Holding(registration_id, item.statutory_due, holders, f"पंजीयन आवेदन {registration_id}",
                              f"registration application {registration_id}")


def sweep(limit: int = 500) -> dict[str, int]:
    hours = int(service.settings().get("near_breach_hours", nearbreach.DEFAULT_HOURS))
    return nearbreach.sweep(SERVICE, store.due_between, holding, hours, limit,
                            partitions=[d["code"] for d in geo.divisions()])
