"""Bulk actions: the single action's rules per item, one transaction per item, a result per item."""

from __future__ import annotations

import pytest

from tests.integration.grievance_helpers import CITIZEN, act, citizen, file, officer_token, seed_master_data


@pytest.fixture
def world(client, sms, frozen_clock):
    seed_master_data()
    token = citizen(client, sms)
    mine = [file(client, token, subject=f"AGM not held {n}").json["urn"] for n in range(3)]
    other = file(client, token, district="indore").json["urn"]
    return {"citizen": token, "mine": mine, "other": other, "dr": officer_token(client, sms, "dr.bhopal")}


def bulk(client, token, urns, action="resolve", note="AGM held on 1 December", **extra):
    return client.post("/grievances/bulk-actions", {"urns": urns, "action": action, "note": note, **extra},
                       token=token, headers={"Accept-Language": "en"})


def test_each_item_is_checked_and_recorded_separately(client, sms, world):
    first, second, third = world["mine"]
    dr = world["dr"]
    assert act(client, dr, third, "resolve", "already done").status == 200     # disposed before the bulk step
    sent_before = len(sms.to(CITIZEN))
    r = bulk(client, dr, [first, world["other"], second, third])
    assert r.status == 200, r
    assert (r.json["total"], r.json["done"], r.json["refused"]) == (4, 2, 2)
    by_urn = {item["urn"]: item for item in r.json["results"]}
    assert [item["urn"] for item in r.json["results"]] == [first, world["other"], second, third]   # in order
    assert by_urn[first]["ok"] and by_urn[first]["status"] == "RESOLVED"
    assert by_urn[world["other"]]["error"]["code"] == "FORBIDDEN_JURISDICTION"
    assert by_urn[world["other"]]["status_code"] == 403
    assert by_urn[third]["error"]["code"] == "ACTION_NOT_IN_STATE" and by_urn[third]["status_code"] == 409
    assert "RESOLVED" in by_urn[third]["error"]["message"]                    # in the caller's language
    for urn in (first, second):
        view = client.get(f"/grievances/{urn}", token=dr).json
        last = view["history"]["items"][-1]
        assert (view["status"], last["action"], last["note"]) == ("RESOLVED", "resolve", "AGM held on 1 December")
        assert view["history"]["chain_valid"]
    other = client.get(f"/grievances/{world['other']}", token=world["citizen"]).json
    assert other["status"] == "OPEN" and [e["action"] for e in other["history"]["items"]] == ["filed"]
    assert len(sms.to(CITIZEN)) == sent_before + 2                           # one SMS per item done


def test_refusals_of_the_whole_request(client, sms, world):
    dr, urns = world["dr"], world["mine"]
    assert bulk(client, dr, urns + [urns[0]]).status == 422
    r = bulk(client, dr, [urns[0], "1234567890"])
    assert r.status == 422 and "urns.1" in r.text, r
    r = bulk(client, dr, [f"{n:010d}" for n in range(51)])
    assert r.status == 422 and "urns" in r.text
    r = bulk(client, dr, urns, action="reject")                  # the step's own rules still apply per item
    assert r.status == 200 and r.json["done"] == 0
    assert {i["error"]["code"] for i in r.json["results"]} == {"VALIDATION_FAILED"}
    citizen_token = world["citizen"]
    assert bulk(client, citizen_token, urns).status == 403
    assert all(client.get(f"/grievances/{u}", token=dr).json["status"] == "OPEN" for u in urns)
