"""courts' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  case                            CASE#<case_id>            / META
  its history                     CASE#<case_id>            / HIST#<seq>
  its hearings (peshi)            CASE#<case_id>            / HEARING#<nn>
  its orders and judgments        CASE#<case_id>            / ORDER#<order_id>   (PDF: core.documents, DOC#<id>)
  case number -> case (unique)    CASENO#<case_no>          / CASENO
  case numbers per court and year COUNTER#<court>#<year>    / COUNTER   (conditional: gapless, no duplicates)
  master data (courts, settings)  CFG                       / COURT#<code> | SETTINGS
  its history                     CFG#<sk>                  / HIST#<seq>
  idempotency (Powertools)        IDEMPOTENCY#courts        / <hash>

  GSI causelist  cl_key "<court>#<date>" / cl_sort "<case_no>#<nn>"   a court's cause list for a day: one Query
  GSI reminders  rem_date "<date>"       / rem_sort "<court>#<case_id>#<nn>"  sparse: hearings on that date
                                                                   not yet reminded (the day-before job)
  GSI by_court   court_key <court>       / case_sort "<filed_at>#<case_id>"   the court's registry
"""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import dynamo, masterstore, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "courts"
MAX_LIST = 1000   # a cause list or reminder run reads at most this many hearings of one day


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
    attrs = {"Meta": meta, hash_attr: UnicodeAttribute(hash_key=True), range_attr: UnicodeAttribute(range_key=True)}
    return type(name.title().replace("_", ""), (GlobalSecondaryIndex,), attrs)


CauseList = _index("causelist", "cl_key", "cl_sort")
Reminders = _index("reminders", "rem_date", "rem_sort")
ByCourt = _index("by_court", "court_key", "case_sort")


class CaseItem(Model):
    """Also the table's defining model: its keys, indexes and TTL create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    case_id = UnicodeAttribute()
    court = UnicodeAttribute()
    kind = UnicodeAttribute()
    subject = UnicodeAttribute()
    section = UnicodeAttribute(null=True)
    society_reg_no = UnicodeAttribute(null=True)
    parties = JSONAttribute()                     # mobiles whole, for SMS only; masked in every view
    status = UnicodeAttribute()
    case_no = UnicodeAttribute(null=True)
    year = NumberAttribute(null=True)
    next_hearing = UnicodeAttribute(null=True)    # date (IST) of the hearing pending, if any
    hearings = NumberAttribute(default=0)
    decision = JSONAttribute(null=True)
    appeal_of = UnicodeAttribute(null=True)       # case number of the decided case appealed against
    appeals = JSONAttribute(null=True)            # case ids of appeals filed against this one
    filed_by = UnicodeAttribute()
    filed_at = UnicodeAttribute()
    registered_at = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    court_key = UnicodeAttribute(null=True)
    case_sort = UnicodeAttribute(null=True)
    expires_ttl = TTLAttribute(null=True)         # unused by courts; the table's TTL attribute
    by_court = ByCourt()
    causelist = CauseList()
    reminders = Reminders()


class HearingItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    case_id = UnicodeAttribute()
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    date = UnicodeAttribute()
    purpose = UnicodeAttribute()
    title = UnicodeAttribute()                    # "petitioners v. respondents", for the cause list
    advocates = UnicodeAttribute(null=True)
    status = UnicodeAttribute()                   # SCHEDULED | ADJOURNED | MOVED | HEARD | DECIDED
    outcome = UnicodeAttribute(null=True)
    next_date = UnicodeAttribute(null=True)
    listed_at = UnicodeAttribute()
    reminded_at = UnicodeAttribute(null=True)
    cl_key = UnicodeAttribute(null=True)
    cl_sort = UnicodeAttribute(null=True)
    rem_date = UnicodeAttribute(null=True)
    rem_sort = UnicodeAttribute(null=True)
    causelist = CauseList()
    reminders = Reminders()


class OrderItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    order_id = UnicodeAttribute()
    kind = UnicodeAttribute()                     # interim | final
    title = UnicodeAttribute()
    order_date = UnicodeAttribute()
    status = UnicodeAttribute()                   # PENDING_UPLOAD | PUBLISHED
    document = JSONAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()


class CaseNoItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="CASENO")
    case_id = UnicodeAttribute()


class CounterItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="COUNTER")
    value = NumberAttribute(default=0)


TABLE_MODELS = [CaseItem]


def case_pk(case_id: str) -> str:
    return f"CASE#{case_id}"


def hearing_sk(n: int) -> str:
    return f"HEARING#{n:03d}"


def new_case(**fields: object) -> CaseItem:
    item = CaseItem(pk=case_pk(str(fields["case_id"])), **fields)
    item.court_key, item.case_sort = item.court, f"{item.filed_at}#{item.case_id}"
    return item


def new_hearing(case: CaseItem, n: int, **fields: object) -> HearingItem:
    return HearingItem(pk=case.pk, sk=hearing_sk(n), case_id=case.case_id, case_no=case.case_no, court=case.court,
                       **fields)


def derive_hearing(item: HearingItem) -> None:
    """A hearing is on its day's cause list unless it was moved to another date before it came, and
    waits for the day-before reminder while scheduled and not yet reminded."""
    listed = item.status != "MOVED"
    item.cl_key = f"{item.court}#{item.date}" if listed else None
    item.cl_sort = f"{item.case_no}#{item.sk}" if listed else None
    waiting = item.status == "SCHEDULED" and not item.reminded_at
    item.rem_date = item.date if waiting else None
    item.rem_sort = f"{item.court}#{item.case_id}#{item.sk}" if waiting else None


def new_order(case: CaseItem, **fields: object) -> OrderItem:
    return OrderItem(pk=case.pk, sk=f"ORDER#{fields['order_id']}", **fields)


def get(case_id: str, consistent: bool = False) -> CaseItem | None:
    return dynamo.get_or_none(CaseItem, case_pk(case_id), "META", consistent)


def case_id_of(case_no: str) -> str | None:
    found = dynamo.get_or_none(CaseNoItem, f"CASENO#{case_no}", "CASENO")
    return found.case_id if found else None


def hearing(case_id: str, n: int) -> HearingItem | None:
    return dynamo.get_or_none(HearingItem, case_pk(case_id), hearing_sk(n), consistent=True)


def hearings(case_id: str) -> list[HearingItem]:
    return list(HearingItem.query(case_pk(case_id), HearingItem.sk.startswith("HEARING#")))


def orders(case_id: str) -> list[OrderItem]:
    return list(OrderItem.query(case_pk(case_id), OrderItem.sk.startswith("ORDER#")))


def order(case_id: str, order_id: str) -> OrderItem | None:
    return dynamo.get_or_none(OrderItem, case_pk(case_id), f"ORDER#{order_id}", consistent=True)


def counter_value(court: str, year: int) -> int:
    found = dynamo.get_or_none(CounterItem, f"COUNTER#{court}#{year}", "COUNTER", consistent=True)
    return int(found.value or 0) if found else 0


def save(case: CaseItem, entry: Entry, messages: list[Sms], *, create: bool = False,
         hearings_: list[HearingItem] = (), number: tuple[int, int] | None = None,
         linked: tuple[CaseItem, Entry] | None = None) -> bool:
    """A case change in one transaction: the case (conditional on the version read), its history entry,
    the hearings it touches, its SMS, and when registering the court's counter moved from `seen` to
    `seen + 1` with the case-number marker; when an appeal is filed, the appealed case too.

    When numbering, False if a condition failed (the caller reads again: a moved counter is retried,
    a moved case is a 409); otherwise 409 on a stale version.
    """
    case.history_seq, case.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(case, condition=CaseItem.pk.does_not_exist() if create else None)
            dynamo.history_put(tx, SERVICE, case.pk, entry)
            for item in hearings_:
                derive_hearing(item)
                tx.save(item)
            if number is not None:
                seen, _ = number
                counter = CounterItem(pk=f"COUNTER#{case.court}#{case.year}")
                condition = CounterItem.value.does_not_exist() if seen == 0 else CounterItem.value == seen
                tx.update(counter, actions=[CounterItem.value.set(seen + 1)], condition=condition)
                tx.save(CaseNoItem(pk=f"CASENO#{case.case_no}", case_id=case.case_id),
                        condition=CaseNoItem.pk.does_not_exist())
            if linked is not None:
                other, other_entry = linked
                other.history_seq, other.history_hash = other_entry.seq, other_entry.hash
                tx.save(other)
                dynamo.history_put(tx, SERVICE, other.pk, other_entry)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        if number is not None and dynamo.is_condition_failure(exc):
            return False   # the counter moved, or the case did: the caller tells which by reading
        dynamo.raise_conflict_on_condition(exc)
    return True


def save_order(item: OrderItem) -> None:
    item.save(condition=OrderItem.sk.does_not_exist())


def publish_order(case: CaseItem, entry: Entry, order: OrderItem, document_version: int) -> None:
    """The order published, its PDF bound to it and the case's history entry, in one transaction
    (conditional on the case's version and the document's)."""
    from chalicelib.core import documents

    case.history_seq, case.history_hash = entry.seq, entry.hash
    try:
        with dynamo.transact() as tx:
            tx.save(case)
            dynamo.history_put(tx, SERVICE, case.pk, entry)
            tx.save(order, condition=OrderItem.status == "PENDING_UPLOAD")
            documents.attach_in(tx, SERVICE, order.document["document_id"], ref=f"{case.pk}#{order.sk}",
                                owner=case.case_id, version=document_version)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def history(case_id: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, case_pk(case_id))


def cause_list(court: str, date: str) -> list[HearingItem]:
    return list(HearingItem.causelist.query(f"{court}#{date}", limit=MAX_LIST))


def due_reminders(date: str) -> list[HearingItem]:
    return list(HearingItem.reminders.query(date, limit=MAX_LIST))


def mark_reminded(item: HearingItem, at: str, messages: list[Sms]) -> bool:
    """Take the hearing off the reminder index and queue its SMS, once: False if already reminded."""
    item.reminded_at = at
    derive_hearing(item)
    try:
        with dynamo.transact() as tx:
            tx.update(item, actions=[HearingItem.reminded_at.set(at), HearingItem.rem_date.remove(),
                                     HearingItem.rem_sort.remove()],
                      condition=HearingItem.reminded_at.does_not_exist() & (HearingItem.status == "SCHEDULED"))
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def court_cases(court: str, status: str | None, limit: int, start: dict | None):
    condition = CaseItem.status == status if status else None
    results = CaseItem.by_court.query(court, filter_condition=condition, scan_index_forward=False,
                                      last_evaluated_key=start, page_size=limit)
    return dynamo.page(results, limit)


# --- master data: core.masterstore (versioned, seeded, hash-chained history) -----------------

master = masterstore.Bound(SERVICE)
