"""The PACS counter works like a counter: the operator's PACS comes from the account's binding, the
fee taken is checked against the catalogue (another amount needs a recorded reason), and the
operator prints a Hindi and English fee receipt."""

from __future__ import annotations

import io

import pytest
import requests

from tests.integration.helpers import make_staff
from tests.integration.test_lokseva_helpers import (
    COUNTER_CITIZEN,
    STAFF,
    complete,
    operator_token,
    pacs_centre,
    seed,
    token,
)

pytestmark = pytest.mark.usefixtures("aws_resources")

MEMBERSHIP = {"service": "pacs_membership", "applicant_name": "Sita Bai", "mobile": COUNTER_CITIZEN,
              "form": {"father_name": "Ram Prasad", "address": "Gram Berasia", "land_hectares": "1.25"}}


@pytest.fixture
def centre(client, sms, frozen_clock):
    seed()
    return pacs_centre(client, sms)


def _counter_apply(client, op, reg_no, **changes):
    body = complete(client, op, "pacs_membership", {**MEMBERSHIP, **changes})
    return client.post(f"/lokseva/centres/{reg_no}/applications", body, token=op)


def test_the_counter_is_the_pacs_the_operator_is_bound_to(client, sms, centre):
    op = operator_token(client, sms, "op.bhopal")
    r = client.get("/lokseva/counter", token=op)
    assert r.status == 200 and r.json["reg_no"] == centre and r.json["district"] == "bhopal"
    assert r.json["name_hi"] == "प्राथमिक कृषि साख सहकारी समिति बैरसिया"
    role, level, code, mobile = STAFF["op.other"]
    make_staff("op.other", role, level, code, mobile)
    r = client.get("/lokseva/counter", token=operator_token(client, sms, "op.other"))
    assert r.status == 404 and r.error_code == "NO_CENTRE"                # not bound: said so, in Hindi
    assert "प्रशासक" in r.json["error"]["message"]
    assert client.get("/lokseva/counter", token=token(client, sms, "dr.bhopal")).status == 403


def test_a_fee_other_than_the_catalogues_needs_a_reason(client, sms, centre):
    op = operator_token(client, sms, "op.bhopal")
    r = _counter_apply(client, op, centre, fee_taken="20.00")               # Rs 20 for a Rs 10 service
    assert r.status == 422 and r.error_fields == ["fee_taken"] and r.error_code == "FEE_DIFFERS"
    assert "₹20.00" in r.json["error"]["message"] and "₹10.00" in r.json["error"]["message"]
    r = _counter_apply(client, op, centre, fee_taken="20.00", fee_reason="share money of Rs 10 taken with the fee")
    assert r.status == 201, r
    seen = client.get(f"/lokseva/applications/{r.json['ack']}", token=op).json
    assert seen["fee_taken"] == "20.00" and seen["fee_reason"] == "share money of Rs 10 taken with the fee"
    assert seen["history"]["items"][0]["data"]["fee_reason"] == "share money of Rs 10 taken with the fee"
    assert seen["society"] == centre                                          # membership of this PACS
    r = _counter_apply(client, op, centre.lower(), fee_taken="10.00")         # typed in lower case: the same PACS
    assert r.status == 201, r


def test_the_operator_prints_a_bilingual_fee_receipt(client, sms, centre):
    from pypdf import PdfReader

    op = operator_token(client, sms, "op.bhopal")
    r = _counter_apply(client, op, centre, fee_taken="10.00")
    assert r.status == 201, r
    ack = r.json["ack"]
    link = client.get(f"/lokseva/applications/{ack}/receipt", token=op)
    assert link.status == 200, link
    pdf = requests.get(link.json["url"], timeout=10)
    assert pdf.ok and pdf.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    for words in (ack, "Fee receipt", "शुल्क रसीद", "10.00", "Sita Bai", centre, "23/11/2026"):
        assert words in text, words
    role, level, code, mobile = STAFF["op.other"]
    make_staff("op.other", role, level, code, mobile)
    other = operator_token(client, sms, "op.other")
    assert client.get(f"/lokseva/applications/{ack}/receipt", token=other).status == 403
    assert client.get(f"/lokseva/applications/{ack}/receipt", token=token(client, sms, "dr.bhopal")).status == 403
    assert client.get("/lokseva/applications/123/receipt", token=op).error_code == "ACK_INVALID"
