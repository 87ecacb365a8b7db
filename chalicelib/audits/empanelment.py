"""CA empanelment use cases: a firm applies for a cycle, HQ scrutinises (shortfall, provisional,
empanel, reject, debar), the cycle expires. The moves are data (panel.MOVES); every move keeps a
chained history entry and tells the firm by SMS in the same transaction."""

from __future__ import annotations

from chalicelib.audits import domain, panel, service, store
from chalicelib.core import clock, history, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, NotFound


def _status_sms(firm: store.FirmItem, item: store.EmpanelmentItem) -> list:
    return [notify.compose("CA_EMPANELMENT_STATUS", firm.mobile, "hi", frn=item.frn, year=item.year,
                           status=item.status)]


def _load(year: str, frn: str) -> store.EmpanelmentItem:
    domain.check_year(year)
    item = store.get_empanelment(year, frn)
    if item is None:
        raise NotFound("EMPANELMENT_NOT_FOUND", frn=frn, year=year)
    return item


def view(item: store.EmpanelmentItem, with_history: bool = False) -> dict:
    out = {"frn": item.frn, "year": item.year, "status": item.status, "firm_name": item.firm_name,
           "district": item.district, "partners": item.partners, "experience_years":
           int(item.experience_years) if item.experience_years is not None else None,
           "documents": item.documents or [], "shortfall": item.shortfall, "decision_note": item.decision_note,
           "created_at": item.created_at, "updated_at": item.updated_at, "version": int(item.version)}
    if with_history:
        entries = store.history(item.pk)
        out["history"] = {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
    return out


def apply(who: Principal, year: str, data: dict) -> dict:
    """A signed-in firm applies for a cycle (once a cycle)."""
    domain.check_year(year)
    frn = service.frn_of(who)
    firm = service.load_firm(frn)
    if not firm.active:
        raise Forbidden("AUDITOR_INACTIVE", auditor=frn)
    moment = clock.iso(clock.now())
    item = store.EmpanelmentItem(pk=store.empanelment_pk(year, frn), frn=frn, year=year, status=panel.APPLIED,
                                 firm_name=firm.name, district=firm.district, partners=data["partners"],
                                 experience_years=data["experience_years"], documents=data.get("documents") or [],
                                 created_at=moment, updated_at=moment, updated_by=who.subject,
                                 list_key=f"EMP#{year}#{panel.APPLIED}", sort_key=frn)
    entry = history.next_entry(0, None, at=moment, actor=who.subject, action="applied", to_state=panel.APPLIED,
                               note="application for empanelment",
                               data={"partners": len(data["partners"]), "experience_years": data["experience_years"]})
    messages = _status_sms(firm, item)
    store.save_record(item, entry, create=True, messages=messages, conflict="EMPANELMENT_EXISTS", frn=frn, year=year)
    notify.deliver(messages)
    return view(item)


def _may_see(who: Principal, frn: str) -> None:
    if who.role == Role.CA_FIRM:
        if service.frn_of(who) != frn:
            raise Forbidden("EMPANELMENT_NOT_YOURS")
    elif who.role not in (Role.ADMIN, Role.OFFICER):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)


def get(who: Principal, year: str, frn: str) -> dict:
    _may_see(who, frn)
    return view(_load(year, frn), with_history=True)


def public_status(year: str, frn: str) -> dict:
    """Status checkable at every step, by anyone: no personal data."""
    item = _load(year, frn)
    return {"frn": item.frn, "year": item.year, "firm_name": item.firm_name, "status": item.status,
            "updated_at": item.updated_at}


def list_by_status(who: Principal, year: str, status: str, limit: int, cursor: str | None) -> dict:
    if who.role != Role.ADMIN:
        panel.authorize_scrutiny(who)
    domain.check_year(year)
    scope = f"emp:{year}:{status}"
    items, last = store.empanelments(year, status, limit, decode_cursor(cursor, scope))
    return {"items": [view(i) for i in items], "next": encode_cursor(last, scope)}


def act(who: Principal, year: str, frn: str, action: str, note: str | None, version: int,
        changes: dict | None = None) -> dict:
    """One move of the table: HQ's decisions, the firm's resubmission after a shortfall."""
    item = _load(year, frn)
    if who.role == Role.CA_FIRM:
        if service.frn_of(who) != frn:
            raise Forbidden("EMPANELMENT_NOT_YOURS")
        by = panel.FIRM
    else:
        panel.authorize_scrutiny(who)
        by = panel.OFFICER
    move = panel.check_move(action, item.status, by, note)
    if int(item.version) != version:
        raise Conflict()
    firm = service.load_firm(frn)
    before = item.status
    moment = clock.iso(clock.now())
    if action == "resubmit" and changes:
        for name in ("partners", "experience_years", "documents"):
            if changes.get(name) is not None:
                setattr(item, name, changes[name])
    if action == "raise_shortfall":
        item.shortfall = note
    elif move.target in panel.FINAL or move.target in (panel.PROVISIONAL, panel.EMPANELLED):
        item.decision_note = note or item.decision_note
    item.status, item.updated_at, item.updated_by = move.target, moment, who.subject
    item.list_key = f"EMP#{year}#{move.target}"
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action=action, from_state=before, to_state=move.target, note=note or "")
    messages = _status_sms(firm, item)
    store.save_record(item, entry, create=False, messages=messages)
    notify.deliver(messages)
    return view(item)
