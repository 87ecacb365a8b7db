"""Hostile input stopped at the edge, for every route at once (core.http calls it).

Before a handler sees a request: a JSON body nested deeper than MAX_DEPTH is refused before
the parser recurses (400 naming `body`); NaN/Infinity are not JSON (400); every string that
arrives (JSON keys and values, query keys and values, path parameters, Idempotency-Key) may
hold no lone surrogate, NUL or other control character except tab, line feed and carriage
return (422 naming the field); numbers stay within +-(2**53 - 1), what every JSON client can
hold exactly. After validation, every date of a body or query lies between EARLIEST and LATEST
(so date arithmetic cannot overflow) and every number is finite and in range, query strings too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from itertools import accumulate
from typing import Any

from pydantic import BaseModel

from chalicelib.core.errors import BadRequest, Invalid

MAX_DEPTH = 32
MAX_NUMBER = 2**53 - 1
EARLIEST = dt.date(1850, 1, 1)
LATEST = dt.date(2199, 12, 31)
MAX_DETAILS = 20

# C0 controls but tab, LF, CR; DEL; C1 controls; any surrogate left alone after JSON decoding
# (a valid pair "\ud83d\ude00" is already one code point). Format characters such as ZWJ/ZWNJ,
# which Devanagari needs, are allowed.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [1 if b in b"[{" else -1 for b in range(256)]


def text_problem(value: str) -> str | None:
    """Why a string is refused, or None."""
    match = _BAD_CHAR.search(value)
    if match is None:
        return None
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return "contains a lone surrogate (not valid Unicode)"
    return f"contains control character U+{code:04X}"


def _too_deep() -> BadRequest:
    return BadRequest("BODY_TOO_DEEP", limit=MAX_DEPTH,
                      details=[{"field": "body", "message": f"nested deeper than {MAX_DEPTH} levels"}])


def json_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it."""
    brackets = _JSON_STRING.sub(b"", raw).translate(None, delete=_NOT_BRACKET)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def decode_json(raw: bytes) -> Any:
    """json.loads, refusing over-deep nesting before it recurses and NaN/Infinity."""
    if json_depth(raw) > MAX_DEPTH:
        raise _too_deep()
    try:
        return json.loads(raw or b"null", parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BadRequest("BAD_JSON", details=[{"field": "body", "message": "not valid JSON"}]) from exc


def _number_problem(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float | Decimal):
        finite = value.is_finite() if isinstance(value, Decimal) else value == value and abs(value) != float("inf")
        if not finite:
            return "must be a finite number"
    if isinstance(value, int | float | Decimal) and abs(value) > MAX_NUMBER:
        return f"must be between -{MAX_NUMBER} and {MAX_NUMBER}"
    return None


def _date_problem(value: Any) -> str | None:
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if not EARLIEST <= day <= LATEST:
            return f"must be between {EARLIEST.isoformat()} and {LATEST.isoformat()}"
    return None


def _join(prefix: str, part: Any) -> str:
    return f"{prefix}.{part}" if prefix else str(part)


def _walk(value: Any, path: str, depth: int, out: list[dict]) -> None:
    """Collect problems of decoded data (dicts, lists, scalars) into out."""
    if len(out) >= MAX_DETAILS:
        return
    if depth > MAX_DEPTH:
        raise _too_deep()
    if isinstance(value, str):
        problem = text_problem(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            key_problem = text_problem(key) if isinstance(key, str) else None
            if key_problem:
                out.append({"field": path or "body", "message": f"a field name {key_problem}"})
                continue
            _walk(item, _join(path, key), depth + 1, out)
        return
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            _walk(item, _join(path, index), depth + 1, out)
        return
    elif isinstance(value, BaseModel):
        fields = type(value).model_fields
        for name in fields:
            _walk(getattr(value, name, None), _join(path, fields[name].alias or name), depth + 1, out)
        return
    else:
        problem = _number_problem(value) or _date_problem(value)
    if problem:
        out.append({"field": path or "body", "message": problem})


def check(value: Any, where: str) -> None:
    """Refuse (422, naming each field) hostile strings, numbers and dates in decoded input.

    where is "body" (fields named as they are), or a prefix such as "query" or "path"."""
    out: list[dict] = []
    _walk(value, "" if where == "body" else where, 0, out)
    if out:
        raise Invalid(details=out)


def check_header(name: str, value: str | None) -> None:
    problem = text_problem(value) if value else None
    if problem:
        raise Invalid(details=[{"field": name, "message": problem}])
