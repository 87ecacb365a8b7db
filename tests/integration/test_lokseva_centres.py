"""PACS as service centres: an operator applies at the counter for a citizen, only at the PACS
they are bound to; counter transactions are recorded and summarised per district."""

from __future__ import annotations

import pytest

from tests.integration.test_lokseva_helpers import (
    COUNTER_CITIZEN,
    PACS,
    citizen,
    operator_token,
    pacs_centre,
    seed,
    token,
)

pytestmark = pytest.mark.usefixtures("aws_resources")   # documents go to the bucket

COUNTER_APPLICATION = {"service": "khasra_copy", "applicant_name": "Mohan Lal", "mobile": COUNTER_CITIZEN,
                       "fee_taken": "40.00", "fee_reason": "two extra pages printed", "purpose": "crop loan",
                       "form": {"village": "Berasia", "survey_number": "123/2"}}


@pytest.fixture
def centre(client, sms, frozen_clock):
    seed()
    return pacs_centre(client, sms)


def test_an_operator_applies_at_the_counter_for_a_citizen(client, sms, centre):
    op = operator_token(client, sms, "op.bhopal")
    r = client.post(f"/lokseva/centres/{centre}/applications", COUNTER_APPLICATION, token=op)
    assert r.status == 201, r
    ack = r.json["ack"]
    assert (r.json["channel"], r.json["fee"], r.json["fee_taken"]) == ("counter", "30.00", "40.00")
    assert r.json["guaranteed_date"] == "2026-11-23"                      # same day (Samadhan Ek Din)
    assert ack in sms.to(COUNTER_CITIZEN)[-1]                             # the citizen gets the acknowledgement
    seen = client.get(f"/lokseva/applications/{ack}", token=op).json
    assert (seen["pacs_reg_no"], seen["filed_by"], seen["district"]) == (centre, "op.bhopal", "bhopal")
    assert seen["mobile"] == "XXXXXX2109"
    mine = client.get("/lokseva/applications?mine=true", token=citizen(client, sms, COUNTER_CITIZEN)).json
    assert [i["ack"] for i in mine["items"]] == [ack]                    # the citizen owns it by mobile
    dr = token(client, sms, "dr.bhopal")
    summary = client.get("/lokseva/centre-summary?district=bhopal&start=2026-11-01&end=2026-11-30", token=dr).json
    assert summary["transactions"] == 1 and summary["fees"] == "40.00"
    assert summary["centres"] == [{"reg_no": centre, "transactions": 1, "fees": "40.00",
                                   "by_service": {"khasra_copy": 1}}]


def test_an_operator_serves_only_the_pacs_bound_to(client, sms, centre):
    dr = token(client, sms, "dr.bhopal")
    other = client.post("/societies", {**PACS, "name_en": "PACS Phanda", "name_hi": "पैक्स फंदा",
                                       "mobile": "9333333334"}, token=dr).json["reg_no"]
    admin = token(client, sms, "admin")
    assert client.call("PUT", f"/lokseva/centres/{other}", {"operators": []}, token=admin).status == 200
    op = operator_token(client, sms, "op.bhopal")
    r = client.post(f"/lokseva/centres/{other}/applications", COUNTER_APPLICATION, token=op)
    assert r.status == 403 and r.error_code == "PACS_NOT_YOURS" and other in r.json["error"]["message"]
    assert client.post(f"/lokseva/centres/{other}/transactions", {"service": "aadhaar_update", "date": "2026-11-23",
                                                                 "fee": "50"}, token=op).status == 403
    # an operator is bound to one PACS only
    r = client.call("PUT", f"/lokseva/centres/{other}", {"operators": ["op.bhopal"], "version": 1}, token=admin)
    assert r.status == 409 and r.error_code == "OPERATOR_BOUND_ELSEWHERE"
    # unbinding (centre closed) takes the counter away at once
    r = client.call("PUT", f"/lokseva/centres/{centre}", {"operators": ["op.bhopal"], "active": False, "version": 1},
                    token=admin)
    assert r.status == 200
    assert client.post(f"/lokseva/centres/{centre}/applications", COUNTER_APPLICATION, token=op).status == 403
    assert client.call("PUT", f"/lokseva/centres/{other}", {"operators": ["op.bhopal"], "version": 1},
                       token=admin).status == 200
    assert client.post(f"/lokseva/centres/{other}/applications", COUNTER_APPLICATION, token=op).status == 201


def test_only_operators_apply_at_a_counter_and_only_admins_bind(client, sms, centre):
    dr = token(client, sms, "dr.bhopal")
    r = client.post(f"/lokseva/centres/{centre}/applications", COUNTER_APPLICATION, token=dr)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.call("PUT", f"/lokseva/centres/{centre}", {"operators": []}, token=dr).status == 403
    me = citizen(client, sms)
    assert client.post(f"/lokseva/centres/{centre}/applications", COUNTER_APPLICATION, token=me).status == 403
    admin = token(client, sms, "admin")
    dairy = client.post("/societies", {**PACS, "type": "dairy", "mobile": "9333333335"}, token=dr).json["reg_no"]
    r = client.call("PUT", f"/lokseva/centres/{dairy}", {"operators": []}, token=admin)
    assert r.status == 422 and r.error_code == "NOT_A_PACS"
    assert client.call("PUT", "/lokseva/centres/BPL-2024-99999", {"operators": []}, token=admin).status == 404
    assert client.call("PUT", f"/lokseva/centres/{centre}", {"operators": ["a", "a"]}, token=admin).status == 422


def test_counter_input_is_checked(client, sms, centre):
    op = operator_token(client, sms, "op.bhopal")
    r = client.post(f"/lokseva/centres/{centre}/applications", {**COUNTER_APPLICATION, "fee_reason": None},
                    token=op)
    assert r.status == 422 and r.error_code == "FEE_DIFFERS" and r.error_fields == ["fee_taken"]
    r = client.post(f"/lokseva/centres/{centre}/applications", {**COUNTER_APPLICATION, "mobile": "123",
                                                                "fee_taken": "1.234"}, token=op)
    assert r.status == 422 and {"mobile", "fee_taken"} <= set(r.error_fields)
    r = client.post(f"/lokseva/centres/{centre}/transactions", {"service": "pan_card", "date": "2026-12-01",
                                                                "fee": "100"}, token=op)
    assert r.status == 422 and r.error_fields == ["date"]                  # not in the future
    assert client.post("/lokseva/centres/nonsense/applications", COUNTER_APPLICATION, token=op).status == 422


def test_transactions_are_summarised_per_district_and_pacs(client, sms, centre):
    op = operator_token(client, sms, "op.bhopal")
    for service, day, fee in (("aadhaar_update", "2026-11-20", "50"), ("aadhaar_update", "2026-11-21", "50"),
                              ("pan_card", "2026-11-21", "107.50"), ("insurance_premium", "2026-10-31", "20")):
        r = client.post(f"/lokseva/centres/{centre}/transactions", {"service": service, "date": day, "fee": fee},
                        token=op, headers={"Idempotency-Key": f"{service}-{day}"})
        assert r.status == 201 and r.json["recorded_by"] == "op.bhopal"
    replay = client.post(f"/lokseva/centres/{centre}/transactions", {"service": "pan_card", "date": "2026-11-21",
                                                                     "fee": "107.50"}, token=op,
                         headers={"Idempotency-Key": "pan_card-2026-11-21"})
    assert replay.status == 201                                             # replayed, not recorded twice
    dr = token(client, sms, "dr.bhopal")
    r = client.get("/lokseva/centre-summary?district=bhopal&start=2026-11-01&end=2026-11-30", token=dr)
    assert r.json["transactions"] == 3 and r.json["fees"] == "207.50"
    assert r.json["centres"][0]["by_service"] == {"aadhaar_update": 2, "pan_card": 1}
    indore = token(client, sms, "dr.indore")
    denied = client.get("/lokseva/centre-summary?district=bhopal&start=2026-11-01&end=2026-11-30", token=indore)
    assert denied.status == 403 and denied.error_code == "FORBIDDEN_JURISDICTION"
    assert client.get("/lokseva/centre-summary?district=bhopal&start=2026-11-01&end=2026-11-30",
                      token=op).status == 403
    bad = client.get("/lokseva/centre-summary?district=bhopal&start=2026-11-30&end=2026-11-01", token=dr)
    assert bad.status == 422 and bad.error_fields == ["end"]
