"""Calling the complainant back, with accountability.

The mobile stays masked in every view. The officer the grievance is with, or an officer whose
seat is above its current level in the same office's chain (and whose jurisdiction covers its
district), may reveal it for a call, giving a reason; each reveal is written to an append-only
log (who, role, when, why, at which level) before the number is returned, and the complainant and
staff who may see the grievance can read that log. The call's outcome is recorded as a history
entry on the grievance. Nobody else sees the number: not another district's officer, not the
housing cell, not the call centre, not an admin, not another citizen.
"""

from __future__ import annotations

from typing import Any

from chalicelib.core import clock, history, ids, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden
from chalicelib.grievances import desk_messages, desk_store, domain, service, store  # noqa: F401 - messages

REASONS = ("callback", "clarification", "verify_resolution", "feedback_followup")
OUTCOMES = ("reached", "no_answer", "switched_off", "wrong_number", "call_back_later")
REVEALABLE = domain.ACTIVE | domain.AWAITING_FEEDBACK


def may_reveal(who: Principal, case: domain.Case, chain_above: set[str]) -> None:
    """Pure rule: an officer, of the grievance's jurisdiction, who holds it or sits above it in its
    chain; not once it is closed for good."""
    if who.role != Role.OFFICER:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(case.district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    if who.subject != case.assignee and who.subject not in chain_above:
        raise Forbidden("REVEAL_NOT_ALLOWED")
    if case.status not in REVEALABLE:
        raise Conflict("REVEAL_CLOSED", status=case.status)


def chain_above(case: domain.Case) -> set[str]:
    """Usernames of the seats above the grievance's level for its office and district (one read)."""
    positions = [domain.Position(case.office, case.district, level) for level in domain.LEVELS if level > case.level]
    found = store.master.many([key for p in positions for key in service._seat_keys(p)])  # noqa: SLF001
    seats = (service._pick_seat(found, p) for p in positions)                            # noqa: SLF001
    return {seat.username for seat in seats if seat is not None}


def _checked(who: Principal, urn: str, consistent: bool = False) -> tuple[store.GrievanceItem, domain.Case]:
    item = service._load(urn, consistent)   # noqa: SLF001 - the service's own loader (404, URN check)
    case = service.case_of(item)
    if who.role == Role.OFFICER and who.jurisdiction.covers_district(case.district) and who.subject != case.assignee:
        may_reveal(who, case, chain_above(case))
    else:
        may_reveal(who, case, set())
    return item, case


def reveal(who: Principal, urn: str, reason: str) -> dict:
    """The complainant's mobile for a call; the reveal is logged first, so none goes unrecorded."""
    item, case = _checked(who, urn)
    at = clock.iso(clock.now())
    desk_store.log_reveal(urn, f"{at}#{ids.new_id()}", reader=who.subject, reader_role=who.role.value,
                          reason=reason, level=case.level, at=at)
    number = notify.e164(item.mobile)
    return {"urn": urn, "mobile": number, "tel": f"tel:{number}", "reason": reason, "revealed_at": at,
            "revealed_by": who.subject}


def reveals(who: Principal, urn: str, limit: int, cursor: str | None) -> dict:
    """Who saw the mobile, when and why: the complainant, and staff who may see the grievance."""
    item = service._load(urn)   # noqa: SLF001
    domain.may_view(who, service.case_of(item), service._is_owner(who, item))   # noqa: SLF001
    scope = f"reveals:{urn}"
    items, last = desk_store.reveals(urn, limit, decode_cursor(cursor, scope))
    return {"items": [{"reader": i.reader, "reader_role": i.reader_role, "reason": i.reason,
                       "level": int(i.level), "at": i.at} for i in items],
            "next": encode_cursor(last, scope)}


def record_call(who: Principal, urn: str, body: Any) -> dict:
    """The outcome of a call, as a history entry (conditional on the version read)."""
    item, case = _checked(who, urn, consistent=True)
    if body.version is not None and body.version != int(item.version):
        raise Conflict()
    moment = clock.iso(clock.now())
    item.updated_at = moment
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=who.subject,
                               action="call", from_state=case.status, to_state=case.status, note=body.note,
                               data={"outcome": body.outcome, "level": case.level})
    store.save(item, case.status in domain.ACTIVE, entry, [], {})
    return service.full_view(item)
