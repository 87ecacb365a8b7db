"""The Housing Monitoring Cell: instructions to district offices, compliance, closing, overdue lists."""

from __future__ import annotations

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.grievance_helpers import (
    OFFICERS,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
    staff_token,
)

CELL_MOBILE = "9111100050"


def cell_token(client, sms, name="cell.bhopal", level=Level.DIVISION, code="bhopal", mobile=CELL_MOBILE):
    return staff_token(client, sms, name, Role.HOUSING_CELL, level, code, mobile)


@pytest.fixture
def cell(client, sms, frozen_clock):
    seed_master_data()
    return cell_token(client, sms)


def issue(client, token, **changes):
    body = {"district": "bhopal", "subject": "Inquire into plot allotment",
            "text": "Report on the allotment of plots by the society within 15 days.", **changes}
    return client.post("/instructions", body, token=token)


def test_instruction_life_issue_comply_close(client, sms, cell):
    token = citizen(client, sms)
    urn = file(client, token, category="housing").json["urn"]
    r = issue(client, cell, grievance_urn=urn)
    assert r.status == 201, r
    item = r.json
    assert (item["status"], item["division"], item["overdue"]) == ("ISSUED", "bhopal", False)
    assert item["due_at"] == "2026-12-08T06:00:00Z" and item["grievance_urn"] == urn
    assert item["id"][-8:] in sms.to(OFFICERS["dr.bhopal"][2])[-1]
    dr = officer_token(client, sms, "dr.bhopal")
    early_close = client.post(f"/instructions/{item['id']}/close", {"note": "closing"}, token=cell)
    assert early_close.status == 409 and early_close.error_code == "INSTRUCTION_NOT_IN_STATE"
    r = client.post(f"/instructions/{item['id']}/compliance", {"report": "Inquiry done; allotment revised."},
                    token=dr)
    assert r.status == 200 and r.json["status"] == "COMPLIED" and r.json["complied_by"] == "dr.bhopal", r
    assert client.post(f"/instructions/{item['id']}/compliance", {"report": "x"}, token=cell).status == 403
    r = client.post(f"/instructions/{item['id']}/close", {"note": "Satisfactory"}, token=cell)
    assert r.status == 200 and r.json["status"] == "CLOSED", r
    history = r.json["history"]
    assert [e["action"] for e in history["items"]] == ["issued", "comply", "close"] and history["chain_valid"]
    assert client.get("/instructions", token=cell).json["items"] == []     # closed: off the open list


def test_overdue_instructions_are_listed(client, sms, cell, frozen_clock):
    first = issue(client, cell, due_days=3).json["id"]
    second = issue(client, cell, district="sehore").json["id"]
    advance(frozen_clock, days=5)
    cell = cell_token(client, sms)
    overdue = client.get("/instructions?overdue=true", token=cell).json["items"]
    assert [i["id"] for i in overdue] == [first] and overdue[0]["overdue"] is True
    open_ = client.get("/instructions", token=cell).json["items"]
    assert [i["id"] for i in open_] == [first, second]
    sehore = client.get("/instructions?district=sehore", token=cell).json["items"]
    assert [i["id"] for i in sehore] == [second]
    dr = officer_token(client, sms, "dr.bhopal")
    assert [i["id"] for i in client.get("/instructions", token=dr).json["items"]] == [first]
    client.post(f"/instructions/{first}/compliance", {"report": "done late"}, token=dr)
    assert client.get("/instructions?overdue=true", token=cell).json["items"] == []


def test_cells_act_only_in_their_division_and_hq_everywhere(client, sms, cell):
    r = issue(client, cell, district="indore")
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    dr = officer_token(client, sms, "dr.bhopal")
    assert issue(client, dr).error_code == "FORBIDDEN_ROLE"
    hq = cell_token(client, sms, "cell.hq", Level.STATE, None, "9111100052")
    made = issue(client, hq, district="indore")
    assert made.status == 201
    assert client.get("/instructions", token=hq).error_fields == ["division"]
    assert len(client.get("/instructions?division=indore", token=hq).json["items"]) == 1
    assert client.get("/instructions?division=indore", token=cell).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/instructions/{made.json['id']}", token=cell).error_code == "FORBIDDEN_JURISDICTION"
    indore = officer_token(client, sms, "dr.indore")
    assert client.get(f"/instructions/{made.json['id']}", token=indore).status == 200
    assert client.get("/instructions?district=bhopal", token=indore).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/instructions/{made.json['id']}", token=citizen(client, sms)).status == 403


def test_bad_instructions_name_the_field(client, sms, cell):
    assert issue(client, cell, office="moon").error_fields == ["office"]
    assert issue(client, cell, grievance_urn="1234567890").error_fields == ["grievance_urn"]
    assert issue(client, cell, due_days=0).error_fields == ["due_days"]
    assert issue(client, cell, district="atlantis").error_fields == ["district"]
    assert client.get("/instructions/nope", token=cell).status == 404
    assert client.get("/instructions?division=bhopal&district=indore", token=cell).status in (403, 422)
