"""servicebook use cases: master data, opening a book, reading it, service-book entries (leave is
in leave.py, the e-Sankalan locker in locker.py; they share the helpers here).

Every change to a record (opening it, each service-book entry, each leave step, each credit)
appends one entry to the employee's hash-chained book and queues one SMS to the employee, in
the same transaction as the change.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, history, notify
from chalicelib.core.auth import Principal
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, NotFound, invalid_field
from chalicelib.identity import public as identity
from chalicelib.servicebook import domain, store

SETTINGS_KEY = "SETTINGS#global"


# --- master data ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))


def rules() -> domain.Rules:
    item = store.master.one(SETTINGS_KEY)
    return domain.Rules.from_data(item.data if item else defaults()["settings"])


def _settings_view(item: Any) -> dict:
    return store.master.view(item)


def seed_master_data(actor: str = "seed") -> int:
    """Write the default settings if missing (never over an admin's edit); the local stack calls this."""
    if store.master.one(SETTINGS_KEY) is not None:
        return 0
    return 1 if store.master.seed_one(SETTINGS_KEY, defaults()["settings"], actor) else 0


def settings_view() -> dict:
    item = store.master.one(SETTINGS_KEY)
    if item is None:
        seed_master_data("system")
        item = store.master.one(SETTINGS_KEY)
    return _settings_view(item)


def put_settings(actor: str, data: dict, version: int, note: str) -> dict:
    current = store.master.checked(SETTINGS_KEY, version, missing=Conflict())
    for code, spec in data["leave_kinds"].items():
        if len(set(spec["credit_on"])) != len(spec["credit_on"]):
            raise invalid_field(f"leave_kinds.{code}.credit_on", "each day once")
    return _settings_view(store.master.write(actor, SETTINGS_KEY, current, data, note))


# --- the record as the rules see it, and as people see it ----------------------------------

def today_ist() -> date:
    return clock.now().astimezone(clock.IST).date()


def as_dict(value: Any) -> dict:
    if value is None:
        return {}
    return value.as_dict() if hasattr(value, "as_dict") else dict(value)


def show_date(day: str) -> str:
    """dd-mm-yyyy, as dates are written in Indian offices and SMS."""
    return date.fromisoformat(day).strftime("%d-%m-%Y")


def employee_of(item: store.EmployeeItem) -> domain.Employee:
    return domain.Employee(item.employee_id, item.username, domain.office_of(item.office_level, item.office_code),
                           item.controlling_officer)


def _office(item: store.EmployeeItem) -> dict:
    return {"level": item.office_level, "code": item.office_code}


def view(item: store.EmployeeItem, the_rules: domain.Rules) -> dict:
    balances = as_dict(item.balances)
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


def load(employee_id: str, consistent: bool = False) -> store.EmployeeItem:
    item = store.get(employee_id, consistent) if len(employee_id) <= 12 else None
    if item is None:
        raise NotFound("EMPLOYEE_NOT_FOUND", employee_id=employee_id)
    return item


def book_entry(item: store.EmployeeItem, actor: str, action: str, note: str, data: dict,
           from_state: str | None = None, to_state: str | None = None) -> history.Entry:
    return history.next_entry(int(item.history_seq or 0), item.history_hash, at=clock.iso(clock.now()),
                              actor=actor, action=action, from_state=from_state, to_state=to_state,
                              note=note, data=data)


def _check_controller(username: str, employee_username: str, office: Any) -> None:
    domain.check_controlling_officer(username, identity.staff_profile(username), employee_username, office)


def get_employee(who: Principal, employee_id: str) -> dict:
    item = load(employee_id)
    domain.may_read(who, employee_of(item))
    return view(item, rules())


def my_record(who: Principal) -> dict:
    return get_employee(who, who.subject.upper())


def get_book(who: Principal, employee_id: str) -> dict:
    item = load(employee_id)
    domain.may_read(who, employee_of(item))
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
    today = today_ist()
    dob, doj = data["date_of_birth"], data["date_of_joining"]
    retires = domain.check_dates(dob, doj, today, the_rules)
    username = data["employee_id"].lower()
    _check_controller(data["controlling_officer"], username, who.jurisdiction)
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
    entry = book_entry(item, who.subject, "appointment", data["note"], to_state=domain.IN_SERVICE, data={
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
    item = load(employee_id, consistent=True)
    domain.may_edit(who, employee_of(item))
    if int(item.version) != body.version:
        raise Conflict()
    the_rules = rules()
    data = body.model_dump(mode="json", exclude={"version", "note"})
    kind = data.pop("kind")
    if data["effective_date"] < item.date_of_joining:
        raise invalid_field("effective_date", "before the date of joining")
    if data["effective_date"] > item.superannuation_date:
        raise invalid_field("effective_date", "after the superannuation date")
    if kind == "correction":
        target = next((e for e in store.book(employee_id) if e.seq == data["corrects"]), None)
        domain.check_correction(target.action if target else None, data["corrects"])
    current = {"office_level": item.office_level, "office_code": item.office_code,
               "pay_level": int(item.pay_level), "pay_cell": int(item.pay_cell)}
    changes = domain.entry_changes(kind, data, current, the_rules)
    if "controlling_officer" in changes or "office_level" in changes:   # a transfer: the controller must follow
        office = domain.office_of(changes.get("office_level", item.office_level),
                                  changes.get("office_code", item.office_code))
        _check_controller(changes.get("controlling_officer") or item.controlling_officer, item.username, office)
    before = {k: getattr(item, k) for k in changes}
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_at = clock.iso(clock.now())
    entry = book_entry(item, who.subject, kind, body.note, data={**data, "before": before, "changes": changes})
    sms = notify.compose("SERVICEBOOK_ENTRY", item.mobile, item.lang, employee_id=item.employee_id,
                         kind=the_rules.label("entry_kinds", kind, item.lang), date=show_date(data["effective_date"]))
    waiting = ([leave for leave in store.leaves(employee_id) if leave.status == domain.APPLIED]
               if "controlling_officer" in changes else [])
    store.save(item, entry, [sms], repoint=waiting)
    notify.deliver([sms])
    return {"employee": view(item, the_rules), "entry": entry.as_dict()}
