"""Near-breach alerts for guaranteed-service applications (core.nearbreach): the officers named
for the application's current desk hear once, `near_breach_hours` (settings, default 24) before
its stage limit. Candidates come from the appeal sweep's sparse due index. A desk with no named
officers (any officer of the desk may decide) gets no alert: there is nobody in particular to tell."""

from __future__ import annotations

from chalicelib.core import nearbreach
from chalicelib.identity import public as identity
from chalicelib.lokseva import domain, masterdata, store

SERVICE = "lokseva"


def holding(ack: str) -> nearbreach.Holding | None:
    item = store.get(ack, consistent=True)
    if item is None or item.status not in domain.ACTIVE:
        return None
    names = masterdata.seat(item.office, item.stage_desk) or []
    holders = tuple((name, identity.staff_mobile(name)) for name in names)
    return nearbreach.Holding(ack, item.stage_due_at, holders, f"आवेदन {ack}", f"application {ack}")


def hours() -> int:
    item = store.config_one(masterdata.SETTINGS_KEY)
    return int((item.data if item else {}).get("near_breach_hours", nearbreach.DEFAULT_HOURS))


def sweep(limit: int = 500) -> dict[str, int]:
    return nearbreach.sweep(SERVICE, store.due_between, holding, hours(), limit)
