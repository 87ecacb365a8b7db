"""Grievance rules, pure Python: the workflow table, who may do what at which level, routing,
escalation, feedback and reopening, counters for reports, grades, housing-cell instructions.

No boto3, no pynamodb: the service hands in state (a `Case` snapshot, the `Rules` from master
data, the caller), these functions decide and return what changes.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib.core import clock, geo, ids
from chalicelib.core.auth import Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, RateLimited, invalid_field
from chalicelib.grievances import cohort

# --- states --------------------------------------------------------------------------------

OPEN, IN_PROGRESS, REOPENED = "OPEN", "IN_PROGRESS", "REOPENED"
RESOLVED, REJECTED, SPECIAL_CLOSED, FORCE_CLOSED, CLOSED = (
    "RESOLVED", "REJECTED", "SPECIAL_CLOSED", "FORCE_CLOSED", "CLOSED")
ACTIVE = frozenset({OPEN, IN_PROGRESS, REOPENED})
DISPOSED = frozenset({RESOLVED, REJECTED, SPECIAL_CLOSED, FORCE_CLOSED, CLOSED})
AWAITING_FEEDBACK = DISPOSED - {CLOSED}        # CLOSED: the citizen said they are satisfied
STATUSES = tuple(sorted(ACTIVE | DISPOSED))
TYPES = ("complaint", "demand", "information", "corruption")
LEVELS = (1, 2, 3, 4)
TOP_LEVEL = LEVELS[-1]
ALL_LEVELS = frozenset(LEVELS)
SOURCES = ("web", "call_centre", "cpgrams", "open311")

# Where each level's officer sits in the jurisdiction tree (the seat defaults follow this).
LEVEL_SCOPE = {1: "district", 2: "division", 3: "state", 4: "state"}

# Rejection is for grievances the department cannot act on; one that belongs elsewhere is
# transferred, never closed (CPGRAMS rule).
REJECT_REASONS = ("duplicate", "incomplete_information", "sub_judice", "not_a_grievance", "policy_decision",
                  "already_resolved", "not_our_department")
MUST_TRANSFER = frozenset({"not_our_department"})

# --- master data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """The grievance settings from master data (seeded defaults in defaults.json)."""

    level_days: tuple[int, ...] = (7, 7, 7, 7)
    l3_to_l4_manual: bool = False
    reopen_window_days: int = 30
    daily_limit: int = 10
    duplicate_window_days: int = 7
    near_limit_hours: int = 48
    near_breach_hours: int = 24           # the holder's alert this long before the limit
    max_transfers: int = 3
    force_close_notice_days: int = 3
    reminder_interval_hours: int = 24
    age_bands: tuple[int, ...] = (7, 15, 30)
    grade_weights: dict = field(default_factory=lambda: {"disposal": 40, "satisfaction": 40, "pendency": 20})
    grade_bands: dict = field(default_factory=lambda: {"A": 80, "B": 60, "C": 40})
    cpgrams_target_days: int = 21
    cpgrams_category: str = "cpgrams"
    instruction_days: int = 15

    @classmethod
    def from_data(cls, data: dict | None) -> Rules:
        data = data or {}
        known = {f.name for f in fields(cls)}
        values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
        return cls(**values)


def level_days(category: dict | None, rules: Rules) -> tuple[int, ...]:
    """Per-level time limits: the category's own, else the default (7 days a level)."""
    own = (category or {}).get("level_days")
    return tuple(own) if own else rules.level_days


def seat_candidates(office: str, district: str, level: int) -> list[str]:
    """Seat keys from the most specific to the most general: a district may have its own officer at
    a level; otherwise the division's, otherwise HQ's."""
    return [f"{office}#L{level}#district:{district}", f"{office}#L{level}#division:{geo.division_of(district)}",
            f"{office}#L{level}#state"]


# --- reference numbers and owners ----------------------------------------------------------

URN_BODY = 9   # + a Luhn check digit = 10 digits, easy to read out over the phone


def urn_from(random_below_100m: int) -> str:
    """The reference family of core.ids: "2", 8 random digits, a check digit (never like a mobile)."""
    return ids.reference_number("grievance", random_below_100m)


def is_urn(text: str) -> bool:
    """New URNs start with 2; older ones (any first digit but 0) stay valid, so stored links work."""
    return len(text) == URN_BODY + 1 and text[0] != "0" and ids.is_luhn_valid(text)


def owner_key(secret: str, mobile: str) -> str:
    """A stable, non-reversible key for the citizen's mobile: lists and limits never hold the number."""
    pepper = hashlib.sha256(("grievance-owner:" + secret).encode()).digest()
    return hmac.new(pepper, mobile.encode(), hashlib.sha256).hexdigest()[:40]


# --- the grievance as the rules see it -----------------------------------------------------


@dataclass(frozen=True)
class Case:
    urn: str
    type: str
    category: str
    office: str
    district: str
    status: str
    level: int
    assignee: str | None
    created_at: str
    due_at: str
    source: str = "web"
    housing: bool = False
    transfers: int = 0
    reopen_count: int = 0
    disposed_at: str | None = None
    disposed_level: int | None = None
    force_close_notice_at: str | None = None
    target_at: str | None = None
    interim_reply_at: str | None = None
    last_reminder_at: str | None = None
    special_close_proposed: bool = False

    @property
    def division(self) -> str | None:
        return geo.division_of(self.district)


@dataclass(frozen=True)
class Position:
    office: str
    district: str
    level: int


def arrive(position: Position, assignee: str | None, days: tuple[int, ...], now: datetime,
           status: str = OPEN) -> dict[str, Any]:
    """The fields that change when a grievance lands at an office, district and level."""
    return {"office": position.office, "district": position.district, "level": position.level,
            "assignee": assignee, "status": status, "due_at": clock.iso(now + timedelta(days=days[position.level - 1])),
            "level_started_at": clock.iso(now), "force_close_notice_at": None}


def auto_escalates(level: int, status: str, rules: Rules) -> bool:
    """Whether the sweep moves it on when its time passes (nothing above L4; L3→L4 may be manual)."""
    if status not in ACTIVE or level >= TOP_LEVEL:
        return False
    return not (level == 3 and rules.l3_to_l4_manual)


def escalation_due(case: Case, now: datetime, rules: Rules) -> bool:
    return auto_escalates(case.level, case.status, rules) and clock.parse_iso(case.due_at) <= now


# --- the workflow, as data -----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One row of the workflow: from which states, at which levels, to what, and who is told."""

    action: str
    from_states: frozenset[str]
    to_status: str | None              # None: the status stays (a note, a notice)
    levels: frozenset[int] = ALL_LEVELS
    move: str | None = None            # "up" | "down" | "transfer" | "to_l3": lands somewhere else
    disposes: bool = False
    tell_citizen: str | None = None    # SMS template for the citizen
    tell_officer: bool = False         # SMS to the officer it lands with
    only_housing: bool = False         # housing-society complaints' extra steps
    only_source: str | None = None     # e.g. CPGRAMS' interim reply
    needs: tuple[str, ...] = ()        # fields the action must carry besides the note


WORKFLOW: dict[str, Step] = {step.action: step for step in (
    Step("accept", frozenset({OPEN, REOPENED}), IN_PROGRESS),
    Step("note", ACTIVE, None),
    Step("resolve", ACTIVE, RESOLVED, disposes=True, tell_citizen="GRIEVANCE_RESOLVED"),
    Step("reject", ACTIVE, REJECTED, disposes=True, tell_citizen="GRIEVANCE_REJECTED", needs=("reason",)),
    Step("transfer", ACTIVE, OPEN, move="transfer", tell_citizen="GRIEVANCE_TRANSFERRED", tell_officer=True),
    Step("propose_special_close", ACTIVE, OPEN, frozenset({1, 2}), move="to_l3", tell_officer=True),
    Step("special_close", ACTIVE, SPECIAL_CLOSED, frozenset({3, 4}), disposes=True,
         tell_citizen="GRIEVANCE_CLOSED"),
    Step("notify_force_close", ACTIVE, None, tell_citizen="GRIEVANCE_FORCE_CLOSE_NOTICE"),
    Step("force_close", ACTIVE, FORCE_CLOSED, disposes=True, tell_citizen="GRIEVANCE_CLOSED"),
    Step("send_back", ACTIVE, OPEN, frozenset({4}), move="down", tell_officer=True),
    Step("escalate", ACTIVE, OPEN, frozenset({1, 2, 3}), move="up", tell_citizen="GRIEVANCE_ESCALATED",
         tell_officer=True),
    Step("interim_reply", ACTIVE, None, only_source="cpgrams", tell_citizen="GRIEVANCE_INTERIM_REPLY"),
    # Housing-society complaints: the steps the Act gives the registrar, recorded on the grievance.
    Step("inquiry", ACTIVE, None, only_housing=True),
    Step("notice", ACTIVE, None, only_housing=True),
    Step("dispute_reference", ACTIVE, None, only_housing=True),
    Step("administrator_appointment", ACTIVE, None, only_housing=True),
    Step("registration_cancellation", ACTIVE, None, only_housing=True),
)}
ACTIONS = tuple(WORKFLOW)
ACTORS = (Role.OFFICER,)   # officers act; the cell instructs, citizens remind and give feedback


@dataclass(frozen=True)
class ActionArgs:
    note: str
    reason: str | None = None
    office: str | None = None
    district: str | None = None


def _at(text: str | None) -> datetime | None:
    return clock.parse_iso(text) if text else None


def authorize_action(case: Case, who: Principal, action: str, args: ActionArgs, now: datetime,
                     rules: Rules) -> Step:
    """Role, jurisdiction, assignment, level, state, then the step's own rules; each refusal names why."""
    step = WORKFLOW[action]
    if who.role not in ACTORS:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(case.district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    if case.assignee != who.subject:
        raise Forbidden("GRIEVANCE_NOT_ASSIGNED", level=case.level)
    if case.level not in step.levels:
        raise Forbidden("ACTION_NOT_AT_LEVEL", action=action, level=case.level,
                        levels=", ".join(f"L{n}" for n in sorted(step.levels)))
    if step.only_housing and not case.housing:
        raise Conflict("ACTION_NOT_APPLICABLE", action=action)
    if step.only_source and case.source != step.only_source:
        raise Conflict("ACTION_NOT_APPLICABLE", action=action)
    if case.status not in step.from_states:
        raise Conflict("ACTION_NOT_IN_STATE", action=action, status=case.status)
    _step_rules(case, step, args, now, rules)
    return step


def _step_rules(case: Case, step: Step, args: ActionArgs, now: datetime, rules: Rules) -> None:
    if step.move != "transfer":
        for name in ("office", "district"):
            if getattr(args, name):
                raise invalid_field(name, "only a transfer names an office or district")
    if args.reason and "reason" not in step.needs:
        raise invalid_field("reason", "only a rejection gives a reason")
    if "reason" in step.needs and not args.reason:
        raise invalid_field("reason", "a reason is required to reject")
    if step.action == "reject" and args.reason in MUST_TRANSFER:
        raise invalid_field("reason", "a grievance for another office is transferred, not rejected",
                            "REJECT_NEEDS_TRANSFER")
    if step.action == "transfer":
        if not args.office and not args.district:
            raise invalid_field("district", "give the office or district to transfer to")
        if (args.office or case.office) == case.office and (args.district or case.district) == case.district:
            raise invalid_field("district", "that is where the grievance already is")
        if case.transfers >= rules.max_transfers:
            raise Conflict("TRANSFER_LIMIT", limit=rules.max_transfers)
    if step.action == "force_close":
        notice = _at(case.force_close_notice_at)
        wait = timedelta(days=rules.force_close_notice_days)
        if notice is None or now < notice + wait:
            raise Conflict("FORCE_CLOSE_TOO_EARLY", days=rules.force_close_notice_days)
    if step.disposes and case.target_at and case.interim_reply_at is None and now > clock.parse_iso(case.target_at):
        raise Conflict("INTERIM_REPLY_REQUIRED", days=rules.cpgrams_target_days)


def target(case: Case, step: Step, args: ActionArgs) -> Position | None:
    """Where the grievance lands after the step, if it moves."""
    if step.move == "up":
        return Position(case.office, case.district, case.level + 1)
    if step.move == "down":
        return Position(case.office, case.district, case.level - 1)
    if step.move == "to_l3":
        return Position(case.office, case.district, 3)
    if step.move == "transfer":
        return Position(args.office or case.office, args.district or case.district, 1)
    return None


def transition(case: Case, step: Step, args: ActionArgs, now: datetime, landing: dict | None) -> dict[str, Any]:
    """The fields the step changes. `landing` is `arrive(...)` for a step that moves."""
    changes: dict[str, Any] = dict(landing or {})
    if step.to_status and not landing:
        changes["status"] = step.to_status
    if step.disposes:
        changes.update(disposed_at=clock.iso(now), disposed_level=case.level, closure_note=args.note,
                       closure_reason=args.reason)
    if step.move == "transfer":
        changes["transfers"] = case.transfers + 1
    if step.move == "to_l3":
        changes["special_close_proposed"] = True
    if step.action == "notify_force_close":
        changes["force_close_notice_at"] = clock.iso(now)
    if step.action == "interim_reply":
        changes["interim_reply_at"] = clock.iso(now)
    return changes


def escalation(case: Case) -> Position:
    return Position(case.office, case.district, case.level + 1)


# --- what citizens may do ------------------------------------------------------------------


def may_view(who: Principal, case: Case, is_owner: bool) -> None:
    """The owner; staff of its jurisdiction (officers, admin, call centre); the housing cell of its
    division for housing-society complaints (HQ's cell for all)."""
    if who.role == Role.CITIZEN:
        if not is_owner:
            raise Forbidden("GRIEVANCE_NOT_YOURS")
        return
    if who.role == Role.HOUSING_CELL and not case.housing:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if who.role not in (Role.OFFICER, Role.ADMIN, Role.CALL_CENTRE, Role.HOUSING_CELL):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(case.district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def check_reminder(case: Case, now: datetime, rules: Rules) -> None:
    if case.status not in ACTIVE:
        raise Conflict("REMINDER_NOT_ALLOWED", status=case.status)
    last = _at(case.last_reminder_at)
    interval = timedelta(hours=rules.reminder_interval_hours)
    if last and now < last + interval:
        raise RateLimited(int((last + interval - now).total_seconds()), "REMINDER_TOO_SOON")


def check_feedback(case: Case, now: datetime, rules: Rules) -> None:
    if case.status not in AWAITING_FEEDBACK:
        raise Conflict("FEEDBACK_NOT_ALLOWED", status=case.status)
    disposed = _at(case.disposed_at)
    if disposed and now > disposed + timedelta(days=rules.reopen_window_days):
        raise Conflict("FEEDBACK_WINDOW_PASSED", days=rules.reopen_window_days)


def reopen_position(case: Case) -> Position:
    """Unsatisfied: back to the level that disposed of it."""
    return Position(case.office, case.district, case.disposed_level or case.level)


def likely_duplicate(recent: list[dict], category: str, society: str | None, now: datetime,
                     rules: Rules) -> str | None:
    """The newest of the same mobile's grievances in the same category and society within the window."""
    since = now - timedelta(days=rules.duplicate_window_days)
    for item in recent:
        if (item["category"] == category and item.get("society_reg_no") == society
                and clock.parse_iso(item["created_at"]) >= since):
            return item["urn"]
    return None


def ist_day(moment: datetime) -> str:
    return moment.astimezone(clock.IST).date().isoformat()


def seconds_to_ist_midnight(moment: datetime) -> int:
    local = moment.astimezone(clock.IST)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), clock.IST)
    return max(1, int((midnight - local).total_seconds()))


def show_date(iso_text: str) -> str:
    """Dates in SMS: the Indian way, in Indian time."""
    return clock.parse_iso(iso_text).astimezone(clock.IST).strftime("%d-%m-%Y")


def open311_status(status: str) -> str:
    return "open" if status in ACTIVE else "closed"


# --- counters for reports (kept on every write, never computed by reading grievances) -------

DIMENSIONS = ("district", "level", "category", "office")
FLOWS = ("received", "disposed", "escalated", "feedback", "satisfied", "reopened")


def _values(case: Case) -> dict[str, str]:
    return {"district": case.district, "level": str(case.level), "category": case.category, "office": case.office}


def tally(day: str, before: Case | None, after: Case, flows: dict[str, int] | None = None,
          flow_case: Case | None = None) -> dict[tuple[str, str, str], dict[str, int]]:
    """Counter changes of one write, keyed (kind, dimension, sort key) -> {counter: delta}.

    STAT items count flows per day and value; PEND items count what is pending per value and day
    of filing (so the age of what is pending is known without reading it): the change is what
    `after` contributes minus what `before` did, so moves between levels or offices net out.
    """
    out: dict[tuple[str, str, str], dict[str, int]] = {}

    def add(key: tuple[str, str, str], name: str, amount: int) -> None:
        bucket = out.setdefault(key, {})
        bucket[name] = bucket.get(name, 0) + amount

    for name, amount in (flows or {}).items():
        for dim, value in _values(flow_case or after).items():
            add(("STAT", dim, f"{day}#{value}"), name, amount)
    for case, sign in ((before, -1), (after, 1)):
        if case is not None and case.status in ACTIVE:
            filed = ist_day(clock.parse_iso(case.created_at))
            for dim, value in _values(case).items():
                add(("PEND", dim, f"{filed}#{value}"), "pending", sign)
    for key, amount in cohort.moves(before, after, ACTIVE).items():   # where each day's received are now
        add(key, "received", amount)
    return {key: deltas for key, deltas in
            ((k, {n: v for n, v in d.items() if v}) for k, d in out.items()) if deltas}


def band_labels(bands: tuple[int, ...]) -> list[str]:
    labels, low = [], 0
    for high in bands:
        labels.append(f"{low}-{high}")
        low = high + 1
    return labels + [f"{low}+"]


def band_of(age_days: int, bands: tuple[int, ...]) -> str:
    labels = band_labels(bands)
    for index, high in enumerate(bands):
        if age_days <= high:
            return labels[index]
    return labels[-1]


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def report(stats: list[tuple[str, str, dict]], pending: list[tuple[str, str, int]], today: date,
           bands: tuple[int, ...]) -> list[dict]:
    """Rows per value: flows summed over the days read, pending by age band as of today.

    stats: (day, value, counters); pending: (day filed, value, count).
    """
    rows: dict[str, dict] = {}

    def row(value: str) -> dict:
        if value not in rows:
            rows[value] = {"key": value, **{name: 0 for name in FLOWS},
                           "pending": {"total": 0, "bands": dict.fromkeys(band_labels(bands), 0)}}
        return rows[value]

    for _day, value, counters in stats:
        target_row = row(value)
        for name in FLOWS:
            target_row[name] += int(counters.get(name, 0))
    for filed, value, count in pending:
        if count <= 0:
            continue
        age = (today - date.fromisoformat(filed)).days
        target_row = row(value)
        target_row["pending"]["total"] += count
        target_row["pending"]["bands"][band_of(age, bands)] += count
    for target_row in rows.values():
        target_row["satisfaction_rate"] = _rate(target_row["satisfied"], target_row["feedback"])
        target_row["disposal_rate"] = _rate(target_row["disposed"], target_row["received"])
    return sorted(rows.values(), key=lambda r: r["key"])


def totals(rows: list[dict], bands: tuple[int, ...]) -> dict:
    total = {"key": "total", **{name: sum(r[name] for r in rows) for name in FLOWS},
             "pending": {"total": sum(r["pending"]["total"] for r in rows),
                         "bands": {label: sum(r["pending"]["bands"][label] for r in rows)
                                   for label in band_labels(bands)}}}
    total["satisfaction_rate"] = _rate(total["satisfied"], total["feedback"])
    total["disposal_rate"] = _rate(total["disposed"], total["received"])
    return total


def grade(row: dict, rules: Rules) -> tuple[float, str]:
    """Weighted score (disposal rate, satisfaction, pendency) and its A–D grade.

    A component with nothing to measure (no feedback yet) is left out and the weights re-share.
    Pendency: the share of what is pending that is not older than the last age band.
    """
    pending = row["pending"]["total"]
    long_pending = row["pending"]["bands"][band_labels(rules.age_bands)[-1]]
    parts = {
        "disposal": row["disposal_rate"] if row["received"] else (100.0 if not pending else 0.0),
        "satisfaction": row["satisfaction_rate"],
        "pendency": 100.0 * (1 - long_pending / pending) if pending else 100.0,
    }
    weights = {k: float(v) for k, v in rules.grade_weights.items() if parts.get(k) is not None}
    total = sum(weights.values()) or 1.0
    score = round(sum(parts[k] * w for k, w in weights.items()) / total, 1)
    for letter, floor in sorted(rules.grade_bands.items(), key=lambda kv: -kv[1]):
        if score >= floor:
            return score, letter
    return score, "D"


# --- housing monitoring cell instructions --------------------------------------------------

ISSUED, COMPLIED, INSTRUCTION_CLOSED = "ISSUED", "COMPLIED", "CLOSED"
# action -> (from states, to state, role that may take it)
INSTRUCTION_FLOW: dict[str, tuple[frozenset[str], str, Role]] = {
    "comply": (frozenset({ISSUED}), COMPLIED, Role.OFFICER),
    "close": (frozenset({COMPLIED}), INSTRUCTION_CLOSED, Role.HOUSING_CELL),
}


def may_issue(who: Principal, district: str) -> None:
    if who.role != Role.HOUSING_CELL:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def may_see_instruction(who: Principal, district: str) -> None:
    if who.role not in (Role.HOUSING_CELL, Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def instruction_step(who: Principal, action: str, district: str, status: str) -> str:
    from_states, to_state, role = INSTRUCTION_FLOW[action]
    if who.role != role:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
    if status not in from_states:
        raise Conflict("INSTRUCTION_NOT_IN_STATE", action=action, status=status)
    return to_state
