"""Audit allotment through the API: one society or a whole district, each rule and each refusal."""

from __future__ import annotations

import pytest

from chalicelib.audits import service, store
from chalicelib.core import history
from tests.integration.helpers import officer
from tests.integration.test_audits_helpers import (
    YEAR,
    allot,
    auditor,
    firm,
    firm_token,
    hq,
    jr,
    next_mobile,
    society,
)

PRIOR = ("2022-23", "2023-24", "2024-25")


@pytest.fixture
def world(client, sms):
    return {"hq": hq(client, sms)}


def test_hq_allots_a_society_to_an_empanelled_firm_which_is_told_by_sms(client, sms, world):
    soc = society(client, world["hq"])
    f = firm("100001C")
    r = allot(client, world["hq"], soc["reg_no"], "firm", "100001C")
    assert r.status == 201, r
    assert r.json["status"] == "ALLOTTED" and r.json["auditor_id"] == "100001C" and r.json["version"] == 1
    assert any(f"{YEAR} हेतु आपको 1 संस्था" in text for text in sms.to(f["mobile_raw"]))
    assert store.loads(YEAR, ["firm:100001C"]) == {"firm:100001C": 1}
    view = client.get(f"/audits/{YEAR}/allotments/{soc['reg_no']}", token=world["hq"]).json
    assert view["history"]["chain_valid"] and [e["action"] for e in view["history"]["items"]] == ["allotted"]
    again = allot(client, world["hq"], soc["reg_no"], "firm", "100001C")
    assert again.status == 409 and again.error_code == "AUDIT_ALREADY_ALLOTTED"


def test_a_jr_allots_only_in_their_division_and_a_district_officer_not_at_all(client, sms, world):
    sehore, indore = society(client, world["hq"], "sehore"), society(client, world["hq"], "indore")
    firm("100001C")
    token = jr(client, sms, "bhopal")
    assert allot(client, token, sehore["reg_no"], "firm", "100001C").status == 201
    r = allot(client, token, indore["reg_no"], "firm", "100001C", headers={"Accept-Language": "en"})
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    assert "division:bhopal" in r.json["error"]["message"]
    dr = officer(client, sms, "dr.indore", code="indore", mobile=next_mobile())
    r = allot(client, dr, indore["reg_no"], "firm", "100001C")
    assert r.status == 403 and r.error_code == "AUDIT_ALLOT_LEVEL"
    bulk = client.post(f"/audits/{YEAR}/allocations", {"district": "indore"}, token=token)
    assert bulk.status == 403 and bulk.error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/audits/{YEAR}/allotments?district=indore", token=token).status == 403
    assert store.get_allotment(YEAR, indore["reg_no"]) is None


def test_only_empanelled_firms_are_allotted(client, sms, world):
    soc = society(client, world["hq"])
    firm("100001C", years=("2024-25",))        # last year's panel, not this year's
    r = allot(client, world["hq"], soc["reg_no"], "firm", "100001C", headers={"Accept-Language": "en"})
    assert r.status == 422 and r.error_code == "FIRM_NOT_EMPANELLED" and r.error_fields == ["auditor_id"]
    assert "not empanelled for 2025-26" in r.json["error"]["message"]
    r = allot(client, world["hq"], soc["reg_no"], "firm", "999999C")
    assert r.status == 422 and r.error_code == "FIRM_NOT_EMPANELLED"
    r = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore", "firms": ["100001C"]}, token=world["hq"])
    assert r.status == 422 and r.error_fields == ["firms"]
    assert store.get_allotment(YEAR, soc["reg_no"]) is None


def test_a_firm_may_not_audit_a_society_a_fourth_year_running(client, sms, world):
    soc = society(client, world["hq"])
    firm("100001C", years=(*PRIOR, YEAR))
    firm("100002C", years=(YEAR,))
    for year in PRIOR:
        assert allot(client, world["hq"], soc["reg_no"], "firm", "100001C", year=year).status == 201
    r = allot(client, world["hq"], soc["reg_no"], "firm", "100001C")
    assert r.status == 422 and r.error_code == "ROTATION_LIMIT" and r.error_fields == ["auditor_id"]
    assert allot(client, world["hq"], soc["reg_no"], "firm", "100002C").status == 201


def test_no_firm_gets_more_than_its_capacity(client, sms, world):
    one, two = society(client, world["hq"]), society(client, world["hq"])
    firm("100001C", capacity=1)
    assert allot(client, world["hq"], one["reg_no"], "firm", "100001C").status == 201
    r = allot(client, world["hq"], two["reg_no"], "firm", "100001C", headers={"Accept-Language": "en"})
    assert r.status == 409 and r.error_code == "CAPACITY_EXCEEDED" and "(1)" in r.json["error"]["message"]
    assert store.loads(YEAR, ["firm:100001C"]) == {"firm:100001C": 1}


def test_district_bulk_allocation_follows_every_rule_and_reports_the_rest(client, sms, world, counter):
    socs = sorted((society(client, world["hq"], "sehore", f"Samiti {i}") for i in range(7)),
                  key=lambda s: s["reg_no"])
    society(client, world["hq"], "indore")                          # another district: untouched
    loyal = socs[0]["reg_no"]
    a = firm("100001C", capacity=3, years=(*PRIOR, YEAR))
    firm("100002C", capacity=2)
    firm("100003C", capacity=5, years=("2024-25",))    # not on this year's panel
    auditor("aud.sehore", "sehore", capacity=1)
    auditor("aud.indore", "indore", capacity=9)        # another district's auditor
    for year in PRIOR:
        assert allot(client, world["hq"], loyal, "firm", "100001C", year=year).status == 201

    token = jr(client, sms, "bhopal")
    counter.reset()
    r = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore"}, token=token,
                    headers={"Idempotency-Key": "sehore-2025"})
    assert r.status == 201, r
    assert "Scan" not in counter.operations
    run = r.json
    assert (run["societies"], run["allotted"], run["not_allotted"], run["already_allotted"]) == (7, 6, 1, 0)
    assert run["reasons"] == {"NO_CAPACITY": 1} and len(run["items"]) == 1
    tally = {t["auditor"]: t for t in run["by_auditor"]}
    assert set(tally) == {"firm:100001C", "firm:100002C", "departmental:aud.sehore"}
    assert {k: t["allotted"] for k, t in tally.items()} == {"firm:100001C": 3, "firm:100002C": 2,
                                                              "departmental:aud.sehore": 1}
    assert all(t["load"] <= t["capacity"] for t in tally.values())

    allotted = {s["reg_no"]: store.get_allotment(YEAR, s["reg_no"]) for s in socs}
    assert allotted[loyal].auditor != "firm:100001C"                  # the 3-years-running rule
    assert sum(1 for i in allotted.values() if i is None) == 1
    assert all(history.verify(store.history(i.pk)) for i in allotted.values() if i)
    assert store.loads(YEAR, list(tally)) == {k: t["allotted"] for k, t in tally.items()}
    assert sum(1 for text in sms.to(a["mobile_raw"]) if f"{YEAR} हेतु आपको 3 संस्था" in text) == 1

    replay = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore"}, token=token,
                         headers={"Idempotency-Key": "sehore-2025"})
    assert replay.status == 201 and replay.json["run_id"] == run["run_id"]

    rerun = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore"}, token=token).json
    assert rerun["allotted"] == 0 and rerun["already_allotted"] == 6 and rerun["reasons"] == {"NO_CAPACITY": 1}
    assert store.loads(YEAR, list(tally)) == {k: t["allotted"] for k, t in tally.items()}

    page = client.get(f"/audits/{YEAR}/allocations/{run['run_id']}?limit=1", token=token).json
    assert page["items"] == run["items"] and page["next"] is None
    listed = client.get(f"/audits/{YEAR}/allotments?district=sehore&limit=100", token=token).json["items"]
    assert len(listed) == 6 and {i["status"] for i in listed} == {"ALLOTTED"}


def test_bulk_with_an_empty_pool_says_why(client, sms, world):
    society(client, world["hq"], "sehore")
    r = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore", "firms": [], "auditors": []},
                    token=world["hq"])
    assert r.status == 201 and r.json["reasons"] == {"NO_AUDITORS": 1} and r.json["allotted"] == 0


def test_reallot_moves_the_load_and_a_stale_version_is_refused(client, sms, world):
    soc = society(client, world["hq"])
    firm("100001C")
    firm("100002C")
    first = allot(client, world["hq"], soc["reg_no"], "firm", "100001C").json
    body = {"auditor_kind": "firm", "auditor_id": "100002C", "version": first["version"],
            "note": "conflict of interest"}
    path = f"/audits/{YEAR}/allotments/{soc['reg_no']}/reallot"
    r = client.post(path, body, token=world["hq"])
    assert r.status == 200 and r.json["auditor_id"] == "100002C" and r.json["version"] == 2, r
    stale = client.post(path, {**body, "auditor_id": "100001C"}, token=world["hq"])
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    assert store.loads(YEAR, ["firm:100001C", "firm:100002C"]) == {"firm:100001C": 0, "firm:100002C": 1}
    actions = [e.action for e in store.history(store.allotment_pk(YEAR, soc["reg_no"]))]
    assert actions == ["allotted", "reallotted"]


def test_a_firm_sees_only_its_own_assignments(client, sms, world):
    one, two = society(client, world["hq"]), society(client, world["hq"])
    mine = firm("100001C")
    firm("100002C")
    allot(client, world["hq"], one["reg_no"], "firm", "100001C")
    allot(client, world["hq"], two["reg_no"], "firm", "100002C")
    token = firm_token(client, sms, mine)
    own = client.get(f"/audits/assignments?year={YEAR}", token=token).json
    assert [i["reg_no"] for i in own["items"]] == [one["reg_no"]]
    assert client.get(f"/ca/firms/100001C/assignments?year={YEAR}", token=token).json["items"] == own["items"]
    other = client.get(f"/ca/firms/100002C/assignments?year={YEAR}", token=token)
    assert other.status == 403 and other.error_code == "FIRM_NOT_YOURS"
    r = client.get(f"/audits/{YEAR}/allotments/{two['reg_no']}", token=token)
    assert r.status == 403 and r.error_code == "AUDIT_NOT_YOURS"
    assert client.get("/ca/firms/100002C", token=token).status == 403
    assert client.get("/ca/firms/100001C", token=token).json["history"]["chain_valid"]
    assert allot(client, token, two["reg_no"], "firm", "100001C").error_code == "FORBIDDEN_ROLE"
    staff = client.get(f"/ca/firms/100002C/assignments?year={YEAR}", token=world["hq"]).json["items"]
    assert [i["reg_no"] for i in staff] == [two["reg_no"]]


def test_single_allotment_replays_with_an_idempotency_key(client, sms, world):
    soc = society(client, world["hq"])
    firm("100001C")
    key = {"Idempotency-Key": "allot-1"}
    first = allot(client, world["hq"], soc["reg_no"], "firm", "100001C", headers=key)
    second = allot(client, world["hq"], soc["reg_no"], "firm", "100001C", headers=key)
    assert first.status == second.status == 201 and first.json == second.json
    assert store.loads(YEAR, ["firm:100001C"]) == {"firm:100001C": 1}
    assert len(store.history(store.allotment_pk(YEAR, soc["reg_no"]))) == 1


def test_bad_years_and_unknown_societies_are_named(client, sms, world):
    r = allot(client, world["hq"], "SEH-2001-00001", "firm", "100001C", year="2025-27")
    assert r.status == 422 and r.error_fields == ["year"]
    r = allot(client, world["hq"], "SEH-2001-99999", "firm", "100001C")
    assert r.status == 404 and r.error_code == "SOCIETY_NOT_FOUND"
    r = client.post(f"/audits/{YEAR}/allotments", {"reg_no": "x", "auditor_kind": "ca", "auditor_id": "1"},
                    token=world["hq"])
    assert r.status == 422 and set(r.error_fields) == {"reg_no", "auditor_kind", "auditor_id"}


def test_a_load_changed_meanwhile_refuses_that_auditors_share_and_leaves_nothing_behind(client, sms, world,
                                                                                          monkeypatch):
    socs = [society(client, world["hq"], "sehore", f"Samiti {i}") for i in range(4)]
    firm("100001C", capacity=2)
    firm("100002C", capacity=2)
    # another officer allots two of 100001C's places between our reading the loads and our writing
    real = service.with_loads

    def stale_then_taken(year, candidates):
        found = real(year, candidates)
        store.allot([service.new_allotment(year, {"reg_no": f"SHR-2001-9999{n}", "district": "sehore"},
                                           "firm:100001C", "x", "other", "2026-01-01T00:00:00Z", None)
                     for n in range(2)], {"firm:100001C": (2, 2)})
        return found

    monkeypatch.setattr(service, "with_loads", stale_then_taken)
    r = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore"}, token=world["hq"])
    assert r.status == 201, r
    assert r.json["allotted"] == 2 and r.json["reasons"] == {"CONCURRENT_CHANGE": 2}
    lost = {i["reg_no"] for i in r.json["items"]}
    for s in socs:
        item = store.get_allotment(YEAR, s["reg_no"])
        assert (item is None) == (s["reg_no"] in lost)
        assert item is None or item.auditor == "firm:100002C"
    assert store.loads(YEAR, ["firm:100001C", "firm:100002C"]) == {"firm:100001C": 2, "firm:100002C": 2}
    assert all(store.history(store.allotment_pk(YEAR, reg)) == [] for reg in lost)   # rolled back whole
