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
