"""Society rules, pure Python: who may create or edit which society, and what a change is."""

from __future__ import annotations

from chalicelib.core import geo
from chalicelib.core.auth import Principal, Role, require_district, require_role
from chalicelib.core.errors import invalid_field

EDITORS = (Role.OFFICER, Role.ADMIN)
EDITABLE = ("name_hi", "name_en", "type", "address", "mobile", "members", "status")


def authorize_edit(principal: Principal | None, district: str) -> Principal:
    """Officers act only inside their node of the jurisdiction tree; HQ (state) everywhere."""
    who = require_role(principal, *EDITORS)
    require_district(who, district)
    return who


def sort_name(name_en: str, reg_no: str) -> str:
    return f"{name_en.casefold()}#{reg_no}"


def classify(society_type: str) -> tuple[str, str]:
    spec = geo.society_types()[society_type]
    return spec["class"], spec["level"]


def diff(current: dict, changes: dict) -> dict:
    """Only the fields that really change; unknown fields are a programming error upstream."""
    changed = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise invalid_field(name, "this field cannot be changed")
        if value is not None and value != current.get(name):
            changed[name] = value
    return changed


def register_year(registered_on: str) -> int:
    return int(registered_on[:4])
