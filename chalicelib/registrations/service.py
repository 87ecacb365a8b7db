"""registrations use cases: master data, the applicant's draft and submission (which starts the
approval state machine), and what applicants and officers read. The steps on the machine are in
steps.py."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from chalicelib.core import clock, documents, geo, history, ids, notify, workflow
from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import Conflict, Forbidden, NotFound, invalid_field
from chalicelib.registrations import domain, store
from chalicelib.registrations.domain import Case

SERVICE = store.SERVICE
SETTINGS_KEY = "SETTINGS"


# --- master data ----------------------------------------------------------------------------

@cache
def defaults() -> dict:
    return json.loads((Path(__file__).parent / "defaults.json").read_text(encoding="utf-8"))["settings"]


def settings() -> dict:
    item = store.master.one(SETTINGS_KEY)
    return {**defaults(), **(item.data if item else {})}


def settings_view() -> dict:
    item = store.master.one(SETTINGS_KEY)
    if item is None:
        return {"settings": defaults(), "version": None, "updated_at": None, "updated_by": None}
    return {"settings": {**defaults(), **item.data}, "version": int(item.version), "updated_at": item.updated_at,
            "updated_by": item.updated_by}


def put_settings(who: Principal, data: dict, version: int | None, note: str) -> dict:
    item = store.master.one(SETTINGS_KEY)
    # 409 unless creating without a version, or changing with the version read
    if (item is None) != (version is None) or (item is not None and int(item.version) != version):
        raise Conflict()
    store.master.write(who.subject, SETTINGS_KEY, item, data, note, action="settings_changed", change=data)
    return settings_view()


def seed_master_data(actor: str = "seed") -> int:
    """The default settings, unless an admin has set them already."""
    return 1 if store.master.seed_one(SETTINGS_KEY, defaults(), actor, to_state=None) else 0


# --- reading -----------------------------------------------------------------------------------

def case_of(item: store.RegistrationItem) -> Case:
    return Case(applicant=item.applicant, district=item.district, division=item.division, stage=item.stage,
                inspector=item.inspector)


def load(reg_id: str, consistent: bool = False) -> store.RegistrationItem:
    item = store.get(reg_id, consistent)
    if item is None:
        raise NotFound("REGISTRATION_NOT_FOUND", reg_id=reg_id)
    return item


def _statutory(item: store.RegistrationItem, now: datetime, rules: dict) -> dict | None:
    if not item.submitted_at:
        return None
    paused = item.paused_since is not None
    seconds = int(item.paused_seconds or 0)
    if paused:
        seconds += int((now - clock.parse_iso(item.paused_since)).total_seconds())
    pending = item.stage in domain.DECISION_PENDING
    due = clock.parse_iso(item.statutory_due) if item.statutory_due else None
    status = domain.sla_status(due, now, rules["near_breach_days"]) if pending and not paused else None
    if not pending:
        status = "BREACHED" if item.sla_alert == "BREACHED" else None
    return {"limit_days": int(item.limit_days or rules["statutory_days"]),
            "due_at": None if paused else item.statutory_due, "paused": paused,
            "paused_days": (Decimal(seconds) / Decimal(86400)).quantize(Decimal("0.01")), "status": status}


def view(item: store.RegistrationItem) -> dict:
    entries = store.history(item.id)
    return {
        "id": item.id, "receipt_no": item.receipt_no, "stage": item.stage,
        "holder": domain.holder(item.stage, case_of(item)), "deadline": item.deadline,
        "district": item.district, "division": item.division, "applicant": item.applicant,
        "application": item.data, "documents": item.attachments or [], "inspector": item.inspector,
        "deficiency": item.deficiency,
        "report": item.report, "reasons": item.reasons, "appeal_by": item.appeal_by,
        "registration_no": item.registration_no, "society_login": item.society_login,
        "certificate": bool(item.certificate_key), "statutory": _statutory(item, clock.now(), settings()),
        "execution_arn": item.execution_arn, "version": int(item.version), "created_at": item.created_at,
        "updated_at": item.updated_at, "history": [e.as_dict() for e in entries],
        "chain_valid": history.verify(entries),
    }


def get_view(who: Principal, reg_id: str) -> dict:
    item = load(reg_id)
    domain.authorize_view(who, case_of(item))
    return view(item)


def execution(who: Principal, reg_id: str) -> dict:
    item = load(reg_id)
    domain.authorize_view(who, case_of(item))
    if not item.execution_arn:
        raise Conflict("REGISTRATION_NOT_SUBMITTED", stage=item.stage)
    steps = workflow.history(item.execution_arn)
    return {"execution_arn": item.execution_arn, "status": workflow.status(item.execution_arn),
            "steps": [s.__dict__ for s in steps]}


def _summary(item: store.RegistrationItem, now: datetime, near_days: int) -> dict:
    due = clock.parse_iso(item.statutory_due) if item.statutory_due else None
    running = item.stage in domain.DECISION_PENDING and item.paused_since is None
    return {"id": item.id, "receipt_no": item.receipt_no, "stage": item.stage, "district": item.district,
            "name_en": item.data.get("name_en"), "name_hi": item.data.get("name_hi"), "deadline": item.deadline,
            "statutory_due": item.statutory_due,
            "sla_status": domain.sla_status(due, now, near_days) if running else None,
            "created_at": item.created_at}


def list_registrations(who: Principal, query: Any) -> dict:
    near = settings()["near_breach_days"]
    now = clock.now()
    if who.role == Role.CITIZEN:
        scope = f"mine:{who.subject}:{query.district}:{query.stage}"
        items, last = store.by_applicant(who.subject, query.limit, decode_cursor(query.next, scope),
                                         query.district, query.stage)
    else:
        if who.role not in (Role.OFFICER, Role.ADMIN):
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        if not query.district:
            raise invalid_field("district", "officers list one district's applications")
        if not who.jurisdiction.covers_district(query.district):
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
        scope = f"district:{query.district}:{query.stage}"
        items, last = store.by_district(query.district, query.stage, query.limit, decode_cursor(query.next, scope))
    return {"items": [_summary(i, now, near) for i in items], "next": encode_cursor(last, scope)}


def _require_division(who: Principal, division: str) -> None:
    """The divisional JR of that division, or HQ."""
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    j = who.jurisdiction
    if not (j.level == Level.STATE or (j.level == Level.DIVISION and j.code == division)):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=j.label())


def overdue(who: Principal, query: Any) -> dict:
    """Near-breach and breached applications of a division, soonest due first (for the JR)."""
    _require_division(who, query.division)
    rules = settings()
    now = clock.now()
    until = clock.iso(now + timedelta(days=rules["near_breach_days"]))
    scope = f"overdue:{query.division}"
    items, last = store.due_before(query.division, until, query.limit, decode_cursor(query.next, scope))
    return {"items": [_summary(i, now, rules["near_breach_days"]) for i in items],
            "next": encode_cursor(last, scope)}


def certificate_link(who: Principal, reg_id: str) -> dict:
    item = load(reg_id)
    domain.authorize_view(who, case_of(item))
    if not item.certificate_key:
        raise Conflict("REGISTRATION_NO_CERTIFICATE", stage=item.stage)
    seconds = 300
    return {"registration_no": item.registration_no, "url": store.certificate_url(item.certificate_key, seconds),
            "expires_in": seconds}


# --- the applicant's draft ----------------------------------------------------------------------

def _plain(fields: dict) -> dict:
    """Pydantic output as stored JSON (money as two-decimal strings)."""
    return json.loads(json.dumps(fields, default=lambda v: f"{v:.2f}" if isinstance(v, Decimal) else str(v)))


def create_draft(who: Principal, body: Any, accept_lang: str) -> dict:
    if who.role != Role.CITIZEN:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    fields = body.model_dump(exclude_none=True, exclude={"district", "lang"})
    moment = clock.iso(clock.now())
    reg_id = ids.new_id()
    item = store.RegistrationItem(
        pk=store.reg_pk(reg_id), id=reg_id, applicant=who.subject, lang=body.lang or accept_lang,
        district=body.district, division=geo.division_of(body.district), stage=domain.DRAFT, data=_plain(fields),
        created_at=moment,
        updated_at=moment)
    entry = history.next_entry(0, None, at=moment, actor=who.subject, action="draft_created",
                               to_state=domain.DRAFT, note="", data={"district": body.district})
    store.create(item, entry)
    return view(item)


def update_draft(who: Principal, reg_id: str, body: Any) -> dict:
    item = load(reg_id)
    domain.authorize_edit(who, case_of(item))
    if int(item.version) != body.version:
        raise Conflict()
    changes = _plain(body.model_dump(exclude_none=True, exclude={"version"}))
    changed = sorted(k for k, v in changes.items() if item.data.get(k) != v)
    if not changed:
        return view(item)
    item.data = {**item.data, **changes}
    moment = clock.iso(clock.now())
    item.updated_at = moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action="edited", from_state=item.stage, to_state=item.stage, note="",
                               data={"fields": changed})
    store.save(item, entry, [], clock_runs=clock_runs(item))
    return view(item)


# --- documents (core.documents: presigned upload, checked on confirm, logged reads) ----------------

def declare_document(who: Principal, reg_id: str, body: Any) -> dict:
    item = load(reg_id)
    domain.authorize_edit(who, case_of(item))
    return documents.declare(SERVICE, owner=item.pk, uploader=who.subject, name=body.name,
                             content_type=body.content_type, size=body.size, sha256=body.sha256)


_ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def _known_id(document_id: str) -> str:
    """Ids are ULIDs: anything else was never ours (and never reaches a key)."""
    if not _ULID.match(document_id):
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id[:40])
    return document_id


def attach_document(who: Principal, reg_id: str, document_id: str, body: Any) -> dict:
    """Check the uploaded object (core.documents) and attach it to the application as `kind`."""
    _known_id(document_id)
    item = load(reg_id, consistent=True)
    domain.authorize_edit(who, case_of(item))
    if any(a["document_id"] == document_id for a in item.attachments or []):
        return view(item)                                   # a repeated attach is answered, not redone
    if int(item.version) != body.version:
        raise Conflict()
    domain.check_attachment(body.kind, body.promoter, item.data.get("promoters") or [])
    doc = documents.confirm(SERVICE, document_id, uploader=who.subject)
    if doc["owner"] != item.pk:
        raise Forbidden("DOCUMENT_NOT_YOURS", document_id=document_id)
    moment = clock.iso(clock.now())
    attached = {"document_id": document_id, "kind": body.kind, "promoter": body.promoter, "name": doc["name"],
                "content_type": doc["content_type"], "size": doc["size"]}
    item.attachments = [*(item.attachments or []), attached]
    item.updated_at = moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action="document_attached", from_state=item.stage, to_state=item.stage, note="",
                               data={"document_id": document_id, "kind": body.kind, "sha256": doc["sha256"]})
    store.save(item, entry, [], clock_runs=clock_runs(item), attach={document_id: doc["version"]})
    return view(item)


def document_link(who: Principal, reg_id: str, document_id: str) -> dict:
    """A short-lived link for the applicant or the officers of the district; every read logged."""
    _known_id(document_id)
    item = load(reg_id)
    domain.authorize_view(who, case_of(item))
    if not any(a["document_id"] == document_id for a in item.attachments or []):
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id)
    return documents.read_url(SERVICE, document_id, reader=who.subject, reader_role=who.role.value,
                              log_owner=item.pk)


def sms_for(item: store.RegistrationItem, template: str, **params: Any) -> list[notify.Sms]:
    from chalicelib.identity import public as identity

    mobile = identity.citizen_mobile(item.applicant)
    if not mobile:
        return []
    return [notify.compose(template, mobile, item.lang, receipt=item.receipt_no, **params)]


def ist_date(iso_text: str) -> str:
    return clock.parse_iso(iso_text).astimezone(clock.IST).strftime("%d-%m-%Y")


def clock_runs(item: store.RegistrationItem) -> bool:
    return item.stage in domain.DECISION_PENDING and item.paused_since is None


def submit(who: Principal, reg_id: str, body: Any) -> dict:
    item = load(reg_id, consistent=True)
    domain.authorize_owner(who, case_of(item))
    if item.stage != domain.DRAFT:
        raise Conflict("REGISTRATION_WRONG_STAGE", action="submit", stage=item.stage, expected=domain.DRAFT)
    if int(item.version) != body.version:
        raise Conflict()
    rules = settings()
    domain.check_submittable(item.data, rules["min_promoters"])
    domain.check_documents(item.attachments or [], rules["required_documents"])
    now = clock.now()
    moment = clock.iso(now)
    # Started before our record changes: a retried submit finds the same execution (its name is
    # the application's id), so there is never a submitted record without its execution.
    arn = workflow.start(domain.MACHINE, item.id, {"registration_id": item.id})
    receipt = f"RG-{now.year}-{store.next_receipt(now.year):06d}"
    due = domain.statutory_due(now, rules["statutory_days"], 0)
    item.stage, item.receipt_no, item.submitted_at = domain.SUBMITTED, receipt, moment
    item.limit_days, item.statutory_due, item.deadline = rules["statutory_days"], clock.iso(due), clock.iso(due)
    item.execution_arn, item.updated_at = arn, moment
    entry = history.next_entry(int(item.history_seq), item.history_hash, at=moment, actor=who.subject,
                               action="submit", from_state=domain.DRAFT, to_state=domain.SUBMITTED,
                               note="submitted with the applicant's declaration",
                               data={"receipt_no": receipt, "promoters": len(item.data.get("promoters", [])),
                                     "statutory_due": item.statutory_due})
    messages = sms_for(item, "REGISTRATION_SUBMITTED", date=ist_date(item.statutory_due))
    store.save(item, entry, messages, clock_runs=True)
    notify.deliver(messages)
    return view(item)
