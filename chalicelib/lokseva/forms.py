"""A service's application form, checked on the server with the definitions the client renders
(the catalogue's `form`, see form_schemas.FormField). Pure: no AWS here.

An answer that breaks a rule is a 422 naming `form.<field>`, its message in Hindi and English
with the field's own label. Answers come back cleaned: text trimmed, numbers as plain decimal
strings, dates as YYYY-MM-DD (dd/mm/yyyy is accepted and turned round)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from chalicelib.core.errors import invalid_field

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
MAX_ANSWERS = 40


def _refuse(spec: dict, code: str, english: str, **params: Any) -> Exception:
    return invalid_field(f"form.{spec['name']}", english, code, label_hi=spec["label_hi"], label_en=spec["label_en"],
                         **params)


def _text(spec: dict, value: Any) -> str:
    if not isinstance(value, str):
        raise _refuse(spec, "FORM_NOT_TEXT", "must be text")
    limit = int(spec.get("max_length") or 500)
    if len(value) > limit:
        raise _refuse(spec, "FORM_TOO_LONG", f"at most {limit} characters", limit=limit)
    if spec.get("pattern") and not re.fullmatch(spec["pattern"], value):
        raise _refuse(spec, "FORM_PATTERN", "not in the expected form" +
                      (f" ({spec['help_en']})" if spec.get("help_en") else ""))
    return value


def _number(spec: dict, value: Any) -> str:
    if isinstance(value, bool):
        raise _refuse(spec, "FORM_NOT_NUMBER", "must be a number")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise _refuse(spec, "FORM_NOT_NUMBER", "must be a number") from None
    if not number.is_finite():
        raise _refuse(spec, "FORM_NOT_NUMBER", "must be a number")
    low, high = Decimal(str(spec["minimum"])), Decimal(str(spec["maximum"]))
    if not low <= number <= high:           # first: a huge exponent never reaches the step's division
        shown = (f"{low.normalize():f}", f"{high.normalize():f}")
        raise _refuse(spec, "FORM_RANGE", f"from {shown[0]} to {shown[1]}", low=shown[0], high=shown[1])
    step = Decimal(spec.get("step") or "1")
    if number.as_tuple().exponent < -6 or number % step != 0:
        raise _refuse(spec, "FORM_STEP", f"in steps of {step}", step=str(step))
    return f"{number.normalize():f}"


def _date(spec: dict, value: Any) -> str:
    text = str(value).strip()
    found = _DMY.match(text)
    try:
        day = date(int(found[3]), int(found[2]), int(found[1])) if found else date.fromisoformat(text)
    except ValueError:
        raise _refuse(spec, "FORM_NOT_DATE", "a date such as 31/12/2025") from None
    if not 1900 <= day.year <= 2100:
        raise _refuse(spec, "FORM_NOT_DATE", "a date such as 31/12/2025")
    return day.isoformat()


def _choice(spec: dict, value: Any) -> str:
    allowed = [o["value"] for o in spec.get("options") or []]
    if value not in allowed:
        raise _refuse(spec, "FORM_CHOICE", f"one of {', '.join(allowed)}")
    return value


CHECKS = {"text": _text, "textarea": _text, "number": _number, "date": _date, "choice": _choice}


def check(fields: list[dict], answers: dict[str, Any] | None) -> dict[str, str]:
    """The cleaned answers, or a 422 naming the first field that is wrong."""
    answers = dict(answers or {})
    if len(answers) > MAX_ANSWERS:
        raise invalid_field("form", f"at most {MAX_ANSWERS} answers")
    known = {f["name"] for f in fields}
    for name in answers:
        if name not in known:
            raise invalid_field(f"form.{name}", "this service does not ask for it", "FORM_UNKNOWN", name=name)
    out: dict[str, str] = {}
    for spec in fields:
        value = answers.get(spec["name"])
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if spec.get("required", True):
                raise _refuse(spec, "FORM_REQUIRED", "required")
            continue
        out[spec["name"]] = CHECKS[spec["type"]](spec, value)
    return out


def missing_documents(listed: list[dict], given: list[str]) -> list[dict]:
    """The service's required documents not among the codes given."""
    return [d for d in listed if d.get("required", True) and d["code"] not in given]


def unknown_documents(listed: list[dict], given: list[str]) -> list[int]:
    codes = {d["code"] for d in listed}
    return [i for i, code in enumerate(given) if code not in codes]
