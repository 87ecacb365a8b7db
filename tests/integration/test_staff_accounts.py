"""Staff sign-in (password, then OTP) and account administration."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from chalicelib.core.auth import Level, Role, decode_token
from chalicelib.core.dynamo import history_model
from tests.integration.helpers import PASSWORD, make_staff, officer, staff_token

ADMIN_MOBILE = "9000000001"


def admin(client, sms):
    return officer(client, sms, "admin", Level.STATE, None, ADMIN_MOBILE, Role.ADMIN)


def new_user(**overrides):
    body = {"username": "dr.sehore", "name": "Deputy Registrar Sehore", "mobile": "9222222222",
            "role": "officer", "jurisdiction": {"level": "district", "code": "sehore"}}
    body.update(overrides)
    return body


def test_staff_sign_in_carries_role_and_jurisdiction(client, sms):
    make_staff("dr.bhopal", mobile="9111111111")
    r = client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD})
    assert r.status == 200 and r.json["sent_to"] == "XXXXXX1111"
    assert "लॉगिन ओटीपी" in sms.to("9111111111")[-1]
    r = client.post("/auth/login/verify", {"challenge_id": r.json["challenge_id"], "otp": sms.last_otp("9111111111")})
    assert r.status == 200 and r.json["role"] == "officer"
    principal = decode_token(r.json["token"])
    assert principal.jurisdiction.level == Level.DISTRICT and principal.jurisdiction.code == "bhopal"
    me = client.get("/me", token=r.json["token"]).json
    assert me["jurisdiction"] == {"level": "district", "code": "bhopal"} and me["mobile"] == "XXXXXX1111"


def test_wrong_password_and_unknown_user_look_the_same(client, sms):
    make_staff("dr.bhopal")
    wrong = client.post("/auth/login", {"username": "dr.bhopal", "password": "not-the-password-1"})
    unknown = client.post("/auth/login", {"username": "nobody", "password": "not-the-password-1"})
    assert wrong.status == unknown.status == 401
    assert wrong.json == unknown.json
    assert sms.to("9111111111") == []


def test_ten_wrong_passwords_pause_sign_in_without_telling_real_usernames_apart(client, sms, frozen_clock):
    """Issue 13, hole 4: a locked real username answered 429 ACCOUNT_LOCKED (even to the right
    password) while an unknown one answered 401, so anyone could list usernames."""
    make_staff("dr.bhopal")
    for _ in range(10):
        assert client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-123"}).status == 401
    for _ in range(10):
        assert client.post("/auth/login", {"username": "no.such.officer", "password": "wrong-pass-123"}).status == 401
    locked = client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD})
    unknown = client.post("/auth/login", {"username": "no.such.officer", "password": PASSWORD})
    wrong = client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-123"})
    assert locked.status == unknown.status == wrong.status == 401
    assert locked.json == unknown.json == wrong.json and locked.error_code == "LOGIN_FAILED"
    assert "retry-after" not in locked.headers and "retry-after" not in unknown.headers
    assert [t for t in sms.to("9111111111") if "लॉगिन ओटीपी" in t] == []      # no OTP while paused
    frozen_clock["now"] += timedelta(seconds=901)
    assert client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD}).status == 200


def test_a_locked_out_officer_gets_back_in_with_the_otp_reset(client, sms, frozen_clock):
    make_staff("dr.bhopal")
    for _ in range(10):
        client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-123"})
    challenge = client.post("/auth/password/reset", {"username": "dr.bhopal"}).json["challenge_id"]
    for _ in range(5):                                    # the attacker keeps guessing meanwhile
        assert client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-456"}).status == 401
    r = client.post("/auth/password/reset/verify", {"challenge_id": challenge, "otp": sms.last_otp("9111111111"),
                                                    "new_password": "NewSecret2026x"})
    assert r.status == 204, r
    frozen_clock["now"] += timedelta(seconds=61)          # one OTP a minute per mobile; the lock had 900 s left
    r = client.post("/auth/login", {"username": "dr.bhopal", "password": "NewSecret2026x"})
    assert r.status == 200 and r.json["challenge_id"]                       # the lock is gone


@pytest.fixture
def source(monkeypatch):
    """The caller's network address as the login route sees it (API Gateway's sourceIp)."""
    from chalicelib.identity import api

    where = {"ip": "10.0.0.1"}
    monkeypatch.setattr(api, "source_of", lambda call: where["ip"])
    return where


def test_guessing_from_elsewhere_does_not_lock_the_officer_out(client, sms, source):
    make_staff("dr.bhopal")
    source["ip"] = "203.0.113.9"                                   # someone else's network
    for _ in range(12):
        assert client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-123"}).status == 401
    assert client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD}).status == 401   # paused there
    source["ip"] = "10.20.30.40"                                   # the officer's office
    r = client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD})
    assert r.status == 200 and r.json["challenge_id"]


def test_a_flood_from_many_sources_pauses_everywhere_until_the_otp_reset(client, sms, source, monkeypatch,
                                                                          frozen_clock):
    from chalicelib.core.config import reset_settings

    monkeypatch.setenv("SAHKAR_PASSWORD_MAX_FAILURES_ALL_SOURCES", "6")
    reset_settings()
    try:
        make_staff("dr.bhopal")
        for n in range(6):
            source["ip"] = f"198.51.100.{n}"
            client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-123"})
        source["ip"] = "10.20.30.40"
        paused = client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD})
        assert paused.status == 401 and paused.error_code == "LOGIN_FAILED"
        challenge = client.post("/auth/password/reset", {"username": "dr.bhopal"}).json["challenge_id"]
        r = client.post("/auth/password/reset/verify", {"challenge_id": challenge,
                                                        "otp": sms.last_otp("9111111111"),
                                                        "new_password": "NewSecret2026x"})
        assert r.status == 204, r
        frozen_clock["now"] += timedelta(seconds=61)
        assert client.post("/auth/login", {"username": "dr.bhopal", "password": "NewSecret2026x"}).status == 200
    finally:
        monkeypatch.delenv("SAHKAR_PASSWORD_MAX_FAILURES_ALL_SOURCES")
        reset_settings()


def test_unknown_and_locked_usernames_cost_the_same_password_hash(client, sms):
    from unittest import mock

    from chalicelib.identity import passwords

    make_staff("dr.bhopal")
    for _ in range(10):
        client.post("/auth/login", {"username": "dr.bhopal", "password": "wrong-pass-123"})
    with mock.patch.object(passwords, "verify_password", wraps=passwords.verify_password) as hashed:
        client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD})        # locked
        client.post("/auth/login", {"username": "no.such.officer", "password": PASSWORD})  # unknown
    assert hashed.call_count == 2


def test_password_reset_is_rate_limited_alike_for_unknown_usernames(client, sms, frozen_clock):
    make_staff("dr.bhopal")
    answers = {}
    for name in ("dr.bhopal", "no.such.officer"):
        first = client.post("/auth/password/reset", {"username": name})
        again = client.post("/auth/password/reset", {"username": name})
        answers[name] = (first.status, sorted(first.json), again.status, again.error_code)
    assert answers["dr.bhopal"] == answers["no.such.officer"]
    assert answers["dr.bhopal"][2] == 429


def test_login_challenge_is_single_use_and_locks(client, sms):
    make_staff("dr.bhopal")
    challenge = client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD}).json["challenge_id"]
    otp = sms.last_otp("9111111111")
    wrong = "000000" if otp != "000000" else "111111"
    for _ in range(5):
        assert client.post("/auth/login/verify", {"challenge_id": challenge, "otp": wrong}).status == 401
    r = client.post("/auth/login/verify", {"challenge_id": challenge, "otp": otp})
    assert r.status == 401 and r.error_code == "OTP_LOCKED"
    assert client.post("/auth/login/verify", {"challenge_id": "01JUNKJUNKJUNK", "otp": otp}).status == 401


def test_admin_creates_user_who_activates_with_otp(client, sms, frozen_clock):
    token = admin(client, sms)
    r = client.post("/admin/users", new_user(), token=token)
    assert r.status == 201, r
    assert r.json["activated"] is False and r.json["mobile"] == "XXXXXX2222" and r.json["version"] == 1
    assert "dr.sehore" in sms.to("9222222222")[-1]
    # cannot sign in before a password is set
    assert client.post("/auth/login", {"username": "dr.sehore", "password": "Whatever12345"}).status == 401
    challenge = client.post("/auth/password/reset", {"username": "dr.sehore"}).json["challenge_id"]
    weak = client.post("/auth/password/reset/verify", {"challenge_id": challenge, "otp": sms.last_otp("9222222222"),
                                                         "new_password": "onlyletters"})
    assert weak.status == 422 and weak.error_fields == ["new_password"]
    done = client.post("/auth/password/reset/verify", {"challenge_id": challenge, "otp": sms.last_otp("9222222222"),
                                                         "new_password": "Sehore-Office-2026"})
    assert done.status == 204
    frozen_clock["now"] += timedelta(seconds=61)   # one OTP a minute per mobile
    assert staff_token(client, sms, "dr.sehore", "9222222222", "Sehore-Office-2026")


def test_password_reset_for_unknown_user_answers_alike(client, sms):
    r = client.post("/auth/password/reset", {"username": "nobody"})
    assert r.status == 202 and set(r.json) == {"challenge_id", "expires_in", "sent_to"}


def test_only_admin_manages_users(client, sms):
    officer_token = officer(client, sms, "dr.bhopal")
    r = client.post("/admin/users", new_user(), token=officer_token)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.get("/admin/users").status == 401
    assert client.get("/admin/users", token="not-a-token").error_code == "TOKEN_INVALID"


def test_create_user_validation_names_fields(client, sms):
    token = admin(client, sms)
    cases = [
        (new_user(username="X"), "username"),
        (new_user(mobile="123"), "mobile"),
        (new_user(role="superuser"), "role"),
        (new_user(jurisdiction={"level": "district", "code": "atlantis"}), "jurisdiction.code"),
        (new_user(role="admin"), "jurisdiction.level"),
        (new_user(role="housing_cell", jurisdiction={"level": "division", "code": "rewa"}), "jurisdiction.code"),
        (new_user(name="x" * 121), "name"),
        (new_user(extra="field"), "extra"),
    ]
    for body, field in cases:
        r = client.post("/admin/users", body, token=token)
        assert r.status == 422, (field, r)
        assert field in r.error_fields, (field, r)


def test_create_user_replay_creates_nothing_twice(client, sms):
    token = admin(client, sms)
    headers = {"Idempotency-Key": "create-dr-sehore-1"}
    first = client.post("/admin/users", new_user(), token=token, headers=headers)
    replay = client.post("/admin/users", new_user(), token=token, headers=headers)
    assert first.status == replay.status == 201 and first.json == replay.json
    assert len(sms.to("9222222222")) == 1
    other = client.post("/admin/users", new_user(name="Someone Else"), token=token, headers=headers)
    assert other.status == 409 and other.error_code == "IDEMPOTENCY_KEY_REUSED"
    dup = client.post("/admin/users", new_user(), token=token)
    assert dup.status == 409 and dup.error_code == "USER_EXISTS"


def test_list_users_paginates(client, sms):
    token = admin(client, sms)
    for i in range(5):
        client.post("/admin/users", new_user(username=f"officer{i}", mobile=f"93000000{i:02d}"), token=token)
    seen, cursor = [], None
    while True:
        path = "/admin/users?limit=2" + (f"&next={cursor}" if cursor else "")
        page = client.get(path, token=token).json
        seen += [u["username"] for u in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert sorted(seen) == sorted(["admin"] + [f"officer{i}" for i in range(5)])
    assert client.get("/admin/users?next=garbage", token=token).error_fields == ["next"]


def test_deactivation_revokes_live_tokens(client, sms):
    token = admin(client, sms)
    victim = officer(client, sms, "dr.bhopal")
    assert client.get("/me", token=victim).status == 200
    r = client.post("/admin/users/dr.bhopal/deactivate", {"note": "transferred out"}, token=token)
    assert r.status == 200 and r.json["active"] is False
    assert client.get("/me", token=victim).error_code == "TOKEN_INVALID"
    assert client.post("/auth/login", {"username": "dr.bhopal", "password": PASSWORD}).status == 401
    client.post("/admin/users/dr.bhopal/activate", {"note": "back"}, token=token)
    assert client.get("/me", token=victim).status == 401      # old token stays dead


def test_role_change_ends_sessions_and_update_needs_fresh_version(client, sms):
    token = admin(client, sms)
    victim = officer(client, sms, "dr.bhopal")
    r = client.patch("/admin/users/dr.bhopal", {"version": 1, "jurisdiction": {"level": "division", "code": "bhopal"},
                                                "note": "promoted to JR"}, token=token)
    assert r.status == 200 and r.json["version"] == 2
    assert client.get("/me", token=victim).status == 401
    stale = client.patch("/admin/users/dr.bhopal", {"version": 1, "name": "X", "note": "late"}, token=token)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"


def test_concurrent_updates_one_wins(client, sms):
    token = admin(client, sms)
    make_staff("dr.bhopal")

    def rename(name):
        return client.patch("/admin/users/dr.bhopal", {"version": 1, "name": name, "note": "rename"}, token=token)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(rename, ["A One", "B Two", "C Three", "D Four"]))
    assert sorted(r.status for r in results).count(200) == 1
    assert all(r.status in (200, 409) for r in results)
    history = client.get("/admin/users/dr.bhopal/history", token=token).json
    assert [e["action"] for e in history["items"]] == ["created", "updated"] and history["chain_valid"]


def test_history_tampering_is_detected(client, sms):
    token = admin(client, sms)
    make_staff("dr.bhopal")
    client.post("/admin/users/dr.bhopal/deactivate", {"note": "leave"}, token=token)
    model = history_model("identity")
    item = model.get("USER#dr.bhopal", "HIST#00000002")
    item.entry = {**item.entry, "actor": "someone-else"}
    item.save()
    assert client.get("/admin/users/dr.bhopal/history", token=token).json["chain_valid"] is False


def test_unknown_user_is_404(client, sms):
    token = admin(client, sms)
    r = client.get("/admin/users/ghost", token=token)
    assert r.status == 404 and r.error_code == "USER_NOT_FOUND"


def test_a_failure_log_keeps_only_its_newest_times(client):
    from chalicelib.identity import store

    key = "FAILS#test"
    for now in range(1, 4):
        store.add_failure([key], now, 900, store.failure_times([key]), cap=3)
    assert store.failure_times([key])[key] == [1, 2, 3]
    store.add_failure([key], 4, 900, store.failure_times([key]), cap=3)     # full: cut back, never unbounded
    assert store.failure_times([key])[key] == [2, 3, 4]
    store.clear_failures([key])
    assert store.failure_times([key, "FAILS#none"]) == {key: [], "FAILS#none": []}


def test_a_ca_firms_login_otp_does_not_call_it_staff(client, sms):
    make_staff("firm.sharma", role=Role.CA_FIRM, level=Level.STATE, code=None, mobile="9222200001")
    assert client.post("/auth/login", {"username": "firm.sharma", "password": PASSWORD}).status == 200
    text = sms.to("9222200001")[-1]
    assert text.startswith("सहकार सेतु: आपका लॉगिन ओटीपी") and "कर्मचारी" not in text
    make_staff("dr.sagar", code="sagar", mobile="9222200002")
    assert client.post("/auth/login", {"username": "dr.sagar", "password": PASSWORD}).status == 200
    assert "कर्मचारी लॉगिन" in sms.to("9222200002")[-1]
