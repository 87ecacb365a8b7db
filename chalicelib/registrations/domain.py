"""Registration rules, pure Python: stages and who may move them, promoters, the statutory clock.

The stages are the states of infra/statemachines/registrations.approval.asl.json: each stage
that waits for a person is a waitForTaskToken task there (STATE_OF_STAGE), and each action
answers that task with `answer` (the machine's Choice states branch on it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from chalicelib.core.auth import Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, Invalid, invalid_field

DRAFT = "DRAFT"
SUBMITTED = "SUBMITTED"
UNDER_SCRUTINY = "UNDER_SCRUTINY"
DEFICIENCY_RAISED = "DEFICIENCY_RAISED"
REPORT_SUBMITTED = "REPORT_SUBMITTED"
REGISTERED = "REGISTERED"
REJECTED = "REJECTED"                  # appealable until the appeal window closes
APPEALED = "APPEALED"
REJECTION_FINAL = "REJECTION_FINAL"    # appeal dismissed, or not filed in time

STAGES = (DRAFT, SUBMITTED, UNDER_SCRUTINY, DEFICIENCY_RAISED, REPORT_SUBMITTED, REGISTERED, REJECTED,
          APPEALED, REJECTION_FINAL)
EDITABLE_STAGES = (DRAFT, DEFICIENCY_RAISED)
# Until the registrar decides, the statutory limit runs (paused during a deficiency if so set).
DECISION_PENDING = (SUBMITTED, UNDER_SCRUTINY, DEFICIENCY_RAISED, REPORT_SUBMITTED)
FINAL = (REGISTERED, REJECTION_FINAL)

# Our stage -> the state of the approval machine that stands for it.
STATE_OF_STAGE = {
    SUBMITTED: "AwaitInspector", UNDER_SCRUTINY: "Scrutiny", DEFICIENCY_RAISED: "Deficiency",
    REPORT_SUBMITTED: "AwaitDecision", REJECTED: "AwaitAppeal", APPEALED: "AppealHearing",
    REGISTERED: "Registered", REJECTION_FINAL: "Rejected",
}
MACHINE = "registrations-approval"
APPEAL_LAPSED = "Registration.AppealLapsed"   # the error the machine catches when no appeal came

APPLICANT = "applicant"
DISTRICT_OFFICER = "district_officer"
SCRUTINEER = "scrutineer"           # the assigned inspector, or an officer of the district
APPELLATE = "joint_registrar"       # the divisional JR (or HQ)


@dataclass(frozen=True)
class Rule:
    stage: str
    actor: str
    to: str
    answer: str
    needs: tuple[str, ...] = ()


RULES: dict[str, Rule] = {
    "assign_inspector": Rule(SUBMITTED, DISTRICT_OFFICER, UNDER_SCRUTINY, "assigned", ("inspector",)),
    "raise_deficiency": Rule(UNDER_SCRUTINY, SCRUTINEER, DEFICIENCY_RAISED, "deficiency", ("note",)),
    "submit_report": Rule(UNDER_SCRUTINY, SCRUTINEER, REPORT_SUBMITTED, "report", ("note", "recommendation")),
    "rectify": Rule(DEFICIENCY_RAISED, APPLICANT, UNDER_SCRUTINY, "rectified"),
    "register": Rule(REPORT_SUBMITTED, DISTRICT_OFFICER, REGISTERED, "register"),
    "reject": Rule(REPORT_SUBMITTED, DISTRICT_OFFICER, REJECTED, "reject", ("reasons",)),
    "appeal": Rule(REJECTED, APPLICANT, APPEALED, "appeal", ("note",)),
    "allow_appeal": Rule(APPEALED, APPELLATE, REGISTERED, "allow", ("note",)),
    "dismiss_appeal": Rule(APPEALED, APPELLATE, REJECTION_FINAL, "dismiss", ("note",)),
}


@dataclass(frozen=True)
class Case:
    applicant: str
    district: str
    division: str
    stage: str
    inspector: str | None = None


# --- who may see and act -------------------------------------------------------------------

def is_applicant(who: Principal, case: Case) -> bool:
    return who.role == Role.CITIZEN and who.subject == case.applicant


def authorize_view(who: Principal, case: Case) -> None:
    if who.role == Role.CITIZEN:
        if not is_applicant(who, case):
            raise Forbidden("REGISTRATION_NOT_YOURS")
        return
    if who.role not in (Role.OFFICER, Role.ADMIN):
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not who.jurisdiction.covers_district(case.district):
        raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())


def authorize_owner(who: Principal, case: Case) -> None:
    if who.role != Role.CITIZEN:
        raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
    if not is_applicant(who, case):
        raise Forbidden("REGISTRATION_NOT_YOURS")


def authorize_edit(who: Principal, case: Case) -> None:
    """Only the applicant edits, and only a draft or while rectifying a deficiency."""
    authorize_owner(who, case)
    if case.stage not in EDITABLE_STAGES:
        raise Conflict("REGISTRATION_NOT_EDITABLE", stage=case.stage)


def rule_for(action: str) -> Rule:
    return RULES[action]


def authorize_action(who: Principal, action: str, case: Case) -> Rule:
    """Who first (403), then the stage (409 with the stage it is in)."""
    rule = RULES[action]
    if rule.actor == APPLICANT:
        if who.role != Role.CITIZEN:
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        if not is_applicant(who, case):
            raise Forbidden("REGISTRATION_NOT_YOURS")
    else:
        if who.role != Role.OFFICER:
            raise Forbidden("FORBIDDEN_ROLE", role=who.role.value)
        inspector = rule.actor == SCRUTINEER and case.inspector == who.subject
        if not inspector and not who.jurisdiction.covers_district(case.district):
            raise Forbidden("FORBIDDEN_JURISDICTION", jurisdiction=who.jurisdiction.label())
        if rule.actor == APPELLATE and who.jurisdiction.level == Level.DISTRICT:
            raise Forbidden("REGISTRATION_APPELLATE_ONLY")
    if case.stage != rule.stage:
        raise Conflict("REGISTRATION_WRONG_STAGE", action=action, stage=case.stage, expected=rule.stage)
    return rule


def check_needs(rule: Rule, given: dict) -> None:
    missing = [name for name in rule.needs if not given.get(name)]
    if missing:
        raise Invalid(details=[{"field": name, "message": "required for this action"} for name in missing],
                      fields=", ".join(missing))


# --- the application -----------------------------------------------------------------------

REQUIRED_TO_SUBMIT = ("name_hi", "name_en", "society_type", "address", "bye_laws", "share_capital",
                      "admission_fee")


def check_submittable(draft: dict, min_promoters: int) -> None:
    """Everything the law asks for before the registrar may look at it; 422s name the field."""
    missing = [name for name in REQUIRED_TO_SUBMIT if draft.get(name) in (None, "", [], {})]
    if missing:
        raise Invalid("REGISTRATION_INCOMPLETE",
                      details=[{"field": name, "message": "required to submit"} for name in missing],
                      fields=", ".join(missing))
    check_promoters(draft.get("promoters") or [], min_promoters)
    total = sum((Decimal(str(p["share_amount"])) for p in draft["promoters"]), Decimal("0"))
    if Decimal(str(draft["share_capital"])) != total:
        raise invalid_field("share_capital", f"must equal the promoters' shares ({total:.2f})",
                            "REGISTRATION_CAPITAL_MISMATCH", total=f"{total:.2f}")


def check_promoters(promoters: list[dict], minimum: int) -> None:
    if len(promoters) < minimum:
        raise invalid_field("promoters", f"at least {minimum} promoters from different families",
                            "REGISTRATION_TOO_FEW_PROMOTERS", minimum=minimum, given=len(promoters))
    seen: dict[str, int] = {}
    for index, promoter in enumerate(promoters):
        family = promoter["family_id"]
        if family in seen:
            raise invalid_field(f"promoters[{index}].family_id",
                                f"same family as promoter {seen[family] + 1}: one promoter per family",
                                "REGISTRATION_SAME_FAMILY", first=seen[family] + 1, second=index + 1)
        seen[family] = index


DOCUMENT_KINDS = ("bye_laws", "promoter_photo", "promoter_signature", "share_receipt", "fee_receipt",
                  "resolution", "other")
PER_PROMOTER = ("promoter_photo", "promoter_signature")


def check_attachment(kind: str, promoter: int | None, promoters: list[dict]) -> None:
    if kind in PER_PROMOTER and promoter is None:
        raise invalid_field("promoter", "whose photo or signature it is (index in promoters)")
    if promoter is not None and promoter >= len(promoters):
        raise invalid_field("promoter", f"no promoter {promoter}: the application has {len(promoters)}")


def check_documents(attachments: list[dict], required: list[str]) -> None:
    have = {a["kind"] for a in attachments}
    missing = [kind for kind in required if kind not in have]
    if missing:
        raise invalid_field("documents", f"upload these first: {', '.join(missing)}",
                            "REGISTRATION_DOCUMENTS_MISSING", kinds=", ".join(missing))


# --- the statutory clock and the deadline of each stage ----------------------------------------

def statutory_due(submitted_at: datetime, days: int, paused_seconds: int) -> datetime:
    return submitted_at + timedelta(days=days, seconds=paused_seconds)


def sla_status(due: datetime | None, now: datetime, near_days: int) -> str | None:
    if due is None:
        return None
    if now >= due:
        return "BREACHED"
    if now >= due - timedelta(days=near_days):
        return "NEAR_BREACH"
    return "ON_TRACK"


def holder(stage: str, case: Case) -> dict | None:
    """Who holds the application now (whose move it is)."""
    if stage in (SUBMITTED, REPORT_SUBMITTED):
        return {"role": DISTRICT_OFFICER, "district": case.district, "user": None}
    if stage == UNDER_SCRUTINY:
        return {"role": "inspector", "district": case.district, "user": case.inspector}
    if stage in (DRAFT, DEFICIENCY_RAISED, REJECTED):
        return {"role": APPLICANT, "district": case.district, "user": None}
    if stage == APPEALED:
        return {"role": APPELLATE, "division": case.division, "district": case.district, "user": None}
    return None
