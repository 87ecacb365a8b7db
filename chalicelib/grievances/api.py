"""grievances routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core import document_schemas as d
from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint
from chalicelib.grievances import attachments, housing, integrations, open311, reports, service
from chalicelib.grievances import schemas as s

bp = Routes("grievances")
SVC = "grievances"
ADMIN = (Role.ADMIN,)
FILERS = (Role.CITIZEN, Role.CALL_CENTRE)


# --- citizens and the call centre ----------------------------------------------------------

@endpoint(bp, "/grievances", "POST", service=SVC, auth=FILERS, body=s.FileRequest, response=s.Filed, status=201,
          idempotent=True, errors=(401, 403, 409, 422, 429),
          summary="File a grievance (citizen, or a call-centre agent with the citizen's mobile); "
                  "the URN goes by SMS")
def file_grievance(call: Call) -> dict:
    return service.file_grievance(call.caller, call.body.model_dump(), call.lang)


@endpoint(bp, "/grievances", service=SVC, auth=SIGNED_IN, query=s.ListQuery, response=s.Page,
          errors=(400, 401, 403, 422),
          summary="A citizen's own grievances (mine=true), an officer's inbox with near-limit counts "
                  "(assigned=me), or a housing cell's complaints (housing=true)")
def list_grievances(call: Call) -> dict:
    return service.list_grievances(call.caller, call.query)


@endpoint(bp, "/grievances/categories", service=SVC, response=list[s.CategoryView],
          summary="Grievance categories and the office each goes to")
def list_categories(call: Call) -> list:
    return service.categories()


@endpoint(bp, "/grievances/{urn}", service=SVC, auth=SIGNED_IN, response=s.GrievanceView,
          errors=(401, 403, 404, 422), summary="The full record with its chained history (owner or staff "
                                               "who may see it)")
def get_grievance(call: Call, urn: str) -> dict:
    return service.get_full(call.caller, urn)


def _pdf_codec():
    from chalicelib.core.acknowledgement import PdfCodec

    return PdfCodec()


@endpoint(bp, "/grievances/{urn}/acknowledgement", service=SVC, auth=SIGNED_IN, codec=_pdf_codec(),
          errors=(401, 403, 404, 422),
          summary="The acknowledgement as a PDF to print or keep: Hindi and English, the URN grouped, a QR "
                  "code to the public status page; no personal data but the masked mobile")
def grievance_acknowledgement(call: Call, urn: str) -> dict:
    from chalicelib.core.acknowledgement import status_url
    from chalicelib.grievances import acknowledgement

    return acknowledgement.render(call.caller, urn, status_url(call, f"track/{service.check_urn(urn)}"))


@endpoint(bp, "/grievances/documents", "POST", service=SVC, auth=FILERS, body=d.UploadRequest,
          response=d.UploadTicket, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Declare a document to go with a grievance (name, type, size, SHA-256): a presigned PUT to S3")
def declare_grievance_document(call: Call) -> dict:
    return attachments.declare(call.caller, call.body.model_dump())


@endpoint(bp, "/grievances/documents/{document_id}/confirm", "POST", service=SVC, auth=FILERS,
          response=d.DocumentView, errors=(401, 403, 404, 409, 422),
          summary="After uploading: the object is checked (size, type by content, SHA-256); anything else is "
                  "deleted and refused with 422 naming size, content_type, sha256 or file")
def confirm_grievance_document(call: Call, document_id: str) -> dict:
    return attachments.confirm(call.caller, document_id)


@endpoint(bp, "/grievances/{urn}/documents/{document_id}", service=SVC, auth=SIGNED_IN, response=d.ReadLink,
          errors=(401, 403, 404, 409, 422),
          summary="A short-lived download link for a grievance's document (owner or staff who may see it); "
                  "every read is logged")
def grievance_document_link(call: Call, urn: str, document_id: str) -> dict:
    return service.document_link(call.caller, urn, document_id)


@endpoint(bp, "/grievances/{urn}/document-reads", service=SVC, auth=SIGNED_IN, query=d.ReadLogQuery,
          response=d.ReadLogPage, errors=(400, 401, 403, 404, 422),
          summary="Who read the grievance's documents and when")
def grievance_document_reads(call: Call, urn: str) -> dict:
    return service.document_reads(call.caller, urn, call.query)


@endpoint(bp, "/public/grievances/{urn}", service=SVC, response=s.PublicView, errors=(404, 422),
          summary="Status, level, dates and office of a grievance: no personal data")
def get_public(call: Call, urn: str) -> dict:
    return service.public_view(urn)


@endpoint(bp, "/grievances/{urn}/actions", "POST", service=SVC, auth=(Role.OFFICER,), body=s.ActionRequest,
          response=s.GrievanceView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="An officer's step (accept, note, resolve, reject, transfer, special/force close, "
                  "send back, escalate…), checked against role, level and jurisdiction")
def act(call: Call, urn: str) -> dict:
    return service.act(call.caller, urn, call.body)


@endpoint(bp, "/grievances/{urn}/reminders", "POST", service=SVC, auth=FILERS, response=s.Reminded, status=201,
          idempotent=True, errors=(401, 403, 404, 409, 422, 429),
          summary="Remind the officer (at most one a day)")
def remind(call: Call, urn: str) -> dict:
    return service.remind(call.caller, urn)


@endpoint(bp, "/grievances/{urn}/feedback", "POST", service=SVC, auth=FILERS, body=s.FeedbackRequest,
          response=s.GrievanceView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Feedback after disposal; not satisfied reopens it at the level that closed it")
def feedback(call: Call, urn: str) -> dict:
    return service.give_feedback(call.caller, urn, call.body)


# --- master data (admin) -------------------------------------------------------------------

@endpoint(bp, "/admin/grievances/config", service=SVC, tags=("admin",), auth=ADMIN, response=s.ConfigView,
          errors=(401, 403), summary="Grievance settings, offices and categories with their versions")
def get_config(call: Call) -> dict:
    return service.config_view()


@endpoint(bp, "/admin/grievances/settings", "PUT", service=SVC, tags=("admin",), auth=ADMIN,
          body=s.SettingsUpdate, response=s.Versioned, errors=(401, 403, 404, 409, 422),
          summary="Change the settings (time limits, L3→L4 manual, windows, limits, grade weights)")
def put_settings(call: Call) -> dict:
    b = call.body
    return service.put_settings(call.caller.subject, b.model_dump(exclude={"version", "note"}), b.version, b.note)


@endpoint(bp, "/admin/grievances/offices/{code}", "PUT", service=SVC, tags=("admin",), auth=ADMIN,
          body=s.OfficeUpsert, response=s.Versioned, errors=(401, 403, 404, 409, 422),
          summary="Create (no version) or change an office")
def put_office(call: Call, code: str) -> dict:
    b = call.body
    return service.put_office(call.caller.subject, code, b.model_dump(exclude={"version", "note"}), b.version, b.note)


@endpoint(bp, "/admin/grievances/categories/{code}", "PUT", service=SVC, tags=("admin",), auth=ADMIN,
          body=s.CategoryUpsert, response=s.Versioned, errors=(401, 403, 404, 409, 422),
          summary="Create (no version) or change a category: its office, housing flag, per-level limits")
def put_category(call: Call, code: str) -> dict:
    b = call.body
    return service.put_category(call.caller.subject, code, b.model_dump(exclude={"version", "note"}),
                                b.version, b.note)


@endpoint(bp, "/admin/grievances/seats/{office}/{level}", "PUT", service=SVC, tags=("admin",), auth=ADMIN,
          body=s.SeatUpsert, response=s.Versioned, errors=(401, 403, 404, 409, 422),
          summary="Set the officer at a level for a district, a division (default for its districts) or HQ")
def put_seat(call: Call, office: str, level: str) -> dict:
    b = call.body
    return service.put_seat(call.caller.subject, office, level, b.model_dump(include={"username", "name", "mobile"}),
                            b.scope, b.code, b.version, b.note)


@endpoint(bp, "/admin/grievances/seats", service=SVC, tags=("admin",), auth=ADMIN, query=s.SeatQuery,
          response=s.SeatList, errors=(401, 403, 422),
          summary="The officer who applies at each level for an office and district")
def get_seats(call: Call) -> dict:
    return service.seats_of(call.query.office, call.query.district)


# --- reports -------------------------------------------------------------------------------

@endpoint(bp, "/reports/grievances", service=SVC, tags=("reports",), auth=(Role.ADMIN, Role.OFFICER),
          query=s.ReportQuery, response=s.Report, errors=(401, 403, 422),
          summary="Received, disposed, escalated, satisfaction and pending by age band, by district, level, "
                  "category or office (from counters kept on every write)")
def grievance_report(call: Call) -> dict:
    q = call.query
    return reports.grievance_report(call.caller, q.by, q.from_, q.to)


@endpoint(bp, "/reports/grievances/grades", service=SVC, tags=("reports",), auth=(Role.ADMIN, Role.OFFICER),
          query=s.GradeQuery, response=s.Grades, errors=(401, 403, 422),
          summary="Each office's A–D grade for a month (weights in master data)")
def grievance_grades(call: Call) -> dict:
    return reports.grades(call.caller, call.query.month)


# --- the housing monitoring cell -----------------------------------------------------------

@endpoint(bp, "/instructions", "POST", service=SVC, tags=("housing",), auth=(Role.HOUSING_CELL,),
          body=s.InstructionCreate, response=s.InstructionView, status=201, idempotent=True,
          errors=(401, 403, 422), summary="The housing cell instructs a district office (its division; HQ: any)")
def issue_instruction(call: Call) -> dict:
    return housing.issue(call.caller, call.body.model_dump())


@endpoint(bp, "/instructions", service=SVC, tags=("housing",), auth=(Role.HOUSING_CELL, Role.OFFICER, Role.ADMIN),
          query=s.InstructionQuery, response=s.InstructionPage, errors=(400, 401, 403, 422),
          summary="Instructions not yet closed, soonest due first (overdue=true: only the overdue)")
def list_instructions(call: Call) -> dict:
    return housing.list_open(call.caller, call.query)


@endpoint(bp, "/instructions/{instruction_id}", service=SVC, tags=("housing",), auth=SIGNED_IN,
          response=s.InstructionView, errors=(401, 403, 404), summary="One instruction with its history")
def get_instruction(call: Call, instruction_id: str) -> dict:
    return housing.get(call.caller, instruction_id)


@endpoint(bp, "/instructions/{instruction_id}/compliance", "POST", service=SVC, tags=("housing",),
          auth=(Role.OFFICER,), body=s.Compliance, response=s.InstructionView, idempotent=True,
          errors=(401, 403, 404, 409, 422), summary="The district office files its compliance report")
def comply(call: Call, instruction_id: str) -> dict:
    return housing.step(call.caller, instruction_id, "comply", call.body.report)


@endpoint(bp, "/instructions/{instruction_id}/close", "POST", service=SVC, tags=("housing",),
          auth=(Role.HOUSING_CELL,), body=s.Note, response=s.InstructionView, idempotent=True,
          errors=(401, 403, 404, 409, 422), summary="The cell closes a complied instruction")
def close_instruction(call: Call, instruction_id: str) -> dict:
    return housing.step(call.caller, instruction_id, "close", call.body.note)


# --- machine keys and CPGRAMS --------------------------------------------------------------

@endpoint(bp, "/admin/api-keys", "POST", service=SVC, tags=("admin",), auth=ADMIN, body=s.ApiKeyCreate,
          response=s.ApiKeyIssued, status=201, errors=(401, 403, 422),
          summary="Issue a machine API key (CPGRAMS, Open311); shown once, kept only as a hash. "
                  "Not idempotent on purpose: a replay store would keep the key whole")
def issue_api_key(call: Call) -> dict:
    b = call.body
    return integrations.issue_key(call.caller, b.name, b.kind, b.note)


@endpoint(bp, "/admin/api-keys/{key_id}/revoke", "POST", service=SVC, tags=("admin",), auth=ADMIN, body=s.Note,
          response=s.ApiKeyView, errors=(401, 403, 404, 422), summary="Revoke a machine API key")
def revoke_api_key(call: Call, key_id: str) -> dict:
    return integrations.revoke_key(call.caller, key_id, call.body.note)


@endpoint(bp, "/integrations/cpgrams/grievances", "POST", service=SVC, tags=("integrations",),
          body=s.CpgramsImport, response=s.Imported, status=201, idempotent=True, errors=(401, 422),
          summary="Import a CPGRAMS grievance (header X-API-Key); the same registration number twice "
                  "creates nothing new (200)")
def import_cpgrams(call: Call) -> tuple[int, dict]:
    return integrations.import_cpgrams(call.header("X-API-Key"), call.body.model_dump())


# --- Open311 GeoReport v2 ------------------------------------------------------------------
# Literal ".json"/".xml" paths where API Gateway allows them; where the id and the format share a
# path segment ("{id}.json"), the whole segment is the parameter and open311.split_format reads it.

def _open311(path: str, method: str, name: str, handler: object, codec: open311.Open311Codec, **kw: object) -> None:
    handler.__name__ = handler.__qualname__ = name  # type: ignore[attr-defined]  # unique operationIds
    endpoint(bp, path, method, service=SVC, tags=("open311",), codec=codec, **kw)(handler)


def _register_open311() -> None:
    for fmt in open311.FORMATS:
        _open311(f"/open311/v2/services.{fmt}", "GET", f"open311_services_{fmt}",
                 lambda call: open311.services(), open311.Open311Codec("services", "service", fmt),
                 query=s.Open311ServicesQuery, response=list[s.Open311Service], errors=(400,),
                 summary=f"Open311: the services (grievance categories), {fmt.upper()}")
        _open311(f"/open311/v2/requests.{fmt}", "GET", f"open311_requests_{fmt}",
                 lambda call: open311.list_requests(call.query),
                 open311.Open311Codec("service_requests", "request", fmt), query=s.Open311RequestsQuery,
                 response=list[s.Open311Request], errors=(400,),
                 summary=f"Open311: requests by id, service, dates and status (90 days at most), {fmt.upper()}")
        _open311(f"/open311/v2/requests.{fmt}", "POST", f"open311_create_{fmt}",
                 lambda call: open311.create_request(call.body, call.lang),
                 open311.Open311Codec("service_requests", "request", fmt), body=s.Open311Post,
                 response=list[s.Open311Created], idempotent=True, errors=(400, 403, 429),
                 summary=f"Open311: file a request (api_key from an admin), {fmt.upper()}")
    _open311("/open311/v2/services/{service_file}", "GET", "open311_service_definition",
             lambda call, service_file: open311.definition(open311.split_format(service_file)[0]),
             open311.Open311Codec("service_definition", None, param="service_file"),
             response=s.Open311Definition, errors=(404,),
             summary="Open311: a service's definition ({code}.json or {code}.xml)")
    _open311("/open311/v2/requests/{request_file}", "GET", "open311_request",
             lambda call, request_file: open311.get_request(open311.split_format(request_file)[0]),
             open311.Open311Codec("service_requests", "request", param="request_file"),
             response=list[s.Open311Request], errors=(404,),
             summary="Open311: one request ({id}.json or {id}.xml)")
    _open311("/open311/v2/tokens/{token_file}", "GET", "open311_token",
             lambda call, token_file: open311.token(open311.split_format(token_file)[0]),
             open311.Open311Codec("service_requests", "request", param="token_file"),
             response=list[s.Open311Token], errors=(404,),
             summary="Open311: the request a token stands for ({token}.json or {token}.xml)")


_register_open311()

# officers' search, its CSV export and the report as CSV (issue 16): routes of their own modules
from chalicelib.grievances import report_export, search_api  # noqa: E402,F401


def _register_desk() -> None:
    from chalicelib.grievances import desk_api  # the officer's desk: callback, bulk, templates, alerts

    desk_api.register(bp)


_register_desk()
