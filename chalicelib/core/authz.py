"""Who may decide what: one rule per deciding route, as data.

Every route that decides, approves, rejects, closes, sanctions, allots, empanels, disposes or
publishes has exactly one rule here: the roles its gate lets through (equal to the route's `auth`,
checked by tests/unit/test_authz.py against the route registry), who among them may act and on
which objects, what happens while the configuration it needs is missing (it denies, never
"anyone"), the domain function that enforces it and the tests that cover its refusals.
docs/authorization.md is generated from this table (`python -m tools.authz_doc`) and checked
against it by the same test. Routes whose wording sounds like a decision but that decide nothing
are listed in NOT_DECIDING with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    method: str
    path: str
    roles: tuple[str, ...]        # the route's role gate
    decides: str                  # what the route decides
    who: str                      # who among those roles may, and on which objects
    missing: str                  # what a missing configuration does (denies, naming what is missing)
    enforced_by: str              # module:function of the domain rule
    refusals: tuple[str, ...]     # tests (path::name) that cover the rule's refusals


NOTHING_TO_CONFIGURE = "nothing to configure: the rule needs only the object and the caller's jurisdiction"

RULES: tuple[Rule, ...] = (
    Rule("lokseva.decide", "POST", "/lokseva/applications/{ack}/decision", ("officer",),
         "approve (certificate issued) or reject a guaranteed-service application, at the designated "
         "officer's stage or on first or second appeal",
         "an officer whose jurisdiction is the stage's desk (the district, division or state the service's "
         "office sits at) AND who holds the seat of that office at that desk (PUT /lokseva/seats/{office}: only "
         "active officers of that desk); never on an appeal against their own decision",
         "no seat named for the office at the desk: 409 SEAT_NOT_CONFIGURED naming the office and desk; "
         "nobody decides until an admin names the holders",
         "chalicelib.lokseva.domain:may_decide",
         ("tests/integration/test_lokseva_applications.py::test_only_the_desk_of_the_stage_decides",
          "tests/integration/test_lokseva_applications.py::test_another_department_s_officer_of_the_district_never_decides",
          "tests/integration/test_lokseva_applications.py::test_no_seat_named_means_nobody_decides_yet",
          "tests/integration/test_lokseva_appeals.py::"
          "test_seats_tell_officers_of_one_district_apart_and_nobody_hears_an_appeal_on_their_own_decision")),
    Rule("servicebook.leave_decision", "POST", "/servicebook/employees/{employee_id}/leave/{leave_id}/decision",
         ("officer", "employee"),
         "sanction (balance debited) or refuse an employee's leave",
         "only the employee's controlling officer, never on their own leave; the controlling officer can "
         "only be an active officer of the employee's own office or an office above it (its division, HQ), "
         "checked whenever one is named (opening the book, posting, transfer, promotion)",
         "every book names its controlling officer (required field); a transfer that leaves the present "
         "one outside the new office is refused (422 CONTROLLING_OFFICER_OUTSIDE_OFFICE) until one is named",
         "chalicelib.servicebook.domain:may_decide",
         ("tests/integration/test_servicebook_leave.py::test_who_may_apply_and_who_may_decide",
          "tests/integration/test_servicebook_records.py::"
          "test_only_an_active_officer_of_the_office_or_above_may_be_the_controlling_officer",
          "tests/unit/test_servicebook_domain.py::"
          "test_the_controlling_officer_is_an_active_officer_of_the_office_or_above")),
    Rule("grievances.action", "POST", "/grievances/{urn}/actions", ("officer",),
         "accept, resolve, reject, transfer, special or force close, send back a grievance",
         "only the officer the grievance is assigned to (the seat of its office at its current level), "
         "whose jurisdiction covers its district, with an action allowed at that level",
         "no grievance seat configured for the office and level: the grievance has no assignee and every "
         "officer is refused (403 GRIEVANCE_NOT_ASSIGNED)",
         "chalicelib.grievances.domain:authorize_action",
         ("tests/integration/test_grievances_actions.py::"
          "test_every_action_is_checked_against_role_jurisdiction_assignment_and_input",
          "tests/integration/test_grievances_actions.py::test_reject_needs_a_reason_and_is_not_for_other_offices",
          "tests/unit/test_grievance_domain.py::test_refusals_name_their_reason")),
    Rule("grievances.feedback", "POST", "/grievances/{urn}/feedback", ("citizen", "call_centre"),
         "close a disposed grievance (satisfied) or reopen it (not satisfied)",
         "only the citizen who filed it, or a call-centre agent for a grievance taken by phone, after "
         "disposal and within the feedback window",
         NOTHING_TO_CONFIGURE,
         "chalicelib.grievances.domain:check_feedback",
         ("tests/integration/test_grievances_actions.py::test_feedback_before_disposal_and_by_others_is_refused",)),
    Rule("grievances.instruction_close", "POST", "/instructions/{instruction_id}/close", ("housing_cell",),
         "close a complied housing-cell instruction",
         "a housing monitoring cell whose jurisdiction covers the instruction's district (its division; "
         "the HQ cell anywhere), once the district office has complied",
         NOTHING_TO_CONFIGURE,
         "chalicelib.grievances.domain:instruction_step",
         ("tests/integration/test_authz_refusals.py::test_only_the_division_s_cell_closes_an_instruction",)),
    Rule("registrations.action", "POST", "/registrations/{reg_id}/actions", ("citizen", "officer"),
         "a step of a society's registration: assign inspector, raise deficiency, report, register, reject, "
         "decide the appeal (the applicant's steps: rectify, appeal)",
         "the applicant for their own steps; for the department's steps an officer whose jurisdiction covers "
         "the application's district (the assigned inspector from any office for scrutiny); the appeal only "
         "by a division or HQ officer; each step only in its stage",
         NOTHING_TO_CONFIGURE,
         "chalicelib.registrations.domain:authorize_action",
         ("tests/integration/test_registrations_refusals.py::test_officers_of_another_district_cannot_see_or_act",
          "tests/integration/test_registrations_refusals.py::test_wrong_stage_and_wrong_actor_are_refused_with_the_reason")),
    Rule("filings.decide", "POST", "/filings/societies/{reg_no}/returns/{financial_year}/{return_type}/decision",
         ("officer",),
         "accept a society's return or return it with remarks",
         "an officer whose jurisdiction covers the society's district (the district's DR, the division's JR, HQ)",
         NOTHING_TO_CONFIGURE,
         "chalicelib.filings.domain:authorize_officer",
         ("tests/integration/test_filings_returns.py::"
          "test_officer_of_another_district_cannot_decide_and_stale_versions_get_409",
          "tests/unit/test_filings_domain.py::test_who_may_file_decide_and_read")),
    Rule("audits.allot", "POST", "/audits/{year}/allotments", ("officer",),
         "allot one society's audit to an empanelled firm or a departmental auditor",
         "an officer at HQ (anywhere) or a division's JR (that division's districts); never a district officer",
         "a firm not empanelled for the cycle is refused; nothing else to configure",
         "chalicelib.audits.domain:authorize_allot",
         ("tests/integration/test_audits_allocation.py::"
          "test_a_jr_allots_only_in_their_division_and_a_district_officer_not_at_all",
          "tests/unit/test_audits_domain.py::test_hq_allots_anywhere_a_jr_only_in_their_division_a_district_officer_never")),
    Rule("audits.allocate", "POST", "/audits/{year}/allocations", ("officer",),
         "allot every society of a district at once",
         "as audits.allot: HQ anywhere, a division's JR in its districts",
         "as audits.allot",
         "chalicelib.audits.domain:authorize_allot",
         ("tests/unit/test_audits_domain.py::test_hq_allots_anywhere_a_jr_only_in_their_division_a_district_officer_never",)),
    Rule("audits.reallot", "POST", "/audits/{year}/allotments/{reg_no}/reallot", ("officer",),
         "give an audit not yet reported to another auditor",
         "as audits.allot: HQ anywhere, a division's JR in its districts",
         "as audits.allot",
         "chalicelib.audits.domain:authorize_allot",
         ("tests/integration/test_authz_refusals.py::test_a_district_officer_never_reallots",)),
    Rule("audits.report", "POST", "/audits/{year}/allotments/{reg_no}/report", ("ca_firm", "officer"),
         "submit the audit report; the class A-D follows from the marks",
         "only the auditor the audit is allotted to (the firm's login or the departmental auditor)",
         NOTHING_TO_CONFIGURE,
         "chalicelib.audits.service:submit_report",
         ("tests/integration/test_audits_reports.py::test_only_the_allotted_auditor_reports_with_the_version_read",)),
    Rule("audits.empanelment_action", "POST", "/ca/applications/{year}/{frn}/actions", ("officer", "ca_firm"),
         "raise a shortfall, empanel provisionally, empanel, reject or debar a CA firm (the firm: resubmit)",
         "HQ's decisions only by an officer at state level; the firm only resubmits its own application; each "
         "move only from its states",
         NOTHING_TO_CONFIGURE,
         "chalicelib.audits.panel:authorize_scrutiny",
         ("tests/integration/test_audits_empanelment.py::test_who_may_take_which_step",
          "tests/unit/test_audits_panel.py::test_each_move_from_its_sources_only_and_by_its_actor_only")),
    Rule("audits.empanel_by_order", "POST", "/ca/firms/{frn}/empanelment", ("admin",),
         "record a firm as empanelled for a cycle by a government order",
         "the state administrator only (role gate)",
         NOTHING_TO_CONFIGURE,
         "chalicelib.core.auth:require_role",
         ("tests/integration/test_authz_refusals.py::test_only_the_admin_records_an_empanelment_by_order",)),
    Rule("courts.action", "POST", "/courts/{court}/cases/{case_id}/actions", ("court",),
         "register, list, adjourn, reschedule, reserve or decide a case",
         "only the court's own reader (role court bound to exactly that court's node)",
         "a court's presiding officer and node are master data; a reader bound elsewhere is refused",
         "chalicelib.courts.domain:may_run",
         ("tests/integration/test_courts.py::test_refusals_roles_other_courts_and_bad_input",
          "tests/unit/test_courts_domain.py::test_only_the_courts_own_reader_runs_it")),
    Rule("courts.publish_order", "POST", "/courts/{court}/cases/{case_id}/orders/{order_id}/publish", ("court",),
         "publish an order or judgment on a case",
         "only the court's own reader",
         NOTHING_TO_CONFIGURE,
         "chalicelib.courts.domain:may_run",
         ("tests/integration/test_courts_orders.py::test_order_refusals",)),
    Rule("files.action", "POST", "/files/{file_no}/actions", ("officer",),
         "move, return, dispose or archive an HQ file",
         "an HQ officer (state level) who holds the file; a move only to an active HQ officer",
         NOTHING_TO_CONFIGURE,
         "chalicelib.files.domain:step",
         ("tests/integration/test_files.py::test_only_the_holder_acts_and_only_on_what_the_state_allows",
          "tests/integration/test_files.py::test_refusals_other_roles_and_jurisdictions",
          "tests/unit/test_files_domain.py::test_refused_actions")),
)

# Routes whose words sound like a decision but that decide nothing (checked by the same test).
NOT_DECIDING: dict[tuple[str, str], str] = {
    ("POST", "/registrations"): "a citizen starts an application (nothing is decided)",
    ("POST", "/registrations/{reg_id}/submit"): "the applicant submits; the decision is registrations.action",
    ("POST", "/instructions/{instruction_id}/compliance"): "the district office reports compliance; "
                                                          "the cell decides (grievances.instruction_close)",
    ("POST", "/lokseva/applications/{ack}/appeal"): "the applicant appeals; the appeal is decided by "
                                                    "lokseva.decide",
    ("POST", "/admin/users/{username}/deactivate"): "account administration by the admin (role gate)",
    ("POST", "/admin/users/{username}/activate"): "account administration by the admin (role gate)",
    ("POST", "/audits/{year}/allotments/{reg_no}/compliance"): "the society files its compliance",
    ("POST", "/ca/applications"): "a firm applies; HQ decides (audits.empanelment_action)",
    ("POST", "/admin/users"): "the admin creates a staff account (role gate); the person activates it by OTP",
    ("POST", "/auth/password/reset"): "anyone asks for their own password-reset OTP (also how an account is "
                                      "activated)",
    ("POST", "/courts/{court}/cases"): "the reader enters a filed case (an appeal names the case it appeals)",
    ("PUT", "/admin/courts/settings"): "admin settings (hearing horizon, reminder lead, appeal period)",
}

# What makes a route look like a decision (path or summary).
DECIDING_WORDS = re.compile(
    r"decid|decision|approv|reject|close|sanction|allot|allocat|empanel|accept|dispose|publish|"
    r"debar|register\b|/actions|/compliance|appeal|activate", re.IGNORECASE)


def by_route() -> dict[tuple[str, str], Rule]:
    return {(r.method, r.path): r for r in RULES}


def rule(rule_id: str) -> Rule:
    return next(r for r in RULES if r.id == rule_id)


def render_markdown() -> str:
    lines = [
        "# Who may decide what",
        "",
        "Generated from `chalicelib/core/authz.py` by `python -m tools.authz_doc`; "
        "`tests/unit/test_authz.py` fails if this page, the table or the route table drift apart.",
        "",
        "Every route that decides, approves, rejects, closes, sanctions, allots, empanels, disposes or "
        "publishes has one rule. A configuration that is missing denies (never \"anyone\"), with a 403 or 409 "
        "naming what is missing.",
        "",
        "| rule | route | roles at the gate | decides | who may, on which objects | when configuration is "
        "missing | enforced by |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in RULES:
        cells = [f"`{r.id}`", f"`{r.method} {r.path}`", ", ".join(r.roles), r.decides, r.who, r.missing,
                 f"`{r.enforced_by}`"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Routes that sound like decisions but are not", "", "| route | why |", "|---|---|"]
    for (method, path), why in NOT_DECIDING.items():
        lines.append(f"| `{method} {path}` | {why} |")
    lines += ["", "## Tests covering each rule's refusals", ""]
    for r in RULES:
        lines.append(f"- `{r.id}`: " + "; ".join(f"`{t}`" for t in r.refusals))
    return "\n".join(lines) + "\n"


__all__ = ["NOT_DECIDING", "RULES", "Rule", "by_route", "render_markdown", "rule"]
