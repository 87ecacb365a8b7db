"""What an application carries for its officer: each service's form and documents come from the
catalogue and are checked on the server; society services are applied for by the society itself;
a service about a society names it; the officer reads the answers and the documents (logged)."""

from __future__ import annotations

import pytest

from chalicelib.lokseva.schemas import ServiceDef
from tests.integration.filings_helpers import society_token
from tests.integration.test_lokseva_helpers import (
    PACS,
    apply,
    citizen,
    complete,
    seed,
    token,
    upload,
)

pytestmark = pytest.mark.usefixtures("aws_resources")

INCOME = {"father_name": "Shyam Lal", "address": "Ward 4, Berasia", "annual_income": "84000",
          "income_source": "farming"}


@pytest.fixture
def seeded(client, frozen_clock):
    seed()


def _society(client, sms, district="bhopal", **changes) -> str:
    dr = token(client, sms, "dr.bhopal" if district == "bhopal" else "dr.indore")
    body = {**PACS, "district": district, "mobile": changes.pop("mobile", "9333333301"), **changes}
    r = client.post("/societies", body, token=dr)
    assert r.status == 201, r
    return r.json["reg_no"]


def test_every_service_says_what_it_asks_in_both_languages(client, seeded):
    catalogue = client.get("/lokseva/services").json
    for service in catalogue:
        ServiceDef.model_validate({k: v for k, v in service.items() if k not in ("code", "version")})
        assert service["description_hi"] and service["description_en"], service["code"]
        for doc in service["documents"]:
            assert doc["name_hi"] != doc["name_en"] and doc["name_hi"], doc
        for spec in service["form"]:
            assert spec["label_hi"] and spec["label_en"], spec
    by_code = {s["code"]: s for s in catalogue}
    assert by_code["bye_law_amendment"]["applicant"] == "society"
    assert by_code["society_no_dues"]["applicant"] == "person" and by_code["society_no_dues"]["asks_society"]
    assert not by_code["income_certificate"]["asks_society"]
    assert [d["code"] for d in by_code["income_certificate"]["documents"]] == ["aadhaar", "self_declaration",
                                                                             "income_proof"]


def test_the_form_is_checked_with_the_catalogue_definitions(client, sms, seeded):
    me = citizen(client, sms)
    r = apply(client, me, form={**INCOME, "father_name": " "})
    assert r.status == 422 and r.error_fields == ["form.father_name"] and r.error_code == "FORM_REQUIRED"
    assert r.json["error"]["message"] == "‘पिता/पति का नाम’ भरना ज़रूरी है।"
    r = apply(client, me, form={**INCOME, "annual_income": "-5"}, headers={"Accept-Language": "en"})
    assert r.error_fields == ["form.annual_income"] and r.error_code == "FORM_RANGE"
    assert "Family's annual income" in r.json["error"]["message"]
    assert apply(client, me, form={**INCOME, "annual_income": "12.5"}).error_code == "FORM_STEP"
    assert apply(client, me, form={**INCOME, "annual_income": "lots"}).error_code == "FORM_NOT_NUMBER"
    assert apply(client, me, form={**INCOME, "income_source": "lottery"}).error_fields == ["form.income_source"]
    r = apply(client, me, form={**INCOME, "shoe_size": "9"})
    assert r.status == 422 and r.error_fields == ["form.shoe_size"] and r.error_code == "FORM_UNKNOWN"
    r = apply(client, me, form={**INCOME, "address": "x" * 301})
    assert r.error_fields == ["form.address"] and r.error_code == "FORM_TOO_LONG"
    r = apply(client, me, service="birth_certificate",
              form={"born_on": "31/02/2025", "place_of_birth": "Hamidia hospital"})
    assert r.error_fields == ["form.born_on"] and r.error_code == "FORM_NOT_DATE"
    r = apply(client, me, service="birth_certificate", form={"born_on": "05/01/2025", "place_of_birth": "Hamidia"})
    assert r.status == 201, r
    seen = client.get(f"/lokseva/applications/{r.json['ack']}", token=me).json
    assert {a["name"]: a["value"] for a in seen["answers"]} == {"born_on": "2025-01-05", "place_of_birth": "Hamidia"}


def test_required_documents_must_be_uploaded_and_be_the_applicants(client, sms, seeded):
    me = citizen(client, sms)
    aadhaar = upload(client, me)
    r = apply(client, me, form=INCOME, documents=[{"code": "aadhaar", "document_id": aadhaar}])
    assert r.status == 422 and r.error_fields == ["documents.self_declaration"] and r.error_code == "DOCUMENT_MISSING"
    assert "स्व-घोषणा पत्र" in r.json["error"]["message"]
    r = apply(client, me, form=INCOME, documents=[{"code": "ration_card", "document_id": aadhaar}])
    assert r.error_fields == ["documents.0.code"] and r.error_code == "DOCUMENT_NOT_LISTED"
    theirs = upload(client, citizen(client, sms, "9876500000"))
    r = apply(client, me, form=INCOME, documents=[{"code": "aadhaar", "document_id": theirs},
                                                  {"code": "self_declaration", "document_id": upload(client, me)},
                                                  {"code": "income_proof", "document_id": upload(client, me)}])
    assert r.status == 422 and r.error_fields == ["documents.0.document_id"]
    first = apply(client, me, form=INCOME)
    assert first.status == 201, first
    used = client.get(f"/lokseva/applications/{first.json['ack']}", token=me).json["documents"][0]["document_id"]
    docs = complete(client, me, "income_certificate", {"service": "income_certificate"})["documents"]
    r = apply(client, me, form=INCOME, documents=[{"code": "aadhaar", "document_id": used}, *docs[1:]])
    assert r.status == 409 and r.error_code == "DOCUMENT_ALREADY_ATTACHED"     # one application per upload


def test_the_officer_sees_the_answers_and_reads_the_documents_with_a_log(client, sms, seeded):
    me = citizen(client, sms)
    r = apply(client, me, form=INCOME)
    assert r.status == 201, r
    ack = r.json["ack"]
    collector = token(client, sms, "collector.bhopal")
    seen = client.get(f"/lokseva/applications/{ack}", token=collector).json
    answers = {a["name"]: a for a in seen["answers"]}
    assert answers["annual_income"]["value"] == "84000" and answers["father_name"]["label_hi"] == "पिता/पति का नाम"
    assert answers["income_source"]["value_hi"] == "खेती" and answers["income_source"]["value_en"] == "Farming"
    assert [(d["code"], d["name_hi"]) for d in seen["documents"]] == [
        ("aadhaar", "आधार कार्ड"), ("self_declaration", "स्व-घोषणा पत्र"), ("income_proof", "आय का प्रमाण")]
    doc = seen["documents"][0]["document_id"]
    link = client.get(f"/lokseva/applications/{ack}/documents/{doc}", token=collector)
    assert link.status == 200 and link.json["url"].startswith("http")
    reads = client.get(f"/lokseva/applications/{ack}/document-reads", token=collector).json["items"]
    assert [(e["reader"], e["document_id"]) for e in reads] == [("collector.bhopal", doc)]
    indore = token(client, sms, "dr.indore")
    assert client.get(f"/lokseva/applications/{ack}/documents/{doc}", token=indore).status == 403
    other = citizen(client, sms, "9876500000")
    assert client.get(f"/lokseva/applications/{ack}/documents/{doc}", token=other).status == 403
    assert client.get(f"/lokseva/applications/{ack}/documents/{doc}", token=me).status == 200   # the applicant
    assert client.get(f"/lokseva/applications/{ack}/document-reads", token=me).status == 403


def test_society_services_come_from_the_society_itself(client, sms, seeded):
    reg_no = _society(client, sms)
    me = citizen(client, sms)
    r = apply(client, me, service="bye_law_amendment", society=reg_no, headers={"Accept-Language": "en"})
    assert r.status == 403 and r.error_code == "SOCIETY_SERVICE_ONLY"
    assert r.json["error"]["message"] == ("The society itself applies for this service, through its own login; "
                                          "a person cannot.")
    ours = society_token(reg_no)
    r = apply(client, ours, service="bye_law_amendment", district=None)
    assert r.status == 201, r
    seen = client.get(f"/lokseva/applications/{r.json['ack']}", token=ours).json
    assert seen["society"] == reg_no and seen["filed_by"] == f"society:{reg_no}" and seen["mobile"].endswith("3301")
    other = _society(client, sms, mobile="9333333302", name_en="PACS Two", name_hi="पैक्स दो")
    r = apply(client, ours, service="bye_law_amendment", society=other)
    assert r.status == 422 and r.error_fields == ["society"]                 # only for itself
    r = apply(client, ours, service="income_certificate")
    assert r.status == 403 and r.error_code == "PERSON_SERVICE_ONLY"
    assert [i["ack"] for i in client.get("/lokseva/applications?mine=true", token=ours).json["items"]] == [seen["ack"]]


def test_a_service_about_a_society_names_it_and_goes_to_its_district(client, sms, seeded):
    me = citizen(client, sms)
    answers = {"member_number": "M-114", "purpose_of_nodues": "bank_loan", "loan_account_number": "KCC-2231"}
    r = apply(client, me, service="society_no_dues", form=answers, society=None)
    assert r.status == 422 and r.error_fields == ["society"] and r.error_code == "SOCIETY_REQUIRED"
    r = apply(client, me, service="society_no_dues", form=answers, society="BPL-2024-99999")
    assert r.status == 422 and r.error_fields == ["society"] and r.error_code == "SOCIETY_NOT_FOUND"
    indore = _society(client, sms, district="indore", mobile="9333333303")
    r = apply(client, me, service="society_no_dues", form=answers, society=indore.lower(), district="bhopal")
    assert r.status == 201 and r.json["district"] == "indore"                # the society's district decides
    seen = client.get(f"/lokseva/applications/{r.json['ack']}", token=me).json
    assert seen["society"] == indore and seen["society_name_hi"] == PACS["name_hi"]
    assert seen["stage_desk"] == "district:indore"
