"""Request and response models of the filings service (they generate the OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.core.document_schemas import DocumentSummary
from chalicelib.core.schemas import HistoryView, Model, Strict
from chalicelib.core.types import DistrictCode, Text

FinancialYear = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", max_length=7, examples=["2025-26"],
                                     description="financial year, e.g. 2025-26")]
CODE = r"^[a-z][a-z0-9_]{1,39}$"
DOCUMENT_ID = r"^[0-9A-HJKMNP-TV-Z]{26}$"


class FileRequest(Strict):
    financial_year: FinancialYear
    return_type: str = Field(max_length=40, pattern=CODE, examples=["annual_report"],
                             description="a code from GET /filings/return-types")
    document_ids: list[Annotated[str, Field(pattern=DOCUMENT_ID)]] = Field(min_length=1, max_length=50,
                                    description="documents uploaded and confirmed for this return")
    note: Text(1000) | None = None


class DecisionRequest(Strict):
    action: Literal["accept", "return"]
    remarks: Text(1000)
    version: int = Field(ge=1, description="the version read; a stale one gets 409")


class ReturnSummary(Model):
    """What anyone may see of a filed return."""

    financial_year: str
    return_type: str
    return_type_name_hi: str | None
    return_type_name_en: str | None
    status: str
    filed_at: str
    first_filed_at: str
    late: bool
    decided_at: str | None
    documents: list[DocumentSummary]


class ReturnView(ReturnSummary):
    reg_no: str
    society_name_hi: str | None
    society_name_en: str | None
    district: str
    note: str | None
    filed_by: str
    decided_by: str | None
    remarks: str | None
    version: int
    history: HistoryView | None = None


class Outstanding(Model):
    financial_year: str
    return_type: str
    return_type_name_hi: str | None
    return_type_name_en: str | None
    status: Literal["NOT_FILED", "OVERDUE"]
    due_on: str


class PublicPage(Model):
    reg_no: str
    name_hi: str
    name_en: str
    district: str
    returns: list[ReturnSummary]
    outstanding: list[Outstanding]


class PageQuery(Strict):
    financial_year: FinancialYear | None = None


class InboxQuery(Strict):
    district: DistrictCode | None = None
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000)


class InboxPage(Model):
    items: list[ReturnView]
    next: str | None


class DefaultersQuery(Strict):
    district: DistrictCode | None = None
    financial_year: FinancialYear
    limit: int = Field(100, ge=1, le=500)
    next: str | None = Field(None, max_length=2000)


class Defaulter(Model):
    reg_no: str
    name_hi: str | None
    name_en: str | None
    outstanding: list[str]


class DefaultersPage(Model):
    district: str
    financial_year: str
    due_on: str
    status: Literal["NOT_FILED", "OVERDUE"]
    items: list[Defaulter]
    next: str | None


class ReturnType(Model):
    code: str
    name_hi: str
    name_en: str
    required: bool
    order: int


# --- master data (admin) -------------------------------------------------------------------------

class DocumentPolicyData(Strict):
    max_bytes: int = Field(ge=1024, le=100 * 1024 * 1024)
    types: list[Literal["application/pdf", "image/jpeg", "image/png"]] = Field(min_length=1, max_length=3)
    upload_seconds: int = Field(ge=60, le=3600)
    read_seconds: int = Field(ge=30, le=3600)


class SettingsData(Strict):
    financial_year_end: str = Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", examples=["03-31"])
    due_date: str = Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", examples=["09-30"])
    first_financial_year: FinancialYear
    max_documents_per_return: int = Field(ge=1, le=50)
    documents: DocumentPolicyData


class SettingsRequest(Strict):
    data: SettingsData
    version: int = Field(ge=1)
    note: Text(500)


class ReturnTypeData(Strict):
    name_hi: Text(200)
    name_en: Text(200)
    required: bool
    order: int = Field(ge=0, le=1000)


class ReturnTypeRequest(Strict):
    data: ReturnTypeData
    version: int | None = Field(None, ge=1, description="omit to create; the version read to change")
    note: Text(500)


class Versioned(Model):
    key: str
    data: dict
    version: int
    updated_at: str
    updated_by: str


class ConfigView(Model):
    settings: Versioned | None
    return_types: list[Versioned]


class ObligationsRequest(Strict):
    financial_year: FinancialYear
    district: DistrictCode


class ObligationsDone(Model):
    financial_year: str
    district: str
    societies: int
    created: int
