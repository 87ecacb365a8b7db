"""The public calculator and the season master data, through the API (worked examples derived in
tests/unit/test_subvention_domain.py)."""

from __future__ import annotations

import pytest

from chalicelib.core.auth import Level, Role
from chalicelib.subvention import service
from tests.integration.subvention_helpers import staff

WORKED = {"scheme": "mp-zero-interest", "due_date": "2025-03-28",
          "transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "80000.00"},
                           {"date": "2025-02-15", "type": "repayment", "amount": "80000.00"}]}


@pytest.fixture
def seasons():
    assert service.seed_master_data("test") == 12        # Kharif and Rabi 2021–2026
    assert service.seed_master_data("test") == 0         # again: nothing overwritten


def test_worked_example_through_the_api(client, seasons, counter):
    counter.reset()
    r = client.post("/subvention/calculate", WORKED)
    assert r.status == 200, r
    assert r.json == {"prompt": True, "interest_days_product": 23_200_000, "base_interest": "6356.16",
                      "goi_interest_subvention": "953.42", "state_normal_subsidy": "953.42",
                      "goi_prompt_repayment_incentive": "1906.85", "state_prompt_incentive": "2542.47",
                      "overdue_interest": "0.00", "farmer_interest": "0.00", "season": "kharif-2024",
                      "scheme": "mp-zero-interest"}
    assert counter.operations == {"GetItem": 1}           # the season's master data, nothing else


def test_late_payer_with_the_seasons_or_the_callers_overdue_rate(client, seasons):
    late = {**WORKED, "transactions": [WORKED["transactions"][0],
                                       {"date": "2025-05-12", "type": "repayment", "amount": "80000"}]}
    r = client.post("/subvention/calculate", late)
    # 45 days overdue at the season's 12%: 80,000 × 45 × 12 / 36,500 = 1,183.56; 7% to due: 5,078.36
    assert r.json["prompt"] is False and r.json["overdue_interest"] == "1183.56"
    assert r.json["farmer_interest"] == "6261.92" and r.json["state_prompt_incentive"] == "0.00"
    r = client.post("/subvention/calculate", {**late, "overdue_rate": "14"})
    # at 14%: 36,00,000 × 14 / 36,500 = 1,380.822 → 1,380.82
    assert r.json["overdue_interest"] == "1380.82" and r.json["farmer_interest"] == "6459.18"


def test_miss_only_through_the_api(client, seasons):
    r = client.post("/subvention/calculate", {**WORKED, "scheme": "miss"})
    assert r.status == 200
    assert (r.json["base_interest"], r.json["state_normal_subsidy"], r.json["farmer_interest"]) == (
        "5402.74", "0.00", "2542.47")


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"transactions": [{"date": "2024-05-01", "type": "repayment", "amount": "10"}]},
     "transactions[0].type", "SUBVENTION_REPAYMENT_BEFORE_DRAWAL"),
    ({"transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "10"},
                       {"date": "2024-06-01", "type": "repayment", "amount": "11"}]},
     "transactions[1].amount", "SUBVENTION_OVERPAID"),
    ({"transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "10"},
                       {"date": "2024-04-30", "type": "repayment", "amount": "5"}]},
     "transactions[1].date", "SUBVENTION_DATES_OUT_OF_ORDER"),
    ({"transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "-10"}]},
     "transactions.0.amount", "VALIDATION_FAILED"),
    ({"transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "ten"}]},
     "transactions.0.amount", "VALIDATION_FAILED"),
    ({"transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "0"}]},
     "transactions[0].amount", "SUBVENTION_AMOUNT_INVALID"),
    ({"scheme": "kisan-magic"}, "scheme", "VALIDATION_FAILED"),
    ({"due_date": "2024-04-01"}, "due_date", "SUBVENTION_DUE_BEFORE_DRAWAL"),
    ({"due_date": "28-03-2025"}, "due_date", "VALIDATION_FAILED"),
    ({"transactions": []}, "transactions", "VALIDATION_FAILED"),
    ({"transactions": [{"date": "2031-05-01", "type": "drawal", "amount": "10"}], "due_date": "2032-03-28"},
     "transactions[0].date", "SEASON_NOT_FOUND"),
])
def test_bad_input_is_a_422_naming_the_problem(client, seasons, change, field, code):
    r = client.post("/subvention/calculate", {**WORKED, **change}, headers={"Accept-Language": "en"})
    assert r.status == 422, r
    assert r.error_code == code and field in r.error_fields


def test_messages_in_hindi_by_default_and_english_on_request(client, seasons):
    bad = {**WORKED, "transactions": [{"date": "2024-05-01", "type": "repayment", "amount": "10"}]}
    assert "आहरण" in client.post("/subvention/calculate", bad).json["error"]["message"]
    assert "drawal" in client.post("/subvention/calculate", bad, headers={"Accept-Language": "en"}).json[
        "error"]["message"]


def _season_body(version=None, extensions=(), overdue="12"):
    body = {"drawal_from": "2024-10-01", "drawal_to": "2025-03-31", "due_date": "2025-06-15",
            "extensions": list(extensions), "terms": {**service.defaults()["terms"], "overdue_rate": overdue},
            "note": "GO extension"}
    if version:
        body["version"] = version
    return body


def test_an_extension_order_and_a_rate_change_apply_to_that_season_only(client, seasons):
    admin = staff("admin1", Role.ADMIN, Level.STATE, None, "9000000101")
    rabi = client.get("/subvention/seasons/rabi-2024").json
    assert rabi["effective_due_date"] == "2025-06-15" and rabi["history"]["chain_valid"]
    order = {"order_no": "F-12/2025/14-2", "order_date": "2025-06-10", "due_date": "2025-07-31"}
    r = client.call("PUT", "/admin/subvention/seasons/rabi-2024", _season_body(rabi["version"], [order], "13"),
                    token=admin)
    assert r.status == 200, r
    assert r.json["effective_due_date"] == "2025-07-31" and r.json["version"] == rabi["version"] + 1
    stale = client.call("PUT", "/admin/subvention/seasons/rabi-2024", _season_body(rabi["version"]), token=admin)
    assert stale.status == 409
    history = client.get("/subvention/seasons/rabi-2024").json["history"]
    assert [e["action"] for e in history["items"]] == ["seeded", "updated"] and history["chain_valid"]
    # Rabi 2024-25 now overdue at 13%: 10,000 × 10 days × 13 / 36,500 = 35.62
    rabi_loan = {"scheme": "mp-zero-interest", "due_date": "2025-06-15",
                 "transactions": [{"date": "2024-11-01", "type": "drawal", "amount": "10000"},
                                  {"date": "2025-06-25", "type": "repayment", "amount": "10000"}]}
    assert client.post("/subvention/calculate", rabi_loan).json["overdue_interest"] == "35.62"
    # Kharif 2024 keeps 12%: 10,000 × 10 × 12 / 36,500 = 32.88
    kharif_loan = {**rabi_loan, "due_date": "2025-03-28",
                   "transactions": [{"date": "2024-05-01", "type": "drawal", "amount": "10000"},
                                    {"date": "2025-04-07", "type": "repayment", "amount": "10000"}]}
    assert client.post("/subvention/calculate", kharif_loan).json["overdue_interest"] == "32.88"


def test_only_an_admin_changes_seasons(client, seasons):
    dr = staff("dr1", Role.OFFICER, Level.DISTRICT, "bhopal", "9000000102")
    r = client.call("PUT", "/admin/subvention/seasons/rabi-2024", _season_body(1), token=dr)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.call("PUT", "/admin/subvention/seasons/rabi-2024", _season_body(1)).status == 401
    admin = staff("admin2", Role.ADMIN, Level.STATE, None, "9000000103")
    bad = client.call("PUT", "/admin/subvention/seasons/summer-2024", _season_body(), token=admin)
    assert bad.status == 422 and bad.error_code == "SEASON_CODE_INVALID"
    exists = client.call("PUT", "/admin/subvention/seasons/rabi-2024", _season_body(), token=admin)
    assert exists.status == 409
    new = client.call("PUT", "/admin/subvention/seasons/rabi-2027", {
        **_season_body(), "drawal_from": "2027-10-01", "drawal_to": "2028-03-31", "due_date": "2028-06-15"},
        token=admin)
    assert new.status == 200 and new.json["agri_year"] == "2027-28"
