"""Routes of the officers' grievance search and its CSV export (registered by api.py)."""

from __future__ import annotations

from chalicelib.core import clock, csv_export
from chalicelib.core.http import Call, endpoint
from chalicelib.grievances import search
from chalicelib.grievances import search_schemas as s
from chalicelib.grievances.api import SVC, bp

COLUMNS = [
    ("urn", "शिकायत क्रमांक", "URN"),
    ("created_at", "दर्ज दिनांक", "Filed"),
    ("category", "श्रेणी", "Category"),
    ("society_reg_no", "संस्था पंजीयन क्रमांक", "Society reg. no."),
    ("society_name", "संस्था", "Society"),
    ("subject", "विषय", "Subject"),
    ("district", "जिला", "District"),
    ("office", "कार्यालय", "Office"),
    ("status", "स्थिति", "Status"),
    ("level", "स्तर", "Level"),
    ("due_at", "समय-सीमा", "Due"),
    ("overdue", "समय-सीमा पार", "Overdue"),
    ("assignee", "अधिकारी", "Officer"),
]


@endpoint(bp, "/grievances/search", service=SVC, auth=search.SEARCHERS, query=s.SearchPageQuery,
          response=s.SearchPage, errors=(400, 401, 403, 422),
          summary="Officers: grievances of one district of their jurisdiction by URN (whole or last digits), "
                  "mobile, society, office, category, status, level, filed-date range, overdue / near the limit; "
                  "one Query per page")
def search_grievances(call: Call) -> dict:
    return search.search(call.caller, call.query)


@endpoint(bp, "/grievances/search.csv", service=SVC, auth=search.SEARCHERS, query=s.ExportQuery,
          codec=csv_export.CsvCodec(), errors=(400, 401, 403, 422),
          summary="The same filtered list as a CSV file (UTF-8 with BOM), read page by page up to max_rows; "
                  "each export is logged (who, filter, rows)")
def export_grievances(call: Call) -> dict:
    q = call.query
    rows = search.rows(call.caller, q, q.max_rows + 1)
    name = f"grievances-{clock.now().astimezone(clock.IST):%Y%m%d-%H%M}.csv"
    return csv_export.answer(call.caller, "grievances", search.described(q), COLUMNS, rows, q.lang, q.max_rows,
                             name)
