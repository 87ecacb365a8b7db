"""Constrained field types shared by every service's schemas (pydantic validates at the edge)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from chalicelib.core import geo
from chalicelib.core.masterdata import load

_MOBILE = re.compile(r"^(?:\+91|91|0)?([6-9]\d{9})$")


def _mobile(value: str) -> str:
    match = _MOBILE.match(re.sub(r"[\s-]", "", value))
    if not match:
        raise ValueError("must be a 10-digit Indian mobile number starting with 6-9")
    return match.group(1)


def _district(value: str) -> str:
    if not geo.is_district(value):
        raise ValueError(f"unknown district '{value}'")
    return value


def _division(value: str) -> str:
    if not geo.is_division(value):
        raise ValueError(f"unknown division '{value}'")
    return value


def _society_type(value: str) -> str:
    if value not in geo.society_types():
        raise ValueError(f"unknown society type '{value}'")
    return value


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _codes(kind: str) -> list[str]:
    """Master-data codes, listed in the OpenAPI so clients (and fuzzers) know the valid values."""
    data = load("geo") if kind != "types" else load("society_types")
    return sorted(item["code"] for item in data[kind])


Mobile = Annotated[str, StringConstraints(max_length=16), AfterValidator(_mobile),
                   Field(examples=["9876543210"], description="10-digit Indian mobile number, optionally +91",
                         json_schema_extra={"pattern": r"^(\+91|91|0)?[6-9][0-9]{9}$"})]
DistrictCode = Annotated[str, StringConstraints(max_length=40), AfterValidator(_district),
                         Field(examples=["bhopal"], description="district code, see GET /geo/districts",
                               json_schema_extra={"enum": _codes("districts")})]
DivisionCode = Annotated[str, StringConstraints(max_length=40), AfterValidator(_division),
                         Field(examples=["bhopal"], description="division code, see GET /geo/divisions",
                               json_schema_extra={"enum": _codes("divisions")})]
SocietyType = Annotated[str, StringConstraints(max_length=40), AfterValidator(_society_type),
                        Field(examples=["pacs"], description="society type code, see GET /geo/society-types",
                              json_schema_extra={"enum": _codes("types")})]
Otp = Annotated[str, StringConstraints(pattern=r"^\d{6}$"), Field(examples=["123456"])]


def Text(max_length: int, min_length: int = 1) -> object:  # noqa: N802 - reads as a type
    return Annotated[str, BeforeValidator(_strip), StringConstraints(min_length=min_length, max_length=max_length)]
