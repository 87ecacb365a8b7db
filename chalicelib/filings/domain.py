"""Annual returns: pure rules (financial years, due dates, states, who may do what). No AWS here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from chalicelib.core.auth import Level, Principal, Role, require_district
from chalicelib.core.errors import Conflict, Forbidden, invalid_field

FILED, ACCEPTED, RETURNED = "FILED", "ACCEPTED", "RETURNED"
NOT_FILED, OVERDUE = "NOT_FILED", "OVERDUE"
# state -> the actions an officer may take in it, and where each leads (workflow as data)
DECISIONS = {FILED: {"accept": ACCEPTED, "return": RETURNED}}
REFILABLE = {RETURNED}           # a society may file again only what was returned to it
READ_ROLES = {Role.CITIZEN, Role.SOCIETY, Role.OFFICER, Role.ADMIN}
_FY = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Rules:
    year_end: tuple[int, int]          # (month, day) the financial year closes: 31 March
    due: tuple[int, int]               # (month, day) returns are due after the close: 30 September
    first_year: str
    max_documents: int

    @classmethod
    def from_data(cls, data: dict) -> Rules:
        return cls(_month_day(data["financial_year_end"]), _month_day(data["due_date"]),
                   data["first_financial_year"], int(data["max_documents_per_return"]))


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def fy_start(fy: str, field: str = "financial_year") -> int:
    """'2025-26' -> 2025; anything else is a 422 naming the field."""
    match = _FY.match(fy or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise invalid_field(field, "a financial year like 2025-26", "FINANCIAL_YEAR_INVALID", financial_year=fy)
    return int(match.group(1))


def fy_label(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def year_closes(rules: Rules, fy: str) -> date:
    return date(fy_start(fy) + 1, *rules.year_end)


def due_on(rules: Rules, fy: str) -> date:
    """Returns are due on the due date after the year's close (30 September after 31 March)."""
    closes = year_closes(rules, fy)
    due = date(closes.year, *rules.due)
    return due if due > closes else date(closes.year + 1, *rules.due)


def check_year(rules: Rules, fy: str, today: date, field: str = "financial_year") -> None:
    """A year that has closed, and not before the first year the portal keeps."""
    start = fy_start(fy, field)
    if start < fy_start(rules.first_year):
        raise invalid_field(field, f"not before {rules.first_year}", "FINANCIAL_YEAR_INVALID", financial_year=fy)
    if today <= year_closes(rules, fy):
        raise invalid_field(field, "the financial year has not closed yet", "FINANCIAL_YEAR_OPEN", financial_year=fy)


def last_closed_year(rules: Rules, today: date) -> str:
    start = today.year - 1 if (today.month, today.day) > rules.year_end else today.year - 2
    return fy_label(start)


def outstanding_status(rules: Rules, fy: str, today: date) -> str:
    return OVERDUE if today > due_on(rules, fy) else NOT_FILED


# --- who may do what -----------------------------------------------------------------------------

def society_of(principal: Principal) -> str:
    return principal.subject.upper()      # a society signs in with its reg_no in lower case


def authorize_filing(principal: Principal, reg_no: str) -> None:
    if principal.role != Role.SOCIETY:
        raise Forbidden("FORBIDDEN_ROLE", role=principal.role.value)
    if society_of(principal) != reg_no:
        raise Forbidden("FILING_NOT_YOURS", reg_no=reg_no)


def authorize_officer(principal: Principal, district: str) -> None:
    if principal.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=principal.role.value)
    require_district(principal, district)


def authorize_record(principal: Principal, reg_no: str, district: str) -> None:
    """The society itself, or an officer (or admin) whose jurisdiction covers its district."""
    if principal.role == Role.SOCIETY:
        if society_of(principal) != reg_no:
            raise Forbidden("FILING_NOT_YOURS", reg_no=reg_no)
        return
    authorize_officer(principal, district)


def authorize_document_read(principal: Principal, reg_no: str, district: str, filed: bool) -> None:
    """Citizens (signed in with OTP) read what a society filed; the society reads its own
    uploads; officers those of their jurisdiction. Anyone else is refused."""
    if principal.role not in READ_ROLES:
        raise Forbidden("FORBIDDEN_ROLE", role=principal.role.value)
    if principal.role == Role.CITIZEN:
        if not filed:
            raise Forbidden("DOCUMENT_NOT_PUBLIC")
        return
    authorize_record(principal, reg_no, district)


def officer_district(principal: Principal, district: str | None) -> str:
    """The district an officer's list is about: theirs by default; any inside their jurisdiction."""
    if district is None:
        if principal.jurisdiction.level != Level.DISTRICT:
            raise invalid_field("district", "give the district (your jurisdiction covers several)")
        district = principal.jurisdiction.code or ""
    authorize_officer(principal, district)
    return district


def decide(status: str, action: str) -> str:
    to = DECISIONS.get(status, {}).get(action)
    if to is None:
        raise Conflict("RETURN_NOT_IN_STATE", status=status, action=action)
    return to


def may_file_again(status: str | None) -> None:
    if status is not None and status not in REFILABLE:
        raise Conflict("RETURN_ALREADY_FILED", status=status)
