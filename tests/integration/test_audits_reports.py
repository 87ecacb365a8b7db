"""Audit reports (class A-D from the marks) and the society's compliance, through the API."""

from __future__ import annotations

import pytest

from chalicelib.audits import store
from chalicelib.core import history
from tests.integration.helpers import staff_token
from tests.integration.test_audits_helpers import (
    YEAR,
    activate,
    admin,
    allot,
    auditor,
    firm,
    firm_token,
    hq,
    next_mobile,
    society,
    society_token,
)


@pytest.fixture
def audit(client, sms):
    token = hq(client, sms)
    soc = society(client, token)
    found = firm("100001C")
    r = allot(client, token, soc["reg_no"], "firm", "100001C")
    assert r.status == 201, r
    return {"hq": token, "society": soc, "firm": found, "allotment": r.json}


def report(client, token, reg_no, version, marks="52.5", fee="25000", **kw):
    return client.post(f"/audits/{YEAR}/allotments/{reg_no}/report",
                       {"marks": marks, "fee": fee, "remarks": "accounts in order", "version": version},
                       token=token, **kw)


def test_the_firm_reports_the_society_complies_and_history_tells_it(client, sms, audit):
    reg_no = audit["society"]["reg_no"]
    token = firm_token(client, sms, audit["firm"])
    r = report(client, token, reg_no, 1)
    assert r.status == 200, r
    assert (r.json["status"], r.json["audit_class"], r.json["marks"], r.json["fee"]) == ("REPORTED", "B", "52.5",
                                                                                          "25000.00")
    told = [t for t in sms.to(audit["society"]["mobile"]) if reg_no in t and YEAR in t]
    assert len(told) == 1 and "वर्ग B" in told[0]
    again = report(client, token, reg_no, r.json["version"])
    assert again.status == 409 and again.error_code == "AUDIT_NOT_IN_STATE"

    soc_token = society_token(client, sms, audit["society"])
    path = f"/audits/{YEAR}/allotments/{reg_no}/compliance"
    stale = client.post(path, {"text": "paras 1-4 complied", "version": 1}, token=soc_token)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    done = client.post(path, {"text": "paras 1-4 complied", "version": r.json["version"]}, token=soc_token)
    assert done.status == 200 and done.json["status"] == "COMPLIED", done
    seen = client.get(f"/audits/{YEAR}/allotments/{reg_no}", token=soc_token).json
    assert [e["action"] for e in seen["history"]["items"]] == ["allotted", "reported", "complied"]
    assert seen["history"]["chain_valid"] and history.verify(store.history(store.allotment_pk(YEAR, reg_no)))


def test_only_the_allotted_auditor_reports_with_the_version_read(client, sms, audit):
    reg_no = audit["society"]["reg_no"]
    other = firm("100002C")
    r = report(client, firm_token(client, sms, other), reg_no, 1)
    assert r.status == 403 and r.error_code == "AUDIT_NOT_YOURS"
    r = report(client, audit["hq"], reg_no, 1)                       # an officer who is not the auditor
    assert r.status == 403 and r.error_code == "AUDIT_NOT_YOURS"
    token = firm_token(client, sms, audit["firm"])
    assert report(client, token, reg_no, 7).error_code == "VERSION_CONFLICT"
    bad = report(client, token, reg_no, 1, marks="100.5", headers={"Accept-Language": "en"})
    assert bad.status == 422 and bad.error_fields == ["marks"] and "100" in bad.json["error"]["message"]
    bad = report(client, token, reg_no, 1, fee="12.345")
    assert bad.status == 422 and bad.error_fields == ["fee"]
    assert store.get_allotment(YEAR, reg_no).status == "ALLOTTED"


def test_compliance_needs_the_report_first_and_the_right_society(client, sms, audit):
    reg_no = audit["society"]["reg_no"]
    path = f"/audits/{YEAR}/allotments/{reg_no}/compliance"
    mine = society_token(client, sms, audit["society"])
    early = client.post(path, {"text": "done", "version": 1}, token=mine)
    assert early.status == 409 and early.error_code == "AUDIT_NOT_IN_STATE"
    other = society(client, audit["hq"], name="Another Samiti")
    theirs = society_token(client, sms, other)
    r = client.post(path, {"text": "done", "version": 1}, token=theirs)
    assert r.status == 403 and r.error_code == "SOCIETY_NOT_YOURS"
    r = client.get(f"/audits/{YEAR}/allotments/{reg_no}", token=theirs)
    assert r.status == 403 and r.error_code == "SOCIETY_NOT_YOURS"


def test_a_departmental_auditor_reports_and_bands_are_master_data(client, sms, audit):
    soc = society(client, audit["hq"], name="Third Samiti")
    auditor("aud.sehore")
    assert allot(client, audit["hq"], soc["reg_no"], "departmental", "aud.sehore").status == 201
    mobile = next_mobile()
    from tests.integration.helpers import make_staff

    make_staff("aud.sehore", code="sehore", mobile=mobile)
    activate("aud.sehore")
    token = staff_token(client, sms, "aud.sehore", mobile)
    mine = client.get(f"/audits/assignments?year={YEAR}", token=token).json
    assert [i["reg_no"] for i in mine["items"]] == [soc["reg_no"]]

    a = admin(client, sms)
    current = client.get("/audits/settings", token=a).json
    bands = [{"class": "A", "above": "75", "inclusive": True}, {"class": "B", "above": "60", "inclusive": True},
             {"class": "C", "above": "40", "inclusive": True}, {"class": "D", "above": "0", "inclusive": True}]
    r = client.call("PUT", "/audits/settings", body={**current["data"], "class_bands": bands,
                                                     "version": current["version"], "note": "stricter"}, token=a)
    assert r.status == 200, r
    r = report(client, token, soc["reg_no"], 1, marks="70")
    assert r.status == 200 and r.json["audit_class"] == "B"                    # A under the default bands
