"""The subvention calculation against worked examples derived by hand from DOMAIN.md §6.

Rates (2024-25): state scheme lending 10%, GoI subvention 1.5%, state normal 1.5%, GoI PRI 3%,
state prompt 4%; MISS alone lends at 8.5% (= farmer 7% + GoI 1.5%); overdue 12%; ceiling 3,00,000.
Interest = rupee-days × rate / 36,500, half-up to the paisa per component.
"""

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.core.errors import Invalid
from chalicelib.subvention import domain
from chalicelib.subvention.domain import Rates, Terms, Txn

D = Decimal

STATE = Rates(D(10), D("1.5"), D("1.5"), D(3), D(4), D(12))
MISS = Rates(D("8.5"), D("1.5"), D(0), D(3), D(0), D(12))


def run(scheme, rows, due, rates=None, ceiling="300000", as_of=None):
    txns = [Txn(date.fromisoformat(d), kind, D(a)) for d, kind, a in rows]
    due = date.fromisoformat(due)
    domain.check(txns, due)
    rates = rates or (STATE if scheme == "mp-zero-interest" else MISS)
    result = domain.calculate(scheme, txns, Terms(due, rates, D(ceiling)),
                              date.fromisoformat(as_of) if as_of else txns[-1].on)
    return result, result.as_strings()


def test_domain_md_worked_example_prompt_kharif():
    # 80,000 drawn 01-05-2024, repaid 15-02-2025, due 28-03-2025.
    # Days: May..Jan = 31+30+31+31+30+31+30+31+31 = 276, + Feb 1..14 = 14 → 290.
    # Product 80,000 × 290 = 2,32,00,000. 10%: 2,32,00,000 × 10 / 36,500 = 6,356.164 → 6,356.16;
    # 1.5%: 953.424 → 953.42 (GoI and state each); 3%: 1,906.849 → 1,906.85; 4%: 2,542.466 → 2,542.47;
    # prompt, so the farmer's net rate is 10 − 1.5 − 1.5 − 3 − 4 = 0% → 0.00.
    result, out = run("mp-zero-interest", [("2024-05-01", "drawal", "80000"), ("2025-02-15", "repayment", "80000")],
                      "2025-03-28")
    assert out == {"prompt": True, "interest_days_product": 23_200_000, "base_interest": "6356.16",
                   "goi_interest_subvention": "953.42", "state_normal_subsidy": "953.42",
                   "goi_prompt_repayment_incentive": "1906.85", "state_prompt_incentive": "2542.47",
                   "overdue_interest": "0.00", "farmer_interest": "0.00"}
    # at 7% (what a late payer would pay to the due date on this product): 4,449.315 → 4,449.32
    assert domain._interest(D(23_200_000), D(7), 365) == D("4449.32")
    assert result.close == date(2025, 2, 15) and result.eligible_drawn == D(80000)


def test_late_payer_pays_seven_percent_to_due_date_then_overdue_rate():
    # 80,000 drawn 01-05-2024, due 28-03-2025, repaid 12-05-2025 (late).
    # In period: drawal to due date = 276 (May..Jan) + 28 (Feb) + 27 (Mar 1..27) = 331 days
    #   → 80,000 × 331 = 2,64,80,000 rupee-days.
    # 10%: 7,254.794 → 7,254.79; GoI 1.5% and state 1.5%: 1,088.219 → 1,088.22 each (still run to due).
    # No PRI, no state 4%. Farmer's own rate to due = 7%: 5,078.356 → 5,078.36.
    # Overdue: 28-03 → 12-05 = 4 (Mar 28..31) + 30 (Apr) + 11 (May 1..11) = 45 days; 80,000 × 45 =
    #   36,00,000 × 12 / 36,500 = 1,183.561 → 1,183.56. Farmer: 5,078.36 + 1,183.56 = 6,261.92.
    result, out = run("mp-zero-interest", [("2024-05-01", "drawal", "80000"), ("2025-05-12", "repayment", "80000")],
                      "2025-03-28")
    assert out == {"prompt": False, "interest_days_product": 26_480_000, "base_interest": "7254.79",
                   "goi_interest_subvention": "1088.22", "state_normal_subsidy": "1088.22",
                   "goi_prompt_repayment_incentive": "0.00", "state_prompt_incentive": "0.00",
                   "overdue_interest": "1183.56", "farmer_interest": "6261.92"}
    assert result.close == date(2025, 3, 28)


def test_rabi_prompt():
    # Rabi: 50,000 drawn 15-11-2024, repaid 10-06-2025, due 15-06-2025.
    # Days: Nov 15..30 = 16, Dec 31, Jan 31, Feb 28, Mar 31, Apr 30, May 31, Jun 1..9 = 9 → 207.
    # Product 50,000 × 207 = 1,03,50,000. 10%: 2,835.616 → 2,835.62; 1.5%: 425.342 → 425.34;
    # 3%: 850.684 → 850.68; 4%: 1,134.246 → 1,134.25; farmer 0.00.
    _, out = run("mp-zero-interest", [("2024-11-15", "drawal", "50000"), ("2025-06-10", "repayment", "50000")],
                 "2025-06-15")
    assert out["prompt"] is True and out["interest_days_product"] == 10_350_000
    assert [out[k] for k in domain.COMPONENTS] == ["2835.62", "425.34", "425.34", "850.68", "1134.25", "0.00", "0.00"]
    assert domain.season_of(date(2024, 11, 15)) == "rabi-2024" and domain.agri_year("rabi-2024") == "2024-25"


def test_repaid_exactly_on_the_due_date_is_prompt_and_the_due_day_does_not_count():
    # Repaid on 28-03-2025 itself: the repayment day does not count → 331 days (as the late payer
    # above, to the due date); prompt. 2,64,80,000 × 10 / 36,500 = 7,254.79; 1.5% 1,088.22;
    # 3%: 2,176.438 → 2,176.44; 4%: 2,901.918 → 2,901.92; farmer 0.00.
    _, out = run("mp-zero-interest", [("2024-05-01", "drawal", "80000"), ("2025-03-28", "repayment", "80000")],
                 "2025-03-28")
    assert out["prompt"] is True and out["interest_days_product"] == 26_480_000
    assert out["goi_prompt_repayment_incentive"] == "2176.44" and out["state_prompt_incentive"] == "2901.92"
    assert out["farmer_interest"] == "0.00"
    # one day later is late: no incentives, one day overdue (80,000 × 1 × 12 / 36,500 = 26.30)
    _, late = run("mp-zero-interest", [("2024-05-01", "drawal", "80000"), ("2025-03-29", "repayment", "80000")],
                  "2025-03-28")
    assert late["prompt"] is False and late["overdue_interest"] == "26.30"
    assert late["goi_prompt_repayment_incentive"] == "0.00" and late["interest_days_product"] == 26_480_000


def test_principal_above_the_ceiling_bears_the_base_rate_without_subvention():
    # 4,00,000 drawn 01-06-2024, repaid 01-03-2025 (prompt), due 28-03-2025.
    # Days: Jun 30 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 + Jan 31 + Feb 28 = 273.
    # Eligible 3,00,000 × 273 = 8,19,00,000; excess 1,00,000 × 273 = 2,73,00,000; product 10,92,00,000.
    # Base 10% on all: 29,917.808 → 29,917.81. On the eligible only: 1.5% 3,365.753 → 3,365.75;
    # 3% 6,731.507 → 6,731.51; 4% 8,975.342 → 8,975.34. The farmer pays 0% on the eligible and
    # 10% on the excess: 2,73,00,000 × 10 / 36,500 = 7,479.452 → 7,479.45.
    result, out = run("mp-zero-interest", [("2024-06-01", "drawal", "400000"), ("2025-03-01", "repayment", "400000")],
                      "2025-03-28")
    assert out["interest_days_product"] == 109_200_000 and out["prompt"] is True
    assert [out[k] for k in domain.COMPONENTS] == ["29917.81", "3365.75", "3365.75", "6731.51", "8975.34", "0.00",
                                                   "7479.45"]
    assert result.eligible_drawn == D(300000)


def test_several_drawals_and_part_repayments_use_the_daily_product_of_the_balance():
    # 60,000 on 10-04-2024; 40,000 on 01-07-2024; 30,000 repaid 20-12-2024; 70,000 repaid 20-03-2025.
    # Balance 60,000 for 10-04 → 01-07 = 21 + 31 + 30 = 82 days           →   49,20,000
    # Balance 1,00,000 for 01-07 → 20-12 = 31+31+30+31+30+19 = 172 days   → 1,72,00,000
    # Balance 70,000 for 20-12 → 20-03 = 12 + 31 + 28 + 19 = 90 days       →   63,00,000
    # Product 2,84,20,000 (first-in-first-out tranches give the same sum). 10%: 7,786.301 → 7,786.30;
    # 1.5%: 1,167.945 → 1,167.95; 3%: 2,335.890 → 2,335.89; 4%: 3,114.520 → 3,114.52; prompt → 0.00.
    _, out = run("mp-zero-interest", [("2024-04-10", "drawal", "60000"), ("2024-07-01", "drawal", "40000"),
                                      ("2024-12-20", "repayment", "30000"), ("2025-03-20", "repayment", "70000")],
                 "2025-03-28")
    assert out["interest_days_product"] == 28_420_000 and out["prompt"] is True
    assert [out[k] for k in domain.COMPONENTS] == ["7786.30", "1167.95", "1167.95", "2335.89", "3114.52", "0.00",
                                                   "0.00"]


def test_miss_only():
    # The worked example under MISS alone: lending 8.5% (farmer 7% + GoI 1.5%), no state components.
    # 2,32,00,000 × 8.5 / 36,500 = 5,402.740 → 5,402.74; GoI 1.5% 953.42; PRI 3% 1,906.85; the prompt
    # farmer pays 8.5 − 1.5 − 3 = 4%: 2,542.466 → 2,542.47.
    _, out = run("miss", [("2024-05-01", "drawal", "80000"), ("2025-02-15", "repayment", "80000")], "2025-03-28")
    assert out == {"prompt": True, "interest_days_product": 23_200_000, "base_interest": "5402.74",
                   "goi_interest_subvention": "953.42", "state_normal_subsidy": "0.00",
                   "goi_prompt_repayment_incentive": "1906.85", "state_prompt_incentive": "0.00",
                   "overdue_interest": "0.00", "farmer_interest": "2542.47"}


def test_the_period_lasts_at_most_365_days_even_when_the_due_date_is_extended():
    # 1,00,000 drawn 01-04-2024; due extended to 31-05-2025; repaid 20-05-2025.
    # The tranche's own due date is its 365th day: 01-04-2025 (the leap day 29-02-2024 is before it).
    # In period 1,00,000 × 365 = 3,65,00,000 → 10% 10,000.00, 1.5% 1,500.00 each, farmer 7% 7,000.00.
    # Not repaid within 365 days → not prompt; overdue 01-04 → 20-05 = 30 + 19 = 49 days:
    # 1,00,000 × 49 × 12 / 36,500 = 1,610.958 → 1,610.96. Farmer 7,000.00 + 1,610.96 = 8,610.96.
    _, out = run("mp-zero-interest", [("2024-04-01", "drawal", "100000"), ("2025-05-20", "repayment", "100000")],
                 "2025-05-31")
    assert out["prompt"] is False and out["interest_days_product"] == 36_500_000
    assert [out[k] for k in domain.COMPONENTS] == ["10000.00", "1500.00", "1500.00", "0.00", "0.00", "1610.96",
                                                   "8610.96"]


def test_a_balance_still_unpaid_runs_overdue_to_as_of():
    # 10,000 drawn 01-05-2024, nothing repaid, due 28-03-2025, as of 07-04-2025 (10 days after due):
    # in period 10,000 × 331 = 33,10,000; overdue 10,000 × 10 × 12 / 36,500 = 32.876 → 32.88.
    _, out = run("mp-zero-interest", [("2024-05-01", "drawal", "10000")], "2025-03-28", as_of="2025-04-07")
    assert out["prompt"] is False and out["interest_days_product"] == 3_310_000
    assert out["overdue_interest"] == "32.88"


def test_the_ceiling_is_a_yearly_quota_across_loans():
    ceilings = {"overall": "300000", "animal_husbandry": "200000", "fisheries": "200000"}
    assert domain.ceiling_left(ceilings, "crop", {"crop": D(120000)}) == D(180000)
    assert domain.ceiling_left(ceilings, "fisheries", {"crop": D(50000)}) == D(200000)
    assert domain.ceiling_left(ceilings, "fisheries", {"crop": D(250000)}) == D(50000)
    assert domain.ceiling_left(ceilings, "crop", {"crop": D(300000)}) == D(0)
    # a second loan with 1,00,000 of quota left: 1,50,000 drawn → 50,000 excess
    result, _ = run("mp-zero-interest", [("2024-10-01", "drawal", "150000"), ("2025-06-01", "repayment", "150000")],
                    "2025-06-15", ceiling="100000")
    assert result.eligible_drawn == D(100000) and result.excess_product == D(50000) * 243


@pytest.mark.parametrize(("rows", "field", "code"), [
    ([("2024-05-01", "repayment", "10")], "transactions[0].type", "SUBVENTION_REPAYMENT_BEFORE_DRAWAL"),
    ([("2024-05-01", "drawal", "10"), ("2024-06-01", "repayment", "10.01")], "transactions[1].amount",
     "SUBVENTION_OVERPAID"),
    ([("2024-05-01", "drawal", "10"), ("2024-04-01", "repayment", "5")], "transactions[1].date",
     "SUBVENTION_DATES_OUT_OF_ORDER"),
    ([("2024-05-01", "drawal", "0")], "transactions[0].amount", "SUBVENTION_AMOUNT_INVALID"),
    ([("2024-05-01", "drawal", "-5")], "transactions[0].amount", "SUBVENTION_AMOUNT_INVALID"),
    ([("2024-05-01", "drawal", "1.005")], "transactions[0].amount", "SUBVENTION_AMOUNT_INVALID"),
    ([("2025-04-01", "drawal", "10")], "transactions[0].date", "SUBVENTION_DRAWAL_AFTER_DUE"),
])
def test_bad_transactions_are_refused_naming_the_problem(rows, field, code):
    txns = [Txn(date.fromisoformat(d), kind, D(a)) for d, kind, a in rows]
    with pytest.raises(Invalid) as caught:
        domain.check(txns, date(2025, 3, 28))
    assert caught.value.code == code
    assert caught.value.details[0]["field"] == field


def test_half_years_and_seasons():
    assert domain.half_year(date(2024, 9, 30)) == "2024-H1"
    assert domain.half_year(date(2024, 10, 1)) == "2024-H2"
    assert domain.half_year(date(2025, 3, 31)) == "2024-H2"
    assert domain.season_of(date(2024, 4, 1)) == "kharif-2024"
    assert domain.season_of(date(2025, 3, 31)) == "rabi-2024"
    assert domain.agri_year("kharif-2024") == "2024-25"
