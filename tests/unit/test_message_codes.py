"""Every error code means one thing: two services registering the same code with different texts
let one overwrite the other (the lokseva appeal refusal once read "The appeal cannot be filed:
{reason}", the courts' text, with the placeholder never filled)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"


def _registered() -> dict[str, list[tuple[str, tuple[str, str]]]]:
    found: dict[str, list[tuple[str, tuple[str, str]]]] = {}
    for path in [ROOT / "core" / "i18n.py", *sorted(ROOT.glob("*/messages.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(value, ast.Tuple) and len(value.elts) == 2 \
                        and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts) \
                        and isinstance(key.value, str) and key.value.isupper():
                    texts = (value.elts[0].value, value.elts[1].value)
                    found.setdefault(key.value, []).append((str(path.relative_to(ROOT)), texts))
    return found


def _fields(text: str) -> set[str]:
    """The placeholders, a language's own form of a value ({label_hi} in Hindi, {label_en} in
    English) counted as the same one."""
    return {name.removesuffix("_hi").removesuffix("_en") for _, name, _, _ in string.Formatter().parse(text) if name}


def test_no_error_code_is_registered_twice_with_different_texts():
    clashes = {code: [where for where, _ in places] for code, places in _registered().items()
               if len({texts for _, texts in places}) > 1}
    assert clashes == {}


def test_the_scan_sees_the_service_vocabularies():
    codes = _registered()
    assert {"APPEAL_NOT_ALLOWED", "CASE_APPEAL_NOT_ALLOWED", "URN_INVALID"} <= set(codes)


def test_hindi_and_english_texts_take_the_same_placeholders():
    odd = {code: places[0][0] for code, places in _registered().items()
           for _, (hindi, english) in places if _fields(hindi) != _fields(english)}
    assert odd == {}
