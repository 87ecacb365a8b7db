"""courts routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core.auth import Role
from chalicelib.core.http import Call, Routes, endpoint
from chalicelib.courts import orders, service
from chalicelib.courts import schemas as s

bp = Routes("courts")
READER = (Role.COURT,)


# --- public --------------------------------------------------------------------------------

@endpoint(bp, "/courts", query=s.CourtsQuery, response=list[s.CourtView], errors=(422,),
          summary="Departmental courts: AR/DR of a district, JR of a division, the State Tribunal")
def courts_list(call: Call) -> list:
    return service.courts(call.query.level, call.query.division)


@endpoint(bp, "/courts/case-status", query=s.CaseStatusQuery, response=s.PublicCase, errors=(404, 422),
          summary="Status of a case by its number: hearings, decision, orders (mobiles masked)")
def courts_case_status(call: Call) -> dict:
    return service.case_status(call.query.case_no)


@endpoint(bp, "/courts/{court}", response=s.CourtView, errors=(404,), summary="One court")
def courts_get_court(call: Call, court: str) -> dict:
    return service.court_view(court)


@endpoint(bp, "/courts/{court}/causelist", query=s.CauseListQuery, response=s.CauseList, errors=(404, 422),
          summary="The court's daily cause list (peshi list) for a date")
def courts_cause_list(call: Call, court: str) -> dict:
    return service.cause_list(court, call.query.date)


# --- the court's reader --------------------------------------------------------------------

@endpoint(bp, "/courts/{court}/cases", "POST", auth=READER, body=s.FileCase, response=s.CaseView, status=201,
          idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Enter a case filed in the court (parties, advocates; an appeal names the decided case)")
def courts_file_case(call: Call, court: str) -> dict:
    return service.file_case(call.caller, court, call.body)


@endpoint(bp, "/courts/{court}/cases", auth=READER, query=s.CaseListQuery, response=s.CasePage,
          errors=(400, 401, 403, 404, 422), summary="The court's registry, newest first")
def courts_list_cases(call: Call, court: str) -> dict:
    q = call.query
    return service.list_cases(call.caller, court, q.status, q.limit, q.next)


@endpoint(bp, "/courts/{court}/cases/{case_id}", auth=READER, response=s.CaseView, errors=(401, 403, 404),
          summary="The full case record with its hash-chained history")
def courts_get_case(call: Call, court: str, case_id: str) -> dict:
    return service.get_case(call.caller, court, case_id)


@endpoint(bp, "/courts/{court}/cases/{case_id}/actions", "POST", auth=READER, body=s.CaseAction,
          response=s.CaseView, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Register (case number), list, adjourn, reschedule, reserve, decide; parties told by SMS")
def courts_act(call: Call, court: str, case_id: str) -> dict:
    return service.act(call.caller, court, case_id, call.body)


# --- orders and judgments ------------------------------------------------------------------

@endpoint(bp, "/courts/{court}/cases/{case_id}/orders", "POST", auth=READER, body=s.OrderDeclare,
          response=s.OrderTicket, status=201, idempotent=True, errors=(401, 403, 404, 409, 422),
          summary="Declare an order or judgment PDF (size, SHA-256): a presigned PUT to upload it")
def courts_declare_order(call: Call, court: str, case_id: str) -> dict:
    return orders.declare(call.caller, court, case_id, call.body)


@endpoint(bp, "/courts/{court}/cases/{case_id}/orders/{order_id}/publish", "POST", auth=READER,
          body=s.PublishOrder, response=s.CaseView, errors=(401, 403, 404, 409, 422),
          summary="Check the uploaded PDF (size, type by content, SHA-256) and publish the order on the case")
def courts_publish_order(call: Call, court: str, case_id: str, order_id: str) -> dict:
    return orders.publish(call.caller, court, case_id, order_id, call.body.version)


@endpoint(bp, "/courts/order-pdf", query=s.OrderQuery, response=s.OrderLink, errors=(404, 409, 422),
          summary="Anyone: a short-lived link to a published order's PDF (each read is logged)")
def courts_order_pdf(call: Call) -> dict:
    return orders.download(call.principal, call.query.case_no, call.query.order_id)


# --- master data (admin) -------------------------------------------------------------------

@endpoint(bp, "/courts/{court}", "PUT", tags=("admin",), auth=(Role.ADMIN,), body=s.CourtUpsert,
          response=s.CourtView, errors=(401, 403, 404, 409, 422),
          summary="Change a court's names or presiding officer (version), or add an AR court (no version)")
def courts_put_court(call: Call, court: str) -> dict:
    b = call.body
    sent = b.model_dump(include={"name_hi", "name_en", "presiding_officer", "district"}, exclude_unset=True)
    return service.put_court(call.caller.subject, court, sent, b.version, b.note)


@endpoint(bp, "/admin/courts/settings", tags=("admin",), auth=(Role.ADMIN,), response=s.SettingsView,
          errors=(401, 403, 404), summary="Courts' time limits with their version")
def courts_get_settings(call: Call) -> dict:
    return service.settings_view()


@endpoint(bp, "/admin/courts/settings", "PUT", tags=("admin",), auth=(Role.ADMIN,), body=s.SettingsUpdate,
          response=s.SettingsView, errors=(401, 403, 404, 409, 422),
          summary="Change the hearing horizon, the reminder lead and the appeal period")
def courts_put_settings(call: Call) -> dict:
    b = call.body
    return service.put_settings(call.caller.subject, b.model_dump(exclude={"version", "note"}), b.version, b.note)
