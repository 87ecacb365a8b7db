"""Request and response models of the societies service (they generate the OpenAPI)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from chalicelib.core import clock
from chalicelib.core.schemas import Model, Strict
from chalicelib.core.types import DistrictCode, DivisionCode, Mobile, SocietyType, Text

Status = Literal["active", "under_liquidation", "cancelled"]
REG_NO = r"^[A-Z]{3}-\d{4}-\d{5}$"


class Division(Model):
    code: str
    name_hi: str
    name_en: str
    housing_cell: bool
    districts: int


class District(Model):
    code: str
    name_hi: str
    name_en: str
    division: str


class SocietyTypeView(Model):
    code: str
    name_hi: str
    name_en: str
    society_class: str = Field(alias="class")
    level: str


class DistrictQuery(Strict):
    division: DivisionCode | None = None


class SocietyQuery(Strict):
    district: DistrictCode | None = None
    type: SocietyType | None = None
    q: str | None = Field(None, min_length=1, max_length=80, description="start of any word of the name, "
                          "in Devanagari or Latin script")
    limit: int = Field(20, ge=1, le=100)
    next: str | None = Field(None, max_length=2000, description="opaque cursor from the previous page")


class SocietySummary(Model):
    reg_no: str
    name_hi: str
    name_en: str
    type: str
    district: str


class SocietyPage(Model):
    items: list[SocietySummary]
    next: str | None = None


class SocietyPublic(Model):
    """Basic public details: what any citizen may see about any society."""

    reg_no: str
    name_hi: str
    name_en: str
    type: str
    type_name_hi: str
    type_name_en: str
    society_class: str
    level: str
    district: str
    district_name_hi: str
    district_name_en: str
    division: str
    address: str
    registered_on: str
    status: Status
    members: int | None = None
    contact_mobile: str | None = Field(None, description="masked")


class SocietyOfficial(SocietyPublic):
    version: int
    login: str = Field(description="the society's own username")


def _not_future(value: dt.date) -> dt.date:
    if value > clock.now().astimezone(clock.IST).date():
        raise ValueError("must not be in the future")
    if value.year < 1904:  # the first cooperative law in India
        raise ValueError("must be 1904 or later")
    return value


class SocietyCreate(Strict):
    name_hi: Text(200)  # type: ignore[valid-type]
    name_en: Text(200)  # type: ignore[valid-type]
    type: SocietyType
    district: DistrictCode
    address: Text(300)  # type: ignore[valid-type]
    registered_on: dt.date
    mobile: Mobile = Field(description="the society's contact mobile; its login OTPs go here")
    members: int | None = Field(None, ge=0, le=10_000_000)

    _date = field_validator("registered_on")(_not_future)


class SocietyUpdate(Strict):
    version: int = Field(ge=1, description="the version you read; a stale one gets 409")
    name_hi: Text(200) | None = None  # type: ignore[valid-type]
    name_en: Text(200) | None = None  # type: ignore[valid-type]
    type: SocietyType | None = None
    address: Text(300) | None = None  # type: ignore[valid-type]
    mobile: Mobile | None = None
    members: int | None = Field(None, ge=0, le=10_000_000)
    status: Status | None = None
    note: Text(500)  # type: ignore[valid-type]
