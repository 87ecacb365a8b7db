"""The catalogue of notified services, the holiday list and working-day arithmetic through the
API; admins edit master data with versions; everyone else is refused."""

from __future__ import annotations

import pytest

from tests.integration.test_lokseva_helpers import citizen, seed, token


@pytest.fixture
def seeded(client):
    seed()


def test_catalogue_lists_the_seeded_services_publicly(client, seeded):
    r = client.get("/lokseva/services")
    assert r.status == 200
    codes = {s["code"] for s in r.json}
    assert len(codes) >= 50
    assert {"income_certificate", "society_registration", "society_registration_cancellation",
            "society_certified_copy", "bye_law_amendment"} <= codes
    coop = client.get("/lokseva/services?department=cooperation").json
    assert coop and all(s["department"] == "cooperation" for s in coop)
    one = client.get("/lokseva/services/caste_certificate").json
    assert one["time_limit"] == {"days": 15, "kind": "working"} and one["name_hi"] == "जाति प्रमाण पत्र"
    assert one["fee"] == "0.00" and one["designated_officer"]["level"] == "district"
    assert client.get("/lokseva/services/khasra_copy").json["same_day"] is True


def test_unknown_service_is_404_in_both_languages(client, seeded):
    r = client.get("/lokseva/services/no_such_service")
    assert r.status == 404 and r.error_code == "SERVICE_NOT_FOUND" and "no_such_service" in r.json["error"]["message"]
    r = client.get("/lokseva/services/no_such_service", headers={"Accept-Language": "en"})
    assert r.json["error"]["message"] == "Service no_such_service not found."
    assert client.get("/lokseva/services/BAD CODE").status == 422


def test_working_days_skip_sundays_off_saturdays_and_holidays(client, seeded):
    r = client.get("/lokseva/working-days?start=2026-11-23&days=5")
    assert r.status == 200
    assert r.json["guaranteed_date"] == "2026-12-01"
    assert r.json["skipped"] == ["2026-11-24", "2026-11-28", "2026-11-29"]
    r = client.get("/lokseva/working-days?start=2026-11-23&days=30&kind=calendar")
    assert r.json["guaranteed_date"] == "2026-12-23"
    r = client.get("/lokseva/working-days?start=2026-13-01&days=-1")
    assert r.status == 422 and set(r.error_fields) == {"query.start", "query.days"}


def test_an_admin_edits_the_holiday_list_and_the_arithmetic_follows(client, sms, seeded):
    admin = token(client, sms, "admin")
    year = client.get("/lokseva/holidays/2026").json
    assert {"date": "2026-11-24", "name_hi": "गुरु नानक जयंती", "name_en": "Guru Nanak Jayanti"} in year["dates"]
    dates = [d for d in year["dates"] if d["date"] != "2026-11-24"] + [
        {"date": "2026-11-26", "name_hi": "स्थानीय अवकाश", "name_en": "Local holiday"}]
    r = client.call("PUT", "/lokseva/holidays/2026", {"dates": dates, "version": year["version"], "note": "GAD order"},
                    token=admin)
    assert r.status == 200 and r.json["version"] == year["version"] + 1
    assert client.get("/lokseva/working-days?start=2026-11-23&days=3").json["guaranteed_date"] == "2026-11-27"
    assert client.get("/lokseva/working-days?start=2026-11-23&days=3").json["skipped"] == ["2026-11-26"]
    stale = client.call("PUT", "/lokseva/holidays/2026", {"dates": dates, "version": year["version"], "note": "x"},
                        token=admin)
    assert stale.status == 409
    wrong_year = client.call("PUT", "/lokseva/holidays/2027", {"dates": dates}, token=admin)
    assert wrong_year.status == 422 and wrong_year.error_code == "HOLIDAY_YEAR_MISMATCH"
    new_year = client.call("PUT", "/lokseva/holidays/2027",
                           {"dates": [{"date": "2027-01-26", "name_hi": "गणतंत्र दिवस", "name_en": "Republic Day"}]},
                           token=admin)
    assert new_year.status == 200 and new_year.json["version"] == 1


def test_an_admin_adds_and_changes_a_service_with_versions(client, sms, seeded):
    admin = token(client, sms, "admin")
    body = {"name_hi": "भागीदारी प्रमाण पत्र", "name_en": "Share certificate copy", "department": "cooperation",
            "designated_officer": {"office": "dr_coop", "level": "district"},
            "first_appeal": {"office": "jr_coop", "level": "division"},
            "second_appeal": {"office": "rcs", "level": "state"},
            "time_limit": {"days": 10, "kind": "working"}, "fee": "25",
            "documents": [{"code": "share_certificate", "name_hi": "अंश प्रमाण पत्र", "name_en": "Share certificate"}]}
    r = client.call("PUT", "/lokseva/services/share_certificate_copy", body, token=admin)
    assert r.status == 200 and r.json["version"] == 1 and r.json["fee"] == "25.00"
    again = client.call("PUT", "/lokseva/services/share_certificate_copy", body, token=admin)
    assert again.status == 409 and again.error_code == "CONFIG_EXISTS"
    changed = client.call("PUT", "/lokseva/services/share_certificate_copy",
                          {**body, "fee": "30.00", "version": 1, "note": "fee revised"}, token=admin)
    assert changed.status == 200 and changed.json["version"] == 2 and changed.json["fee"] == "30.00"
    stale = client.call("PUT", "/lokseva/services/share_certificate_copy", {**body, "version": 1}, token=admin)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    history = client.get("/lokseva/services/share_certificate_copy/history", token=admin).json
    assert [e["action"] for e in history["items"]] == ["created", "updated"] and history["chain_valid"]
    bad = client.call("PUT", "/lokseva/services/x2", {**body, "fee": "-1", "time_limit": {"days": 2, "kind": "lunar"}},
                      token=admin)
    assert bad.status == 422 and {"fee", "time_limit.kind"} <= set(bad.error_fields)


def test_only_admins_edit_master_data(client, sms, seeded):
    dr = token(client, sms, "dr.bhopal")
    r = client.call("PUT", "/lokseva/holidays/2026", {"dates": []}, token=dr)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.call("PUT", "/lokseva/settings", {}, token=citizen(client, sms)).status == 403
    assert client.call("PUT", "/lokseva/services/income_certificate", {}).status == 401


def test_settings_change_with_the_version_read(client, sms, seeded):
    admin = token(client, sms, "admin")
    current = client.get("/lokseva/settings", token=admin).json
    assert current["data"]["penalty_per_day"] == "250.00" and current["data"]["penalty_cap"] == "5000.00"
    body = {**current["data"], "penalty_per_day": "300", "version": current["version"], "note": "revised by order"}
    r = client.call("PUT", "/lokseva/settings", body, token=admin)
    assert r.status == 200 and r.json["data"]["penalty_per_day"] == "300.00"
    assert client.call("PUT", "/lokseva/settings", body, token=admin).status == 409
