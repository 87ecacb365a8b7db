"""Routes of the officers' search over guaranteed-service applications and its CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from chalicelib.core import clock, csv_export
from chalicelib.core.http import Call, endpoint
from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import DistrictCode
from chalicelib.lokseva import search
from chalicelib.lokseva.api import bp


class SearchQuery(Strict):
    district: DistrictCode | None = Field(None, description="one district of your jurisdiction (district officers: "
                                                            "their own, the default)")
    ack: str | None = Field(None, pattern=r"^[0-9][0-9 -]{8,18}[0-9]$",
                            description="the acknowledgement number (as printed, spaces or hyphens allowed)")
    service: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]{1,59}$", max_length=60)
    status: Literal["SUBMITTED", "FIRST_APPEAL", "SECOND_APPEAL", "APPROVED", "REJECTED"] | None = None
    overdue: bool | None = Field(None, description="active and past the current stage's time limit")
    filed_from: dt.date | None = Field(None, description="applied on or after (Indian date)")
    filed_to: dt.date | None = Field(None, description="applied on or before (Indian date)")


class SearchPageQuery(SearchQuery):
    limit: int = Field(50, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class ExportQuery(SearchQuery):
    lang: Literal["hi", "en"] = "hi"
    max_rows: int = Field(5000, ge=1, le=20000)


class SearchRow(Model):
    ack: str
    service: str
    district: str
    office: str
    channel: str
    status: str
    stage_due_at: str
    guaranteed_date: str
    overdue: bool
    created_at: str
    decided_at: str | None = None


class SearchPage(Model):
    items: list[SearchRow]
    next: str | None = None


COLUMNS = [("ack", "पावती क्रमांक", "Acknowledgement"), ("created_at", "आवेदन दिनांक", "Applied"),
           ("service", "सेवा", "Service"), ("district", "जिला", "District"), ("office", "कार्यालय", "Office"),
           ("channel", "माध्यम", "Channel"), ("status", "स्थिति", "Status"),
           ("stage_due_at", "समय-सीमा", "Due"), ("overdue", "समय-सीमा पार", "Overdue"),
           ("guaranteed_date", "गारंटी तिथि", "Guaranteed by"), ("decided_at", "निर्णय", "Decided")]


@endpoint(bp, "/lokseva/applications/search", auth=search.SEARCHERS, query=SearchPageQuery, response=SearchPage,
          errors=(400, 401, 403, 422),
          summary="Officers: applications of one district of their jurisdiction by acknowledgement number, service, "
                  "status, overdue, date range; one Query per page")
def lokseva_search(call: Call) -> dict:
    return search.search(call.caller, call.query)


@endpoint(bp, "/lokseva/applications/search.csv", auth=search.SEARCHERS, query=ExportQuery,
          codec=csv_export.CsvCodec(), errors=(400, 401, 403, 422),
          summary="The same filtered list as CSV (UTF-8 with BOM), page by page up to max_rows; each export logged")
def lokseva_export(call: Call) -> dict:
    q = call.query
    name = f"lokseva-{clock.now().astimezone(clock.IST):%Y%m%d-%H%M}.csv"
    return csv_export.answer(call.caller, "lokseva_applications", search.described(q), COLUMNS,
                             search.rows(call.caller, q, q.max_rows + 1), q.lang, q.max_rows, name)
