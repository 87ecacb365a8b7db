"""The Housing Monitoring Cell's instructions to district offices: issued by a cell (its division,
or HQ for all), answered with a compliance report by an officer of the district, closed by the
cell; overdue ones are listed first."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib.core import clock, geo, history, ids, notify
from chalicelib.core.auth import Level, Principal, require_district
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Forbidden, NotFound, invalid_field
from chalicelib.grievances import domain, service, store


def _view(item: store.InstructionItem, now: str, with_history: bool = False) -> dict:
    fields = ("id", "division", "district", "office", "subject", "text", "grievance_urn", "status", "issued_by",
              "issued_at", "due_at", "compliance_report", "complied_by", "complied_at", "closed_by", "closed_at",
              "close_note")
    view: dict[str, Any] = {name: getattr(item, name) for name in fields}
    view.update(version=int(item.version), overdue=item.status == domain.ISSUED and item.due_at < now)
    if with_history:
        entries = store.instruction_history(item.id)
        view["history"] = {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
    return view


def _load(instruction_id: str) -> store.InstructionItem:
    item = store.get_instruction(instruction_id) if len(instruction_id) <= 40 else None
    if item is None:
        raise NotFound("INSTRUCTION_NOT_FOUND", instruction_id=instruction_id)
    return item


def issue(who: Principal, data: dict) -> dict:
    domain.may_issue(who, data["district"])
    if store.master.one(f"OFFICE#{data['office']}") is None:
        raise invalid_field("office", f"unknown office '{data['office']}'", "UNKNOWN_OFFICE", office=data["office"])
    if data.get("grievance_urn"):
        urn = data["grievance_urn"]
        grievance = store.get(urn) if domain.is_urn(urn) else None
        if grievance is None or grievance.district != data["district"]:
            raise invalid_field("grievance_urn", "no such grievance in that district")
    now = clock.now()
    moment = clock.iso(now)
    days = data.get("due_days") or service.rules().instruction_days
    instruction_id = ids.new_id()
    item = store.InstructionItem(
        pk=store.instruction_pk(instruction_id), id=instruction_id, division=geo.division_of(data["district"]),
        district=data["district"], office=data["office"], subject=data["subject"], text=data["text"],
        grievance_urn=data.get("grievance_urn"), status=domain.ISSUED, issued_by=who.subject, issued_at=moment,
        due_at=clock.iso(now + timedelta(days=days)))
    entry = history.next_entry(0, None, at=moment, actor=who.subject, action="issued", to_state=domain.ISSUED,
                               note=data["subject"], data={"district": item.district, "office": item.office})
    seat = service.seat_for(domain.Position(item.office, item.district, 1))
    messages = []
    if seat and seat.mobile:
        messages.append(notify.compose("INSTRUCTION_ISSUED", seat.mobile, "hi", ref=instruction_id[-8:],
                                       date=domain.show_date(item.due_at)))
    store.save_instruction(item, entry, messages, create=True)
    notify.deliver(messages)
    return _view(item, moment, with_history=True)


def get(who: Principal, instruction_id: str) -> dict:
    item = _load(instruction_id)
    domain.may_see_instruction(who, item.district)
    return _view(item, clock.iso(clock.now()), with_history=True)


def step(who: Principal, instruction_id: str, action: str, text: str) -> dict:
    item = _load(instruction_id)
    to_state = domain.instruction_step(who, action, item.district, item.status)
    moment = clock.iso(clock.now())
    before = item.status
    item.status = to_state
    if action == "comply":
        item.compliance_report, item.complied_by, item.complied_at = text, who.subject, moment
    else:
        item.close_note, item.closed_by, item.closed_at = text, who.subject, moment
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=who.subject,
                               action=action, from_state=before, to_state=to_state, note=text)
    store.save_instruction(item, entry, [], create=False)
    return _view(item, moment, with_history=True)


def list_open(who: Principal, query: Any) -> dict:
    """Instructions not yet closed, soonest due (so overdue) first; overdue=true: only those.
    Read per division (one index partition), narrowed to a district when one is given or the
    caller is a district officer."""
    jurisdiction = who.jurisdiction
    district = query.district or (jurisdiction.code if jurisdiction.level == Level.DISTRICT else None)
    if district:
        require_district(who, district)
        division = geo.division_of(district)
        if query.division and query.division != division:
            raise invalid_field("division", f"district {district} is in division {division}")
    else:
        division = query.division or (jurisdiction.code if jurisdiction.level == Level.DIVISION else None)
        if not division:
            raise invalid_field("division", "HQ staff give the division or district to list")
        if jurisdiction.level == Level.DIVISION and division != jurisdiction.code:
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=jurisdiction.label())
    now = clock.iso(clock.now())
    scope = f"ins:{division}:{district or ''}:{query.overdue}"
    items, last = store.open_instructions(division, now if query.overdue else None, district, query.limit,
                                          decode_cursor(query.next, scope))
    return {"items": [_view(i, now) for i in items], "next": encode_cursor(last, scope)}
