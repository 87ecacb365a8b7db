"""Request and response models of the reports service (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import DivisionCode, Text
from chalicelib.reports import domain

REG_NO = r"^[A-Z]{3}-\d{4}-\d{5}$"
CODE = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class EpacsQuery(Strict):
    by: Literal["district", "division"] = "district"
    division: DivisionCode | None = None


class PendingPacs(Model):
    reg_no: str
    name_hi: str
    name_en: str


class EpacsRow(Model):
    key: str
    name_hi: str
    name_en: str
    total: int
    onboarded: int
    pending: int
    percent: float = Field(description="onboarded as a share of all PACS, 0–100")
    audit_on_portal: int
    service_centres: int
    pending_pacs: list[PendingPacs]


class EpacsTotals(Model):
    total: int
    onboarded: int
    pending: int
    percent: float
    audit_on_portal: int
    service_centres: int


class EpacsReport(Model):
    by: str
    division: str | None
    rows: list[EpacsRow]
    totals: EpacsTotals


class EpacsStatus(Strict):
    onboarded_on: dt.date | None = Field(None, description="the day the PACS went live on the national PACS software")
    modules_live: list[Text(60)] = Field(default_factory=list, max_length=30)  # type: ignore[valid-type]
    audit_on_portal: bool = False

    @field_validator("onboarded_on")
    @classmethod
    def _plausible(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.year < 2000:
            raise ValueError("a date from the year 2000 on")
        return value


class ServiceCentre(Strict):
    csc_id: str | None = Field(None, pattern=r"^[0-9A-Za-z-]{4,20}$", description="common service centre ID")
    services: list[str] = Field(default_factory=list, max_length=400,
                                description="codes of the services it offers")

    @field_validator("services")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        import re

        bad = [v for v in value if not re.match(CODE, v)]
        if bad:
            raise ValueError(f"service codes are lower-case letters, digits, - or _: {bad[:3]}")
        return value


class StatusChange(Strict):
    version: int = Field(ge=0, description="the version read (0 for a PACS with no status yet)")
    epacs: EpacsStatus | None = None
    service_centre: ServiceCentre | None = None
    note: Text(500)  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _something(self) -> StatusChange:
        if self.epacs is None and self.service_centre is None:
            raise ValueError("give epacs, service_centre or both")
        return self


class EpacsView(Model):
    onboarded_on: str | None
    modules_live: list[str]
    audit_on_portal: bool


class CentreView(Model):
    csc_id: str | None
    services: list[str]


class PacsStatusView(Model):
    reg_no: str
    name_hi: str
    name_en: str
    district: str
    division: str
    epacs: EpacsView
    service_centre: CentreView
    updated_at: str | None
    updated_by: str | None
    version: int


class ReviewQuery(Strict):
    fortnight: str = Field(pattern=domain.FORTNIGHT.pattern, examples=["2025-11-1"],
                           description="YYYY-MM-1 (1st–15th) or YYYY-MM-2 (16th–month end)")
    division: DivisionCode | None = None
    lang: Literal["hi", "en"] = Field("hi", description="language of the PDF (Hindi by default)")

    @field_validator("fortnight")
    @classmethod
    def _fortnight(cls, value: str) -> str:
        domain.Fortnight.parse(value)
        return value


class MetricView(Model):
    key: str
    title_hi: str
    title_en: str


class ReviewRow(Model):
    district: str
    values: dict[str, float]


class TrendView(Model):
    fortnights: list[str]
    series: dict[str, list[float]]


class SectionView(Model):
    key: str
    title_hi: str
    title_en: str
    metrics: list[MetricView]
    bars: list[str]
    rows: list[ReviewRow]
    totals: dict[str, float]
    trend: TrendView


class DistrictName(Model):
    code: str
    name_hi: str
    name_en: str


class Review(Model):
    fortnight: str
    from_: str = Field(alias="from")
    to: str
    division: str | None
    division_name_hi: str
    division_name_en: str
    generated_at: str
    districts: list[DistrictName]
    sections: list[SectionView]
