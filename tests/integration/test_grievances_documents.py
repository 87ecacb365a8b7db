"""Documents with a grievance: uploaded and checked before filing, bound to it in the filing
transaction, readable only by whoever may see the grievance, every read logged."""

from __future__ import annotations

import hashlib

import pytest
import requests

from tests.integration.grievance_helpers import OTHER_CITIZEN, citizen, file, officer_token, seed_master_data

PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048        # a PNG by its magic number
LETTER = b"%PDF-1.7\n" + b"letter about the AGM\n" * 50


@pytest.fixture(autouse=True)
def master(aws_resources):
    seed_master_data()


def _upload(client, token, data=LETTER, content_type="application/pdf", name="letter.pdf", lie=None):
    body = {"name": name, "content_type": content_type, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    r = client.post("/grievances/documents", body, token=token)
    assert r.status == 201, r
    ticket = r.json
    sent = requests.put(ticket["upload"]["url"], data=lie if lie is not None else data,
                        headers=ticket["upload"]["headers"] if lie is None else
                        {"Content-Type": ticket["upload"]["headers"]["Content-Type"]}, timeout=10)
    assert sent.status_code == 200, sent.text
    return ticket["document_id"], client.post(f"/grievances/documents/{ticket['document_id']}/confirm", token=token)


def test_citizen_files_with_documents_and_only_those_who_may_see_read_them(client, sms):
    me = citizen(client, sms)
    letter, ok = _upload(client, me)
    photo, ok2 = _upload(client, me, PHOTO, "image/png", "photo.png")
    assert ok.status == 200 and ok2.status == 200 and ok.json["status"] == "CONFIRMED"
    r = file(client, me, documents=[letter, photo])
    assert r.status == 201, r
    urn = r.json["urn"]
    assert client.get(f"/grievances/{urn}", token=me).json["documents"] == [letter, photo]

    link = client.get(f"/grievances/{urn}/documents/{letter}", token=me)
    assert link.status == 200 and link.json["name"] == "letter.pdf"
    assert requests.get(link.json["url"], timeout=10).content == LETTER
    dr = officer_token(client, sms, "dr.bhopal")
    assert client.get(f"/grievances/{urn}/documents/{photo}", token=dr).status == 200

    other = citizen(client, sms, OTHER_CITIZEN)
    assert client.get(f"/grievances/{urn}/documents/{letter}", token=other).status == 403
    indore = officer_token(client, sms, "dr.indore")
    assert client.get(f"/grievances/{urn}/documents/{letter}", token=indore).status == 403
    assert client.get(f"/grievances/{urn}/documents/{letter}").status == 401

    log = client.get(f"/grievances/{urn}/document-reads", token=me).json["items"]
    assert sorted((e["reader_role"], e["document_id"]) for e in log) == sorted(
        [("citizen", letter), ("officer", photo)])


def test_a_document_goes_with_one_grievance_of_its_uploader_only(client, sms):
    me = citizen(client, sms)
    letter, _ = _upload(client, me)
    assert file(client, me, documents=[letter]).status == 201
    again = file(client, me, subject="another matter", documents=[letter])
    assert again.status == 409 and again.error_code == "DOCUMENT_ALREADY_ATTACHED"
    other = citizen(client, sms, OTHER_CITIZEN)
    theirs, _ = _upload(client, other)
    r = file(client, me, documents=[theirs])
    assert r.status == 422 and r.error_fields == ["documents.0"]
    pending = client.post("/grievances/documents", {"name": "x.pdf", "content_type": "application/pdf",
                                                    "size": 100, "sha256": "0" * 64}, token=me).json["document_id"]
    r = file(client, me, documents=[pending])
    assert r.status == 422 and r.error_code == "DOCUMENT_NOT_READY"
    r = file(client, me, documents=["not-an-id"])
    assert r.status == 422 and r.error_fields == ["documents.0"]


def test_a_wrong_file_is_refused_and_nothing_is_left(client, sms):
    me = citizen(client, sms)
    text_named_pdf = b"just some text, not a PDF at all" * 10
    _, refused = _upload(client, me, text_named_pdf, name="letter.pdf")
    assert refused.status == 422 and refused.error_fields == ["content_type"]
    _, wrong_sum = _upload(client, me, LETTER, lie=LETTER[:-1] + b"!")
    assert wrong_sum.status == 422 and wrong_sum.error_fields == ["sha256"]
    from chalicelib.core import aws, document_store

    left = aws.client("s3").list_object_versions(Bucket=document_store.bucket(), Prefix="grievances/")
    assert left.get("Versions", []) + left.get("DeleteMarkers", []) == []
