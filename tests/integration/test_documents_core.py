"""core.documents against moto: declared uploads checked by content, refusals leave nothing behind,
reads are presigned and logged. Records live in the owning service's table (here: filings)."""

from __future__ import annotations

import hashlib

import pytest
import requests

from chalicelib.core import aws, documents
from chalicelib.core import document_store as store
from chalicelib.core.errors import Conflict, Forbidden, Invalid

SERVICE = "filings"
OWNER = "SOC#BPL-2024-00001"
PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 50 + b"%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 700 + b"\xff\xd9"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def versions(key: str) -> list:
    found = aws.client("s3").list_object_versions(Bucket=store.bucket(), Prefix=key)
    return found.get("Versions", []) + found.get("DeleteMarkers", [])


def declare(data: bytes, content_type: str = "application/pdf", name: str = "x.pdf", size: int | None = None,
            digest: str | None = None, policy=None) -> dict:
    return documents.declare(SERVICE, owner=OWNER, uploader="bpl-2024-00001", name=name, content_type=content_type,
                             size=len(data) if size is None else size, sha256=digest or sha(data), policy=policy)


def upload(ticket: dict, data: bytes, honest: bool = True) -> None:
    headers = dict(ticket["upload"]["headers"])
    if not honest:   # a client that ignores what it was told (real S3 would refuse; moto does not)
        headers = {"Content-Type": headers["Content-Type"]}
    r = requests.put(ticket["upload"]["url"], data=data, headers=headers, timeout=10)
    assert r.status_code == 200, r.text


@pytest.fixture
def bucket(aws_resources):
    return store.bucket()


@pytest.mark.parametrize(("data", "content_type"), [(PDF, "application/pdf"), (PNG, "image/png"),
                                                    (JPEG, "image/jpeg")])
def test_a_good_file_is_kept_and_read_back_through_a_logged_presigned_get(bucket, data, content_type):
    ticket = declare(data, content_type)
    assert ticket["status"] == "PENDING" and ticket["upload"]["method"] == "PUT"
    upload(ticket, data)
    doc = documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001")
    assert doc["status"] == "CONFIRMED" and doc["size"] == len(data)
    key = f"{SERVICE}/{ticket['document_id']}"
    tags = aws.client("s3").get_object_tagging(Bucket=bucket, Key=key)["TagSet"]
    assert tags == [{"Key": "upload", "Value": "checked"}]
    link = documents.read_url(SERVICE, ticket["document_id"], reader="citizen-1", reader_role="citizen",
                              log_owner=OWNER)
    fetched = requests.get(link["url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == data
    log = documents.reads(SERVICE, OWNER, 10, None)["items"]
    assert [(e["document_id"], e["reader"]) for e in log] == [(ticket["document_id"], "citizen-1")]
    history = documents.document_history(SERVICE, ticket["document_id"])
    assert history["chain_valid"] and [e["action"] for e in history["items"]] == ["declared", "confirmed"]


@pytest.mark.parametrize(("uploaded", "declared", "field", "code"), [
    (b"just some text, not a pdf\n" * 5, None, "content_type", "DOCUMENT_CONTENT_NOT_ALLOWED"),   # named x.pdf
    (PDF, PDF[:-1] + b"!", "sha256", "DOCUMENT_CHECKSUM_MISMATCH"),
    (PNG, None, "content_type", "DOCUMENT_CONTENT_NOT_ALLOWED"),                                   # declared PDF
    (PDF + b"tail", PDF, "size", "DOCUMENT_SIZE_MISMATCH"),
])
def test_bad_uploads_are_refused_naming_the_field_and_deleted_with_every_version(bucket, uploaded, declared, field,
                                                                                  code):
    ticket = declare(declared or uploaded)
    upload(ticket, uploaded, honest=False)
    upload(ticket, uploaded, honest=False)          # twice: two versions in the versioned bucket
    key = f"{SERVICE}/{ticket['document_id']}"
    assert len(versions(key)) == 2
    with pytest.raises(Invalid) as refused:
        documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001")
    assert (refused.value.code, refused.value.details[0]["field"]) == (code, field)
    assert versions(key) == []
    assert documents.require(SERVICE, ticket["document_id"])["status"] == "REJECTED"
    with pytest.raises(Conflict):
        documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001")
    with pytest.raises(Conflict):
        documents.read_url(SERVICE, ticket["document_id"], reader="c", reader_role="citizen", log_owner=OWNER)
    assert documents.reads(SERVICE, OWNER, 10, None)["items"] == []


def test_oversize_is_refused_when_declared_and_when_uploaded(bucket):
    small = documents.Policy.from_data({"max_bytes": 1000})
    with pytest.raises(Invalid) as refused:
        declare(PDF + b" " * 2000, policy=small)
    assert (refused.value.code, refused.value.details[0]["field"]) == ("DOCUMENT_TOO_LARGE", "size")
    ticket = declare(PDF)                                  # declared within the default limit ...
    upload(ticket, PDF, honest=False)
    with pytest.raises(Invalid) as refused:                # ... but the limit is lower when checked
        documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001", policy=small)
    assert (refused.value.code, refused.value.details[0]["field"]) == ("DOCUMENT_TOO_LARGE", "size")
    assert versions(f"{SERVICE}/{ticket['document_id']}") == []


def test_confirm_of_nothing_uploaded_and_by_someone_else(bucket):
    ticket = declare(PDF)
    with pytest.raises(Invalid) as refused:
        documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001")
    assert (refused.value.code, refused.value.details[0]["field"]) == ("DOCUMENT_NOT_UPLOADED", "file")
    upload(ticket, PDF)
    with pytest.raises(Forbidden):
        documents.confirm(SERVICE, ticket["document_id"], uploader="someone-else")
    first = documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001")
    assert (first["status"], first["version"]) == ("CONFIRMED", 2)
    assert documents.confirm(SERVICE, ticket["document_id"], uploader="bpl-2024-00001") == first   # not redone

