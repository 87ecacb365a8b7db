"""Officers' actions through the whole life of a grievance: every closure kind, reopening, and
every refusal (role, jurisdiction, assignment, level, state, the 4th transfer)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.grievance_helpers import (
    CITIZEN,
    OFFICERS,
    act,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
    staff_token,
)


@pytest.fixture
def world(client, sms, frozen_clock):
    seed_master_data()
    token = citizen(client, sms)
    urn = file(client, token).json["urn"]
    return {"citizen": token, "urn": urn, "dr": officer_token(client, sms, "dr.bhopal")}


def officers(client, sms, *names):
    return [officer_token(client, sms, name) for name in names]


def mobile(username):
    return OFFICERS[username][2]


def actions_of(client, token, urn):
    return [e["action"] for e in client.get(f"/grievances/{urn}", token=token).json["history"]["items"]]


def test_resolved_and_satisfied_is_closed(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    r = act(client, dr, urn, "accept", "looking into it")
    assert r.status == 200 and r.json["status"] == "IN_PROGRESS", r
    assert act(client, dr, urn, "note", "called the society secretary").json["status"] == "IN_PROGRESS"
    r = act(client, dr, urn, "resolve", "AGM fixed for 5 December")
    assert r.status == 200 and r.json["status"] == "RESOLVED" and r.json["disposed_level"] == 1
    assert r.json["closure_note"] == "AGM fixed for 5 December"
    assert "निराकरण" in sms.to(CITIZEN)[-1] and urn in sms.to(CITIZEN)[-1]
    fb = client.post(f"/grievances/{urn}/feedback", {"satisfied": True, "rating": 5, "comment": "thanks"},
                     token=world["citizen"])
    assert fb.status == 200 and fb.json["status"] == "CLOSED" and fb.json["feedback"]["rating"] == 5
    again = client.post(f"/grievances/{urn}/feedback", {"satisfied": False, "rating": 1}, token=world["citizen"])
    assert again.status == 409 and again.error_code == "FEEDBACK_NOT_ALLOWED"
    history = client.get(f"/grievances/{urn}", token=world["citizen"]).json["history"]
    assert [e["action"] for e in history["items"]] == ["filed", "accept", "note", "resolve", "feedback"]
    assert history["chain_valid"] and history["items"][1]["actor"] == "dr.bhopal"
    # people's words are kept as notes; what the system did is said by the action and its data
    assert all(e["note"] for e in history["items"][1:]) and history["items"][3]["to_state"] == "RESOLVED"
    assert history["items"][0]["note"] == "" and history["items"][0]["data"]["source"] == "web"
    assert history["items"][4]["data"] == {"satisfied": True, "rating": 5}


def test_unsatisfied_reopens_at_the_level_that_closed_it_within_the_window(client, sms, world, frozen_clock):
    urn, dr = world["urn"], world["dr"]
    (jr,) = officers(client, sms, "jr.bhopal")
    assert act(client, dr, urn, "escalate", "needs the JR").json["level"] == 2
    assert act(client, jr, urn, "resolve", "inquiry done").json["status"] == "RESOLVED"
    advance(frozen_clock, days=3)
    token = citizen(client, sms)
    r = client.post(f"/grievances/{urn}/feedback", {"satisfied": False, "rating": 2, "comment": "nothing changed"},
                    token=token)
    assert r.status == 200, r
    assert (r.json["status"], r.json["level"], r.json["assignee"], r.json["reopen_count"]) == (
        "REOPENED", 2, "jr.bhopal", 1)
    assert r.json["due_at"] == "2026-12-03T06:00:00Z"     # a fresh L2 limit from the reopening
    assert "पुनः खोली" in sms.to(CITIZEN)[-1] and urn in sms.to(mobile("jr.bhopal"))[-1]
    jr = officer_token(client, sms, "jr.bhopal")
    assert act(client, jr, urn, "accept", "again").json["status"] == "IN_PROGRESS"
    assert act(client, jr, urn, "resolve", "done now").json["status"] == "RESOLVED"
    advance(frozen_clock, days=31)
    token = citizen(client, sms)
    late = client.post(f"/grievances/{urn}/feedback", {"satisfied": False, "rating": 1}, token=token)
    assert late.status == 409 and late.error_code == "FEEDBACK_WINDOW_PASSED"


def test_feedback_before_disposal_and_by_others_is_refused(client, sms, world):
    urn = world["urn"]
    r = client.post(f"/grievances/{urn}/feedback", {"satisfied": True, "rating": 4}, token=world["citizen"])
    assert r.status == 409 and r.error_code == "FEEDBACK_NOT_ALLOWED"
    other = citizen(client, sms, "9876500000")
    r = client.post(f"/grievances/{urn}/feedback", {"satisfied": True, "rating": 4}, token=other)
    assert r.status == 403 and r.error_code == "GRIEVANCE_NOT_YOURS"
    r = client.post(f"/grievances/{urn}/feedback", {"satisfied": True, "rating": 6}, token=world["citizen"])
    assert r.status == 422 and r.error_fields == ["rating"]


def test_reject_needs_a_reason_and_is_not_for_other_offices(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    r = act(client, dr, urn, "reject", "no")
    assert r.status == 422 and r.error_fields == ["reason"]
    r = act(client, dr, urn, "reject", "belongs to the bank", reason="not_our_department")
    assert r.status == 422 and r.error_code == "REJECT_NEEDS_TRANSFER" and r.error_fields == ["reason"]
    r = act(client, dr, urn, "reject", "case pending in court", reason="sub_judice")
    assert r.status == 200 and r.json["status"] == "REJECTED" and r.json["closure_reason"] == "sub_judice"
    assert "अस्वीकृत" in sms.to(CITIZEN)[-1]
    r = act(client, dr, urn, "note", "late note")
    assert r.status == 409 and r.error_code == "ACTION_NOT_IN_STATE"


def test_transfers_land_with_the_new_l1_and_stop_at_three(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    raisen = officer_token(client, sms, "dr.raisen")
    same = act(client, dr, urn, "transfer", "mine already", district="bhopal")
    assert same.status == 422 and same.error_fields == ["district"]
    nowhere = act(client, dr, urn, "transfer", "to the moon", office="moon_office")
    assert nowhere.status == 422 and nowhere.error_fields == ["office"]
    r = act(client, dr, urn, "transfer", "society is in Raisen", district="raisen")
    assert r.status == 200, r
    moved = (r.json["district"], r.json["level"], r.json["assignee"], r.json["transfers"])
    assert moved == ("raisen", 1, "dr.raisen", 1)
    assert "अंतरित" in sms.to(CITIZEN)[-1] and urn in sms.to(mobile("dr.raisen"))[-1]
    assert act(client, raisen, urn, "transfer", "back to Bhopal", district="bhopal").json["transfers"] == 2
    assert act(client, dr, urn, "transfer", "to Raisen again", district="raisen").json["transfers"] == 3
    r = act(client, raisen, urn, "transfer", "once more", district="bhopal")
    assert r.status == 409 and r.error_code == "TRANSFER_LIMIT"
    moved = act(client, raisen, urn, "transfer", "to the bank", office="dccb")
    assert moved.status == 409     # the office too: a transfer is a transfer


def test_special_close_only_at_l3_or_l4_and_proposals_go_up(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    (addl,) = officers(client, sms, "addl.rcs")
    r = act(client, dr, urn, "special_close", "cannot be done")
    assert r.status == 403 and r.error_code == "ACTION_NOT_AT_LEVEL"
    r = act(client, dr, urn, "propose_special_close", "policy matter, propose special close")
    assert r.status == 200 and (r.json["level"], r.json["assignee"]) == (3, "addl.rcs")
    assert r.json["special_close_proposed"] is True and urn in sms.to(mobile("addl.rcs"))[-1]
    r = act(client, addl, urn, "propose_special_close", "no")
    assert r.status == 403 and r.error_code == "ACTION_NOT_AT_LEVEL"
    r = act(client, addl, urn, "special_close", "approved: a policy matter")
    assert r.status == 200 and r.json["status"] == "SPECIAL_CLOSED" and r.json["disposed_level"] == 3
    assert "बंद" in sms.to(CITIZEN)[-1]


def test_force_close_needs_the_citizen_told_and_three_days(client, sms, world, frozen_clock):
    urn, dr = world["urn"], world["dr"]
    r = act(client, dr, urn, "force_close", "citizen unreachable")
    assert r.status == 409 and r.error_code == "FORCE_CLOSE_TOO_EARLY"
    assert act(client, dr, urn, "notify_force_close", "will close, citizen not responding").status == 200
    assert "3 दिन" in sms.to(CITIZEN)[-1]
    advance(frozen_clock, days=2)
    dr = officer_token(client, sms, "dr.bhopal")
    assert act(client, dr, urn, "force_close", "closing").error_code == "FORCE_CLOSE_TOO_EARLY"
    advance(frozen_clock, days=1)
    dr = officer_token(client, sms, "dr.bhopal")
    r = act(client, dr, urn, "force_close", "closing after notice")
    assert r.status == 200 and r.json["status"] == "FORCE_CLOSED", r


def test_up_to_l4_and_send_back_only_from_l4(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    jr, addl, rcs = officers(client, sms, "jr.bhopal", "addl.rcs", "rcs")
    assert act(client, dr, urn, "escalate", "to L2").json["assignee"] == "jr.bhopal"
    assert "स्तर 2" in sms.to(CITIZEN)[-1]
    r = act(client, jr, urn, "send_back", "no")
    assert r.status == 403 and r.error_code == "ACTION_NOT_AT_LEVEL"
    assert act(client, jr, urn, "escalate", "to L3").json["assignee"] == "addl.rcs"
    assert act(client, addl, urn, "escalate", "to L4").json["assignee"] == "rcs"
    r = act(client, rcs, urn, "escalate", "nowhere")
    assert r.status == 403 and r.error_code == "ACTION_NOT_AT_LEVEL"
    r = act(client, rcs, urn, "send_back", "L3 should decide")
    assert r.status == 200 and (r.json["level"], r.json["assignee"]) == (3, "addl.rcs")
    assert actions_of(client, rcs, urn) == ["filed", "escalate", "escalate", "escalate", "send_back"]


def test_every_action_is_checked_against_role_jurisdiction_assignment_and_input(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    indore, jr = officers(client, sms, "dr.indore", "jr.bhopal")
    r = act(client, indore, urn, "accept")
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = act(client, jr, urn, "accept")
    assert r.status == 403 and r.error_code == "GRIEVANCE_NOT_ASSIGNED" and "1" in r.json["error"]["message"]
    r = act(client, world["citizen"], urn, "accept")
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    cell = staff_token(client, sms, "cell.bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9111100050")
    assert act(client, cell, urn, "accept").error_code == "FORBIDDEN_ROLE"
    r = client.post(f"/grievances/{urn}/actions", {"action": "accept"}, token=dr)
    assert r.status == 422 and r.error_fields == ["note"]
    r = act(client, dr, urn, "approve")
    assert r.status == 422 and r.error_fields == ["action"]
    r = act(client, dr, urn, "inquiry", "housing-only step")
    assert r.status == 409 and r.error_code == "ACTION_NOT_APPLICABLE"
    r = act(client, dr, urn, "interim_reply", "CPGRAMS-only step")
    assert r.status == 409 and r.error_code == "ACTION_NOT_APPLICABLE"
    assert act(client, dr, urn, "escalate", "to L2").status == 200
    r = act(client, dr, urn, "note", "too late, it has gone up")
    assert r.status == 403 and r.error_code == "GRIEVANCE_NOT_ASSIGNED"
    r = client.post(f"/grievances/{urn}/actions", {"action": "accept", "note": "x"}, token=dr,
                    headers={"Accept-Language": "en"})
    assert "level 2" in r.json["error"]["message"]


def test_concurrent_actions_one_wins_and_stale_versions_are_refused(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    version = client.get(f"/grievances/{urn}", token=dr).json["version"]

    def resolve(n):
        return act(client, dr, urn, "resolve", f"resolution {n}", version=version)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(resolve, range(4)))
    assert sorted(r.status for r in results) == [200, 409, 409, 409], results
    record = client.get(f"/grievances/{urn}", token=dr).json
    assert [e["action"] for e in record["history"]["items"]] == ["filed", "resolve"]
    stale = act(client, dr, urn, "note", "old copy", version=version)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"


def test_actions_are_idempotent_with_a_key(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    key = {"Idempotency-Key": "note-1"}
    first = client.post(f"/grievances/{urn}/actions", {"action": "note", "note": "once"}, token=dr, headers=key)
    again = client.post(f"/grievances/{urn}/actions", {"action": "note", "note": "once"}, token=dr, headers=key)
    assert first.status == again.status == 200 and first.json["version"] == again.json["version"]
    assert actions_of(client, dr, urn) == ["filed", "note"]


def test_reminders_at_most_once_a_day_and_only_while_open(client, sms, world, frozen_clock):
    urn = world["urn"]
    r = client.post(f"/grievances/{urn}/reminders", token=world["citizen"])
    assert r.status == 201 and r.json["next_allowed_at"] == "2026-11-24T06:00:00Z", r
    assert "स्मरण-पत्र" in sms.to(mobile("dr.bhopal"))[-1]
    again = client.post(f"/grievances/{urn}/reminders", token=world["citizen"])
    assert again.status == 429 and again.error_code == "REMINDER_TOO_SOON"
    assert again.headers["retry-after"] == str(24 * 3600)
    other = citizen(client, sms, "9876500000")
    assert client.post(f"/grievances/{urn}/reminders", token=other).error_code == "GRIEVANCE_NOT_YOURS"
    advance(frozen_clock, hours=24)
    token = citizen(client, sms)
    assert client.post(f"/grievances/{urn}/reminders", token=token).status == 201
    dr = officer_token(client, sms, "dr.bhopal")
    act(client, dr, urn, "resolve", "done")
    advance(frozen_clock, hours=25)
    token = citizen(client, sms)
    late = client.post(f"/grievances/{urn}/reminders", token=token)
    assert late.status == 409 and late.error_code == "REMINDER_NOT_ALLOWED"
    assert actions_of(client, token, urn).count("reminder") == 2


def test_inbox_lists_what_is_with_me_and_counts_what_is_near_its_limit(client, sms, world, frozen_clock):
    first = world["urn"]
    advance(frozen_clock, days=3)
    token = citizen(client, sms)
    second = file(client, token, category="audit").json["urn"]
    third = file(client, token, category="election").json["urn"]
    advance(frozen_clock, days=2, hours=12)             # first is due in 36 h; the others in 4.5 days
    dr = officer_token(client, sms, "dr.bhopal")
    inbox = client.get("/grievances?assigned=me", token=dr).json
    assert [g["urn"] for g in inbox["items"]][0] == first         # the most urgent first
    assert {g["urn"] for g in inbox["items"]} == {first, second, third}
    assert inbox["counts"] == {"overdue": 0, "near_limit": 1, "near_limit_hours": 48}
    advance(frozen_clock, days=3)                       # first is past its limit (no sweep ran), the others near
    dr = officer_token(client, sms, "dr.bhopal")
    counts = client.get("/grievances?assigned=me", token=dr).json["counts"]
    assert counts == {"overdue": 1, "near_limit": 2, "near_limit_hours": 48}
    act(client, dr, third, "resolve", "done")
    assert {g["urn"] for g in client.get("/grievances?assigned=me", token=dr).json["items"]} == {first, second}
    resolved = client.get("/grievances?assigned=me&status=RESOLVED", token=dr).json["items"]
    assert [g["urn"] for g in resolved] == [third]
    (indore,) = officers(client, sms, "dr.indore")
    assert client.get("/grievances?assigned=me", token=indore).json["items"] == []


def test_housing_complaints_have_extra_steps_and_the_divisions_cell_sees_them(client, sms, world):
    token, dr = world["citizen"], world["dr"]
    urn = file(client, token, category="housing", subject="Plot not allotted").json["urn"]
    assert act(client, dr, urn, "inquiry", "inquiry ordered under section 60").status == 200
    assert act(client, dr, urn, "dispute_reference", "referred under section 64").status == 200
    cell = staff_token(client, sms, "cell.bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9111100050")
    assert client.get(f"/grievances/{urn}", token=cell).status == 200
    listed = client.get("/grievances?housing=true", token=cell).json["items"]
    assert [g["urn"] for g in listed] == [urn]                   # only the housing one
    indore_cell = staff_token(client, sms, "cell.indore", Role.HOUSING_CELL, Level.DIVISION, "indore", "9111100051")
    assert client.get(f"/grievances/{urn}", token=indore_cell).error_code == "FORBIDDEN_JURISDICTION"
    r = client.get("/grievances?housing=true&division=bhopal", token=indore_cell)
    assert r.status == 403
    hq_cell = staff_token(client, sms, "cell.hq", Role.HOUSING_CELL, Level.STATE, None, "9111100052")
    assert client.get("/grievances?housing=true", token=hq_cell).error_fields == ["division"]
    assert len(client.get("/grievances?housing=true&division=bhopal", token=hq_cell).json["items"]) == 1
