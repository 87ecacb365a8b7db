"""A field's message in the reader's language: pydantic's English and our English detail texts
become Hindi for a Hindi reader, stay as they are in English; the field is still named."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, ValidationError

from chalicelib.core.errors import invalid_field
from chalicelib.core.http import error_payload, validation_error

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


class Sample(BaseModel):
    subject: str = Field(min_length=5, max_length=10)
    count: int = Field(ge=1)
    district: str


def _invalid(body: dict):
    try:
        Sample.model_validate(body)
    except ValidationError as exc:
        return validation_error(exc, "body")
    raise AssertionError("the body was valid")


def test_pydantic_errors_read_in_hindi_with_their_limits():
    error = _invalid({"subject": "abc", "count": 0})
    hindi = error_payload(error, "hi")["error"]
    assert [d["field"] for d in hindi["details"]] == ["subject", "count", "district"]
    assert [d["message"] for d in hindi["details"]] == [
        "कम से कम 5 अक्षर लिखें।", "कम से कम 1 होना चाहिए।", "यह जानकारी आवश्यक है।"]
    assert not any(LATIN_WORD.search(d["message"]) for d in hindi["details"])
    english = error_payload(error, "en")["error"]["details"]
    assert english[0]["message"] == "String should have at least 5 characters"


def test_a_coded_field_error_is_one_message_in_hindi():
    error = invalid_field("urn", "a grievance number has 10 digits; check the number", "URN_INVALID")
    hindi = error_payload(error, "hi")["error"]
    assert hindi["details"] == [{"field": "urn", "message": hindi["message"]}]
    assert "10 अंकों" in hindi["message"] and not LATIN_WORD.search(hindi["message"])
    english = error_payload(error, "en")["error"]
    assert english["details"][0]["message"] == "a grievance number has 10 digits; check the number"


def test_an_unknown_kind_falls_back_to_plain_hindi():
    from chalicelib.core import field_messages

    assert field_messages.hindi("something_new", {}) == field_messages.FALLBACK
    assert field_messages.hindi("string_too_long", {}) == field_messages.FALLBACK     # a limit missing
