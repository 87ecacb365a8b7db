"""grievances routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, endpoint
from chalicelib.grievances import schemas as s
from chalicelib.grievances import service

bp = Blueprint(__name__)
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
