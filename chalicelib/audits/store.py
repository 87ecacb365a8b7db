"""audits' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  audit allotment of a society for a year   ALLOT#<year>#<reg_no>          / META (+ HIST#<seq>)
  an auditor's load for a year (capacity)   LOAD#<year>#<kind>:<id>        / LOAD
  CA firm (master data: partners, capacity) FIRM#<frn>                     / META (+ HIST#<seq>)
  a firm's empanelment for a cycle          EMP#<year>#<frn>               / META (+ HIST#<seq>)
  departmental auditor                      AUDITOR#<username>             / META (+ HIST#<seq>)
  settings (class bands, rotation, ...)     CFG                            / SETTINGS (history: CFG#SETTINGS)
  a bulk allocation run and its report      RUN#<run_id>                   / META, MISS#<reg_no>
  the token of an empanelment's waiting step EMP#<year>#<frn>             / TASK#<stage>   (core.workflow)
  idempotency records (Powertools)          IDEMPOTENCY#audits             / <hash>
  review counters: reports by IST day       DAY#district                   / <YYYY-MM-DD>#<district>
    (a window of days is one Query)                                          (reported, class_a..class_d)
  review counters: allotments of a year     YEAR#<year>                    / <district> (allotted, reported)
    (review counters are write-sharded, sk + "#~<shard>": core.counters; readers get the shards summed)

  GSI by_district  district_key / sort_key   "<year>#<district>" / reg_no: a district's allotments for a
                                             year (a bulk run reads this year's and the last three here)
  GSI by_auditor   auditor_year / sort_key   "<year>#<kind>:<id>" / reg_no: an auditor's assignments
  GSI by_list      list_key / sort_key       "EMP#<year>#<status>" / frn: empanelments by status (the
                                             public list is EMPANELLED); "AUDITORS#<district>" / username;
                                             "FIRMS" / frn
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.core import counters as core_counters
from chalicelib.core import dynamo, ids, masterstore, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "audits"
SETTINGS_SK = "SETTINGS"   # its key under core.masterstore (pk CFG)
TX_ITEMS = 100   # DynamoDB's limit of items in one transaction


def _index(name: str, hash_attr: str, projection: object) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": projection})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), "sort_key": UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


ByDistrict = _index("by_district", "district_key", IncludeProjection(["reg_no", "auditor", "status", "audit_class"]))
ByAuditor = _index("by_auditor", "auditor_year", AllProjection())
ByList = _index("by_list", "list_key", AllProjection())


class AllotmentItem(Model):
    """Also the table's defining model: its keys and indexes create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    year = UnicodeAttribute()
    reg_no = UnicodeAttribute()
    district = UnicodeAttribute()
    division = UnicodeAttribute()
    society_name = UnicodeAttribute(null=True)
    auditor = UnicodeAttribute()                 # "<kind>:<id>"
    auditor_name = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    allotted_by = UnicodeAttribute()
    allotted_at = UnicodeAttribute()
    run_id = UnicodeAttribute(null=True)
    marks = UnicodeAttribute(null=True)          # Decimal as text
    audit_class = UnicodeAttribute(null=True)
    fee = UnicodeAttribute(null=True)            # Decimal as text
    remarks = UnicodeAttribute(null=True)
    reported_at = UnicodeAttribute(null=True)
    reported_by = UnicodeAttribute(null=True)
    compliance = UnicodeAttribute(null=True)
    complied_at = UnicodeAttribute(null=True)
    complied_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    district_key = UnicodeAttribute(null=True)
    auditor_year = UnicodeAttribute(null=True)
    list_key = UnicodeAttribute(null=True)       # not used by allotments; by_list's key
    sort_key = UnicodeAttribute(null=True)
    by_district = ByDistrict()
    by_auditor = ByAuditor()
    by_list = ByList()


class FirmItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    frn = UnicodeAttribute()
    name = UnicodeAttribute()
    partners = JSONAttribute()
    experience_years = NumberAttribute()
    mobile = UnicodeAttribute()
    email = UnicodeAttribute()
    district = UnicodeAttribute()
    capacity = NumberAttribute()
    username = UnicodeAttribute()
    active = BooleanAttribute(default=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    list_key = UnicodeAttribute(default="FIRMS")
    sort_key = UnicodeAttribute()
    by_list = ByList()


class EmpanelmentItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    frn = UnicodeAttribute()
    year = UnicodeAttribute()
    status = UnicodeAttribute()
    firm_name = UnicodeAttribute()
    district = UnicodeAttribute()
    partners = JSONAttribute(null=True)
    experience_years = NumberAttribute(null=True)
    documents = JSONAttribute(null=True)
    shortfall = UnicodeAttribute(null=True)
    decision_note = UnicodeAttribute(null=True)
    valid_until = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    task_token = UnicodeAttribute(null=True)     # the waiting workflow step, if any
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    list_key = UnicodeAttribute()
    sort_key = UnicodeAttribute()
    by_list = ByList()


class AuditorItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    username = UnicodeAttribute()
    name = UnicodeAttribute()
    district = UnicodeAttribute()
    capacity = NumberAttribute()
    active = BooleanAttribute(default=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    list_key = UnicodeAttribute()
    sort_key = UnicodeAttribute()
    by_list = ByList()


class LoadItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="LOAD")
    allotted = NumberAttribute(default=0)


class RunItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    run_id = UnicodeAttribute()
    year = UnicodeAttribute()
    district = UnicodeAttribute()
    run_by = UnicodeAttribute()
    run_at = UnicodeAttribute()
    summary = JSONAttribute()


class MissItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    reg_no = UnicodeAttribute()
    reason = UnicodeAttribute()


class TaskItem(Model):
    """The token of the step an empanelment's execution waits at (one per stage)."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    token = UnicodeAttribute()
    execution_arn = UnicodeAttribute()
    state = UnicodeAttribute()
    entered_at = UnicodeAttribute()
    claimed_by = UnicodeAttribute(null=True)


class StatItem(Model):
    """Counters the fortnightly review reads, written in the transactions that change allotments."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    allotted = NumberAttribute(null=True)
    reported = NumberAttribute(null=True)
    class_a = NumberAttribute(null=True)
    class_b = NumberAttribute(null=True)
    class_c = NumberAttribute(null=True)
    class_d = NumberAttribute(null=True)


TABLE_MODELS = [AllotmentItem]
DAY_PK = "DAY#district"


# --- keys ------------------------------------------------------------------------------------

def allotment_pk(year: str, reg_no: str) -> str:
    return f"ALLOT#{year}#{reg_no}"


def load_pk(year: str, key: str) -> str:
    return f"LOAD#{year}#{key}"


def firm_pk(frn: str) -> str:
    return f"FIRM#{frn}"


def empanelment_pk(year: str, frn: str) -> str:
    return f"EMP#{year}#{frn}"


def auditor_pk(username: str) -> str:
    return f"AUDITOR#{username}"


def run_pk(run_id: str) -> str:
    return f"RUN#{run_id}"


def _chain(item: Model, entry: Entry) -> None:
    item.history_seq, item.history_hash = entry.seq, entry.hash


def _write(tx: object, item: Model, entry: Entry, create: bool) -> None:
    _chain(item, entry)
    tx.save(item, condition=type(item).pk.does_not_exist() if create else None)
    dynamo.history_put(tx, SERVICE, item.pk, entry)


def save_record(item: Model, entry: Entry, create: bool, messages: list[Sms] | None = None,
                conflict: str = "VERSION_CONFLICT", join: object = None, **params: str) -> None:
    """Create (refused if the key exists) or change (refused if the version moved) one record,
    with its history entry, SMS and whatever `join(tx)` adds (documents attached), in one
    transaction; 409 `conflict` either way."""
    try:
        with dynamo.transact() as tx:
            _write(tx, item, entry, create)
            outbox.add_to(tx, messages or [])
            if join:
                join(tx)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc, conflict if create else "VERSION_CONFLICT", **params)


def history(pk: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, pk)


# --- settings --------------------------------------------------------------------------------

master = masterstore.Bound(SERVICE)   # master data: core.masterstore (versioned, seeded, history)


def settings() -> object | None:
    return master.one(SETTINGS_SK)


# --- firms, empanelments, departmental auditors ----------------------------------------------

def get_firm(frn: str) -> FirmItem | None:
    return dynamo.get_or_none(FirmItem, firm_pk(frn), "META")


def firms(frns: list[str]) -> dict[str, FirmItem]:
    found: dict[str, FirmItem] = {}
    for chunk in dynamo.chunks(sorted(set(frns)), 100):
        for item in FirmItem.batch_get([(firm_pk(f), "META") for f in chunk]):
            found[item.frn] = item
    return found


def firm_page(limit: int, start: dict | None):
    return dynamo.page(FirmItem.by_list.query("FIRMS", last_evaluated_key=start, page_size=limit), limit)


def create_firm(firm: FirmItem, entry: Entry, join: object) -> bool:
    """The firm and whatever `join(tx)` adds (its login), in one transaction; False if it exists."""
    _chain(firm, entry)
    try:
        with dynamo.transact() as tx:
            _write(tx, firm, entry, create=True)
            join(tx)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def get_empanelment(year: str, frn: str, consistent: bool = False) -> EmpanelmentItem | None:
    return dynamo.get_or_none(EmpanelmentItem, empanelment_pk(year, frn), "META", consistent)


def empanelments(year: str, status: str, limit: int, start: dict | None):
    results = EmpanelmentItem.by_list.query(f"EMP#{year}#{status}", last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def all_empanelled(year: str, status: str) -> list[EmpanelmentItem]:
    return list(EmpanelmentItem.by_list.query(f"EMP#{year}#{status}"))


def keep_task(year: str, frn: str, stage: str, token: str, execution_arn: str, state: str, entered_at: str) -> None:
    """Kept as it arrives; a late repeat of an older step's message never replaces a newer one."""
    item = TaskItem(pk=empanelment_pk(year, frn), sk=f"TASK#{stage}", token=token, execution_arn=execution_arn,
                    state=state, entered_at=entered_at)
    try:
        item.save(condition=TaskItem.pk.does_not_exist() | (TaskItem.entered_at <= entered_at))
    except PutError as exc:
        if not dynamo.is_condition_failure(exc):
            raise


def get_task(year: str, frn: str, stage: str) -> TaskItem | None:
    return dynamo.get_or_none(TaskItem, empanelment_pk(year, frn), f"TASK#{stage}", consistent=True)


def claim_task(task: TaskItem, actor: str) -> bool:
    """Only one action may answer a step: the first to claim its token. False if another has."""
    try:
        task.update(actions=[TaskItem.claimed_by.set(actor)],
                    condition=TaskItem.claimed_by.does_not_exist() & (TaskItem.token == task.token))
    except UpdateError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def release_task(task: TaskItem) -> None:
    """The answer failed: let the step be answered again."""
    task.update(actions=[TaskItem.claimed_by.remove()], condition=TaskItem.token == task.token)


def drop_task(year: str, frn: str, stage: str, token: str) -> None:
    """Forget an answered step's token (only that token: a newer one for the stage stays)."""
    try:
        TaskItem(pk=empanelment_pk(year, frn), sk=f"TASK#{stage}").delete(condition=TaskItem.token == token)
    except DeleteError as exc:
        if not dynamo.is_condition_failure(exc):
            raise


def get_auditor(username: str) -> AuditorItem | None:
    return dynamo.get_or_none(AuditorItem, auditor_pk(username), "META")


def auditors(usernames: list[str]) -> dict[str, AuditorItem]:
    found: dict[str, AuditorItem] = {}
    for chunk in dynamo.chunks(sorted(set(usernames)), 100):
        for item in AuditorItem.batch_get([(auditor_pk(u), "META") for u in chunk]):
            found[item.username] = item
    return found


def district_auditors(district: str) -> list[AuditorItem]:
    return list(AuditorItem.by_list.query(f"AUDITORS#{district}"))


# --- allotments ------------------------------------------------------------------------------

def get_allotment(year: str, reg_no: str, consistent: bool = False) -> AllotmentItem | None:
    return dynamo.get_or_none(AllotmentItem, allotment_pk(year, reg_no), "META", consistent)


def derive(item: AllotmentItem) -> None:
    """Index keys follow the record."""
    item.district_key = f"{item.year}#{item.district}"
    item.auditor_year = f"{item.year}#{item.auditor}"
    item.sort_key = item.reg_no


def prior_auditors(years: list[str], reg_no: str) -> dict[str, str]:
    """year -> auditor key of one society's allotments in those years (one BatchGet)."""
    keys = [(allotment_pk(y, reg_no), "META") for y in years]
    return {i.year: i.auditor for i in AllotmentItem.batch_get(keys, attributes_to_get=["year", "auditor"])}


def district_auditors_by_society(year: str, district: str) -> dict[str, str]:
    """reg_no -> auditor key of every allotment of a district in a year (the by_district index)."""
    results = AllotmentItem.by_district.query(f"{year}#{district}", attributes_to_get=["reg_no", "auditor"])
    return {item.reg_no: item.auditor for item in results}


def district_page(year: str, district: str, status: str | None, limit: int, start: dict | None):
    condition = AllotmentItem.status == status if status else None
    results = AllotmentItem.by_district.query(f"{year}#{district}", filter_condition=condition,
                                              last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def auditor_page(year: str, key: str, limit: int, start: dict | None):
    results = AllotmentItem.by_auditor.query(f"{year}#{key}", last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


def loads(year: str, keys: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in dynamo.chunks(sorted(set(keys)), 100):
        for item in LoadItem.batch_get([(load_pk(year, k), "LOAD") for k in chunk], consistent_read=True):
            found[item.pk.removeprefix(f"LOAD#{year}#")] = int(item.allotted or 0)
    return {k: found.get(k, 0) for k in keys}


def _add_load(tx: object, year: str, key: str, count: int, capacity: int | None) -> None:
    """Add to an auditor's load; with a capacity, only while the sum stays within it."""
    item = LoadItem(pk=load_pk(year, key))
    condition = None
    if capacity is not None:
        condition = LoadItem.allotted.does_not_exist() | (LoadItem.allotted <= capacity - count)
    tx.update(item, actions=[LoadItem.allotted.add(count)], condition=condition)


class LoadConflict(Exception):
    """A condition failed inside an allotment transaction; `which` names the items (by kind)."""

    def __init__(self, which: list[str]) -> None:
        super().__init__(", ".join(which))
        self.which = which


def _failed(exc: TransactWriteError, labels: list[str]) -> list[str]:
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return [label for label, reason in zip(labels, reasons, strict=False)
            if reason is not None and reason.code == "ConditionalCheckFailed"]


def allot(items: list[tuple[AllotmentItem, Entry]], load_changes: dict[str, tuple[int, int | None]],
          messages: list[Sms] | None = None) -> None:
    """Allotments (new ones refused if present, changed ones if their version moved), their history,
    the auditors' loads (`key -> (delta, capacity or None)`) and SMS, in one transaction.

    Raises LoadConflict naming what failed: "allot:<reg_no>" or "load:<key>".
    """
    # Cancellation reasons come in request order, and pynamodb sends puts before updates.
    labels: list[str] = []
    for item, _ in items:
        labels += [f"allot:{item.reg_no}", "history"]
    labels += ["sms"] * len(messages or [])
    labels += [f"load:{key}" for key in sorted(load_changes)]
    labels += ["stat"] * len({(item.year, item.district) for item, entry in items if entry.seq == 1})
    over = [f"load:{key}" for key, (delta, cap) in load_changes.items() if cap is not None and delta > cap]
    if over:
        raise LoadConflict(over)
    # A client-side retry of a transaction that did land must not fail on its own conditions:
    # DynamoDB treats a repeated ClientRequestToken (10 minutes) as the same transaction.
    try:
        with dynamo.transact(client_request_token=ids.new_id()) as tx:
            for item, entry in items:
                derive(item)
                _write(tx, item, entry, create=entry.seq == 1)
            outbox.add_to(tx, messages or [])
            for key, (delta, capacity) in sorted(load_changes.items()):
                _add_load(tx, items[0][0].year, key, delta, capacity)
            _count_new(tx, [item for item, entry in items if entry.seq == 1])
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            raise LoadConflict(_failed(exc, labels) or ["unknown"]) from exc
        raise


def landed(item: AllotmentItem) -> bool:
    """Whether this very allotment is stored (a transaction reported failed may have landed)."""
    found = get_allotment(item.year, item.reg_no, consistent=True)
    return found is not None and found.run_id == item.run_id and found.auditor == item.auditor


def save_allotment(item: AllotmentItem, entry: Entry, messages: list[Sms] | None = None) -> None:
    derive(item)
    save_record(item, entry, create=False, messages=messages)


def _count_new(tx: object, items: list[AllotmentItem]) -> None:
    """New allotments add to their year's district counter (the review's allotted-not-reported)."""
    counts: dict[tuple[str, str], int] = {}
    for item in items:
        counts[(item.year, item.district)] = counts.get((item.year, item.district), 0) + 1
    for (year, district), count in sorted(counts.items()):
        core_counters.add(tx, StatItem, f"YEAR#{year}", district, {"allotted": count})


def save_report(item: AllotmentItem, entry: Entry, day: str, messages: list[Sms] | None = None) -> None:
    """A submitted report, with the review's counters (by IST day, and its year's) in the same transaction."""
    grade = f"class_{(item.audit_class or '').lower()}"

    def count(tx: object) -> None:
        deltas = {"reported": 1, **({grade: 1} if grade in StatItem.get_attributes() else {})}
        core_counters.add(tx, StatItem, DAY_PK, f"{day}#{item.district}", deltas)
        core_counters.add(tx, StatItem, f"YEAR#{item.year}", item.district, {"reported": 1})

    derive(item)
    save_record(item, entry, create=False, messages=messages, join=count)


def day_stats(first: str, last: str) -> list[StatItem]:
    """Every district's report counters from the first to the last IST day (ISO), both included."""
    return core_counters.query(StatItem, DAY_PK, f"{first}#", f"{last}#~")


def year_stats(year: str) -> list[StatItem]:
    """Every district's allotted and reported counters of a year (one Query)."""
    return core_counters.query(StatItem, f"YEAR#{year}")


# --- bulk runs -------------------------------------------------------------------------------

def save_run(run: RunItem, missed: list[tuple[str, str]], messages: list[Sms]) -> None:
    """The run's not-allotted lines (batched), then its summary with the auditors' SMS."""
    with MissItem.batch_write() as batch:
        for reg_no, reason in missed:
            batch.save(MissItem(pk=run.pk, sk=f"MISS#{reg_no}", reg_no=reg_no, reason=reason))
    chunks = list(dynamo.chunks(messages, (TX_ITEMS - 1) // 2)) or [[]]   # each SMS: outbox + notification
    for number, chunk in enumerate(chunks):
        with dynamo.transact() as tx:
            if number == 0:
                tx.save(run, condition=RunItem.pk.does_not_exist())
            outbox.add_to(tx, chunk)


def get_run(run_id: str) -> RunItem | None:
    return dynamo.get_or_none(RunItem, run_pk(run_id), "META")


def missed_page(run_id: str, limit: int, start: dict | None):
    results = MissItem.query(run_pk(run_id), MissItem.sk.startswith("MISS#"), last_evaluated_key=start,
                             page_size=limit)
    return dynamo.page(results, limit)
