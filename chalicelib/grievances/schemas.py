"""Request and response models of the grievances service (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from chalicelib.core.schemas import HistoryView, Model, Strict
from chalicelib.core.types import DistrictCode, DivisionCode, Mobile, Text
from chalicelib.grievances import domain

# The workflow table in domain.py is the one source of actions, states and reasons.
GrievanceType = Literal[domain.TYPES]  # type: ignore[valid-type]
Status = Literal[domain.STATUSES]  # type: ignore[valid-type]
Action = Literal[domain.ACTIONS]  # type: ignore[valid-type]
RejectReason = Literal[domain.REJECT_REASONS]  # type: ignore[valid-type]
Lang = Literal["hi", "en"]
CODE = r"^[a-z][a-z0-9_]{1,39}$"
REG_NO = r"^[A-Z]{3}-\d{4}-\d{5}$"
URN = Field(description="10 digits, the last a Luhn check digit", examples=["1234567897"])
USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"
DocumentId = Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{26}$", max_length=26)]



def _plausible(value: dt.datetime | dt.date | None) -> dt.datetime | dt.date | None:
    """Dates this system can have seen (arithmetic on year 1 or 9999 would overflow)."""
    if value is not None and not 2000 <= value.year <= 2100:
        raise ValueError("a date between the years 2000 and 2100")
    return value


# --- citizens ------------------------------------------------------------------------------


class FileRequest(Strict):
    type: GrievanceType
    category: str = Field(pattern=CODE, max_length=40, description="see GET /grievances/categories")
    district: DistrictCode
    subject: Text(150)  # type: ignore[valid-type]
    description: Text(4000)  # type: ignore[valid-type]
    society_reg_no: str | None = Field(None, pattern=REG_NO, max_length=14)
    documents: list[DocumentId] = Field(default_factory=list, max_length=10,
                                        description="ids of documents you uploaded and confirmed "
                                                    "(POST /grievances/documents, then .../confirm)")
    lang: Lang | None = Field(None, description="language of the SMS; default: Accept-Language")
    mobile: Mobile | None = Field(None, description="call-centre agents only: the citizen's mobile")


class Filed(Model):
    urn: str = URN
    status: Status
    level: int
    due_at: str
    office: str
    district: str
    category: str
    created_at: str
    sms_lang: Lang
    possible_duplicate_of: str | None = Field(None, description="a grievance of the same mobile, category and "
                                                                "society in the last 7 days")


class Summary(Model):
    urn: str
    type: str
    category: str
    district: str
    subject: str
    status: Status
    level: int
    due_at: str
    created_at: str
    updated_at: str
    office: str | None = None
    society_reg_no: str | None = None
    society_name: str | None = None


class InboxCounts(Model):
    overdue: int = Field(description="active and past their level's time limit")
    near_limit: int = Field(description="active and reaching their limit within near_limit_hours")
    near_limit_hours: int


class Page(Model):
    items: list[Summary]
    next: str | None = None
    counts: InboxCounts | None = Field(None, description="the inbox (assigned=me) only")


class ListQuery(Strict):
    mine: bool | None = Field(None, description="a citizen's own grievances")
    assigned: Literal["me"] | None = Field(None, description="an officer's inbox")
    housing: bool | None = Field(None, description="housing-society complaints (housing cells)")
    division: DivisionCode | None = Field(None, description="with housing=true, for HQ")
    status: Status | None = Field(None, description="inbox filter; default: the active ones")
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _one_list(self) -> ListQuery:
        chosen = [name for name in ("mine", "assigned", "housing") if getattr(self, name)]
        if len(chosen) != 1:
            raise ValueError("give exactly one of mine=true, assigned=me, housing=true")
        return self


class Feedback(Model):
    satisfied: bool
    rating: int
    comment: str | None = None
    at: str


class GrievanceView(Model):
    """The full record: for its owner and the staff who may see it."""

    urn: str
    type: str
    category: str
    category_name_hi: str | None = None
    category_name_en: str | None = None
    office: str
    office_name_hi: str | None = None
    office_name_en: str | None = None
    district: str
    division: str
    subject: str
    description: str
    society_reg_no: str | None = None
    society_name: str | None = Field(None, description="the society's English name")
    society_name_hi: str | None = Field(None, description="the society's Hindi name")
    documents: list[str]
    mobile: str = Field(description="masked")
    lang: Lang
    source: str
    filed_by: str
    status: Status
    level: int
    assignee: str | None = None
    assignee_name: str | None = Field(None, description="the seat's English name")
    assignee_name_hi: str | None = Field(None, description="the seat's Hindi name, where master data has one")
    due_at: str
    transfers: int
    reopen_count: int
    special_close_proposed: bool
    force_close_notice_at: str | None = None
    disposed_at: str | None = None
    disposed_level: int | None = None
    closure_note: str | None = None
    closure_reason: str | None = None
    feedback: Feedback | None = None
    last_reminder_at: str | None = None
    cpgrams_reg_no: str | None = None
    target_at: str | None = None
    interim_reply_at: str | None = None
    possible_duplicate_of: str | None = None
    created_at: str
    updated_at: str
    version: int
    history: HistoryView


class PublicView(Model):
    """What anyone may see with the URN: no personal data."""

    urn: str
    status: Status
    level: int
    category: str
    category_name_hi: str | None = None
    category_name_en: str | None = None
    office: str
    office_name_hi: str | None = None
    office_name_en: str | None = None
    district: str
    district_name_hi: str
    district_name_en: str
    created_at: str
    updated_at: str
    due_at: str
    disposed_at: str | None = None


class ActionRequest(Strict):
    action: Action
    note: Text(2000)  # type: ignore[valid-type]
    reason: RejectReason | None = Field(None, description="reject only")
    office: str | None = Field(None, pattern=CODE, max_length=40, description="transfer only: the new office")
    district: DistrictCode | None = Field(None, description="transfer only: the new district")
    version: int | None = Field(None, ge=1, description="the version you read; a stale one gets 409")


class Reminded(Model):
    urn: str
    reminded_at: str
    next_allowed_at: str


class FeedbackRequest(Strict):
    satisfied: bool
    rating: int = Field(ge=1, le=5)
    comment: Text(1000) | None = None  # type: ignore[valid-type]


class CategoryView(Model):
    code: str
    name_hi: str
    name_en: str
    description_hi: str | None = Field(None, description="one line: what grievances belong here")
    description_en: str | None = None
    office: str
    housing: bool
    open311: bool
    level_days: list[int] | None = None


# --- master data (admin) -------------------------------------------------------------------


class Weights(Strict):
    disposal: int = Field(ge=0, le=100)
    satisfaction: int = Field(ge=0, le=100)
    pendency: int = Field(ge=0, le=100)


class Bands(Strict):
    A: int = Field(ge=0, le=100)
    B: int = Field(ge=0, le=100)
    C: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _descending(self) -> Bands:
        if not self.A > self.B > self.C:
            raise ValueError("grade floors must fall from A to C")
        return self


LevelDays = list[int]


def _level_days(value: list[int] | None) -> list[int] | None:
    if value is None:
        return value
    if len(value) != len(domain.LEVELS) or any(not 1 <= d <= 90 for d in value):
        raise ValueError("four limits, one per level, each 1-90 days")
    return value


class SettingsData(Strict):
    level_days: LevelDays
    l3_to_l4_manual: bool
    reopen_window_days: int = Field(ge=1, le=365)
    daily_limit: int = Field(ge=1, le=1000)
    duplicate_window_days: int = Field(ge=0, le=90)
    near_limit_hours: int = Field(ge=1, le=720)
    near_breach_hours: int = Field(24, ge=1, le=720, description="the holder's one SMS and desk alert this long "
                                                                "before a time limit")
    max_transfers: int = Field(ge=0, le=10)
    force_close_notice_days: int = Field(ge=0, le=90)
    reminder_interval_hours: int = Field(ge=1, le=720)
    age_bands: list[int] = Field(min_length=1, max_length=6)
    grade_weights: Weights
    grade_bands: Bands
    cpgrams_target_days: int = Field(ge=1, le=365)
    cpgrams_category: str = Field(pattern=CODE, max_length=40)
    instruction_days: int = Field(ge=1, le=365)

    _days = field_validator("level_days")(_level_days)

    @field_validator("age_bands")
    @classmethod
    def _rising(cls, value: list[int]) -> list[int]:
        if any(b <= a for a, b in zip(value, value[1:], strict=False)) or value[0] < 1 or value[-1] > 3650:
            raise ValueError("rising day counts, 1-3650")
        return value


class SettingsUpdate(SettingsData):
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")
    note: Text(500)  # type: ignore[valid-type]


class OfficeData(Strict):
    name_hi: Text(200)  # type: ignore[valid-type]
    name_en: Text(200)  # type: ignore[valid-type]


class OfficeUpsert(OfficeData):
    version: int | None = Field(None, ge=1, description="omit to create; the version you read to change")
    note: Text(500)  # type: ignore[valid-type]


class CategoryData(Strict):
    name_hi: Text(200)  # type: ignore[valid-type]
    name_en: Text(200)  # type: ignore[valid-type]
    description_hi: Text(300) | None = None  # type: ignore[valid-type]
    description_en: Text(300) | None = None  # type: ignore[valid-type]
    office: str = Field(pattern=CODE, max_length=40)
    housing: bool = False
    open311: bool = True
    level_days: LevelDays | None = Field(None, description="per-level limits; default: the settings' ones")

    _days = field_validator("level_days")(_level_days)


class CategoryUpsert(CategoryData):
    version: int | None = Field(None, ge=1, description="omit to create; the version you read to change")
    note: Text(500)  # type: ignore[valid-type]


class SeatData(Strict):
    username: str = Field(pattern=USERNAME, max_length=40, description="the officer's staff login")
    name: Text(120)  # type: ignore[valid-type]
    name_hi: str | None = Field(None, max_length=120, description="the seat's name in Hindi")
    mobile: Mobile | None = Field(None, description="SMS alerts go here")


class SeatUpsert(SeatData):
    scope: Literal["district", "division", "state"]
    code: str | None = Field(None, max_length=40, description="district or division code; none for state")
    version: int | None = Field(None, ge=1, description="omit to create; the version you read to change")
    note: Text(500)  # type: ignore[valid-type]


class Versioned(Model):
    key: str
    data: dict
    version: int
    updated_at: str
    updated_by: str


class ConfigView(Model):
    settings: Versioned | None
    offices: list[Versioned]
    categories: list[Versioned]


class SeatView(Model):
    level: int
    key: str | None = Field(None, description="the seat that applies: district's own, else division's, else HQ's")
    username: str | None = None
    name: str | None = None
    name_hi: str | None = None
    mobile: str | None = Field(None, description="masked")
    version: int | None = None


class SeatQuery(Strict):
    office: str = Field(pattern=CODE, max_length=40)
    district: DistrictCode


class SeatList(Model):
    office: str
    district: str
    seats: list[SeatView]


# --- machine keys and CPGRAMS --------------------------------------------------------------


class ApiKeyCreate(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9._-]{2,39}$", description="who uses it, e.g. cpgrams-sync")
    kind: Literal["cpgrams", "open311"]
    note: Text(500)  # type: ignore[valid-type]


class ApiKeyIssued(Model):
    key_id: str
    api_key: str = Field(description="shown once; only its hash is kept")
    name: str
    kind: str
    created_at: str


class ApiKeyView(Model):
    key_id: str
    name: str
    kind: str
    active: bool
    created_at: str


class Note(Strict):
    note: Text(1000)  # type: ignore[valid-type]


class CpgramsImport(Strict):
    registration_number: str = Field(pattern=r"^[A-Z0-9][A-Z0-9/_-]{5,39}$", examples=["DARPG/E/2026/0012345"])
    received_at: dt.datetime = Field(description="when CPGRAMS received it (its 21-day target counts from here)")
    mobile: Mobile
    lang: Lang = "hi"
    type: GrievanceType = "complaint"
    category: str | None = Field(None, pattern=CODE, max_length=40, description="default: the CPGRAMS category")
    district: DistrictCode
    subject: Text(150)  # type: ignore[valid-type]
    description: Text(4000)  # type: ignore[valid-type]
    society_reg_no: str | None = Field(None, pattern=REG_NO, max_length=14)

    @field_validator("received_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("give a time zone (e.g. +05:30 or Z)")
        return _plausible(value)


class Imported(Model):
    urn: str
    registration_number: str
    created: bool = Field(description="false: this registration number was imported before")
    status: Status
    level: int
    due_at: str
    target_at: str | None


# --- housing monitoring cell ---------------------------------------------------------------

InstructionStatus = Literal["ISSUED", "COMPLIED", "CLOSED"]


class InstructionCreate(Strict):
    district: DistrictCode
    office: str = Field("coop", pattern=CODE, max_length=40)
    subject: Text(200)  # type: ignore[valid-type]
    text: Text(4000)  # type: ignore[valid-type]
    grievance_urn: str | None = Field(None, pattern=r"^\d{10}$")
    due_days: int | None = Field(None, ge=1, le=365, description="default: master data (15 days)")


class Compliance(Strict):
    report: Text(4000)  # type: ignore[valid-type]


class InstructionView(Model):
    id: str
    division: str
    district: str
    office: str
    subject: str
    text: str
    grievance_urn: str | None = None
    status: InstructionStatus
    overdue: bool
    issued_by: str
    issued_at: str
    due_at: str
    compliance_report: str | None = None
    complied_by: str | None = None
    complied_at: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None
    close_note: str | None = None
    version: int
    history: HistoryView | None = None


class InstructionQuery(Strict):
    division: DivisionCode | None = Field(None, description="HQ staff: which division")
    district: DistrictCode | None = None
    overdue: bool = False
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class InstructionPage(Model):
    items: list[InstructionView]
    next: str | None = None


# --- reports -------------------------------------------------------------------------------


class ReportQuery(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    by: Literal["district", "level", "category", "office"]
    from_: dt.date | None = Field(None, alias="from", description="first day (IST); default: the 1st of this month")
    to: dt.date | None = Field(None, description="last day (IST); default: today")

    _dates = field_validator("from_", "to")(_plausible)


class Pending(Model):
    total: int
    bands: dict[str, int] = Field(description="days since filing -> count")


class ReportRow(Model):
    key: str
    name_hi: str | None = None
    name_en: str | None = None
    received: int
    disposed: int
    escalated: int
    feedback: int
    satisfied: int
    reopened: int
    disposal_rate: float | None = Field(None, description="percent")
    satisfaction_rate: float | None = Field(None, description="percent of feedback that was satisfied")
    pending: Pending


class Report(Model):
    model_config = ConfigDict(populate_by_name=True)

    by: str
    from_: str = Field(alias="from")
    to: str
    rows: list[ReportRow]
    totals: ReportRow


class GradeQuery(Strict):
    month: str = Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", examples=["2026-11"])


class GradeRow(ReportRow):
    score: float
    grade: Literal["A", "B", "C", "D"]


class Grades(Model):
    month: str
    weights: dict[str, int]
    rows: list[GradeRow]


# --- Open311 GeoReport v2 (field names as the specification has them) -----------------------


class Open311In(Model):
    """Open311 clients send parameters we do not use (jurisdiction_id, extensions…): ignored."""

    model_config = ConfigDict(extra="ignore")


class Open311ServicesQuery(Open311In):
    jurisdiction_id: str | None = Field(None, max_length=40)


class Open311RequestsQuery(Open311In):
    jurisdiction_id: DistrictCode | None = Field(None, description="a district code")
    service_request_id: str | None = Field(None, max_length=1100, description="comma-separated; others ignored")
    service_code: str | None = Field(None, pattern=CODE, max_length=40)
    start_date: dt.datetime | None = None
    end_date: dt.datetime | None = None
    status: str | None = Field(None, max_length=20, description="open, closed, or both comma-separated")

    _dates = field_validator("start_date", "end_date")(_plausible)


class Open311Post(Open311In):
    api_key: str = Field(min_length=1, max_length=200)
    service_code: str = Field(pattern=CODE, max_length=40)
    jurisdiction_id: DistrictCode | None = None
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    long: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    address_string: Text(500) | None = None  # type: ignore[valid-type]
    address_id: str | None = Field(None, max_length=100)
    attribute: dict[str, Text(100, min_length=0)] = Field(default_factory=dict, max_length=10)  # type: ignore[valid-type]
    email: str | None = Field(None, max_length=200)
    device_id: str | None = Field(None, max_length=200)
    account_id: str | None = Field(None, max_length=200)
    first_name: str | None = Field(None, max_length=200)
    last_name: str | None = Field(None, max_length=200)
    phone: Mobile | None = None
    description: Text(4000) | None = None  # type: ignore[valid-type]
    media_url: str | None = Field(None, max_length=1000)


class Open311Service(Model):
    service_code: str
    service_name: str
    description: str | None
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str | None
    group: str | None


class Open311Value(Model):
    key: str
    name: str


class Open311Attribute(Model):
    variable: bool
    code: str
    datatype: Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    required: bool
    datatype_description: str | None
    order: int | None
    description: str | None
    values: list[Open311Value] = Field(default_factory=list)


class Open311Definition(Model):
    service_code: str
    attributes: list[Open311Attribute]


class Open311Request(Model):
    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None
    service_name: str | None
    service_code: str
    description: str | None
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str | None
    expected_datetime: str | None
    address: str | None
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


class Open311Created(Model):
    service_request_id: str
    service_notice: str | None
    account_id: str | None


class Open311Token(Model):
    service_request_id: str
    token: str
