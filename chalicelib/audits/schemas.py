"""Request and response models of the audits service (they generate the OpenAPI)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from chalicelib.audits import domain, panel
from chalicelib.core.schemas import HistoryView, Model, Strict
from chalicelib.core.types import DistrictCode, Mobile, Text

AuditorKind = Literal[domain.KINDS]  # type: ignore[valid-type]
AllotmentStatus = Literal[domain.ALLOTMENT_STATUSES]  # type: ignore[valid-type]
AuditClass = Literal[domain.CLASSES]  # type: ignore[valid-type]
Reason = Literal[domain.REASONS]  # type: ignore[valid-type]

YEAR = r"^20\d\d-\d\d$"
FRN = r"^\d{6}[CENSW]$"
REG_NO = r"^[A-Z]{3}-\d{4}-\d{5}$"
USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"
EMAIL = r"^[^@\s]{1,64}@[A-Za-z0-9.-]{1,180}\.[A-Za-z]{2,20}$"

Year = Annotated[str, Field(pattern=YEAR, max_length=7, examples=["2025-26"],
                            description="financial year whose accounts are audited, e.g. 2025-26")]
Frn = Annotated[str, Field(pattern=FRN, max_length=7, examples=["012345C"],
                           description="ICAI firm registration number: 6 digits and the region letter")]
Username = Annotated[str, Field(pattern=USERNAME, max_length=40, examples=["auditor.bhopal1"])]
Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2, examples=["25000.00"],
                                 description="rupees, as a string with at most two decimals")]
Marks = Annotated[Decimal, Field(ge=0, le=1000, max_digits=6, decimal_places=2, examples=["52.5"])]
Capacity = Annotated[int, Field(ge=1, le=5000, description="most societies it may audit in a year")]


class Page(Strict):
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000, description="opaque cursor from the previous page")


class YearPage(Page):
    year: Year


class DistrictQuery(Strict):
    district: DistrictCode


# --- settings ------------------------------------------------------------------------------

class Band(Strict):
    class_: AuditClass = Field(alias="class")
    above: Annotated[Decimal, Field(ge=0, le=1000, max_digits=6, decimal_places=2)]
    inclusive: bool


class SettingsData(Strict):
    max_consecutive_years: int = Field(ge=1, le=10, description="a firm audits one society at most this many "
                                                                 "years running")
    max_marks: Annotated[Decimal, Field(gt=0, le=1000, max_digits=6, decimal_places=2)]
    class_bands: list[Band] = Field(min_length=4, max_length=4, description="A, B, C, D: a mark above "
                                                                           "(or at, if inclusive) the threshold")
    firm_capacity_per_partner: int = Field(ge=1, le=500, description="a firm's capacity when none is set")
    auditor_default_capacity: int = Field(ge=1, le=5000)
    empanelment_valid_months: int = Field(12, ge=1, le=36, description="a cycle's empanelment holds this many "
                                                                        "months after its year ends (31 March)")


class SettingsPut(SettingsData):
    version: int | None = Field(None, ge=1, description="the version read; none only before the first save")
    note: Text(500)  # type: ignore[valid-type]


class SettingsView(Model):
    data: dict
    version: int | None
    updated_at: str | None
    updated_by: str | None


# --- CA firms ------------------------------------------------------------------------------

class Partner(Strict):
    name: Text(120)  # type: ignore[valid-type]
    membership_no: str = Field(pattern=r"^\d{6}$", description="ICAI membership number")


class FirmCreate(Strict):
    frn: Frn
    name: Text(200)  # type: ignore[valid-type]
    partners: list[Partner] = Field(min_length=1, max_length=50)
    experience_years: int = Field(ge=0, le=150)
    mobile: Mobile
    email: str = Field(pattern=EMAIL, max_length=254)
    district: DistrictCode = Field(description="where the firm's head office is")
    capacity: Capacity | None = Field(None, description="default: firm_capacity_per_partner × partners")


class FirmUpdate(Strict):
    version: int = Field(ge=1)
    note: Text(500)  # type: ignore[valid-type]
    name: Text(200) | None = None  # type: ignore[valid-type]
    partners: list[Partner] | None = Field(None, min_length=1, max_length=50)
    experience_years: int | None = Field(None, ge=0, le=150)
    mobile: Mobile | None = None
    email: str | None = Field(None, pattern=EMAIL, max_length=254)
    capacity: Capacity | None = None
    active: bool | None = None


class FirmSummary(Model):
    frn: str
    name: str
    district: str
    experience_years: int
    partners: int
    capacity: int
    active: bool


class FirmView(FirmSummary):
    partner_list: list[dict]
    mobile: str = Field(description="masked")
    email: str
    username: str = Field(description="the firm's login")
    version: int
    created_at: str
    updated_at: str
    history: HistoryView | None = None


class FirmPage(Model):
    items: list[FirmSummary]
    next: str | None


class EmpanelByOrder(Strict):
    year: Year
    note: Text(500)  # type: ignore[valid-type]


class EmpanelmentView(Model):
    frn: str
    year: str
    status: str
    firm_name: str
    district: str
    updated_at: str
    version: int


class EmpanelledFirm(Model):
    frn: str
    name: str
    district: str
    empanelled_since: str


class EmpanelledList(Model):
    year: str
    items: list[EmpanelledFirm]
    next: str | None


# --- departmental auditors -----------------------------------------------------------------

class AuditorCreate(Strict):
    username: Username = Field(description="the officer's staff login; they sign in with it to report")
    name: Text(120)  # type: ignore[valid-type]
    district: DistrictCode
    capacity: Capacity | None = None


class AuditorUpdate(Strict):
    version: int = Field(ge=1)
    note: Text(500)  # type: ignore[valid-type]
    name: Text(120) | None = None  # type: ignore[valid-type]
    district: DistrictCode | None = None
    capacity: Capacity | None = None
    active: bool | None = None


class AuditorView(Model):
    username: str
    name: str
    district: str
    capacity: int
    active: bool
    version: int


# --- allotments ----------------------------------------------------------------------------

class AllotRequest(Strict):
    reg_no: str = Field(pattern=REG_NO, max_length=14)
    auditor_kind: AuditorKind
    auditor_id: str = Field(min_length=3, max_length=40, description="a firm's FRN or an auditor's username")


class ReallotRequest(Strict):
    auditor_kind: AuditorKind
    auditor_id: str = Field(min_length=3, max_length=40)
    version: int = Field(ge=1)
    note: Text(500)  # type: ignore[valid-type]


class BulkRequest(Strict):
    district: DistrictCode
    firms: list[Frn] | None = Field(None, max_length=500, description="default: every firm empanelled for "
                                                                       "the year; [] for none")
    auditors: list[Username] | None = Field(None, max_length=500, description="default: the district's "
                                                                              "departmental auditors; [] for none")

    @model_validator(mode="after")
    def _distinct(self) -> BulkRequest:
        for name in ("firms", "auditors"):
            values = getattr(self, name)
            if values is not None and len(set(values)) != len(values):
                raise ValueError(f"{name} lists someone twice")
        return self


class Missed(Model):
    reg_no: str
    reason: Reason


class AuditorTally(Model):
    auditor: str
    name: str
    allotted: int = Field(description="in this run")
    capacity: int
    load: int = Field(description="allotted for the year after this run")


class RunView(Model):
    run_id: str
    year: str
    district: str
    run_by: str
    run_at: str
    societies: int
    allotted: int
    already_allotted: int
    not_allotted: int
    reasons: dict[str, int]
    by_auditor: list[AuditorTally]
    items: list[Missed] = Field(description="what could not be allotted and why")
    complete: bool | None = Field(None, description="false: more lines at GET .../allocations/{run_id}")
    next: str | None = None


class AllotmentView(Model):
    year: str
    reg_no: str
    society_name: str | None
    district: str
    division: str
    auditor_kind: AuditorKind
    auditor_id: str
    auditor_name: str | None
    status: AllotmentStatus
    allotted_by: str
    allotted_at: str
    run_id: str | None
    marks: str | None
    audit_class: AuditClass | None
    fee: str | None
    remarks: str | None
    reported_at: str | None
    compliance: str | None
    complied_at: str | None
    version: int
    history: HistoryView | None = None


class AllotmentSummary(Model):
    reg_no: str
    auditor: str
    status: AllotmentStatus
    audit_class: AuditClass | None


class DistrictQueryPage(Page):
    district: DistrictCode
    status: AllotmentStatus | None = None


class AllotmentPage(Model):
    items: list[AllotmentSummary]
    next: str | None


class AssignmentPage(Model):
    year: str
    auditor_kind: AuditorKind
    auditor_id: str
    items: list[AllotmentView]
    next: str | None


class ReportRequest(Strict):
    marks: Marks = Field(description="the class follows from the marks (bands are master data)")
    fee: Money
    remarks: Text(2000)  # type: ignore[valid-type]
    version: int = Field(ge=1)


class ComplianceRequest(Strict):
    text: Text(4000)  # type: ignore[valid-type]
    version: int = Field(ge=1)


# --- empanelment ---------------------------------------------------------------------------

EmpanelmentStatus = Literal[panel.STATES]  # type: ignore[valid-type]
EmpanelmentAction = Literal[panel.ACTIONS]  # type: ignore[valid-type]


DocumentIds = list[Annotated[str, Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{26}$")]]


class ApplyRequest(Strict):
    year: Year
    partners: list[Partner] = Field(min_length=1, max_length=50)
    experience_years: int = Field(ge=0, le=150)
    document_ids: DocumentIds = Field(default_factory=list, max_length=20,
                                      description="confirmed uploads of POST /ca/documents (registration "
                                                  "certificate, peer review, partners' certificates)")


class ActionRequest(Strict):
    action: EmpanelmentAction
    version: int = Field(ge=1, description="the version read; a stale one gets 409")
    note: Text(1000) | None = None  # type: ignore[valid-type]
    partners: list[Partner] | None = Field(None, min_length=1, max_length=50, description="resubmit only")
    experience_years: int | None = Field(None, ge=0, le=150, description="resubmit only")
    document_ids: DocumentIds | None = Field(None, max_length=20, description="resubmit only: documents to add")


class ExecutionStep(Model):
    state: str
    kind: str
    entered_at: str
    action: str | None


class ApplicationView(Model):
    frn: str
    year: str
    status: EmpanelmentStatus
    firm_name: str
    district: str
    partners: list[dict] | None
    experience_years: int | None
    documents: list = Field(default_factory=list)
    shortfall: str | None
    decision_note: str | None
    created_at: str
    updated_at: str
    version: int
    history: HistoryView | None = None
    steps: list[ExecutionStep] | None = Field(None, description="the state machine's own account")


class ApplicationPage(Model):
    items: list[ApplicationView]
    next: str | None


class StatusQuery(YearPage):
    status: EmpanelmentStatus = panel.APPLIED


class PublicStatus(Model):
    frn: str
    year: str
    firm_name: str
    status: EmpanelmentStatus
    updated_at: str
