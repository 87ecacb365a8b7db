"""lokseva request and response shapes (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from chalicelib.core.schemas import HistoryView, Model, Strict
from chalicelib.core.types import DistrictCode, Mobile, Text
from chalicelib.lokseva.form_schemas import AttachedDocument, DocumentDef, FieldName, FormField, FormValue

CODE = r"^[a-z][a-z0-9_]{1,59}$"
USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"
REG_NO = r"^[A-Z]{2,5}-\d{4}-\d{5}$"

Money = Annotated[Decimal, Field(ge=0, le=Decimal("10000000"), max_digits=10, decimal_places=2,
                                 description="rupees, exact to the paisa", examples=["30.00"])]
Code = Annotated[str, Field(pattern=CODE, max_length=60, examples=["income_certificate"])]
Level = Literal["district", "division", "state"]
Lang = Literal["hi", "en"]


# --- master data ----------------------------------------------------------------------------

class Officer(Strict):
    office: Code
    level: Level


class TimeLimit(Strict):
    days: int = Field(ge=0, le=365)
    kind: Literal["working", "calendar"]


class ServiceDef(Strict):
    name_hi: Text(200)  # type: ignore[valid-type]
    name_en: Text(200)  # type: ignore[valid-type]
    description_hi: Text(300) | None = Field(None, description="one line: what the service gives")  # type: ignore[valid-type]
    description_en: Text(300) | None = None  # type: ignore[valid-type]
    department: Code
    designated_officer: Officer
    first_appeal: Officer
    second_appeal: Officer
    time_limit: TimeLimit
    fee: Money
    documents: list[DocumentDef] = Field(default_factory=list, max_length=30,
                                         description="what the applicant uploads (required ones must be)")
    same_day: bool = False
    applicant: Literal["person", "society"] = Field(
        "person", description="person: citizens apply (online or at a PACS counter); society: only the society's "
                              "own login applies, for itself")
    asks_society: bool = Field(False, description="the application names a society (its district decides the desk)")
    form: list[FormField] = Field(default_factory=list, max_length=30, description="the questions the officer needs")


class ServicePut(ServiceDef):
    version: int | None = Field(None, ge=1, description="the version you read; omit to create")
    note: Text(500) = "service changed"  # type: ignore[valid-type]


class ServiceView(Model):
    code: str
    name_hi: str
    name_en: str
    department: str
    designated_officer: dict
    first_appeal: dict
    second_appeal: dict
    time_limit: dict
    fee: Decimal
    documents: list[dict]
    same_day: bool
    description_hi: str | None = None
    description_en: str | None = None
    applicant: str = "person"
    asks_society: bool = False
    form: list[dict] = Field(default_factory=list)
    version: int | None = None


class CatalogueQuery(Strict):
    department: Code | None = None


class Holiday(Strict):
    date: dt.date
    name_hi: Text(120)  # type: ignore[valid-type]
    name_en: Text(120)  # type: ignore[valid-type]


class HolidaysPut(Strict):
    dates: list[Holiday] = Field(max_length=100)
    version: int | None = Field(None, ge=1, description="the version you read; omit to create")
    note: Text(500) = "holiday list changed"  # type: ignore[valid-type]


class HolidaysView(Model):
    year: int
    dates: list[dict]
    version: int | None = None


class SettingsPut(Strict):
    penalty_per_day: Money
    penalty_cap: Money
    first_appeal_days: int = Field(ge=1, le=365)
    second_appeal_days: int = Field(ge=1, le=365)
    appeal_window_days: int = Field(ge=1, le=365)
    off_saturdays: list[Literal[1, 2, 3, 4, 5]] = Field(max_length=5)
    certificate_link_seconds: int = Field(ge=30, le=3600)
    near_breach_hours: int = Field(24, ge=1, le=720, description="the desk's alert this long before a stage limit")
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")
    note: Text(500)  # type: ignore[valid-type]


class SettingsView(Model):
    data: dict
    version: int
    updated_at: str
    updated_by: str


class WorkingDaysQuery(Strict):
    start: dt.date = Field(description="the application date (it does not count)")
    days: int = Field(ge=0, le=365)
    kind: Literal["working", "calendar"] = "working"


class WorkingDaysView(Model):
    start: dt.date
    days: int
    kind: str
    guaranteed_date: dt.date
    skipped: list[dt.date]


class SeatPut(Strict):
    """The officers who hold an office at one node of the tree (e.g. the SDM and the Collector
    both sit at district level: a seat tells them apart)."""

    desk: str = Field(pattern=r"^(state|district:[a-z][a-z-]{1,39}|division:[a-z][a-z-]{1,39})$",
                      examples=["district:bhopal"])
    usernames: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9._-]{2,39}$")]] = Field(min_length=1, max_length=10)
    version: int | None = Field(None, ge=1, description="the version you read; omit to create")
    note: Text(500) = "seat changed"  # type: ignore[valid-type]


class SeatView(Model):
    office: str
    desk: str
    usernames: list[str]
    version: int


# --- applications ---------------------------------------------------------------------------

RegNo = Annotated[str, Field(pattern=r"^[A-Za-z]{2,5}-\d{4}-\d{5}$", max_length=16, examples=["BPL-2024-00001"])]
Answers = dict[FieldName, FormValue]
DOCS_HELP = "one per listed document, uploaded and confirmed through POST /lokseva/documents"


def _upper(value: str | None) -> str | None:
    return value.upper() if value else value


class ApplyRequest(Strict):
    service: Code
    district: DistrictCode | None = Field(None, description="required unless the service names a society "
                                                            "(then the society's district)")
    society: RegNo | None = Field(None, description="the society the application concerns (services with "
                                                    "asks_society; a society's own login: itself)")
    applicant_name: Text(120)  # type: ignore[valid-type]
    purpose: Text(500) | None = None  # type: ignore[valid-type]
    form: Answers = Field(default_factory=dict, description="answers to the service's form, by field name")
    documents: list[AttachedDocument] = Field(default_factory=list, max_length=30, description=DOCS_HELP)
    lang: Lang | None = Field(None, description="language of the SMS; default: the request's language")

    _society = field_validator("society")(_upper)


class CounterApplyRequest(Strict):
    service: Code
    applicant_name: Text(120)  # type: ignore[valid-type]
    mobile: Mobile = Field(description="the applicant's mobile: the acknowledgement goes there by SMS")
    fee_taken: Money
    fee_reason: Text(300) | None = Field(None, description="required when the fee taken differs from the "  # type: ignore[valid-type]
                                                           "catalogue's fee (e.g. a waiver order)")
    society: RegNo | None = None
    purpose: Text(500) | None = None  # type: ignore[valid-type]
    form: Answers = Field(default_factory=dict)
    documents: list[AttachedDocument] = Field(default_factory=list, max_length=30, description=DOCS_HELP)
    lang: Lang | None = None

    _society = field_validator("society")(_upper)


class DecisionRequest(Strict):
    decision: Literal["approve", "reject"]
    reasons: Text(1000)  # type: ignore[valid-type]
    version: int | None = Field(None, ge=1, description="the version you read; a stale one gets 409")


class AppealRequest(Strict):
    grounds: Text(1000)  # type: ignore[valid-type]


class ListQuery(Strict):
    mine: bool = False
    pending: bool = Field(False, description="officers: what waits at your desk, oldest due first")
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class Summary(Model):
    ack: str
    service: str
    service_name_hi: str | None = None
    service_name_en: str | None = None
    district: str
    status: str
    stage_due_at: str
    guaranteed_date: str
    created_at: str


class ApplicationPage(Model):
    items: list[Summary]
    next: str | None


class Filed(Model):
    ack: str
    status: str
    service: str
    district: str
    guaranteed_date: str
    stage_due_at: str
    fee: Decimal
    fee_taken: Decimal | None
    channel: str
    created_at: str


class ApplicationView(Model):
    ack: str
    service: str
    service_name_hi: str | None
    service_name_en: str | None
    department: str
    office: str
    district: str
    applicant_name: str
    purpose: str | None
    society: str | None = None
    society_name_hi: str | None = None
    society_name_en: str | None = None
    answers: list[dict] = Field(default_factory=list, description="the form's answers with both-language labels")
    documents: list[dict] = Field(description="code, both-language names, document_id, file name")
    mobile: str
    lang: str
    channel: str
    filed_by: str
    pacs_reg_no: str | None
    fee: Decimal
    fee_taken: Decimal | None
    fee_reason: str | None = None
    status: str
    stage_desk: str
    stage_office: str
    stage_due_at: str
    guaranteed_date: str
    decided_at: str | None
    decided_by: str | None
    decided_stage: str | None
    reasons: str | None
    delay_days: int
    compensation_due: Decimal = Field(description="penalty against the officer at fault, paid to the applicant")
    at_fault: str | None
    certificate: bool
    created_at: str
    updated_at: str
    version: int
    history: HistoryView


class CertificateLink(Model):
    url: str
    expires_in: int


class CounterView(Model):
    """The PACS service centre a signed-in operator is bound to."""

    reg_no: str
    name: str
    name_hi: str | None = None
    district: str
    active: bool


# --- PACS service centres -------------------------------------------------------------------

class CentrePut(Strict):
    operators: list[Annotated[str, Field(pattern=USERNAME)]] = Field(max_length=20)
    active: bool = True
    version: int | None = Field(None, ge=1, description="the version you read; omit to create")
    note: Text(500) = "service centre changed"  # type: ignore[valid-type]

    @field_validator("operators")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("operators must be unique")
        return value


class CentreView(Model):
    reg_no: str
    name: str
    district: str
    operators: list[str]
    active: bool
    version: int


class TxnRequest(Strict):
    service: Code = Field(description="the service given at the counter (a CSC service or a lokseva code)")
    date: dt.date
    fee: Money


class TxnView(Model):
    id: str
    reg_no: str
    service: str
    date: str
    fee: Decimal
    recorded_by: str
    ack: str | None = None


class SummaryQuery(Strict):
    district: DistrictCode
    start: dt.date
    end: dt.date


class CentreTotals(Model):
    reg_no: str
    transactions: int
    fees: Decimal
    by_service: dict[str, int]


class DistrictSummary(Model):
    district: str
    start: dt.date
    end: dt.date
    transactions: int
    fees: Decimal
    centres: list[CentreTotals]


# --- dashboard ------------------------------------------------------------------------------

class DashboardQuery(Strict):
    by: Literal["department", "service", "district", "office"]


class DashboardRow(Model):
    key: str
    received: int
    disposed_in_time: int
    disposed_late: int
    pending_beyond_time: int
    penalties: Decimal


class Dashboard(Model):
    by: str
    rows: list[DashboardRow]
    totals: DashboardRow
