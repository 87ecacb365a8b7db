"""societies routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from chalicelib.core.http import SIGNED_IN, Call, Routes, endpoint
from chalicelib.core.schemas import HistoryView
from chalicelib.societies import schemas as s
from chalicelib.societies import service

bp = Routes("societies")
SVC = "societies"


@endpoint(bp, "/geo/divisions", service=SVC, tags=("registry",), response=list[s.Division],
          summary="The 10 divisions")
def list_divisions(call: Call) -> list:
    return service.divisions()


@endpoint(bp, "/geo/districts", service=SVC, tags=("registry",), query=s.DistrictQuery,
          response=list[s.District], errors=(422,), summary="The 55 districts, or those of one division")
def list_districts(call: Call) -> list:
    return service.districts(call.query.division)


@endpoint(bp, "/geo/society-types", service=SVC, tags=("registry",), response=list[s.SocietyTypeView],
          summary="Kinds of society, with their class and level under the Act")
def list_society_types(call: Call) -> list:
    return service.society_types()


@endpoint(bp, "/societies", service=SVC, tags=("registry",), query=s.SocietyQuery, response=s.SocietyPage,
          errors=(400, 422), summary="Browse or search societies (Hindi or English), a page at a time")
def list_societies(call: Call) -> dict:
    q = call.query
    return service.list_societies(q.district, q.type, q.q, q.limit, q.next)


@endpoint(bp, "/societies/{reg_no}", service=SVC, tags=("registry",), response=s.SocietyPublic,
          errors=(404,), summary="A society's basic public details")
def get_society(call: Call, reg_no: str) -> dict:
    return service.get_public(reg_no)


@endpoint(bp, "/societies", "POST", service=SVC, tags=("registry",), auth=SIGNED_IN, body=s.SocietyCreate,
          response=s.SocietyOfficial, status=201, idempotent=True, errors=(401, 403, 409, 422),
          summary="Enter a society in the registry (officer of its district, division or HQ); "
                  "creates its login")
def create_society(call: Call) -> dict:
    return service.create(call.principal, call.body.model_dump())


@endpoint(bp, "/societies/{reg_no}/record", service=SVC, tags=("registry",), auth=SIGNED_IN,
          response=s.SocietyOfficial, errors=(401, 403, 404),
          summary="The full record with its version, for officers of its jurisdiction")
def get_society_record(call: Call, reg_no: str) -> dict:
    return service.get_official(call.principal, reg_no)


@endpoint(bp, "/societies/{reg_no}", "PATCH", service=SVC, tags=("registry",), auth=SIGNED_IN,
          body=s.SocietyUpdate, response=s.SocietyOfficial, errors=(401, 403, 404, 409, 422),
          summary="Edit a society (officer of its jurisdiction); needs the version read")
def update_society(call: Call, reg_no: str) -> dict:
    b = call.body
    changes = b.model_dump(exclude={"version", "note"}, exclude_none=True)
    return service.update(call.principal, reg_no, b.version, changes, b.note)


@endpoint(bp, "/societies/{reg_no}/history", service=SVC, tags=("registry",), auth=SIGNED_IN,
          response=HistoryView, errors=(401, 403, 404), summary="The society record's chained history")
def society_history(call: Call, reg_no: str) -> dict:
    return service.society_history(principal=call.principal, reg_no=reg_no)
