"""files' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  file                        FILE#<file_no>            / META
  its movements (history)     FILE#<file_no>            / HIST#<seq>
  file numbers per section    COUNTER#<section>#<year>  / COUNTER   (conditional: gapless, no duplicates)
  master data                 CFG                       / SETTINGS | SECTION#<code>
  its history                 CFG#<sk>                  / HIST#<seq>
  idempotency (Powertools)    IDEMPOTENCY#files         / <hash>

  GSI by_holder   holder_key  / held_sort "<since>#<file_no>"    sparse: files not yet disposed, so
                                                                 "pendency of an officer" is one Query
  GSI by_section  section_key / open_sort "<created_at>#<file_no>"  sparse: the section's open files
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import dynamo, masterstore
from chalicelib.core.history import Entry

SERVICE = "files"
MAX_PENDING = 2000   # a report reads at most this many files of one officer or section


class ByHolder(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_holder"
        projection = AllProjection()

    holder_key = UnicodeAttribute(hash_key=True)
    held_sort = UnicodeAttribute(range_key=True)


class BySection(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_section"
        projection = AllProjection()

    section_key = UnicodeAttribute(hash_key=True)
    open_sort = UnicodeAttribute(range_key=True)


class FileItem(Model):
    """Also the table's defining model: its keys, indexes and TTL create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    file_no = UnicodeAttribute()
    section = UnicodeAttribute()
    year = NumberAttribute()
    subject = UnicodeAttribute()
    reference = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    holder = UnicodeAttribute()
    holder_since = UnicodeAttribute()
    sent_by = UnicodeAttribute(null=True)
    last_note = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    disposed_at = UnicodeAttribute(null=True)
    archived_at = UnicodeAttribute(null=True)
    moves = NumberAttribute(default=0)
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    holder_key = UnicodeAttribute(null=True)
    held_sort = UnicodeAttribute(null=True)
    section_key = UnicodeAttribute(null=True)
    open_sort = UnicodeAttribute(null=True)
    expires_ttl = TTLAttribute(null=True)     # unused by files; the table's TTL attribute (idempotency)
    by_holder = ByHolder()
    by_section = BySection()


class CounterItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="COUNTER")
    value = NumberAttribute(default=0)


TABLE_MODELS = [FileItem]


def file_pk(file_no: str) -> str:
    return f"FILE#{file_no}"


def _derive(item: FileItem) -> None:
    """Index keys follow the record: a file leaves both pendency indexes once disposed."""
    pending = item.status == "OPEN"
    item.holder_key = item.holder if pending else None
    item.held_sort = f"{item.holder_since}#{item.file_no}" if pending else None
    item.section_key = item.section if pending else None
    item.open_sort = f"{item.created_at}#{item.file_no}" if pending else None


def get(file_no: str, consistent: bool = False) -> FileItem | None:
    return dynamo.get_or_none(FileItem, file_pk(file_no), "META", consistent)


def counter_value(section: str, year: int) -> int:
    found = dynamo.get_or_none(CounterItem, f"COUNTER#{section}#{year}", "COUNTER", consistent=True)
    return int(found.value or 0) if found else 0


def create(item: FileItem, entry: Entry, seen: int) -> bool:
    """The file, its first movement and the section's counter moved from `seen` to `seen + 1`, in one
    transaction; False when someone took that number first (the caller reads again and retries)."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item)
    counter = CounterItem(pk=f"COUNTER#{item.section}#{item.year}")
    condition = CounterItem.value.does_not_exist() if seen == 0 else CounterItem.value == seen
    try:
        with dynamo.transact() as tx:
            tx.update(counter, actions=[CounterItem.value.set(seen + 1)], condition=condition)
            tx.save(item, condition=FileItem.pk.does_not_exist())
            dynamo.history_put(tx, SERVICE, item.pk, entry)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def save(item: FileItem, entry: Entry, holder_was: str) -> None:
    """A movement, conditional on the version read and on who held the file: 409 if anyone moved it first."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item)
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=FileItem.holder == holder_was)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def history(file_no: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, file_pk(file_no))


def held_by(username: str) -> list[FileItem]:
    """Files pending with an officer, oldest first: one Query on the sparse holder index."""
    return list(FileItem.by_holder.query(username, limit=MAX_PENDING))


def open_in(section: str) -> list[FileItem]:
    return list(FileItem.by_section.query(section, limit=MAX_PENDING))


# --- master data: core.masterstore (versioned, seeded, hash-chained history) -----------------

master = masterstore.Bound(SERVICE)
