"""Reports from counters kept on every write, and the monthly grade per office."""

from __future__ import annotations

import pytest

from chalicelib.core.auth import Level, Role
from chalicelib.grievances import service
from tests.integration.grievance_helpers import (
    act,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
    staff_token,
)


@pytest.fixture
def month(client, sms, frozen_clock):
    """A month of activity: 4 in Bhopal (1 resolved+satisfied, 1 resolved+unsatisfied, 1 escalated by
    the sweep, 1 left at L1), 1 crop-loan grievance in Indore left pending."""
    seed_master_data()
    token = citizen(client, sms)
    urns = [file(client, token, category=c).json["urn"] for c in ("audit", "election", "membership")]
    other = citizen(client, sms, "9876500000")
    indore = file(client, other, category="crop_loan", district="indore").json["urn"]
    advance(frozen_clock, days=2)
    token = citizen(client, sms)
    late = file(client, token, category="society_management").json["urn"]
    dr = officer_token(client, sms, "dr.bhopal")
    act(client, dr, urns[0], "resolve", "done")
    act(client, dr, urns[1], "resolve", "done")
    client.post(f"/grievances/{urns[0]}/feedback", {"satisfied": True, "rating": 5}, token=token)
    client.post(f"/grievances/{urns[1]}/feedback", {"satisfied": False, "rating": 1}, token=token)
    advance(frozen_clock, days=5)              # urns[2] and indore are past their L1 limit (the reopened
    assert service.escalate_due()["escalated"] == 2     # one has a fresh limit from its reopening)
    return {"urns": urns, "indore": indore, "late": late}


def report(client, token, query):
    r = client.get(f"/reports/grievances?{query}", token=token)
    assert r.status == 200, r
    return r.json


def test_report_by_district_from_counters_only(client, sms, month, counter):
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    counter.reset()
    body = report(client, admin, "by=district&from=2026-11-01&to=2026-11-30")
    assert counter.operations["Query"] == 2 and counter.operations.get("BatchGetItem", 0) == 0
    rows = {r["key"]: r for r in body["rows"]}
    bhopal, indore = rows["bhopal"], rows["indore"]
    assert bhopal["name_en"] == "Bhopal"
    assert (bhopal["received"], bhopal["disposed"], bhopal["feedback"], bhopal["satisfied"]) == (4, 2, 2, 1)
    assert (bhopal["reopened"], bhopal["escalated"]) == (1, 1)
    assert bhopal["satisfaction_rate"] == 50.0 and bhopal["disposal_rate"] == 50.0
    # pending now (30 Nov): the escalated one, the reopened one (filed 23 Nov: 7 days old), the late one (5 days)
    assert bhopal["pending"] == {"total": 3, "bands": {"0-7": 3, "8-15": 0, "16-30": 0, "31+": 0}}
    assert (indore["received"], indore["escalated"], indore["pending"]["total"]) == (1, 1, 1)
    assert body["totals"]["received"] == 5 and body["totals"]["pending"]["total"] == 4
    assert body["from"] == "2026-11-01" and body["to"] == "2026-11-30"


def test_report_by_level_category_and_office(client, sms, month, frozen_clock):
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    levels = {r["key"]: r for r in report(client, admin, "by=level&from=2026-11-01")["rows"]}
    assert levels["1"]["received"] == 5 and levels["1"]["escalated"] == 2 and levels["1"]["disposed"] == 2
    assert levels["2"]["pending"]["total"] == 2 and levels["1"]["pending"]["total"] == 2
    assert levels["1"]["name_en"] == "Level 1"
    categories = {r["key"]: r for r in report(client, admin, "by=category")["rows"]}
    assert categories["crop_loan"]["received"] == 1 and categories["audit"]["satisfied"] == 1
    offices = {r["key"]: r for r in report(client, admin, "by=office")["rows"]}
    assert offices["coop"]["received"] == 4 and offices["dccb"]["received"] == 1
    advance(frozen_clock, days=10)
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    aged = report(client, admin, "by=office&from=2026-11-01&to=2026-11-30")["rows"]
    coop = next(r for r in aged if r["key"] == "coop")
    assert coop["pending"]["bands"] == {"0-7": 0, "8-15": 1, "16-30": 2, "31+": 0}


def test_grades_per_office_for_the_month(client, sms, month):
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    r = client.get("/reports/grievances/grades?month=2026-11", token=admin)
    assert r.status == 200, r
    rows = {row["key"]: row for row in r.json["rows"]}
    assert r.json["weights"] == {"disposal": 40, "satisfaction": 40, "pendency": 20}
    # coop: disposal 2/4 = 50, satisfaction 1/2 = 50, nothing pending over 30 days -> 60.0, grade B
    assert (rows["coop"]["score"], rows["coop"]["grade"]) == (60.0, "B")
    # dccb: nothing disposed, no feedback -> (0*40 + 100*20) / 60 = 33.3, grade D
    assert (rows["dccb"]["score"], rows["dccb"]["grade"]) == (33.3, "D")
    assert client.get("/reports/grievances/grades?month=2026-13", token=admin).error_fields == ["query.month"]


def test_who_may_read_reports_and_bad_ranges(client, sms, month):
    dr = officer_token(client, sms, "dr.bhopal")
    rows = report(client, dr, "by=district")["rows"]
    assert [r["key"] for r in rows] == ["bhopal"]                    # only their own district
    r = client.get("/reports/grievances?by=category", token=dr)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    assert client.get("/reports/grievances?by=district", token=citizen(client, sms)).status == 403
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    assert client.get("/reports/grievances?by=district&from=2026-12-01&to=2026-11-01",
                      token=admin).error_fields == ["from"]
    assert client.get("/reports/grievances?by=district&from=2024-01-01&to=2026-11-01",
                      token=admin).error_fields == ["to"]
    assert client.get("/reports/grievances?by=planet", token=admin).error_fields == ["query.by"]
    assert client.get("/reports/grievances?by=district&from=yesterday", token=admin).error_fields == ["query.from"]
