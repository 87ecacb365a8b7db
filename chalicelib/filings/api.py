"""filings routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core import document_schemas as d
from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint
from chalicelib.core.schemas import HistoryView
from chalicelib.filings import schemas as s
from chalicelib.filings import service

bp = Routes("filings")
SOCIETY = (Role.SOCIETY,)
OFFICERS = (Role.OFFICER, Role.ADMIN)
ADMIN = (Role.ADMIN,)
RETURN = "/filings/societies/{reg_no}/returns/{financial_year}/{return_type}"


# --- documents -----------------------------------------------------------------------------------

@endpoint(bp, "/filings/societies/{reg_no}/documents", "POST", auth=SOCIETY, body=d.UploadRequest,
          response=d.UploadTicket, status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Declare a document upload (name, type, size, SHA-256): a presigned PUT to S3 and the headers "
                  "to send with it")
def declare_filing_document(call: Call, reg_no: str) -> dict:
    return service.declare_upload(call.caller, reg_no, call.body.model_dump())


@endpoint(bp, "/filings/documents/{document_id}/confirm", "POST", auth=SOCIETY, response=d.DocumentView,
          errors=(401, 403, 404, 409, 422),
          summary="After uploading: the object is checked (size, type by content, SHA-256); anything else is "
                  "deleted and refused with 422 naming size, content_type, sha256 or file")
def confirm_filing_document(call: Call, document_id: str) -> dict:
    return service.confirm_upload(call.caller, document_id)


@endpoint(bp, "/filings/documents/{document_id}/url", auth=SIGNED_IN, response=d.ReadLink,
          errors=(401, 403, 404, 409),
          summary="A short-lived download link: any OTP-signed-in citizen for filed documents, the society for "
                  "its own, officers in their jurisdiction; every read is logged")
def filing_document_link(call: Call, document_id: str) -> dict:
    return service.document_link(call.caller, document_id)


@endpoint(bp, "/filings/societies/{reg_no}/reads", auth=SIGNED_IN, query=d.ReadLogQuery, response=d.ReadLogPage,
          errors=(400, 401, 403, 404, 422),
          summary="Who read the society's documents and when (the society itself, officers in jurisdiction)")
def filing_read_log(call: Call, reg_no: str) -> dict:
    return service.read_log(call.caller, reg_no, call.query)


# --- returns -------------------------------------------------------------------------------------

@endpoint(bp, "/filings/return-types", response=list[s.ReturnType], summary="The annual returns a society files")
def list_return_types(call: Call) -> list:
    return service.return_type_list()


@endpoint(bp, "/filings/societies/{reg_no}", query=s.PageQuery, response=s.PublicPage, errors=(404, 422),
          summary="Public: what a society filed and when, and what is outstanding or OVERDUE")
def society_filings_page(call: Call, reg_no: str) -> dict:
    return service.public_page(reg_no, call.query.financial_year)


@endpoint(bp, "/filings/societies/{reg_no}/returns", "POST", auth=SOCIETY, body=s.FileRequest, response=s.ReturnView,
          status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="The society files a year's return with its confirmed documents (again, if it was returned)")
def file_return(call: Call, reg_no: str) -> dict:
    return service.file_return(call.caller, reg_no, call.body.model_dump())


@endpoint(bp, RETURN, auth=SIGNED_IN, response=s.ReturnView, errors=(401, 403, 404, 422),
          summary="A return with its remarks and chained history (the society, officers in jurisdiction)")
def get_return(call: Call, reg_no: str, financial_year: str, return_type: str) -> dict:
    return service.get_return(call.caller, reg_no, financial_year, return_type)


@endpoint(bp, RETURN + "/decision", "POST", auth=(Role.OFFICER,), body=s.DecisionRequest, response=s.ReturnView,
          errors=(401, 403, 404, 409, 422),
          summary="The district officer accepts the return or returns it with remarks; the society is told by SMS")
def decide_return(call: Call, reg_no: str, financial_year: str, return_type: str) -> dict:
    return service.decide(call.caller, reg_no, financial_year, return_type, call.body.model_dump())


@endpoint(bp, "/filings/inbox", auth=OFFICERS, query=s.InboxQuery, response=s.InboxPage,
          errors=(400, 401, 403, 422), summary="Returns awaiting the officer's decision in a district, oldest first")
def filings_inbox(call: Call) -> dict:
    return service.inbox(call.caller, call.query)


@endpoint(bp, "/filings/defaulters", auth=OFFICERS, query=s.DefaultersQuery, response=s.DefaultersPage,
          errors=(400, 401, 403, 422),
          summary="Societies of a district with a required return not filed for the year (OVERDUE after the due "
                  "date): one query")
def filing_defaulters(call: Call) -> dict:
    return service.defaulters(call.caller, call.query)


# --- master data (admin) -------------------------------------------------------------------------

@endpoint(bp, "/admin/filings/config", tags=("admin",), auth=ADMIN, response=s.ConfigView, errors=(401, 403),
          summary="Filing settings (due date, document limits) and return types with their versions")
def get_filings_config(call: Call) -> dict:
    return service.config_view()


@endpoint(bp, "/admin/filings/settings", "PUT", tags=("admin",), auth=ADMIN, body=s.SettingsRequest,
          response=s.Versioned, errors=(401, 403, 404, 409, 422), summary="Change the filing settings (version read)")
def put_filings_settings(call: Call) -> dict:
    body = call.body
    return service.put_settings(call.caller.subject, body.data.model_dump(), body.version, body.note)


@endpoint(bp, "/admin/filings/settings/history", tags=("admin",), auth=ADMIN, response=HistoryView,
          errors=(401, 403), summary="Every change of the filing settings (hash-chained)")
def filings_settings_history(call: Call) -> dict:
    return service.settings_history()


@endpoint(bp, "/admin/filings/return-types/{code}", "PUT", tags=("admin",), auth=ADMIN, body=s.ReturnTypeRequest,
          response=s.Versioned, errors=(401, 403, 404, 409, 422),
          summary="Create (no version) or change (version read) a return type")
def put_return_type(call: Call, code: str) -> dict:
    body = call.body
    return service.put_return_type(call.caller.subject, code, body.data.model_dump(), body.version, body.note)


@endpoint(bp, "/admin/filings/obligations", "POST", tags=("admin",), auth=ADMIN, body=s.ObligationsRequest,
          response=s.ObligationsDone, errors=(401, 403, 422),
          summary="Create the year's filing obligations of a district's societies (what the yearly job does)")
def create_filing_obligations(call: Call) -> dict:
    service.authorize_admin_district(call.caller, call.body.district)
    return service.create_obligations(call.body.financial_year, call.body.district)
