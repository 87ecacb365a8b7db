"""File-tracking rules: pure Python, no AWS.

A file is OPEN while it moves officer to officer, DISPOSED once its matter is settled, ARCHIVED when
it goes to the record room. Only the officer holding a file may act on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from chalicelib.core.auth import Level, Principal, Role, require_role
from chalicelib.core.clock import IST
from chalicelib.core.errors import Conflict, Forbidden, invalid_field

OPEN, DISPOSED, ARCHIVED = "OPEN", "DISPOSED", "ARCHIVED"
STATUSES = (OPEN, DISPOSED, ARCHIVED)
ACTIONS = ("move", "return", "dispose", "archive")
FILE_NO = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{4,6}$")
# action -> (state it needs, state it leaves)
STEPS = {"move": (OPEN, OPEN), "return": (OPEN, OPEN), "dispose": (OPEN, DISPOSED), "archive": (DISPOSED, ARCHIVED)}


def may_use(who: Principal | None) -> Principal:
    """File tracking is for HQ: officers whose jurisdiction is the state."""
    who = require_role(who, Role.OFFICER)
    if who.jurisdiction.level != Level.STATE:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    return who


def file_no(section: str, year: int, seq: int) -> str:
    return f"{section}-{year}-{seq:04d}"


def ist_year(moment: datetime) -> int:
    return moment.astimezone(IST).year


@dataclass(frozen=True)
class Move:
    """What an action does to the file: who holds it next and from whom it came."""

    status: str
    holder: str
    sent_by: str | None


def step(action: str, file_no_: str, status: str, holder: str, sent_by: str | None, actor: str,
         to: str | None) -> Move:
    needs, leaves = STEPS[action]
    if holder != actor:
        raise Forbidden("FILE_NOT_WITH_YOU", file_no=file_no_)
    if status != needs:
        raise Conflict("FILE_ACTION_NOT_IN_STATE", action=action, status=status)
    if action == "move":
        if not to:
            raise invalid_field("to", "the officer to send the file to")
        if to == actor:
            raise invalid_field("to", "cannot move a file to yourself", "FILE_MOVE_TO_SELF")
        return Move(leaves, to, actor)
    if to:
        raise invalid_field("to", f"not used with '{action}'")
    if action == "return":
        if not sent_by:
            raise Conflict("FILE_NO_SENDER")
        return Move(leaves, sent_by, actor)
    return Move(leaves, holder, sent_by)


def age_days(since_iso: str, now: datetime) -> int:
    since = datetime.fromisoformat(since_iso.replace("Z", "+00:00"))
    return max(0, (now.astimezone(IST).date() - since.astimezone(IST).date()).days)


def band_labels(bands: list[int]) -> list[str]:
    labels, low = [], 0
    for high in bands:
        labels.append(f"{low}-{high}")
        low = high + 1
    return labels + [f"{low}+"]


def band_of(age: int, bands: list[int]) -> str:
    labels = band_labels(bands)
    for index, high in enumerate(bands):
        if age <= high:
            return labels[index]
    return labels[-1]


def pendency(rows: list[dict], bands: list[int], group: str | None = None) -> dict:
    """Counts by age band (days with the current holder), overall and per `group` (e.g. holder)."""
    def empty() -> dict:
        return {"total": 0, "bands": dict.fromkeys(band_labels(bands), 0), "oldest_days": 0}

    total, groups = empty(), {}
    for row in rows:
        targets = [total] + ([groups.setdefault(row[group], empty())] if group else [])
        for target in targets:
            target["total"] += 1
            target["bands"][band_of(row["days_with_holder"], bands)] += 1
            target["oldest_days"] = max(target["oldest_days"], row["days_with_holder"])
    return {"summary": total, "groups": [{"key": key, **value} for key, value in sorted(groups.items())]}


def today(now: datetime) -> date:
    return now.astimezone(IST).date()
