"""The grievance dashboard that reconciles, with its drill-down (district → office → list).

For the grievances filed in a date range: received = disposed in time + disposed late + pending
in time + pending overdue, from the cohort counters (grievances.cohort) kept on every write; the
district rows also carry the received count of the daily flow counters, so each row states
whether the two agree. A district officer sees their district, a division's officer its
districts, HQ every district.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from chalicelib.core import clock, geo
from chalicelib.core.auth import Principal, Role
from chalicelib.core.errors import Forbidden, invalid_field
from chalicelib.grievances import cohort, desk_store, domain, service, store

MAX_DAYS = 366
LIST_LIMIT = 100
PARTS = ("disposed_in_time", "disposed_late", "pending_in_time", "pending_overdue")
ZERO = dict.fromkeys((*PARTS, "accounted"), 0)


def _today() -> date:
    return clock.now().astimezone(clock.IST).date()


def _range(first: date | None, last: date | None) -> tuple[date, date]:
    last = last or _today()
    first = first or last.replace(day=1)
    if first > last:
        raise invalid_field("from", "must not be after 'to'")
    if (last - first).days >= MAX_DAYS:
        raise invalid_field("to", f"at most {MAX_DAYS} days at once")
    return first, last


def _districts(who: Principal, district: str | None) -> set[str]:
    if who.role not in (Role.ADMIN, Role.OFFICER):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if district is not None:
        if not who.jurisdiction.covers_district(district):
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
        return {district}
    return {d["code"] for d in geo.districts() if who.jurisdiction.covers_district(d["code"])}


def _cohort(dim: str, first: date, last: date) -> dict[str, dict[str, int]]:
    counts = []
    for item in store.stats(cohort.KIND, dim, f"{first.isoformat()}#", f"{last.isoformat()}#~"):
        filed, value, where = item.sk.split("#", 2)
        counts.append((filed, value, where, int(item.received or 0)))
    return cohort.summarise(counts, _today())


def dashboard(who: Principal, first: date | None, last: date | None, district: str | None = None) -> dict:
    allowed = _districts(who, district)
    first, last = _range(first, last)
    if district is None:
        parts = _cohort("district", first, last)
        received: dict[str, int] = {}
        for item in store.stats("STAT", "district", f"{first.isoformat()}#", f"{last.isoformat()}#~"):
            value = item.sk.split("#", 1)[1]
            received[value] = received.get(value, 0) + int(item.received or 0)
        names = {d["code"]: (d["name_hi"], d["name_en"]) for d in geo.districts()}
        keys = sorted(k for k in set(parts) | set(received) if k in allowed)
    else:
        parts = _cohort(f"office@{district}", first, last)
        received = {key: row["accounted"] for key, row in parts.items()}
        names = {i.sk.removeprefix("OFFICE#"): (i.data.get("name_hi"), i.data.get("name_en"))
                 for i in store.master.listed("OFFICE#")}
        keys = sorted(parts)
    rows = []
    for key in keys:
        row = {**ZERO, **parts.get(key, {})}
        got = received.get(key, 0)
        name_hi, name_en = names.get(key, (None, None))
        rows.append({"key": key, "name_hi": name_hi, "name_en": name_en, "received": got, **row,
                     "reconciles": got == row["accounted"]})
    totals = {name: sum(r[name] for r in rows) for name in ("received", *PARTS, "accounted")}
    totals["reconciles"] = totals["received"] == totals["accounted"]
    return {"from": first.isoformat(), "to": last.isoformat(), "by": "office" if district else "district",
            "district": district, "rows": rows, "totals": totals}


def _months(first: date, last: date) -> list[str]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day.strftime("%Y-%m"))
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def items(who: Principal, district: str, office: str | None, first: date | None, last: date | None,
          part: str | None) -> dict:
    """The grievances behind a dashboard cell: filed in the range in the district (and office),
    in the part asked for; at most LIST_LIMIT, newest first (`truncated` says when there are more)."""
    _districts(who, district)
    first, last = _range(first, last)
    start_at = clock.iso(datetime_ist(first))
    end_at = clock.iso(datetime_ist(last + timedelta(days=1)) - timedelta(seconds=1))
    today = _today()
    found, truncated = [], False
    for month in reversed(_months(first, last)):
        for item in desk_store.by_district_in_month(month, start_at, end_at, district, office, LIST_LIMIT + 1):
            case = service.case_of(item)
            if part and _part_of(case, today) != part:
                continue
            if len(found) == LIST_LIMIT:
                truncated = True
                break
            found.append({**_summary(item), "part": _part_of(case, today)})
        if truncated:
            break
    return {"items": found, "truncated": truncated}


def _part_of(case: domain.Case, today: date) -> str:
    where = cohort.bucket(case, domain.ACTIVE)
    if where == cohort.IN_TIME:
        return "disposed_in_time"
    if where == cohort.LATE:
        return "disposed_late"
    return "pending_overdue" if date.fromisoformat(where.removeprefix(cohort.PENDING)) < today else "pending_in_time"


def _summary(item: store.GrievanceItem) -> dict:
    return {"urn": item.urn, "type": item.type, "category": item.category, "district": item.district,
            "office": item.office, "subject": item.subject, "status": item.status, "level": int(item.level),
            "due_at": item.due_at, "created_at": item.created_at, "disposed_at": item.disposed_at}


def datetime_ist(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), clock.IST)
