"""servicebook use cases: load through the store, decide with the domain, save through the store.

Every change to a record (opening it, each service-book entry, each leave step, each credit)
appends one entry to the employee's hash-chained book and queues one SMS to the employee, in
the same transaction as the change.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, documents, history, ids, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, NotFound, invalid_field
from chalicelib.identity import public as identity
from chalicelib.servicebook import domain, store

SETTINGS_KEY = "SETTINGS#global"
CREDIT_ACTOR = "system:leave-credit"


# --- master data ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def rules() -> domain.Rules:
    item = store.config_one(SETTINGS_KEY)
    return domain.Rules.from_data(item.data if item else defaults()["settings"])


def _settings_view(item: store.ConfigItem) -> dict:
    return {"data": item.data, "version": int(item.version), "updated_at": item.updated_at,
            "updated_by": item.updated_by}


def seed_master_data(actor: str = "seed") -> int:
    """Write the default settings if missing (never over an admin's edit); the local stack calls this."""
    if store.config_one(SETTINGS_KEY) is not None:
        return 0
    moment = clock.iso(clock.now())
    item = store.ConfigItem(sk=SETTINGS_KEY, data=defaults()["settings"], updated_at=moment, updated_by=actor)
    entry = history.next_entry(0, None, at=moment, actor=actor, action="seeded", to_state="active",
                               note="default master data")
    return 1 if store.config_save(item, entry, create=True) else 0


def settings_view() -> dict:
    item = store.config_one(SETTINGS_KEY)
    if item is None:
        seed_master_data("system")
        item = store.config_one(SETTINGS_KEY)
    return _settings_view(item)


def put_settings(actor: str, data: dict, version: int, note: str) -> dict:
    current = store.config_one(SETTINGS_KEY)
    if current is None or int(current.version) != version:
        raise Conflict()
    for code, spec in data["leave_kinds"].items():
        if len(set(spec["credit_on"])) != len(spec["credit_on"]):
            raise invalid_field(f"leave_kinds.{code}.credit_on", "each day once")
    moment = clock.iso(clock.now())
    entry = history.next_entry(int(current.history_seq or 0), current.history_hash, at=moment, actor=actor,
                               action="updated", note=note, data={"before": current.data, "after": data})
    current.data, current.updated_at, current.updated_by = data, moment, actor
    store.config_save(current, entry, create=False)
    return _settings_view(current)


# --- the record as the rules see it, and as people see it ----------------------------------

def _today() -> date:
    return clock.now().astimezone(clock.IST).date()


def _map(value: Any) -> dict:
    if value is None:
        return {}
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


def _show(day: str) -> str:
    """dd-mm-yyyy, as dates are written in Indian offices and SMS."""
    return date.fromisoformat(day).strftime("%d-%m-%Y")


def _employee(item: store.EmployeeItem) -> domain.Employee:
    return domain.Employee(item.employee_id, item.username, domain.office_of(item.office_level, item.office_code),
                           item.controlling_officer)


def _office(item: store.EmployeeItem) -> dict:
    return {"level": item.office_level, "code": item.office_code}


def view(item: store.EmployeeItem, the_rules: domain.Rules) -> dict:
    balances = _map(item.balances)
    return {
        "employee_id": item.employee_id, "username": item.username, "name": item.name,
        "designation": item.designation, "cadre": item.cadre, "post": item.post, "office": _office(item),
        "date_of_birth": item.date_of_birth, "date_of_joining": item.date_of_joining,
        "superannuation_date": item.superannuation_date, "controlling_officer": item.controlling_officer,
        "mobile": notify.mask(item.mobile), "lang": item.lang, "pay_level": int(item.pay_level),
        "pay_cell": int(item.pay_cell), "next_credit_on": item.next_credit_on, "status": item.status,
        "created_at": item.created_at, "updated_at": item.updated_at, "version": int(item.version),
        "leave_balances": [{"kind": k, "days": int(balances.get(k, 0)),
                            "name_hi": the_rules.label("leave_kinds", k, "hi"),
                            "name_en": the_rules.label("leave_kinds", k, "en")} for k in the_rules.leave_kinds],
    }


def _summary(item: store.EmployeeItem) -> dict:
    return {"employee_id": item.employee_id, "name": item.name, "designation": item.designation,
            "office": _office(item), "mobile": notify.mask(item.mobile),
            "superannuation_date": item.superannuation_date}


def _load(employee_id: str, consistent: bool = False) -> store.EmployeeItem:
    item = store.get(employee_id, consistent) if len(employee_id) <= 12 else None
    if item is None:
        raise NotFound("EMPLOYEE_NOT_FOUND", employee_id=employee_id)
    return item


def _entry(item: store.EmployeeItem, actor: str, action: str, note: str, data: dict,
           from_state: str | None = None, to_state: str | None = None) -> history.Entry:
    return history.next_entry(int(item.history_seq or 0), item.history_hash, at=clock.iso(clock.now()),
                              actor=actor, action=action, from_state=from_state, to_state=to_state,
                              note=note, data=data)


def _check_controller(username: str, employee_username: str, field: str = "controlling_officer") -> None:
    if username == employee_username:
        raise invalid_field(field, "an employee cannot be their own controlling officer")
    account = identity.staff_account(username)
    if account is None or not account["active"]:
        raise invalid_field(field, f"no active staff account '{username}'", "CONTROLLING_OFFICER_UNKNOWN",
                            username=username)


def get_employee(who: Principal, employee_id: str) -> dict:
    item = _load(employee_id)
    domain.may_read(who, _employee(item))
    return view(item, rules())


def my_record(who: Principal) -> dict:
    return get_employee(who, who.subject.upper())


def get_book(who: Principal, employee_id: str) -> dict:
    item = _load(employee_id)
    domain.may_read(who, _employee(item))
    entries = store.book(employee_id)
    return {"employee_id": employee_id, "items": [e.as_dict() for e in entries],
            "chain_valid": history.verify(entries)}


def list_office(who: Principal, limit: int, cursor: str | None) -> dict:
    """The establishment section's own office, by name; mobiles masked."""
    key = store.office_key(who.jurisdiction.level.value, who.jurisdiction.code)
    scope = f"office:{key}"
    items, last = store.of_office(key, limit, decode_cursor(cursor, scope))
    return {"items": [_summary(i) for i in items], "next": encode_cursor(last, scope)}


# --- opening a service book ----------------------------------------------------------------

def create_employee(who: Principal, data: dict) -> dict:
    """The establishment section opens the book of an employee of its own office, with the
    employee's login (role employee) in the same transaction."""
    the_rules = rules()
    today = _today()
    dob, doj = data["date_of_birth"], data["date_of_joining"]
    retires = domain.check_dates(dob, doj, today, the_rules)
    username = data["employee_id"].lower()
    _check_controller(data["controlling_officer"], username)
    domain.check_pay(data["pay_level"], data["pay_cell"], the_rules)
    balances, credited = {}, {}
    opening = data.get("opening_balances") or {}
    for code in opening:
        if code not in the_rules.leave_kinds:
            raise invalid_field(f"opening_balances.{code}", f"unknown leave kind '{code}'", "UNKNOWN_LEAVE_KIND",
                                kind=code)
    for kind in the_rules.kinds():
        days = opening.get(kind.code, domain.opening_credit(kind, doj, today))
        if kind.max_balance is not None and days > kind.max_balance:
            raise invalid_field(f"opening_balances.{kind.code}", f"at most {kind.max_balance} days")
        balances[kind.code] = days
        credited[kind.code] = domain.period_start(today, kind).isoformat()
    office = who.jurisdiction
    moment = clock.iso(clock.now())
    item = store.new_employee(
        employee_id=data["employee_id"], username=username, name=data["name"], designation=data["designation"],
        cadre=data["cadre"], post=data.get("post"), office_level=office.level.value, office_code=office.code,
        date_of_birth=dob.isoformat(), date_of_joining=doj.isoformat(), superannuation_date=retires.isoformat(),
        controlling_officer=data["controlling_officer"], mobile=data["mobile"], lang=data["lang"],
        pay_level=data["pay_level"], pay_cell=data["pay_cell"], balances=balances, credited=credited,
        next_credit_on=domain.next_credit_on(credited, the_rules), status=domain.IN_SERVICE,
        created_at=moment, updated_at=moment)
    entry = _entry(item, who.subject, "appointment", data["note"], to_state=domain.IN_SERVICE, data={
        "effective_date": doj.isoformat(), "order_no": data.get("order_no"), "designation": data["designation"],
        "cadre": data["cadre"], "post": data.get("post"), "office": _office(item), "pay_level": data["pay_level"],
        "pay_cell": data["pay_cell"], "controlling_officer": data["controlling_officer"], "leave_balances": balances})
    messages = [notify.compose("SERVICEBOOK_OPENED", data["mobile"], data["lang"], employee_id=item.employee_id,
                               username=username)]
    login_sms: list = []

    def add_login(tx: Any) -> None:
        login_sms.extend(identity.add_employee_account(tx, who.subject, username, data["name"], data["mobile"],
                                                       office.level, office.code, f"login for employee {username}"))

    if not store.create(item, entry, messages, add_login):
        raise Conflict("EMPLOYEE_EXISTS", employee_id=item.employee_id)
    notify.deliver(messages + login_sms)
    return view(item, the_rules)


# --- service-book entries ------------------------------------------------------------------

def add_entry(who: Principal, employee_id: str, body: Any) -> dict:
    item = _load(employee_id, consistent=True)
    domain.may_edit(who, _employee(item))
    if int(item.version) != body.version:
        raise Conflict()
    the_rules = rules()
    data = body.model_dump(mode="json", exclude={"version", "note"})
    kind = data.pop("kind")
    if data["effective_date"] < item.date_of_joining:
        raise invalid_field("effective_date", "before the date of joining")
    if data["effective_date"] > item.superannuation_date:
        raise invalid_field("effective_date", "after the superannuation date")
    if data.get("controlling_officer"):
        _check_controller(data["controlling_officer"], item.username)
    if kind == "correction":
        target = next((e for e in store.book(employee_id) if e.seq == data["corrects"]), None)
        domain.check_correction(target.action if target else None, data["corrects"])
    current = {"office_level": item.office_level, "office_code": item.office_code,
               "pay_level": int(item.pay_level), "pay_cell": int(item.pay_cell)}
    changes = domain.entry_changes(kind, data, current, the_rules)
    before = {k: getattr(item, k) for k in changes}
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_at = clock.iso(clock.now())
    entry = _entry(item, who.subject, kind, body.note, data={**data, "before": before, "changes": changes})
    sms = notify.compose("SERVICEBOOK_ENTRY", item.mobile, item.lang, employee_id=item.employee_id,
                         kind=the_rules.label("entry_kinds", kind, item.lang), date=_show(data["effective_date"]))
    waiting = ([leave for leave in store.leaves(employee_id) if leave.status == domain.APPLIED]
               if "controlling_officer" in changes else [])
    store.save(item, entry, [sms], repoint=waiting)
    notify.deliver([sms])
    return {"employee": view(item, the_rules), "entry": entry.as_dict()}


# --- leave ---------------------------------------------------------------------------------

def _leave_view(leave: store.LeaveItem) -> dict:
    return {name: getattr(leave, name) for name in (
        "leave_id", "employee_id", "kind", "from_date", "to_date", "reason", "status", "applied_at",
        "decided_by", "decided_at", "decision_note")} | {"days": int(leave.days), "version": int(leave.version)}


def list_leave(who: Principal, employee_id: str) -> dict:
    item = _load(employee_id)
    domain.may_read(who, _employee(item))
    leaves = sorted(store.leaves(employee_id), key=lambda leave: (leave.from_date, leave.leave_id), reverse=True)
    return {"items": [_leave_view(leave) for leave in leaves]}


def pending_leave(who: Principal, limit: int, cursor: str | None) -> dict:
    """What waits for this controlling officer, oldest application first."""
    scope = f"pending:{who.subject}"
    items, last = store.pending_for(who.subject, limit, decode_cursor(cursor, scope))
    return {"items": [_leave_view(leave) for leave in items], "next": encode_cursor(last, scope)}


def apply_leave(who: Principal, employee_id: str, data: dict) -> dict:
    """The employee applies: the kind is master data, the days must be in the balance and must
    not touch another live application."""
    item = _load(employee_id, consistent=True)
    domain.may_apply(who, _employee(item))
    the_rules = rules()
    kind = the_rules.kind(data["kind"])
    start, end = data["from_date"], data["to_date"]
    days = domain.check_leave(start, end, date.fromisoformat(item.date_of_joining),
                              date.fromisoformat(item.superannuation_date))
    domain.check_balance(kind.code, days, int(_map(item.balances).get(kind.code, 0)))
    others = [domain.Leave(x.leave_id, x.kind, x.from_date, x.to_date, x.status) for x in store.leaves(employee_id)]
    clash = domain.overlapping(start, end, others)
    if clash is not None:
        raise Conflict("LEAVE_OVERLAPS", leave_id=clash.leave_id, from_date=_show(clash.from_date),
                       to_date=_show(clash.to_date))
    moment = clock.iso(clock.now())
    leave = store.new_leave(leave_id=ids.new_id(), employee_id=employee_id, kind=kind.code,
                            from_date=start.isoformat(), to_date=end.isoformat(), days=days, reason=data["reason"],
                            status=domain.APPLIED, applied_at=moment)
    item.updated_at = moment
    entry = _entry(item, who.subject, "leave_applied", data["reason"], to_state=domain.APPLIED, data={
        "leave_id": leave.leave_id, "kind": kind.code, "from_date": leave.from_date, "to_date": leave.to_date,
        "days": days})
    sms = notify.compose("LEAVE_APPLIED", item.mobile, item.lang, kind=the_rules.label("leave_kinds", kind.code,
                                                                                       item.lang),
                         from_date=_show(leave.from_date), to_date=_show(leave.to_date), days=days)
    store.save(item, entry, [sms], leave, new_leave=True)
    notify.deliver([sms])
    return _leave_view(leave)


def decide_leave(who: Principal, employee_id: str, leave_id: str, data: dict) -> dict:
    """The controlling officer sanctions (the balance is debited in the same transaction, and only
    if it still covers the days) or refuses, with a note."""
    item = _load(employee_id, consistent=True)
    leave = store.get_leave(employee_id, leave_id, consistent=True) if len(leave_id) <= 40 else None
    if leave is None:
        raise NotFound("LEAVE_NOT_FOUND", leave_id=leave_id)
    domain.may_decide(who, _employee(item))
    if int(leave.version) != data["version"]:
        raise Conflict()
    domain.check_decidable(leave.status)
    the_rules = rules()
    status = domain.DECISIONS[data["decision"]]
    balances = _map(item.balances)
    debit = None
    if status == domain.SANCTIONED:
        domain.check_balance(leave.kind, int(leave.days), int(balances.get(leave.kind, 0)), "days")
        balances[leave.kind] = int(balances[leave.kind]) - int(leave.days)
        item.balances = balances
        debit = (leave.kind, int(leave.days))
    moment = clock.iso(clock.now())
    leave.status, leave.decided_by, leave.decided_at, leave.decision_note = status, who.subject, moment, data["note"]
    item.updated_at = moment
    entry = _entry(item, who.subject, f"leave_{status.lower()}", data["note"], from_state=domain.APPLIED,
                   to_state=status, data={"leave_id": leave_id, "kind": leave.kind, "from_date": leave.from_date,
                                          "to_date": leave.to_date, "days": int(leave.days),
                                          "balance_after": int(balances.get(leave.kind, 0))})
    label = the_rules.label("leave_kinds", leave.kind, item.lang)
    if status == domain.SANCTIONED:
        sms = notify.compose("LEAVE_SANCTIONED", item.mobile, item.lang, kind=label, from_date=_show(leave.from_date),
                             to_date=_show(leave.to_date), days=int(leave.days), balance=balances[leave.kind])
    else:
        sms = notify.compose("LEAVE_REFUSED", item.mobile, item.lang, kind=label, from_date=_show(leave.from_date),
                             to_date=_show(leave.to_date))
    store.save(item, entry, [sms], leave, debit=debit)
    notify.deliver([sms])
    return _leave_view(leave)


# --- the leave-credit sweep ----------------------------------------------------------------

def credit_employee(employee_id: str, today: date, the_rules: domain.Rules) -> bool:
    """Apply every credit that has come due (1 January, 1 July…); one book entry and one SMS."""
    item = _load(employee_id, consistent=True)
    credited, balances = _map(item.credited), _map(item.balances)
    due = domain.credits_due(credited, today, the_rules)
    if item.status != domain.IN_SERVICE or today > date.fromisoformat(item.superannuation_date):
        item.next_credit_on, item.updated_at = None, clock.iso(clock.now())   # off the sweep's index
        store.save(item, _entry(item, CREDIT_ACTOR, "leave_credit_stopped", "no leave credit after "
                                "superannuation", data={}), [])
        return False
    lines = []
    for code, day in due:
        kind = the_rules.kind(code)
        balances[code] = domain.after_credit(int(balances.get(code, 0)), kind)
        credited[code] = day.isoformat()
        lines.append({"kind": code, "on": day.isoformat(), "days": kind.credit_days, "balance": balances[code]})
    if not lines:
        return False
    item.balances, item.credited = balances, credited
    item.next_credit_on = domain.next_credit_on(credited, the_rules)
    item.updated_at = clock.iso(clock.now())
    entry = _entry(item, CREDIT_ACTOR, "leave_credited", "half-yearly / yearly leave credit", data={"credits": lines})
    details = ", ".join(f"{the_rules.label('leave_kinds', line['kind'], item.lang)} +{line['days']} "
                        f"= {line['balance']}" for line in lines)
    sms = notify.compose("LEAVE_CREDITED", item.mobile, item.lang, details=details)
    store.save(item, entry, [sms])
    notify.deliver([sms])
    return True


def credit_due(limit: int = 500) -> dict[str, int]:
    """The daily sweep: reads only the employees whose credit day has come (sparse index)."""
    today, the_rules = _today(), rules()
    counts = {"credited": 0, "skipped": 0}
    for shard in range(store.SHARDS):
        for employee_id in store.credit_due(shard, today.isoformat(), limit):
            try:
                done = credit_employee(employee_id, today, the_rules)
            except Conflict:   # changed meanwhile: tomorrow's run picks it up
                done = False
            counts["credited" if done else "skipped"] += 1
    return counts


# --- e-Sankalan: the employee's document locker --------------------------------------------

_ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def _document_id(document_id: str) -> str:
    """Only well-formed ids reach the table (an oversized key would be a DynamoDB error, not a 404)."""
    if not _ULID.match(document_id):
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id[:40])
    return document_id


def _locker_owner(employee_id: str) -> str:
    return store.employee_pk(employee_id)


def _locker_view(doc: store.LockerItem, the_rules: domain.Rules) -> dict:
    return {"document_id": doc.document_id, "category": doc.category, "name": doc.name,
            "category_name_hi": the_rules.label("document_categories", doc.category, "hi"),
            "category_name_en": the_rules.label("document_categories", doc.category, "en"),
            "content_type": doc.content_type, "size": int(doc.size), "sha256": doc.sha256,
            "added_by": doc.added_by, "added_at": doc.added_at}


def _locker_employee(who: Principal, employee_id: str, consistent: bool = False) -> store.EmployeeItem:
    item = _load(employee_id, consistent)
    domain.may_use_locker(who, _employee(item))
    return item


def declare_document(who: Principal, employee_id: str, data: dict) -> dict:
    """The employee or their establishment section declares an upload: a presigned PUT (checked
    again on confirm: size, type by content, SHA-256)."""
    _locker_employee(who, employee_id)
    return documents.declare(store.SERVICE, owner=_locker_owner(employee_id), uploader=who.subject,
                             name=data["name"], content_type=data["content_type"], size=data["size"],
                             sha256=data["sha256"])


def confirm_document(who: Principal, employee_id: str, document_id: str, category: str) -> dict:
    """Check the uploaded object and put it in the locker: the book records it, the employee is told."""
    item = _locker_employee(who, employee_id, consistent=True)
    the_rules = rules()
    if category not in the_rules.document_categories:
        raise invalid_field("category", f"unknown document category '{category}'", "UNKNOWN_DOCUMENT_CATEGORY",
                            category=category)
    declared = documents.require(store.SERVICE, _document_id(document_id))
    if declared["owner"] != _locker_owner(employee_id):
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id)
    existing = store.locker_item(employee_id, document_id)
    if existing is not None:
        return _locker_view(existing, the_rules)          # a repeated confirm is answered, not redone
    doc = documents.confirm(store.SERVICE, document_id, uploader=who.subject)
    moment = clock.iso(clock.now())
    ref = store.new_locker_item(employee_id, document_id=document_id, category=category, name=doc["name"],
                                content_type=doc["content_type"], size=doc["size"], sha256=doc["sha256"],
                                added_by=who.subject, added_at=moment)
    item.updated_at = moment
    entry = _entry(item, who.subject, "document_added", f"e-Sankalan: {doc['name']}", data={
        "document_id": document_id, "category": category, "name": doc["name"], "sha256": doc["sha256"]})
    sms = notify.compose("ESANKALAN_DOCUMENT_ADDED", item.mobile, item.lang,
                         category=the_rules.label("document_categories", category, item.lang), name=doc["name"])

    def attach(tx: Any) -> None:
        documents.attach_in(tx, store.SERVICE, document_id, ref=item.pk, owner=_locker_owner(employee_id),
                            version=doc["version"])

    if not store.add_to_locker(item, entry, [sms], ref, attach):
        raise Conflict("DOCUMENT_CHANGED")
    notify.deliver([sms])
    return _locker_view(ref, the_rules)


def list_locker(who: Principal, employee_id: str) -> dict:
    _locker_employee(who, employee_id)
    the_rules = rules()
    items = sorted(store.locker(employee_id), key=lambda doc: doc.added_at, reverse=True)
    return {"items": [_locker_view(doc, the_rules) for doc in items]}


def document_link(who: Principal, employee_id: str, document_id: str) -> dict:
    """A short-lived download link; the read is logged before the link exists."""
    _locker_employee(who, employee_id)
    if store.locker_item(employee_id, _document_id(document_id)) is None:
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id)
    return documents.read_url(store.SERVICE, document_id, reader=who.subject, reader_role=who.role.value,
                              log_owner=_locker_owner(employee_id))


def document_reads(who: Principal, employee_id: str, limit: int, cursor: str | None) -> dict:
    """Who opened which of the employee's documents, and when (newest first)."""
    _locker_employee(who, employee_id)
    return documents.reads(store.SERVICE, _locker_owner(employee_id), limit, cursor)
