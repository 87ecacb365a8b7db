"""core.documents' pure rules: magic numbers, safe names, what an inspected upload fails on."""

from __future__ import annotations

from types import SimpleNamespace

from chalicelib.core import documents
from chalicelib.core.document_store import Head

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
POLICY = documents.Policy.from_data({"max_bytes": 100})


def test_sniffing_and_names():
    assert documents.sniff(PDF) == "application/pdf" and documents.sniff(b"PDF-1.4") is None
    assert documents.sniff(PNG) == "image/png" and documents.sniff(JPEG) == "image/jpeg"
    assert documents.safe_name('../../etc/pa"ss\nwd.pdf') == "etc_pa_ss_wd.pdf"
    assert documents.safe_name("...") == "document"


def _record(**kw):
    return SimpleNamespace(**{"size": 16, "content_type": "application/pdf", "sha256": "ab" * 32, **kw})


def test_inspect_names_the_first_failure():
    assert documents.inspect(_record(), POLICY, None, None, None).field == "file"
    assert documents.inspect(_record(size=200), POLICY, Head(200, "v"), None, None).code == "DOCUMENT_TOO_LARGE"
    assert documents.inspect(_record(), POLICY, Head(17, "v"), None, None).code == "DOCUMENT_SIZE_MISMATCH"
    assert documents.inspect(_record(), POLICY, Head(16, "v"), b"hello world!", None).field == "content_type"
    assert documents.inspect(_record(), POLICY, Head(16, "v"), PNG, None).field == "content_type"
    assert documents.inspect(_record(), POLICY, Head(16, "v"), PDF, "cd" * 32).field == "sha256"
    assert documents.inspect(_record(), POLICY, Head(16, "v"), PDF, "ab" * 32) is None
    only_png = documents.Policy.from_data({"types": ["image/png"]})
    assert documents.inspect(_record(), only_png, Head(16, "v"), PDF, None).code == "DOCUMENT_CONTENT_NOT_ALLOWED"


def test_every_error_code_of_documents_and_filings_has_hindi_and_english():
    import re
    from pathlib import Path

    from chalicelib.core import i18n
    from chalicelib.core.masterdata import load

    root = Path(__file__).parents[2] / "chalicelib"
    sources = [root / "core" / "documents.py", *sorted((root / "filings").glob("*.py"))]
    quoted = set()
    for path in sources:
        quoted |= set(re.findall(r'"([A-Z]+_[A-Z_]+)"', path.read_text(encoding="utf-8")))
    not_errors = set(load("sms_templates")["templates"]) | {"NOT_FILED", "SETTINGS_KEY"}
    codes = quoted - not_errors
    assert {"FILING_NOT_YOURS", "DOCUMENT_NOT_YOURS", "RETURN_NOT_IN_STATE", "DOCUMENT_TOO_LARGE"} <= codes
    assert sorted(code for code in codes if code not in i18n.MESSAGES) == []
