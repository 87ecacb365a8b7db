"""Annual returns through the API: a society files with checked documents, the district officer
accepts or returns (SMS), citizens read filed documents (logged), defaulters are one query."""

from __future__ import annotations

import pytest
import requests

from tests.integration.filings_helpers import (
    FY,
    PDF,
    PNG,
    A,
    B,
    C,
    add_societies,
    citizen,
    declare,
    file,
    officers,
    society_token,
    upload,
)


@pytest.fixture
def world(client, sms, aws_resources, frozen_clock):
    from chalicelib.filings import service

    service.seed_master_data("test")
    add_societies()
    return {"a": society_token(A), "b": society_token(B), **officers(), "citizen": citizen(client, sms)}


def test_file_accept_and_citizens_read_with_every_read_logged(client, sms, world):
    pdf, png = upload(client, world["a"], A), upload(client, world["a"], A, PNG, "image/png", "agm-photo.png")
    r = file(client, world["a"], A, [pdf, png])
    assert r.status == 201, r
    filed = r.json
    assert (filed["status"], filed["late"], filed["district"]) == ("FILED", True, "bhopal")   # after 30 Sep
    assert [d["content_type"] for d in filed["documents"]] == ["application/pdf", "image/png"]

    page = client.get(f"/filings/societies/{A}").json                                      # public, no token
    assert [(x["return_type"], x["status"]) for x in page["returns"]] == [("annual_report", "FILED")]
    overdue = {(o["return_type"], o["status"], o["due_on"]) for o in page["outstanding"]}
    assert ("audited_accounts", "OVERDUE", "2026-09-30") in overdue and len(overdue) == 5  # 6 required, 1 filed
    assert "filed_by" not in page["returns"][0] and "remarks" not in page["returns"][0]

    inbox = client.get("/filings/inbox", token=world["bhopal"]).json
    assert [(i["reg_no"], i["return_type"]) for i in inbox["items"]] == [(A, "annual_report")]
    url = f"/filings/societies/{A}/returns/{FY}/annual_report"
    r = client.post(url + "/decision", {"action": "accept", "remarks": "ठीक है", "version": filed["version"]},
                    token=world["bhopal"])
    assert r.status == 200, r
    assert r.json["status"] == "ACCEPTED" and r.json["history"]["chain_valid"]
    assert [e["action"] for e in r.json["history"]["items"]] == ["filed", "accept"]
    assert "स्वीकार" in sms.to("9400000001")[-1] and A in sms.to("9400000001")[-1]
    assert client.get("/filings/inbox", token=world["bhopal"]).json["items"] == []

    link = client.get(f"/filings/documents/{pdf}/url", token=world["citizen"])
    assert link.status == 200, link
    fetched = requests.get(link.json["url"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == PDF
    assert client.get(f"/filings/documents/{png}/url", token=world["bhopal"]).status == 200
    assert client.get(f"/filings/documents/{pdf}/url").status == 401                     # anonymous
    log = client.get(f"/filings/societies/{A}/reads", token=world["a"])
    assert log.status == 200, log
    assert [(e["document_id"], e["reader_role"]) for e in log.json["items"]] == [(png, "officer"), (pdf, "citizen")]
    assert client.get(f"/filings/societies/{A}/reads", token=world["bhopal"]).status == 200
    assert client.get(f"/filings/societies/{A}/reads", token=world["indore"]).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/filings/societies/{A}/reads", token=world["b"]).error_code == "FILING_NOT_YOURS"
    assert client.get(f"/filings/societies/{A}/reads", token=world["citizen"]).error_code == "FORBIDDEN_ROLE"


def test_returned_with_remarks_is_outstanding_again_and_can_be_filed_again(client, sms, world):
    first = file(client, world["a"], A, [upload(client, world["a"], A)]).json
    url = f"/filings/societies/{A}/returns/{FY}/annual_report"
    r = client.post(url + "/decision", {"action": "return", "remarks": "हस्ताक्षर नहीं", "version": first["version"]},
                    token=world["bhopal"], headers={"Accept-Language": "en"})
    assert r.status == 200 and r.json["status"] == "RETURNED" and r.json["remarks"] == "हस्ताक्षर नहीं"
    assert "लौटाया" in sms.to("9400000001")[-1]
    page = client.get(f"/filings/societies/{A}").json
    assert "annual_report" in {o["return_type"] for o in page["outstanding"]}
    again = file(client, world["a"], A, [upload(client, world["a"], A)])
    assert again.status == 201, again
    assert again.json["status"] == "FILED" and again.json["first_filed_at"] == first["first_filed_at"]
    record = client.get(url, token=world["a"]).json
    assert [e["action"] for e in record["history"]["items"]] == ["filed", "return", "refiled"]
    assert record["history"]["chain_valid"]


def test_defaulters_of_a_district_are_one_query(client, sms, world, counter):
    admin = world["admin"]
    r = client.post("/admin/filings/obligations", {"financial_year": FY, "district": "bhopal"}, token=admin)
    assert r.status == 200 and (r.json["societies"], r.json["created"]) == (2, 2), r
    for kind in ("annual_report", "audited_accounts", "balance_sheet", "surplus_disposal",
                 "agm_election_declaration", "member_list"):
        assert file(client, world["a"], A, [upload(client, world["a"], A)], kind).status == 201
    counter.reset()
    r = client.get(f"/filings/defaulters?financial_year={FY}", token=world["bhopal"])
    assert r.status == 200, r
    assert counter.operations["Query"] == 1 and "Scan" not in counter.operations
    assert (r.json["status"], r.json["due_on"]) == ("OVERDUE", "2026-09-30")
    assert [(d["reg_no"], len(d["outstanding"])) for d in r.json["items"]] == [(B, 6)]        # A filed everything
    assert client.get(f"/filings/defaulters?financial_year={FY}&district=indore",
                      token=world["bhopal"]).error_code == "FORBIDDEN_JURISDICTION"
    again = client.post("/admin/filings/obligations", {"financial_year": FY, "district": "bhopal"}, token=admin)
    assert again.json["created"] == 0                                  # a rerun never resets what was filed
    assert client.get(f"/filings/defaulters?financial_year={FY}", token=world["bhopal"]).json["items"][0]["reg_no"] == B


def test_the_monthly_job_gives_every_society_its_obligations_for_the_last_closed_year(client, world):
    from chalicelib.filings.service import yearly_obligations  # what functions/filings.py runs monthly

    done = yearly_obligations()
    assert (done["financial_year"], done["societies"], done["created"]) == (FY, 3, 3)
    r = client.get(f"/filings/defaulters?financial_year={FY}&district=indore", token=world["indore"])
    assert [d["reg_no"] for d in r.json["items"]] == [C]
    assert yearly_obligations()["created"] == 0


# --- refusals ----------------------------------------------------------------------------------------

def test_another_society_cannot_file_or_upload_for_this_one(client, sms, world):
    mine = upload(client, world["a"], A)
    r = file(client, world["b"], A, [mine])
    assert (r.status, r.error_code) == (403, "FILING_NOT_YOURS")
    assert declare(client, world["b"], A, PDF).error_code == "FILING_NOT_YOURS"
    r = file(client, world["b"], B, [mine])                               # A's document in B's return
    assert (r.status, r.error_fields) == (422, ["document_ids.0"])
    assert client.post(f"/filings/documents/{mine}/confirm", token=world["b"]).error_code == "DOCUMENT_NOT_YOURS"
    assert declare(client, world["citizen"], A, PDF).error_code == "FORBIDDEN_ROLE"
    assert client.get(f"/filings/societies/{A}").json["returns"] == []


def test_officer_of_another_district_cannot_decide_and_stale_versions_get_409(client, sms, world):
    filed = file(client, world["a"], A, [upload(client, world["a"], A)]).json
    url = f"/filings/societies/{A}/returns/{FY}/annual_report"
    decision = {"action": "accept", "remarks": "ok", "version": filed["version"]}
    r = client.post(url + "/decision", decision, token=world["indore"])
    assert (r.status, r.error_code) == (403, "FORBIDDEN_JURISDICTION")
    assert client.get(url, token=world["indore"]).status == 403
    assert client.post(url + "/decision", decision, token=world["a"]).error_code == "FORBIDDEN_ROLE"
    assert client.post(url + "/decision", decision, token=world["admin"]).error_code == "FORBIDDEN_ROLE"
    assert client.post(url + "/decision", decision, token=world["bhopal"]).status == 200
    stale = client.post(url + "/decision", {**decision, "action": "return"}, token=world["bhopal"])
    assert (stale.status, stale.error_code) == (409, "VERSION_CONFLICT")
    fresh = client.post(url + "/decision", {**decision, "version": filed["version"] + 1}, token=world["bhopal"])
    assert (fresh.status, fresh.error_code) == (409, "RETURN_NOT_IN_STATE")


def test_concurrent_accepts_one_wins(client, sms, world):
    from concurrent.futures import ThreadPoolExecutor

    filed = file(client, world["a"], A, [upload(client, world["a"], A)]).json
    url = f"/filings/societies/{A}/returns/{FY}/annual_report/decision"
    body = {"action": "accept", "remarks": "ok", "version": filed["version"]}
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(lambda _: client.post(url, body, token=world["bhopal"]).status, range(2)))
    assert sorted(answers) == [200, 409]
    record = client.get(f"/filings/societies/{A}/returns/{FY}/annual_report", token=world["a"]).json
    assert [e["action"] for e in record["history"]["items"]] == ["filed", "accept"]


def test_replayed_filing_creates_nothing_new(client, sms, world):
    doc = upload(client, world["a"], A)
    headers = {"Idempotency-Key": "annual-report-2025-26"}
    first = file(client, world["a"], A, [doc], headers=headers)
    replay = file(client, world["a"], A, [doc], headers=headers)
    assert first.status == replay.status == 201 and first.json == replay.json
    record = client.get(f"/filings/societies/{A}/returns/{FY}/annual_report", token=world["a"]).json
    assert len(record["history"]["items"]) == 1
    again = file(client, world["a"], A, [doc])
    assert (again.status, again.error_code) == (409, "RETURN_ALREADY_FILED")


@pytest.mark.parametrize(("change", "field"), [
    ({"return_type": "horoscope"}, "return_type"),
    ({"financial_year": "2025-27"}, "financial_year"),
    ({"financial_year": "2026-27"}, "financial_year"),        # not closed yet
    ({"financial_year": "2001-02"}, "financial_year"),        # before the first year kept
    ({"financial_year": "25-26"}, "financial_year"),
    ({"document_ids": []}, "document_ids"),
    ({"document_ids": ["01HZZZZZZZZZZZZZZZZZZZZZZZ"]}, "document_ids.0"),
    ({"document_ids": ["../../" + "x" * 3000]}, "document_ids.0"),
    ({"extra": 1}, "extra"),
])
def test_bad_filings_are_422_naming_the_field(client, sms, world, change, field):
    body = {"financial_year": FY, "return_type": "annual_report", "document_ids": [upload(client, world["a"], A)],
            **change}
    r = client.post(f"/filings/societies/{A}/returns", body, token=world["a"], headers={"Accept-Language": "en"})
    assert r.status == 422, r
    assert r.error_fields == [field]


def test_unfiled_documents_are_not_for_citizens_and_other_roles_are_refused(client, sms, world):
    draft = upload(client, world["a"], A)
    assert client.get(f"/filings/documents/{draft}/url", token=world["citizen"]).error_code == "DOCUMENT_NOT_PUBLIC"
    assert client.get(f"/filings/documents/{draft}/url", token=world["b"]).error_code == "FILING_NOT_YOURS"
    assert client.get(f"/filings/documents/{draft}/url", token=world["a"]).status == 200   # its own upload
    log = client.get(f"/filings/societies/{A}/reads", token=world["a"]).json["items"]
    assert [e["reader"] for e in log] == [A.lower()]                     # refused reads leave no link and no entry
    page = client.get(f"/filings/societies/{C}").json            # no obligation item yet: derived for the year
    assert len(page["outstanding"]) == 6 and {o["status"] for o in page["outstanding"]} == {"OVERDUE"}
    assert client.get(f"/filings/societies/{C}?financial_year=2026-27").json["outstanding"] == []   # still open
    assert client.get(f"/filings/societies/{C}?financial_year=2026-28").error_fields == ["financial_year"]
    assert client.get("/filings/societies/XYZ-2020-00001").status == 404
