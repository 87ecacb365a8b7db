"""lokseva routes: parse, call the use case, shape the answer."""

from __future__ import annotations

import re

from chalicelib.core.auth import Role
from chalicelib.core.errors import invalid_field
from chalicelib.core.http import PUBLIC, SIGNED_IN, Call, Routes, endpoint
from chalicelib.core.schemas import HistoryView
from chalicelib.lokseva import centres, dashboard, masterdata, service
from chalicelib.lokseva import schemas as s

bp = Routes("lokseva")
ADMIN = (Role.ADMIN,)
OPERATOR = (Role.PACS_OPERATOR,)
STAFF = (Role.OFFICER, Role.ADMIN)


def _code(code: str) -> str:
    if not re.fullmatch(s.CODE, code):
        raise invalid_field("code", "lower-case letters, digits and _ (2-60)")
    return code


def _reg_no(reg_no: str) -> str:
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

@endpoint(bp, "/lokseva/applications", "POST", auth=(Role.CITIZEN,), body=s.ApplyRequest, response=s.Filed,
          status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Apply for a service online; the acknowledgement number and guaranteed date go by SMS")
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


@endpoint(bp, "/lokseva/applications/{ack}/decision", "POST", auth=(Role.OFFICER,), body=s.DecisionRequest,
          response=s.ApplicationView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Approve (a certificate is issued) or reject with reasons: the officer of the current stage")
def lokseva_decide(call: Call, ack: str) -> dict:
    return service.decide(call.caller, ack, call.body)


@endpoint(bp, "/lokseva/applications/{ack}/appeal", "POST", auth=(Role.CITIZEN,), body=s.AppealRequest,
          response=s.ApplicationView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="The applicant appeals a rejection (first appeal, then second appeal)")
def lokseva_appeal(call: Call, ack: str) -> dict:
    return service.appeal(call.caller, ack, call.body)


@endpoint(bp, "/lokseva/applications/{ack}/certificate", auth=(Role.CITIZEN,), response=s.CertificateLink,
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


from chalicelib.lokseva import search_api  # noqa: E402,F401  (officers' search and CSV export routes)
