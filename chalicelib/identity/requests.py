"""A citizen's own place: "my requests" across services (GET /me/requests).

One entry per grievance, guaranteed-service application and society registration the citizen
made, with its service, reference, status and last change. A page is read service by service
(each newest first, through that service's public function and its own index, never a Scan);
the opaque cursor says which service and where in it, so a page is never short while more remain.
"""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Forbidden


def _sources() -> list[Callable[[str, int, dict | None], tuple[list[dict], dict | None]]]:
    from chalicelib.grievances import public as grievances
    from chalicelib.lokseva import public as lokseva
    from chalicelib.registrations import public as registrations

    return [grievances.my_requests, lokseva.my_requests, registrations.my_requests]


def page(who: Principal, limit: int, cursor: str | None) -> dict:
    if who.role != Role.CITIZEN:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    scope = f"requests:{who.subject}"
    at = decode_cursor(cursor, scope) or {"s": 0, "k": None}
    index, start = int(at.get("s", 0)), at.get("k")
    sources = _sources()
    entries: list[dict] = []
    while index < len(sources) and len(entries) < limit:
        found, last = sources[index](who.subject, limit - len(entries), start)
        entries += found
        if last is not None:
            start = last
            break
        index, start = index + 1, None
    return {"items": entries, "next": encode_cursor({"s": index, "k": start}, scope) if index < len(sources) else None}
