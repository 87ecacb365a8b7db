"""Request and response models of the courts service (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from chalicelib.core.document_schemas import ReadLink, UploadRequest, UploadTicket
from chalicelib.core.schemas import HistoryView, Model, Strict
from chalicelib.core.types import DistrictCode, DivisionCode, Mobile, Text
from chalicelib.courts import domain

Level = Literal[domain.LEVELS]  # type: ignore[valid-type]
Status = Literal[domain.STATUSES]  # type: ignore[valid-type]
Kind = Literal[domain.KINDS]  # type: ignore[valid-type]
Action = Literal[domain.ACTIONS]  # type: ignore[valid-type]
Result = Literal[domain.RESULTS]  # type: ignore[valid-type]
PartyRole = Literal[domain.PARTY_ROLES]  # type: ignore[valid-type]
HearingStatus = Literal["SCHEDULED", "ADJOURNED", "MOVED", "HEARD", "DECIDED"]
Lang = Literal["hi", "en"]
CASE_NO = r"^[A-Z][A-Z0-9-]{1,39}/\d{4}/\d{4,6}$"
REG_NO = r"^[A-Z]{3}-\d{4}-\d{5}$"


def _plausible(value: dt.date | None) -> dt.date | None:
    """Dates this system can have seen (arithmetic on year 1 or 9999 would overflow)."""
    if value is not None and not 2000 <= value.year <= 2100:
        raise ValueError("a date between the years 2000 and 2100")
    return value


Day = Annotated[dt.date, AfterValidator(_plausible)]


class Party(Strict):
    role: PartyRole
    name: Text(150)  # type: ignore[valid-type]
    mobile: Mobile | None = Field(None, description="for SMS of dates and orders; masked in every view")
    lang: Lang = Field("hi", description="language of the party's SMS")
    advocate: Text(150) | None = None  # type: ignore[valid-type]


class FileCase(Strict):
    kind: Kind = "dispute"
    subject: Text(300)  # type: ignore[valid-type]
    section: Text(40) | None = Field(None, description="the Act's section, e.g. 64")  # type: ignore[valid-type]
    society_reg_no: str | None = Field(None, pattern=REG_NO, max_length=14)
    parties: list[Party] = Field(min_length=2, max_length=20)
    appeal_of: str | None = Field(None, pattern=CASE_NO, max_length=60,
                                  description="an appeal to a JR court: the decided AR/DR case number")
    note: Text(1000) | None = None  # type: ignore[valid-type]

    @field_validator("parties")
    @classmethod
    def _both_sides(cls, parties: list[Party]) -> list[Party]:
        if {p.role for p in parties} != set(domain.PARTY_ROLES):
            raise ValueError("at least one petitioner and one respondent")
        return parties


class CaseAction(Strict):
    action: Action = Field(description="register, list (fix the first date), adjourn (at the hearing), "
                                       "reschedule (before it), reserve, decide")
    version: int = Field(ge=1, le=1_000_000, description="the version read; a stale one gets 409")
    note: Text(1000)  # type: ignore[valid-type]
    hearing_date: Day | None = Field(None, description="list / adjourn / reschedule: the next hearing (IST date)")
    purpose: Text(100) | None = Field(None, description="e.g. reply, evidence, arguments")  # type: ignore[valid-type]
    reason: Text(200) | None = Field(None, description="adjourn / reschedule: why (told to the parties)")  # type: ignore[valid-type]
    result: Result | None = Field(None, description="decide: the result")


class PartyView(Model):
    role: PartyRole
    name: str
    advocate: str | None
    mobile: str | None = Field(description="masked")
    lang: Lang


class HearingView(Model):
    date: str
    purpose: str
    status: HearingStatus
    outcome: str | None
    next_date: str | None
    listed_at: str
    reminded_at: str | None


class OrderView(Model):
    order_id: str
    kind: str
    title: str
    order_date: str
    status: str
    document: dict | None


class Decision(Model):
    result: Result
    summary: str
    decided_on: str


class AppealLink(Model):
    case_id: str
    court: str


class CaseView(Model):
    """The full record, for the court's reader."""

    case_id: str
    court: str
    case_no: str | None
    kind: Kind
    subject: str
    section: str | None
    society_reg_no: str | None
    status: Status
    parties: list[PartyView]
    next_hearing: str | None
    hearings: list[HearingView]
    orders: list[OrderView]
    decision: Decision | None
    appeal_of: str | None
    appeals: list[AppealLink]
    filed_by: str
    filed_at: str
    registered_at: str | None
    decided_at: str | None
    updated_at: str
    version: int
    history: HistoryView


class PublicCase(Model):
    """Case status anyone may read: parties' mobiles masked, no internal notes."""

    case_no: str
    court: str
    court_name_hi: str
    court_name_en: str
    kind: Kind
    subject: str
    status: Status
    parties: list[PartyView]
    next_hearing: str | None
    hearings: list[HearingView]
    decision: Decision | None
    filed_at: str
    registered_at: str | None
    decided_at: str | None
    appeal_of: str | None
    appeals: int
    orders: list[OrderView]


class CaseSummary(Model):
    case_id: str
    case_no: str | None
    kind: Kind
    subject: str
    status: Status
    title: str
    next_hearing: str | None
    filed_at: str
    version: int


class CasePage(Model):
    items: list[CaseSummary]
    next: str | None


class CaseListQuery(Strict):
    status: Status | None = None
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class CauseListQuery(Strict):
    date: Day = Field(description="the day (IST), YYYY-MM-DD")


class CaseStatusQuery(Strict):
    case_no: str = Field(pattern=CASE_NO, max_length=60, examples=["DR-BHOPAL/2026/0012"])


class CauseListItem(Model):
    serial: int
    case_no: str
    title: str
    advocates: str | None
    purpose: str
    status: HearingStatus
    outcome: str | None
    next_date: str | None


class CauseList(Model):
    court: str
    court_name_hi: str
    court_name_en: str
    presiding_officer: str | None
    date: str
    items: list[CauseListItem]


class CourtView(Model):
    code: str
    level: Level
    name_hi: str
    name_en: str
    district: str | None
    division: str | None
    presiding_officer: str | None
    version: int


class CourtsQuery(Strict):
    level: Level | None = None
    division: DivisionCode | None = None


class CourtUpsert(Strict):
    name_hi: Text(200) | None = None  # type: ignore[valid-type]
    name_en: Text(200) | None = None  # type: ignore[valid-type]
    presiding_officer: Text(150) | None = None  # type: ignore[valid-type]
    district: DistrictCode | None = Field(None, description="a new AR court: its district")
    version: int | None = Field(None, ge=1, le=1_000_000, description="absent to create an AR court; "
                                                                      "the version read to change a court")
    note: Text(500) = "master data"  # type: ignore[valid-type]


class SettingsData(Model):
    hearing_max_days_ahead: int
    reminder_days_before: int
    appeal_days: int


class SettingsView(Model):
    data: SettingsData
    version: int
    updated_at: str
    updated_by: str


class SettingsUpdate(Strict):
    hearing_max_days_ahead: int = Field(ge=1, le=1000, description="how far ahead a hearing may be fixed (days)")
    reminder_days_before: int = Field(ge=1, le=7, description="the reminder SMS goes this many days before")
    appeal_days: int = Field(ge=1, le=365, description="an appeal to the JR court within this many days")
    version: int = Field(ge=1, le=1_000_000)
    note: Text(500) = "settings"  # type: ignore[valid-type]


class OrderDeclare(UploadRequest):
    kind: Literal["interim", "final"] = Field(description="a final order (judgment) only once the case is decided")
    title: Text(200)  # type: ignore[valid-type]
    order_date: Day


class OrderTicket(Model):
    order: OrderView
    upload: UploadTicket


class PublishOrder(Strict):
    version: int = Field(ge=1, le=1_000_000, description="the case's version read; a stale one gets 409")


class OrderQuery(Strict):
    case_no: str = Field(pattern=CASE_NO, max_length=60, examples=["DR-BHOPAL/2026/0012"])
    order_id: str = Field(pattern=r"^[0-9A-Z]{26}$", max_length=26)


OrderLink = ReadLink
