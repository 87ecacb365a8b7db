"""Grievance rules without AWS: URNs, the workflow table, escalation, counters, reports, grades."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.core import ids
from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, Invalid, RateLimited
from chalicelib.grievances import domain as d

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
RULES = d.Rules()
DR = Principal("dr.bhopal", Role.OFFICER, Jurisdiction(Level.DISTRICT, "bhopal"))


def case(**changes) -> d.Case:
    base = d.Case(urn="1000000009", type="complaint", category="audit", office="coop", district="bhopal",
                  status=d.OPEN, level=1, assignee="dr.bhopal", created_at="2026-11-20T06:00:00Z",
                  due_at="2026-11-27T06:00:00Z")
    return replace(base, **changes)


def args(note="note", **kw) -> d.ActionArgs:
    return d.ActionArgs(note, **kw)


def test_urns_are_ten_digits_with_a_check_digit_and_never_look_like_a_mobile():
    for n in (0, 1, 99_999_999, 12_345_678, 899_999_999):
        urn = d.urn_from(n)
        assert len(urn) == 10 and urn[0] == "2" and ids.is_luhn_valid(urn) and d.is_urn(urn)
        assert urn[0] not in "6789"                                 # Indian mobiles start with 6-9
    urn = d.urn_from(42)
    assert urn == "2000000428" and ids.grouped(urn) == "2 0000 00428"
    typo = urn[:3] + str((int(urn[3]) + 1) % 10) + urn[4:]
    assert not d.is_urn(typo) and not d.is_urn(urn[:-1]) and not d.is_urn("abcdefghij")
    older = "912345678" + ids.luhn_check_digit("912345678")          # issued before the family: still valid
    assert d.is_urn(older) and not d.is_urn("0" + older[1:])
    assert ids.plain_reference("2 0000 00428") == urn and ids.plain_reference("2-0000-00428") == urn


def test_owner_keys_are_stable_and_do_not_hold_the_number():
    key = d.owner_key("secret", "9876543210")
    assert key == d.owner_key("secret", "9876543210") and "9876543210" not in key
    assert key != d.owner_key("secret", "9876543211") and key != d.owner_key("other", "9876543210")


def test_the_workflow_table_is_consistent():
    for step in d.WORKFLOW.values():
        assert step.from_states <= d.ACTIVE and step.levels <= d.ALL_LEVELS and step.levels
        assert step.to_status is None or step.to_status in d.STATUSES
        assert not (step.disposes and step.move)
    assert d.WORKFLOW["special_close"].levels == {3, 4}
    assert d.WORKFLOW["propose_special_close"].levels == {1, 2}
    assert d.WORKFLOW["send_back"].levels == {4}


@pytest.mark.parametrize(("who", "the_case", "action", "error", "code"), [
    (Principal("x", Role.CITIZEN), case(), "accept", Forbidden, "FORBIDDEN_ROLE"),
    (Principal("dr.indore", Role.OFFICER, Jurisdiction(Level.DISTRICT, "indore")), case(), "accept", Forbidden,
     "FORBIDDEN_JURISDICTION"),
    (Principal("jr.bhopal", Role.OFFICER, Jurisdiction(Level.DIVISION, "bhopal")), case(), "accept", Forbidden,
     "GRIEVANCE_NOT_ASSIGNED"),
    (DR, case(), "special_close", Forbidden, "ACTION_NOT_AT_LEVEL"),
    (DR, case(), "send_back", Forbidden, "ACTION_NOT_AT_LEVEL"),
    (DR, case(level=4), "escalate", Forbidden, "ACTION_NOT_AT_LEVEL"),
    (DR, case(status=d.RESOLVED), "note", Conflict, "ACTION_NOT_IN_STATE"),
    (DR, case(status=d.IN_PROGRESS), "accept", Conflict, "ACTION_NOT_IN_STATE"),
    (DR, case(), "inquiry", Conflict, "ACTION_NOT_APPLICABLE"),
    (DR, case(), "interim_reply", Conflict, "ACTION_NOT_APPLICABLE"),
    (DR, case(transfers=3), "transfer", Conflict, "TRANSFER_LIMIT"),
    (DR, case(), "force_close", Conflict, "FORCE_CLOSE_TOO_EARLY"),
])
def test_refusals_name_their_reason(who, the_case, action, error, code):
    extra = {"district": "raisen"} if action == "transfer" else {}
    with pytest.raises(error) as raised:
        d.authorize_action(the_case, who, action, args(**extra), NOW, RULES)
    assert raised.value.code == code


def test_reject_and_transfer_need_their_fields():
    with pytest.raises(Invalid) as raised:
        d.authorize_action(case(), DR, "reject", args(), NOW, RULES)
    assert raised.value.details[0]["field"] == "reason"
    with pytest.raises(Invalid) as raised:
        d.authorize_action(case(), DR, "reject", args(reason="not_our_department"), NOW, RULES)
    assert raised.value.code == "REJECT_NEEDS_TRANSFER"
    with pytest.raises(Invalid):
        d.authorize_action(case(), DR, "transfer", args(), NOW, RULES)
    with pytest.raises(Invalid):
        d.authorize_action(case(), DR, "transfer", args(district="bhopal", office="coop"), NOW, RULES)
    assert d.authorize_action(case(), DR, "transfer", args(office="dccb"), NOW, RULES).move == "transfer"


def test_fields_of_other_actions_are_refused_not_ignored():
    for action, extra, field in (("note", {"district": "raisen"}, "district"),
                                 ("escalate", {"office": "dccb"}, "office"),
                                 ("resolve", {"reason": "duplicate"}, "reason")):
        with pytest.raises(Invalid) as raised:
            d.authorize_action(case(), DR, action, args(**extra), NOW, RULES)
        assert raised.value.details[0]["field"] == field


def test_force_close_after_notice_and_wait():
    told = case(force_close_notice_at="2026-11-20T06:00:00Z")
    assert d.authorize_action(told, DR, "force_close", args(), NOW, RULES).disposes
    with pytest.raises(Conflict):
        d.authorize_action(told, DR, "force_close", args(), NOW - timedelta(seconds=1), RULES)


def test_a_cpgrams_grievance_past_its_target_needs_an_interim_reply_before_disposal():
    late = case(source="cpgrams", target_at="2026-11-22T06:00:00Z")
    with pytest.raises(Conflict) as raised:
        d.authorize_action(late, DR, "resolve", args(), NOW, RULES)
    assert raised.value.code == "INTERIM_REPLY_REQUIRED"
    assert d.authorize_action(late, DR, "interim_reply", args(), NOW, RULES)
    replied = replace(late, interim_reply_at="2026-11-21T06:00:00Z")
    assert d.authorize_action(replied, DR, "resolve", args(), NOW, RULES).to_status == d.RESOLVED


def test_transitions_and_landing():
    landing = d.arrive(d.Position("coop", "bhopal", 2), "jr.bhopal", (7, 5, 7, 7), NOW)
    assert landing["due_at"] == "2026-11-28T06:00:00Z" and landing["status"] == d.OPEN
    step = d.WORKFLOW["escalate"]
    assert d.target(case(), step, args()) == d.Position("coop", "bhopal", 2)
    changes = d.transition(case(), step, args(), NOW, landing)
    assert changes["level"] == 2 and changes["assignee"] == "jr.bhopal"
    resolved = d.transition(case(level=2), d.WORKFLOW["resolve"], args("done"), NOW, None)
    assert resolved["status"] == d.RESOLVED and resolved["disposed_level"] == 2 and resolved["closure_note"] == "done"
    moved = d.transition(case(transfers=1), d.WORKFLOW["transfer"], args(district="raisen"), NOW,
                         d.arrive(d.Position("coop", "raisen", 1), "dr.raisen", RULES.level_days, NOW))
    assert moved["transfers"] == 2 and moved["district"] == "raisen"
    assert d.reopen_position(case(status=d.RESOLVED, disposed_level=3)) == d.Position("coop", "bhopal", 3)


def test_escalation_timing_and_the_manual_switch():
    assert not d.escalation_due(case(), NOW, RULES)
    assert d.escalation_due(case(due_at="2026-11-23T06:00:00Z"), NOW, RULES)
    assert not d.escalation_due(case(due_at="2026-11-01T06:00:00Z", level=4), NOW, RULES)
    assert not d.escalation_due(case(due_at="2026-11-01T06:00:00Z", status=d.RESOLVED), NOW, RULES)
    manual = replace(RULES, l3_to_l4_manual=True)
    assert d.auto_escalates(2, d.OPEN, manual) and not d.auto_escalates(3, d.OPEN, manual)
    assert d.auto_escalates(3, d.OPEN, RULES)


def test_reminders_and_feedback_windows():
    with pytest.raises(RateLimited) as raised:
        d.check_reminder(case(last_reminder_at="2026-11-23T00:00:00Z"), NOW, RULES)
    assert raised.value.headers["Retry-After"] == str(18 * 3600)
    d.check_reminder(case(last_reminder_at="2026-11-22T06:00:00Z"), NOW, RULES)
    with pytest.raises(Conflict):
        d.check_feedback(case(), NOW, RULES)
    d.check_feedback(case(status=d.REJECTED, disposed_at="2026-10-25T06:00:00Z"), NOW, RULES)
    with pytest.raises(Conflict) as late:
        d.check_feedback(case(status=d.RESOLVED, disposed_at="2026-10-23T05:59:59Z"), NOW, RULES)
    assert late.value.code == "FEEDBACK_WINDOW_PASSED"


def test_likely_duplicates_match_category_society_and_window():
    recent = [{"urn": "1", "category": "audit", "society_reg_no": "BPL-2020-00001",
               "created_at": "2026-11-20T00:00:00Z"},
              {"urn": "2", "category": "audit", "society_reg_no": None, "created_at": "2026-11-10T00:00:00Z"}]
    assert d.likely_duplicate(recent, "audit", "BPL-2020-00001", NOW, RULES) == "1"
    assert d.likely_duplicate(recent, "audit", None, NOW, RULES) is None      # older than 7 days
    assert d.likely_duplicate(recent, "election", "BPL-2020-00001", NOW, RULES) is None


def test_ist_days_and_midnight():
    assert d.ist_day(datetime(2026, 11, 23, 18, 29, tzinfo=UTC)) == "2026-11-23"
    assert d.ist_day(datetime(2026, 11, 23, 18, 30, tzinfo=UTC)) == "2026-11-24"
    assert d.seconds_to_ist_midnight(datetime(2026, 11, 23, 18, 0, tzinfo=UTC)) == 1800
    assert d.show_date("2026-11-30T20:00:00Z") == "01-12-2026"


def test_counters_net_out_moves_and_count_flows():
    filed = case()
    counters = d.tally("2026-11-23", None, filed, {"received": 1})
    assert counters[("STAT", "district", "2026-11-23#bhopal")] == {"received": 1}
    assert counters[("PEND", "level", "2026-11-20#1")] == {"pending": 1}
    up = replace(filed, level=2)
    moved = d.tally("2026-11-27", filed, up, {"escalated": 1}, flow_case=filed)
    assert moved[("STAT", "level", "2026-11-27#1")] == {"escalated": 1}
    assert moved[("PEND", "level", "2026-11-20#1")] == {"pending": -1}
    assert moved[("PEND", "level", "2026-11-20#2")] == {"pending": 1}
    assert ("PEND", "district", "2026-11-20#bhopal") not in moved       # unchanged: nets to nothing
    done = d.tally("2026-11-28", up, replace(up, status=d.RESOLVED), {"disposed": 1})
    assert done[("PEND", "office", "2026-11-20#coop")] == {"pending": -1}
    assert done[("STAT", "office", "2026-11-28#coop")] == {"disposed": 1}


def test_reports_sum_flows_and_band_pending_by_age():
    stats = [("2026-11-01", "bhopal", {"received": 4, "disposed": 2, "feedback": 2, "satisfied": 1}),
             ("2026-11-02", "bhopal", {"received": 1, "escalated": 1}),
             ("2026-11-02", "indore", {"received": 2})]
    pending = [("2026-11-20", "bhopal", 2), ("2026-10-01", "bhopal", 1), ("2026-11-02", "indore", 0)]
    rows = d.report(stats, pending, date(2026, 11, 23), (7, 15, 30))
    bhopal, indore = rows
    assert (bhopal["received"], bhopal["disposed"], bhopal["escalated"]) == (5, 2, 1)
    assert bhopal["satisfaction_rate"] == 50.0 and bhopal["disposal_rate"] == 40.0
    assert bhopal["pending"] == {"total": 3, "bands": {"0-7": 2, "8-15": 0, "16-30": 0, "31+": 1}}
    assert indore["pending"]["total"] == 0 and indore["satisfaction_rate"] is None


def test_grades_from_weights_and_bands():
    row = {"received": 10, "disposed": 9, "disposal_rate": 90.0, "satisfaction_rate": 80.0, "feedback": 5,
           "pending": {"total": 1, "bands": {"0-7": 1, "8-15": 0, "16-30": 0, "31+": 0}}}
    assert d.grade(row, RULES) == (88.0, "A")
    poor = {**row, "disposal_rate": 10.0, "satisfaction_rate": 20.0,
            "pending": {"total": 4, "bands": {"0-7": 0, "8-15": 0, "16-30": 0, "31+": 4}}}
    assert d.grade(poor, RULES) == (12.0, "D")
    no_feedback = {**row, "satisfaction_rate": None}
    assert d.grade(no_feedback, RULES)[0] == pytest.approx((90 * 40 + 100 * 20) / 60, abs=0.1)


def test_rules_from_master_data_ignore_unknown_keys():
    rules = d.Rules.from_data({"level_days": [1, 2, 3, 4], "something_new": True})
    assert rules.level_days == (1, 2, 3, 4) and rules.reopen_window_days == 30
    assert d.level_days({"level_days": [2, 2, 2, 2]}, rules) == (2, 2, 2, 2)
    assert d.level_days({}, rules) == (1, 2, 3, 4)


def test_instruction_steps():
    cell = Principal("cell.bhopal", Role.HOUSING_CELL, Jurisdiction(Level.DIVISION, "bhopal"))
    assert d.instruction_step(DR, "comply", "bhopal", d.ISSUED) == d.COMPLIED
    assert d.instruction_step(cell, "close", "raisen", d.COMPLIED) == d.INSTRUCTION_CLOSED
    with pytest.raises(Forbidden):
        d.instruction_step(cell, "comply", "bhopal", d.ISSUED)
    with pytest.raises(Conflict):
        d.instruction_step(cell, "close", "bhopal", d.ISSUED)
    with pytest.raises(Forbidden):
        d.may_issue(cell, "indore")
