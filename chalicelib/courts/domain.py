"""Court rules: pure Python, no AWS.

Case lifecycle (DOMAIN.md §7): FILED -> REGISTERED (case number) -> LISTED (hearing date fixed)
<-> LISTED (adjourned at the hearing, or moved before it) -> RESERVED -> DECIDED (order published).
The court reader acts only in their own court: role `court`, jurisdiction exactly the court's node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role, require_role
from chalicelib.core.clock import IST
from chalicelib.core.errors import Conflict, Forbidden, invalid_field

LEVELS = ("AR", "DR", "JR", "TRIBUNAL")
FILED, REGISTERED, LISTED, RESERVED, DECIDED = "FILED", "REGISTERED", "LISTED", "RESERVED", "DECIDED"
STATUSES = (FILED, REGISTERED, LISTED, RESERVED, DECIDED)
KINDS = ("dispute", "appeal", "revision", "execution", "other")
PARTY_ROLES = ("petitioner", "respondent")
RESULTS = ("allowed", "partly_allowed", "dismissed", "withdrawn", "settled")
# action -> (states it may start from, state it leaves)
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "register": ((FILED,), REGISTERED),
    "list": ((REGISTERED,), LISTED),
    "adjourn": ((LISTED,), LISTED),
    "reschedule": ((LISTED,), LISTED),
    "reserve": ((LISTED,), RESERVED),
    "decide": ((LISTED, RESERVED), DECIDED),
}
ACTIONS = tuple(STEPS)
CASE_NO = re.compile(r"^[A-Z][A-Z0-9-]{1,39}/\d{4}/\d{4,6}$")


@dataclass(frozen=True)
class Court:
    code: str
    level: str
    name_hi: str
    name_en: str
    district: str | None
    division: str | None
    presiding_officer: str | None

    @property
    def jurisdiction(self) -> Jurisdiction:
        if self.level in ("AR", "DR"):
            return Jurisdiction(Level.DISTRICT, self.district)
        if self.level == "JR":
            return Jurisdiction(Level.DIVISION, self.division)
        return Jurisdiction(Level.STATE, None)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_hi


def may_run(who: Principal | None, court: Court) -> Principal:
    """Only the court's own reader: role `court` bound to exactly this court's node of the tree."""
    who = require_role(who, Role.COURT)
    if who.jurisdiction != court.jurisdiction:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    return who


def ist_today(moment: datetime) -> date:
    return moment.astimezone(IST).date()


def case_no(court: str, year: int, seq: int) -> str:
    return f"{court}/{year}/{seq:04d}"


def check_case_no(text: str) -> str:
    if not CASE_NO.match(text or ""):
        raise invalid_field("case_no", "like DR-BHOPAL/2026/0012", "CASE_NO_INVALID")
    return text


def title(parties: list[dict]) -> str:
    """'A, B v. C' as a cause list shows it."""
    def names(role: str) -> str:
        return ", ".join(p["name"] for p in parties if p["role"] == role) or "-"

    return f"{names('petitioner')} v. {names('respondent')}"


def advocates(parties: list[dict]) -> str | None:
    found = [p["advocate"] for p in parties if p.get("advocate")]
    return "; ".join(dict.fromkeys(found)) or None


@dataclass(frozen=True)
class Step:
    action: str
    to_state: str
    hearing_date: date | None = None     # the date fixed by list / adjourn / reschedule


def step(action: str, status: str, pending_hearing: str | None, today: date, hearing_date: date | None,
         max_days: int) -> Step:
    """Check an action against the case's state and dates; say where it leads."""
    starts, leaves = STEPS[action]
    if status not in starts:
        raise Conflict("CASE_ACTION_NOT_IN_STATE", action=action, status=status)
    needs_date = action in ("list", "adjourn", "reschedule")
    if needs_date:
        if hearing_date is None:
            raise invalid_field("hearing_date", "the date of the next hearing")
        if not today < hearing_date <= today + timedelta(days=max_days):
            raise invalid_field("hearing_date", f"after today and within {max_days} days", "HEARING_DATE_INVALID",
                                days=max_days)
    elif hearing_date is not None:
        raise invalid_field("hearing_date", f"not used with '{action}'")
    at_hearing = action in ("adjourn", "reserve") or (action == "decide" and status == LISTED)
    if at_hearing and pending_hearing and today < date.fromisoformat(pending_hearing):
        raise Conflict("HEARING_NOT_YET", date=show(pending_hearing))
    if action == "reschedule" and pending_hearing and today >= date.fromisoformat(pending_hearing):
        raise Conflict("HEARING_ALREADY_DUE", date=show(pending_hearing))
    return Step(action, leaves, hearing_date if needs_date else None)


# what becomes of the pending hearing: its status and outcome
HEARING_OUTCOME = {"adjourn": "ADJOURNED", "reschedule": "MOVED", "reserve": "HEARD", "decide": "DECIDED"}


def appeal_refusal(status: str, decided_on: str | None, appeal_court: Court, original_court: Court, today: date,
                   appeal_days: int) -> str | None:
    """Why a decided case cannot be appealed to this court (None when it can)."""
    if status != DECIDED or not decided_on:
        return "the case is not decided"
    if appeal_court.level != "JR" or original_court.level not in ("AR", "DR"):
        return "a JR court hears appeals against AR/DR decisions"
    if original_court.division != appeal_court.division:
        return "the case was decided outside this JR court's division"
    if (today - date.fromisoformat(decided_on)).days > appeal_days:
        return f"more than {appeal_days} days since the decision"
    return None


def show(iso_date: str) -> str:
    """DD-MM-YYYY, as a cause list and an SMS show a date."""
    day = date.fromisoformat(iso_date[:10])
    return day.strftime("%d-%m-%Y")
