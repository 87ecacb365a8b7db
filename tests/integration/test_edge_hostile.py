"""Hostile input answers a 4xx naming the field, never a 5xx (core.guard at the edge).

One test per hole the hostile probe of issue 13 found, and the same rules on the other ways in:
query strings, path parameters, the Idempotency-Key header.
"""

from __future__ import annotations

import json

import pytest

from tests.integration.grievance_helpers import GRIEVANCE, citizen, file, seed_master_data


@pytest.fixture
def filer(client, sms, frozen_clock):
    seed_master_data()
    return citizen(client, sms)


def _mine(client, token):
    return client.get("/grievances?mine=true", token=token).json["items"]


def test_a_deeply_nested_body_is_a_400_naming_body_on_a_public_route(client):
    deep = "[" * 1000 + "]" * 1000            # ~2 KB; 1,000 levels made json.loads recurse into a 500
    assert len(deep) < 3000
    r = client.post("/auth/otp", raw_body=deep)
    assert r.status == 400 and r.error_code == "BODY_TOO_DEEP" and r.error_fields == ["body"], r
    objects = '{"mobile": ' + '{"a": ' * 600 + "1" + "}" * 600 + "}"
    r = client.post("/auth/otp", raw_body=objects, headers={"Accept-Language": "en"})
    assert r.status == 400 and r.error_code == "BODY_TOO_DEEP" and "nested too deeply" in r.json["error"]["message"]


def test_brackets_inside_strings_do_not_count_as_nesting(client, filer):
    r = file(client, filer, subject="[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{")
    assert r.status == 201, r


def test_far_dates_in_a_query_are_a_422_not_an_overflow(client):
    r = client.get("/lokseva/working-days?start=9999-12-31&days=365")
    assert r.status == 422 and r.error_fields == ["query.start"], r
    r = client.get("/lokseva/working-days?start=0001-01-01&days=365")
    assert r.status == 422 and r.error_fields == ["query.start"], r
    assert client.get("/lokseva/working-days?start=2026-11-23&days=10").status == 200


def test_a_lone_surrogate_in_a_grievance_subject_is_a_422_and_nothing_is_written(client, filer):
    r = client.post("/grievances", raw_body=json.dumps({**GRIEVANCE, "subject": "AGM \ud800 not held"}),
                    token=filer)
    assert r.status == 422 and r.error_fields == ["subject"] and "surrogate" in r.text, r
    assert _mine(client, filer) == []
    # a valid pair (an emoji) is one code point, not a lone surrogate
    assert file(client, filer, subject="AGM not held \U0001F600").status == 201


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_nul_and_control_characters_are_a_422_naming_the_field(client, filer, char):
    r = file(client, filer, description=f"no AGM{char} for two years")
    assert r.status == 422 and r.error_fields == ["description"], r
    assert _mine(client, filer) == []


def test_free_text_keeps_line_breaks_tabs_and_devanagari_joiners(client, filer):
    text = "पहली पंक्ति\r\nदूसरी\tपंक्ति क्\u200dष"   # ZWJ is a format character Devanagari needs
    r = file(client, filer, description=text)
    assert r.status == 201, r
    assert client.get(f"/grievances/{r.json['urn']}", token=filer).json["description"] == text


def test_hostile_field_names_and_nested_values_are_named(client, filer):
    r = client.post("/grievances", raw_body=json.dumps({**GRIEVANCE, "bad\x00key": 1}), token=filer)
    assert r.status == 422 and r.error_fields == ["body"], r
    r = client.post("/grievances", raw_body=json.dumps({**GRIEVANCE, "documents": ["D1", "a\x00"]}),
                    token=filer)
    assert r.status == 422 and r.error_fields == ["documents.1"], r


def test_numbers_are_finite_and_in_range(client, filer):
    r = client.post("/grievances", raw_body=json.dumps(GRIEVANCE)[:-1] + ', "subject": NaN}', token=filer)
    assert r.status == 400 and r.error_code == "BAD_JSON", r
    r = client.post("/grievances", raw_body=json.dumps({**GRIEVANCE, "subject": 10**30}), token=filer)
    assert r.status == 422 and r.error_fields == ["subject"] and "between" in r.text, r
    r = client.post("/grievances", raw_body=json.dumps(GRIEVANCE)[:-1] + ', "subject": -1e400}', token=filer)
    assert r.status == 422 and r.error_fields == ["subject"] and "finite" in r.text, r
    r = client.post("/grievances", raw_body=json.dumps(GRIEVANCE)[:-1] + ', "subject": 1' + "0" * 5000 + "}",
                    token=filer)
    assert r.status == 400 and r.error_code == "BAD_JSON", r   # past Python's int-digits limit
    assert _mine(client, filer) == []


def test_query_keys_and_values_path_params_and_idempotency_key_are_checked(client, filer):
    r = client.get("/societies?q=%00abc")
    assert r.status == 422 and r.error_fields == ["query.q"], r
    r = client.get("/societies?q%1B=abc")
    assert r.status == 422 and r.error_fields == ["query"], r
    r = client.get("/societies/MP\x00X")   # API Gateway hands path parameters over decoded
    assert r.status == 422 and r.error_fields == ["path.reg_no"], r
    r = file(client, filer, headers={"Idempotency-Key": "key\x01one"})
    assert r.status == 422 and r.error_fields == ["Idempotency-Key"], r
    assert _mine(client, filer) == []


def test_a_hostile_bearer_token_is_a_401(client):
    for token in ("abc\x00def", "\u0915\u094d\u0937"):
        r = client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status == 401 and r.error_code == "TOKEN_INVALID", r
