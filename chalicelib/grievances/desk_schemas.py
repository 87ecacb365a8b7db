"""Request and response models of the officer's desk routes (they generate the OpenAPI)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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
