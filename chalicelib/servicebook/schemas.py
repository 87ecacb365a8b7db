"""Request and response models of the servicebook service (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, RootModel, model_validator

from chalicelib.core import geo
from chalicelib.core.schemas import HistoryEntry, Model, Strict
from chalicelib.core.types import Mobile, Text

EMPLOYEE_ID = r"^[A-Z]{2}[0-9]{4,10}$"
USERNAME = r"^[a-z][a-z0-9._-]{2,39}$"
CODE = r"^[a-z][a-z0-9_]{1,39}$"
Lang = Literal["hi", "en"]


def _plausible(value: dt.date) -> dt.date:
    """Dates a serving employee's record can hold (year 1 or 9999 would overflow the arithmetic)."""
    if not 1930 <= value.year <= 2100:
        raise ValueError("a date between the years 1930 and 2100")
    return value


Day = Annotated[dt.date, AfterValidator(_plausible), Field(examples=["2026-12-01"])]
Username = Annotated[str, Field(pattern=USERNAME, max_length=40, description="a staff login name")]
PayLevel = Annotated[int, Field(ge=1, le=99, description="level in the pay matrix (bounds in master data)")]
PayCell = Annotated[int, Field(ge=1, le=99, description="cell within the pay level")]


class OfficeIn(Strict):
    """An office is a node of the jurisdiction tree: HQ, a division's or a district's office."""

    level: Literal["state", "division", "district"]
    code: str | None = Field(None, max_length=40, description="division or district code; none for HQ")

    @model_validator(mode="after")
    def _known(self) -> OfficeIn:
        if self.level == "state":
            self.code = None
        elif self.level == "division" and not (self.code and geo.is_division(self.code)):
            raise ValueError(f"unknown division '{self.code}'")
        elif self.level == "district" and not (self.code and geo.is_district(self.code)):
            raise ValueError(f"unknown district '{self.code}'")
        return self


class Office(Model):
    level: str
    code: str | None = None


# --- employees -----------------------------------------------------------------------------

class EmployeeCreate(Strict):
    employee_id: str = Field(pattern=EMPLOYEE_ID, max_length=12, examples=["MP00012345"],
                             description="the department's employee code; the login name is its lower case")
    name: Text(120)  # type: ignore[valid-type]
    designation: Text(100)  # type: ignore[valid-type]
    cadre: Text(100)  # type: ignore[valid-type]
    post: Text(100) | None = None  # type: ignore[valid-type]
    date_of_birth: Day
    date_of_joining: Day
    mobile: Mobile
    lang: Lang = Field("hi", description="language of the employee's SMS")
    controlling_officer: Username = Field(description="an active officer of the section's own office or an office "
                                                      "above it (its division, HQ); sanctions leave, reads the book")
    pay_level: PayLevel
    pay_cell: PayCell = 1
    opening_balances: dict[Annotated[str, Field(pattern=CODE, max_length=40)],
                           Annotated[int, Field(ge=0, le=1000)]] | None = Field(
        None, max_length=10, description="leave balances carried over from the paper book, by kind; "
                                         "default: the credit of the current period (pro rata on joining)")
    order_no: Text(60) | None = None  # type: ignore[valid-type]
    note: Text(500) = "service book opened"  # type: ignore[valid-type]


class Balance(Model):
    kind: str
    days: int
    name_hi: str
    name_en: str


class EmployeeView(Model):
    employee_id: str
    username: str
    name: str
    designation: str
    cadre: str
    post: str | None = None
    office: Office
    date_of_birth: str
    date_of_joining: str
    superannuation_date: str
    controlling_officer: str
    mobile: str = Field(description="masked")
    lang: str
    pay_level: int
    pay_cell: int
    leave_balances: list[Balance]
    next_credit_on: str | None = None
    status: str
    created_at: str
    updated_at: str
    version: int


class EmployeeSummary(Model):
    employee_id: str
    name: str
    designation: str
    office: Office
    mobile: str = Field(description="masked")
    superannuation_date: str


class EmployeePage(Model):
    items: list[EmployeeSummary]
    next: str | None = None


class PageQuery(Strict):
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class BookView(Model):
    employee_id: str
    items: list[HistoryEntry]
    chain_valid: bool


# --- service-book entries (the establishment section) --------------------------------------

class _Entry(Strict):
    version: int = Field(ge=1, description="the record's version you read; a stale one gets 409")
    effective_date: Day
    order_no: Text(60) | None = None  # type: ignore[valid-type]
    note: Text(500)  # type: ignore[valid-type]


class PostingEntry(_Entry):
    kind: Literal["posting"]
    post: Text(100)  # type: ignore[valid-type]
    controlling_officer: Username | None = None


class TransferEntry(_Entry):
    kind: Literal["transfer"]
    office: OfficeIn
    post: Text(100) | None = None  # type: ignore[valid-type]
    controlling_officer: Username | None = Field(None, description="required when the present one is not an officer "
                                                                   "of the new office or an office above it")


class PromotionEntry(_Entry):
    kind: Literal["promotion"]
    designation: Text(100)  # type: ignore[valid-type]
    cadre: Text(100) | None = None  # type: ignore[valid-type]
    pay_level: PayLevel
    pay_cell: PayCell | None = None
    post: Text(100) | None = None  # type: ignore[valid-type]
    controlling_officer: Username | None = None


class IncrementEntry(_Entry):
    kind: Literal["increment"]
    pay_cell: PayCell | None = Field(None, description="default: the next cell")


class TrainingEntry(_Entry):
    kind: Literal["training"]
    course: Text(200)  # type: ignore[valid-type]
    institute: Text(200)  # type: ignore[valid-type]
    from_date: Day
    to_date: Day


class CorrectionChanges(Strict):
    designation: Text(100) | None = None  # type: ignore[valid-type]
    cadre: Text(100) | None = None  # type: ignore[valid-type]
    post: Text(100) | None = None  # type: ignore[valid-type]
    pay_level: PayLevel | None = None
    pay_cell: PayCell | None = None


class CorrectionEntry(_Entry):
    kind: Literal["correction"]
    corrects: int = Field(ge=1, le=1_000_000, description="seq of the entry being corrected (it stays as it was)")
    changes: CorrectionChanges | None = None


class EntryRequest(RootModel):
    root: Annotated[PostingEntry | TransferEntry | PromotionEntry | IncrementEntry | TrainingEntry
                    | CorrectionEntry, Field(discriminator="kind")]


class EntryResult(Model):
    employee: EmployeeView
    entry: HistoryEntry


# --- leave ---------------------------------------------------------------------------------

class LeaveApply(Strict):
    kind: str = Field(pattern=CODE, max_length=40, examples=["earned"],
                      description="a leave kind of the master data: earned, casual, medical, half_pay")
    from_date: Day
    to_date: Day
    reason: Text(500)  # type: ignore[valid-type]


class LeaveDecision(Strict):
    decision: Literal["sanction", "refuse"]
    note: Text(500)  # type: ignore[valid-type]
    version: int = Field(ge=1, description="the application's version you read; a stale one gets 409")


class LeaveView(Model):
    leave_id: str
    employee_id: str
    kind: str
    from_date: str
    to_date: str
    days: int
    reason: str
    status: Literal["APPLIED", "SANCTIONED", "REFUSED"]
    applied_at: str
    decided_by: str | None = None
    decided_at: str | None = None
    decision_note: str | None = None
    version: int


class LeaveList(Model):
    items: list[LeaveView]


class LeavePage(Model):
    items: list[LeaveView]
    next: str | None = None


# --- master data ---------------------------------------------------------------------------

class LeaveKindIn(Strict):
    name_hi: Text(60)  # type: ignore[valid-type]
    name_en: Text(60)  # type: ignore[valid-type]
    credit_days: int = Field(ge=0, le=365)
    credit_on: list[Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$")]] = Field(
        min_length=1, max_length=12, description="MM-DD days on which the credit is made in advance")
    max_balance: int | None = Field(None, ge=0, le=1000)
    lapses: bool = False


class Label(Strict):
    name_hi: Text(60)  # type: ignore[valid-type]
    name_en: Text(60)  # type: ignore[valid-type]


class SettingsUpdate(Strict):
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")
    note: Text(500)  # type: ignore[valid-type]
    superannuation_age: int = Field(ge=50, le=70)
    min_joining_age: int = Field(ge=14, le=30)
    max_pay_level: int = Field(ge=1, le=99)
    max_pay_cell: int = Field(ge=1, le=99)
    leave_kinds: dict[Annotated[str, Field(pattern=CODE, max_length=40)], LeaveKindIn] = Field(
        min_length=1, max_length=20)
    entry_kinds: dict[Annotated[str, Field(pattern=CODE, max_length=40)], Label] = Field(max_length=40)
    document_categories: dict[Annotated[str, Field(pattern=CODE, max_length=40)], Label] = Field(
        min_length=1, max_length=40)


class SettingsView(Model):
    data: dict
    version: int
    updated_at: str
    updated_by: str


# --- e-Sankalan ----------------------------------------------------------------------------

class DocumentConfirm(Strict):
    category: str = Field(pattern=CODE, max_length=40, examples=["education"],
                          description="a document category of the master data (education, identity, caste, "
                                      "service_order, medical, nomination, other)")


class LockerDocument(Model):
    document_id: str
    category: str
    category_name_hi: str
    category_name_en: str
    name: str
    content_type: str
    size: int
    sha256: str
    added_by: str
    added_at: str


class LockerList(Model):
    items: list[LockerDocument]
