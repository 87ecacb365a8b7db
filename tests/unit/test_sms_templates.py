"""The SMS templates every service shares: DLT needs one template ID per text, and each
message must say the same thing in Hindi and English."""

from __future__ import annotations

import string

from chalicelib.core.masterdata import load


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_each_template_has_its_own_dlt_id_and_both_languages_with_the_same_fields():
    templates = load("sms_templates")["templates"]
    ids = [t["dlt_template_id"] for t in templates.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for code, template in templates.items():
        assert template["hi"].strip() and template["en"].strip(), code
        assert _fields(template["hi"]) == _fields(template["en"]), code
