"""The officer's desk routes (callback with its access log, bulk actions, reply templates,
near-breach alerts, the reconciling dashboard): parse, call the use case, shape the answer.
Registered on the grievances route table (imported by grievances.api)."""

from __future__ import annotations

from chalicelib.core import nearbreach
from chalicelib.core.auth import Role
from chalicelib.core.http import SIGNED_IN, Call, endpoint
from chalicelib.grievances import bulk, callback, dashboard, replies
from chalicelib.grievances import desk_schemas as ds
from chalicelib.grievances import schemas as s

SVC = "grievances"
OFFICERS = (Role.OFFICER,)


def register(bp: object) -> None:
    @endpoint(bp, "/grievances/{urn}/contact-reveal", "POST", service=SVC, auth=OFFICERS, body=ds.RevealRequest,
              response=ds.Revealed, errors=(401, 403, 404, 409, 422),
              summary="The complainant's mobile, for a call: only the officer it is with or one above in its "
                      "chain; every reveal is logged (who, when, why)")
    def reveal_contact(call: Call, urn: str) -> dict:
        return callback.reveal(call.caller, urn, call.body.reason)

    @endpoint(bp, "/grievances/{urn}/contact-reveals", service=SVC, auth=SIGNED_IN, query=ds.RevealLogQuery,
              response=ds.RevealLog, errors=(400, 401, 403, 404, 422),
              summary="Who saw the complainant's mobile, when and why (the complainant, or staff who may see "
                      "the grievance)")
    def contact_reveals(call: Call, urn: str) -> dict:
        return callback.reveals(call.caller, urn, call.query.limit, call.query.next)

    @endpoint(bp, "/grievances/{urn}/calls", "POST", service=SVC, auth=OFFICERS, body=ds.CallRequest,
              response=s.GrievanceView, idempotent=True, errors=(401, 403, 404, 409, 422),
              summary="Record a call's outcome on the grievance's history (who may reveal the number)")
    def record_call(call: Call, urn: str) -> dict:
        return callback.record_call(call.caller, urn, call.body)

    @endpoint(bp, "/grievances/bulk-actions", "POST", service=SVC, auth=OFFICERS, body=ds.BulkRequest,
              response=ds.BulkResult, idempotent=True, errors=(401, 403, 422),
              summary=f"One step and one note for up to {bulk.MAX_ITEMS} grievances: each checked and recorded "
                      "as a single action, in its own transaction; a result per item")
    def bulk_actions(call: Call) -> dict:
        return bulk.act_on_many(call.caller, call.body, call.lang)

    @endpoint(bp, "/desk/alerts", service=SVC, auth=OFFICERS, query=ds.AlertQuery, response=ds.AlertPage,
              errors=(400, 401, 403, 422),
              summary="Your near-breach alerts (grievances and guaranteed-service applications), newest first")
    def desk_alerts(call: Call) -> dict:
        return nearbreach.alerts(call.caller.subject, call.query.limit, call.query.next)

    @endpoint(bp, "/reports/grievances/dashboard", service=SVC, tags=("reports",), auth=(Role.ADMIN, Role.OFFICER),
              query=ds.DashboardQuery, response=ds.Dashboard, errors=(401, 403, 422),
              summary="Grievances filed in a date range: received = disposed in time + late + pending in time + "
                      "overdue, by district (or, with district, by office); from counters kept on every write")
    def grievance_dashboard(call: Call) -> dict:
        q = call.query
        return dashboard.dashboard(call.caller, q.from_, q.to, q.district)

    @endpoint(bp, "/reports/grievances/dashboard/items", service=SVC, tags=("reports",),
              auth=(Role.ADMIN, Role.OFFICER), query=ds.DashboardItemsQuery, response=ds.DashboardItems,
              errors=(401, 403, 422),
              summary="The grievances behind a dashboard cell (district, office, part), newest first, at most 100")
    def grievance_dashboard_items(call: Call) -> dict:
        q = call.query
        return dashboard.items(call.caller, q.district, q.office, q.from_, q.to, q.part)

    @endpoint(bp, "/grievances/reply-templates", service=SVC, auth=(Role.OFFICER, Role.ADMIN), query=ds.ReplyQuery,
              response=list[ds.ReplyTemplate], errors=(401, 403, 422),
              summary="Reply templates (Hindi and English) for a category's closing notes")
    def reply_templates(call: Call) -> list:
        return replies.listed(call.caller, call.query.category)

    @endpoint(bp, "/admin/grievances/reply-templates/{category}/{code}", "PUT", service=SVC, tags=("admin",),
              auth=(Role.ADMIN,), body=ds.ReplyUpsert, response=s.Versioned, errors=(401, 403, 404, 409, 422),
              summary="Create (no version) or change a reply template of a category")
    def put_reply_template(call: Call, category: str, code: str) -> dict:
        b = call.body
        return replies.put(call.caller.subject, category, code, b.model_dump(exclude={"version", "note"}),
                           b.version, b.note)
