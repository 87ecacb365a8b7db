"""subvention's table and its share of the document bucket: the only module here touching AWS.

Access patterns (pk / sk):
  master data: seasons, PACS bindings   CFG                         / SEASON#<code> | PACS#<reg_no>
  their history                         CFG#<sk>                    / HIST#<seq>
  operator -> PACS (reverse binding)    OPERATOR#<username>         / PACS
  ledger upload                         LEDGER#<id>                 / META   (+ HIST#<seq>)
  its invalid rows with reasons         LEDGER#<id>                 / ERR#<row:09d>
  a file already processed (SHA-256)    FILE#<sha256>               / FILE
  one loan (the per-row key)            LOAN#<pacs>#<season>#<member>#<loan_no> / LOAN
  a farmer's loans in a year (ceiling)  FARMER#<pacs>#<member>      / YEAR#<agri year, e.g. 2024-25>
  claim counters, kept on every write   CLAIM#<half year>           / <level>#<code>    (paise)
  the same by IST day written (review)  CLAIM#DAY                   / <YYYY-MM-DD>#<district> (+ farmers)
    (claim counters are write-sharded, sk + "#~<shard>": core.counters; readers get the shards summed)
  one processor per PACS at a time      LEASE#<pacs>                / LEASE
  idempotency records (Powertools)      IDEMPOTENCY#subvention      / <hash>

  GSI queue    queue_key / queued_at        sparse: ledgers waiting for (or part way through) processing
  GSI by_pacs  ledger_pacs / created_at     a PACS's uploads, newest first
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import aws, dynamo, masterstore, outbox
from chalicelib.core import counters as core_counters
from chalicelib.core.config import get_settings
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "subvention"
CONFIG_PK = "CFG"
QUEUE = "Q"
PREFIX = "subvention/"


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), range_attr: UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


QueueIndex = _index("queue", "queue_key", "queued_at")
ByPacs = _index("by_pacs", "ledger_pacs", "created_at")


class LedgerItem(Model):
    """A PACS's season ledger upload; also the table's defining model (keys and every index)."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    ledger_id = UnicodeAttribute()
    pacs = UnicodeAttribute()
    district = UnicodeAttribute()
    bank = UnicodeAttribute()
    season = UnicodeAttribute()
    status = UnicodeAttribute()
    object_key = UnicodeAttribute()
    filename = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)
    object_version = UnicodeAttribute(null=True)       # the S3 version submitted
    sha256 = UnicodeAttribute(null=True)
    duplicate_of = UnicodeAttribute(null=True)
    phase = UnicodeAttribute(default="rows")           # rows -> notify -> done
    offset = NumberAttribute(default=0)                # bytes of the file done in the current phase
    notify_row = NumberAttribute(default=0)            # rows done in the notify phase
    counts = JSONAttribute(default=dict)               # rows, valid, invalid, unchanged, farmers_told
    totals = JSONAttribute(default=dict)               # component -> paise
    failure = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    done_at = UnicodeAttribute(null=True)
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    queue_key = UnicodeAttribute(null=True)
    queued_at = UnicodeAttribute(null=True)
    ledger_pacs = UnicodeAttribute(null=True)
    queue = QueueIndex()
    by_pacs = ByPacs()


class ConfigItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True, default=CONFIG_PK)
    sk = UnicodeAttribute(range_key=True)
    data = JSONAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()


class OperatorItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="PACS")
    pacs = UnicodeAttribute()


class ErrorItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    row = NumberAttribute()
    member_no = UnicodeAttribute(null=True)
    reasons = JSONAttribute()                          # [{"field", "message"}]; never the row's content


class FileItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="FILE")
    ledger_id = UnicodeAttribute()


class LoanItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="LOAN")
    ledger_id = UnicodeAttribute()
    row = NumberAttribute()
    content = UnicodeAttribute()                       # SHA-256 of the row's meaningful fields
    farmer_pk = UnicodeAttribute()
    season = UnicodeAttribute()
    half_year = UnicodeAttribute()
    result = JSONAttribute()


class FarmerItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    pacs = UnicodeAttribute()
    member_no = UnicodeAttribute()
    aadhaar_last4 = UnicodeAttribute()
    mobile = UnicodeAttribute()                        # whole, for the SMS only; masked in every view
    lang = UnicodeAttribute(default="hi")
    loans = JSONAttribute(default=dict)                # loan key -> {season, purpose, ceiling_used, ...}
    notify_ledger = UnicodeAttribute(null=True)        # set while the farmer is still to be told
    marked_row = NumberAttribute(null=True)            # the row of that ledger which set the mark


class ClaimItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    loans = NumberAttribute(null=True)
    base_interest = NumberAttribute(null=True)
    goi_interest_subvention = NumberAttribute(null=True)
    state_normal_subsidy = NumberAttribute(null=True)
    goi_prompt_repayment_incentive = NumberAttribute(null=True)
    state_prompt_incentive = NumberAttribute(null=True)
    overdue_interest = NumberAttribute(null=True)
    farmer_interest = NumberAttribute(null=True)
    farmers = NumberAttribute(null=True)      # day counters only: farmers whose results were written


class LeaseItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="LEASE")
    holder = UnicodeAttribute()
    until = NumberAttribute()


TABLE_MODELS = [LedgerItem]

Counters = dict[tuple[str, str], dict[str, int]]     # (half year, "<level>#<code>") -> field -> delta


# --- master data ---------------------------------------------------------------------------

master = masterstore.Bound(SERVICE)   # seeding through core.masterstore (the PACS bindings below stay here)


def config_get(keys: list[str]) -> dict[str, ConfigItem]:
    items = ConfigItem.batch_get([(CONFIG_PK, key) for key in dict.fromkeys(keys)])
    return {item.sk: item for item in items}


def config_one(key: str, consistent: bool = False) -> ConfigItem | None:
    return dynamo.get_or_none(ConfigItem, CONFIG_PK, key, consistent)


def config_list(prefix: str) -> list[ConfigItem]:
    return list(ConfigItem.query(CONFIG_PK, ConfigItem.sk.startswith(prefix)))


def config_save(item: ConfigItem, entry: Entry, create: bool, operators_add: list[str] = (),
                operators_remove: list[str] = ()) -> None:
    """Create (refused if present) or update (refused if the version moved), with its history and,
    for a PACS binding, the operators' reverse bindings; 409 either way."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=ConfigItem.sk.does_not_exist() if create else None)
            dynamo.history_put(tx, SERVICE, f"CFG#{item.sk}", entry)
            pacs = item.sk.removeprefix("PACS#")
            for username in operators_add:
                tx.save(OperatorItem(pk=f"OPERATOR#{username}", pacs=pacs))
            for username in operators_remove:
                tx.delete(OperatorItem(pk=f"OPERATOR#{username}"))
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def config_history(key: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, f"CFG#{key}")


def operator_pacs(username: str) -> str | None:
    found = dynamo.get_or_none(OperatorItem, f"OPERATOR#{username}", "PACS", consistent=True)
    return found.pacs if found else None


# --- ledgers -------------------------------------------------------------------------------

def ledger_pk(ledger_id: str) -> str:
    return f"LEDGER#{ledger_id}"


def new_ledger(**fields: Any) -> LedgerItem:
    return LedgerItem(pk=ledger_pk(str(fields["ledger_id"])), ledger_pacs=fields["pacs"], **fields)


def get_ledger(ledger_id: str, consistent: bool = False) -> LedgerItem | None:
    return dynamo.get_or_none(LedgerItem, ledger_pk(ledger_id), "META", consistent)


def save_ledger(item: LedgerItem, entry: Entry | None, create: bool = False, counters: Counters | None = None,
                marker: str | None = None) -> bool:
    """The ledger (conditional on its version), its history entry, claim counters and, when a file
    is first seen, its SHA-256 marker, in one transaction. False if the marker was already taken."""
    if entry is not None:
        item.history_seq, item.history_hash = entry.seq, entry.hash
    active = item.status in ("QUEUED", "PROCESSING")
    item.queue_key = QUEUE if active else None
    item.queued_at = (item.queued_at or item.updated_at) if active else None
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=LedgerItem.pk.does_not_exist() if create else None)
            if entry is not None:
                dynamo.history_put(tx, SERVICE, item.pk, entry)
            if marker:
                tx.save(FileItem(pk=f"FILE#{marker}", ledger_id=item.ledger_id),
                        condition=FileItem.pk.does_not_exist())
            for (half, key), deltas in (counters or {}).items():
                core_counters.add(tx, ClaimItem, f"CLAIM#{half}", key, deltas)
    except TransactWriteError as exc:
        if marker and dynamo.is_condition_failure(exc) and file_owner(marker) not in (None, item.ledger_id):
            return False
        dynamo.raise_conflict_on_condition(exc)
    return True


def file_owner(sha: str) -> str | None:
    found = dynamo.get_or_none(FileItem, f"FILE#{sha}", "FILE", consistent=True)
    return found.ledger_id if found else None


def ledger_history(ledger_id: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, ledger_pk(ledger_id))


def queued(limit: int = 20) -> list[str]:
    return [i.ledger_id for i in LedgerItem.queue.query(QUEUE, limit=limit)]


def ledgers_of(pacs: str, limit: int, start: dict | None):
    return dynamo.page(LedgerItem.by_pacs.query(pacs, scan_index_forward=False, last_evaluated_key=start,
                                                page_size=limit), limit)


def errors(ledger_id: str, limit: int, start: dict | None):
    results = ErrorItem.query(ledger_pk(ledger_id), ErrorItem.sk.startswith("ERR#"), last_evaluated_key=start,
                              page_size=limit)
    return dynamo.page(results, limit)


def take_lease(pacs: str, holder: str, now: int, seconds: int) -> bool:
    try:
        LeaseItem(pk=f"LEASE#{pacs}", holder=holder, until=now + seconds).save(
            condition=LeaseItem.pk.does_not_exist() | (LeaseItem.until < now) | (LeaseItem.holder == holder))
    except PutError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def release_lease(pacs: str, holder: str) -> None:
    try:
        LeaseItem(pk=f"LEASE#{pacs}").delete(condition=LeaseItem.holder == holder)
    except DeleteError as exc:   # someone else's lease by now: leave it
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


# --- rows: loans, farmers, invalid rows (idempotent batches: deterministic keys and content) ---

def get_loans(keys: list[str]) -> dict[str, LoanItem]:
    return {i.pk: i for i in LoanItem.batch_get([(k, "LOAN") for k in dict.fromkeys(keys)])} if keys else {}


def get_farmers(keys: list[tuple[str, str]], consistent: bool = False) -> dict[tuple[str, str], FarmerItem]:
    if not keys:
        return {}
    return {(i.pk, i.sk): i for i in FarmerItem.batch_get(list(dict.fromkeys(keys)), consistent_read=consistent)}


def put_rows(loans: list[LoanItem], farmers: list[FarmerItem], errors_: list[ErrorItem]) -> None:
    """A chunk's results. A retry after a crash writes the very same items again."""
    with LoanItem.batch_write() as writer:
        for item in [*loans, *farmers, *errors_]:
            writer.save(item)


def told(farmers: list[FarmerItem], messages: list[Sms]) -> None:
    """Queue each farmer's SMS and clear their to-tell mark in one transaction: a retry can neither
    lose a message nor send one twice."""
    with dynamo.transact() as tx:
        for farmer in farmers:
            tx.update(farmer, actions=[FarmerItem.notify_ledger.remove()],
                      condition=FarmerItem.notify_ledger == farmer.notify_ledger)
        outbox.add_to(tx, messages)


def get_farmer(pacs: str, member_no: str, year: str) -> FarmerItem | None:
    return dynamo.get_or_none(FarmerItem, f"FARMER#{pacs}#{member_no}", f"YEAR#{year}")


DAY = "DAY"   # the "half year" of the day counters: CLAIM#DAY


def day_claims(first: str, last: str) -> list[ClaimItem]:
    """Every district's day counters from the first to the last IST day (ISO), both included."""
    return core_counters.query(ClaimItem, f"CLAIM#{DAY}", f"{first}#", f"{last}#~")


def claims(half: str, key: str) -> ClaimItem | None:
    return core_counters.one(ClaimItem, f"CLAIM#{half}", key)


# --- the document bucket (subvention/ prefix) ------------------------------------------------

@cache
def _bucket(prefix: str) -> str:
    """The stage's document bucket: named by the template (SAHKAR_DOCUMENT_BUCKET) in AWS, else
    by the same rule infra.resources uses for the local stack: <prefix>-documents-<account>."""
    name = os.environ.get("SAHKAR_DOCUMENT_BUCKET")
    if name:
        return name
    account = aws.client("sts").get_caller_identity()["Account"]
    return f"{prefix}-documents-{account}"


def bucket() -> str:
    return _bucket(get_settings().resource_prefix)


def object_key(pacs: str, ledger_id: str) -> str:
    return f"{PREFIX}ledgers/{pacs}/{ledger_id}.csv"


def upload_url(key: str, expires: int) -> str:
    return aws.client("s3").generate_presigned_url(
        "put_object", Params={"Bucket": bucket(), "Key": key, "ContentType": "text/csv"}, ExpiresIn=expires,
        HttpMethod="PUT")


def object_head(key: str) -> tuple[int, str | None] | None:
    """(size, version id) of the uploaded object, or None if nothing was uploaded."""
    from botocore.exceptions import ClientError

    try:
        head = aws.client("s3").head_object(Bucket=bucket(), Key=key)
    except ClientError:
        return None
    return int(head["ContentLength"]), head.get("VersionId")


def _get(key: str, version: str | None, **extra: str) -> Any:
    if version:   # the bucket is versioned: read exactly what was submitted, even if PUT again since
        extra["VersionId"] = version
    return aws.client("s3").get_object(Bucket=bucket(), Key=key, **extra)["Body"]


def read_lines(key: str, version: str | None, offset: int = 0) -> Iterator[bytes]:
    """The object's lines (with their endings) from a byte offset, streamed: memory stays flat."""
    body = _get(key, version, **({"Range": f"bytes={offset}-"} if offset else {}))
    try:
        yield from body.iter_lines(chunk_size=64 * 1024, keepends=True)
    finally:
        body.close()


def read_chunks(key: str, version: str | None) -> Iterator[bytes]:
    body = _get(key, version)
    try:
        yield from body.iter_chunks(chunk_size=256 * 1024)
    finally:
        body.close()
