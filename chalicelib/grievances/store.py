"""grievances' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  grievance                            GRV#<urn>                    / META
  its history                          GRV#<urn>                    / HIST#<seq>
  master data (settings, offices,      CFG                          / SETTINGS#global | OFFICE#<code> |
    categories, seats)                                                CATEGORY#<code> | SEAT#<office>#L<n>#<node>
  its history                          CFG#<sk>                     / HIST#<seq>
  filings per mobile per day (limit)   LIMIT#<owner_key>#<day>      / LIMIT      (TTL)
  CPGRAMS registration number → URN    CPGRAMS#<reg_no>             / IMPORT
  machine API key (hashed secret)      APIKEY#<key_id>              / KEY
  housing-cell instruction             INS#<id>                     / META (+ HIST#<seq>)
  flow counters per dimension and day  STAT#<dimension>             / <day>#<value>#~<shard>
  pending per dimension and filing day PEND#<dimension>             / <day filed>#<value>#~<shard>
    (write-sharded: core.counters; readers get the shards summed)
  idempotency records (Powertools)     IDEMPOTENCY#grievances       / <hash>
  uploaded documents and their reads   x

  GSI by_owner     owner_key / created_at          GET /grievances?mine=true, the duplicate hint
  GSI by_assignee  assignee  / inbox_sort          the officer's inbox: "1#<due_at>#<urn>" while active
                                                   (so near-limit counts are two COUNT queries),
                                                   "2#<disposed_at>#<urn>" after
  GSI escalation   esc_shard / esc_due_at          sparse, keys only: only what the sweep may escalate;
                                                   sharded like the outbox's due index
  GSI by_month     month_key / created_at          Open311 GET requests (date range, ≤ 1 query a month)
  GSI housing      housing_division / created_at   sparse: housing-society complaints for the cells
  GSI instructions ins_division / ins_due_at       sparse: instructions not yet closed (overdue first)

  Officers' search (search_store.py; one Query per page, each filter a key; range s_filed =
  "<created_at>#<urn>", so a filed-date range is a key condition on every one of them):
  GSI s_district   s_dist     / s_filed            a district's grievances
  GSI s_status     s_status   / s_filed            "<district>#<status>"
  GSI s_category   s_category / s_filed            "<district>#<category>"
  GSI s_level      s_level    / s_filed            "<district>#L<level>"
  GSI s_office     s_office   / s_filed            "<district>#<office>"
  GSI s_society    society_reg_no / s_filed        sparse: grievances naming a society
  GSI s_tail       s_tail     / s_filed            "<district>#<last 4 digits of the URN>"
  GSI s_due        s_active   / s_due              sparse, active only: "<due_at>#<urn>" (overdue, within 48 h)
  (a mobile is found through by_owner: its keyed hash, never the number)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.core import counters as core_counters
from chalicelib.core import dynamo, masterstore, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "grievances"
SHARDS = 10

Counters = dict[tuple[str, str, str], dict[str, int]]


def _index(name: str, hash_attr: str, range_attr: str, projection: object = None) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": projection or AllProjection()})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), range_attr: UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


ByOwner = _index("by_owner", "owner_key", "created_at")
ByAssignee = _index("by_assignee", "assignee", "inbox_sort")
Escalation = _index("escalation", "esc_shard", "esc_due_at", KeysOnlyProjection())
ByMonth = _index("by_month", "month_key", "created_at")
Housing = _index("housing", "housing_division", "created_at")
Instructions = _index("instructions", "ins_division", "ins_due_at")
SDistrict = _index("s_district", "s_dist", "s_filed")
SStatus = _index("s_status", "s_status", "s_filed")
SCategory = _index("s_category", "s_category", "s_filed")
SLevel = _index("s_level", "s_level", "s_filed")
SOffice = _index("s_office", "s_office", "s_filed")
SSociety = _index("s_society", "society_reg_no", "s_filed")
STail = _index("s_tail", "s_tail", "s_filed")
SDue = _index("s_due", "s_active", "s_due")


class GrievanceItem(Model):
    """Also the table's defining model: its keys, indexes and TTL create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    urn = UnicodeAttribute()
    type = UnicodeAttribute()
    category = UnicodeAttribute()
    office = UnicodeAttribute()
    district = UnicodeAttribute()
    division = UnicodeAttribute()
    subject = UnicodeAttribute()
    description = UnicodeAttribute()
    society_reg_no = UnicodeAttribute(null=True)
    society_name = UnicodeAttribute(null=True)
    society_name_hi = UnicodeAttribute(null=True)
    documents = ListAttribute(of=UnicodeAttribute, default=list)
    mobile = UnicodeAttribute()                   # whole, for SMS only; masked in every view
    owner_key = UnicodeAttribute()
    citizen_id = UnicodeAttribute(null=True)
    lang = UnicodeAttribute(default="hi")
    source = UnicodeAttribute(default="web")
    filed_by = UnicodeAttribute()
    status = UnicodeAttribute()
    level = NumberAttribute()
    assignee = UnicodeAttribute(null=True)
    assignee_name = UnicodeAttribute(null=True)
    assignee_name_hi = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute()
    level_started_at = UnicodeAttribute()
    auto_escalate = BooleanAttribute(default=True)
    housing = BooleanAttribute(default=False)
    transfers = NumberAttribute(default=0)
    reopen_count = NumberAttribute(default=0)
    disposed_at = UnicodeAttribute(null=True)
    disposed_level = NumberAttribute(null=True)
    closure_note = UnicodeAttribute(null=True)
    closure_reason = UnicodeAttribute(null=True)
    feedback = JSONAttribute(null=True)
    last_reminder_at = UnicodeAttribute(null=True)
    special_close_proposed = BooleanAttribute(default=False)
    force_close_notice_at = UnicodeAttribute(null=True)
    target_at = UnicodeAttribute(null=True)
    interim_reply_at = UnicodeAttribute(null=True)
    cpgrams_reg_no = UnicodeAttribute(null=True)
    possible_duplicate_of = UnicodeAttribute(null=True)
    lat = NumberAttribute(null=True)
    long = NumberAttribute(null=True)
    address = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    # index keys, derived from the fields above by _derive() on every write
    inbox_sort = UnicodeAttribute(null=True)
    esc_shard = UnicodeAttribute(null=True)
    esc_due_at = UnicodeAttribute(null=True)
    month_key = UnicodeAttribute(null=True)
    housing_division = UnicodeAttribute(null=True)
    expires_ttl = TTLAttribute(null=True)         # unused by grievances; the table's TTL attribute
    by_owner = ByOwner()
    by_assignee = ByAssignee()
    escalation = Escalation()
    by_month = ByMonth()
    housing_index = Housing()
    instructions = Instructions()                 # populated by InstructionItem only
    # officers' search keys (search_store.py), derived by _derive() on every write
    s_filed = UnicodeAttribute(null=True)
    s_dist = UnicodeAttribute(null=True)
    s_status = UnicodeAttribute(null=True)
    s_category = UnicodeAttribute(null=True)
    s_level = UnicodeAttribute(null=True)
    s_office = UnicodeAttribute(null=True)
    s_tail = UnicodeAttribute(null=True)
    s_active = UnicodeAttribute(null=True)
    s_due = UnicodeAttribute(null=True)
    s_district_index = SDistrict()
    s_status_index = SStatus()
    s_category_index = SCategory()
    s_level_index = SLevel()
    s_office_index = SOffice()
    s_society_index = SSociety()
    s_tail_index = STail()
    s_due_index = SDue()


class StatItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    received = NumberAttribute(null=True)
    disposed = NumberAttribute(null=True)
    escalated = NumberAttribute(null=True)
    feedback = NumberAttribute(null=True)
    satisfied = NumberAttribute(null=True)
    reopened = NumberAttribute(null=True)
    pending = NumberAttribute(null=True)


class LimitItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="LIMIT")
    filed = NumberAttribute(default=0)
    expires_ttl = TTLAttribute(null=True)


class ImportItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="IMPORT")
    urn = UnicodeAttribute()


class ApiKeyItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="KEY")
    key_id = UnicodeAttribute()
    name = UnicodeAttribute()
    kind = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    active = BooleanAttribute(default=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()


class InstructionItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    id = UnicodeAttribute()
    division = UnicodeAttribute()
    district = UnicodeAttribute()
    office = UnicodeAttribute()
    subject = UnicodeAttribute()
    text = UnicodeAttribute()
    grievance_urn = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    issued_by = UnicodeAttribute()
    issued_at = UnicodeAttribute()
    due_at = UnicodeAttribute()
    compliance_report = UnicodeAttribute(null=True)
    complied_by = UnicodeAttribute(null=True)
    complied_at = UnicodeAttribute(null=True)
    closed_by = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    close_note = UnicodeAttribute(null=True)
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    ins_division = UnicodeAttribute(null=True)
    ins_due_at = UnicodeAttribute(null=True)
    instructions = Instructions()


TABLE_MODEL = GrievanceItem


def _condition_failed(exc: Exception) -> bool:
    return dynamo.is_condition_failure(exc)


# --- grievances ----------------------------------------------------------------------------

def grievance_pk(urn: str) -> str:
    return f"GRV#{urn}"


def new_grievance(**fields: object) -> GrievanceItem:
    return GrievanceItem(pk=grievance_pk(str(fields["urn"])), **fields)


def get(urn: str, consistent: bool = False) -> GrievanceItem | None:
    return dynamo.get_or_none(GrievanceItem, grievance_pk(urn), "META", consistent)


ACTIVE_BUCKET, DONE_BUCKET = "1", "2"


def _derive(item: GrievanceItem, active: bool) -> None:
    """Index keys follow the record: inbox order, the sparse escalation and housing entries."""
    if active:
        item.inbox_sort = f"{ACTIVE_BUCKET}#{item.due_at}#{item.urn}" if item.assignee else None
    else:
        item.inbox_sort = f"{DONE_BUCKET}#{item.disposed_at or item.updated_at}#{item.urn}" if item.assignee else None
    if active and item.auto_escalate:
        item.esc_shard, item.esc_due_at = f"S{int(item.urn) % SHARDS}", item.due_at
    else:
        item.esc_shard = item.esc_due_at = None
    item.month_key = item.created_at[:7]
    item.housing_division = item.division if item.housing else None
    _derive_search(item, active)


def _derive_search(item: GrievanceItem, active: bool) -> None:
    """The officers' search keys (see the table at the top): every filter is a key, scoped by district."""
    district = item.district
    item.s_filed = f"{item.created_at}#{item.urn}"
    item.s_dist = district
    item.s_status = f"{district}#{item.status}"
    item.s_category = f"{district}#{item.category}"
    item.s_level = f"{district}#L{int(item.level)}"
    item.s_office = f"{district}#{item.office}"
    item.s_tail = f"{district}#{item.urn[-4:]}"
    item.s_active, item.s_due = (district, f"{item.due_at}#{item.urn}") if active else (None, None)


def _counters(tx: TransactWrite, counters: Counters) -> None:
    for (kind, dim, sort_key), deltas in counters.items():
        core_counters.add(tx, StatItem, f"{kind}#{dim}", sort_key, deltas)


def limit_pk(owner_key: str, day: str) -> str:
    return f"LIMIT#{owner_key}#{day}"


def create(item: GrievanceItem, active: bool, entry: Entry, messages: list[Sms], counters: Counters,
           limit_key: str | None, daily_limit: int, expires: object, import_reg_no: str | None = None,
           attach: object = None) -> bool:
    """The grievance, its first history entry, the day's filing count (refused at the limit), its
    SMS, counters and (CPGRAMS) the registration-number marker, in one transaction.

    False when a condition failed: the day's limit, a taken URN or an already imported number;
    the caller tells which by reading (filed_today / imported_urn).
    """
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item, active)
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=GrievanceItem.pk.does_not_exist())
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            if limit_key:
                tx.update(LimitItem(pk=limit_key), actions=[LimitItem.filed.add(1), LimitItem.expires_ttl.set(expires)],
                          condition=LimitItem.filed.does_not_exist() | (LimitItem.filed < daily_limit))
            if import_reg_no:
                tx.save(ImportItem(pk=f"CPGRAMS#{import_reg_no}", urn=item.urn),
                        condition=ImportItem.pk.does_not_exist())
            if attach:                     # the filer's uploaded documents, bound to this grievance
                attach(tx)
            outbox.add_to(tx, messages)
            _counters(tx, counters)
    except TransactWriteError as exc:
        if _condition_failed(exc):
            return False
        raise
    return True


def save(item: GrievanceItem, active: bool, entry: Entry, messages: list[Sms], counters: Counters) -> None:
    """A change, conditional on the version read, with its history entry, SMS and counters; 409 if
    someone (an officer, the sweep) changed it first."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item, active)
    try:
        with dynamo.transact() as tx:
            tx.save(item)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            outbox.add_to(tx, messages)
            _counters(tx, counters)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def set_auto_escalate(item: GrievanceItem, value: bool) -> None:
    """Take a grievance off (or on) the sweep's index without a state change (L3→L4 made manual)."""
    item.auto_escalate = value
    _derive(item, True)
    item.save()


def filed_today(limit_key: str) -> int:
    found = dynamo.get_or_none(LimitItem, limit_key, "LIMIT", consistent=True)
    return int(found.filed or 0) if found else 0


def imported_urn(reg_no: str) -> str | None:
    found = dynamo.get_or_none(ImportItem, f"CPGRAMS#{reg_no}", "IMPORT", consistent=True)
    return found.urn if found else None


def get_with_history(urn: str, consistent: bool = False) -> tuple[GrievanceItem | None, list[Entry]]:
    """The grievance and its history in one Query (they share the partition GRV#<urn>)."""
    return dynamo.with_history(GrievanceItem, SERVICE, grievance_pk(urn), "META", consistent)


def history(urn: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, grievance_pk(urn))


def mine(owner_key: str, limit: int, start: dict | None):
    results = GrievanceItem.by_owner.query(owner_key, scan_index_forward=False, last_evaluated_key=start,
                                           page_size=limit)
    return dynamo.page(results, limit)


def recent_for_owner(owner_key: str, since: str, limit: int = 100) -> list[GrievanceItem]:
    results = GrievanceItem.by_owner.query(owner_key, GrievanceItem.created_at >= since,
                                           scan_index_forward=False, limit=limit)
    return list(results)


def inbox(assignee: str, bucket: str, status: str | None, limit: int, start: dict | None):
    condition = GrievanceItem.status == status if status else None
    results = GrievanceItem.by_assignee.query(assignee, GrievanceItem.inbox_sort.startswith(f"{bucket}#"),
                                              filter_condition=condition, last_evaluated_key=start,
                                              page_size=limit)
    return dynamo.page(results, limit)


def inbox_counts(assignee: str, now: str, near: str) -> tuple[int, int]:
    """(past their limit, within the warning window): two COUNT queries on the inbox index."""
    overdue = GrievanceItem.by_assignee.count(     # due at or before now ("~" sorts after "#<urn>")
        assignee, GrievanceItem.inbox_sort.between(f"{ACTIVE_BUCKET}#", f"{ACTIVE_BUCKET}#{now}~"))
    soon = GrievanceItem.by_assignee.count(
        assignee, GrievanceItem.inbox_sort.between(f"{ACTIVE_BUCKET}#{now}~", f"{ACTIVE_BUCKET}#{near}~"))
    return overdue, soon


def housing_list(division: str, limit: int, start: dict | None):
    results = GrievanceItem.housing_index.query(division, scan_index_forward=False, last_evaluated_key=start,
                                                page_size=limit)
    return dynamo.page(results, limit)


def by_month(month: str, start_at: str, end_at: str, category: str | None, status_in: list[str] | None,
             limit: int) -> list[GrievanceItem]:
    condition = GrievanceItem.type != "corruption"   # never listed publicly
    if category:
        condition &= GrievanceItem.category == category
    if status_in:
        condition &= GrievanceItem.status.is_in(*status_in)
    results = GrievanceItem.by_month.query(month, GrievanceItem.created_at.between(start_at, end_at),
                                           filter_condition=condition, scan_index_forward=False, limit=limit)
    return list(results)


def batch(urns: list[str]) -> list[GrievanceItem]:
    found: list[GrievanceItem] = []
    for chunk in dynamo.chunks(urns, 100):
        found.extend(GrievanceItem.batch_get([(grievance_pk(u), "META") for u in chunk]))
    return found


def due_for_escalation(shard: int, now: str, limit: int) -> list[str]:
    """URNs whose level time has passed (sparse index: only what the sweep may escalate)."""
    results = GrievanceItem.escalation.query(f"S{shard}", GrievanceItem.esc_due_at <= now, limit=limit)
    return [item.pk.removeprefix("GRV#") for item in results]


# --- master data: core.masterstore (versioned, seeded, hash-chained history) -----------------

master = masterstore.Bound(SERVICE)
config_one, config_history = master.one, master.history_of   # the names the tests read through


# --- counters ------------------------------------------------------------------------------

def stats(kind: str, dim: str, low: str, high: str) -> list[StatItem]:
    """The counters of one dimension between two sort keys, their shards summed (core.counters)."""
    return core_counters.query(StatItem, f"{kind}#{dim}", low, high)


# --- machine keys --------------------------------------------------------------------------

def get_key(key_id: str) -> ApiKeyItem | None:
    return dynamo.get_or_none(ApiKeyItem, f"APIKEY#{key_id}", "KEY")


def save_key(item: ApiKeyItem, entry: Entry, create: bool) -> None:
    item.history_seq, item.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=ApiKeyItem.pk.does_not_exist() if create else None)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


# --- housing-cell instructions -------------------------------------------------------------

def instruction_pk(instruction_id: str) -> str:
    return f"INS#{instruction_id}"


def get_instruction(instruction_id: str) -> InstructionItem | None:
    return dynamo.get_or_none(InstructionItem, instruction_pk(instruction_id), "META")


def save_instruction(item: InstructionItem, entry: Entry, messages: list[Sms], create: bool) -> None:
    item.history_seq, item.history_hash = entry.seq, entry.hash
    open_ = item.status != "CLOSED"
    item.ins_division, item.ins_due_at = (item.division, f"{item.due_at}#{item.id}") if open_ else (None, None)
    try:
        with dynamo.transact() as tx:
            tx.save(item, condition=InstructionItem.pk.does_not_exist() if create else None)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def open_instructions(division: str, before: str | None, district: str | None, limit: int, start: dict | None):
    condition = InstructionItem.ins_due_at < before if before else None
    filters = InstructionItem.district == district if district else None
    if before:
        filters = (filters & (InstructionItem.status == "ISSUED")) if filters is not None else (
            InstructionItem.status == "ISSUED")
    results = InstructionItem.instructions.query(division, condition, filter_condition=filters,
                                                 last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def instruction_history(instruction_id: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, instruction_pk(instruction_id))


def is_put_conflict(exc: Exception) -> bool:
    return isinstance(exc, PutError) and dynamo.is_condition_failure(exc)
