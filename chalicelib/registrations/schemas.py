"""Request and response models of the registrations service (they generate the OpenAPI)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, PlainSerializer

from chalicelib.core import document_schemas as d
from chalicelib.core.schemas import HistoryEntry, Model, Strict
from chalicelib.core.types import DistrictCode, DivisionCode, SocietyType, Text
from chalicelib.registrations import domain

Stage = Literal[domain.STAGES]  # type: ignore[valid-type]
Action = Literal[tuple(domain.RULES)]  # type: ignore[valid-type]
DocumentKind = Literal[domain.DOCUMENT_KINDS]  # type: ignore[valid-type]
USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"
REG_ID = r"^[0-9A-HJKMNP-TV-Z]{26}$"   # a ULID

# Money: exact decimal, at most two places; shown as a string with two decimals.
Money = Annotated[Decimal, Field(ge=0, le=Decimal("9999999999.99"), decimal_places=2, examples=["2100.00"]),
                  PlainSerializer(lambda v: f"{v:.2f}", return_type=str)]


class Promoter(Strict):
    name: Text(120)  # type: ignore[valid-type]
    father_or_spouse: Text(120)  # type: ignore[valid-type]
    family_id: str = Field(pattern=r"^\d{8}$", description="Samagra family ID (8 digits): one promoter per family")
    occupation: Text(80) | None = None  # type: ignore[valid-type]
    shares: int = Field(ge=1, le=100000)
    share_amount: Money


class ByeLaws(Strict):
    objects: Text(2000)  # type: ignore[valid-type]
    area_of_operation: Text(500)  # type: ignore[valid-type]
    share_value: Money
    text: Text(20000) | None = Field(None, description="the bye-laws as adopted by the promoters")  # type: ignore[valid-type]


class DraftFields(Strict):
    name_hi: Text(150) | None = None  # type: ignore[valid-type]
    name_en: Text(150) | None = None  # type: ignore[valid-type]
    society_type: SocietyType | None = None
    address: Text(300) | None = None  # type: ignore[valid-type]
    bye_laws: ByeLaws | None = None
    share_capital: Money | None = None
    admission_fee: Money | None = Field(None, description="admission fee paid by the promoters")
    promoters: list[Promoter] | None = Field(None, max_length=200)


class CreateRequest(DraftFields):
    district: DistrictCode
    lang: Literal["hi", "en"] | None = Field(None, description="language of the SMS; default: Accept-Language")


class UpdateRequest(DraftFields):
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")


class SubmitRequest(Strict):
    version: int = Field(ge=1)
    declaration: Literal[True] = Field(description="the applicant declares the particulars true (e-signed by OTP "
                                                   "sign-in)")


class ActionRequest(Strict):
    action: Action
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")
    note: Text(2000) | None = None  # type: ignore[valid-type]
    inspector: str | None = Field(None, pattern=USERNAME, max_length=40, description="assign_inspector: the "
                                                                                     "inspector's username")
    recommendation: Literal["register", "reject"] | None = Field(None, description="submit_report only")
    reasons: list[Text(500)] | None = Field(None, max_length=10, description="reject only")  # type: ignore[valid-type]


class AttachRequest(Strict):
    kind: DocumentKind
    promoter: int | None = Field(None, ge=0, le=199, description="index in promoters: whose photo or signature")
    version: int = Field(ge=1, description="the application's version you read; a stale one gets 409")


class Attachment(Model):
    document_id: str
    kind: DocumentKind
    promoter: int | None
    name: str
    content_type: str
    size: int


UploadRequest = d.UploadRequest
UploadTicket = d.UploadTicket
ReadLink = d.ReadLink


class Holder(Model):
    role: str
    district: str | None = None
    division: str | None = None
    user: str | None = None


class Statutory(Model):
    limit_days: int
    due_at: str | None
    paused: bool
    paused_days: Decimal
    status: Literal["ON_TRACK", "NEAR_BREACH", "BREACHED"] | None


class WorkflowStep(Model):
    state: str
    kind: str
    entered_at: str
    exited_at: str | None
    output: dict | None
    error: str | None


class RegistrationView(Model):
    id: str
    receipt_no: str | None
    stage: Stage
    holder: Holder | None
    deadline: str | None
    district: str
    division: str
    applicant: str
    application: dict
    documents: list[Attachment]
    inspector: str | None
    deficiency: str | None
    report: dict | None
    reasons: list[str] | None
    appeal_by: str | None
    registration_no: str | None
    society_login: str | None
    certificate: bool
    statutory: Statutory | None
    execution_arn: str | None
    version: int
    created_at: str
    updated_at: str
    history: list[HistoryEntry]
    chain_valid: bool


class Summary(Model):
    id: str
    receipt_no: str | None
    stage: Stage
    district: str
    name_en: str | None
    name_hi: str | None
    deadline: str | None
    statutory_due: str | None
    sla_status: str | None
    created_at: str


class Page(Model):
    items: list[Summary]
    next: str | None


class ListQuery(Strict):
    district: DistrictCode | None = Field(None, description="officers: the district's applications")
    stage: Stage | None = None
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class OverdueQuery(Strict):
    division: DivisionCode
    limit: int = Field(50, ge=1, le=200)
    next: str | None = Field(None, max_length=2000)


class ExecutionView(Model):
    execution_arn: str
    status: str
    steps: list[WorkflowStep]


class CertificateLink(Model):
    registration_no: str
    url: str
    expires_in: int


class Settings(Strict):
    min_promoters: int = Field(ge=1, le=500)
    statutory_days: int = Field(ge=1, le=365)
    pause_on_deficiency: bool
    near_breach_days: int = Field(ge=0, le=60)
    rectify_days: int = Field(ge=1, le=180)
    stage_days: int = Field(ge=1, le=90)
    appeal_days: int = Field(ge=1, le=180)
    required_documents: list[DocumentKind] = Field(max_length=len(domain.DOCUMENT_KINDS))


class SettingsRequest(Settings):
    version: int | None = Field(None, ge=1, description="the version you read (absent: first write)")
    note: Text(500)  # type: ignore[valid-type]


class SettingsView(Model):
    settings: dict
    version: int | None
    updated_at: str | None
    updated_by: str | None


class SweepResult(Model):
    near_breach: int
    breached: int
    appeals_lapsed: int
    tasks_kept: int
