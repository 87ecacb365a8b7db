"""The dashboard reconciles: for any filing-date range, received = disposed in time + disposed late
+ pending in time + pending overdue, checked on generated data; the drill-down (district → office
→ list) agrees with it; officers see their jurisdiction only."""

from __future__ import annotations

import random

import pytest

from tests.integration.grievance_helpers import act, advance, citizen, file, officer_token, seed_master_data

PARTS = ("disposed_in_time", "disposed_late", "pending_in_time", "pending_overdue")


@pytest.fixture
def generated(client, sms, frozen_clock):
    """Over four days, grievances in three districts; some resolved in time, some late (after the
    limit, before the sweep ran), some rejected, reopened, or left pending past their limit."""
    seed_master_data()
    rng = random.Random(16)
    token = citizen(client, sms)
    officers = dict.fromkeys(("bhopal", "indore", "raisen"))
    filed = []
    for day in range(4):
        for _ in range(5):
            district = rng.choice(list(officers))
            category = rng.choice(["society_management", "crop_loan"])
            r = file(client, token, district=district, category=category, subject=f"day {day}")
            assert r.status == 201, r
            filed.append((r.json["urn"], district, r.json["created_at"][:10], r.json["office"]))
        advance(frozen_clock, days=1)
        token = citizen(client, sms)
    coop = [g for g in filed if g[3] == "coop"]                 # the district officers hold these
    officers = {d: officer_token(client, sms, f"dr.{d}") for d in officers}     # sessions last 8 hours
    for urn, district, _, _ in coop[:4]:
        assert act(client, officers[district], urn, "resolve", "done in time").status == 200
    advance(frozen_clock, days=6, hours=1)                   # the first days' limits have passed; no sweep ran
    officers = {d: officer_token(client, sms, f"dr.{d}") for d in officers}
    for urn, district, _, _ in coop[4:7]:
        assert act(client, officers[district], urn, "resolve", "done late").status == 200
    urn = coop[0][0]
    token = citizen(client, sms)
    assert client.post(f"/grievances/{urn}/feedback", {"satisfied": False, "rating": 1},
                       token=token).json["status"] == "REOPENED"
    for district in ("bhopal", "raisen"):             # filed today: pending within their limit
        r = file(client, token, district=district, subject="today")
        filed.append((r.json["urn"], district, r.json["created_at"][:10], r.json["office"]))
    assert len(coop) >= 7, len(coop)
    return {"filed": filed, "officers": officers, "in_time": 3, "late": 3, "citizen": token}


def test_received_equals_the_four_parts_for_any_range(client, sms, generated):
    admin = officer_token(client, sms, "rcs")
    for first, last in (("2026-11-23", "2026-11-26"), ("2026-11-24", "2026-11-25"), ("2026-11-26", "2026-11-26")):
        r = client.get(f"/reports/grievances/dashboard?from={first}&to={last}", token=admin)
        assert r.status == 200, r
        expected = sum(1 for _, _, day, _ in generated["filed"] if first <= day <= last)
        totals = r.json["totals"]
        assert totals["received"] == expected == sum(totals[p] for p in PARTS), (first, last, totals)
        assert totals["reconciles"] and all(row["reconciles"] for row in r.json["rows"])
    whole = client.get("/reports/grievances/dashboard?from=2026-11-23&to=2026-12-03", token=admin).json["totals"]
    assert whole["received"] == len(generated["filed"]) == 22
    assert (whole["disposed_in_time"], whole["disposed_late"]) == (generated["in_time"], generated["late"])
    assert whole["pending_overdue"] > 0 and whole["pending_in_time"] > 0


def test_drill_down_district_office_list_agrees(client, sms, generated):
    admin = officer_token(client, sms, "rcs")
    rows = client.get("/reports/grievances/dashboard?from=2026-11-23&to=2026-12-03", token=admin).json["rows"]
    for row in rows:
        offices = client.get(f"/reports/grievances/dashboard?from=2026-11-23&to=2026-12-03&district={row['key']}",
                             token=admin).json
        assert offices["by"] == "office"
        assert {p: offices["totals"][p] for p in PARTS} == {p: row[p] for p in PARTS}
        for office in offices["rows"]:
            for part in PARTS:
                listed = client.get("/reports/grievances/dashboard/items?from=2026-11-23&to=2026-12-03"
                                    f"&district={row['key']}&office={office['key']}&part={part}", token=admin)
                assert listed.status == 200, listed
                assert len(listed.json["items"]) == office[part], (row["key"], office["key"], part)
                assert all(i["district"] == row["key"] and i["part"] == part for i in listed.json["items"])


def test_officers_see_their_jurisdiction_only(client, sms, generated):
    dr = generated["officers"]["bhopal"]
    mine = client.get("/reports/grievances/dashboard?from=2026-11-23&to=2026-11-26", token=dr)
    assert mine.status == 200 and {row["key"] for row in mine.json["rows"]} <= {"bhopal"}
    refused = client.get("/reports/grievances/dashboard?from=2026-11-23&to=2026-12-03&district=indore", token=dr)
    assert refused.status == 403 and refused.error_code == "FORBIDDEN_JURISDICTION"
    items = client.get("/reports/grievances/dashboard/items?district=indore", token=dr)
    assert items.status == 403
    assert client.get("/reports/grievances/dashboard", token=generated["citizen"]).status == 403
    bad = client.get("/reports/grievances/dashboard?from=2026-11-26&to=2026-11-23", token=dr)
    assert bad.status == 422 and "from" in bad.text
