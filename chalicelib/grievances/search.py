"""Officers' search and filters over grievances, inside their jurisdiction only.

Every filter is a key (search_store.py / store.py's s_* indexes), so a page costs one Query at
1,000 or 100,000 grievances. The search runs within one district: a district officer's own; a
division or HQ officer names one (`district`) unless the filter itself fixes the place (a
society, a full URN, a mobile).

Jurisdiction (the house rule, as GET /grievances/{urn} and the housing list apply it): asking
for a place outside one's jurisdiction — a district, an office or a society of another district
— is refused with 403 FORBIDDEN_JURISDICTION naming the field. A URN or a mobile is not a
place: the answer holds only what lies inside the jurisdiction, so an empty page, never a 403
(a 403 would tell an officer that this number or this mobile has grievances elsewhere).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from chalicelib.core import clock
from chalicelib.core.auth import Principal, Role
from chalicelib.core.config import get_settings
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Forbidden, invalid_field
from chalicelib.grievances import domain, search_store, store
from chalicelib.grievances.search_store import Plan
from chalicelib.societies import public as societies

logger = logging.getLogger("sahkar.grievances.search")

SEARCHERS = (Role.OFFICER, Role.ADMIN)
FILTERS = ("assigned", "district", "urn", "mobile", "society", "office", "category", "status", "level", "due",
           "filed_from", "filed_to")


def _outside(who: Principal, field: str, value: str) -> Forbidden:
    return Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label(),
                     details=[{"field": field, "message": f"{value} is outside your jurisdiction"}])


def _filed(query: Any) -> tuple[str, str] | None:
    """The filed-date range (Indian dates) as UTC timestamps, the way created_at is stored."""
    if not query.filed_from and not query.filed_to:
        return None
    low = query.filed_from or date(2000, 1, 1)
    high = query.filed_to or date(2100, 1, 1)
    if high < low:
        raise invalid_field("filed_to", "the end of the range comes before its start")
    start = datetime.combine(low, time(), clock.IST)
    end = datetime.combine(high + timedelta(days=1), time(), clock.IST) - timedelta(seconds=1)
    return clock.iso(start), clock.iso(end) + "~"


def _due(query: Any, now: datetime) -> tuple[str, str] | None:
    if not query.due:
        return None
    stamp = clock.iso(now)
    if query.due == "overdue":
        return "0", f"{stamp}~"
    hours = _near_hours()
    return f"{stamp}~", f"{clock.iso(now + timedelta(hours=hours))}~"


def _near_hours() -> int:
    """"Within 48 h": the inbox's warning window from master data (near_limit_hours)."""
    from chalicelib.grievances import service

    return service.rules().near_limit_hours


def _district(who: Principal, query: Any, needed: bool) -> str | None:
    jurisdiction = who.jurisdiction
    district = query.district
    if district:
        if not jurisdiction.covers_district(district):
            raise _outside(who, "district", district)
        return district
    if jurisdiction.level.value == "district":
        return jurisdiction.code
    if needed:
        raise invalid_field("district", "choose one district of your jurisdiction to search in",
                            "SEARCH_DISTRICT_NEEDED")
    return None


def _place_filter(who: Principal, district: str | None) -> dict[str, object]:
    """For lists keyed by something other than the place (a mobile, a society): keep them inside."""
    if district:
        return {"district": district}
    jurisdiction = who.jurisdiction
    if jurisdiction.level.value == "division":
        return {"division": jurisdiction.code}
    if jurisdiction.level.value == "district":
        return {"district": jurisdiction.code}
    return {}


def plan(who: Principal, query: Any, now: datetime) -> Plan:
    """Which index carries the query (the most selective filter first) and what rides along."""
    filed, due = _filed(query), _due(query, now)
    rest: dict[str, object] = {}
    for name in ("status", "category", "office"):
        if getattr(query, name):
            rest[name] = getattr(query, name)
    if query.level:
        rest["level"] = query.level
    if query.assigned:                      # the officer's own inbox (active), any filter riding along
        filters = dict(rest)
        if query.district:
            filters["district"] = _district(who, query, needed=False)
        for name, window in (("filed", filed), ("due", due and _due_window(due))):
            if window:
                filters[name] = window
        if query.society:
            filters["society_reg_no"] = query.society
        if query.mobile:
            filters["owner_key"] = _owner(query.mobile)
        if query.urn and len(query.urn) < 10:
            filters["urn_digits"] = query.urn
        return Plan("by_assignee", who.subject, newest_first=False, filters=filters)
    if query.mobile:
        district = _district(who, query, needed=False)
        key = _owner(query.mobile)
        filters = {**rest, **_place_filter(who, district)}
        if due:
            filters["due"] = _due_window(due)
        return Plan("by_owner", key, filed=filed, filters=filters)
    if query.society:
        society = societies.get_society(query.society)
        if society is None:
            raise invalid_field("society", f"no society {query.society}", "SOCIETY_NOT_FOUND", reg_no=query.society)
        if not who.jurisdiction.covers_district(society["district"]):
            raise _outside(who, "society", query.society)
        if query.district and query.district != society["district"]:
            _district(who, query, needed=False)          # 403 if outside; else the two disagree: empty
            rest["district"] = query.district
        if due:
            rest["due"] = _due_window(due)
        return Plan("s_society", query.society, filed=filed, filters=rest)
    district = _district(who, query, needed=True)
    assert district is not None
    if query.urn and len(query.urn) < 10:
        if due:
            rest["due"] = _due_window(due)
        if len(query.urn) > 4:
            rest["urn_digits"] = query.urn
        return Plan("s_tail", f"{district}#{query.urn[-4:]}", filed=filed, filters=rest)
    if query.office:
        rest.pop("office")
        if due:
            rest["due"] = _due_window(due)
        return Plan("s_office", f"{district}#{query.office}", filed=filed, filters=rest)
    if due:
        if filed:
            rest["filed"] = filed
        return Plan("s_due", district, due=due, newest_first=False, filters=rest)
    for name, index in (("status", "s_status"), ("category", "s_category")):
        if name in rest:
            value = rest.pop(name)
            return Plan(index, f"{district}#{value}", filed=filed, filters=rest)
    if "level" in rest:
        return Plan("s_level", f"{district}#L{rest.pop('level')}", filed=filed, filters=rest)
    return Plan("s_district", district, filed=filed, filters=rest)


def _owner(mobile: str) -> str:
    return domain.owner_key(get_settings().signing_secret.get_secret_value(), mobile)


def _due_window(due: tuple[str, str]) -> tuple[str, str]:
    low, high = due
    return low.rstrip("~") or "0", high.rstrip("~")


def _scope(who: Principal, query: Any) -> str:
    parts = [who.subject] + [f"{name}={getattr(query, name) or ''}" for name in FILTERS]
    return "search:" + "|".join(str(p) for p in parts)


def row(item: store.GrievanceItem, now: str) -> dict:
    active = item.status in domain.ACTIVE
    return {"urn": item.urn, "type": item.type, "category": item.category, "district": item.district,
            "office": item.office, "society_reg_no": item.society_reg_no, "society_name": item.society_name,
            "subject": item.subject, "status": item.status, "level": int(item.level), "due_at": item.due_at,
            "overdue": bool(active and item.due_at <= now), "assignee": item.assignee,
            "created_at": item.created_at, "updated_at": item.updated_at}


def _check_role(who: Principal) -> None:
    if who.role not in SEARCHERS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)


def search(who: Principal, query: Any) -> dict:
    _check_role(who)
    now = clock.now()
    stamp = clock.iso(now)
    if query.urn and len(query.urn) == 10:
        return _by_urn(who, query, stamp)
    the_plan = plan(who, query, now)
    scope = _scope(who, query)
    items, last = search_store.search(the_plan, query.limit, decode_cursor(query.next, scope))
    return {"items": [row(i, stamp) for i in items], "next": encode_cursor(last, scope)}


def _by_urn(who: Principal, query: Any, stamp: str) -> dict:
    if not domain.is_urn(query.urn):
        raise invalid_field("urn", "a grievance number has 10 digits; check the number", "URN_INVALID")
    item = store.get(query.urn)
    if item is None or not who.jurisdiction.covers_district(item.district):
        return {"items": [], "next": None}
    if query.assigned and (item.assignee != who.subject or item.status not in domain.ACTIVE):
        return {"items": [], "next": None}                    # not in this officer's inbox
    if query.district and item.district != query.district:
        _district(who, query, needed=False)
        return {"items": [], "next": None}
    return {"items": [row(item, stamp)], "next": None}


def rows(who: Principal, query: Any, row_limit: int) -> Iterator[dict]:
    """Every row of a filtered list, page by page (one Query each), at most `row_limit` of them."""
    _check_role(who)
    now = clock.now()
    stamp = clock.iso(now)
    if query.urn and len(query.urn) == 10:
        yield from _by_urn(who, query, stamp)["items"]
        return
    the_plan = plan(who, query, now)
    start, sent = None, 0
    while sent < row_limit:
        items, start = search_store.search(the_plan, min(100, row_limit - sent), start)
        for item in items:
            yield row(item, stamp)
            sent += 1
        if start is None:
            break


def described(query: Any) -> str:
    """The filter as the export log records it: names and values, a mobile only as 'given'."""
    parts = []
    for name in FILTERS:
        value = getattr(query, name)
        if value:
            parts.append(f"{name}=given" if name == "mobile" else f"{name}={value}")
    return ",".join(parts) or "none"
