"""Calling the complainant back: who may see the mobile (the officer it is with, and those above
in its chain), the reveal log the complainant and staff read, the call outcome on the history,
and everyone else refused."""

from __future__ import annotations

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.grievance_helpers import (
    CITIZEN,
    OTHER_CITIZEN,
    act,
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


def reveal(client, token, urn, reason="callback"):
    return client.post(f"/grievances/{urn}/contact-reveal", {"reason": reason}, token=token)


def test_the_assigned_officer_sees_the_number_and_the_reveal_is_logged(client, sms, world):
    urn = world["urn"]
    view = client.get(f"/grievances/{urn}", token=world["dr"]).json
    assert view["mobile"] == "XXXXXX" + CITIZEN[-4:]           # masked in the record, even for the officer
    r = reveal(client, world["dr"], urn)
    assert r.status == 200, r
    assert r.json["mobile"] == "+91" + CITIZEN and r.json["tel"] == "tel:+91" + CITIZEN
    assert r.json["revealed_by"] == "dr.bhopal" and r.json["revealed_at"] == "2026-11-23T06:00:00Z"
    log = client.get(f"/grievances/{urn}/contact-reveals", token=world["citizen"])
    assert log.status == 200, log
    assert log.json["items"] == [{"reader": "dr.bhopal", "reader_role": "officer", "reason": "callback",
                                  "level": 1, "at": "2026-11-23T06:00:00Z"}]
    assert CITIZEN not in log.text                               # the log never holds the number


def test_an_officer_above_in_the_chain_may_reveal_but_not_a_peer(client, sms, world):
    urn = world["urn"]
    jr = officer_token(client, sms, "jr.bhopal")                # L2 seat for bhopal's division
    r = reveal(client, jr, urn, "clarification")
    assert r.status == 200 and r.json["mobile"].endswith(CITIZEN), r
    raisen = officer_token(client, sms, "dr.raisen")            # same division's district officer, another district
    assert reveal(client, raisen, urn).error_code == "FORBIDDEN_JURISDICTION"
    indore = officer_token(client, sms, "dr.indore")
    assert reveal(client, indore, urn).error_code == "FORBIDDEN_JURISDICTION"
    # a state officer not seated above this grievance in its office's chain: refused
    so = staff_token(client, sms, "so.hq", Role.OFFICER, Level.STATE, None, "9111100077")
    r = reveal(client, so, urn)
    assert r.status == 403 and r.error_code == "REVEAL_NOT_ALLOWED", r
    reasons = [e["reason"] for e in client.get(f"/grievances/{urn}/contact-reveals", token=world["dr"]).json["items"]]
    assert reasons == ["clarification"]                         # refusals reveal nothing and log nothing


def test_nobody_else_sees_the_number(client, sms, world):
    urn = world["urn"]
    agent = staff_token(client, sms, "agent.one", Role.CALL_CENTRE, Level.STATE, None, "9111100099")
    cell = staff_token(client, sms, "cell.bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9111100050")
    admin = staff_token(client, sms, "admin.one", Role.ADMIN, Level.STATE, None, "9111100098")
    other = citizen(client, sms, OTHER_CITIZEN)
    for token in (agent, cell, admin, world["citizen"], other):
        r = reveal(client, token, urn)
        assert r.status == 403 and CITIZEN not in r.text, r
    assert client.get(f"/grievances/{urn}/contact-reveals", token=other).error_code == "GRIEVANCE_NOT_YOURS"
    assert client.get(f"/grievances/{urn}/contact-reveals", token=world["citizen"]).json["items"] == []


def test_after_escalation_the_former_holder_may_no_longer_reveal(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    assert act(client, dr, urn, "escalate", "needs the JR").json["level"] == 2
    r = reveal(client, dr, urn)
    assert r.status == 403 and r.error_code == "REVEAL_NOT_ALLOWED", r


def test_a_call_outcome_is_recorded_on_the_history(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    r = client.post(f"/grievances/{urn}/calls", {"outcome": "reached", "note": "spoke to the citizen"}, token=dr)
    assert r.status == 200, r
    last = r.json["history"]["items"][-1]
    assert (last["action"], last["actor"], last["note"]) == ("call", "dr.bhopal", "spoke to the citizen")
    assert last["data"]["outcome"] == "reached" and r.json["history"]["chain_valid"]
    assert r.json["status"] == "OPEN"                           # a call does not move the grievance
    indore = officer_token(client, sms, "dr.indore")
    refused = client.post(f"/grievances/{urn}/calls", {"outcome": "reached", "note": "x"}, token=indore)
    assert refused.status == 403
    bad = client.post(f"/grievances/{urn}/calls", {"outcome": "chatted", "note": "x"}, token=dr)
    assert bad.status == 422 and "outcome" in bad.text


def test_bad_reason_and_closed_grievance_are_refused(client, sms, world):
    urn, dr = world["urn"], world["dr"]
    r = reveal(client, dr, urn, "curiosity")
    assert r.status == 422 and "reason" in r.text, r
    act(client, dr, urn, "resolve", "done")
    assert reveal(client, dr, urn, "verify_resolution").status == 200      # awaiting feedback: may confirm
    client.post(f"/grievances/{urn}/feedback", {"satisfied": True, "rating": 5}, token=world["citizen"])
    closed = reveal(client, dr, urn)
    assert closed.status == 409 and closed.error_code == "REVEAL_CLOSED", closed
