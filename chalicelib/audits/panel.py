"""CA empanelment as data (DOMAIN.md §5): the states of a firm's application for a cycle, the
actions that move it, and who may take each. Pure Python; the state machine
infra/statemachines/audits.empanelment.asl.json follows the same table (a unit test holds them
together).

APPLIED -> SHORTFALL <-> APPLIED -> PROVISIONALLY_EMPANELLED -> EMPANELLED -> EXPIRED;
REJECTED (from scrutiny, shortfall or provisional); DEBARRED (provisional or empanelled, misconduct).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib.audits import messages  # noqa: F401 - registers this service's error messages
from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, invalid_field

APPLIED = "APPLIED"
SHORTFALL = "SHORTFALL"
PROVISIONAL = "PROVISIONALLY_EMPANELLED"
EMPANELLED = "EMPANELLED"
EXPIRED = "EXPIRED"
REJECTED = "REJECTED"
DEBARRED = "DEBARRED"
STATES = (APPLIED, SHORTFALL, PROVISIONAL, EMPANELLED, EXPIRED, REJECTED, DEBARRED)
FINAL = (EXPIRED, REJECTED, DEBARRED)

OFFICER, FIRM, SYSTEM = "officer", "firm", "system"


@dataclass(frozen=True)
class Move:
    sources: tuple[str, ...]
    target: str
    by: str                 # officer (HQ scrutiny) | firm (the applicant) | system (the cycle's end)
    note_required: bool = False


MOVES: dict[str, Move] = {
    "raise_shortfall": Move((APPLIED,), SHORTFALL, OFFICER, note_required=True),
    "resubmit": Move((SHORTFALL,), APPLIED, FIRM),
    "provisionally_empanel": Move((APPLIED,), PROVISIONAL, OFFICER),
    "empanel": Move((PROVISIONAL,), EMPANELLED, OFFICER),
    "reject": Move((APPLIED, SHORTFALL, PROVISIONAL), REJECTED, OFFICER, note_required=True),
    "debar": Move((PROVISIONAL, EMPANELLED), DEBARRED, OFFICER, note_required=True),
    "expire": Move((EMPANELLED,), EXPIRED, SYSTEM),
}
ACTIONS = tuple(MOVES)

# The state machine's waiting Task for each live state (the stage its task message names).
TASK_STATES = {APPLIED: "Scrutiny", SHORTFALL: "Shortfall", PROVISIONAL: "Provisional", EMPANELLED: "Empanelled"}
# ... and the end state each final status is reached by.
END_STATES = {REJECTED: "Rejected", DEBARRED: "Debarred", EXPIRED: "Expired"}


def authorize_scrutiny(who: Principal) -> None:
    """Empanelment is decided at HQ: an officer at state level."""
    if who.role != Role.OFFICER:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if who.jurisdiction.level != Level.STATE:
        raise Forbidden("EMPANELMENT_HQ_ONLY")


def check_move(action: str, status: str, by: str, note: str | None) -> Move:
    """The move `action` makes from `status`, if `by` may make it; else the refusal."""
    move = MOVES[action]
    if move.by != by and not (by == OFFICER and move.by == SYSTEM):   # HQ may expire a cycle early
        raise Forbidden("EMPANELMENT_ACTION_NOT_YOURS", action=action)
    if status not in move.sources:
        raise Conflict("EMPANELMENT_NOT_IN_STATE", action=action, status=status)
    if move.note_required and not (note or "").strip():
        raise invalid_field("note", f"'{action}' needs a note giving the reason")
    return move


def valid_until(year: str, months: int) -> date:
    """The last day a cycle's empanelment holds: `months` after its financial year ends (31 March),
    the audits of that year's accounts being done in the year after."""
    end_year = int(year[:4]) + 1
    month_index = 3 + months                    # March, then `months` more
    y, m = end_year + (month_index - 1) // 12, (month_index - 1) % 12 + 1
    next_first = date(y + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(next_first.toordinal() - 1)


def ended_cycles(today: date, months: int, look_back: int = 5) -> list[str]:
    """Cycles of the last few years whose empanelment has ended by `today`."""
    current = today.year if today.month >= 4 else today.year - 1
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(current - look_back, current + 1)]
    return [y for y in years if valid_until(y, months) < today]
