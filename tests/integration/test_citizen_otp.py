"""Citizen sign-in by SMS OTP: the rules of DOMAIN.md §9, read back from the SMS moto received."""

from __future__ import annotations

import logging
from datetime import timedelta

from chalicelib.core import notify, outbox
from tests.integration.helpers import citizen_token

MOBILE = "9876543210"


def test_otp_sign_in_and_me(client, sms):
    r = client.post("/auth/otp", {"mobile": "+91 98765-43210"})
    assert r.status == 202 and r.json == {"expires_in": 300, "resend_after": 60, "attempts": 5}
    texts = sms.to(MOBILE)
    assert len(texts) == 1 and "ओटीपी" in texts[0]          # Hindi by default
    r = client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": sms.last_otp(MOBILE)})
    assert r.status == 200
    assert r.json["role"] == "citizen" and r.json["expires_in"] == 3600
    me = client.get("/me", token=r.json["token"])
    assert me.status == 200
    assert me.json["role"] == "citizen" and me.json["mobile"] == "XXXXXX3210"


def test_english_sms_when_asked(client, sms):
    client.post("/auth/otp", {"mobile": MOBILE, "lang": "en"})
    assert sms.to(MOBILE)[0].startswith("Sahkar Setu: your sign-in OTP is")


def test_same_citizen_on_every_sign_in(client, sms, frozen_clock):
    first = client.get("/me", token=citizen_token(client, sms)).json["subject"]
    frozen_clock["now"] += timedelta(minutes=2)
    second = client.get("/me", token=citizen_token(client, sms)).json["subject"]
    assert first == second


def test_otp_is_single_use(client, sms):
    client.post("/auth/otp", {"mobile": MOBILE})
    otp = sms.last_otp(MOBILE)
    assert client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": otp}).status == 200
    again = client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": otp})
    assert again.status == 401 and again.error_code == "OTP_INVALID"


def test_five_wrong_tries_lock_the_otp(client, sms):
    client.post("/auth/otp", {"mobile": MOBILE})
    otp = sms.last_otp(MOBILE)
    wrong = "000000" if otp != "000000" else "111111"
    left = []
    for _ in range(5):
        r = client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": wrong})
        assert r.error_code == "OTP_INVALID"
        left.append(r.json["error"]["attempts_left"])
    assert left == [4, 3, 2, 1, 0]                            # the screen shows the tries left
    locked = client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": otp})
    assert locked.status == 401 and locked.error_code == "OTP_LOCKED" and locked.json["error"]["attempts_left"] == 0


def test_otp_expires_after_five_minutes(client, sms, frozen_clock):
    client.post("/auth/otp", {"mobile": MOBILE})
    frozen_clock["now"] += timedelta(seconds=300)
    r = client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": sms.last_otp(MOBILE)})
    assert r.status == 401 and r.error_code == "OTP_INVALID"


def test_new_otp_replaces_the_old(client, sms, frozen_clock):
    client.post("/auth/otp", {"mobile": MOBILE})
    old = sms.last_otp(MOBILE)
    frozen_clock["now"] += timedelta(seconds=61)
    client.post("/auth/otp", {"mobile": MOBILE})
    new = sms.last_otp(MOBILE)
    if old != new:
        assert client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": old}).status == 401
    assert client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": new}).status == 200


def test_one_send_per_minute(client, sms, frozen_clock):
    assert client.post("/auth/otp", {"mobile": MOBILE}).status == 202
    frozen_clock["now"] += timedelta(seconds=20)
    r = client.post("/auth/otp", {"mobile": MOBILE})
    assert r.status == 429 and r.error_code == "RATE_LIMITED"
    assert r.headers["retry-after"] == "40" and r.json["error"]["retry_after"] == 40
    assert len(sms.to(MOBILE)) == 1


def test_three_sends_per_fifteen_minutes(client, sms, frozen_clock):
    for _ in range(3):
        assert client.post("/auth/otp", {"mobile": MOBILE}).status == 202
        frozen_clock["now"] += timedelta(seconds=61)
    r = client.post("/auth/otp", {"mobile": MOBILE})
    assert r.status == 429
    assert 0 < int(r.headers["retry-after"]) <= 900 - 3 * 61 + 61
    frozen_clock["now"] += timedelta(seconds=int(r.headers["retry-after"]))
    assert client.post("/auth/otp", {"mobile": MOBILE}).status == 202
    assert len(sms.to(MOBILE)) == 4


def test_limits_are_per_mobile(client, sms):
    assert client.post("/auth/otp", {"mobile": MOBILE}).status == 202
    assert client.post("/auth/otp", {"mobile": "9123456789"}).status == 202


def test_bad_mobile_is_named(client):
    for bad in ("12345", "5876543210", "98765432101", "abcdefghij", ""):
        r = client.post("/auth/otp", {"mobile": bad})
        assert r.status == 422, bad
        assert r.error_fields == ["mobile"]
    r = client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": "12ab56"})
    assert r.status == 422 and r.error_fields == ["otp"]


def test_messages_in_english_on_request(client):
    r = client.post("/auth/otp", {"mobile": "1"}, headers={"Accept-Language": "en-IN,en;q=0.9"})
    assert r.json["error"]["message"].startswith("The request has errors")
    r = client.post("/auth/otp", {"mobile": "1"})
    assert r.json["error"]["message"].startswith("अनुरोध में त्रुटि")


def test_sns_failure_still_answers_and_sms_goes_later(client, sms, frozen_clock, monkeypatch):
    def broken(_sms):
        raise RuntimeError("SNS throttled")

    monkeypatch.setattr(notify, "publish", broken)
    assert client.post("/auth/otp", {"mobile": MOBILE}).status == 202
    assert sms.to(MOBILE) == []
    monkeypatch.undo()
    assert notify.sweep() == {"sent": 0, "failed": 0, "expired": 0}   # not due yet
    frozen_clock["now"] += timedelta(minutes=2)
    assert notify.sweep()["sent"] == 1
    assert client.post("/auth/otp/verify", {"mobile": MOBILE, "otp": sms.last_otp(MOBILE)}).status == 200
    assert notify.sweep()["sent"] == 0                                  # sent once, never twice


def test_an_otp_sms_is_not_retried_after_the_otp_expired(client, sms, frozen_clock, monkeypatch):
    monkeypatch.setattr(notify, "publish", lambda _sms: (_ for _ in ()).throw(RuntimeError("down")))
    client.post("/auth/otp", {"mobile": MOBILE})
    monkeypatch.undo()
    frozen_clock["now"] += timedelta(minutes=6)
    assert notify.sweep()["expired"] == 1
    assert sms.to(MOBILE) == []


def test_outbox_holds_no_readable_mobile_or_otp(client, sms):
    client.post("/auth/otp", {"mobile": MOBILE})
    otp = sms.last_otp(MOBILE)
    stored = [item.attribute_values for item in outbox.OutboxMessage.due.query("S0")]
    for shard in range(1, outbox.SHARDS):
        stored += [item.attribute_values for item in outbox.OutboxMessage.due.query(f"S{shard}")]
    text = repr(stored)
    assert MOBILE not in text and otp not in text


def test_no_mobile_or_otp_in_logs(client, sms, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(notify, "publish", lambda _sms: (_ for _ in ()).throw(RuntimeError("down")))
    client.post("/auth/otp", {"mobile": MOBILE})
    monkeypatch.undo()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "sms" in logged.lower()            # the failure was logged…
    assert MOBILE not in logged                # …without the number
