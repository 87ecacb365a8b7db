"""Request and response models of the officers' grievance search and its CSV export."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import DistrictCode, Mobile
from chalicelib.grievances.schemas import CODE, REG_NO, GrievanceType, Status


class SearchQuery(Strict):
    assigned: Literal["me"] | None = Field(None, description="only your own inbox (active, nearest limit first)")
    district: DistrictCode | None = Field(None, description="one district of your jurisdiction (district "
                                                            "officers: their own, the default)")
    urn: str | None = Field(None, pattern=r"^\d{4,10}$", description="the whole URN (10 digits) or its last 4-9")
    mobile: Mobile | None = Field(None, description="the complainant's mobile, matched by its keyed hash")
    society: str | None = Field(None, pattern=REG_NO, max_length=14, description="society registration number")
    office: str | None = Field(None, pattern=CODE, max_length=40)
    category: str | None = Field(None, pattern=CODE, max_length=40)
    status: Status | None = None
    level: int | None = Field(None, ge=1, le=5)
    due: Literal["overdue", "near"] | None = Field(None, description="active ones past their limit, or "
                                                                     "reaching it within near_limit_hours")
    filed_from: dt.date | None = Field(None, description="filed on or after (Indian date)")
    filed_to: dt.date | None = Field(None, description="filed on or before (Indian date)")

    @field_validator("filed_from", "filed_to")
    @classmethod
    def _plausible(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and not 2000 <= value.year <= 2100:
            raise ValueError("a date between the years 2000 and 2100")
        return value


class SearchPageQuery(SearchQuery):
    limit: int = Field(50, ge=1, le=100, description="rows evaluated per page (one Query); a page may hold "
                                                     "fewer when several filters combine")
    next: str | None = Field(None, max_length=2000)


class ExportQuery(SearchQuery):
    lang: Literal["hi", "en"] = Field("hi", description="language of the column headings")
    max_rows: int = Field(5000, ge=1, le=20000, description="row limit of the file")


class SearchRow(Model):
    urn: str
    type: GrievanceType
    category: str
    district: str
    office: str
    society_reg_no: str | None = None
    society_name: str | None = None
    subject: str
    status: Status
    level: int
    due_at: str
    overdue: bool
    assignee: str | None = None
    created_at: str
    updated_at: str


class SearchPage(Model):
    items: list[SearchRow]
    next: str | None = None
