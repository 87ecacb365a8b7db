"""filings use cases: societies file annual returns with checked documents, officers accept or
return them, citizens read what was filed (every read logged), defaulters are one query."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, documents, history, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, NotFound, invalid_field
from chalicelib.filings import domain, store
from chalicelib.societies import public as societies

SERVICE = store.SERVICE
SETTINGS_KEY = "SETTINGS#global"
TYPE_PREFIX = "RTYPE#"
OBLIGATION_RETRIES = 3
PAGE = 100                         # societies read per page by the obligations job


# --- master data ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def _settings_data() -> dict:
    item = store.master.one(SETTINGS_KEY)
    return item.data if item else defaults()["settings"]


def rules(data: dict | None = None) -> domain.Rules:
    return domain.Rules.from_data(data or _settings_data())


def policy(data: dict | None = None) -> documents.Policy:
    return documents.Policy.from_data((data or _settings_data())["documents"])


def return_types() -> dict[str, dict]:
    stored = store.master.listed(TYPE_PREFIX)
    if not stored:     # not seeded yet: the shipped defaults
        return {t["code"]: {k: v for k, v in t.items() if k != "code"} for t in defaults()["return_types"]}
    return {item.sk.removeprefix(TYPE_PREFIX): item.data for item in stored}


def return_type_list() -> list[dict]:
    return sorted(({"code": code, **data} for code, data in return_types().items()), key=lambda t: t["order"])


def _required(types: dict[str, dict]) -> set[str]:
    return {code for code, data in types.items() if data.get("required")}


def seed_master_data(actor: str = "seed") -> int:
    """Write the defaults that are missing (settings, return types); keeps admin edits."""
    data = defaults()
    pairs = [(SETTINGS_KEY, data["settings"])]
    pairs += [(TYPE_PREFIX + t["code"], {k: v for k, v in t.items() if k != "code"}) for t in data["return_types"]]
    return store.master.seed(pairs, actor)


def _versioned(item: Any) -> dict:
    return store.master.view(item, key=True)


def config_view() -> dict:
    settings = store.master.one(SETTINGS_KEY)
    return {"settings": _versioned(settings) if settings else None,
            "return_types": [_versioned(i) for i in store.master.listed(TYPE_PREFIX)]}


def put_config(actor: str, key: str, data: dict, version: int | None, note: str) -> dict:
    """Create (no version) or change (the version read) one master-data item, with its history."""
    return _versioned(store.master.put(actor, key, data, version, note))


def put_settings(actor: str, data: dict, version: int, note: str) -> dict:
    domain.fy_start(data["first_financial_year"], "data.first_financial_year")
    return put_config(actor, SETTINGS_KEY, data, version, note)


def put_return_type(actor: str, code: str, data: dict, version: int | None, note: str) -> dict:
    if not (2 <= len(code) <= 40 and code[0].isalpha() and all(c.islower() or c.isdigit() or c == "_" for c in code)):
        raise invalid_field("code", "lower-case letters, digits and _ (2-40)")
    return put_config(actor, TYPE_PREFIX + code, data, version, note)


# --- shared lookups ------------------------------------------------------------------------------

def _today() -> date:
    return clock.now().astimezone(clock.IST).date()


def _society(reg_no: str) -> dict:
    society = societies.get_society(reg_no) if len(reg_no) <= 40 else None
    if society is None:
        raise NotFound("SOCIETY_NOT_FOUND", reg_no=reg_no)
    return society


def _type(types: dict[str, dict], code: str, field: str = "return_type") -> dict:
    found = types.get(code)
    if found is None:
        raise invalid_field(field, f"unknown return type '{code}'", "RETURN_TYPE_UNKNOWN", return_type=code)
    return found


def _summary_doc(doc: dict) -> dict:
    return {k: doc[k] for k in ("document_id", "name", "content_type", "size", "sha256", "confirmed_at")}


def _summary(item: store.ReturnItem, types: dict[str, dict], docs: dict[str, dict]) -> dict:
    kind = types.get(item.return_type, {})
    return {"financial_year": item.financial_year, "return_type": item.return_type,
            "return_type_name_hi": kind.get("name_hi"), "return_type_name_en": kind.get("name_en"),
            "status": item.status, "filed_at": item.filed_at, "first_filed_at": item.first_filed_at,
            "late": bool(item.late), "decided_at": item.decided_at,
            "documents": [_summary_doc(docs[d]) for d in item.documents if d in docs]}


def _full(item: store.ReturnItem, types: dict[str, dict], docs: dict[str, dict] | None = None,
          with_history: bool = False) -> dict:
    docs = docs if docs is not None else documents.many(SERVICE, list(item.documents))
    view = {**_summary(item, types, docs), "reg_no": item.reg_no, "society_name_hi": item.society_name_hi,
            "society_name_en": item.society_name_en, "district": item.district, "note": item.note,
            "filed_by": item.filed_by, "decided_by": item.decided_by, "remarks": item.remarks,
            "version": int(item.version)}
    if with_history:
        entries = store.return_history(item.reg_no, item.financial_year, item.return_type)
        view["history"] = {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
    return view


def _new_obligation(society: dict, fy: str, required: set[str], moment: str) -> store.ObligationItem:
    return store.ObligationItem(pk=store.society_pk(society["reg_no"]), sk=store.obligation_sk(fy),
                                reg_no=society["reg_no"], society_name_hi=society.get("name_hi"),
                                society_name_en=society.get("name_en"), district=society["district"],
                                financial_year=fy, outstanding=set(required) or None, created_at=moment)


# --- documents -----------------------------------------------------------------------------------

def declare_upload(principal: Principal, reg_no: str, data: dict) -> dict:
    domain.authorize_filing(principal, reg_no)
    _society(reg_no)
    return documents.declare(SERVICE, owner=store.society_pk(reg_no), uploader=principal.subject,
                             name=data["name"], content_type=data["content_type"], size=data["size"],
                             sha256=data["sha256"], policy=policy())


def confirm_upload(principal: Principal, document_id: str) -> dict:
    return documents.confirm(SERVICE, document_id, uploader=principal.subject, policy=policy())


def document_link(principal: Principal, document_id: str) -> dict:
    doc = documents.require(SERVICE, document_id)
    reg_no = doc["owner"].removeprefix("SOC#")
    society = _society(reg_no)
    domain.authorize_document_read(principal, reg_no, society["district"], filed=doc["attached_to"] is not None)
    return documents.read_url(SERVICE, document_id, reader=principal.subject, reader_role=principal.role.value,
                              log_owner=doc["owner"], policy=policy())


def read_log(principal: Principal, reg_no: str, query: Any) -> dict:
    society = _society(reg_no)
    domain.authorize_record(principal, reg_no, society["district"])
    return documents.reads(SERVICE, store.society_pk(reg_no), query.limit, query.next, query.document_id)


# --- filing --------------------------------------------------------------------------------------

def _check_documents(reg_no: str, ids: list[str], ref: str) -> dict[str, int]:
    """The society's confirmed, unfiled documents (id -> version read), or a 422 naming the one at fault."""
    found = documents.many(SERVICE, ids)
    for index, document_id in enumerate(ids):
        field = f"document_ids.{index}"
        doc = found.get(document_id)
        if doc is None or doc["owner"] != store.society_pk(reg_no):
            raise invalid_field(field, "no such document uploaded by this society", "DOCUMENT_NOT_FOUND",
                                document_id=document_id)
        if doc["status"] != documents.CONFIRMED:
            raise invalid_field(field, "upload and confirm it first", "DOCUMENT_NOT_READY",
                                document_id=document_id, status=doc["status"])
        if doc["attached_to"] not in (None, ref):
            raise invalid_field(field, "already filed with another return", "DOCUMENT_ALREADY_FILED",
                                document_id=document_id)
    return {document_id: found[document_id]["version"] for document_id in ids}


def file_return(principal: Principal, reg_no: str, data: dict) -> dict:
    domain.authorize_filing(principal, reg_no)
    society = _society(reg_no)
    settings = _settings_data()
    r, today = rules(settings), _today()
    fy, code = data["financial_year"], data["return_type"]
    domain.check_year(r, fy, today)
    types = return_types()
    _type(types, code)
    ids = list(dict.fromkeys(data["document_ids"]))
    if len(ids) > r.max_documents:
        raise invalid_field("document_ids", f"at most {r.max_documents} documents")
    ref = store.history_pk(reg_no, fy, code)
    versions = _check_documents(reg_no, ids, ref)
    required = _required(types)
    for _ in range(OBLIGATION_RETRIES):
        moment = clock.iso(clock.now())
        current = store.get_return(reg_no, fy, code)
        domain.may_file_again(current.status if current else None)
        obligation = store.get_obligation(reg_no, fy)
        create_obligation = obligation is None
        was_complete = not create_obligation and not obligation.outstanding
        if create_obligation:
            obligation = _new_obligation(society, fy, required, moment)
        obligation.outstanding = (set(obligation.outstanding or ()) - {code}) or None
        item = current or store.ReturnItem(pk=store.society_pk(reg_no), sk=store.return_sk(fy, code), reg_no=reg_no,
                                           district=society["district"], financial_year=fy, return_type=code,
                                           first_filed_at=moment)
        item.society_name_hi, item.society_name_en = society.get("name_hi"), society.get("name_en")
        before = item.status if current else None
        item.status, item.documents, item.note = domain.FILED, ids, data.get("note")
        item.filed_by, item.filed_at, item.late = principal.subject, moment, today > domain.due_on(r, fy)
        item.decided_by = item.decided_at = item.remarks = None
        entry = history.next_entry(int(item.history_seq or 0) if current else 0, item.history_hash if current else None,
                                   at=moment, actor=principal.subject, action="filed" if current is None else "refiled",
                                   from_state=before, to_state=domain.FILED, note=data.get("note") or "",
                                   data={"documents": ids, "late": item.late})
        counters = store.merge(store.obligation_counters(obligation, create_obligation, was_complete),
                               {store.filed_counter(today.isoformat(), item.district): {"filed": 1}})
        try:
            store.save_return(item, entry, obligation, create_obligation, versions, create=current is None,
                              messages=[], counters=counters)
        except store.Rejected as refused:
            if 0 in refused.indexes:
                raise Conflict("RETURN_ALREADY_FILED", status="FILED") from refused
            if any(i >= 3 for i in refused.indexes):
                raise Conflict("DOCUMENT_CHANGED") from refused
            continue       # only the obligation moved (another return of the same year): read again
        return _full(item, types)
    raise Conflict()


def get_return(principal: Principal, reg_no: str, fy: str, code: str) -> dict:
    item = _load_return(reg_no, fy, code)
    domain.authorize_record(principal, reg_no, item.district)
    return _full(item, return_types(), with_history=True)


def _load_return(reg_no: str, fy: str, code: str) -> store.ReturnItem:
    domain.fy_start(fy)
    if len(code) > 40:
        raise invalid_field("return_type", "unknown return type", "RETURN_TYPE_UNKNOWN", return_type=code[:40])
    item = store.get_return(reg_no, fy, code) if len(reg_no) <= 40 else None
    if item is None:
        raise NotFound("RETURN_NOT_FOUND", reg_no=reg_no[:40], financial_year=fy, return_type=code)
    return item


def decide(principal: Principal, reg_no: str, fy: str, code: str, data: dict) -> dict:
    """An officer of the society's district accepts the return or returns it with remarks; the
    society is told by SMS; a returned required return is outstanding again."""
    item = _load_return(reg_no, fy, code)
    domain.authorize_officer(principal, item.district)
    if int(item.version) != data["version"]:
        raise Conflict()
    to = domain.decide(item.status, data["action"])
    types = return_types()
    moment = clock.iso(clock.now())
    obligation = store.get_obligation(reg_no, fy)
    create_obligation = False
    counters: store.Counters = {}
    if to == domain.RETURNED and code in _required(types):
        was_complete = obligation is not None and not obligation.outstanding
        if obligation is None:
            obligation = _new_obligation(_society(reg_no), fy, set(), moment)
            create_obligation = True
        obligation.outstanding = set(obligation.outstanding or ()) | {code}
        counters = store.obligation_counters(obligation, create_obligation, was_complete)
    else:
        obligation = None
    before = item.status
    item.status, item.decided_by, item.decided_at, item.remarks = to, principal.subject, moment, data["remarks"]
    entry = history.next_entry(int(item.history_seq or 0), item.history_hash, at=moment, actor=principal.subject,
                               action=data["action"], from_state=before, to_state=to, note=data["remarks"])
    messages = _decision_sms(item, types, to)
    try:
        store.save_return(item, entry, obligation, create_obligation, {}, create=False, messages=messages,
                          counters=counters)
    except store.Rejected as refused:
        raise Conflict() from refused
    notify.deliver(messages)
    return _full(item, types, with_history=True)


def _decision_sms(item: store.ReturnItem, types: dict[str, dict], to: str) -> list[notify.Sms]:
    mobile = societies.contact_mobile(item.reg_no)
    if not mobile:
        return []
    kind = types.get(item.return_type, {})
    template = "FILING_ACCEPTED" if to == domain.ACCEPTED else "FILING_RETURNED"
    return [notify.compose(template, mobile, "hi", reg_no=item.reg_no, financial_year=item.financial_year,
                           return_type=kind.get("name_hi", item.return_type))]


# --- public page, inbox, defaulters --------------------------------------------------------------

def _outstanding(r: domain.Rules, types: dict[str, dict], fy: str, codes: set[str], today: date) -> list[dict]:
    due = domain.due_on(r, fy).isoformat()
    status = domain.outstanding_status(r, fy, today)
    return [{"financial_year": fy, "return_type": code, "return_type_name_hi": types.get(code, {}).get("name_hi"),
             "return_type_name_en": types.get(code, {}).get("name_en"), "status": status, "due_on": due}
            for code in sorted(codes, key=lambda c: types.get(c, {}).get("order", 99))]


def public_page(reg_no: str, fy: str | None) -> dict:
    """What a society filed and when, and what it still owes: from its obligations, and for the
    last closed year (or the year asked) from the return types when no obligation exists yet."""
    society = _society(reg_no)
    if fy:
        domain.fy_start(fy)
    r, today, types = rules(), _today(), return_types()
    returns, obligations = store.society_items(reg_no, fy)
    docs = documents.many(SERVICE, [d for item in returns for d in item.documents])
    owed = {o.financial_year: set(o.outstanding or ()) for o in obligations}
    year = fy or domain.last_closed_year(r, today)
    if year not in owed and today > domain.year_closes(r, year):
        done = {i.return_type for i in returns if i.financial_year == year and i.status != domain.RETURNED}
        owed[year] = _required(types) - done
    outstanding = [row for y in sorted(owed, reverse=True) for row in _outstanding(r, types, y, owed[y], today)]
    return {"reg_no": society["reg_no"], "name_hi": society["name_hi"], "name_en": society["name_en"],
            "district": society["district"],
            "returns": [_summary(i, types, docs) for i in sorted(returns, key=lambda i: i.sk, reverse=True)],
            "outstanding": outstanding}


def inbox(principal: Principal, query: Any) -> dict:
    district = domain.officer_district(principal, query.district)
    scope = f"inbox:{district}"
    items, last = store.inbox(district, query.limit, decode_cursor(query.next, scope))
    types = return_types()
    docs = documents.many(SERVICE, [d for item in items for d in item.documents])
    return {"items": [_full(i, types, docs) for i in items], "next": encode_cursor(last, scope)}


def defaulters(principal: Principal, query: Any) -> dict:
    """Societies of a district with a required return not filed for the year: one Query on the
    sparse defaulter index."""
    district = domain.officer_district(principal, query.district)
    r, fy = rules(), query.financial_year
    domain.check_year(r, fy, _today())
    scope = f"defaulters:{district}:{fy}"
    items, last = store.defaulters(district, fy, query.limit, decode_cursor(query.next, scope))
    return {"district": district, "financial_year": fy, "due_on": domain.due_on(r, fy).isoformat(),
            "status": domain.outstanding_status(r, fy, _today()),
            "items": [{"reg_no": i.reg_no, "name_hi": i.society_name_hi, "name_en": i.society_name_en,
                       "outstanding": sorted(i.outstanding or ())} for i in items],
            "next": encode_cursor(last, scope)}


# --- obligations ---------------------------------------------------------------------------------

def create_obligations(fy: str, district: str) -> dict:
    """Every society of the district owes the year's required returns: create what is missing,
    reading the district's societies page by page (off the request path of users)."""
    domain.check_year(rules(), fy, _today())
    required = _required(return_types())
    moment = clock.iso(clock.now())
    seen = created = 0
    start = None
    while True:
        rows, start = societies.district_page(district, PAGE, start)
        seen += len(rows)
        created += store.put_obligations([_new_obligation(row, fy, required, moment) for row in rows])
        if not start:
            break
    return {"financial_year": fy, "district": district, "societies": seen, "created": created}


def yearly_obligations(budget_seconds: float | None = None) -> dict:
    """The scheduled job: obligations of the last closed year in every district, resumable within a
    time budget (filings.obligations_job); "societies" and "created" are this run's."""
    from chalicelib.filings import obligations_job

    def prepare() -> tuple[str, set[str]]:
        return domain.last_closed_year(rules(), _today()), _required(return_types())

    def create_page(rows: list[dict], year: str, needed: set[str], moment: str) -> int:
        return store.put_obligations([_new_obligation(row, year, needed, moment) for row in rows])

    budget = obligations_job.BUDGET_SECONDS if budget_seconds is None else budget_seconds
    return obligations_job.run(prepare, PAGE, budget, create_page)


def authorize_admin_district(principal: Principal, district: str) -> None:
    if not principal.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=principal.jurisdiction.label())


def settings_history() -> dict:
    entries = store.master.history_of(SETTINGS_KEY)
    return {"items": [e.as_dict() for e in entries], "chain_valid": history.verify(entries)}
