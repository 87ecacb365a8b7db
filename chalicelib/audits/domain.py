"""Audit rules, pure Python: audit years, who may allot, the allocation plan, audit classes.

Nothing here touches AWS; service.py loads the facts, asks these functions, and saves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from chalicelib.audits import messages  # noqa: F401 - registers this service's error messages
from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Forbidden, invalid_field

FIRM, DEPARTMENTAL = "firm", "departmental"
KINDS = (FIRM, DEPARTMENTAL)

ALLOTTED, REPORTED, COMPLIED = "ALLOTTED", "REPORTED", "COMPLIED"
ALLOTMENT_STATUSES = (ALLOTTED, REPORTED, COMPLIED)
CLASSES = ("A", "B", "C", "D")

# Why a society was left out of a bulk allocation (the report says which, per society).
ALREADY_ALLOTTED = "ALREADY_ALLOTTED"      # it has an auditor for the year: nothing to do
NO_AUDITORS = "NO_AUDITORS"                # the pool is empty (no empanelled firm, no auditor)
NO_CAPACITY = "NO_CAPACITY"                # every auditor in the pool is full
ROTATION_LIMIT = "ROTATION_LIMIT"          # only firms with capacity left audited it N years running
CONCURRENT_CHANGE = "CONCURRENT_CHANGE"    # someone allotted it, or changed a load, while we wrote
REASONS = (ALREADY_ALLOTTED, NO_AUDITORS, NO_CAPACITY, ROTATION_LIMIT, CONCURRENT_CHANGE)

_YEAR = re.compile(r"^(20\d\d)-(\d\d)$")


# --- audit years ----------------------------------------------------------------------------

def check_year(text: str, field_name: str = "year") -> str:
    """A financial year as the department writes it: "2025-26" (1 April 2025 to 31 March 2026)."""
    match = _YEAR.match(text or "")
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise invalid_field(field_name, "a financial year like 2025-26", "AUDIT_YEAR_INVALID")
    return text


def year_before(year: str, back: int = 1) -> str:
    start = int(year[:4]) - back
    return f"{start}-{(start + 1) % 100:02d}"


def previous_years(year: str, count: int) -> list[str]:
    """The `count` years before `year`, the nearest first."""
    return [year_before(year, n) for n in range(1, count + 1)]


# --- master data ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Band:
    cls: str
    above: Decimal
    inclusive: bool

    def holds(self, marks: Decimal) -> bool:
        return marks >= self.above if self.inclusive else marks > self.above


@dataclass(frozen=True)
class Settings:
    max_consecutive_years: int
    max_marks: Decimal
    class_bands: tuple[Band, ...]
    firm_capacity_per_partner: int
    auditor_default_capacity: int
    empanelment_valid_months: int = 12

    @classmethod
    def from_data(cls, data: dict) -> Settings:
        bands = tuple(Band(b["class"], Decimal(str(b["above"])), bool(b["inclusive"])) for b in data["class_bands"])
        return cls(int(data["max_consecutive_years"]), Decimal(str(data["max_marks"])), bands,
                   int(data["firm_capacity_per_partner"]), int(data["auditor_default_capacity"]),
                   int(data.get("empanelment_valid_months", 12)))


def check_bands(bands: list[dict], max_marks: Decimal) -> None:
    """A through D, thresholds falling, the last one catching everything down to zero."""
    if [b["class"] for b in bands] != list(CLASSES):
        raise invalid_field("class_bands", "one band for each class, in the order A, B, C, D")
    limits = [Decimal(str(b["above"])) for b in bands]
    if any(not (0 <= x <= max_marks) for x in limits) or limits != sorted(limits, reverse=True):
        raise invalid_field("class_bands", "thresholds between 0 and max_marks, falling from A to D")
    if len(set(limits)) != len(limits):
        raise invalid_field("class_bands", "each class needs its own threshold")
    if limits[-1] != 0 or not bands[-1]["inclusive"]:
        raise invalid_field("class_bands", "class D must take every mark from 0 (above 0, inclusive)")


def audit_class(marks: Decimal, settings: Settings) -> str:
    """Default bands (master data): A > 60, B 45-60, C 30-45, D < 30; a boundary mark goes to the
    upper class only where its band is inclusive (45 is B, 60 is B, 30 is C)."""
    if not (0 <= marks <= settings.max_marks):
        raise invalid_field("marks", f"between 0 and {settings.max_marks}", "AUDIT_MARKS_INVALID",
                            max_marks=str(settings.max_marks))
    for band in settings.class_bands:
        if band.holds(marks):
            return band.cls
    return settings.class_bands[-1].cls


# --- who may do what ------------------------------------------------------------------------

def authorize_allot(who: Principal, district: str) -> None:
    """HQ (an officer at state level) anywhere; a division's JR only in that division's districts."""
    if who.role != Role.OFFICER:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if who.jurisdiction.level == Level.DISTRICT:
        raise Forbidden("AUDIT_ALLOT_LEVEL")
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def authorize_view_district(who: Principal, district: str) -> None:
    """Officers of any level inside their jurisdiction; the admin everywhere."""
    if who.role == Role.ADMIN:
        return
    if who.role != Role.OFFICER:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


# --- the allocation plan --------------------------------------------------------------------

def auditor_key(kind: str, auditor_id: str) -> str:
    return f"{kind}:{auditor_id}"


def split_key(key: str) -> tuple[str, str]:
    kind, _, auditor_id = key.partition(":")
    return kind, auditor_id


@dataclass
class Candidate:
    """An auditor in the pool: its capacity (master data) and what it already holds this year."""

    kind: str
    id: str
    capacity: int
    load: int = 0

    @property
    def key(self) -> str:
        return auditor_key(self.kind, self.id)

    @property
    def remaining(self) -> int:
        return max(0, self.capacity - self.load)


def rotation_blocked(candidate_key: str, prior: list[str | None], max_years: int) -> bool:
    """A firm never audits the same society more than `max_years` years running: blocked when it
    audited each of the `max_years` years just before. The rule binds firms, not the department's
    own auditors (whom the department posts and rotates itself)."""
    if not candidate_key.startswith(FIRM + ":") or len(prior) < max_years:
        return False
    return all(p == candidate_key for p in prior[:max_years])


@dataclass
class Plan:
    allot: dict[str, str] = field(default_factory=dict)          # reg_no -> auditor key
    missed: list[tuple[str, str]] = field(default_factory=list)  # (reg_no, reason)


def why_not(candidates: list[Candidate], prior: list[str | None], max_years: int) -> str | None:
    """None when some auditor can take the society, else the reason it cannot be allotted."""
    if not candidates:
        return NO_AUDITORS
    open_ = [c for c in candidates if c.remaining > 0]
    if not open_:
        return NO_CAPACITY
    if all(rotation_blocked(c.key, prior, max_years) for c in open_):
        return ROTATION_LIMIT
    return None


def plan(societies: list[str], already: set[str], candidates: list[Candidate],
         prior: dict[str, list[str | None]], max_years: int) -> Plan:
    """Allot every society not yet allotted to the eligible auditor with the most room left (ties:
    the smaller key), so the work spreads evenly. Societies that some firm may no longer audit go
    first: they have fewer choices. `prior[reg_no]` lists last years' auditors, nearest first."""
    result = Plan()
    todo = []
    for reg_no in sorted(set(societies)):
        if reg_no in already:
            result.missed.append((reg_no, ALREADY_ALLOTTED))
        else:
            todo.append(reg_no)
    constrained = {r for r in todo if any(rotation_blocked(c.key, prior.get(r, []), max_years) for c in candidates)}
    todo.sort(key=lambda r: (r not in constrained, r))
    for reg_no in todo:
        history = prior.get(reg_no, [])
        reason = why_not(candidates, history, max_years)
        if reason:
            result.missed.append((reg_no, reason))
            continue
        best = min((c for c in candidates if c.remaining > 0 and not rotation_blocked(c.key, history, max_years)),
                   key=lambda c: (-c.remaining, c.key))
        best.load += 1
        result.allot[reg_no] = best.key
    result.missed.sort()
    return result


def may_take(candidate: Candidate, prior: list[str | None], max_years: int) -> str | None:
    """One society, one chosen auditor: the reason it may not take it, or None."""
    if candidate.remaining <= 0:
        return NO_CAPACITY
    if rotation_blocked(candidate.key, prior, max_years):
        return ROTATION_LIMIT
    return None
