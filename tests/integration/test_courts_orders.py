"""Orders and judgments: the reader uploads the PDF (checked by content and checksum) and publishes
it; anyone downloads it through a logged presigned link."""

from __future__ import annotations

import hashlib

import pytest
import requests

from chalicelib.core.auth import Level, Role
from tests.integration.test_courts import READERS, act, at, file_case, staff

PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 40 + b"%%EOF\n"


@pytest.fixture
def reader(aws_resources, frozen_clock):
    from chalicelib.courts import service

    service.seed_master_data("test")
    level, code, mobile = READERS["reader.dr.bhopal"]
    return staff("reader.dr.bhopal", Role.COURT, level, code, mobile)


def declare(client, token, case_id, data=PDF, kind="final", **changes):
    body = {"kind": kind, "title": "Final order", "order_date": "2026-11-24", "name": "order.pdf",
            "content_type": "application/pdf", "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            **changes}
    return client.post(f"/courts/DR-BHOPAL/cases/{case_id}/orders", body, token=token)


def upload(ticket, data):
    r = requests.put(ticket["upload"]["url"], data=data, headers=ticket["upload"]["headers"], timeout=10)
    assert r.status_code == 200, r.text


def decided(client, token, frozen_clock):
    case = file_case(client, token).json
    act(client, token, case["case_id"], "register", 1)
    act(client, token, case["case_id"], "list", 2, hearing_date="2026-11-24")
    at(frozen_clock, "2026-11-24")
    r = act(client, token, case["case_id"], "decide", 3, result="allowed", note="allowed with costs")
    assert r.status == 200, r
    return r.json


def test_the_judgment_is_published_and_anyone_downloads_it(client, reader, frozen_clock):
    case = decided(client, reader, frozen_clock)
    r = declare(client, reader, case["case_id"])
    assert r.status == 201, r
    order, ticket = r.json["order"], r.json["upload"]
    assert order["status"] == "PENDING_UPLOAD" and ticket["upload"]["method"] == "PUT"
    status = client.get(f"/courts/case-status?case_no={case['case_no']}").json
    assert status["orders"] == []                                            # nothing public before it is checked
    assert client.get(f"/courts/order-pdf?case_no={case['case_no']}&order_id={order['order_id']}").status == 404

    upload(ticket, PDF)
    r = client.post(f"/courts/DR-BHOPAL/cases/{case['case_id']}/orders/{order['order_id']}/publish",
                    {"version": case["version"]}, token=reader)
    assert r.status == 200, r
    assert r.json["orders"][0]["status"] == "PUBLISHED" and r.json["history"]["items"][-1]["action"] == \
        "order_published"
    assert r.json["history"]["chain_valid"]

    status = client.get(f"/courts/case-status?case_no={case['case_no']}").json
    assert [(o["title"], o["document"]["sha256"]) for o in status["orders"]] == [
        ("Final order", hashlib.sha256(PDF).hexdigest())]
    link = client.get(f"/courts/order-pdf?case_no={case['case_no']}&order_id={order['order_id']}")   # no token
    assert link.status == 200 and link.json["content_type"] == "application/pdf"
    assert requests.get(link.json["url"], timeout=10).content == PDF
    from chalicelib.core import documents

    reads = documents.reads("courts", case["case_id"], 10, None)["items"]
    assert [(e["reader"], e["reader_role"]) for e in reads] == [("public", "public")]


def test_order_refusals(client, reader, frozen_clock):
    filed = file_case(client, reader).json
    r = declare(client, reader, filed["case_id"], kind="interim")
    assert r.status == 409 and r.error_code == "CASE_ACTION_NOT_IN_STATE"        # not even registered
    act(client, reader, filed["case_id"], "register", 1)
    r = declare(client, reader, filed["case_id"])
    assert r.status == 409                                                       # a judgment before the decision
    r = declare(client, reader, filed["case_id"], kind="interim", content_type="image/png")
    assert r.status == 422 and r.error_fields == ["content_type"]

    r = declare(client, reader, filed["case_id"], kind="interim", title="Stay of the AGM")
    assert r.status == 201, r
    order, ticket = r.json["order"], r.json["upload"]
    publish = f"/courts/DR-BHOPAL/cases/{filed['case_id']}/orders/{order['order_id']}/publish"
    other = staff("reader.dr.indore", Role.COURT, Level.DISTRICT, "indore", "9111300002")
    r = client.post(publish, {"version": 2}, token=other)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = client.post(publish, {"version": 2}, token=reader)
    assert r.status == 422 and r.error_code == "DOCUMENT_NOT_UPLOADED"
    upload(ticket, b"not a pdf at all" + PDF[16:])                               # same size, wrong content
    r = client.post(publish, {"version": 2}, token=reader)
    assert r.status == 422 and r.error_fields == ["content_type"]
    r = client.post(publish, {"version": 1}, token=reader)
    assert r.status == 409
    officer = staff("dr.bhopal", Role.OFFICER, Level.DISTRICT, "bhopal")
    r = declare(client, officer, filed["case_id"], kind="interim")
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.get(f"/courts/order-pdf?case_no=DR-BHOPAL/2026/0001&order_id={'0' * 26}").status == 404
