"""lokseva routes: parse, call the use case, shape the answer."""

from __future__ import annotations

import re

from chalicelib.core import document_schemas as d
from chalicelib.core.auth import Role
from chalicelib.core.errors import invalid_field
from chalicelib.core.http import PUBLIC, SIGNED_IN, Call, Routes, endpoint
from chalicelib.core.schemas import HistoryView
from chalicelib.lokseva import centres, dashboard, intake, masterdata, papers, service
from chalicelib.lokseva import schemas as s

bp = Routes("lokseva")
ADMIN = (Role.ADMIN,)
OPERATOR = (Role.PACS_OPERATOR,)
STAFF = (Role.OFFICER, Role.ADMIN)
APPLICANTS = (Role.CITIZEN, Role.SOCIETY)
UPLOADERS = (Role.CITIZEN, Role.SOCIETY, Role.PACS_OPERATOR)


def _code(code: str) -> str:
    if not re.fullmatch(s.CODE, code):
        raise invalid_field("code", "lower-case letters, digits and _ (2-60)")
    return code


def _reg_no(reg_no: str) -> str:
    reg_no = reg_no.upper()                 # typed in lower case at a counter: the same society
    if not re.fullmatch(s.REG_NO, reg_no):
        raise invalid_field("reg_no", "a society registration number like BPL-2024-00001")
    return reg_no


def _year(year: str) -> int:
    if not (year.isdigit() and len(year) == 4):
        raise invalid_field("year", "a four-digit year")
    return int(year)


# --- the catalogue and the calendar (public) ------------------------------------------------

@endpoint(bp, "/lokseva/services", auth=PUBLIC, query=s.CatalogueQuery, response=list[s.ServiceView],
          errors=(422,), summary="The notified services: time limit, fee, documents, designated and appeal officers")
def lokseva_list_services(call: Call) -> list:
    return masterdata.catalogue(call.query.department)


@endpoint(bp, "/lokseva/services/{code}", auth=PUBLIC, response=s.ServiceView, errors=(404, 422),
          summary="One notified service")
def lokseva_get_service(call: Call, code: str) -> dict:
    return masterdata.service(_code(code))


@endpoint(bp, "/lokseva/services/{code}", "PUT", auth=ADMIN, body=s.ServicePut, response=s.ServiceView,
          errors=(401, 403, 404, 409, 422), summary="Add a service (no version) or change one (the version read)")
def lokseva_put_service(call: Call, code: str) -> dict:
    return masterdata.put_service(call.caller.subject, _code(code), call.body)


@endpoint(bp, "/lokseva/holidays/{year}", auth=PUBLIC, response=s.HolidaysView, errors=(404, 422),
          summary="The gazetted holidays of a year (they decide working days)")
def lokseva_get_holidays(call: Call, year: str) -> dict:
    return masterdata.holidays(_year(year))


@endpoint(bp, "/lokseva/holidays/{year}", "PUT", auth=ADMIN, body=s.HolidaysPut, response=s.HolidaysView,
          errors=(401, 403, 404, 409, 422), summary="Set a year's holiday list (no version: new year)")
def lokseva_put_holidays(call: Call, year: str) -> dict:
    return masterdata.put_holidays(call.caller.subject, _year(year), call.body)


@endpoint(bp, "/lokseva/working-days", auth=PUBLIC, query=s.WorkingDaysQuery, response=s.WorkingDaysView,
          errors=(422,), summary="The guaranteed date of a time limit from an application date, "
                                 "and the non-working days it skipped")
def lokseva_working_days(call: Call) -> dict:
    return masterdata.working_days(call.query.start, call.query.days, call.query.kind)


@endpoint(bp, "/lokseva/seats/{office}", "PUT", auth=ADMIN, body=s.SeatPut, response=s.SeatView,
          errors=(401, 403, 404, 409, 422),
          summary="Name the officers who hold an office at a desk (district, division or state)")
def lokseva_put_seat(call: Call, office: str) -> dict:
    return masterdata.put_seat(call.caller.subject, _code(office), call.body)


@endpoint(bp, "/lokseva/settings", auth=ADMIN, response=s.SettingsView, errors=(401, 403, 404),
          summary="Penalty rate and cap, appeal periods, off Saturdays")
def lokseva_get_settings(call: Call) -> dict:
    return masterdata.settings_view()


@endpoint(bp, "/lokseva/settings", "PUT", auth=ADMIN, body=s.SettingsPut, response=s.SettingsView,
          errors=(401, 403, 404, 409, 422), summary="Change the settings (the version read)")
def lokseva_put_settings(call: Call) -> dict:
    return masterdata.put_settings(call.caller.subject, call.body)


# --- applications ---------------------------------------------------------------------------

@endpoint(bp, "/lokseva/applications", "POST", auth=APPLICANTS, body=s.ApplyRequest, response=s.Filed,
          status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Apply for a service online with the service's form and documents (422 naming form.<field> or "
                  "documents.<code>); society services only from the society's own login (403 otherwise); "
                  "the acknowledgement number and guaranteed date go by SMS")
def lokseva_apply_online(call: Call) -> dict:
    return service.apply_online(call.caller, call.body, call.lang)


@endpoint(bp, "/lokseva/applications", auth=SIGNED_IN, query=s.ListQuery, response=s.ApplicationPage,
          errors=(400, 401, 403, 422),
          summary="An applicant's own applications (mine=true) or what waits at an officer's desk (pending=true)")
def lokseva_list_applications(call: Call) -> dict:
    return service.list_applications(call.caller, call.query)


@endpoint(bp, "/lokseva/applications/{ack}", auth=SIGNED_IN, response=s.ApplicationView,
          errors=(401, 403, 404, 422), summary="An application with its history, delay and compensation due")
def lokseva_get_application(call: Call, ack: str) -> dict:
    return service.get_full(call.caller, ack)


def _pdf_codec():
    from chalicelib.core.acknowledgement import PdfCodec

    return PdfCodec()


@endpoint(bp, "/lokseva/applications/{ack}/acknowledgement", auth=SIGNED_IN, codec=_pdf_codec(),
          errors=(401, 403, 404, 422),
          summary="The acknowledgement as a PDF to print or keep: Hindi and English, the number grouped, a QR "
                  "code to the application's page; no personal data but the masked mobile")
def lokseva_acknowledgement(call: Call, ack: str) -> dict:
    from chalicelib.core.acknowledgement import status_url
    from chalicelib.lokseva import acknowledgement

    return acknowledgement.render(call.caller, ack, status_url(call, f"applications/{service.check_ack(ack)}"))


@endpoint(bp, "/lokseva/applications/{ack}/decision", "POST", auth=(Role.OFFICER,), body=s.DecisionRequest,
          response=s.ApplicationView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Approve (a certificate is issued) or reject with reasons: the officer of the current stage")
def lokseva_decide(call: Call, ack: str) -> dict:
    return service.decide(call.caller, ack, call.body)


@endpoint(bp, "/lokseva/applications/{ack}/appeal", "POST", auth=APPLICANTS, body=s.AppealRequest,
          response=s.ApplicationView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="The applicant appeals a rejection (first appeal, then second appeal)")
def lokseva_appeal(call: Call, ack: str) -> dict:
    return service.appeal(call.caller, ack, call.body)


@endpoint(bp, "/lokseva/applications/{ack}/certificate", auth=APPLICANTS, response=s.CertificateLink,
          errors=(401, 403, 404, 422), summary="A short-lived link to download the certificate (the applicant only)")
def lokseva_certificate(call: Call, ack: str) -> dict:
    return service.certificate_link(call.caller, ack)


# --- PACS service centres -------------------------------------------------------------------

@endpoint(bp, "/lokseva/centres/{reg_no}", "PUT", auth=ADMIN, body=s.CentrePut, response=s.CentreView,
          errors=(401, 403, 404, 409, 422),
          summary="Make a PACS a service centre and bind its operators (each operator to one PACS only)")
def lokseva_put_centre(call: Call, reg_no: str) -> dict:
    return centres.put_centre(call.caller.subject, _reg_no(reg_no), call.body)


@endpoint(bp, "/lokseva/centres/{reg_no}", auth=(Role.ADMIN, Role.OFFICER, Role.PACS_OPERATOR),
          response=s.CentreView, errors=(401, 403, 404, 422), summary="A PACS service centre and its operators")
def lokseva_get_centre(call: Call, reg_no: str) -> dict:
    return centres.get_centre(call.caller, _reg_no(reg_no))


@endpoint(bp, "/lokseva/centres/{reg_no}/applications", "POST", auth=OPERATOR, body=s.CounterApplyRequest,
          response=s.Filed, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Apply at the PACS counter on a citizen's behalf, recording the fee taken")
def lokseva_apply_at_counter(call: Call, reg_no: str) -> dict:
    return service.apply_at_counter(call.caller, _reg_no(reg_no), call.body, call.lang)


@endpoint(bp, "/lokseva/centres/{reg_no}/transactions", "POST", auth=OPERATOR, body=s.TxnRequest,
          response=s.TxnView, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Record a service-centre transaction (service, date, fee) at the operator's PACS")
def lokseva_record_txn(call: Call, reg_no: str) -> dict:
    return centres.record_txn(call.caller, _reg_no(reg_no), call.body)


@endpoint(bp, "/lokseva/centre-summary", auth=STAFF, query=s.SummaryQuery, response=s.DistrictSummary,
          errors=(401, 403, 422), summary="Service-centre transactions and fees of a district, per PACS and service")
def lokseva_centre_summary(call: Call) -> dict:
    return centres.district_summary(call.caller, call.query)


# --- the dashboard --------------------------------------------------------------------------

@endpoint(bp, "/lokseva/dashboard", auth=STAFF, query=s.DashboardQuery, response=s.Dashboard,
          errors=(401, 403, 422), summary="Received, disposed in time or late, pending beyond time and penalties, "
                                          "by department, service, district or office (from counters)")
def lokseva_get_dashboard(call: Call) -> dict:
    return dashboard.dashboard(call.caller, call.query)


@endpoint(bp, "/lokseva/services/{code}/history", auth=ADMIN, response=HistoryView, errors=(401, 403, 422),
          summary="Every change to a service's master data, hash-chained")
def lokseva_service_history(call: Call, code: str) -> dict:
    return masterdata.service_history(_code(code))


# --- what an application carries: documents, and the counter's receipt ---------------------

@endpoint(bp, "/lokseva/documents", "POST", auth=UPLOADERS, body=d.UploadRequest, response=d.UploadTicket,
          status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Declare a document for an application (name, type, size, SHA-256): a presigned PUT to S3")
def lokseva_declare_document(call: Call) -> dict:
    return intake.declare(call.caller, call.body.model_dump())


@endpoint(bp, "/lokseva/documents/{document_id}/confirm", "POST", auth=UPLOADERS, response=d.DocumentView,
          errors=(401, 403, 404, 409, 422),
          summary="After uploading: the object is checked (size, type by content, SHA-256); anything else is "
                  "deleted and refused with 422 naming size, content_type, sha256 or file")
def lokseva_confirm_document(call: Call, document_id: str) -> dict:
    return intake.confirm(call.caller, document_id)


@endpoint(bp, "/lokseva/applications/{ack}/documents/{document_id}", auth=SIGNED_IN, response=d.ReadLink,
          errors=(401, 403, 404, 409, 422),
          summary="A short-lived download link for an application's document (applicant, or staff who may see "
                  "it); every read is logged")
def lokseva_document_link(call: Call, ack: str, document_id: str) -> dict:
    return papers.document_link(call.caller, ack, document_id)


@endpoint(bp, "/lokseva/applications/{ack}/document-reads", auth=STAFF, query=d.ReadLogQuery,
          response=d.ReadLogPage, errors=(400, 401, 403, 404, 422),
          summary="Who read the application's documents and when")
def lokseva_document_reads(call: Call, ack: str) -> dict:
    return papers.document_reads(call.caller, ack, call.query)


@endpoint(bp, "/lokseva/counter", auth=OPERATOR, response=s.CounterView, errors=(401, 403, 404),
          summary="The PACS service centre the signed-in operator is bound to (the counter's PACS)")
def lokseva_my_counter(call: Call) -> dict:
    return papers.my_centre(call.caller)


@endpoint(bp, "/lokseva/applications/{ack}/receipt", auth=OPERATOR, response=s.CertificateLink,
          errors=(401, 403, 404, 422),
          summary="A short-lived link to the counter's fee receipt (Hindi and English PDF), for the operator "
                  "who took the fee")
def lokseva_receipt(call: Call, ack: str) -> dict:
    return papers.receipt_link(call.caller, service.check_ack(ack))


from chalicelib.lokseva import search_api  # noqa: E402,F401  (officers' search and CSV export routes)
