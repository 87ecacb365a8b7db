"""Audit master data through the admin's routes: firms (with their login), empanelment by order,
the public panel, departmental auditors, settings; versions, replays, refusals."""

from __future__ import annotations

import pytest

from chalicelib.audits import service, store
from tests.integration.test_audits_helpers import YEAR, admin, hq, next_mobile

FIRM = {"frn": "012345C", "name": "Sharma Gupta & Co", "experience_years": 15, "email": "audit@sgco.in",
        "district": "bhopal", "partners": [{"name": "R. Sharma", "membership_no": "401234"},
                                           {"name": "S. Gupta", "membership_no": "405678"}]}


@pytest.fixture
def admin_token(client, sms):
    return admin(client, sms)


def test_a_firm_is_entered_once_with_its_login_and_a_replay_creates_nothing(client, sms, admin_token):
    mobile = next_mobile()
    key = {"Idempotency-Key": "firm-012345C"}
    r = client.post("/ca/firms", {**FIRM, "mobile": mobile}, token=admin_token, headers=key)
    assert r.status == 201, r
    assert r.json["mobile"] == "XXXXXX" + mobile[-4:] and r.json["username"] == "ca-012345c"
    assert r.json["capacity"] == 50                               # 25 a partner (master data) × 2
    replay = client.post("/ca/firms", {**FIRM, "mobile": mobile}, token=admin_token, headers=key)
    assert replay.status == 201 and replay.json == r.json
    assert len(store.history(store.firm_pk("012345C"))) == 1
    assert sum("ca-012345c" in text for text in sms.to(mobile)) == 1        # the login, told once
    again = client.post("/ca/firms", {**FIRM, "mobile": mobile}, token=admin_token)
    assert again.status == 409 and again.error_code == "FIRM_EXISTS"
    bad = client.post("/ca/firms", {**FIRM, "frn": "12345", "mobile": "123", "partners": []}, token=admin_token)
    assert bad.status == 422 and set(bad.error_fields) == {"frn", "mobile", "partners"}
    officer = hq(client, sms)
    assert client.post("/ca/firms", {**FIRM, "mobile": mobile}, token=officer).error_code == "FORBIDDEN_ROLE"


def test_the_public_panel_lists_only_firms_empanelled_for_the_cycle(client, sms, admin_token):
    client.post("/ca/firms", {**FIRM, "mobile": next_mobile()}, token=admin_token)
    client.post("/ca/firms", {**FIRM, "frn": "054321W", "name": "West & Co", "mobile": next_mobile()},
                token=admin_token)
    r = client.post("/ca/firms/012345C/empanelment", {"year": YEAR, "note": "order 12/2025"}, token=admin_token)
    assert r.status == 201 and r.json["status"] == "EMPANELLED", r
    dup = client.post("/ca/firms/012345C/empanelment", {"year": YEAR, "note": "again"}, token=admin_token)
    assert dup.status == 409 and dup.error_code == "EMPANELMENT_EXISTS"
    missing = client.post("/ca/firms/999999C/empanelment", {"year": YEAR, "note": "x"}, token=admin_token)
    assert missing.status == 404 and missing.error_code == "FIRM_NOT_FOUND"
    panel = client.get(f"/ca/empanelled?year={YEAR}")
    assert panel.status == 200 and [f["frn"] for f in panel.json["items"]] == ["012345C"]
    assert "mobile" not in panel.json["items"][0]
    assert client.get("/ca/empanelled?year=2024-25").json["items"] == []
    assert client.get("/ca/empanelled?year=2024").status == 422
    entries = store.history(store.empanelment_pk(YEAR, "012345C"))
    assert [(e.action, e.to_state, e.actor) for e in entries] == [("empanelled_by_order", "EMPANELLED", "admin")]


def test_firm_capacity_changes_with_the_version_read(client, sms, admin_token):
    created = client.post("/ca/firms", {**FIRM, "mobile": next_mobile()}, token=admin_token).json
    path = "/ca/firms/012345C"
    r = client.patch(path, {"capacity": 80, "version": created["version"], "note": "more partners"}, token=admin_token)
    assert r.status == 200 and r.json["capacity"] == 80 and r.json["version"] == 2
    stale = client.patch(path, {"capacity": 90, "version": created["version"], "note": "x"}, token=admin_token)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    listed = client.get("/ca/firms", token=admin_token).json["items"]
    assert [(f["frn"], f["capacity"]) for f in listed] == [("012345C", 80)]


def test_departmental_auditors_by_district(client, sms, admin_token):
    body = {"username": "aud.sehore", "name": "Auditor Sehore", "district": "sehore"}
    r = client.post("/audits/auditors", body, token=admin_token)
    assert r.status == 201 and r.json["capacity"] == 60                         # the default (master data)
    assert client.post("/audits/auditors", body, token=admin_token).error_code == "AUDITOR_EXISTS"
    moved = client.patch("/audits/auditors/aud.sehore", {"district": "raisen", "capacity": 40, "version": 1,
                                                         "note": "transfer"}, token=admin_token)
    assert moved.status == 200 and moved.json["district"] == "raisen", moved
    assert client.get("/audits/auditors?district=sehore", token=admin_token).json == []
    assert [a["username"] for a in client.get("/audits/auditors?district=raisen", token=admin_token).json] == [
        "aud.sehore"]
    assert client.patch("/audits/auditors/nobody", {"capacity": 4, "version": 1, "note": "x"},
                        token=admin_token).status == 404


def test_settings_are_versioned_checked_and_admin_only(client, sms, admin_token):
    assert service.seed_master_data("test") == 1 and service.seed_master_data("test") == 0
    current = client.get("/audits/settings", token=admin_token).json
    assert current["version"] == 1 and current["data"]["max_consecutive_years"] == 3
    body = {**current["data"], "max_consecutive_years": 2, "version": 1, "note": "stricter rotation"}
    assert client.call("PUT", "/audits/settings", body=body, token=admin_token).status == 200
    stale = client.call("PUT", "/audits/settings", body=body, token=admin_token)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    swapped = [dict(b) for b in current["data"]["class_bands"]]
    swapped[0]["above"], swapped[1]["above"] = "40", "50"
    bad = client.call("PUT", "/audits/settings", body={**body, "version": 2, "class_bands": swapped},
                      token=admin_token)
    assert bad.status == 422 and bad.error_fields == ["class_bands"]
    officer = hq(client, sms)
    assert client.call("PUT", "/audits/settings", body=body, token=officer).error_code == "FORBIDDEN_ROLE"
    assert service.settings().max_consecutive_years == 2
    actions = [e.action for e in store.master.history_of(store.SETTINGS_SK)]   # under CFG#SETTINGS, as the header says
    assert actions == ["seeded", "updated"]
