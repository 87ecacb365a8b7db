"""Officers' search and CSV export over guaranteed-service applications, inside their jurisdiction.

The same rules as grievances' search (chalicelib/grievances/search.py): one district at a time
(a district officer's own; division and HQ officers name one), every filter a key, one Query per
page; a district outside the jurisdiction is 403 naming `district`; an acknowledgement number
outside it is an empty page (no oracle).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from chalicelib.core import clock
from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Forbidden, invalid_field
from chalicelib.lokseva import domain, search_store, store

SEARCHERS = (Role.OFFICER, Role.ADMIN)
FILTERS = ("district", "ack", "service", "status", "overdue", "filed_from", "filed_to")


def _district(who: Principal, query: Any) -> str:
    jurisdiction = who.jurisdiction
    if query.district:
        if not jurisdiction.covers_district(query.district):
            outside = [{"field": "district", "message": f"{query.district} is outside your jurisdiction"}]
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=jurisdiction.label(), details=outside)
        return query.district
    if jurisdiction.level.value == "district" and jurisdiction.code:
        return jurisdiction.code
    raise invalid_field("district", "choose one district of your jurisdiction to search in", "SEARCH_DISTRICT_NEEDED")


def _filed(query: Any) -> tuple[str, str] | None:
    if not query.filed_from and not query.filed_to:
        return None
    low, high = query.filed_from or date(2000, 1, 1), query.filed_to or date(2100, 1, 1)
    if high < low:
        raise invalid_field("filed_to", "the end of the range comes before its start")
    start = datetime.combine(low, time(), clock.IST)
    end = datetime.combine(high + timedelta(days=1), time(), clock.IST) - timedelta(seconds=1)
    return clock.iso(start), clock.iso(end) + "~"


def _plan(who: Principal, query: Any, now: datetime) -> tuple[str, str, str | None, str | None, dict, bool]:
    district = _district(who, query)
    filed = _filed(query)
    rest: dict[str, object] = {}
    if query.status:
        rest["status"] = query.status
    if query.service:
        rest["service_code"] = query.service
    if query.overdue:
        if filed:
            rest["filed"] = filed
        return "s_due", district, "0", f"{clock.iso(now)}~", rest, False
    low, high = filed if filed else (None, None)
    if "service_code" in rest:
        return "s_service", f"{district}#{rest.pop('service_code')}", low, high, rest, True
    if "status" in rest:
        return "s_status", f"{district}#{rest.pop('status')}", low, high, rest, True
    return "s_district", district, low, high, rest, True


def row(item: store.ApplicationItem, now: str) -> dict:
    active = item.status in domain.ACTIVE
    return {"ack": item.ack, "service": item.service_code, "district": item.district, "office": item.office,
            "channel": item.channel, "status": item.status, "stage_due_at": item.stage_due_at,
            "guaranteed_date": item.guaranteed_date, "overdue": bool(active and item.stage_due_at <= now),
            "created_at": item.created_at, "decided_at": item.decided_at}


def _check(who: Principal) -> None:
    if who.role not in SEARCHERS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)


def _by_ack(who: Principal, query: Any, now: str) -> list[dict]:
    from chalicelib.core.ids import plain_reference

    ack = plain_reference(query.ack)
    if not domain.is_ack(ack):
        raise invalid_field("ack", "an acknowledgement number has 10 digits starting with 3; check the number",
                            "ACK_INVALID")
    item = store.get(ack)
    if item is None or not who.jurisdiction.covers_district(item.district):
        return []
    if query.district and query.district != item.district:
        _district(who, query)
        return []
    return [row(item, now)]


def search(who: Principal, query: Any) -> dict:
    _check(who)
    now = clock.now()
    if query.ack:
        return {"items": _by_ack(who, query, clock.iso(now)), "next": None}
    index, key, low, high, rest, newest = _plan(who, query, now)
    scope = "lokseva-search:" + who.subject + "|" + "|".join(f"{n}={getattr(query, n) or ''}" for n in FILTERS)
    items, last = search_store.search(index, key, low, high, rest, newest, query.limit,
                                      decode_cursor(query.next, scope))
    stamp = clock.iso(now)
    return {"items": [row(i, stamp) for i in items], "next": encode_cursor(last, scope)}


def rows(who: Principal, query: Any, row_limit: int) -> Iterator[dict]:
    _check(who)
    now = clock.now()
    stamp = clock.iso(now)
    if query.ack:
        yield from _by_ack(who, query, stamp)
        return
    index, key, low, high, rest, newest = _plan(who, query, now)
    start, sent = None, 0
    while sent < row_limit:
        items, start = search_store.search(index, key, low, high, rest, newest, min(100, row_limit - sent), start)
        for item in items:
            yield row(item, stamp)
            sent += 1
        if start is None:
            break


def described(query: Any) -> str:
    return ",".join(f"{n}={getattr(query, n)}" for n in FILTERS if getattr(query, n)) or "none"
