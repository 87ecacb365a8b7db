"""Reports on grievances, from the counters every write keeps (never by reading grievances):
received, disposed, escalated, satisfaction and pending by age band, by district, level,
category or office; and each office's monthly A–D grade."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from chalicelib.core import clock, geo
from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Forbidden, invalid_field
from chalicelib.grievances import domain, service, store

MAX_DAYS = 366
READERS = (Role.ADMIN, Role.OFFICER)


def _today() -> date:
    return clock.now().astimezone(clock.IST).date()


def _authorize(who: Principal, by: str) -> set[str] | None:
    """None: every row; else the districts the caller may see (district-wise reports only)."""
    if who.role not in READERS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if who.jurisdiction.level == Level.STATE:
        return None
    if by != "district":
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    return {d["code"] for d in geo.districts() if who.jurisdiction.covers_district(d["code"])}


def _read(by: str, first: str, last: str, filed_from: str) -> tuple[list, list]:
    stats = [(*item.sk.split("#", 1), {name: int(getattr(item, name) or 0) for name in domain.FLOWS})
             for item in store.stats("STAT", by, f"{first}#", f"{last}#~")]
    pending = [(*item.sk.split("#", 1), int(item.pending or 0))
               for item in store.stats("PEND", by, f"{filed_from}#", f"{last}#~")]
    return stats, pending


def _names(by: str) -> dict[str, tuple[str, str]]:
    if by == "district":
        return {d["code"]: (d["name_hi"], d["name_en"]) for d in geo.districts()}
    if by == "level":
        return {str(n): (f"स्तर {n}", f"Level {n}") for n in domain.LEVELS}
    prefix = "CATEGORY#" if by == "category" else "OFFICE#"
    return {i.sk.removeprefix(prefix): (i.data.get("name_hi"), i.data.get("name_en"))
            for i in store.master.listed(prefix)}


def _named(rows: list[dict], by: str) -> list[dict]:
    names = _names(by)
    for row in rows:
        row["name_hi"], row["name_en"] = names.get(row["key"], (None, None))
    return rows


def grievance_report(who: Principal, by: str, first: date | None, last: date | None) -> dict:
    allowed = _authorize(who, by)
    today = _today()
    last = last or today
    first = first or last.replace(day=1)
    if first > last:
        raise invalid_field("from", "must not be after 'to'")
    if (last - first).days >= MAX_DAYS:
        raise invalid_field("to", f"at most {MAX_DAYS} days in one report")
    rules = service.rules()
    stats, pending = _read(by, first.isoformat(), last.isoformat(), first.isoformat())
    rows = domain.report(stats, pending, today, rules.age_bands)
    if allowed is not None:
        rows = [r for r in rows if r["key"] in allowed]
    return {"by": by, "from": first.isoformat(), "to": last.isoformat(), "rows": _named(rows, by),
            "totals": domain.totals(rows, rules.age_bands)}


def grades(who: Principal, month: str) -> dict:
    """Each office's score for the month: disposal and satisfaction of the month's flows, and how
    much of what it still has pending is older than the last age band."""
    _authorize(who, "office")
    year, number = int(month[:4]), int(month[5:])
    first = date(year, number, 1)
    last = first + timedelta(days=calendar.monthrange(year, number)[1] - 1)
    rules = service.rules()
    stats, pending = _read("office", first.isoformat(), last.isoformat(), "0000")
    rows = {r["key"]: r for r in domain.report(stats, pending, _today(), rules.age_bands)}
    offices = _names("office")
    graded = []
    for code in sorted(set(offices) | set(rows)):
        row = rows.get(code) or {**domain.totals([], rules.age_bands), "key": code}
        score, letter = domain.grade(row, rules)
        graded.append({**row, "key": code, "score": score, "grade": letter})
    return {"month": month, "weights": dict(rules.grade_weights), "rows": _named(graded, "office")}
