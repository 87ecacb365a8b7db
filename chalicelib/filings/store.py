"""filings' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  a return (one per society, year, type)  SOC#<reg_no>             / RET#<fy>#<type>
  its history (hash chain)                RET#<reg_no>#<fy>#<type> / HIST#<seq>
  a society's obligation for a year       SOC#<reg_no>             / OBL#<fy>
    -> the public page is ONE Query on SOC#<reg_no> (returns and obligations together)
  obligations of a year per district      OBLSTAT#<fy>             / <district>   (counters: obligations, complete)
  the monthly obligations walk's progress JOB#obligations          / <YYYY-MM>    (resume point, counts, done)
  returns filed per IST day and district  DAY#filed                / <YYYY-MM-DD>#<district>   (counter: filed)
    -> the fortnightly review is one Query for the year's counters and one per window of days
    (counters are write-sharded, sk + "#~<shard>": core.counters; readers get the shards summed)
  master data (settings, return types)    CFG                      / SETTINGS#global | RTYPE#<code>
  its history                             CFG#<sk>                 / HIST#<seq>
  uploaded documents and their read log   DOC#<id> / META|HIST#, DOCREADS#SOC#<reg_no> / <at>#<id>  (core.documents)
  idempotency records (Powertools)        IDEMPOTENCY#filings      / <hash>

  GSI pending     pending_district / pending_sort   sparse: returns FILED and awaiting the officer
                                                    ("<filed_at>#<reg_no>#<type>", oldest first)
  GSI defaulters  defaulter_key / reg_no            sparse: "<district>#<fy>" on an obligation while a
                                                    required return is not filed (or was returned)

How "unfiled" is known without reading every society on a request: every society gets an
obligation item per financial year, created when the year closes by a scheduled job that walks
each district's societies page by page through societies.public (and by an admin call for one
district, or lazily at a society's first filing if it was registered after the job). The item
carries the required return types still outstanding and, while any is, the sparse defaulter
key; filing removes the type, an officer's "return" puts it back, in the same transaction as the
return. So the defaulters of a district for a year are one Query on that key; after the due date
(master data, 30 September) they are OVERDUE. Lazy creation alone would miss exactly the
societies that never file, which is why the yearly job exists.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import counters as core_counters
from chalicelib.core import documents, dynamo, masterstore, outbox
from chalicelib.core.errors import Conflict
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "filings"


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), range_attr: UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


Pending = _index("pending", "pending_district", "pending_sort")
Defaulters = _index("defaulters", "defaulter_key", "reg_no")


class ReturnItem(Model):
    """Also the table's defining model: its keys, indexes and TTL create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    reg_no = UnicodeAttribute()
    society_name_hi = UnicodeAttribute(null=True)
    society_name_en = UnicodeAttribute(null=True)
    district = UnicodeAttribute()
    financial_year = UnicodeAttribute()
    return_type = UnicodeAttribute()
    status = UnicodeAttribute()
    documents = ListAttribute(of=UnicodeAttribute, default=list)
    note = UnicodeAttribute(null=True)
    filed_by = UnicodeAttribute()
    filed_at = UnicodeAttribute()
    first_filed_at = UnicodeAttribute()
    late = BooleanAttribute(default=False)
    decided_by = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    remarks = UnicodeAttribute(null=True)
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    pending_district = UnicodeAttribute(null=True)
    pending_sort = UnicodeAttribute(null=True)
    defaulter_key = UnicodeAttribute(null=True)    # only obligations carry it
    expires_ttl = TTLAttribute(null=True)          # the table's TTL attribute (Powertools records use their own)
    pending = Pending()
    defaulters = Defaulters()


class ObligationItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    reg_no = UnicodeAttribute()
    society_name_hi = UnicodeAttribute(null=True)
    society_name_en = UnicodeAttribute(null=True)
    district = UnicodeAttribute()
    financial_year = UnicodeAttribute()
    outstanding = UnicodeSetAttribute(null=True)   # required types not filed (DynamoDB has no empty set)
    created_at = UnicodeAttribute()
    version = VersionAttribute()
    defaulter_key = UnicodeAttribute(null=True)
    defaulters = Defaulters()


class StatItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    obligations = NumberAttribute(null=True)
    complete = NumberAttribute(null=True)
    filed = NumberAttribute(null=True)


class JobItem(Model):
    """Where the monthly obligations walk stands (its resume point), one item per IST month."""
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True, default="JOB#obligations")
    sk = UnicodeAttribute(range_key=True)             # <YYYY-MM>
    financial_year = UnicodeAttribute()
    district_index = NumberAttribute(default=0)       # into geo.districts(): the district being walked
    cursor = UnicodeAttribute(null=True)              # the page key to resume that district after (JSON)
    societies = NumberAttribute(default=0)
    created = NumberAttribute(default=0)
    runs = NumberAttribute(default=0)
    done = BooleanAttribute(default=False)
    updated_at = UnicodeAttribute()
    version = VersionAttribute()


def get_job(month: str) -> JobItem | None:
    return dynamo.get_or_none(JobItem, "JOB#obligations", month, consistent=True)


def save_job(item: JobItem) -> None:
    """Conditional on the version read: a second run walking at the same time gets Conflict and stops."""
    try:
        item.save()
    except PutError as exc:
        if dynamo.is_condition_failure(exc):
            raise Conflict() from exc
        raise


TABLE_MODELS = [ReturnItem]
Counters = dict[tuple[str, str], dict[str, int]]   # (pk, sk) -> attribute -> amount to add
OBLIGATIONS_PER_TRANSACTION = 50                    # plus one counter per district: well under 100 writes


def society_pk(reg_no: str) -> str:
    return f"SOC#{reg_no}"


def return_sk(fy: str, return_type: str) -> str:
    return f"RET#{fy}#{return_type}"


def history_pk(reg_no: str, fy: str, return_type: str) -> str:
    return f"RET#{reg_no}#{fy}#{return_type}"


def obligation_sk(fy: str) -> str:
    return f"OBL#{fy}"


def defaulter_key(district: str, fy: str) -> str:
    return f"{district}#{fy}"


def year_counter(fy: str, district: str) -> tuple[str, str]:
    return f"OBLSTAT#{fy}", district


def filed_counter(day: str, district: str) -> tuple[str, str]:
    return "DAY#filed", f"{day}#{district}"


def obligation_counters(after: ObligationItem, created: bool, was_complete: bool = False) -> Counters:
    """What an obligation's change adds to its year's counters: one more obligation when it is
    new, and +1 / -1 complete when its outstanding returns become none / some again."""
    complete = int(not after.outstanding) - (0 if created else int(was_complete))
    return {year_counter(after.financial_year, after.district): {"obligations": int(created), "complete": complete}}


def _add_counters(tx, counters: Counters) -> None:
    for (pk, sk), deltas in counters.items():
        core_counters.add(tx, StatItem, pk, sk, deltas)


def merge(*many: Counters) -> Counters:
    merged: Counters = {}
    for counters in many:
        for key, deltas in counters.items():
            row = merged.setdefault(key, {})
            for name, amount in deltas.items():
                row[name] = row.get(name, 0) + amount
    return merged


# --- returns -------------------------------------------------------------------------------------

def get_return(reg_no: str, fy: str, return_type: str, consistent: bool = True) -> ReturnItem | None:
    return dynamo.get_or_none(ReturnItem, society_pk(reg_no), return_sk(fy, return_type), consistent)


def get_obligation(reg_no: str, fy: str) -> ObligationItem | None:
    return dynamo.get_or_none(ObligationItem, society_pk(reg_no), obligation_sk(fy), consistent=True)


def _derive(item: ReturnItem) -> None:
    waiting = item.status == "FILED"
    item.pending_district = item.district if waiting else None
    item.pending_sort = f"{item.filed_at}#{item.reg_no}#{item.return_type}" if waiting else None


def _derive_obligation(item: ObligationItem) -> None:
    item.outstanding = item.outstanding or None
    item.defaulter_key = defaulter_key(item.district, item.financial_year) if item.outstanding else None


class Rejected(Exception):
    """A transaction condition failed; `index` says which write (the caller knows the order)."""

    def __init__(self, indexes: list[int]) -> None:
        super().__init__(indexes)
        self.indexes = indexes


def _failed_indexes(exc: TransactWriteError) -> list[int]:
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return [i for i, r in enumerate(reasons) if r is not None and r.code == "ConditionalCheckFailed"]


def save_return(item: ReturnItem, entry: Entry, obligation: ObligationItem | None, create_obligation: bool,
                attach: dict[str, int], create: bool, messages: list[Sms], counters: Counters | None = None) -> None:
    """A return (new, or conditional on the version read), its history entry, the society's
    obligation for the year, the documents it binds (id -> version read), SMS and counters, in one
    transaction. Raises Rejected with the indexes of the writes whose condition failed: 0 the
    return, 2 the obligation (when given), then the documents in order (counters come last and
    have no condition)."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item)
    if obligation is not None:
        _derive_obligation(obligation)
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=ReturnItem.sk.does_not_exist() if create else None)
            dynamo.history_put(tx, SERVICE, history_pk(item.reg_no, item.financial_year, item.return_type), entry)
            if obligation is not None:
                tx.save(obligation, condition=ObligationItem.sk.does_not_exist() if create_obligation else None)
            for document_id, version in attach.items():
                documents.attach_in(tx, SERVICE, document_id, owner=society_pk(item.reg_no), version=version,
                                    ref=history_pk(item.reg_no, item.financial_year, item.return_type))
            outbox.add_to(tx, messages)
            _add_counters(tx, counters or {})
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            raise Rejected(_failed_indexes(exc)) from exc
        raise


def return_history(reg_no: str, fy: str, return_type: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, history_pk(reg_no, fy, return_type))


def society_items(reg_no: str, fy: str | None) -> tuple[list[ReturnItem], list[ObligationItem]]:
    """What a society filed (for one year or all) and its obligations: a Query for each kind."""
    returns = list(ReturnItem.query(society_pk(reg_no), ReturnItem.sk.startswith(f"RET#{fy}#" if fy else "RET#")))
    obligations = list(ObligationItem.query(society_pk(reg_no),
                                            ObligationItem.sk.startswith(obligation_sk(fy) if fy else "OBL#")))
    return returns, obligations


def inbox(district: str, limit: int, start: dict | None):
    results = ReturnItem.pending.query(district, last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def defaulters(district: str, fy: str, limit: int, start: dict | None):
    results = ObligationItem.defaulters.query(defaulter_key(district, fy), last_evaluated_key=start,
                                              page_size=limit)
    return dynamo.page(results, limit)


def put_obligations(items: list[ObligationItem], attempts: int = 3) -> int:
    """Create the obligations that are missing (never overwrite one a filing has changed), with
    their years' counters, a transaction per chunk: if a filing created one of them meanwhile,
    the chunk is cancelled whole and read again, so every obligation is counted once."""
    created = 0
    for chunk in dynamo.chunks(items, OBLIGATIONS_PER_TRANSACTION):
        for _ in range(attempts):
            existing = {o.pk for o in ObligationItem.batch_get([(i.pk, i.sk) for i in chunk],
                                                               attributes_to_get=["pk"])}
            fresh = [i for i in chunk if i.pk not in existing]
            if not fresh:
                break
            try:
                with dynamo.transact() as tx:
                    for item in fresh:
                        _derive_obligation(item)
                        tx.save(item, condition=ObligationItem.sk.does_not_exist())
                    _add_counters(tx, merge(*(obligation_counters(item, created=True) for item in fresh)))
            except TransactWriteError as exc:
                if dynamo.is_condition_failure(exc):
                    for item in fresh:
                        item.attribute_values.pop("version", None)   # the cancelled save numbered it 1
                    continue
                raise
            created += len(fresh)
            break
        else:
            raise Conflict()
    return created


def year_stats(fy: str) -> list[StatItem]:
    """Every district's obligation counters of a financial year: one Query."""
    return core_counters.query(StatItem, f"OBLSTAT#{fy}")


def filed_stats(first: str, last: str) -> list[StatItem]:
    """Every district's returns filed from the first to the last day (ISO), both included: one Query."""
    return core_counters.query(StatItem, "DAY#filed", f"{first}#", f"{last}#~")


# --- master data: core.masterstore (versioned, seeded, hash-chained history) -----------------

master = masterstore.Bound(SERVICE)
