"""An application's papers: the documents the applicant uploaded (download links for whoever may
see the application, every read logged), and the PACS counter's fee receipt (a Hindi and English
PDF, core.pdf via core.certificate) for the operator who took the fee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chalicelib.core import certificate, clock, geo
from chalicelib.core.auth import Principal, Role
from chalicelib.core.errors import Forbidden, NotFound
from chalicelib.lokseva import domain, intake, masterdata, service, store
from chalicelib.societies import public as societies


def _visible(who: Principal, ack: str) -> store.ApplicationItem:
    item = service._load(ack)
    domain.may_view(who, item.district, service._is_owner(who, item), item.filed_by)
    return item


def document_link(who: Principal, ack: str, document_id: str) -> dict:
    item = _visible(who, ack)
    return intake.read_link(who, ack, (item.details or {}).get("documents") or [], document_id)


def document_reads(who: Principal, ack: str, query: object) -> dict:
    item = service._load(ack)
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    domain.may_view(who, item.district, False, item.filed_by)
    return intake.reads(ack, query.limit, query.next)


# --- the counter ----------------------------------------------------------------------------

def my_centre(who: Principal) -> dict:
    """The PACS an operator's account is bound to (the counter never asks the operator to type it)."""
    reg_no = store.binding_of(who.subject)
    centre = store.get_centre(reg_no) if reg_no else None
    if centre is None or not centre.active or who.subject not in (centre.operators or []):
        raise NotFound("NO_CENTRE")
    found = societies.get_society(reg_no) or {}
    return {"reg_no": reg_no, "name": centre.name, "name_hi": found.get("name_hi"), "district": centre.district,
            "active": bool(centre.active)}


ROWS = (
    ("ack", "पावती क्रमांक", "Acknowledgement number"),
    ("service", "सेवा", "Service"),
    ("applicant_name", "आवेदक", "Applicant"),
    ("centre", "पैक्स सेवा केंद्र", "PACS service centre"),
    ("received_on", "दिनांक", "Date"),
    ("fee", "निर्धारित शुल्क", "Fee for the service"),
    ("fee_taken", "प्राप्त शुल्क", "Fee received"),
    ("fee_reason", "अंतर का कारण", "Reason for the difference"),
    ("guaranteed_date", "सेवा देने की अंतिम तिथि", "Service due by"),
    ("operator", "संचालक", "Operator"),
)


def _rupees(value: str | None) -> str:
    return f"₹ {domain.money(Decimal(value))}" if value is not None else "—"


def receipt_pdf(item: store.ApplicationItem) -> bytes:
    data = service._service_data(item.service_code)
    found = societies.get_society(item.pacs_reg_no) or {}
    place = geo.district(item.district)
    values = {
        "ack": item.ack, "service": f"{data.get('name_hi', item.service_code)} / {data.get('name_en', '')}",
        "applicant_name": item.applicant_name,
        "centre": f"{found.get('name_hi') or ''} ({item.pacs_reg_no}), {place['name_hi']} / {place['name_en']}",
        "received_on": domain.ist_date(clock.parse_iso(item.created_at)).strftime("%d/%m/%Y"),
        "fee": _rupees(item.fee), "fee_taken": _rupees(item.fee_taken),
        "fee_reason": (item.details or {}).get("fee_reason") or "—",
        "guaranteed_date": date.fromisoformat(item.guaranteed_date).strftime("%d/%m/%Y"),
        "operator": item.filed_by,
    }
    return certificate.render(
        reference=f"{item.ack}-receipt", title=("शुल्क रसीद", "Fee receipt"),
        statement=("लोक सेवा गारंटी के आवेदन हेतु पैक्स काउंटर पर शुल्क प्राप्त किया गया।",
                   "Fee received at the PACS counter for an application under the Public Services Guarantee Act."),
        rows=[(hi, en, values[key]) for key, hi, en in ROWS],
        foot="आवेदन की स्थिति पावती क्रमांक से सहकार सेतु पोर्टल पर देखें। "
             "Track the application with its acknowledgement number on the Sahkar Setu portal.")


def receipt_link(who: Principal, ack: str) -> dict:
    """The operator who took the fee prints its receipt (rendered on request, kept in S3)."""
    item = service._load(ack)
    if who.role != Role.PACS_OPERATOR or item.filed_by != who.subject:
        raise Forbidden("APPLICATION_NOT_YOURS")
    if item.channel != "counter" or item.fee_taken is None:
        raise NotFound("RECEIPT_NOT_COUNTER")
    key = store.put_pdf(store.receipt_key(ack), receipt_pdf(item), f"receipt-{ack}.pdf")
    seconds = masterdata.rules().certificate_link_seconds
    return {"url": store.certificate_link(key, seconds), "expires_in": seconds}
