"""Where each day's received grievances are now: counters that reconcile (pure Python).

Every grievance counts once in the cohort of the IST day it was filed, in exactly one bucket:
disposed in time ("D1": disposed at or before its limit), disposed late ("D2"), or pending with
its limit on a given IST day ("P<YYYY-MM-DD>"; overdue once that day has passed). Every write
moves it from the bucket it was in to the bucket it is in now (`before` -1, `after` +1, in the
same transaction as the change, like the pending counters), so for any range of filing days

    received = disposed in time + disposed late + pending in time + pending overdue

holds by construction, and the dashboard reads counters, never grievances. Kept by district
(COH#district) and by office within each district (COH#office@<district>) for the drill-down.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.core import clock

IN_TIME, LATE, PENDING = "D1", "D2", "P"
KIND = "COH"


def _ist_day(text: str) -> str:
    return clock.parse_iso(text).astimezone(clock.IST).date().isoformat()


def bucket(case: Any, active: frozenset[str]) -> str:
    if case.status in active:
        return PENDING + _ist_day(case.due_at)
    disposed = case.disposed_at or case.due_at
    return IN_TIME if disposed <= case.due_at else LATE


def keys(case: Any, active: frozenset[str]) -> list[tuple[str, str, str]]:
    """The cohort counters this grievance counts in: (kind, dimension, sort key)."""
    filed, where = _ist_day(case.created_at), bucket(case, active)
    return [(KIND, "district", f"{filed}#{case.district}#{where}"),
            (KIND, f"office@{case.district}", f"{filed}#{case.office}#{where}")]


def moves(before: Any | None, after: Any, active: frozenset[str]) -> dict[tuple[str, str, str], int]:
    out: dict[tuple[str, str, str], int] = {}
    for case, sign in ((before, -1), (after, 1)):
        if case is not None:
            for key in keys(case, active):
                out[key] = out.get(key, 0) + sign
    return {key: amount for key, amount in out.items() if amount}


def summarise(counts: list[tuple[str, str, str, int]], today: date) -> dict[str, dict[str, int]]:
    """(filed day, value, bucket, count) -> per value: the four parts and their sum."""
    rows: dict[str, dict[str, int]] = {}
    for _filed, value, where, count in counts:
        row = rows.setdefault(value, {"disposed_in_time": 0, "disposed_late": 0, "pending_in_time": 0,
                                      "pending_overdue": 0})
        if where == IN_TIME:
            row["disposed_in_time"] += count
        elif where == LATE:
            row["disposed_late"] += count
        elif date.fromisoformat(where.removeprefix(PENDING)) < today:
            row["pending_overdue"] += count
        else:
            row["pending_in_time"] += count
    for row in rows.values():
        row["accounted"] = sum(row.values())
    return rows
