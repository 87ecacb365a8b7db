"""e-Sankalan, the employee's document locker, on core.documents: private to the employee and
their office's establishment section; uploads checked on confirm; every read logged."""

from __future__ import annotations

import re
from typing import Any

from chalicelib.core import clock, documents, notify
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound, invalid_field
from chalicelib.servicebook import domain, service, store

_ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def _document_id(document_id: str) -> str:
    """Only well-formed ids reach the table (an oversized key would be a DynamoDB error, not a 404)."""
    if not _ULID.match(document_id):
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id[:40])
    return document_id


def _locker_owner(employee_id: str) -> str:
    return store.employee_pk(employee_id)


def _locker_view(doc: store.LockerItem, the_rules: domain.Rules) -> dict:
    return {"document_id": doc.document_id, "category": doc.category, "name": doc.name,
            "category_name_hi": the_rules.label("document_categories", doc.category, "hi"),
            "category_name_en": the_rules.label("document_categories", doc.category, "en"),
            "content_type": doc.content_type, "size": int(doc.size), "sha256": doc.sha256,
            "added_by": doc.added_by, "added_at": doc.added_at}


def _locker_employee(who: Principal, employee_id: str, consistent: bool = False) -> store.EmployeeItem:
    item = service.load(employee_id, consistent)
    domain.may_use_locker(who, service.employee_of(item))
    return item


def declare_document(who: Principal, employee_id: str, data: dict) -> dict:
    """The employee or their establishment section declares an upload: a presigned PUT (checked
    again on confirm: size, type by content, SHA-256)."""
    _locker_employee(who, employee_id)
    return documents.declare(store.SERVICE, owner=_locker_owner(employee_id), uploader=who.subject,
                             name=data["name"], content_type=data["content_type"], size=data["size"],
                             sha256=data["sha256"])


def confirm_document(who: Principal, employee_id: str, document_id: str, category: str) -> dict:
    """Check the uploaded object and put it in the locker: the book records it, the employee is told."""
    item = _locker_employee(who, employee_id, consistent=True)
    the_rules = service.rules()
    if category not in the_rules.document_categories:
        raise invalid_field("category", f"unknown document category '{category}'", "UNKNOWN_DOCUMENT_CATEGORY",
                            category=category)
    declared = documents.require(store.SERVICE, _document_id(document_id))
    if declared["owner"] != _locker_owner(employee_id):
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id)
    existing = store.locker_item(employee_id, document_id)
    if existing is not None:
        return _locker_view(existing, the_rules)          # a repeated confirm is answered, not redone
    doc = documents.confirm(store.SERVICE, document_id, uploader=who.subject)
    moment = clock.iso(clock.now())
    ref = store.new_locker_item(employee_id, document_id=document_id, category=category, name=doc["name"],
                                content_type=doc["content_type"], size=doc["size"], sha256=doc["sha256"],
                                added_by=who.subject, added_at=moment)
    item.updated_at = moment
    entry = service.book_entry(item, who.subject, "document_added", f"e-Sankalan: {doc['name']}", data={
        "document_id": document_id, "category": category, "name": doc["name"], "sha256": doc["sha256"]})
    sms = notify.compose("ESANKALAN_DOCUMENT_ADDED", item.mobile, item.lang,
                         category=the_rules.label("document_categories", category, item.lang), name=doc["name"])

    def attach(tx: Any) -> None:
        documents.attach_in(tx, store.SERVICE, document_id, ref=item.pk, owner=_locker_owner(employee_id),
                            version=doc["version"])

    if not store.add_to_locker(item, entry, [sms], ref, attach):
        raise Conflict("DOCUMENT_CHANGED")
    notify.deliver([sms])
    return _locker_view(ref, the_rules)


def list_locker(who: Principal, employee_id: str) -> dict:
    _locker_employee(who, employee_id)
    the_rules = service.rules()
    items = sorted(store.locker(employee_id), key=lambda doc: doc.added_at, reverse=True)
    return {"items": [_locker_view(doc, the_rules) for doc in items]}


def document_link(who: Principal, employee_id: str, document_id: str) -> dict:
    """A short-lived download link; the read is logged before the link exists."""
    _locker_employee(who, employee_id)
    if store.locker_item(employee_id, _document_id(document_id)) is None:
        raise NotFound("DOCUMENT_NOT_FOUND", document_id=document_id)
    return documents.read_url(store.SERVICE, document_id, reader=who.subject, reader_role=who.role.value,
                              log_owner=_locker_owner(employee_id))


def document_reads(who: Principal, employee_id: str, limit: int, cursor: str | None) -> dict:
    """Who opened which of the employee's documents, and when (newest first)."""
    _locker_employee(who, employee_id)
    return documents.reads(store.SERVICE, _locker_owner(employee_id), limit, cursor)
