"""audits routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.audits import allocation, domain, empanelment, service
from chalicelib.audits import schemas as s
from chalicelib.core import document_schemas as d
from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint

bp = Routes("audits")
ADMIN = (Role.ADMIN,)
OFFICER = (Role.OFFICER,)
STAFF = (Role.ADMIN, Role.OFFICER)
AUDITORS = (Role.CA_FIRM, Role.OFFICER)


def _changes(body: object) -> dict:
    return body.model_dump(exclude={"version", "note"}, exclude_none=True)


# --- master data (admin) -------------------------------------------------------------------

@endpoint(bp, "/audits/settings", auth=STAFF, response=s.SettingsView, errors=(401, 403),
          summary="Audit settings: class bands by marks, the rotation limit, default capacities")
def audit_get_settings(call: Call) -> dict:
    return service.settings_view()


@endpoint(bp, "/audits/settings", "PUT", auth=ADMIN, body=s.SettingsPut, response=s.SettingsView,
          errors=(401, 403, 409, 422), summary="Change the audit settings (the version read; 409 if stale)")
def audit_put_settings(call: Call) -> dict:
    b = call.body
    data = b.model_dump(mode="json", by_alias=True, exclude={"version", "note"})
    return service.put_settings(call.caller.subject, data, b.version, b.note)


@endpoint(bp, "/ca/firms", "POST", auth=ADMIN, body=s.FirmCreate, response=s.FirmView, status=201,
          idempotent=True, errors=(401, 403, 409, 422),
          summary="Enter a CA firm (partners, experience, capacity) and create its login (role ca_firm)")
def ca_create_firm(call: Call) -> dict:
    return service.create_firm(call.caller.subject, call.body.model_dump())


@endpoint(bp, "/ca/firms", auth=STAFF, query=s.Page, response=s.FirmPage, errors=(400, 401, 403, 422),
          summary="Every CA firm on record")
def ca_list_firms(call: Call) -> dict:
    return service.list_firms(call.query.limit, call.query.next)


@endpoint(bp, "/ca/firms/{frn}", auth=(Role.ADMIN, Role.OFFICER, Role.CA_FIRM), response=s.FirmView,
          errors=(401, 403, 404), summary="A firm's record and history (staff, or the firm itself)")
def ca_get_firm(call: Call, frn: str) -> dict:
    return service.get_firm(call.caller, frn)


@endpoint(bp, "/ca/firms/{frn}", "PATCH", auth=ADMIN, body=s.FirmUpdate, response=s.FirmView,
          errors=(401, 403, 404, 409, 422), summary="Change a firm's master data (capacity, partners, ...)")
def ca_update_firm(call: Call, frn: str) -> dict:
    b = call.body
    return service.update_firm(call.caller.subject, frn, b.version, _changes(b), b.note)


@endpoint(bp, "/ca/firms/{frn}/empanelment", "POST", auth=ADMIN, body=s.EmpanelByOrder,
          response=s.EmpanelmentView, status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Record a firm as empanelled for a cycle by order (firms empanelled outside the portal)")
def ca_empanel_by_order(call: Call, frn: str) -> dict:
    return service.empanel_by_order(call.caller.subject, frn, call.body.year, call.body.note)


@endpoint(bp, "/ca/empanelled", query=s.YearPage, response=s.EmpanelledList, errors=(400, 422),
          summary="Public list of the CA firms empanelled for a cycle")
def ca_empanelled(call: Call) -> dict:
    q = call.query
    return service.empanelled_firms(q.year, q.limit, q.next)


@endpoint(bp, "/ca/firms/{frn}/assignments", auth=(Role.ADMIN, Role.OFFICER, Role.CA_FIRM), query=s.YearPage,
          response=s.AssignmentPage, errors=(400, 401, 403, 422),
          summary="A firm's audit assignments for a year (a firm sees only its own)")
def ca_firm_assignments(call: Call, frn: str) -> dict:
    q = call.query
    return service.assignments(call.caller, q.year, domain.FIRM, frn, q.limit, q.next)


@endpoint(bp, "/audits/auditors", "POST", auth=ADMIN, body=s.AuditorCreate, response=s.AuditorView, status=201,
          idempotent=True, errors=(401, 403, 409, 422), summary="Enter a departmental auditor and their capacity")
def audit_create_auditor(call: Call) -> dict:
    return service.create_auditor(call.caller.subject, call.body.model_dump())


@endpoint(bp, "/audits/auditors", auth=STAFF, query=s.DistrictQuery, response=list[s.AuditorView],
          errors=(401, 403, 422), summary="A district's departmental auditors")
def audit_list_auditors(call: Call) -> list:
    return service.list_auditors(call.query.district)


@endpoint(bp, "/audits/auditors/{username}", "PATCH", auth=ADMIN, body=s.AuditorUpdate, response=s.AuditorView,
          errors=(401, 403, 404, 409, 422), summary="Change a departmental auditor (capacity, posting, active)")
def audit_update_auditor(call: Call, username: str) -> dict:
    b = call.body
    return service.update_auditor(call.caller.subject, username, b.version, _changes(b), b.note)


# --- allotment (HQ, the division's JR) -----------------------------------------------------

@endpoint(bp, "/audits/{year}/allotments", "POST", auth=OFFICER, body=s.AllotRequest, response=s.AllotmentView,
          status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Allot one society's audit to an empanelled firm or a departmental auditor")
def audit_allot(call: Call, year: str) -> dict:
    b = call.body
    return service.allot_one(call.caller, year, b.reg_no, b.auditor_kind, b.auditor_id)


@endpoint(bp, "/audits/{year}/allocations", "POST", auth=OFFICER, body=s.BulkRequest, response=s.RunView,
          status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Allot every society of a district at once; reports what could not be allotted and why")
def audit_allocate(call: Call, year: str) -> dict:
    b = call.body
    return allocation.allocate_district(call.caller, year, b.district, b.firms, b.auditors)


@endpoint(bp, "/audits/{year}/allocations/{run_id}", auth=STAFF, query=s.Page, response=s.RunView,
          errors=(400, 401, 403, 404, 422), summary="A bulk run's summary and its not-allotted report, paged")
def audit_get_run(call: Call, year: str, run_id: str) -> dict:
    return allocation.get_run(call.caller, year, run_id, call.query.limit, call.query.next)


@endpoint(bp, "/audits/{year}/allotments", auth=STAFF, query=s.DistrictQueryPage, response=s.AllotmentPage,
          errors=(400, 401, 403, 422), summary="A district's allotments for a year")
def audit_list_allotments(call: Call, year: str) -> dict:
    q = call.query
    return service.list_district(call.caller, year, q.district, q.status, q.limit, q.next)


@endpoint(bp, "/audits/{year}/allotments/{reg_no}", auth=SIGNED_IN, response=s.AllotmentView,
          errors=(401, 403, 404, 422),
          summary="One allotment with its history (officers in jurisdiction, the auditor, the society)")
def audit_get_allotment(call: Call, year: str, reg_no: str) -> dict:
    return service.get_allotment(call.caller, year, reg_no)


@endpoint(bp, "/audits/{year}/allotments/{reg_no}/reallot", "POST", auth=OFFICER, body=s.ReallotRequest,
          response=s.AllotmentView, errors=(401, 403, 404, 409, 422),
          summary="Give an audit not yet reported to another auditor (the version read; 409 if stale)")
def audit_reallot(call: Call, year: str, reg_no: str) -> dict:
    b = call.body
    return service.reallot(call.caller, year, reg_no, b.auditor_kind, b.auditor_id, b.version, b.note)


# --- auditors and societies ----------------------------------------------------------------

@endpoint(bp, "/audits/assignments", auth=AUDITORS, query=s.YearPage, response=s.AssignmentPage,
          errors=(400, 401, 403, 422), summary="My audit assignments for a year (a CA firm, a departmental auditor)")
def audit_my_assignments(call: Call) -> dict:
    q = call.query
    return service.my_assignments(call.caller, q.year, q.limit, q.next)


@endpoint(bp, "/audits/{year}/allotments/{reg_no}/report", "POST", auth=AUDITORS, body=s.ReportRequest,
          response=s.AllotmentView, errors=(401, 403, 404, 409, 422),
          summary="The allotted auditor submits the audit report; the class A-D follows from the marks")
def audit_report(call: Call, year: str, reg_no: str) -> dict:
    b = call.body
    return service.submit_report(call.caller, year, reg_no, b.marks, b.fee, b.remarks, b.version)


@endpoint(bp, "/audits/{year}/allotments/{reg_no}/compliance", "POST", auth=(Role.SOCIETY,),
          body=s.ComplianceRequest, response=s.AllotmentView, errors=(401, 403, 404, 409, 422),
          summary="The society files its compliance report on the audit")
def audit_compliance(call: Call, year: str, reg_no: str) -> dict:
    b = call.body
    return service.file_compliance(call.caller, year, reg_no, b.text, b.version)


# --- CA empanelment ------------------------------------------------------------------------

@endpoint(bp, "/ca/applications", "POST", auth=(Role.CA_FIRM,), body=s.ApplyRequest, response=s.ApplicationView,
          status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="A CA firm applies for empanelment for a cycle (once a cycle)")
def ca_apply(call: Call) -> dict:
    b = call.body
    return empanelment.apply(call.caller, b.year, b.model_dump(exclude={"year"}))


@endpoint(bp, "/ca/applications", auth=STAFF, query=s.StatusQuery, response=s.ApplicationPage,
          errors=(400, 401, 403, 422), summary="HQ's list of a cycle's applications in one status")
def ca_list_applications(call: Call) -> dict:
    q = call.query
    return empanelment.list_by_status(call.caller, q.year, q.status, q.limit, q.next)


@endpoint(bp, "/ca/applications/{year}/{frn}", auth=(Role.ADMIN, Role.OFFICER, Role.CA_FIRM),
          response=s.ApplicationView, errors=(401, 403, 404, 422),
          summary="An application with its history (HQ, or the firm itself)")
def ca_get_application(call: Call, year: str, frn: str) -> dict:
    return empanelment.get(call.caller, year, frn)


@endpoint(bp, "/ca/applications/{year}/{frn}/actions", "POST", auth=(Role.OFFICER, Role.CA_FIRM),
          body=s.ActionRequest, response=s.ApplicationView, errors=(401, 403, 404, 409, 422),
          summary="Move an application: HQ raises a shortfall, empanels provisionally, empanels, rejects, "
                  "debars or expires; the firm resubmits after a shortfall")
def ca_act(call: Call, year: str, frn: str) -> dict:
    b = call.body
    changes = b.model_dump(include={"partners", "experience_years", "document_ids"}, exclude_none=True)
    return empanelment.act(call.caller, year, frn, b.action, b.note, b.version, changes)


@endpoint(bp, "/ca/status/{year}/{frn}", response=s.PublicStatus, errors=(404, 422),
          summary="Public: the status of a firm's empanelment for a cycle, at any step")
def ca_public_status(call: Call, year: str, frn: str) -> dict:
    return empanelment.public_status(year, frn)


@endpoint(bp, "/ca/documents", "POST", auth=(Role.CA_FIRM,), body=d.UploadRequest, response=d.UploadTicket,
          status=201, errors=(401, 403, 404, 422),
          summary="A firm declares a document for its application (name, type, size, SHA-256): a presigned PUT")
def ca_declare_document(call: Call) -> dict:
    return empanelment.declare_document(call.caller, call.body.model_dump())


@endpoint(bp, "/ca/documents/{document_id}/confirm", "POST", auth=(Role.CA_FIRM,), response=d.DocumentView,
          errors=(401, 403, 404, 409, 422),
          summary="After the upload: the object is checked (size, type by content, SHA-256) before it counts")
def ca_confirm_document(call: Call, document_id: str) -> dict:
    return empanelment.confirm_document(call.caller, document_id)


@endpoint(bp, "/ca/documents/{document_id}/url", auth=(Role.ADMIN, Role.OFFICER, Role.CA_FIRM),
          response=d.ReadLink, errors=(401, 403, 404, 409),
          summary="A short-lived download link (the firm its own; HQ any firm's); every read is logged")
def ca_document_link(call: Call, document_id: str) -> dict:
    return empanelment.document_link(call.caller, document_id)
