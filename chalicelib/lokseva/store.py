"""lokseva's table and the certificates' bucket prefix: the only module of this service that
touches DynamoDB or S3.

Access patterns (pk / sk):
  application                          APP#<ack>               / META (+ HIST#<seq>)
  master data: settings, services,     CFG                     / SETTINGS#global | SERVICE#<code> | HOLIDAYS#<year>
    holiday lists, seats                                       | SEAT#<office>#<desk>
                                         (history under CFG#<sk> / HIST#<seq>)
  PACS service centre                  CENTRE#<reg_no>         / META (+ HIST#<seq>)
  its counter transactions             CENTRE#<reg_no>         / TXN#<date>#<id>
  an operator's PACS (one at most)     OPERATOR#<username>     / BIND
  dashboard counters                   STAT#<dimension>        / <value>
  the same flows by IST day (review)   DAY#district            / <YYYY-MM-DD>#<district>
                                         (a window of days is one Query: sk between two days)
  (every counter is write-sharded, sk + "#~<shard>": core.counters; readers get the shards summed)
  service-centre counters              CSC#<district>          / <date>#<reg_no>#<service>
  idempotency records (Powertools)     IDEMPOTENCY#lokseva     / <hash>

  GSI by_owner  owner_key / created_at     an applicant's own applications (by mobile, hashed)
  GSI by_desk   desk / desk_sort           sparse: what waits at an officer's desk, oldest due first
  GSI due       due_shard / due_at         sparse, keys only: what the appeal sweep may move
  Officers' search (search_store.py; one Query per page, every filter a key, scoped by district;
  range s_filed = "<created_at>#<ack>", so a filed-date range is a key condition):
  GSI s_district  s_dist    / s_filed      a district's applications
  GSI s_status    s_status  / s_filed      "<district>#<status>"
  GSI s_service   s_service / s_filed      "<district>#<service code>"
  GSI s_due       s_active  / s_due        sparse, active only: "<stage_due_at>#<ack>" (overdue, due soon)
Certificates and counter fee receipts: s3://<document bucket>/lokseva/<ack>/certificate.pdf, receipt.pdf,
read by presigned GET only. Documents applicants upload: core.documents records (DOC#<id>) in this table.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import counters as core_counters
from chalicelib.core import duesweep, dynamo, masterstore, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "lokseva"

Counters = dict[tuple[str, str], dict[str, int]]   # (pk, sk) -> attribute -> amount to add


class ByOwner(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_owner"
        projection = AllProjection()

    owner_key = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByDesk(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_desk"
        projection = AllProjection()

    desk = UnicodeAttribute(hash_key=True)
    desk_sort = UnicodeAttribute(range_key=True)


class Due(GlobalSecondaryIndex):
    class Meta:
        index_name = "due"
        projection = KeysOnlyProjection()

    due_shard = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


def _search_index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), range_attr: UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


SDistrict = _search_index("s_district", "s_dist", "s_filed")
SStatus = _search_index("s_status", "s_status", "s_filed")
SService = _search_index("s_service", "s_service", "s_filed")
SDue = _search_index("s_due", "s_active", "s_due")


class ApplicationItem(Model):
    """Also the table's defining model: its keys and indexes create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    ack = UnicodeAttribute()
    service_code = UnicodeAttribute()
    department = UnicodeAttribute()
    office = UnicodeAttribute()
    district = UnicodeAttribute()
    applicant_name = UnicodeAttribute()
    details = JSONAttribute(default=dict)
    documents = ListAttribute(of=UnicodeAttribute, default=list)
    mobile = UnicodeAttribute()                 # whole, for SMS only; masked in every view
    owner_key = UnicodeAttribute()
    lang = UnicodeAttribute(default="hi")
    channel = UnicodeAttribute()                # online | counter
    filed_by = UnicodeAttribute()
    pacs_reg_no = UnicodeAttribute(null=True)
    fee = UnicodeAttribute()
    fee_taken = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    stage_desk = UnicodeAttribute()
    stage_office = UnicodeAttribute(null=True)
    deciders = ListAttribute(of=UnicodeAttribute, default=list)   # who decided earlier stages
    stage_due_at = UnicodeAttribute()
    guaranteed_date = UnicodeAttribute()
    guaranteed_at = UnicodeAttribute()
    decided_at = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_stage = UnicodeAttribute(null=True)
    reasons = UnicodeAttribute(null=True)
    first_decided_at = UnicodeAttribute(null=True)
    delay_days = NumberAttribute(null=True)     # frozen at the first decision
    penalty = UnicodeAttribute(null=True)
    at_fault = UnicodeAttribute()               # the designated officer's desk and office
    overdue_counted = BooleanAttribute(default=False)
    certificate_key = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    desk = UnicodeAttribute(null=True)
    desk_sort = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    by_owner = ByOwner()
    by_desk = ByDesk()
    due = Due()
    s_filed = UnicodeAttribute(null=True)       # officers' search keys, set by _derive on every write
    s_dist = UnicodeAttribute(null=True)
    s_status = UnicodeAttribute(null=True)
    s_service = UnicodeAttribute(null=True)
    s_active = UnicodeAttribute(null=True)
    s_due = UnicodeAttribute(null=True)
    s_district_index = SDistrict()
    s_status_index = SStatus()
    s_service_index = SService()
    s_due_index = SDue()


class CentreItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    reg_no = UnicodeAttribute()
    name = UnicodeAttribute()
    district = UnicodeAttribute()
    operators = ListAttribute(of=UnicodeAttribute, default=list)
    active = BooleanAttribute(default=True)
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()


class BindingItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="BIND")
    reg_no = UnicodeAttribute()


class TxnItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    id = UnicodeAttribute()
    service = UnicodeAttribute()
    date = UnicodeAttribute()
    fee = UnicodeAttribute()
    recorded_by = UnicodeAttribute()
    recorded_at = UnicodeAttribute()
    ack = UnicodeAttribute(null=True)


class StatItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    received = NumberAttribute(null=True)
    in_time = NumberAttribute(null=True)
    late = NumberAttribute(null=True)
    overdue_pending = NumberAttribute(null=True)
    penalty_paise = NumberAttribute(null=True)
    transactions = NumberAttribute(null=True)
    fee_paise = NumberAttribute(null=True)


TABLE_MODEL = ApplicationItem


# --- applications ---------------------------------------------------------------------------

def app_pk(ack: str) -> str:
    return f"APP#{ack}"


def new_application(**fields: object) -> ApplicationItem:
    return ApplicationItem(pk=app_pk(str(fields["ack"])), **fields)


def get(ack: str, consistent: bool = False) -> ApplicationItem | None:
    return dynamo.get_or_none(ApplicationItem, app_pk(ack), "META", consistent)


def _derive(item: ApplicationItem, escalates: bool) -> None:
    """Index keys follow the record: the desk's queue and the sweep's due entry while active."""
    active = item.status in ("SUBMITTED", "FIRST_APPEAL", "SECOND_APPEAL")
    item.desk = item.stage_desk if active else None
    item.desk_sort = f"{item.stage_due_at}#{item.ack}" if active else None
    if active and escalates:
        item.due_shard, item.due_at = duesweep.shard_of(item.ack), item.stage_due_at
    else:
        item.due_shard = item.due_at = None
    district = item.district
    item.s_filed, item.s_dist = f"{item.created_at}#{item.ack}", district
    item.s_status, item.s_service = f"{district}#{item.status}", f"{district}#{item.service_code}"
    item.s_active, item.s_due = (district, f"{item.stage_due_at}#{item.ack}") if active else (None, None)


def _add_counters(tx: TransactWrite, counters: Counters) -> None:
    for (pk, sk), deltas in counters.items():
        core_counters.add(tx, StatItem, pk, sk, deltas)


def create(item: ApplicationItem, escalates: bool, entry: Entry, messages: list[Sms], counters: Counters,
           txn: TxnItem | None = None, also: Callable[[TransactWrite], None] | None = None) -> bool:
    """The application, its first history entry, SMS, counters, (at a counter) the centre's
    transaction and `also` (its documents bound to it), in one transaction. False when a
    condition failed: the acknowledgement number was taken, or a document changed meanwhile."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item, escalates)
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=ApplicationItem.pk.does_not_exist())
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            if txn is not None:
                tx.save(txn, condition=TxnItem.pk.does_not_exist())
            if also is not None:
                also(tx)
            outbox.add_to(tx, messages)
            _add_counters(tx, counters)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def save(item: ApplicationItem, escalates: bool, entry: Entry, messages: list[Sms], counters: Counters) -> None:
    """A change, conditional on the version read (409 if an officer or the sweep changed it first),
    with its history entry, SMS and counters."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item, escalates)
    try:
        with dynamo.transact() as tx:
            tx.save(item)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            outbox.add_to(tx, messages)
            _add_counters(tx, counters)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def get_with_history(ack: str, consistent: bool = False) -> tuple[ApplicationItem | None, list[Entry]]:
    """The application and its history in one Query (they share the partition APP#<ack>)."""
    return dynamo.with_history(ApplicationItem, SERVICE, app_pk(ack), "META", consistent)


def history(ack: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, app_pk(ack))


def mine(owner_key: str, limit: int, start: dict | None):
    results = ApplicationItem.by_owner.query(owner_key, scan_index_forward=False, last_evaluated_key=start,
                                             page_size=limit)
    return dynamo.page(results, limit)


def at_desk(desk: str, limit: int, start: dict | None):
    results = ApplicationItem.by_desk.query(desk, last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def due_now(shard: str, now: str, limit: int) -> list[str]:
    results = ApplicationItem.due.query(shard, ApplicationItem.due_at <= now, limit=limit)
    return [item.pk.removeprefix("APP#") for item in results]


# --- master data (core.masterstore: versioned, seeded, with history) -----------------------

def config_one(key: str):
    return masterstore.one(SERVICE, key)


def config_many(keys: list[str]) -> dict:
    return masterstore.many(SERVICE, keys)


def config_list(prefix: str) -> list:
    return masterstore.listed(SERVICE, prefix)


def config_cached(key: str):
    """Request paths: this warm container's copy (core.masterstore.cached_one)."""
    return masterstore.cached_one(SERVICE, key)


def config_cached_many(keys: list[str]) -> dict:
    return masterstore.cached_many(SERVICE, keys)


def config_cached_list(prefix: str) -> list:
    return masterstore.cached_listed(SERVICE, prefix)


def config_history(key: str) -> list[Entry]:
    return masterstore.history_of(SERVICE, key)


def config_put(actor: str, key: str, data: dict, version: int | None, note: str):
    return masterstore.put(SERVICE, actor, key, data, version, note)


def config_seed(defaults: list[tuple[str, dict]], actor: str) -> int:
    return masterstore.seed(SERVICE, defaults, actor)


# --- PACS service centres -------------------------------------------------------------------

def centre_pk(reg_no: str) -> str:
    return f"CENTRE#{reg_no}"


def get_centre(reg_no: str, consistent: bool = False) -> CentreItem | None:
    return dynamo.get_or_none(CentreItem, centre_pk(reg_no), "META", consistent)


def binding_of(username: str) -> str | None:
    found = dynamo.get_or_none(BindingItem, f"OPERATOR#{username}", "BIND", consistent=True)
    return found.reg_no if found else None


def save_centre(item: CentreItem, entry: Entry, create: bool, added: list[str], removed: list[str]) -> None:
    """The centre and its operators' bindings in one transaction; an operator bound to another
    PACS makes the whole change fail (409), so nobody is ever bound to two."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=CentreItem.pk.does_not_exist() if create else None)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            for username in added:
                tx.save(BindingItem(pk=f"OPERATOR#{username}", reg_no=item.reg_no),
                        condition=BindingItem.pk.does_not_exist() | (BindingItem.reg_no == item.reg_no))
            for username in removed:
                tx.delete(BindingItem(pk=f"OPERATOR#{username}"), condition=BindingItem.reg_no == item.reg_no)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc, "OPERATOR_BOUND_ELSEWHERE" if added else "VERSION_CONFLICT")


def centre_history(reg_no: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, centre_pk(reg_no))


def new_txn(reg_no: str, txn_id: str, **fields: object) -> TxnItem:
    return TxnItem(pk=centre_pk(reg_no), sk=f"TXN#{fields['date']}#{txn_id}", id=txn_id, **fields)


def add_txn(txn: TxnItem, counters: Counters) -> None:
    with dynamo.transact() as tx:
        tx.save(txn, condition=TxnItem.pk.does_not_exist())
        _add_counters(tx, counters)


def txns(reg_no: str, low: str, high: str, limit: int, start: dict | None):
    results = TxnItem.query(centre_pk(reg_no), TxnItem.sk.between(f"TXN#{low}", f"TXN#{high}~"),
                            last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


# --- counters -------------------------------------------------------------------------------

DAY_PK = "DAY#district"


def day_key(day: str, district: str) -> tuple[str, str]:
    return DAY_PK, f"{day}#{district}"


def day_stats(first: str, last: str) -> list[StatItem]:
    """Every district's dated counters from the first to the last day (ISO), both included."""
    return stats(DAY_PK, f"{first}#", f"{last}#~")


def stats(pk: str, low: str | None = None, high: str | None = None) -> list[StatItem]:
    """Counters under `pk`, their shards summed (core.counters)."""
    return core_counters.query(StatItem, pk, low, high)


# --- certificates on S3 ---------------------------------------------------------------------

@cache
def _bucket(prefix: str) -> str:
    # Deployed functions get the name in SAHKAR_DOCUMENT_BUCKET (infra.template); locally it is
    # derived the same way the local stack names it.
    named = os.environ.get("SAHKAR_DOCUMENT_BUCKET")
    if named:
        return named
    from chalicelib.core.aws import client

    return f"{prefix}-documents-{client('sts').get_caller_identity()['Account']}"


def bucket() -> str:
    from chalicelib.core.config import get_settings

    return _bucket(get_settings().resource_prefix)


def certificate_key(ack: str) -> str:
    return f"{SERVICE}/{ack}/certificate.pdf"


def receipt_key(ack: str) -> str:
    return f"{SERVICE}/{ack}/receipt.pdf"


def put_pdf(key: str, pdf: bytes, filename: str) -> str:
    from chalicelib.core.aws import client

    client("s3").put_object(Bucket=bucket(), Key=key, Body=pdf, ContentType="application/pdf",
                            ContentDisposition=f'attachment; filename="{filename}"')
    return key


def put_certificate(ack: str, pdf: bytes) -> str:
    from chalicelib.core.aws import client

    key = certificate_key(ack)
    client("s3").put_object(Bucket=bucket(), Key=key, Body=pdf, ContentType="application/pdf",
                            ContentDisposition=f'attachment; filename="certificate-{ack}.pdf"')
    return key


def certificate_link(key: str, seconds: int) -> str:
    from chalicelib.core.aws import client

    return client("s3").generate_presigned_url("get_object", Params={"Bucket": bucket(), "Key": key},
                                               ExpiresIn=seconds)


def due_between(shard: str, low: str, high: str, limit: int) -> list[tuple[str, str]]:
    """(ack, stage due) of what the appeal sweep's index holds falling due in [low, high] (keys only)."""
    results = ApplicationItem.due.query(shard, ApplicationItem.due_at.between(low, high), limit=limit)
    return [(item.pk.removeprefix("APP#"), item.due_at) for item in results]
