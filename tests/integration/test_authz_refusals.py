"""Refusals of the authorization rules (chalicelib/core/authz.py) that no service test covered:
the housing cell's closing, a reallotment by a district officer, an empanelment by order by anyone
but the admin."""

from __future__ import annotations

from chalicelib.core.auth import Level, Role
from tests.integration.grievance_helpers import officer_token, seed_master_data, staff_token
from tests.integration.helpers import officer
from tests.integration.test_audits_helpers import YEAR, allot, firm, firm_token, hq, jr, next_mobile, society


def test_only_the_division_s_cell_closes_an_instruction(client, sms, frozen_clock):
    seed_master_data()
    cell = staff_token(client, sms, "cell.bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9111100050")
    other = staff_token(client, sms, "cell.indore", Role.HOUSING_CELL, Level.DIVISION, "indore", "9111100051")
    body = {"district": "bhopal", "subject": "Inquire into plot allotment",
            "text": "Report on the allotment of plots by the society within 15 days."}
    made = client.post("/instructions", body, token=cell).json
    dr = officer_token(client, sms, "dr.bhopal")
    assert client.post(f"/instructions/{made['id']}/compliance", {"report": "Inquiry done."}, token=dr).status == 200
    path = f"/instructions/{made['id']}/close"
    r = client.post(path, {"note": "closing"}, token=other)                  # another division's cell
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = client.post(path, {"note": "closing"}, token=dr)                     # the office that complied
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.get(f"/instructions/{made['id']}", token=cell).json["status"] == "COMPLIED"
    assert client.post(path, {"note": "Satisfactory"}, token=cell).json["status"] == "CLOSED"


def test_a_district_officer_never_reallots(client, sms):
    head = hq(client, sms)
    soc = society(client, head, "sehore")
    firm("100001C")
    second = firm("100002C")
    first = allot(client, head, soc["reg_no"], "firm", "100001C").json
    body = {"auditor_kind": "firm", "auditor_id": "100002C", "version": first["version"], "note": "swap"}
    path = f"/audits/{YEAR}/allotments/{soc['reg_no']}/reallot"
    dr = officer(client, sms, "dr.sehore", code="sehore", mobile=next_mobile())
    r = client.post(path, body, token=dr)
    assert r.status == 403 and r.error_code == "AUDIT_ALLOT_LEVEL"
    r = client.post(path, body, token=jr(client, sms, "indore"))           # another division's JR
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = client.post(path, body, token=firm_token(client, sms, second))       # a firm
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    view = client.get(f"/audits/{YEAR}/allotments/{soc['reg_no']}", token=head).json
    assert (view["auditor_id"], view["version"]) == ("100001C", 1)


def test_only_the_admin_records_an_empanelment_by_order(client, sms):
    found = firm("100003C", years=())
    for token in (hq(client, sms), firm_token(client, sms, found)):
        r = client.post("/ca/firms/100003C/empanelment", {"year": YEAR, "note": "order 1/2026"}, token=token)
        assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.get(f"/ca/empanelled?year={YEAR}").json["items"] == []
