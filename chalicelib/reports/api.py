"""reports routes: parse, call the use case, shape the answer."""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.core.auth import Role
from chalicelib.core.http import Call, Codec, Routes, endpoint
from chalicelib.core.schemas import HistoryView
from chalicelib.reports import domain, epacs
from chalicelib.reports import schemas as s

bp = Routes("reports")
SVC = "reports"
READERS = (Role.ADMIN, Role.OFFICER, Role.HOUSING_CELL)


class PdfCodec(Codec):
    """Answers a PDF (bytes); errors stay in the house JSON shape."""

    binary_media = "application/pdf"

    def respond(self, status: int, payload: Any, call: Call) -> Response:
        body, filename = payload["pdf"], payload["filename"]
        return Response(body=body, status_code=status,
                        headers={"Content-Type": "application/pdf",
                                 "Content-Disposition": f'inline; filename="{filename}"'})


def _review(call: Call) -> dict:
    from chalicelib.reports import review

    query = call.query
    return review.build(call.caller, domain.Fortnight.parse(query.fortnight), query.division)


@endpoint(bp, "/reports/review", service=SVC, auth=READERS, query=s.ReviewQuery, response=s.Review,
          errors=(400, 401, 403, 422),
          summary="The fortnightly review as data: grievance pendency and escalations, e-PACS conversion "
                  "(and every other service's figures) by district, with six-fortnight trends")
def review_json(call: Call) -> dict:
    return _review(call)


@endpoint(bp, "/reports/review/pdf", service=SVC, auth=READERS, query=s.ReviewQuery, codec=PdfCodec(),
          errors=(400, 401, 403, 422),
          summary="The fortnightly review as a PDF with charts (Hindi by default; lang=en for English)")
def review_pdf(call: Call) -> dict:
    from chalicelib.reports.render import review_pdf as render

    data = _review(call)
    suffix = f"-{data['division']}" if data["division"] else ""
    return {"pdf": render(data, call.query.lang), "filename": f"review-{data['fortnight']}{suffix}.pdf"}


@endpoint(bp, "/reports/epacs", service=SVC, auth=READERS, query=s.EpacsQuery, response=s.EpacsReport,
          errors=(400, 401, 403, 422),
          summary="Conversion of PACS to e-PACS toward 100%, by district or division, with the PACS "
                  "still pending listed per district")
def epacs_report(call: Call) -> dict:
    return epacs.report(call.caller, call.query.by, call.query.division)


@endpoint(bp, "/reports/pacs/{reg_no}", service=SVC, auth=READERS, response=s.PacsStatusView,
          errors=(401, 403, 404, 422),
          summary="A PACS's e-PACS and service-centre status (officers of its district and above)")
def get_pacs_status(call: Call, reg_no: str) -> dict:
    return epacs.get_status(call.caller, reg_no)


@endpoint(bp, "/reports/pacs/{reg_no}", "PUT", service=SVC, auth=(Role.ADMIN, Role.OFFICER),
          body=s.StatusChange, response=s.PacsStatusView, errors=(401, 403, 404, 409, 422),
          summary="Record a PACS's e-PACS onboarding (date, modules live, audit on portal) and its "
                  "service-centre status (CSC ID, services); conditional on the version read")
def set_pacs_status(call: Call, reg_no: str) -> dict:
    body = call.body
    changes = {k: getattr(body, k).model_dump() for k in ("epacs", "service_centre") if getattr(body, k)}
    return epacs.set_status(call.caller, reg_no, body.version, changes, body.note)


@endpoint(bp, "/reports/pacs/{reg_no}/history", service=SVC, auth=READERS, response=HistoryView,
          errors=(401, 403, 404),
          summary="Every change to a PACS's status, hash-chained")
def pacs_history(call: Call, reg_no: str) -> dict:
    return epacs.status_history(call.caller, reg_no)
