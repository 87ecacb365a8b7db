"""Request and response models of the officer's desk routes (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import DistrictCode, Text
from chalicelib.grievances import bulk, callback
from chalicelib.grievances.schemas import CODE, URN, Action, RejectReason, Status

RevealReason = Literal[callback.REASONS]  # type: ignore[valid-type]
CallOutcome = Literal[callback.OUTCOMES]  # type: ignore[valid-type]


class RevealRequest(Strict):
    reason: RevealReason = Field(description="why the number is needed; logged with who and when")


class Revealed(Model):
    urn: str = URN
    mobile: str = Field(description="the complainant's mobile, E.164")
    tel: str = Field(description="a tel: link to call it")
    reason: str
    revealed_at: str
    revealed_by: str


class RevealLogQuery(Strict):
    limit: int = Field(50, ge=1, le=200)
    next: str | None = Field(None, max_length=2000)


class RevealEntry(Model):
    reader: str
    reader_role: str
    reason: str
    level: int
    at: str


class RevealLog(Model):
    items: list[RevealEntry]
    next: str | None = None


class CallRequest(Strict):
    outcome: CallOutcome
    note: Text(2000)  # type: ignore[valid-type]
    version: int | None = Field(None, ge=1, description="the version you read; a stale one gets 409")


class BulkRequest(Strict):
    urns: list[str] = Field(min_length=1, max_length=bulk.MAX_ITEMS,
                            description=f"up to {bulk.MAX_ITEMS} grievance numbers, each acted on separately")
    action: Action
    note: Text(2000)  # type: ignore[valid-type]
    reason: RejectReason | None = Field(None, description="reject only")
    office: str | None = Field(None, pattern=CODE, max_length=40, description="transfer only: the new office")
    district: DistrictCode | None = Field(None, description="transfer only: the new district")


class BulkError(Model):
    code: str
    message: str


class BulkItem(Model):
    urn: str
    ok: bool
    status_code: int = Field(description="what the single action would have answered")
    status: Status | None = None
    level: int | None = None
    version: int | None = None
    error: BulkError | None = None


class BulkResult(Model):
    action: str
    total: int
    done: int
    refused: int
    results: list[BulkItem]


class AlertQuery(Strict):
    limit: int = Field(50, ge=1, le=200)
    next: str | None = Field(None, max_length=2000)


class DeskAlert(Model):
    service: str = Field(description="grievances | lokseva")
    key: str = Field(description="the grievance URN or the application's acknowledgement number")
    label_hi: str
    label_en: str
    due_at: str = Field(description="the time limit the alert warns of")
    at: str = Field(description="when the alert was raised")


class AlertPage(Model):
    items: list[DeskAlert]
    next: str | None = None


def _plausible(value: dt.date | None) -> dt.date | None:
    if value is not None and not 2000 <= value.year <= 2100:
        raise ValueError("a date between the years 2000 and 2100")
    return value


Part = Literal["disposed_in_time", "disposed_late", "pending_in_time", "pending_overdue"]


class DashboardQuery(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: dt.date | None = Field(None, alias="from", description="first filing day (IST); default: the 1st of "
                                                                  "this month")
    to: dt.date | None = Field(None, description="last filing day (IST); default: today")
    district: DistrictCode | None = Field(None, description="drill down: that district's offices")

    _dates = field_validator("from_", "to")(_plausible)


class DashboardItemsQuery(DashboardQuery):
    district: DistrictCode
    office: str | None = Field(None, pattern=CODE, max_length=40)
    part: Part | None = Field(None, description="only the grievances in this part of the identity")


class DashboardFigures(Model):
    received: int = Field(description="filed in the range (district rows: the daily flow counters)")
    disposed_in_time: int
    disposed_late: int
    pending_in_time: int
    pending_overdue: int = Field(description="pending, and the day of its limit has passed (IST)")
    accounted: int = Field(description="the four parts summed")
    reconciles: bool = Field(description="received = accounted")


class DashboardRow(DashboardFigures):
    key: str
    name_hi: str | None = None
    name_en: str | None = None


class Dashboard(Model):
    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    by: Literal["district", "office"]
    district: str | None = None
    rows: list[DashboardRow]
    totals: DashboardFigures


class DashboardItem(Model):
    urn: str
    type: str
    category: str
    district: str
    office: str
    subject: str
    status: Status
    level: int
    due_at: str
    created_at: str
    disposed_at: str | None = None
    part: Part


class DashboardItems(Model):
    items: list[DashboardItem]
    truncated: bool = Field(description="more than the first 100 match: narrow the range")


class ReplyQuery(Strict):
    category: str | None = Field(None, pattern=CODE, max_length=40)


class ReplyData(Strict):
    name_hi: Text(200)  # type: ignore[valid-type]
    name_en: Text(200)  # type: ignore[valid-type]
    text_hi: Text(2000)  # type: ignore[valid-type]
    text_en: Text(2000)  # type: ignore[valid-type]


class ReplyUpsert(ReplyData):
    version: int | None = Field(None, ge=1, description="omit to create; the version you read to change")
    note: Text(500)  # type: ignore[valid-type]


class ReplyTemplate(ReplyData):
    category: str
    code: str
    version: int
