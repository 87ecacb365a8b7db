"""e-Sankalan: documents private to the employee and their establishment section; uploads checked
(size, type by content, SHA-256); every read logged; the book records each document, the
employee gets an SMS."""

from __future__ import annotations

import hashlib

import pytest
import requests

from tests.integration.helpers import citizen_token
from tests.integration.servicebook_helpers import (
    EMP_A,
    EMP_B,
    controller,
    controller_account,
    employee_token,
    establishment,
    open_book,
)

PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 40 + b"%%EOF\n"
TEXT = b"plain text pretending to be a PDF\n" * 20
DOCS = "/servicebook/employees/MP0000101/documents"


@pytest.fixture
def world(client, sms, aws_resources, frozen_clock):
    controller_account()
    est = establishment(client, sms)
    assert open_book(client, est).status == 201
    return {"est": est, "emp": employee_token(client, sms)}


def upload(client, token, data=PDF, declared=None, path=DOCS, category="education"):
    body = {"name": "BSc marksheet.pdf", "content_type": "application/pdf", "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), **(declared or {})}
    ticket = client.post(path, body, token=token)
    assert ticket.status == 201, ticket
    put = requests.put(ticket.json["upload"]["url"], data=data, headers=ticket.json["upload"]["headers"], timeout=10)
    assert put.status_code == 200, put.text
    return client.post(f"{path}/{ticket.json['document_id']}/confirm", {"category": category}, token=token)


def test_the_employee_keeps_a_document_reads_it_and_sees_who_read_it(client, sms, world):
    r = upload(client, world["emp"])
    assert r.status == 200 and r.json["category"] == "education" and r.json["added_by"] == "mp0000101", r
    assert r.json["category_name_hi"] == "शैक्षणिक प्रमाण-पत्र"
    assert "ई-संकलन" in sms.to(EMP_A[1])[-1] and "BSc marksheet.pdf" in sms.to(EMP_A[1])[-1]
    doc_id = r.json["document_id"]
    again = client.post(f"{DOCS}/{doc_id}/confirm", {"category": "education"}, token=world["emp"])
    assert again.status == 200 and again.json == r.json                   # answered, not redone
    listed = client.get(DOCS, token=world["est"]).json["items"]
    assert [x["document_id"] for x in listed] == [doc_id]
    link = client.get(f"{DOCS}/{doc_id}/url", token=world["est"])
    assert link.status == 200, link
    assert requests.get(link.json["url"], timeout=10).content == PDF
    assert client.get(f"{DOCS}/{doc_id}/url", token=world["emp"]).status == 200
    reads = client.get("/servicebook/employees/MP0000101/document-reads", token=world["emp"]).json["items"]
    assert [(x["reader"], x["reader_role"]) for x in reads] == [("mp0000101", "employee"),
                                                                ("est.bhopal", "establishment")]
    book = client.get("/servicebook/employees/MP0000101/book", token=world["emp"]).json
    assert [e["action"] for e in book["items"]] == ["appointment", "document_added"] and book["chain_valid"]
    assert book["items"][1]["data"]["sha256"] == hashlib.sha256(PDF).hexdigest()


def test_the_establishment_section_files_a_service_order_too(client, sms, world):
    r = upload(client, world["est"], category="service_order")
    assert r.status == 200 and r.json["added_by"] == "est.bhopal", r
    assert [x["category"] for x in client.get(DOCS, token=world["emp"]).json["items"]] == ["service_order"]


def test_the_locker_is_private_to_the_employee_and_their_establishment_section(client, sms, world):
    doc_id = upload(client, world["emp"]).json["document_id"]
    assert open_book(client, world["est"], EMP_B).status == 201
    other = employee_token(client, sms, EMP_B)
    est_indore = establishment(client, sms, "indore")
    co = controller(client, sms)
    for token, code in ((other, "LOCKER_PRIVATE"), (co, "FORBIDDEN_ROLE"), (est_indore, "FORBIDDEN_JURISDICTION")):
        for path in (DOCS, f"{DOCS}/{doc_id}/url", "/servicebook/employees/MP0000101/document-reads"):
            r = client.get(path, token=token)
            assert r.status == 403 and r.error_code == code, (path, r)
    r = client.post(DOCS, {"name": "x.pdf", "content_type": "application/pdf", "size": 10, "sha256": "a" * 64},
                    token=other)
    assert r.status == 403 and r.error_code == "LOCKER_PRIVATE"
    assert client.get(DOCS, token=citizen_token(client, sms)).error_code == "FORBIDDEN_ROLE"
    # Another employee's document cannot be read through this book, nor confirmed into it.
    theirs = upload(client, other, path="/servicebook/employees/MP0000102/documents").json["document_id"]
    assert client.get(f"{DOCS}/{theirs}/url", token=world["emp"]).error_code == "DOCUMENT_NOT_FOUND"
    r = client.post(f"{DOCS}/{theirs}/confirm", {"category": "other"}, token=world["emp"])
    assert r.status == 404 and r.error_code == "DOCUMENT_NOT_FOUND"
    reads = client.get("/servicebook/employees/MP0000101/document-reads", token=world["emp"]).json["items"]
    assert reads == []                                          # refusals read nothing


def test_a_file_that_is_not_what_it_claims_is_refused_and_removed(client, sms, world):
    r = upload(client, world["emp"], data=TEXT)
    assert r.status == 422 and r.error_fields == ["content_type"], r
    r = upload(client, world["emp"], declared={"sha256": "0" * 64})
    assert r.status == 422 and r.error_fields == ["sha256"], r
    r = upload(client, world["emp"], category="horoscope")
    assert r.status == 422 and r.error_code == "UNKNOWN_DOCUMENT_CATEGORY" and r.error_fields == ["category"]
    assert client.get(DOCS, token=world["emp"]).json["items"] == []
    r = client.post(DOCS, {"name": "big.pdf", "content_type": "application/pdf", "size": 50_000_000,
                           "sha256": "a" * 64}, token=world["emp"])
    assert r.status == 422 and r.error_fields == ["size"]
    assert client.get(f"{DOCS}/not-a-document/url", token=world["emp"]).status == 404
