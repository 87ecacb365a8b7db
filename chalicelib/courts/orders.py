"""Orders and judgments: the court's reader uploads the PDF (core.documents checks size, type by
content and SHA-256), publishes it on the case; anyone downloads it through a logged presigned GET."""

from __future__ import annotations

from typing import Any

from chalicelib.core import clock, documents, history, ids
from chalicelib.core.auth import Principal
from chalicelib.core.errors import Conflict, NotFound
from chalicelib.courts import domain, service, store

PENDING, PUBLISHED = "PENDING_UPLOAD", "PUBLISHED"


def policy() -> documents.Policy:
    """Orders are PDFs; size limit and link lifetimes are the documents master data."""
    return documents.Policy.from_data({"types": ["application/pdf"]})


def declare(who: Principal | None, court_code: str, case_id: str, body: Any) -> dict:
    """An order of a registered case (a final one only once decided): a presigned PUT for its PDF."""
    court = service.court(court_code)
    who = domain.may_run(who, court)
    case = service.load_case(court, case_id)
    if case.status == domain.FILED or (body.kind == "final" and case.status != domain.DECIDED):
        raise Conflict("CASE_ACTION_NOT_IN_STATE", action=f"{body.kind} order", status=case.status)
    ticket = documents.declare(store.SERVICE, owner=case.case_id, uploader=who.subject, name=body.name,
                               content_type=body.content_type, size=body.size, sha256=body.sha256, policy=policy())
    order = store.new_order(case, order_id=ids.new_id(), kind=body.kind, title=body.title,
                            order_date=body.order_date.isoformat(), status=PENDING,
                            document={"document_id": ticket["document_id"]}, created_by=who.subject,
                            created_at=clock.iso(clock.now()))
    store.save_order(order)
    return {"order": service.order_view(order), "upload": ticket}


def publish(who: Principal | None, court_code: str, case_id: str, order_id: str, version: int) -> dict:
    """Check the uploaded PDF and publish the order on the case, with a history entry (one transaction)."""
    court = service.court(court_code)
    who = domain.may_run(who, court)
    case = service.load_case(court, case_id)
    order = _order(case.case_id, order_id)
    if order.status == PUBLISHED:
        raise Conflict("CASE_ACTION_NOT_IN_STATE", action="publish", status=order.status)
    if int(case.version) != version:
        raise Conflict()
    doc = documents.confirm(store.SERVICE, order.document["document_id"], uploader=who.subject, policy=policy())
    at = clock.iso(clock.now())
    order.status = PUBLISHED
    order.document = {k: doc[k] for k in ("document_id", "name", "content_type", "size", "sha256")}
    case.updated_at = at
    entry = history.next_entry(int(case.history_seq or 0), case.history_hash, at=at, actor=who.subject,
                               action="order_published", from_state=case.status, to_state=case.status,
                               note=order.title, data={"order_id": order.order_id, "kind": order.kind,
                                                       "sha256": doc["sha256"]})
    store.publish_order(case, entry, order, doc["version"])
    return service.full_view(case)


def _order(case_id: str, order_id: str) -> store.OrderItem:
    order = store.order(case_id, order_id) if len(order_id) <= 40 else None
    if order is None:
        raise NotFound("ORDER_NOT_FOUND", order_id=order_id[:40])
    return order


def download(who: Principal | None, case_no: str, order_id: str) -> dict:
    """Anyone may read a published order; every read is logged on the case."""
    case = service.case_by_number(case_no)
    order = _order(case.case_id, order_id)
    if order.status != PUBLISHED:
        raise NotFound("ORDER_NOT_FOUND", order_id=order_id)
    reader, role = (who.subject, who.role.value) if who else ("public", "public")
    return documents.read_url(store.SERVICE, order.document["document_id"], reader=reader, reader_role=role,
                              log_owner=case.case_id, policy=policy())
