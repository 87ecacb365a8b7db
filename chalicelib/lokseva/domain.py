"""Guaranteed-services rules, pure Python: working days, the guaranteed date, who decides at
each stage, appeals, and the delay penalty. No AWS here.

Conventions (stated so figures are exact):
  - The application day does not count. A limit of N working days ends on the N-th working day
    after it; N calendar days end N days after it; 0 (Samadhan Ek Din) is the same day.
  - Non-working days: Sundays, the Saturdays named in master data (2nd and 4th) and the year's
    gazetted holidays (master data).
  - A stage's time ends at midnight IST at the close of its due date; the sweep may act after that.
  - Days of delay = calendar days from the guaranteed date to the date (IST) of the first
    decision, or to today while undecided; 0 if decided on or before the guaranteed date.
  - Penalty = per-day rate x days of delay, capped (both master data), exact to the paisa.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.core import clock, geo
from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, invalid_field

SUBMITTED, FIRST_APPEAL, SECOND_APPEAL = "SUBMITTED", "FIRST_APPEAL", "SECOND_APPEAL"
APPROVED, REJECTED = "APPROVED", "REJECTED"
ACTIVE = (SUBMITTED, FIRST_APPEAL, SECOND_APPEAL)
STAGE_OF = {SUBMITTED: "designated_officer", FIRST_APPEAL: "first_appeal", SECOND_APPEAL: "second_appeal"}
NEXT_STAGE = {SUBMITTED: FIRST_APPEAL, FIRST_APPEAL: SECOND_APPEAL}   # what the sweep (or an appeal) moves to
PAISA = Decimal("0.01")


# --- master data as the rules see it --------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    penalty_per_day: Decimal
    penalty_cap: Decimal
    first_appeal_days: int
    second_appeal_days: int
    appeal_window_days: int
    off_saturdays: tuple[int, ...]
    certificate_link_seconds: int

    @classmethod
    def from_data(cls, data: dict) -> Rules:
        return cls(Decimal(str(data["penalty_per_day"])), Decimal(str(data["penalty_cap"])),
                   int(data["first_appeal_days"]), int(data["second_appeal_days"]), int(data["appeal_window_days"]),
                   tuple(int(n) for n in data["off_saturdays"]), int(data["certificate_link_seconds"]))

    def appeal_days(self, status: str) -> int:
        return self.first_appeal_days if status == FIRST_APPEAL else self.second_appeal_days


@dataclass(frozen=True)
class Calendar:
    off_saturdays: tuple[int, ...] = (2, 4)
    holidays: frozenset[date] = field(default_factory=frozenset)


def is_working_day(day: date, calendar: Calendar) -> bool:
    if day.weekday() == 6:
        return False
    if day.weekday() == 5 and (day.day - 1) // 7 + 1 in calendar.off_saturdays:
        return False
    return day not in calendar.holidays


def add_days(start: date, days: int, kind: str, calendar: Calendar) -> date:
    """The last day of a limit of `days` counted from (not including) `start`."""
    if kind == "calendar" or days == 0:
        return start + timedelta(days=days)
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if is_working_day(day, calendar):
            left -= 1
    return day


def years_spanned(start: date, days: int, kind: str) -> list[int]:
    """Which years' holiday lists the limit may cross (working days stretch past the calendar)."""
    reach = days if kind == "calendar" else days * 2 + 30
    return sorted({start.year, (start + timedelta(days=reach)).year})


def ist_date(moment: datetime) -> date:
    return moment.astimezone(clock.IST).date()


def end_of(day: date) -> str:
    """The instant a stage ending on `day` runs out: midnight IST after it, stored UTC."""
    return clock.iso(datetime.combine(day + timedelta(days=1), time(0), clock.IST))


# --- the desk that decides at each stage ----------------------------------------------------

def desk(officer: dict, district: str) -> str:
    """The jurisdiction node whose officer acts: 'district:<code>', 'division:<code>' or 'state'."""
    level = officer["level"]
    if level == Level.DISTRICT.value:
        return f"district:{district}"
    if level == Level.DIVISION.value:
        return f"division:{geo.division_of(district)}"
    return "state"


def principal_desk(who: Principal) -> str:
    return who.jurisdiction.label()


def may_decide(who: Principal, current_desk: str, office: str, seat: list[str] | None,
               earlier_deciders: list[str]) -> None:
    """Only a holder of the stage's seat: the officers master data names for the stage's office
    (designated officer, first or second appeal officer) at its node of the tree, who also sit at
    that node. No seat configured means nobody may decide yet (409 naming the office and desk),
    never "any officer of the desk". Nobody decides an appeal against their own decision.
    Rule `lokseva.decide` in core.authz."""
    if who.role != Role.OFFICER:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if principal_desk(who) != current_desk:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    if not seat:
        raise Conflict("SEAT_NOT_CONFIGURED", details=[{"field": "seat", "message": f"{office} at {current_desk}"}],
                       office=office, desk=current_desk)
    if who.subject not in seat:
        raise Forbidden("NOT_THE_SEAT")
    if who.subject in earlier_deciders:
        raise Forbidden("APPEAL_OWN_DECISION")


def may_view(who: Principal, district: str, is_owner: bool, filed_by: str) -> None:
    if is_owner:
        return
    if who.role == Role.CITIZEN:
        raise Forbidden("APPLICATION_NOT_YOURS")
    if who.role == Role.PACS_OPERATOR:
        if filed_by != who.subject:
            raise Forbidden("APPLICATION_NOT_YOURS")
        return
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def check_decidable(status: str) -> None:
    if status not in ACTIVE:
        raise Conflict("APPLICATION_DECIDED", status=status)


def appeal_target(status: str, decided_stage: str | None, decided_at: str | None, now: datetime,
                  rules: Rules) -> str:
    """The applicant appeals a rejection: designated officer's → first appeal, first appeal's → second."""
    if status != REJECTED or decided_stage not in (SUBMITTED, FIRST_APPEAL):
        raise Conflict("APPEAL_NOT_ALLOWED", status=status)
    if decided_at and ist_date(now) > ist_date(clock.parse_iso(decided_at)) + timedelta(days=rules.appeal_window_days):
        raise Conflict("APPEAL_WINDOW_PASSED", days=rules.appeal_window_days)
    return NEXT_STAGE[decided_stage]


# --- delay and penalty ----------------------------------------------------------------------

def delay_days(guaranteed: date, decided_or_today: date) -> int:
    return max(0, (decided_or_today - guaranteed).days)


def penalty(days: int, rules: Rules) -> Decimal:
    return min(rules.penalty_per_day * days, rules.penalty_cap).quantize(PAISA, rounding=ROUND_HALF_UP)


def check_fee(fee: Decimal, taken: Decimal, reason: str | None) -> None:
    """The fee taken at a counter is the catalogue's; any other amount needs a recorded reason."""
    if taken != fee and not (reason or "").strip():
        raise invalid_field("fee_taken", f"differs from the service fee {money(fee)}: give fee_reason",
                            "FEE_DIFFERS", fee=money(fee), taken=money(taken))


def money(value: Decimal) -> str:
    return str(value.quantize(PAISA, rounding=ROUND_HALF_UP))


def to_paise(value: Decimal) -> int:
    return int((value * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_paise(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(PAISA)


# --- numbers and keys -----------------------------------------------------------------------

def ack_number(serial: int) -> str:
    """The reference family of core.ids: "3", 8 random digits (a collision is retried), a Luhn
    check digit (catches a mistyped number); 10 digits, never like a mobile."""
    from chalicelib.core.ids import reference_number

    return reference_number("lokseva", serial)


def is_ack(text: str) -> bool:
    """A number of the family, or an older 14-digit one (yymmdd + 7 + check), still valid."""
    from chalicelib.core.ids import is_luhn_valid, is_reference

    return is_reference(text, "lokseva") or (len(text) == 14 and is_luhn_valid(text))


def owner_key(secret: str, mobile: str) -> str:
    """Applications belong to a mobile number (citizen online, or given at the PACS counter);
    the key is a keyed hash so the index never holds the number."""
    return hmac.new(secret.encode(), ("lokseva:" + mobile[-10:]).encode(), hashlib.sha256).hexdigest()[:32]


def dimensions(service: dict, district: str) -> dict[str, str]:
    """The dashboard's groupings of one application."""
    return {"department": service["department"], "service": service["code"], "district": district,
            "office": service["designated_officer"]["office"]}
