"""Filing and tracking: URN, SMS, idempotency, the daily limit, duplicates, the call centre,
who may see what, bad input, and SMS that survives an SNS failure."""

from __future__ import annotations

from unittest import mock

import pytest

from chalicelib.core import ids
from chalicelib.core.auth import Level, Role
from tests.integration.grievance_helpers import (
    CITIZEN,
    OTHER_CITIZEN,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
    staff_token,
)

L1_MOBILE = "9111100001"


@pytest.fixture
def setup(client, sms, frozen_clock):
    seed_master_data()
    return citizen(client, sms)


def test_filing_gives_a_readable_urn_by_sms_and_lands_with_the_l1_officer(client, sms, setup):
    r = file(client, setup, headers={"Accept-Language": "en"})
    assert r.status == 201, r
    body = r.json
    urn = body["urn"]
    assert len(urn) == 10 and urn.isdigit() and ids.is_luhn_valid(urn)
    assert (body["status"], body["level"], body["office"], body["district"]) == ("OPEN", 1, "coop", "bhopal")
    assert body["due_at"] == "2026-11-30T06:00:00Z"          # 7 days, the default L1 limit
    assert body["sms_lang"] == "en" and body["possible_duplicate_of"] is None
    citizen_sms = sms.to(CITIZEN)[-1]
    assert urn in citizen_sms and citizen_sms.startswith("Sahkar Setu: your grievance is registered")
    assert "30-11-2026" in citizen_sms
    assert any(urn in text and "level 1" not in text for text in sms.to(L1_MOBILE))  # officers: Hindi
    assert "स्तर 1" in sms.to(L1_MOBILE)[-1]


def test_sms_in_hindi_by_default_or_as_the_citizen_chooses(client, sms, setup):
    urn = file(client, setup).json["urn"]
    assert sms.to(CITIZEN)[-1].startswith("सहकार सेतु: आपकी शिकायत दर्ज हुई") and urn in sms.to(CITIZEN)[-1]
    urn2 = file(client, setup, lang="en", category="audit").json["urn"]
    assert sms.to(CITIZEN)[-1].startswith("Sahkar Setu") and urn2 in sms.to(CITIZEN)[-1]


def test_owner_sees_the_full_record_with_history_and_anyone_the_public_view(client, sms, setup):
    urn = file(client, setup).json["urn"]
    full = client.get(f"/grievances/{urn}", token=setup)
    assert full.status == 200, full
    record = full.json
    assert record["mobile"] == "XXXXXX3210" and record["description"].startswith("The society")
    assert record["assignee"] == "dr.bhopal" and record["source"] == "web"
    assert record["history"]["chain_valid"] and [e["action"] for e in record["history"]["items"]] == ["filed"]
    assert record["category_name_en"] == "Management of a society"
    public = client.get(f"/public/grievances/{urn}")
    assert public.status == 200, public
    assert public.json["status"] == "OPEN" and public.json["office_name_en"].startswith("Deputy")
    text = public.text
    for private in ("3210", "AGM", "description", "mobile", "dr.bhopal", "history"):
        assert private not in text
    mine = client.get("/grievances?mine=true", token=setup).json
    assert [g["urn"] for g in mine["items"]] == [urn] and mine["counts"] is None


def test_mine_pages_newest_first(client, sms, setup, frozen_clock):
    urns = []
    for category in ("audit", "election", "membership"):
        urns.append(file(client, setup, category=category).json["urn"])
        advance(frozen_clock, minutes=1)
    page = client.get("/grievances?mine=true&limit=2", token=setup).json
    assert [g["urn"] for g in page["items"]] == urns[::-1][:2] and page["next"]
    rest = client.get(f"/grievances?mine=true&limit=2&next={page['next']}", token=setup).json
    assert [g["urn"] for g in rest["items"]] == [urns[0]] and rest["next"] is None
    tampered = client.get(f"/grievances?mine=true&next={page['next'][:-2]}xx", token=setup)
    assert tampered.status == 400 and tampered.error_code == "BAD_CURSOR"


def test_idempotent_filing_creates_once(client, sms, setup):
    key = {"Idempotency-Key": "file-once-1"}
    first = file(client, setup, headers=key)
    again = file(client, setup, headers=key)
    assert first.status == again.status == 201 and first.json == again.json
    assert len(client.get("/grievances?mine=true", token=setup).json["items"]) == 1
    assert sum(first.json["urn"] in text for text in sms.to(CITIZEN)) == 1
    other_body = file(client, setup, headers=key, subject="something else")
    assert other_body.status == 409 and other_body.error_code == "IDEMPOTENCY_KEY_REUSED"


def test_more_than_ten_a_day_from_one_mobile_is_refused_until_tomorrow(client, sms, setup, frozen_clock):
    categories = ["audit", "election", "membership", "society_management", "deposit"]
    for n in range(10):
        r = file(client, setup, category=categories[n % 5], subject=f"grievance {n}")
        assert r.status == 201, r
    r = file(client, setup, subject="the eleventh")
    assert r.status == 429 and r.error_code == "GRIEVANCE_DAILY_LIMIT"
    # 06:00 UTC is 11:30 IST: 12.5 hours to midnight in India
    assert r.headers["retry-after"] == str(12 * 3600 + 1800)
    assert len(client.get("/grievances?mine=true&limit=100", token=setup).json["items"]) == 10
    advance(frozen_clock, hours=13)
    token = citizen(client, sms)  # the old session has expired
    assert file(client, token, subject="next day").status == 201


def test_a_likely_duplicate_is_pointed_out(client, sms, setup, frozen_clock):
    first = file(client, setup).json["urn"]
    advance(frozen_clock, days=2)
    token = citizen(client, sms)
    second = file(client, token, subject="AGM still not held")
    assert second.status == 201 and second.json["possible_duplicate_of"] == first
    assert file(client, token, category="audit").json["possible_duplicate_of"] is None
    advance(frozen_clock, days=8)
    token = citizen(client, sms)
    assert file(client, token).json["possible_duplicate_of"] is None   # beyond 7 days


def test_call_centre_files_for_a_citizen_who_then_tracks_it(client, sms, frozen_clock):
    seed_master_data()
    agent = staff_token(client, sms, "agent.one", Role.CALL_CENTRE, Level.STATE, None, "9111100099")
    r = file(client, agent, mobile=OTHER_CITIZEN, lang="en")
    assert r.status == 201, r
    urn = r.json["urn"]
    assert any(urn in text for text in sms.to(OTHER_CITIZEN))
    missing = file(client, agent)
    assert missing.status == 422 and missing.error_fields == ["mobile"]
    token = citizen(client, sms, OTHER_CITIZEN)
    assert [g["urn"] for g in client.get("/grievances?mine=true", token=token).json["items"]] == [urn]
    record = client.get(f"/grievances/{urn}", token=token).json
    assert record["source"] == "call_centre" and record["filed_by"] == "agent.one"
    assert client.get(f"/grievances/{urn}", token=agent).status == 200


def test_a_citizen_cannot_file_for_another_mobile(client, sms, setup):
    r = file(client, setup, mobile=OTHER_CITIZEN)
    assert r.status == 422 and r.error_fields == ["mobile"]


def test_who_may_see_a_grievance(client, sms, setup):
    urn = file(client, setup).json["urn"]
    other = citizen(client, sms, OTHER_CITIZEN)
    r = client.get(f"/grievances/{urn}", token=other)
    assert r.status == 403 and r.error_code == "GRIEVANCE_NOT_YOURS"
    assert client.get("/grievances?mine=true", token=other).json["items"] == []
    indore = officer_token(client, sms, "dr.indore")
    r = client.get(f"/grievances/{urn}", token=indore)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/grievances/{urn}", token=officer_token(client, sms, "jr.bhopal")).status == 200
    cell = staff_token(client, sms, "cell.bhopal", Role.HOUSING_CELL, Level.DIVISION, "bhopal", "9111100050")
    assert client.get(f"/grievances/{urn}", token=cell).status == 403   # not a housing complaint
    assert client.get(f"/grievances/{urn}").status == 401


@pytest.mark.parametrize(("change", "field"), [
    ({"category": "no_such_category"}, "category"),
    ({"district": "atlantis"}, "district"),
    ({"type": "praise"}, "type"),
    ({"subject": "x" * 151}, "subject"),
    ({"subject": "   "}, "subject"),
    ({"society_reg_no": "not-a-number"}, "society_reg_no"),
    ({"society_reg_no": "BPL-2020-00001"}, "society_reg_no"),    # well formed, no such society
    ({"documents": ["a"] * 11}, "documents"),
    ({"colour": "blue"}, "colour"),
    ({"lang": "fr"}, "lang"),
])
def test_bad_filings_name_the_field(client, sms, setup, change, field):
    r = file(client, setup, **change)
    assert r.status == 422, r
    assert r.error_fields == [field] or r.error_fields[0].startswith(field)


def test_odd_requests_get_4xx_never_5xx(client, sms, setup):
    assert client.post("/grievances", raw_body="{not json", token=setup).status == 400
    assert client.post("/grievances", raw_body="[]", token=setup).status == 422
    r = client.get("/grievances/12345", token=setup)
    assert r.status == 422 and r.error_fields == ["urn"]
    assert client.get("/public/grievances/1234567890").status == 422  # check digit wrong
    body = "123456789"
    valid = body + ids.luhn_check_digit(body)
    r = client.get(f"/public/grievances/{valid}")
    assert r.status == 404 and r.error_code == "GRIEVANCE_NOT_FOUND"
    for query in ("", "?mine=true&assigned=me", "?assigned=you", "?mine=true&limit=0", "?mine=maybe"):
        r = client.get(f"/grievances{query}", token=setup)
        assert r.status in (400, 422), (query, r)
    r = client.get("/grievances?assigned=me", token=setup)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"


def test_sms_failure_does_not_fail_filing_and_the_sweep_sends_it_later(client, sms, setup, frozen_clock):
    from chalicelib.core import notify

    with mock.patch("chalicelib.core.notify.publish", side_effect=RuntimeError("SNS down")):
        r = file(client, setup)
    assert r.status == 201, r
    urn = r.json["urn"]
    assert not any(urn in text for text in sms.to(CITIZEN))
    advance(frozen_clock, minutes=3)
    result = notify.sweep()
    assert result["sent"] == 2   # the citizen's and the officer's
    assert any(urn in text for text in sms.to(CITIZEN)) and any(urn in text for text in sms.to(L1_MOBILE))


def test_a_filing_without_a_category_is_refused_naming_it(client, sms, setup):
    from tests.integration.grievance_helpers import GRIEVANCE

    body = {k: v for k, v in GRIEVANCE.items() if k != "category"}
    r = client.post("/grievances", body, token=setup)
    assert r.status == 422 and r.error_fields == ["category"]          # never a default office
    assert client.post("/grievances", {**body, "category": ""}, token=setup).error_fields == ["category"]


def test_categories_are_public(client):
    seed_master_data()
    codes = {c["code"]: c for c in client.get("/grievances/categories").json}
    assert all(c["description_hi"] and c["description_en"] for c in codes.values())   # the picker's one line
    assert codes["housing"]["housing"] is True and codes["crop_loan"]["office"] == "dccb"
