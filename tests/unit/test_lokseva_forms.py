"""The form rules on their own: each type's limits, dd/mm/yyyy dates, required and unknown fields,
and which required documents are missing."""

from __future__ import annotations

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.lokseva import domain, forms

FIELDS = [
    {"name": "father_name", "type": "text", "label_hi": "पिता का नाम", "label_en": "Father's name", "required": True,
     "max_length": 10},
    {"name": "samagra_id", "type": "text", "label_hi": "समग्र", "label_en": "Samagra", "required": False,
     "max_length": 9, "pattern": "^[0-9]{8,9}$"},
    {"name": "land", "type": "number", "label_hi": "भूमि", "label_en": "Land", "required": False,
     "minimum": 0, "maximum": 100, "step": "0.01"},
    {"name": "born_on", "type": "date", "label_hi": "जन्म तिथि", "label_en": "Born on", "required": False},
    {"name": "source", "type": "choice", "label_hi": "स्रोत", "label_en": "Source", "required": False,
     "options": [{"value": "farming", "label_hi": "खेती", "label_en": "Farming"}]},
]


def _refused(answers: dict) -> tuple[str, str]:
    with pytest.raises(Invalid) as caught:
        forms.check(FIELDS, answers)
    return caught.value.details[0]["field"], caught.value.code


def test_clean_answers_come_back_normalised():
    out = forms.check(FIELDS, {"father_name": "  Ram  ", "land": "2.50", "born_on": "5/1/2025", "source": "farming"})
    assert out == {"father_name": "Ram", "land": "2.5", "born_on": "2025-01-05", "source": "farming"}
    assert forms.check(FIELDS, {"father_name": "Ram", "born_on": "2025-01-05", "land": 7}) == {
        "father_name": "Ram", "born_on": "2025-01-05", "land": "7"}


@pytest.mark.parametrize(("answers", "field", "code"), [
    ({}, "form.father_name", "FORM_REQUIRED"),
    ({"father_name": "   "}, "form.father_name", "FORM_REQUIRED"),
    ({"father_name": "x" * 11}, "form.father_name", "FORM_TOO_LONG"),
    ({"father_name": 5}, "form.father_name", "FORM_NOT_TEXT"),
    ({"father_name": "Ram", "samagra_id": "12ab"}, "form.samagra_id", "FORM_PATTERN"),
    ({"father_name": "Ram", "land": "101"}, "form.land", "FORM_RANGE"),
    ({"father_name": "Ram", "land": "1.005"}, "form.land", "FORM_STEP"),
    ({"father_name": "Ram", "land": "NaN"}, "form.land", "FORM_NOT_NUMBER"),
    ({"father_name": "Ram", "land": True}, "form.land", "FORM_NOT_NUMBER"),
    ({"father_name": "Ram", "land": "1e999999"}, "form.land", "FORM_RANGE"),
    ({"father_name": "Ram", "land": "1e-999999"}, "form.land", "FORM_STEP"),
    ({"father_name": "Ram", "land": 1e308}, "form.land", "FORM_RANGE"),
    ({"father_name": "Ram", "born_on": "31/02/2025"}, "form.born_on", "FORM_NOT_DATE"),
    ({"father_name": "Ram", "born_on": "01/01/1700"}, "form.born_on", "FORM_NOT_DATE"),
    ({"father_name": "Ram", "source": "Farming"}, "form.source", "FORM_CHOICE"),
    ({"father_name": "Ram", "height": "6"}, "form.height", "FORM_UNKNOWN"),
])
def test_each_rule_refuses_naming_the_field(answers, field, code):
    assert _refused(answers) == (field, code)


def test_missing_and_unlisted_documents():
    listed = [{"code": "aadhaar", "required": True}, {"code": "photo", "required": False}]
    assert [d["code"] for d in forms.missing_documents(listed, ["photo"])] == ["aadhaar"]
    assert forms.missing_documents(listed, ["aadhaar"]) == []
    assert forms.unknown_documents(listed, ["aadhaar", "passport"]) == [1]


def test_a_counter_fee_other_than_the_catalogues_needs_a_reason():
    from decimal import Decimal

    domain.check_fee(Decimal("10.00"), Decimal("10"), None)
    domain.check_fee(Decimal("10.00"), Decimal("20.00"), "two copies")
    for reason in (None, "  "):
        with pytest.raises(Invalid) as caught:
            domain.check_fee(Decimal("10.00"), Decimal("20.00"), reason)
        assert caught.value.code == "FEE_DIFFERS" and caught.value.details[0]["field"] == "fee_taken"
    with pytest.raises(Invalid):
        domain.check_fee(Decimal("10.00"), Decimal("0.00"), "")         # less, too, needs a reason


def test_a_form_definition_is_checked_when_an_admin_saves_it():
    from pydantic import ValidationError

    from chalicelib.lokseva.form_schemas import FormField

    base = {"name": "x_field", "label_hi": "क", "label_en": "X"}
    for bad in ({"type": "text"}, {"type": "text", "max_length": 5, "pattern": "(["},
                {"type": "number", "minimum": 5, "maximum": 1}, {"type": "choice"}):
        with pytest.raises(ValidationError):
            FormField.model_validate({**base, **bad})
    assert FormField.model_validate({**base, "type": "date"}).required is True


def test_a_service_saved_before_forms_gets_the_shipped_form_and_document_names():
    from chalicelib.lokseva import masterdata

    old = {"name_hi": "आय प्रमाण पत्र", "name_en": "Income certificate", "fee": "0.00",
           "documents": ["aadhaar", "self_declaration", "samagra_id", "unheard_of"]}
    new = masterdata.upgraded("income_certificate", old)
    assert [f["name"] for f in new["form"]][:2] == ["father_name", "address"] and new["applicant"] == "person"
    assert [d["code"] for d in new["documents"]] == ["aadhaar", "self_declaration", "unheard_of"]
    assert new["documents"][0]["name_hi"] == "आधार कार्ड" and new["documents"][2]["required"] is False
    assert new["name_hi"] == "आय प्रमाण पत्र"                       # what was saved is kept
    current = masterdata.upgraded("income_certificate", new)
    assert current == new
