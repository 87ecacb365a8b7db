"""One word for each thing: the glossary (docs/glossary.json) against every string people read.

Hindi strings come from the web client's table (web/js/strings/hi.js), the server's messages
(core/i18n.py and each service's messages.py, registered on import), the SMS templates and the
Hindi fields of master data (every `*_hi` / `hi` value in the services' defaults.json and
core/masterdata). English strings likewise. A rejected term anywhere fails with where it is.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = json.loads((ROOT / "docs" / "glossary.json").read_text(encoding="utf-8"))
SERVICES_WITH_MESSAGES = ("audits", "courts", "files", "lokseva", "subvention")


def _js_table(path: Path) -> dict[str, str]:
    """The key → text pairs of a web/js/strings/*.js table (JSON-style string literals)."""
    text = path.read_text(encoding="utf-8")
    pairs = re.findall(r'"((?:[^"\\]|\\.)+)":\s*"((?:[^"\\]|\\.)*)"', text)
    return {key: json.loads(f'"{value}"') for key, value in pairs}


def _json_strings(node, lang: str, where: str, inside: bool = False):
    """Every string under a key `lang` or ending in `_<lang>` (and lists of them)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _json_strings(value, lang, f"{where}.{key}", key == lang or key.endswith(f"_{lang}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _json_strings(value, lang, f"{where}[{index}]", inside)
    elif isinstance(node, str) and inside:
        yield where, node


def _server_messages() -> dict[str, tuple[str, str]]:
    from chalicelib.core import i18n

    for service in SERVICES_WITH_MESSAGES:
        importlib.import_module(f"chalicelib.{service}.messages")
    return dict(i18n.MESSAGES)


def strings(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every string a person reads in `lang`."""
    table = _js_table(ROOT / "web/js/strings" / f"{lang}.js")
    out = [(f"web/js/strings/{lang}.js:{key}", text) for key, text in table.items()]
    index = 0 if lang == "hi" else 1
    out += [(f"server message {code}", texts[index]) for code, texts in _server_messages().items()]
    for path in sorted((ROOT / "chalicelib").glob("**/*.json")):
        if "fonts" in path.parts:
            continue
        out += list(_json_strings(json.loads(path.read_text(encoding="utf-8")), lang, str(path.relative_to(ROOT))))
    return out


def _rejected(lang: str) -> list[tuple[str, str]]:
    return [(term, entry[lang]) for entry in GLOSSARY["terms"] for term in entry[f"reject_{lang}"]]


def test_the_glossary_is_well_formed_and_documented():
    doc = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    seen_hi = set()
    for entry in GLOSSARY["terms"]:
        assert entry["hi"] and entry["en"] and entry["why"], entry
        assert entry["hi"] not in seen_hi, f"two concepts share the word {entry['hi']}"
        seen_hi.add(entry["hi"])
        assert entry["hi"] not in entry["reject_hi"], entry
        assert entry["hi"] in doc and all(term in doc for term in entry["reject_hi"]), entry["concept"]


def violations(texts: list[tuple[str, str]], lang: str) -> list[str]:
    found = []
    for where, text in texts:
        lowered = text.lower()
        for term, preferred in _rejected(lang):
            if term.lower() in lowered:
                found.append(f"{where}: uses {term!r}; the glossary's word is {preferred!r}: {text}")
    return found


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_no_rejected_term_in_what_people_read(lang):
    texts = strings(lang)
    assert len(texts) > 300, len(texts)                 # the sources were really read
    found = violations(texts, lang)
    assert found == [], "\n".join(found)


def test_the_check_catches_a_rejected_term():
    """The scan above can fail: the words the issue found are rejected and reported."""
    samples = [("a", "विलंब पर शास्ति लगती है"), ("b", "आपका साइन-इन ओटीपी"), ("c", "यूज़रनेम"), ("d", "कुल रुपया-दिवस"),
               ("e", "इतिहास सत्यापित"), ("f", "सब ठीक है")]
    found = violations(samples, "hi")
    assert [line[0] for line in found] == ["a", "b", "c", "d", "e"], found


def test_the_sign_in_words_agree_between_screen_sms_and_errors():
    hi = _js_table(ROOT / "web/js/strings/hi.js")
    sms = ROOT / "chalicelib/core/masterdata/sms_templates.json"
    templates = json.loads(sms.read_text(encoding="utf-8"))["templates"]
    messages = _server_messages()
    assert "लॉगिन" in hi["nav.signin"] and "लॉगिन" in templates["OTP_SIGN_IN"]["hi"]
    assert "लॉगिन" in messages["UNAUTHENTICATED"][0]
    assert hi["staff.username"] == "उपयोगकर्ता नाम" and "उपयोगकर्ता नाम" in messages["LOGIN_FAILED"][0]
