"""registrations' table: the only module of this service that touches DynamoDB.

Access patterns (pk / sk):
  application                        REG#<id>                / META
  its history (hash-chained)         REG#<id>                / HIST#<seq>
  the token of a waiting human step  REG#<id>                / TASK#<stage>   (core.workflow)
  settings (master data)             CFG                     / SETTINGS       (+ CFG#SETTINGS / HIST#<seq>)
  receipt number sequence per year   SEQ#RECEIPT#<year>      / SEQ
  idempotency records (Powertools)   IDEMPOTENCY#registrations / <hash>
  documents (core.document_store)    DOC#<id> / META, HIST#<seq>; DOCREADS#REG#<id> / <at>#<ulid>

  GSI by_applicant  applicant    / created_at   a citizen's own applications
  GSI by_district   district     / queue_sort   the district's applications: "<stage>#<submitted_at>#<id>"
                                                (drafts are private: not in it)
  GSI statutory     sla_division / sla_due      sparse: only while the statutory limit runs, so the
                                                JR's near-breach/breach list and the sweep read only
                                                what is due soon
"""

from __future__ import annotations

from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.core import aws, document_store, documents, dynamo, masterstore, outbox
from chalicelib.core.history import Entry
from chalicelib.core.notify import Sms

SERVICE = "registrations"


class ByApplicant(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_applicant"
        projection = AllProjection()

    applicant = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ByDistrict(GlobalSecondaryIndex):
    class Meta:
        index_name = "by_district"
        projection = AllProjection()

    district = UnicodeAttribute(hash_key=True)
    queue_sort = UnicodeAttribute(range_key=True)


class Statutory(GlobalSecondaryIndex):
    class Meta:
        index_name = "statutory"
        projection = AllProjection()

    sla_division = UnicodeAttribute(hash_key=True)
    sla_due = UnicodeAttribute(range_key=True)


class RegistrationItem(Model):
    """Also the table's defining model: its keys and indexes create the table."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="META")
    id = UnicodeAttribute()
    applicant = UnicodeAttribute()
    lang = UnicodeAttribute(default="hi")
    district = UnicodeAttribute()
    division = UnicodeAttribute()
    stage = UnicodeAttribute()
    data = JSONAttribute(default=dict)          # the application as the applicant wrote it
    receipt_no = UnicodeAttribute(null=True)
    inspector = UnicodeAttribute(null=True)
    deadline = UnicodeAttribute(null=True)      # of the current stage
    submitted_at = UnicodeAttribute(null=True)
    limit_days = NumberAttribute(null=True)     # the statutory limit in force when it was submitted
    statutory_due = UnicodeAttribute(null=True)
    paused_since = UnicodeAttribute(null=True)
    paused_seconds = NumberAttribute(default=0)
    sla_alert = UnicodeAttribute(null=True)     # NEAR_BREACH | BREACHED once escalated
    deficiency = UnicodeAttribute(null=True)
    report = JSONAttribute(null=True)
    reasons = ListAttribute(of=UnicodeAttribute, null=True)
    decided_at = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    appeal_by = UnicodeAttribute(null=True)
    registration_no = UnicodeAttribute(null=True)
    society_login = UnicodeAttribute(null=True)
    certificate_key = UnicodeAttribute(null=True)
    attachments = JSONAttribute(default=list)   # [{document_id, kind, promoter, name, ...}] (core.documents)
    execution_arn = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    history_seq = NumberAttribute(default=0)
    history_hash = UnicodeAttribute(null=True)
    version = VersionAttribute()
    queue_sort = UnicodeAttribute(null=True)
    sla_division = UnicodeAttribute(null=True)
    sla_due = UnicodeAttribute(null=True)
    by_applicant = ByApplicant()
    by_district = ByDistrict()
    statutory = Statutory()


class TaskItem(Model):
    """A waiting step's token (core.workflow): kept when its message arrives, claimed by the one
    action that answers it, deleted with that action's change."""

    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    token = UnicodeAttribute()
    execution_arn = UnicodeAttribute()
    state = UnicodeAttribute()
    entered_at = UnicodeAttribute()
    claimed_by = UnicodeAttribute(null=True)
    effects = JSONAttribute(null=True)   # made before answering (a society): reused if answering is retried


class SequenceItem(Model):
    Meta = dynamo.meta_for(SERVICE)
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default="SEQ")
    n = NumberAttribute(default=0)


TABLE_MODEL = RegistrationItem


def reg_pk(reg_id: str) -> str:
    return f"REG#{reg_id}"


def get(reg_id: str, consistent: bool = False) -> RegistrationItem | None:
    return dynamo.get_or_none(RegistrationItem, reg_pk(reg_id), "META", consistent)


APPEALS = "APPEAL#"   # the statutory index also holds open appeal windows, under their own key


def appeal_key(division: str) -> str:
    return f"{APPEALS}{division}"


def _derive(item: RegistrationItem, clock_runs: bool) -> None:
    """Index keys follow the record: the district queue; the running statutory clock; the open
    appeal window of a rejection (so the sweep finds lapsed windows without a scan)."""
    item.queue_sort = None if item.stage == "DRAFT" else f"{item.stage}#{item.submitted_at}#{item.id}"
    if clock_runs and item.statutory_due:
        item.sla_division, item.sla_due = item.division, item.statutory_due
    elif item.stage == "REJECTED" and item.appeal_by:
        item.sla_division, item.sla_due = appeal_key(item.division), item.appeal_by
    else:
        item.sla_division = item.sla_due = None


def create(item: RegistrationItem, entry: Entry) -> None:
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item, False)
    with dynamo.transact() as tx:
        tx.save(item, condition=RegistrationItem.pk.does_not_exist())
        dynamo.history_put(tx, SERVICE, item.pk, entry)


def save(item: RegistrationItem, entry: Entry, messages: list[Sms], clock_runs: bool,
         answered: TaskItem | None = None, attach: dict[str, int] | None = None) -> None:
    """A change, conditional on the version read, with its history entry and SMS; the answered
    step's token and newly attached documents (id -> version read) go in the same transaction.
    409 if someone changed any of them first."""
    item.history_seq, item.history_hash = entry.seq, entry.hash
    _derive(item, clock_runs)
    try:
        with dynamo.transact() as tx:
            tx.save(item)
            dynamo.history_put(tx, SERVICE, item.pk, entry)
            if answered is not None:
                tx.delete(answered, condition=TaskItem.token == answered.token)
            for document_id, version in (attach or {}).items():
                documents.attach_in(tx, SERVICE, document_id, ref=item.pk, owner=item.pk, version=version)
            outbox.add_to(tx, messages)
    except TransactWriteError as exc:
        dynamo.raise_conflict_on_condition(exc)


def history(reg_id: str) -> list[Entry]:
    return dynamo.history_list(SERVICE, reg_pk(reg_id))


def next_receipt(year: int) -> int:
    item = SequenceItem(pk=f"SEQ#RECEIPT#{year}")
    item.update(actions=[SequenceItem.n.add(1)])
    return int(item.n)


# --- lists -----------------------------------------------------------------------------------

def by_applicant(applicant: str, limit: int, start: dict | None, district: str | None = None,
                 stage: str | None = None) -> tuple[list, dict | None]:
    """An applicant's own, newest first; district and stage filtered by DynamoDB (a page is filled)."""
    condition = None
    for wanted in ((RegistrationItem.district == district) if district else None,
                   (RegistrationItem.stage == stage) if stage else None):
        if wanted is not None:
            condition = wanted if condition is None else condition & wanted
    return dynamo.page(RegistrationItem.by_applicant.query(applicant, scan_index_forward=False, limit=limit,
                                                           filter_condition=condition, last_evaluated_key=start),
                       limit)


def by_district(district: str, stage: str | None, limit: int, start: dict | None) -> tuple[list, dict | None]:
    condition = RegistrationItem.queue_sort.startswith(f"{stage}#") if stage else None
    return dynamo.page(RegistrationItem.by_district.query(district, condition, limit=limit,
                                                          last_evaluated_key=start), limit)


def due_before(division: str, until: str, limit: int, start: dict | None = None) -> tuple[list, dict | None]:
    """Applications of a division whose statutory limit ends before `until`, soonest first."""
    return dynamo.page(RegistrationItem.statutory.query(division, RegistrationItem.sla_due < until, limit=limit,
                                                        last_evaluated_key=start), limit)


# --- the tokens of waiting steps ----------------------------------------------------------------

def task_sk(stage: str) -> str:
    return f"TASK#{stage}"


def keep_task(reg_id: str, stage: str, token: str, execution_arn: str, state: str, entered_at: str) -> None:
    """Kept as it arrives (a repeat of the same message writes the same thing)."""
    TaskItem(pk=reg_pk(reg_id), sk=task_sk(stage), token=token, execution_arn=execution_arn, state=state,
             entered_at=entered_at).save()


def get_task(reg_id: str, stage: str) -> TaskItem | None:
    return dynamo.get_or_none(TaskItem, reg_pk(reg_id), task_sk(stage), consistent=True)


def claim_task(task: TaskItem, actor: str) -> bool:
    """Only one action may answer a step: the first to claim it. False if another has."""
    try:
        task.update(actions=[TaskItem.claimed_by.set(actor)],
                    condition=TaskItem.claimed_by.does_not_exist() & (TaskItem.token == task.token))
    except UpdateError as exc:
        if dynamo.is_condition_failure(exc):
            return False
        raise
    return True


def note_effects(task: TaskItem, effects: dict) -> None:
    task.update(actions=[TaskItem.effects.set(effects)], condition=TaskItem.token == task.token)


def release_task(task: TaskItem) -> None:
    task.update(actions=[TaskItem.claimed_by.remove()], condition=TaskItem.token == task.token)


# --- master data: core.masterstore (versioned, seeded, hash-chained history) -----------------

master = masterstore.Bound(SERVICE)


# --- certificates in the document bucket --------------------------------------------------------

CERTIFICATES = f"{SERVICE}/certificates/"


def put_certificate(registration_no: str, pdf: bytes) -> str:
    key = f"{CERTIFICATES}{registration_no}.pdf"
    aws.client("s3").put_object(Bucket=document_store.bucket(), Key=key, Body=pdf, ContentType="application/pdf",
                                ContentDisposition=f'attachment; filename="{registration_no}.pdf"')
    return key


def certificate_url(key: str, seconds: int = 300) -> str:
    return aws.client("s3").generate_presigned_url("get_object", Params={"Bucket": document_store.bucket(), "Key": key},
                                                   ExpiresIn=seconds)


def read_certificate(key: str) -> bytes:
    return aws.client("s3").get_object(Bucket=document_store.bucket(), Key=key)["Body"].read()


def due_between(division: str, low: str, high: str, limit: int) -> list[tuple[str, str]]:
    """(id, statutory due) of a division's applications whose statutory limit falls in [low, high]."""
    results = RegistrationItem.statutory.query(division, RegistrationItem.sla_due.between(low, high), limit=limit)
    return [(item.id, item.sla_due) for item in results]
