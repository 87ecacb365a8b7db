"""Service-book rules, pure Python: superannuation, leave credit and balances, leave overlap,
what each service-book entry changes, and who may read, edit or sanction.

No boto3, no pynamodb: the service hands in the record as plain values and the rules from
master data; these functions decide and return what changes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.core import geo
from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, invalid_field

APPLIED, SANCTIONED, REFUSED = "APPLIED", "SANCTIONED", "REFUSED"
LEAVE_STATUSES = (APPLIED, SANCTIONED, REFUSED)
DECISIONS = {"sanction": SANCTIONED, "refuse": REFUSED}
# Entries the establishment section writes; leave entries come from the leave workflow.
BOOK_KINDS = ("posting", "transfer", "promotion", "increment", "training", "correction")
CORRECTABLE = frozenset({"appointment", "posting", "transfer", "promotion", "increment", "training"})
# Master fields a correction may set again (the office moves only by a transfer).
CORRECTABLE_FIELDS = ("designation", "cadre", "post", "pay_level", "pay_cell")
IN_SERVICE = "IN_SERVICE"


# --- master data ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LeaveKind:
    code: str
    credit_days: int
    credit_on: tuple[str, ...]         # "MM-DD": credited in advance on each of these days
    max_balance: int | None
    lapses: bool                       # casual leave: what is left lapses at the next credit


@dataclass(frozen=True)
class Rules:
    superannuation_age: int = 62
    min_joining_age: int = 18
    max_pay_level: int = 24
    max_pay_cell: int = 40
    leave_kinds: dict = field(default_factory=dict)
    entry_kinds: dict = field(default_factory=dict)
    document_categories: dict = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict) -> Rules:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def kind(self, code: str, field_name: str = "kind") -> LeaveKind:
        spec = self.leave_kinds.get(code)
        if spec is None:
            raise invalid_field(field_name, f"unknown leave kind '{code}'", "UNKNOWN_LEAVE_KIND", kind=code)
        return LeaveKind(code, int(spec["credit_days"]), tuple(spec["credit_on"]), spec.get("max_balance"),
                         bool(spec.get("lapses")))

    def kinds(self) -> list[LeaveKind]:
        return [self.kind(code) for code in self.leave_kinds]

    def label(self, table: str, code: str, lang: str) -> str:
        spec = getattr(self, table).get(code) or {}
        return spec.get("name_en" if lang == "en" else "name_hi") or code


# --- superannuation ------------------------------------------------------------------------

def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def superannuation(date_of_birth: date, age: int) -> date:
    """FR 56: retire on the afternoon of the last day of the month in which the age is reached;
    one born on the 1st reaches it the day before, so retires at the end of the month before."""
    year, month = date_of_birth.year + age, date_of_birth.month
    if date_of_birth.day == 1:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return _month_end(year, month)


def check_dates(date_of_birth: date, date_of_joining: date, today: date, rules: Rules) -> date:
    """The superannuation date, once birth and joining make sense together."""
    if date_of_joining > today:
        raise invalid_field("date_of_joining", "cannot be in the future")
    adult = _add_years(date_of_birth, rules.min_joining_age)
    if date_of_joining < adult:
        raise invalid_field("date_of_birth", f"must be at least {rules.min_joining_age} years before joining")
    retires = superannuation(date_of_birth, rules.superannuation_age)
    if date_of_joining > retires:
        raise invalid_field("date_of_birth", "joining is after the superannuation date")
    return retires


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:   # 29 February
        return day.replace(year=day.year + years, day=28)


# --- leave credit --------------------------------------------------------------------------

def _credit_days_in(year: int, kind: LeaveKind) -> list[date]:
    return sorted(date(year, int(md[:2]), int(md[3:])) for md in kind.credit_on)


def period_start(day: date, kind: LeaveKind) -> date:
    """The credit day that opened the period `day` falls in."""
    candidates = [d for d in _credit_days_in(day.year, kind) if d <= day]
    return candidates[-1] if candidates else _credit_days_in(day.year - 1, kind)[-1]


def next_credit(after: date, kind: LeaveKind) -> date:
    """The first credit day strictly after `after`."""
    candidates = [d for d in _credit_days_in(after.year, kind) if d > after]
    return candidates[0] if candidates else _credit_days_in(after.year + 1, kind)[0]


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def opening_credit(kind: LeaveKind, joined: date, today: date) -> int:
    """The credit for the period the record opens in: whole when service began before it, else
    in proportion to the complete months left in it (rounded half up to a day)."""
    start = period_start(today, kind)
    if joined <= start:
        return kind.credit_days
    end = next_credit(start, kind)
    first_full_month = joined if joined.day == 1 else _month_end(joined.year, joined.month) + timedelta(days=1)
    months = max(0, _months_between(first_full_month, end))
    share = Decimal(kind.credit_days * months) / Decimal(_months_between(start, end))
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def after_credit(balance: int, kind: LeaveKind) -> int:
    new = kind.credit_days if kind.lapses else balance + kind.credit_days
    return min(new, kind.max_balance) if kind.max_balance is not None else new


def credits_due(credited: dict[str, str], today: date, rules: Rules) -> list[tuple[str, date]]:
    """(kind, credit day) pairs that have come due since each kind's last credit, in order."""
    due = []
    for kind in rules.kinds():
        last = credited.get(kind.code)
        if last is None:
            continue
        day = next_credit(date.fromisoformat(last), kind)
        while day <= today:
            due.append((kind.code, day))
            day = next_credit(day, kind)
    return sorted(due, key=lambda pair: pair[1])


def next_credit_on(credited: dict[str, str], rules: Rules) -> str | None:
    days = [next_credit(date.fromisoformat(credited[k.code]), k) for k in rules.kinds() if k.code in credited]
    return min(days).isoformat() if days else None


# --- leave applications --------------------------------------------------------------------

def leave_days(start: date, end: date) -> int:
    """Calendar days, both ends counted (holidays inside earned leave count as leave)."""
    return (end - start).days + 1


def check_leave(start: date, end: date, joined: date, retires: date) -> int:
    if end < start:
        raise invalid_field("to_date", "must be on or after from_date")
    if start < joined:
        raise invalid_field("from_date", "before the date of joining")
    if end > retires:
        raise invalid_field("to_date", "after the superannuation date")
    return leave_days(start, end)


def check_balance(kind: str, days: int, balance: int, field_name: str = "to_date") -> None:
    if days > balance:
        raise invalid_field(field_name, f"{days} days asked, {balance} days of {kind} leave available",
                            "LEAVE_BALANCE_SHORT", kind=kind, days=days, balance=balance)


@dataclass(frozen=True)
class Leave:
    leave_id: str
    kind: str
    from_date: str
    to_date: str
    status: str


def overlapping(start: date, end: date, others: list[Leave]) -> Leave | None:
    """A live (applied or sanctioned) leave sharing a day with [start, end]."""
    for other in others:
        if other.status in (APPLIED, SANCTIONED) and not (
                end < date.fromisoformat(other.from_date) or start > date.fromisoformat(other.to_date)):
            return other
    return None


# --- who may do what -----------------------------------------------------------------------

@dataclass(frozen=True)
class Employee:
    """The record as the rules see it."""

    employee_id: str
    username: str
    office: Jurisdiction
    controlling_officer: str


def office_of(level: str, code: str | None) -> Jurisdiction:
    return Jurisdiction(Level(level), code if level != Level.STATE.value else None)


def is_establishment_of(who: Principal, emp: Employee) -> bool:
    return who.role == Role.ESTABLISHMENT and who.jurisdiction == emp.office


def may_read(who: Principal, emp: Employee) -> None:
    """The employee themself, their office's establishment section, their controlling officer."""
    if who.role == Role.EMPLOYEE and who.subject == emp.username:
        return
    if is_establishment_of(who, emp) or who.subject == emp.controlling_officer:
        return
    if who.role == Role.ESTABLISHMENT:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    raise Forbidden("SERVICEBOOK_NOT_YOURS")


def may_edit(who: Principal, emp: Employee) -> None:
    if who.role != Role.ESTABLISHMENT:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if who.jurisdiction != emp.office:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def may_use_locker(who: Principal, emp: Employee) -> None:
    """e-Sankalan documents are private to the employee and their office's establishment section
    (not even the controlling officer sees them)."""
    if who.role == Role.EMPLOYEE and who.subject == emp.username:
        return
    if is_establishment_of(who, emp):
        return
    if who.role == Role.ESTABLISHMENT:
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    raise Forbidden("LOCKER_PRIVATE")


def may_apply(who: Principal, emp: Employee) -> None:
    if not (who.role == Role.EMPLOYEE and who.subject == emp.username):
        raise Forbidden("SERVICEBOOK_NOT_YOURS")


def may_decide(who: Principal, emp: Employee) -> None:
    """Only the employee's controlling officer, and never on their own leave."""
    if who.subject == emp.username:
        raise Forbidden("LEAVE_OWN_SANCTION")
    if who.subject != emp.controlling_officer:
        raise Forbidden("LEAVE_NOT_CONTROLLED")


def office_chain(office: Jurisdiction) -> list[Jurisdiction]:
    """An office and the offices above it in the department's tree: a district office, its
    division's office, headquarters (state)."""
    chain = [office]
    if office.level == Level.DISTRICT:
        chain.append(Jurisdiction(Level.DIVISION, geo.division_of(office.code or "")))
    if office.level != Level.STATE:
        chain.append(Jurisdiction(Level.STATE, None))
    return chain


def check_controlling_officer(name: str, candidate: dict | None, employee_username: str, office: Jurisdiction,
                              field: str = "controlling_officer") -> None:
    """Rule `servicebook.controlling_officer` (core.authz): only an active officer (role officer)
    of the employee's own office or an office above it may be named; never the employee, another
    employee, the admin, a court's reader, an establishment clerk or another district's officer.
    `candidate` is the staff profile of the account `name` (None: no such staff account)."""
    if name == employee_username:
        raise invalid_field(field, "an employee cannot be their own controlling officer", "CONTROLLING_OFFICER_SELF")
    if candidate is None or not candidate["active"]:
        raise invalid_field(field, "no active staff account of that name", "CONTROLLING_OFFICER_UNKNOWN",
                            username=name)
    if candidate["role"] != Role.OFFICER.value:
        raise invalid_field(field, f"'{name}' is not an officer ({candidate['role']})",
                            "CONTROLLING_OFFICER_NOT_OFFICER", username=name, role=candidate["role"])
    if Jurisdiction.from_dict(candidate["jurisdiction"]) not in office_chain(office):
        raise invalid_field(field, f"'{name}' is not an officer of {office.label()} or an office above it",
                            "CONTROLLING_OFFICER_OUTSIDE_OFFICE", username=name, office=office.label())


def check_decidable(status: str) -> None:
    if status != APPLIED:
        raise Conflict("LEAVE_ALREADY_DECIDED", status=status)


# --- what a service-book entry changes -----------------------------------------------------

def entry_changes(kind: str, data: dict[str, Any], current: dict[str, Any], rules: Rules) -> dict[str, Any]:
    """The master fields an entry sets, checked against the record as it stands."""
    if kind == "posting":
        return {k: data[k] for k in ("post", "controlling_officer") if data.get(k)}
    if kind == "transfer":
        office = data["office"]
        if (office["level"], office.get("code")) == (current["office_level"], current["office_code"]):
            raise invalid_field("office", "a transfer moves the employee to another office")
        changes = {"office_level": office["level"], "office_code": office.get("code")}
        changes.update({k: data[k] for k in ("post", "controlling_officer") if data.get(k)})
        return changes
    if kind == "promotion":
        check_pay(data["pay_level"], data.get("pay_cell") or 1, rules)
        if data["pay_level"] <= current["pay_level"]:
            raise invalid_field("pay_level", f"a promotion raises the pay level (now {current['pay_level']})")
        changes = {"designation": data["designation"], "pay_level": data["pay_level"],
                   "pay_cell": data.get("pay_cell") or 1}
        changes.update({k: data[k] for k in ("cadre", "post", "controlling_officer") if data.get(k)})
        return changes
    if kind == "increment":
        cell = data.get("pay_cell") or current["pay_cell"] + 1
        check_pay(current["pay_level"], cell, rules)
        if cell <= current["pay_cell"]:
            raise invalid_field("pay_cell", f"an increment moves up the pay cell (now {current['pay_cell']})")
        return {"pay_cell": cell}
    if kind == "training":
        if data["to_date"] < data["from_date"]:
            raise invalid_field("to_date", "must be on or after from_date")
        return {}
    if kind == "correction":
        changes = {k: v for k, v in (data.get("changes") or {}).items() if k in CORRECTABLE_FIELDS and v is not None}
        if "pay_level" in changes or "pay_cell" in changes:
            check_pay(changes.get("pay_level", current["pay_level"]), changes.get("pay_cell", current["pay_cell"]),
                       rules)
        return changes
    raise invalid_field("kind", f"unknown entry kind '{kind}'")


def check_pay(level: int, cell: int, rules: Rules) -> None:
    if not 1 <= level <= rules.max_pay_level:
        raise invalid_field("pay_level", f"the pay matrix has levels 1 to {rules.max_pay_level}")
    if not 1 <= cell <= rules.max_pay_cell:
        raise invalid_field("pay_cell", f"the pay matrix has cells 1 to {rules.max_pay_cell}")


def check_correction(target_action: str | None, target_seq: int) -> None:
    if target_action is None:
        raise invalid_field("corrects", f"the service book has no entry {target_seq}", "ENTRY_NOT_FOUND",
                            seq=target_seq)
    if target_action not in CORRECTABLE:
        raise invalid_field("corrects", f"a '{target_action}' entry is corrected through its own workflow")
