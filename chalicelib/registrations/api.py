"""registrations routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint
from chalicelib.registrations import schemas as s
from chalicelib.registrations import service, steps

bp = Routes("registrations")
SVC = "registrations"
STAFF = (Role.OFFICER, Role.ADMIN)


@endpoint(bp, "/registrations", "POST", service=SVC, auth=(Role.CITIZEN,), body=s.CreateRequest,
          response=s.RegistrationView, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Start an application to register a society (the signed-in citizen is the chief promoter)")
def create_registration(call: Call) -> dict:
    return service.create_draft(call.caller, call.body, call.lang)


@endpoint(bp, "/registrations", service=SVC, auth=SIGNED_IN, query=s.ListQuery, response=s.Page,
          errors=(400, 401, 403, 422),
          summary="A citizen's own applications, or (officers) one district's, optionally of one stage")
def list_registrations(call: Call) -> dict:
    return service.list_registrations(call.caller, call.query)


@endpoint(bp, "/registrations/overdue", service=SVC, auth=STAFF, query=s.OverdueQuery, response=s.Page,
          errors=(400, 401, 403, 422),
          summary="The divisional JR's list: applications near or past the statutory limit, soonest first")
def list_overdue_registrations(call: Call) -> dict:
    return service.overdue(call.caller, call.query)


@endpoint(bp, "/registrations/{reg_id}", service=SVC, auth=SIGNED_IN, response=s.RegistrationView,
          errors=(401, 403, 404), summary="The application: stage, who holds it, deadline, statutory clock and "
                                          "the full chained history (applicant, or officers of its district)")
def get_registration(call: Call, reg_id: str) -> dict:
    return service.get_view(call.caller, reg_id)


@endpoint(bp, "/registrations/{reg_id}", "PATCH", service=SVC, auth=(Role.CITIZEN,), body=s.UpdateRequest,
          response=s.RegistrationView, errors=(401, 403, 404, 409, 422),
          summary="Edit the draft, or the application while rectifying a deficiency (applicant only)")
def update_registration(call: Call, reg_id: str) -> dict:
    return service.update_draft(call.caller, reg_id, call.body)


@endpoint(bp, "/registrations/{reg_id}/submit", "POST", service=SVC, auth=(Role.CITIZEN,), body=s.SubmitRequest,
          response=s.RegistrationView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Submit: checks promoters (minimum, one per family) and capital, starts the approval "
                  "workflow; the receipt number goes by SMS")
def submit_registration(call: Call, reg_id: str) -> dict:
    return service.submit(call.caller, reg_id, call.body)


@endpoint(bp, "/registrations/{reg_id}/documents", "POST", service=SVC, auth=(Role.CITIZEN,), body=s.UploadRequest,
          response=s.UploadTicket, status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Declare a document upload (bye-laws, promoters' photos and signatures, receipts): a presigned "
                  "PUT to S3 for exactly those bytes (applicant, while the application is editable)")
def declare_registration_document(call: Call, reg_id: str) -> dict:
    return service.declare_document(call.caller, reg_id, call.body)


@endpoint(bp, "/registrations/{reg_id}/documents/{document_id}", "POST", service=SVC, auth=(Role.CITIZEN,),
          body=s.AttachRequest, response=s.RegistrationView, errors=(401, 403, 404, 409, 422),
          summary="After the upload: the object is checked (size, type by content, SHA-256) and attached to the "
                  "application as the kind of document it is")
def attach_registration_document(call: Call, reg_id: str, document_id: str) -> dict:
    return service.attach_document(call.caller, reg_id, document_id, call.body)


@endpoint(bp, "/registrations/{reg_id}/documents/{document_id}", service=SVC, auth=SIGNED_IN,
          response=s.ReadLink, errors=(401, 403, 404, 409),
          summary="A short-lived download link (applicant, or officers of the district); every read is logged")
def registration_document_link(call: Call, reg_id: str, document_id: str) -> dict:
    return service.document_link(call.caller, reg_id, document_id)


@endpoint(bp, "/registrations/{reg_id}/actions", "POST", service=SVC, auth=(Role.CITIZEN, Role.OFFICER),
          body=s.ActionRequest, response=s.RegistrationView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="A step of the approval: assign_inspector, raise_deficiency, submit_report, register, reject "
                  "(officers of the district); rectify, appeal (applicant); allow_appeal, dismiss_appeal "
                  "(divisional JR)")
def act_on_registration(call: Call, reg_id: str) -> dict:
    return steps.act(call.caller, reg_id, call.body)


@endpoint(bp, "/registrations/{reg_id}/workflow", service=SVC, auth=SIGNED_IN, response=s.ExecutionView,
          errors=(401, 403, 404, 409),
          summary="The approval execution's own history on Step Functions (states entered and answers)")
def registration_workflow(call: Call, reg_id: str) -> dict:
    return service.execution(call.caller, reg_id)


@endpoint(bp, "/registrations/{reg_id}/certificate", service=SVC, auth=SIGNED_IN, response=s.CertificateLink,
          errors=(401, 403, 404, 409), summary="A short-lived link to the registration certificate (PDF)")
def registration_certificate(call: Call, reg_id: str) -> dict:
    return service.certificate_link(call.caller, reg_id)


@endpoint(bp, "/admin/registrations/settings", service=SVC, tags=("admin",), auth=(Role.ADMIN,),
          response=s.SettingsView, errors=(401, 403),
          summary="Registration master data: minimum promoters, statutory limit, pause during deficiency, "
                  "deadlines")
def get_registration_settings(call: Call) -> dict:
    return service.settings_view()


@endpoint(bp, "/admin/registrations/settings", "PUT", service=SVC, tags=("admin",), auth=(Role.ADMIN,),
          body=s.SettingsRequest, response=s.SettingsView, errors=(401, 403, 409, 422),
          summary="Change registration master data (with the version read; history kept)")
def put_registration_settings(call: Call) -> dict:
    body = call.body
    return service.put_settings(call.caller, body.model_dump(exclude={"version", "note"}), body.version, body.note)
