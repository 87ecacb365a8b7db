"""A citizen applies online, is told the acknowledgement and guaranteed date by SMS, the
designated officer decides in time, and the applicant (only) downloads the certificate."""

from __future__ import annotations

import io

import pytest
import requests

from tests.integration.test_lokseva_helpers import (
    CITIZEN,
    OTHER_CITIZEN,
    advance,
    apply,
    citizen,
    complete,
    decide,
    seed,
    token,
)

pytestmark = pytest.mark.usefixtures("aws_resources")   # documents go to the bucket


@pytest.fixture
def applied(client, sms, frozen_clock, aws_resources):
    seed()
    me = citizen(client, sms)
    r = apply(client, me, purpose="scholarship")
    assert r.status == 201, r
    return me, r.json


def test_apply_gives_an_acknowledgement_and_the_guaranteed_date_by_sms(client, sms, applied):
    me, filed = applied
    ack = filed["ack"]
    # applied Monday 23-11-2026; 3 working days skip Guru Nanak Jayanti (24th)
    assert filed["guaranteed_date"] == "2026-11-27" and filed["stage_due_at"] == "2026-11-27T18:30:00Z"
    assert filed["status"] == "SUBMITTED" and filed["channel"] == "online" and filed["fee"] == "0.00"
    text = sms.to(CITIZEN)[-1]
    assert ack in text and "27-11-2026" in text and "आय प्रमाण पत्र" in text and "पावती" in text
    view = client.get(f"/lokseva/applications/{ack}", token=me).json
    assert view["mobile"] == "XXXXXX3210" and view["stage_desk"] == "district:bhopal"
    assert view["delay_days"] == 0 and view["compensation_due"] == "0.00" and view["history"]["chain_valid"]
    mine = client.get("/lokseva/applications?mine=true", token=me).json
    assert [i["ack"] for i in mine["items"]] == [ack] and mine["items"][0]["service_name_en"] == "Income certificate"


def test_sms_in_english_when_asked(client, sms, frozen_clock):
    seed()
    me = citizen(client, sms)
    r = apply(client, me, service="caste_certificate", applicant_name="Sita Devi", headers={"Accept-Language": "en"})
    assert r.status == 201
    assert sms.to(CITIZEN)[-1] == (f"Sahkar Setu: application for 'Caste certificate' received, acknowledgement "
                                   f"{r.json['ack']}. Guaranteed date of delivery {r.json['guaranteed_date'][8:10]}-"
                                   f"12-2026.")


def test_the_designated_officer_approves_in_time_and_the_applicant_downloads(client, sms, applied, frozen_clock,
                                                                               counter):
    me, filed = applied
    ack = filed["ack"]
    dr = token(client, sms, "dr.bhopal")
    pending = client.get("/lokseva/applications?pending=true", token=dr).json
    assert [i["ack"] for i in pending["items"]] == [ack]
    advance(frozen_clock, days=2)
    dr, me = token(client, sms, "dr.bhopal"), citizen(client, sms)    # sessions expire meanwhile
    r = decide(client, dr, ack, version=1)
    assert r.status == 200, r
    assert r.json["status"] == "APPROVED" and r.json["decided_by"] == "dr.bhopal" and r.json["certificate"]
    assert r.json["delay_days"] == 0 and r.json["compensation_due"] == "0.00"
    assert ack in sms.to(CITIZEN)[-1] and "स्वीकृत" in sms.to(CITIZEN)[-1]
    assert client.get("/lokseva/applications?pending=true", token=dr).json["items"] == []
    link = client.get(f"/lokseva/applications/{ack}/certificate", token=me)
    assert link.status == 200 and link.json["expires_in"] == 300
    pdf = requests.get(link.json["url"], timeout=10)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    text = reader.pages[0].extract_text()
    assert ack in text and "Income certificate" in text and "Acknowledgement number" in text
    # in Hindi too, shaped with an embedded Devanagari font (the extractor keeps these words whole)
    assert "आवेदक" in text and "सहकार सेतु" in text
    fonts = {str(f.get_object().get("/BaseFont")) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("Devanagari" in f for f in fonts)
    again = decide(client, dr, ack, decision="reject")
    assert again.status == 409 and again.error_code == "APPLICATION_DECIDED"


def test_reject_with_reasons_tells_the_citizen_how_to_appeal(client, sms, applied):
    me, filed = applied
    dr = token(client, sms, "dr.bhopal")
    r = decide(client, dr, filed["ack"], decision="reject", reasons="income proof missing")
    assert r.json["status"] == "REJECTED" and r.json["reasons"] == "income proof missing"
    assert "30 दिन" in sms.to(CITIZEN)[-1] and not r.json["certificate"]
    assert client.get(f"/lokseva/applications/{filed['ack']}/certificate", token=me).error_code == \
        "CERTIFICATE_NOT_READY"


def test_only_the_desk_of_the_stage_decides(client, sms, applied):
    me, filed = applied
    ack = filed["ack"]
    other_district = decide(client, token(client, sms, "dr.indore"), ack)
    assert other_district.status == 403 and other_district.error_code == "FORBIDDEN_JURISDICTION"
    division = decide(client, token(client, sms, "jr.bhopal"), ack)        # the appeal officer, not yet
    assert division.status == 403 and division.error_code == "FORBIDDEN_JURISDICTION"
    assert decide(client, me, ack).error_code == "FORBIDDEN_ROLE"
    assert decide(client, token(client, sms, "admin"), ack).status == 403


def test_another_department_s_officer_of_the_district_never_decides(client, sms, applied):
    """Issue 13, hole 1: the DCCB CEO (an officer of the district) approved an arms-licence renewal
    whose designated officer is the Collector, and rejected a co-operative service of the DR."""
    me, _ = applied
    ceo = token(client, sms, "dccb.bhopal")
    arms = apply(client, me, service="arms_licence_renewal").json["ack"]    # the Collector's seat
    refused = decide(client, ceo, arms)
    assert refused.status == 403 and refused.error_code == "NOT_THE_SEAT"
    coop = apply(client, me, service="society_certified_copy", sms=sms).json["ack"]  # the DR's seat
    refused = decide(client, ceo, coop, decision="reject", reasons="not mine to reject")
    assert refused.status == 403 and refused.error_code == "NOT_THE_SEAT"
    for ack in (arms, coop):
        shown = client.get(f"/lokseva/applications/{ack}", token=me).json
        assert shown["status"] == "SUBMITTED" and not shown["certificate"]
    assert decide(client, token(client, sms, "collector.bhopal"), arms).json["status"] == "APPROVED"
    assert decide(client, token(client, sms, "dr.bhopal"), coop).json["status"] == "APPROVED"


def test_no_seat_named_means_nobody_decides_yet(client, sms, applied):
    me, _ = applied
    arms = apply(client, me, service="arms_licence_renewal", district="indore").json["ack"]  # no Collector named
    refused = decide(client, token(client, sms, "dr.indore"), arms)
    assert refused.status == 409 and refused.error_code == "SEAT_NOT_CONFIGURED"
    assert refused.json["error"]["details"] == [{"field": "seat", "message": "collector at district:indore"}]
    assert "collector" in refused.json["error"]["message"]
    assert client.get(f"/lokseva/applications/{arms}", token=me).json["status"] == "SUBMITTED"


def test_others_cannot_see_the_application_or_its_certificate(client, sms, applied):
    me, filed = applied
    ack = filed["ack"]
    decide(client, token(client, sms, "dr.bhopal"), ack)
    other = citizen(client, sms, OTHER_CITIZEN)
    assert client.get(f"/lokseva/applications/{ack}", token=other).error_code == "APPLICATION_NOT_YOURS"
    assert client.get(f"/lokseva/applications/{ack}/certificate", token=other).error_code == "APPLICATION_NOT_YOURS"
    indore = token(client, sms, "dr.indore")
    assert client.get(f"/lokseva/applications/{ack}", token=indore).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/lokseva/applications/{ack}/certificate", token=indore).error_code == "FORBIDDEN_ROLE"
    assert client.get(f"/lokseva/applications/{ack}", token=token(client, sms, "jr.bhopal")).status == 200


def test_bad_input_is_4xx_naming_the_field(client, sms, applied):
    me, filed = applied
    r = apply(client, me, service="no_such_service")
    assert r.status == 422 and r.error_fields == ["service"] and r.error_code == "SERVICE_NOT_FOUND"
    r = apply(client, me, district="atlantis", applicant_name="")
    assert r.status == 422 and {"district", "applicant_name"} <= set(r.error_fields)
    r = apply(client, me, mobile="9999999999")
    assert r.status == 422 and r.error_fields == ["mobile"]
    assert client.get("/lokseva/applications/123", token=me).error_code == "ACK_INVALID"
    wrong_check = filed["ack"][:-1] + str((int(filed["ack"][-1]) + 1) % 10)
    assert client.get(f"/lokseva/applications/{wrong_check}", token=me).status == 422
    r = decide(client, token(client, sms, "dr.bhopal"), filed["ack"], decision="maybe", reasons="")
    assert r.status == 422 and {"decision", "reasons"} <= set(r.error_fields)
    assert client.get("/lokseva/applications", token=me).status == 422    # mine or pending


def test_a_replayed_application_creates_nothing_new(client, sms, frozen_clock):
    seed()
    me = citizen(client, sms)
    headers = {"Idempotency-Key": "apply-1"}
    body = complete(client, me, "income_certificate",
                    {"service": "income_certificate", "district": "bhopal", "applicant_name": "Ramesh"})
    first = client.post("/lokseva/applications", body, token=me, headers=headers)
    second = client.post("/lokseva/applications", body, token=me, headers=headers)
    assert first.status == second.status == 201 and first.json == second.json
    assert len(client.get("/lokseva/applications?mine=true", token=me).json["items"]) == 1
    assert len(sms.to(CITIZEN)) == 2   # the OTP and one acknowledgement


def test_a_stale_version_is_refused(client, sms, applied):
    _, filed = applied
    dr = token(client, sms, "dr.bhopal")
    r = decide(client, dr, filed["ack"], version=7)
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"


def test_an_sms_failure_never_fails_the_application_and_the_outbox_sends_it_later(client, sms, frozen_clock):
    from unittest import mock

    from chalicelib.core import notify

    seed()
    me = citizen(client, sms)
    with mock.patch.object(notify, "publish", side_effect=RuntimeError("SNS down")):
        r = apply(client, me)
    assert r.status == 201
    assert not any(r.json["ack"] in text for text in sms.to(CITIZEN))
    advance(frozen_clock, minutes=5)
    assert notify.sweep()["sent"] == 1
    assert r.json["ack"] in sms.to(CITIZEN)[-1]
