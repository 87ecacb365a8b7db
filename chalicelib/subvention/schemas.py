"""Request and response models of the subvention service (they generate the OpenAPI)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from chalicelib.core.schemas import HistoryView, Model, Strict
from chalicelib.core.types import Text

AMOUNT = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"
RATE = r"^[0-9]{1,2}(\.[0-9]{1,4})?$"
SEASON = r"^(kharif|rabi)-[0-9]{4}$"
HALF_YEAR = r"^[0-9]{4}-H[12]$"
CODE = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$"
Scheme = Literal["mp-zero-interest", "miss"]
Purpose = Literal["crop", "animal_husbandry", "fisheries"]
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2099, 12, 31), description="YYYY-MM-DD")]
Money = Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", description="rupees, two decimals", examples=["953.42"])


class TxnIn(Strict):
    date: Day
    type: Literal["drawal", "repayment"]
    amount: str = Field(pattern=AMOUNT, max_length=13, description="rupees, up to two decimals",
                        examples=["100000.00"])


class CalculateRequest(Strict):
    scheme: Scheme
    due_date: Day
    overdue_rate: str | None = Field(None, pattern=RATE, description="% a year; default from the season",
                                     examples=["12"])
    purpose: Purpose = Field("crop", description="animal husbandry and fisheries have a lower ceiling")
    as_of: Day | None = Field(None, description="closes a balance still unpaid; default today (India)")
    transactions: list[TxnIn] = Field(min_length=1, max_length=500)


class Calculation(Model):
    prompt: bool
    interest_days_product: int = Field(description="rupee-days to the earlier of full repayment and due date")
    base_interest: str = Money
    goi_interest_subvention: str = Money
    state_normal_subsidy: str = Money
    goi_prompt_repayment_incentive: str = Money
    state_prompt_incentive: str = Money
    overdue_interest: str = Money
    farmer_interest: str = Money
    season: str
    scheme: Scheme


class SchemeRates(Strict):
    lending: str = Field(pattern=RATE)
    goi_subvention: str = Field(pattern=RATE)
    state_normal: str = Field(pattern=RATE)
    goi_pri: str = Field(pattern=RATE)
    state_prompt: str = Field(pattern=RATE)


class Ceilings(Strict):
    overall: str = Field(pattern=AMOUNT)
    animal_husbandry: str = Field(pattern=AMOUNT)
    fisheries: str = Field(pattern=AMOUNT)


class SeasonTerms(Strict):
    schemes: dict[Scheme, SchemeRates]
    overdue_rate: str = Field(pattern=RATE)
    ceilings: Ceilings
    max_days: int = Field(365, ge=1, le=730)
    days_in_year: int = Field(365, ge=360, le=366)
    ledger_scheme: Scheme = "mp-zero-interest"


class Extension(Strict):
    order_no: Text(80)  # type: ignore[valid-type]
    order_date: Day
    due_date: Day


class SeasonUpsert(Strict):
    drawal_from: Day
    drawal_to: Day
    due_date: Day
    extensions: list[Extension] = Field(default_factory=list, max_length=20)
    terms: SeasonTerms
    version: int | None = Field(None, ge=1, description="the version read; none to create")
    note: Text(500) = "season master data"  # type: ignore[valid-type]


class SeasonView(Model):
    code: str
    kind: str
    year: int
    agri_year: str
    drawal_from: str
    drawal_to: str
    due_date: str
    effective_due_date: str
    extensions: list[dict]
    terms: dict
    version: int
    updated_at: str
    updated_by: str


class SeasonDetail(SeasonView):
    history: HistoryView


class PacsBinding(Strict):
    bank: str = Field(pattern=CODE, description="the central cooperative bank the PACS claims through")
    operators: list[str] = Field(default_factory=list, max_length=20,
                                 description="usernames of pacs_operator accounts bound to this PACS")
    overdue_rate: str | None = Field(None, pattern=RATE, description="the bank's overdue rate; default the season's")
    version: int | None = Field(None, ge=1)
    note: Text(500) = "PACS binding"  # type: ignore[valid-type]


class PacsView(Model):
    reg_no: str
    name_en: str | None = None
    district: str
    bank: str
    operators: list[str]
    overdue_rate: str | None = None
    version: int


class LedgerCreate(Strict):
    season: str = Field(pattern=SEASON, examples=["kharif-2024"])
    filename: Text(120) | None = None  # type: ignore[valid-type]


class LedgerCreated(Model):
    ledger_id: str
    status: str
    upload_url: str = Field(description="PUT the CSV here (Content-Type: text/csv), then POST .../submit")
    upload_headers: dict[str, str]
    expires_in: int
    max_bytes: int


class LedgerView(Model):
    ledger_id: str
    pacs: str
    district: str
    bank: str
    season: str
    status: Literal["AWAITING_UPLOAD", "QUEUED", "PROCESSING", "DONE", "DUPLICATE", "FAILED"]
    phase: str
    filename: str | None = None
    size: int | None = None
    sha256: str | None = None
    duplicate_of: str | None = None
    counts: dict[str, int]
    totals: dict[str, str]
    failure: str | None = None
    created_by: str
    created_at: str
    updated_at: str
    done_at: str | None = None
    version: int


class PageQuery(Strict):
    limit: int = Field(50, ge=1, le=200)
    next: str | None = Field(None, max_length=2000)


class RowError(Model):
    row: int = Field(description="data row number, 1 = the first row after the header")
    member_no: str | None = None
    reasons: list[dict]


class ErrorPage(Model):
    items: list[RowError]
    next: str | None = None


class FarmerQuery(Strict):
    year: str = Field(pattern=r"^[0-9]{4}-[0-9]{2}$", examples=["2024-25"])
    pacs: str | None = Field(None, pattern=CODE, description="officers and admins name the PACS")


class FarmerView(Model):
    pacs: str
    member_no: str
    year: str
    aadhaar_last4: str
    mobile: str = Field(description="masked")
    loans: dict[str, dict]


class ClaimsQuery(Strict):
    level: Literal["pacs", "bank", "district", "state"]
    half_year: str = Field(pattern=HALF_YEAR, examples=["2024-H2"],
                           description="H1: 1 Apr–30 Sep; H2: 1 Oct–31 Mar of the next year")
    code: str | None = Field(None, pattern=CODE, description="the PACS reg. no., bank or district (not for state)")


class ClaimsView(Model):
    level: str
    code: str | None
    half_year: str
    period_from: str
    period_to: str
    loans: int
    base_interest: str = Money
    goi_interest_subvention: str = Money
    state_normal_subsidy: str = Money
    goi_prompt_repayment_incentive: str = Money
    state_prompt_incentive: str = Money
    overdue_interest: str = Money
    farmer_interest: str = Money
