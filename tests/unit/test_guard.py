"""core.guard's rules, and the edge's last resort for a bug (no AWS: a fake request)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from types import SimpleNamespace

import pytest
from pydantic import BaseModel

from chalicelib.core import guard
from chalicelib.core.errors import BadRequest, Invalid
from chalicelib.core.http import JSON, PUBLIC, Endpoint, handle, json_response


def test_depth_counts_arrays_and_objects_but_not_brackets_in_strings():
    assert guard.json_depth(b'{"a": [1, {"b": []}]}') == 4
    assert guard.json_depth(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[[[[[[["}') == 1
    assert guard.json_depth(b"[" * 33 + b"]" * 33) == 33
    assert guard.json_depth(b"[]" * 5000) == 1     # long but flat


def test_decode_refuses_depth_before_recursing_and_nan():
    with pytest.raises(BadRequest) as deep:
        guard.decode_json(b"[" * 100_000)
    assert deep.value.code == "BODY_TOO_DEEP" and deep.value.details[0]["field"] == "body"
    assert guard.decode_json(b"[" * 32 + b"]" * 32) is not None
    for constant in (b"NaN", b"Infinity", b"-Infinity", b'{"a": NaN}'):
        with pytest.raises(BadRequest) as bad:
            guard.decode_json(constant)
        assert bad.value.code == "BAD_JSON"


@pytest.mark.parametrize("text,refused", [
    ("plain", False), ("हिंदी क्\u200dष", False), ("a\tb\nc\r\n", False), ("\U0001F600", False),
    ("\ud800", True), ("x\udfffy", True), ("\x00", True), ("\x1f", True), ("\x7f", True), ("\x9b", True),
])
def test_text_rules(text, refused):
    assert (guard.text_problem(text) is not None) is refused


class Inner(BaseModel):
    on: dt.date
    amount: Decimal


class Outer(BaseModel):
    items: list[Inner]
    count: int
    at: dt.datetime | None = None


def test_check_names_every_bad_field_of_a_validated_model():
    good = Outer(items=[Inner(on=dt.date(2026, 1, 1), amount=Decimal("1.5"))], count=3)
    guard.check(good, "query")
    # built without validation: a field type that lets such values through
    bad = Outer.model_construct(items=[Inner.model_construct(on=dt.date(9999, 12, 31), amount=Decimal("NaN"))],
                                count=2**60, at=dt.datetime(1, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(Invalid) as refused:
        guard.check(bad, "query")
    assert [d["field"] for d in refused.value.details] == [
        "query.items.0.on", "query.items.0.amount", "query.count", "query.at"]


def test_bools_are_not_numbers_and_raw_bodies_name_nested_fields():
    guard.check({"flag": True, "n": -(2**53 - 1), "ok": ["a", {"b": 1.5}]}, "body")
    with pytest.raises(Invalid) as refused:
        guard.check({"ok": ["a", {"b": 2**53}], "s": "\x00"}, "body")
    assert [d["field"] for d in refused.value.details] == ["ok.1.b", "s"]


def _request(body: bytes = b"{}") -> SimpleNamespace:
    return SimpleNamespace(headers={"accept-language": "en"}, raw_body=body, query_params=None)


def _endpoint(fn) -> Endpoint:
    return Endpoint("test", "/boom", "POST", "boom", "boom", ("test",), PUBLIC, None, None, None, 200, False,
                    (), JSON, fn)


def test_a_bug_becomes_a_logged_500_with_the_standard_body_and_no_traceback(caplog):
    def broken(call):
        raise RecursionError("secret detail 9876543210")

    with caplog.at_level(logging.ERROR, logger="sahkar.http"):
        response = handle(_endpoint(broken), broken, _request(), {})
    assert response.status_code == 500
    body = json.loads(response.body)
    assert body == {"error": {"code": "INTERNAL", "message": "Internal error. Please try again later.",
                              "details": []}}
    assert "Traceback" not in response.body and "9876543210" not in response.body
    assert any("POST /boom" in r.getMessage() for r in caplog.records)


def test_a_stored_lone_surrogate_is_escaped_not_a_crash():
    response = json_response({"subject": "old \ud800 data", "hi": "हिंदी"})
    response.body.encode("utf-8")   # would raise UnicodeEncodeError unescaped
    assert json.loads(response.body)["subject"] == "old \ud800 data"
    assert "हिंदी" in json_response({"hi": "हिंदी"}).body    # the usual case stays readable UTF-8
