"""servicebook's table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  employee master (+ leave balances)     EMP#<employee_id>   / META
  its service book (hash-chained)        EMP#<employee_id>   / HIST#<seq>
  its leave applications                 EMP#<employee_id>   / LEAVE#<leave_id>
  its e-Sankalan locker (one per doc)    EMP#<employee_id>   / LOCKER#<document_id>
  documents (core.document_store)        DOC#<document_id>   / META | HIST#<seq>;  DOCREADS#EMP#<id> / <at>#<ulid>
  master data (settings)                 CFG                 / SETTINGS#global  (+ CFG#<sk> / HIST#<seq>)
  idempotency records (Powertools)       IDEMPOTENCY#servicebook / <hash>

  GSI by_office   office_key / name_key        an establishment section's employees, by name
  GSI pending     pending_for / pending_sort   sparse: a controlling officer's leave awaiting decision
  GSI credit      credit_shard / next_credit_on   sparse, keys only: whose leave credit is due
                                               (the daily sweep reads only what is due)
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import dynamo, masterstore, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "servicebook"
SHARDS = 10


def _index(name: str, hash_attr: str, range_attr: str, projection: object = None) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": projection or AllProjection()})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), range_attr: UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


ByOffice = _index("by_office", "office_key", "name_key")
Pending = _index("pending", "pending_for", "pending_sort")
Credit = _index("credit", "credit_shard", "next_credit_on", KeysOnlyProjection())


class EmployeeItem(Model):
    """Also the table's defining model: its keys and indexes create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    employee_id = UnicodeAttribute()
    username = UnicodeAttribute()
    name = UnicodeAttribute()
    designation = UnicodeAttribute()
    cadre = UnicodeAttribute()
    post = UnicodeAttribute(null=True)
    office_level = UnicodeAttribute()
    office_code = UnicodeAttribute(null=True)
    date_of_birth = UnicodeAttribute()
    date_of_joining = UnicodeAttribute()
    superannuation_date = UnicodeAttribute()
    controlling_officer = UnicodeAttribute()
    mobile = UnicodeAttribute()                  # whole, for SMS only; masked in every view
    lang = UnicodeAttribute(default="hi")
    pay_level = NumberAttribute()
    pay_cell = NumberAttribute()
    balances = MapAttribute()                    # leave kind -> days (raw map: kinds are master data)
    credited = MapAttribute()                    # leave kind -> the credit day last applied
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    # index keys, derived by _derive() on every write
    office_key = UnicodeAttribute(null=True)
    name_key = UnicodeAttribute(null=True)
    credit_shard = UnicodeAttribute(null=True)
    next_credit_on = UnicodeAttribute(null=True)
    by_office = ByOffice()
    credit = Credit()
    pending = Pending()                          # populated by LeaveItem only


class LeaveItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    leave_id = UnicodeAttribute()
    employee_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    from_date = UnicodeAttribute()
    to_date = UnicodeAttribute()
    days = NumberAttribute()
    reason = UnicodeAttribute()
    status = UnicodeAttribute()
    applied_at = UnicodeAttribute()
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    decision_note = UnicodeAttribute(null=True)
    version = VersionAttribute()
    pending_for = UnicodeAttribute(null=True)
    pending_sort = UnicodeAttribute(null=True)
    pending = Pending()


class LockerItem(Model):
    """A confirmed document in an employee's e-Sankalan (the document itself: core.documents)."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    document_id = UnicodeAttribute()
    category = UnicodeAttribute()
    name = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    sha256 = UnicodeAttribute()
    added_by = UnicodeAttribute()
    added_at = UnicodeAttribute()


TABLE_MODEL = EmployeeItem


def employee_pk(employee_id: str) -> str:
    return f"EMP#{employee_id}"


def office_key(level: str, code: str | None) -> str:
    return f"{level}:{code}" if code else level


def _derive(item: EmployeeItem) -> None:
    item.office_key = office_key(item.office_level, item.office_code)
    item.name_key = f"{item.name.casefold()}#{item.employee_id}"
    if item.next_credit_on:
        item.credit_shard = f"S{zlib.crc32(item.employee_id.encode()) % SHARDS}"
    else:
        item.credit_shard = None


def _derive_leave(item: LeaveItem, controller: str | None) -> None:
    if item.status == "APPLIED" and controller:
        item.pending_for, item.pending_sort = controller, f"{item.applied_at}#{item.leave_id}"
    else:
        item.pending_for = item.pending_sort = None


# --- employees -----------------------------------------------------------------------------

def new_employee(**fields: object) -> EmployeeItem:
    return EmployeeItem(pk=employee_pk(str(fields["employee_id"])), **fields)


def get(employee_id: str, consistent: bool = False) -> EmployeeItem | None:
    return dynamo.get_or_none(EmployeeItem, employee_pk(employee_id), "META", consistent)


def create(item: EmployeeItem, entry: Entry, messages: list[Sms], also: Callable[[TransactWrite], None]) -> bool:
    """The record, its first service-book entry, its SMS and (through `also`) the employee's login,
    in one transaction. False when the employee id or the login name is taken."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item)
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=EmployeeItem.pk.does_not_exist())
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            also(tx)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def save(item: EmployeeItem, entry: Entry, messages: list[Sms], leave: LeaveItem | None = None,
         new_leave: bool = False, debit: tuple[str, int] | None = None, repoint: list[LeaveItem] = ()) -> None:
    """A change to the record (conditional on the version read) with its service-book entry and
    SMS, and the leave application it concerns, in one transaction; 409 if someone else wrote
    first. `debit` (kind, days) also requires the stored balance to cover the days, so two
    sanctions racing on one balance can never overdraw it. `repoint`: applications awaiting a
    decision move to the new controlling officer's list in the same transaction."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item)
    condition = EmployeeItem.balances[debit[0]] >= debit[1] if debit else None
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=condition)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            if leave is not None:
                _derive_leave(leave, item.controlling_officer)
                tx.save(leave, condition=LeaveItem.sk.does_not_exist() if new_leave else None)
            for waiting in repoint:
                _derive_leave(waiting, item.controlling_officer)
                tx.save(waiting)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def book(employee_id: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, employee_pk(employee_id))


def of_office(key: str, limit: int, start: dict | None):
    results = EmployeeItem.by_office.query(key, last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def credit_due(shard: int, today: str, limit: int) -> list[str]:
    results = EmployeeItem.credit.query(f"S{shard}", EmployeeItem.next_credit_on <= today, limit=limit)
    return [item.pk.removeprefix("EMP#") for item in results]


# --- leave ---------------------------------------------------------------------------------

def new_leave(**fields: object) -> LeaveItem:
    return LeaveItem(pk=employee_pk(str(fields["employee_id"])), sk=f"LEAVE#{fields['leave_id']}", **fields)


def get_leave(employee_id: str, leave_id: str, consistent: bool = False) -> LeaveItem | None:
    return dynamo.get_or_none(LeaveItem, employee_pk(employee_id), f"LEAVE#{leave_id}", consistent)


def leaves(employee_id: str) -> list[LeaveItem]:
    """Every application of one employee (a few a year: one partition query)."""
    return list(LeaveItem.query(employee_pk(employee_id), LeaveItem.sk.startswith("LEAVE#"),
                                consistent_read=True))


def pending_for(controller: str, limit: int, start: dict | None):
    results = LeaveItem.pending.query(controller, last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


# --- the e-Sankalan locker -----------------------------------------------------------------

def new_locker_item(employee_id: str, **fields: object) -> LockerItem:
    return LockerItem(pk=employee_pk(employee_id), sk=f"LOCKER#{fields['document_id']}", **fields)


def locker(employee_id: str) -> list[LockerItem]:
    return list(LockerItem.query(employee_pk(employee_id), LockerItem.sk.startswith("LOCKER#")))


def locker_item(employee_id: str, document_id: str) -> LockerItem | None:
    return dynamo.get_or_none(LockerItem, employee_pk(employee_id), f"LOCKER#{document_id}")


def add_to_locker(item: EmployeeItem, entry: Entry, messages: list[Sms], doc: LockerItem,
                  attach: Callable[[TransactWrite], None]) -> bool:
    """The locker item, the document bound to the employee (through `attach`), the book entry and
    the SMS, in one transaction; False if the document is in the locker already or was changed
    meanwhile, 409 if the record moved on."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item)
    try:
        with dynamo.transact() as tx:
            tx.save(item)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            tx.save(doc, condition=LockerItem.sk.does_not_exist())
            attach(tx)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None) or []
        if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
            dynamo.raise_conflict_on_condition(exc)      # the record's version moved: 409
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


# --- master data: core.masterstore (versioned, seeded, hash-chained history) -----------------

master = masterstore.Bound(SERVICE)
