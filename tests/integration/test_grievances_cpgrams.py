"""CPGRAMS import with machine credentials: once per registration number, the 21-day target and
the interim-reply rule."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.core.auth import Level, Role
from chalicelib.grievances import store
from tests.integration.grievance_helpers import act, advance, officer_token, seed_master_data, staff_token

MOBILE = "9876511111"


@pytest.fixture
def admin(client, sms, frozen_clock):
    seed_master_data()
    return staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")


def new_key(client, admin, kind="cpgrams"):
    r = client.post("/admin/api-keys", {"name": f"{kind}-sync", "kind": kind, "note": "nightly sync"}, token=admin)
    assert r.status == 201, r
    return r.json


def central(**changes):
    return {"registration_number": "DARPG/E/2026/0012345", "received_at": "2026-11-20T10:00:00+05:30",
            "mobile": MOBILE, "lang": "en", "district": "bhopal", "subject": "Deposit not returned",
            "description": "My fixed deposit with the society was not returned on maturity.", **changes}


def post(client, key, body, headers=None):
    return client.post("/integrations/cpgrams/grievances", body, headers={"X-API-Key": key, **(headers or {})})


def test_import_once_per_registration_number(client, sms, admin):
    key = new_key(client, admin)
    assert key["api_key"].startswith(key["key_id"] + ".")
    stored = store.get_key(key["key_id"])
    assert key["api_key"].split(".", 1)[1] not in stored.secret_hash          # only the hash is kept
    first = post(client, key["api_key"], central())
    assert first.status == 201, first
    body = first.json
    assert body["created"] is True and body["registration_number"] == "DARPG/E/2026/0012345"
    assert body["target_at"] == "2026-12-11T04:30:00Z"                         # 21 days from receipt
    assert any(body["urn"] in text and text.startswith("Sahkar Setu") for text in sms.to(MOBILE))
    again = post(client, key["api_key"], central(subject="sent twice by the sync"))
    assert again.status == 200 and again.json["urn"] == body["urn"] and again.json["created"] is False
    assert sum(body["urn"] in text for text in sms.to(MOBILE)) == 1
    record = store.get(body["urn"])
    assert (record.source, record.cpgrams_reg_no, record.category, record.filed_by) == (
        "cpgrams", "DARPG/E/2026/0012345", "cpgrams", "api:cpgrams-sync")
    replay = post(client, key["api_key"], central(registration_number="DARPG/E/2026/0099999"),
                  headers={"Idempotency-Key": "k1"})
    replay2 = post(client, key["api_key"], central(registration_number="DARPG/E/2026/0099999"),
                   headers={"Idempotency-Key": "k1"})
    assert replay.status == replay2.status == 201 and replay.json == replay2.json


def test_concurrent_imports_of_one_number_create_one_grievance(client, sms, admin):
    key = new_key(client, admin)["api_key"]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: post(client, key, central()), range(4)))
    assert sorted(r.status for r in results) == [200, 200, 200, 201], results
    assert len({r.json["urn"] for r in results}) == 1


def test_machine_credentials_are_required_and_checked(client, sms, admin):
    assert post(client, "", central()).error_code == "API_KEY_INVALID"
    assert client.post("/integrations/cpgrams/grievances", central()).status == 401
    key = new_key(client, admin)
    wrong = key["key_id"] + ".not-the-secret"
    assert post(client, wrong, central()).status == 401
    assert post(client, "garbage", central()).status == 401
    open311 = new_key(client, admin, "open311")["api_key"]
    assert post(client, open311, central()).status == 401                        # a key for another use
    revoked = client.post(f"/admin/api-keys/{key['key_id']}/revoke", {"note": "leaked"}, token=admin)
    assert revoked.status == 200 and revoked.json["active"] is False
    assert post(client, key["api_key"], central()).status == 401
    dr = officer_token(client, sms, "dr.bhopal")
    assert client.post("/admin/api-keys", {"name": "x-sync", "kind": "cpgrams", "note": "n"}, token=dr).status == 403
    assert client.post("/admin/api-keys/nope/revoke", {"note": "n"}, token=admin).status == 404


def test_bad_imports_name_the_field(client, sms, admin):
    key = new_key(client, admin)["api_key"]
    for change, field in (({"received_at": "2026-11-20T10:00:00"}, "received_at"), ({"mobile": "123"}, "mobile"),
                          ({"registration_number": "x"}, "registration_number"), ({"district": "mars"}, "district"),
                          ({"category": "nothing_like_it"}, "category")):
        r = post(client, key, central(**change))
        assert r.status == 422 and r.error_fields == [field], (change, r)


def test_past_the_21_day_target_an_interim_reply_comes_before_disposal(client, sms, admin, frozen_clock):
    key = new_key(client, admin)["api_key"]
    urn = post(client, key, central(received_at="2026-11-01T10:00:00+05:30")).json["urn"]
    advance(frozen_clock, days=1)                        # 22 Nov -> now past 22 Nov 04:30Z target
    dr = officer_token(client, sms, "dr.bhopal")
    r = act(client, dr, urn, "resolve", "deposit returned")
    assert r.status == 409 and r.error_code == "INTERIM_REPLY_REQUIRED"
    r = act(client, dr, urn, "interim_reply", "bank asked to release the deposit; final reply within 10 days")
    assert r.status == 200 and r.json["interim_reply_at"], r
    assert "in progress" in sms.to(MOBILE)[-1]
    assert act(client, dr, urn, "resolve", "deposit returned").json["status"] == "RESOLVED"
