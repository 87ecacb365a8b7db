"""CA empanelment use cases: a firm applies for a cycle, HQ scrutinises (shortfall, provisional,
empanel, reject, debar), the cycle expires. The moves are data (panel.MOVES); every move keeps a
chained history entry and tells the firm by SMS in the same transaction."""

from __future__ import annotations

from chalicelib.audits import domain, panel, service, steps, store
from chalicelib.core import clock, documents, history, notify
from chalicelib.core.auth import Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, NotFound, invalid_field

SERVICE = "audits"
SWEEP_ACTOR = "system:expiry"


def _status_sms(firm: store.FirmItem, item: store.EmpanelmentItem) -> list:
    return [notify.compose("CA_EMPANELMENT_STATUS", firm.mobile, "hi", frn=item.frn, year=item.year,
                           status=item.status)]


# --- the firm's documents (core.documents; records in our table, objects under audits/) ------

def declare_document(who: Principal, data: dict) -> dict:
    frn = service.frn_of(who)
    service.load_firm(frn)
    return documents.declare(SERVICE, owner=store.firm_pk(frn), uploader=who.subject, name=data["name"],
                             content_type=data["content_type"], size=data["size"], sha256=data["sha256"])


def confirm_document(who: Principal, document_id: str) -> dict:
    return documents.confirm(SERVICE, document_id, uploader=who.subject)


def document_link(who: Principal, document_id: str) -> dict:
    """The firm its own documents; HQ (and the admin) any firm's."""
    doc = documents.require(SERVICE, document_id)
    frn = doc["owner"].removeprefix("FIRM#")
    if who.role == Role.CA_FIRM:
        if service.frn_of(who) != frn:
            raise Forbidden("DOCUMENT_NOT_YOURS")
    elif who.role != Role.ADMIN:
        panel.authorize_scrutiny(who)
    return documents.read_url(SERVICE, document_id, reader=who.subject, reader_role=who.role.value,
                              log_owner=doc["owner"])


def _check_documents(frn: str, ids: list[str], ref: str) -> dict[str, int]:
    """The firm's confirmed documents not filed elsewhere (id -> version read), or a 422 naming one."""
    found = documents.many(SERVICE, ids)
    for index, document_id in enumerate(ids):
        field = f"document_ids.{index}"
        doc = found.get(document_id)
        if doc is None or doc["owner"] != store.firm_pk(frn):
            raise invalid_field(field, "no such document uploaded by this firm", "DOCUMENT_NOT_FOUND",
                                document_id=document_id)
        if doc["status"] != documents.CONFIRMED:
            raise invalid_field(field, "upload and confirm it first", "DOCUMENT_NOT_READY",
                                document_id=document_id, status=doc["status"])
        if doc["attached_to"] not in (None, ref):
            raise invalid_field(field, "already attached to another application", "DOCUMENT_CHANGED")
    return {document_id: found[document_id]["version"] for document_id in ids}


def _attacher(frn: str, ref: str, versions: dict[str, int]):
    def join(tx: object) -> None:
        for document_id, version in versions.items():
            documents.attach_in(tx, SERVICE, document_id, ref=ref, owner=store.firm_pk(frn), version=version)
    return join


def _documents_view(ids: list[str], found: dict[str, dict] | None = None) -> list[dict]:
    if found is None:
        found = documents.many(SERVICE, ids) if ids else {}
    return [{k: found[i][k] for k in ("document_id", "name", "content_type", "size")} for i in ids if i in found]


def _load(year: str, frn: str) -> store.EmpanelmentItem:
    domain.check_year(year)
    item = store.get_empanelment(year, frn)
    if item is None:
        raise NotFound("EMPANELMENT_NOT_FOUND", frn=frn, year=year)
    return item


def view(item: store.EmpanelmentItem, with_history: bool = False, docs: dict[str, dict] | None = None) -> dict:
    out = {"frn": item.frn, "year": item.year, "status": item.status, "firm_name": item.firm_name,
           "district": item.district, "partners": item.partners, "experience_years":
           int(item.experience_years) if item.experience_years is not None else None,
           "documents": _documents_view(list(item.documents or []), docs), "shortfall": item.shortfall,
           "decision_note": item.decision_note,
           "created_at": item.created_at, "updated_at": item.updated_at, "version": int(item.version)}
    if with_history:
        entries = store.history(item.pk)
        out["history"] = {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
        out["steps"] = steps.execution_steps(item.execution_arn) if item.execution_arn else []
    return out


def apply(who: Principal, year: str, data: dict) -> dict:
    """A signed-in firm applies for a cycle (once a cycle)."""
    domain.check_year(year)
    frn = service.frn_of(who)
    firm = service.load_firm(frn)
    if not firm.active:
        raise Forbidden("AUDITOR_INACTIVE", auditor=frn)
    moment = clock.iso(clock.now())
    ids = list(dict.fromkeys(data.get("document_ids") or []))
    versions = _check_documents(frn, ids, store.empanelment_pk(year, frn))
    item = store.EmpanelmentItem(pk=store.empanelment_pk(year, frn), frn=frn, year=year, status=panel.APPLIED,
                                 firm_name=firm.name, district=firm.district, partners=data["partners"],
                                 experience_years=data["experience_years"], documents=ids,
                                 created_at=moment, updated_at=moment, updated_by=who.subject,
                                 list_key=f"EMP#{year}#{panel.APPLIED}", sort_key=frn,
                                 execution_arn=steps.execution_arn(year, frn))
    entry = history.next_entry(0, None, at=moment, actor=who.subject, action="applied", to_state=panel.APPLIED,
                               note="application for empanelment",
                               data={"partners": len(data["partners"]), "experience_years": data["experience_years"]})
    messages = _status_sms(firm, item)
    store.save_record(item, entry, create=True, messages=messages, conflict="EMPANELMENT_EXISTS",
                      join=_attacher(frn, item.pk, versions), frn=frn, year=year)
    steps.start(year, frn)
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
    ids = [d for i in items for d in (i.documents or [])]
    docs = documents.many(SERVICE, ids) if ids else {}     # one read for the page's documents
    return {"items": [view(i, docs=docs) for i in items], "next": encode_cursor(last, scope)}


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
    panel.check_move(action, item.status, by, note)
    if int(item.version) != version:
        raise Conflict()
    changes = changes or {}
    added = [d for d in dict.fromkeys(changes.get("document_ids") or []) if d not in (item.documents or [])]
    versions = _check_documents(frn, added, item.pk) if action == "resubmit" else {}
    return view(_answered_move(item, action, who.subject, note, changes, versions))


def _answered_move(item: store.EmpanelmentItem, action: str, actor: str, note: str | None, changes: dict,
                   versions: dict[str, int]) -> store.EmpanelmentItem:
    """The machine first (a token is accepted once: of two racing actions one wins), then the record."""
    stage = item.status
    token = steps.answer(item, action, actor) if item.execution_arn else None
    moved = _move(item, action, actor, note, changes, versions)
    if token:
        store.drop_task(item.year, item.frn, stage, token)
    return moved


def _move(item: store.EmpanelmentItem, action: str, actor: str, note: str | None, changes: dict,
          versions: dict[str, int]) -> store.EmpanelmentItem:
    """Record a move already allowed and checked: the record, its history, documents added (their
    versions read), the firm's SMS."""
    move = panel.MOVES[action]
    firm = service.load_firm(item.frn)
    before = item.status
    moment = clock.iso(clock.now())
    if action == "resubmit":
        for name in ("partners", "experience_years"):
            if changes.get(name) is not None:
                setattr(item, name, changes[name])
        item.documents = [*(item.documents or []), *versions]
    if action == "raise_shortfall":
        item.shortfall = note
    elif note:
        item.decision_note = note
    item.status, item.updated_at, item.updated_by = move.target, moment, actor
    item.list_key = f"EMP#{item.year}#{move.target}"
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=actor,
                               action=action, from_state=before, to_state=move.target, note=note or "")
    messages = _status_sms(firm, item)
    store.save_record(item, entry, create=False, messages=messages, join=_attacher(item.frn, item.pk, versions))
    notify.deliver(messages)
    return item


def expire_ended_cycles(limit: int = 500) -> dict:
    """The scheduled sweep: empanelments whose cycle's validity (master data) has ended expire.
    Reads only the EMPANELLED lists of the few cycles that may have ended."""
    months = service.settings().empanelment_valid_months
    today = clock.now().astimezone(clock.IST).date()
    expired = 0
    for year in panel.ended_cycles(today, months):
        for item in store.all_empanelled(year, panel.EMPANELLED)[:limit]:
            try:
                _answered_move(item, "expire", SWEEP_ACTOR, f"cycle {year} ended on {panel.valid_until(year, months)}",
                               {}, {})
                expired += 1
            except Conflict:
                continue   # moved meanwhile by HQ: its own action stands
    return {"expired": expired}
