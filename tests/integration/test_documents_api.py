"""Document uploads through the filings API: only what the object itself proves is kept; every
refusal names the field and leaves nothing in the (versioned) bucket."""

from __future__ import annotations

import base64
import hashlib

import pytest

from chalicelib.core import aws
from chalicelib.core import document_store as store
from tests.integration.filings_helpers import PDF, PNG, TEXT, A, add_societies, declare, officers, put, society_token

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x42" * 900 + b"\xff\xd9"


@pytest.fixture
def world(client, aws_resources, frozen_clock):
    from chalicelib.filings import service

    service.seed_master_data("test")
    add_societies()
    return {"a": society_token(A), **officers()}


def versions(document_id: str) -> list:
    found = aws.client("s3").list_object_versions(Bucket=store.bucket(), Prefix=f"filings/{document_id}")
    return found.get("Versions", []) + found.get("DeleteMarkers", [])


def confirm(client, token, document_id):
    return client.post(f"/filings/documents/{document_id}/confirm", token=token, headers={"Accept-Language": "en"})


@pytest.mark.parametrize(("declared", "uploaded", "content_type", "name", "field"), [
    (TEXT, TEXT, "application/pdf", "x.pdf", "content_type"),          # a text file named x.pdf
    (PDF, PDF[:-2] + b"!\n", "application/pdf", "x.pdf", "sha256"),    # same size, other bytes
    (PNG, PNG, "application/pdf", "photo.pdf", "content_type"),        # a PNG declared as a PDF
    (PDF, PDF + b"x" * 64, "application/pdf", "x.pdf", "size"),        # more than declared
])
def test_refused_uploads_name_the_field_and_leave_nothing(client, world, declared, uploaded, content_type, name,
                                                          field):
    ticket = declare(client, world["a"], A, declared, content_type, name)
    assert ticket.status == 201, ticket
    put(ticket.json, uploaded, honest=False)       # moto does not enforce the signed headers; we check
    document_id = ticket.json["document_id"]
    assert versions(document_id)
    r = confirm(client, world["a"], document_id)
    assert (r.status, r.error_fields) == (422, [field]), r
    assert versions(document_id) == []
    assert client.get(f"/filings/documents/{document_id}/url", token=world["a"]).status == 409


def test_oversize_declared_or_uploaded_against_the_admin_edited_limit(client, world):
    big = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024)
    r = declare(client, world["a"], A, big, headers={"Accept-Language": "en"})
    assert (r.status, r.error_code, r.error_fields) == (422, "DOCUMENT_TOO_LARGE", ["size"])
    assert "10485760" in r.json["error"]["message"]
    ticket = declare(client, world["a"], A, PDF).json
    put(ticket, PDF)
    config = client.get("/admin/filings/config", token=world["admin"]).json["settings"]
    settings = {**config["data"], "documents": {**config["data"]["documents"], "max_bytes": 1024}}
    r = client.call("PUT", "/admin/filings/settings", {"data": settings, "version": config["version"],
                                                        "note": "smaller files"}, token=world["admin"])
    assert r.status == 200, r
    r = confirm(client, world["a"], ticket["document_id"])
    assert (r.status, r.error_code, r.error_fields) == (422, "DOCUMENT_TOO_LARGE", ["size"])
    assert versions(ticket["document_id"]) == []
    history = client.get("/admin/filings/settings/history", token=world["admin"]).json
    assert history["chain_valid"] and [e["action"] for e in history["items"]] == ["seeded", "updated"]


def test_confirm_before_any_upload_is_refused_and_can_follow_the_upload(client, world):
    ticket = declare(client, world["a"], A, PDF).json
    r = confirm(client, world["a"], ticket["document_id"])
    assert (r.status, r.error_code, r.error_fields) == (422, "DOCUMENT_NOT_UPLOADED", ["file"])
    assert versions(ticket["document_id"]) == []
    put(ticket, PDF)
    assert confirm(client, world["a"], ticket["document_id"]).json["status"] == "CONFIRMED"
    assert client.post("/filings/documents/01HZZZZZZZZZZZZZZZZZZZZZZZ/confirm", token=world["a"]).status == 404


@pytest.mark.parametrize(("data", "content_type"), [(PDF, "application/pdf"), (JPEG, "image/jpeg"),
                                                    (PNG, "image/png")])
def test_good_files_are_kept_privately_and_downloadable_by_presigned_get(client, world, data, content_type):
    import requests

    ticket = declare(client, world["a"], A, data, content_type, "scan").json
    headers = ticket["upload"]["headers"]
    assert headers["x-amz-checksum-sha256"] and headers["x-amz-tagging"] == "upload=pending"
    put(ticket, data)
    unsigned = requests.get(ticket["upload"]["url"].split("?")[0], timeout=10)   # objects are not public
    assert unsigned.status_code == 403
    done = confirm(client, world["a"], ticket["document_id"])
    assert done.status == 200 and done.json["sha256"] == hashlib.sha256(data).hexdigest()
    link = client.get(f"/filings/documents/{ticket['document_id']}/url", token=world["a"]).json
    fetched = requests.get(link["url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == data
    assert fetched.headers["content-type"] == content_type


def test_the_presigned_put_signs_type_length_and_checksum_so_s3_itself_refuses_a_mismatch(client, world):
    from urllib.parse import parse_qs, urlparse

    ticket = declare(client, world["a"], A, PDF).json
    upload = ticket["upload"]
    signed = parse_qs(urlparse(upload["url"]).query)["X-Amz-SignedHeaders"][0].split(";")
    assert {"content-type", "content-length", "x-amz-checksum-sha256", "host"} <= set(signed)
    # the headers the client must send are exactly the signed ones (host aside), with the declared values
    assert {name.lower() for name in upload["headers"]} == set(signed) - {"host"}
    assert upload["headers"]["Content-Type"] == "application/pdf"
    assert upload["headers"]["Content-Length"] == str(len(PDF))
    assert upload["headers"]["x-amz-checksum-sha256"] == base64.b64encode(hashlib.sha256(PDF).digest()).decode()
