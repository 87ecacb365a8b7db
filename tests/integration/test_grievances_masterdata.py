"""Master data in the grievances table: seeded defaults, admin edits (versioned, with history),
and routing that follows them."""

from __future__ import annotations

import pytest

from chalicelib.core import history
from chalicelib.core.auth import Level, Role
from chalicelib.grievances import service, store
from tests.integration.grievance_helpers import citizen, file, officer_token, seed_master_data, staff_token


@pytest.fixture
def admin(client, sms, frozen_clock):
    seed_master_data()
    return staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")


def put(client, path, body, token):
    return client.call("PUT", path, body=body, token=token)


def test_seeding_is_idempotent_and_keeps_admin_edits(client, admin):
    assert service.seed_master_data() == 0
    config = client.get("/admin/grievances/config", token=admin).json
    assert config["settings"]["data"]["level_days"] == [7, 7, 7, 7]
    assert config["settings"]["data"]["reopen_window_days"] == 30
    assert {c["key"] for c in config["categories"]} >= {"CATEGORY#housing", "CATEGORY#cpgrams"}
    office = next(o for o in config["offices"] if o["key"] == "OFFICE#coop")
    r = put(client, "/admin/grievances/offices/coop", {"name_hi": "सहकारिता कार्यालय", "name_en": "Cooperative office",
                                                       "version": office["version"], "note": "rename"}, admin)
    assert r.status == 200 and r.json["version"] == office["version"] + 1, r
    assert service.seed_master_data() == 0
    assert store.config_one("OFFICE#coop").data["name_en"] == "Cooperative office"
    entries = store.config_history("OFFICE#coop")
    assert [e.action for e in entries] == ["seeded", "updated"] and history.verify(entries)
    assert entries[1].actor == "admin" and entries[1].data["before"]["name_en"].startswith("Deputy")


def test_settings_edits_are_checked_versioned_and_admin_only(client, sms, admin):
    settings = client.get("/admin/grievances/config", token=admin).json["settings"]
    body = {**settings["data"], "level_days": [3, 5, 7, 10], "version": settings["version"], "note": "faster L1"}
    assert put(client, "/admin/grievances/settings", body, admin).status == 200
    stale = put(client, "/admin/grievances/settings", body, admin)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    bad = put(client, "/admin/grievances/settings", {**body, "level_days": [3, 5, 7]}, admin)
    assert bad.status == 422 and bad.error_fields == ["level_days"]
    bands = put(client, "/admin/grievances/settings", {**body, "grade_bands": {"A": 50, "B": 60, "C": 40}}, admin)
    assert bands.status == 422 and bands.error_fields[0].startswith("grade_bands")
    dr = officer_token(client, sms, "dr.bhopal")
    assert put(client, "/admin/grievances/settings", body, dr).error_code == "FORBIDDEN_ROLE"
    assert client.get("/admin/grievances/config", token=dr).status == 403
    token = citizen(client, sms)
    assert file(client, token).json["due_at"] == "2026-11-26T06:00:00Z"      # the new 3-day L1 limit


def test_a_new_category_and_office_route_new_grievances(client, sms, admin):
    r = put(client, "/admin/grievances/categories/dairy", {
        "name_hi": "दुग्ध संघ", "name_en": "Dairy federation", "office": "milk_union", "note": "new"}, admin)
    assert r.status == 422 and r.error_code == "UNKNOWN_OFFICE" and r.error_fields == ["office"]
    assert put(client, "/admin/grievances/offices/milk_union", {
        "name_hi": "दुग्ध संघ", "name_en": "Milk union", "note": "new office"}, admin).status == 200
    again = put(client, "/admin/grievances/offices/milk_union", {
        "name_hi": "दुग्ध संघ", "name_en": "Milk union", "note": "again"}, admin)
    assert again.status == 409 and again.error_code == "CONFIG_EXISTS"
    r = put(client, "/admin/grievances/categories/dairy", {
        "name_hi": "दुग्ध संघ", "name_en": "Dairy federation", "office": "milk_union", "level_days": [2, 2, 2, 2],
        "note": "new"}, admin)
    assert r.status == 200, r
    r = put(client, "/admin/grievances/seats/milk_union/1", {
        "scope": "division", "code": "bhopal", "username": "ceo.milk", "name": "CEO, Milk Union Bhopal",
        "mobile": "9111100077", "note": "division-wide L1"}, admin)
    assert r.status == 200 and r.json["data"]["mobile"] == "XXXXXX0077", r
    token = citizen(client, sms)
    filed = file(client, token, category="dairy", district="sehore").json
    assert filed["office"] == "milk_union" and filed["due_at"] == "2026-11-25T06:00:00Z"
    assert any(filed["urn"] in text for text in sms.to("9111100077"))
    assert store.get(filed["urn"]).assignee == "ceo.milk"
    assert "dairy" in {c["code"] for c in client.get("/grievances/categories").json}


def test_a_district_seat_overrides_the_division_default(client, sms, admin):
    seats = client.get("/admin/grievances/seats?office=coop&district=sehore", token=admin).json["seats"]
    assert [s["username"] for s in seats] == ["dr.sehore", "jr.bhopal", "addl.rcs", "rcs"]
    assert seats[1]["key"] == "coop#L2#division:bhopal"
    r = put(client, "/admin/grievances/seats/coop/2", {
        "scope": "district", "code": "sehore", "username": "jd.sehore", "name": "Joint Director, Sehore",
        "note": "sehore has its own L2"}, admin)
    assert r.status == 200, r
    seats = client.get("/admin/grievances/seats?office=coop&district=sehore", token=admin).json["seats"]
    assert seats[1]["username"] == "jd.sehore" and seats[1]["key"] == "coop#L2#district:sehore"
    for body, field in (({"scope": "district", "code": "atlantis"}, "code"), ({"scope": "division"}, "code")):
        bad = put(client, "/admin/grievances/seats/coop/2", {**body, "username": "x.y.z", "name": "X", "note": "n"},
                  admin)
        assert bad.status == 422 and bad.error_fields == [field]
    assert put(client, "/admin/grievances/seats/coop/9", {"scope": "state", "username": "x.y.z", "name": "X",
                                                          "note": "n"}, admin).error_fields == ["level"]
    assert client.get("/admin/grievances/seats?office=coop&district=nowhere", token=admin).error_fields == [
        "query.district"]
