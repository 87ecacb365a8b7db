"""The shared kernel's rules, without AWS."""

from __future__ import annotations

import pytest

from chalicelib.core import history, i18n, ids
from chalicelib.core.auth import Jurisdiction, Level, Principal, Role, decode_token, issue_token
from chalicelib.core.dynamo import decode_cursor, encode_cursor
from chalicelib.core.errors import BadRequest, Invalid, RateLimited, Unauthorized
from chalicelib.core.notify import e164, mask
from chalicelib.identity import domain
from chalicelib.societies.search import name_keys, query_keys

RULES = domain.OtpRules(ttl=300, max_attempts=5, min_interval=60, window=900, max_sends=3)


def test_otp_send_limits():
    sends = domain.next_sends([], 1000, RULES)
    with pytest.raises(RateLimited) as too_soon:
        domain.next_sends(sends, 1030, RULES)
    assert too_soon.value.headers["Retry-After"] == "30"
    sends = domain.next_sends(domain.next_sends(sends, 1060, RULES), 1120, RULES)
    with pytest.raises(RateLimited) as window:
        domain.next_sends(sends, 1180, RULES)
    assert window.value.headers["Retry-After"] == str(1000 + 900 - 1180)
    assert domain.next_sends(sends, 1901, RULES)[-1] == 1901       # the oldest send left the window


def test_otp_state_rules():
    live = domain.OtpState("d", expires_at=2000, attempts=0, used=False)
    assert domain.ensure_usable(live, 1999, RULES) is live
    for state, now, code in [(None, 0, "OTP_INVALID"), (live, 2000, "OTP_INVALID"),
                             (domain.OtpState("d", 2000, 0, True), 10, "OTP_INVALID"),
                             (domain.OtpState("d", 2000, 5, False), 10, "OTP_LOCKED")]:
        with pytest.raises(Unauthorized) as err:
            domain.ensure_usable(state, now, RULES)
        assert err.value.code == code


def test_otp_and_mobile_digests_are_keyed_and_distinct():
    a = domain.otp_digest("secret", "citizen", "m1", "123456")
    assert a != domain.otp_digest("other-secret", "citizen", "m1", "123456")
    assert a != domain.otp_digest("secret", "login", "m1", "123456")
    assert "9876543210" not in domain.mobile_key("secret", "9876543210")


def test_otp_codes_are_six_digits():
    codes = {ids.otp_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes) and len(codes) > 150


def test_password_policy():
    with pytest.raises(Invalid) as err:
        domain.check_password_policy("short1", "ram")
    assert err.value.details[0]["field"] == "new_password"
    with pytest.raises(Invalid):
        domain.check_password_policy("ram-is-here-123", "ram")
    domain.check_password_policy("Cooperative-2026", "ram")


def test_role_jurisdiction_rules():
    expected = Jurisdiction(Level.DISTRICT, "indore")
    assert domain.validate_jurisdiction(Role.OFFICER, Level.DISTRICT, "indore") == expected
    for role, level, code in [(Role.ADMIN, Level.DISTRICT, "indore"), (Role.OFFICER, Level.DISTRICT, "x"),
                              (Role.HOUSING_CELL, Level.DIVISION, "sagar")]:
        with pytest.raises(Invalid):
            domain.validate_jurisdiction(role, level, code)


def test_jurisdiction_tree():
    division = Jurisdiction(Level.DIVISION, "bhopal")
    assert division.covers_district("sehore") and not division.covers_district("indore")
    assert Jurisdiction().covers_district("niwari")
    assert not Jurisdiction(Level.DISTRICT, "bhopal").covers_district("raisen")


def test_tokens_round_trip_and_refuse_tampering():
    principal = Principal("dr.bhopal", Role.OFFICER, Jurisdiction(Level.DISTRICT, "bhopal"), 3, "t1")
    token = issue_token(principal, 60)
    assert decode_token(token) == principal
    head, body, sig = token.split(".")
    with pytest.raises(Unauthorized):
        decode_token(f"{head}.{body}.{sig[::-1]}")
    with pytest.raises(Unauthorized):
        decode_token(issue_token(principal, -1))


def test_history_chain_detects_edits_reordering_and_deletion():
    entries, head = [], (0, None)
    for action in ("created", "updated", "deactivated"):
        entry = history.next_entry(*head, at="2026-11-23T06:00:00Z", actor="admin", action=action, note="n")
        entries.append(entry)
        head = (entry.seq, entry.hash)
    assert history.verify(entries)
    edited = history.Entry(**{**entries[1].as_dict(), "note": "changed"})
    assert not history.verify([entries[0], edited, entries[2]])
    assert not history.verify([entries[0], entries[2]])
    assert not history.verify([entries[1], entries[0], entries[2]])


def test_cursor_is_signed_and_bound_to_its_query():
    token = encode_cursor({"pk": {"S": "SOC#1"}}, "list:bhopal")
    assert decode_cursor(token, "list:bhopal") == {"pk": {"S": "SOC#1"}}
    for bad, scope in [(token, "list:indore"), (token[:-2] + "AA", "list:bhopal"), ("%%%", "list:bhopal")]:
        with pytest.raises(BadRequest):
            decode_cursor(bad, scope)
    assert encode_cursor(None, "x") is None


def test_language_choice_defaults_to_hindi():
    assert i18n.pick_language(None) == "hi"
    assert i18n.pick_language("en-IN,en;q=0.9") == "en"
    assert i18n.pick_language("fr, en;q=0.5") == "en"
    assert i18n.pick_language("en;q=0.2, hi;q=0.8") == "hi"
    assert i18n.pick_language("fr") == "hi"
    assert i18n.translate("SOCIETY_NOT_FOUND", "en", reg_no="X") == "Society X not found."


def test_every_message_has_both_languages():
    for code, (hindi, english) in i18n.MESSAGES.items():
        assert hindi and english and hindi != english, code
        assert any("\u0900" <= ch <= "\u097f" for ch in hindi), code


def test_mobile_masking_and_e164():
    assert mask("9876543210") == "XXXXXX3210"
    assert e164("98765 43210") == "+919876543210"


def test_luhn_reference_numbers_catch_typos():
    number = "123456789"
    full = number + ids.luhn_check_digit(number)
    assert ids.is_luhn_valid(full)
    assert not ids.is_luhn_valid(full[:3] + str((int(full[3]) + 1) % 10) + full[4:])


@pytest.mark.parametrize(("hindi", "latin"), [
    ("सहकारी", "Sahkari"), ("सहकारी", "sahakari"), ("इंदौर", "Indore"), ("ग्वालियर", "Gwalior"),
    ("छिंदवाड़ा", "Chhindwara"), ("राजगढ़", "Rajgarh"), ("नर्मदापुरम", "Narmadapuram"), ("कलां", "Kalan"),
    ("माँ रेवा", "Maa Reva"), ("प्राथमिक कृषि साख", "Prathmik Krishi Sakh"), ("लक्ष्मी", "Laxmi"),
])
def test_search_keys_meet_across_scripts(hindi, latin):
    assert name_keys(hindi) == name_keys(latin)


def test_query_keys_longest_first():
    assert query_keys("Rampur sahkari") == ["rnpr", "skr"]
    assert query_keys("  ") == []
