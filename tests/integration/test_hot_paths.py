"""The requests people make most cost one round trip (issue 18): the record with its history in one
Query, the inbox's counts from its first page, master data from the warm container's copy, and
that copy never outlives a change (made here at once; made elsewhere, within its TTL)."""

from __future__ import annotations

import pytest

from tests.conftest import COUNTER
from tests.integration.grievance_helpers import act, advance, citizen, file, officer_token, seed_master_data


@pytest.fixture
def world(client, sms, frozen_clock):
    seed_master_data()
    token = citizen(client, sms)
    urn = file(client, token).json["urn"]
    return {"citizen": token, "urn": urn, "dr": officer_token(client, sms, "dr.bhopal")}


def calls(fn):
    COUNTER.reset()
    result = fn()
    return result, dict(COUNTER.operations)


def test_the_owner_reads_a_grievance_with_its_history_in_one_query(client, world):
    urn = world["urn"]
    act(client, world["dr"], urn, "accept")
    client.get(f"/grievances/{urn}", token=world["citizen"])   # a warm container: master data copied
    response, ops = calls(lambda: client.get(f"/grievances/{urn}", token=world["citizen"]))
    assert response.status == 200
    assert [e["action"] for e in response.json["history"]["items"]] == ["filed", "accept"]
    assert response.json["history"]["chain_valid"] is True
    assert response.json["category_name_en"]     # names from master data, from the copy
    assert ops == {"Query": 1}


def test_an_action_answers_with_the_whole_history_without_reading_it_again(client, world):
    urn = world["urn"]
    response, ops = calls(lambda: act(client, world["dr"], urn, "accept"))
    assert response.status == 200
    assert [e["action"] for e in response.json["history"]["items"]] == ["filed", "accept"]
    assert ops["Query"] == 1 and ops["TransactWriteItems"] == 1
    again = client.get(f"/grievances/{urn}", token=world["dr"]).json
    assert again["history"] == response.json["history"]


def test_someone_else_still_cannot_read_it(client, sms, world):
    other = citizen(client, sms, "9876500000")
    response = client.get(f"/grievances/{world['urn']}", token=other)
    assert response.status == 403


def test_public_status_is_one_get_when_master_data_is_warm(client, world):
    urn = world["urn"]
    client.get(f"/public/grievances/{urn}")
    response, ops = calls(lambda: client.get(f"/public/grievances/{urn}"))
    assert response.status == 200 and response.json["office_name_en"]
    assert ops == {"GetItem": 1}


def test_inbox_counts_come_from_the_first_page_and_match_the_count_queries(client, sms, world, frozen_clock):
    other = citizen(client, sms, "9876500001")
    for _ in range(2):
        assert file(client, other).status == 201
    advance(frozen_clock, days=6)           # the first three are now within the 48-hour warning window
    late = citizen(client, sms, "9876500002")
    assert file(client, late).status == 201   # due in 7 days: neither overdue nor near
    dr = officer_token(client, sms, "dr.bhopal")
    response, ops = calls(lambda: client.get("/grievances?assigned=me&limit=20", token=dr))
    assert response.json["counts"]["near_limit"] == 3 and response.json["counts"]["overdue"] == 0
    assert "Query" in ops and ops["Query"] == 1          # no COUNT queries
    advance(frozen_clock, days=2)           # the first three are overdue now
    dr = officer_token(client, sms, "dr.bhopal")
    small, ops_small = calls(lambda: client.get("/grievances?assigned=me&limit=2", token=dr))
    # a page of 2 cannot hold the counts: the COUNT queries give the same figures
    assert small.json["counts"]["overdue"] == 3 and small.json["counts"]["near_limit"] == 0
    assert ops_small["Query"] == 3
    whole = client.get("/grievances?assigned=me&limit=20", token=dr).json
    assert whole["counts"] == small.json["counts"]


def test_a_change_made_here_is_read_at_once(client, sms, world):
    from chalicelib.grievances import service

    urn = world["urn"]
    assert client.get(f"/public/grievances/{urn}").json["category_name_en"] != "Renamed"
    current = service.store.config_one("CATEGORY#society_management")
    service.put_category("test", "society_management", {**current.data, "name_en": "Renamed"},
                         int(current.version), "rename")
    assert client.get(f"/public/grievances/{urn}").json["category_name_en"] == "Renamed"


def test_a_change_made_by_another_container_is_read_within_the_ttl(client, world, monkeypatch):
    import time

    from chalicelib.core import masterstore

    urn = world["urn"]
    before = client.get(f"/public/grievances/{urn}").json["category_name_en"]
    item = masterstore.model("grievances").get("CFG", "CATEGORY#society_management")
    item.data = {**item.data, "name_en": "Changed elsewhere"}
    item.save()                              # straight to the table: this container was not told
    assert client.get(f"/public/grievances/{urn}").json["category_name_en"] == before   # the copy, still fresh
    later = time.monotonic() + masterstore.ttl_seconds() + 1
    monkeypatch.setattr(masterstore.time, "monotonic", lambda: later)
    assert client.get(f"/public/grievances/{urn}").json["category_name_en"] == "Changed elsewhere"


def test_an_application_status_is_one_query_and_a_decision_does_not_read_the_history_again(client, sms,
                                                                                          aws_resources, frozen_clock):
    from tests.integration import test_lokseva_helpers as lk

    lk.seed()
    applicant = lk.citizen(client, sms)
    ack = lk.apply(client, applicant).json["ack"]
    client.get(f"/lokseva/applications/{ack}", token=applicant)
    response, ops = calls(lambda: client.get(f"/lokseva/applications/{ack}", token=applicant))
    assert response.status == 200 and response.json["history"]["items"]
    assert ops == {"Query": 1}
    stranger = lk.citizen(client, sms, lk.OTHER_CITIZEN)
    assert client.get(f"/lokseva/applications/{ack}", token=stranger).status == 403
    officer = lk.token(client, sms, "dr.bhopal")
    decided, ops = calls(lambda: lk.decide(client, officer, ack))
    assert decided.status == 200, decided
    assert [e["to_state"] for e in decided.json["history"]["items"]][-1] == "APPROVED"
    assert ops["Query"] == 1 and ops["TransactWriteItems"] == 1   # the record with its history, one write
