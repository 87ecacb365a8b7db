"""The grievance report (GET /reports/grievances) as a CSV file: the same rows and totals, headings
in Hindi or English, logged like every export (core.csv_export)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from chalicelib.core import csv_export
from chalicelib.core.auth import Role
from chalicelib.core.http import Call, endpoint
from chalicelib.grievances import reports
from chalicelib.grievances.api import SVC, bp
from chalicelib.grievances.schemas import ReportQuery

BASE = [("key", "कोड", "Code"), ("name_hi", "नाम", "Name (Hindi)"), ("name_en", "Name", "Name (English)"),
        ("received", "प्राप्त", "Received"), ("disposed", "निराकृत", "Disposed"), ("escalated", "आगे बढ़ीं", "Escalated"),
        ("feedback", "प्रतिक्रिया", "Feedback"), ("satisfied", "संतुष्ट", "Satisfied"), ("reopened", "पुनः खुलीं", "Reopened"),
        ("disposal_rate", "निराकरण दर %", "Disposal rate %"), ("satisfaction_rate", "संतुष्टि दर %", "Satisfaction %"),
        ("pending", "लंबित", "Pending")]


class ReportExportQuery(ReportQuery):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    lang: Literal["hi", "en"] = Field("hi", description="language of the column headings")


def _flat(row: dict, bands: list[str]) -> dict:
    out = {key: row.get(key) for key, _, _ in BASE if key != "pending"}
    out["pending"] = row["pending"]["total"]
    out.update({f"band:{b}": row["pending"]["bands"].get(b, 0) for b in bands})
    return out


@endpoint(bp, "/reports/grievances.csv", service=SVC, tags=("reports",), auth=(Role.ADMIN, Role.OFFICER),
          query=ReportExportQuery, codec=csv_export.CsvCodec(), errors=(401, 403, 422),
          summary="The grievance report as CSV (UTF-8 with BOM): one row per district, level, category or office, "
                  "then the totals; each export logged")
def grievance_report_csv(call: Call) -> dict:
    q = call.query
    data = reports.grievance_report(call.caller, q.by, q.from_, q.to)
    bands = list(data["totals"]["pending"]["bands"])
    columns = BASE + [(f"band:{b}", f"लंबित {b} दिन", f"Pending {b} days") for b in bands]
    totals = {**data["totals"], "key": "TOTAL", "name_hi": "योग", "name_en": "Total"}
    rows = [_flat(r, bands) for r in [*data["rows"], totals]]
    described = f"by={q.by},from={data['from']},to={data['to']}"
    return csv_export.answer(call.caller, "grievance_report", described, columns, rows, q.lang, len(rows),
                             f"grievance-report-{q.by}-{data['from']}-{data['to']}.csv")
