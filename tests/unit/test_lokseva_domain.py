"""Working-day arithmetic and the delay penalty, exact (no AWS)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from chalicelib.core import ids
from chalicelib.lokseva import domain
from chalicelib.lokseva.masterdata import defaults

RULES = domain.Rules.from_data(defaults()["settings"])
HOLIDAYS_2026 = frozenset(date.fromisoformat(h["date"]) for h in defaults()["holidays"]["2026"])
CAL = domain.Calendar((2, 4), HOLIDAYS_2026)


def test_sundays_second_and_fourth_saturdays_and_gazetted_holidays_are_off():
    assert not domain.is_working_day(date(2026, 11, 22), CAL)   # Sunday
    assert domain.is_working_day(date(2026, 11, 21), CAL)       # 3rd Saturday works
    assert not domain.is_working_day(date(2026, 11, 14), CAL)   # 2nd Saturday
    assert not domain.is_working_day(date(2026, 11, 28), CAL)   # 4th Saturday
    assert domain.is_working_day(date(2026, 10, 31), CAL)       # 5th Saturday works
    assert not domain.is_working_day(date(2026, 11, 24), CAL)   # Guru Nanak Jayanti
    assert domain.is_working_day(date(2026, 11, 24), domain.Calendar((2, 4)))


@pytest.mark.parametrize(("start", "days", "kind", "expected"), [
    (date(2026, 11, 23), 3, "working", date(2026, 11, 27)),    # skips the 24th (holiday)
    (date(2026, 11, 23), 5, "working", date(2026, 12, 1)),     # skips 24th, 4th Saturday, Sunday
    (date(2026, 11, 23), 0, "working", date(2026, 11, 23)),    # Samadhan Ek Din: the same day
    (date(2026, 11, 23), 30, "calendar", date(2026, 12, 23)),  # calendar days ignore holidays
    (date(2026, 11, 7), 1, "working", date(2026, 11, 10)),     # applied on a Saturday: 8 Sunday, 9 Govardhan Puja
    (date(2026, 12, 24), 3, "working", date(2026, 12, 30)),    # 25th Christmas, 26th 4th Sat, 27th Sunday
])
def test_guaranteed_date(start, days, kind, expected):
    assert domain.add_days(start, days, kind, CAL) == expected


def test_limits_crossing_the_year_need_both_years_lists():
    assert domain.years_spanned(date(2026, 12, 24), 15, "working") == [2026, 2027]
    assert domain.years_spanned(date(2026, 3, 1), 15, "working") == [2026]


def test_a_stage_ends_at_midnight_ist_after_its_last_day():
    assert domain.end_of(date(2026, 11, 27)) == "2026-11-27T18:30:00Z"
    assert domain.ist_date(datetime(2026, 11, 27, 18, 29, tzinfo=UTC)) == date(2026, 11, 27)
    assert domain.ist_date(datetime(2026, 11, 27, 18, 30, tzinfo=UTC)) == date(2026, 11, 28)


@pytest.mark.parametrize(("decided", "days", "amount"), [
    (date(2026, 11, 26), 0, "0.00"),      # early
    (date(2026, 11, 27), 0, "0.00"),      # on the guaranteed date
    (date(2026, 11, 28), 1, "250.00"),
    (date(2026, 12, 4), 7, "1750.00"),
    (date(2026, 12, 17), 20, "5000.00"),  # exactly at the cap
    (date(2026, 12, 18), 21, "5000.00"),  # capped
    (date(2027, 6, 1), 186, "5000.00"),
])
def test_penalty_is_250_a_day_capped_at_5000(decided, days, amount):
    delay = domain.delay_days(date(2026, 11, 27), decided)
    assert delay == days
    assert domain.penalty(delay, RULES) == Decimal(amount)
    assert str(domain.penalty(delay, RULES)) == amount


def test_penalty_rate_and_cap_come_from_master_data():
    rules = domain.Rules.from_data({**defaults()["settings"], "penalty_per_day": "100.50", "penalty_cap": "1000"})
    assert domain.penalty(3, rules) == Decimal("301.50")
    assert domain.penalty(11, rules) == Decimal("1000.00")


def test_acknowledgement_numbers_carry_a_check_digit():
    ack = domain.ack_number(4521)
    assert len(ack) == 10 and ack.startswith("300004521") and domain.is_ack(ack)
    assert ids.is_reference(ack, "lokseva") and not ids.is_reference(ack, "grievance")
    older = "2611230004521" + ids.luhn_check_digit("2611230004521")   # the 14-digit form: still valid
    assert domain.is_ack(older)
    wrong = ack[:-1] + str((int(ack[-1]) + 1) % 10)
    assert not domain.is_ack(wrong) and not domain.is_ack("12345") and not domain.is_ack("abcdefghijkl")


def test_money_converts_exactly_to_paise_and_back():
    assert domain.to_paise(Decimal("5000.00")) == 500000
    assert domain.from_paise(125050) == Decimal("1250.50")


def test_seeded_catalogue_is_realistic():
    services = defaults()["services"]
    codes = {s["code"] for s in services}
    assert len(services) >= 50
    assert {"income_certificate", "domicile_certificate", "caste_certificate", "society_registration",
            "society_registration_cancellation", "society_certified_copy", "bye_law_amendment"} <= codes
    income = next(s for s in services if s["code"] == "income_certificate")
    assert income["time_limit"] == {"days": 3, "kind": "working"}
    caste = next(s for s in services if s["code"] == "caste_certificate")
    assert caste["time_limit"]["days"] == 15
    cancel = next(s for s in services if s["code"] == "society_registration_cancellation")
    assert cancel["time_limit"] == {"days": 30, "kind": "calendar"} and cancel["first_appeal"]["level"] == "division"
    assert any(s["same_day"] for s in services)
    for s in services:
        assert s["name_hi"] and s["name_en"] and s["department"] and Decimal(s["fee"]) >= 0
        assert {s[k]["level"] for k in ("designated_officer", "first_appeal", "second_appeal")} <= {
            "district", "division", "state"}


def test_the_due_sweep_reads_every_shard_and_counts_outcomes():
    from chalicelib.core import duesweep

    assert duesweep.shard_of("261123176834") == duesweep.shard_of("261123176834")
    assert {duesweep.shard_of(str(n)) for n in range(200)} == {f"S{n}" for n in range(duesweep.SHARDS)}
    asked = []

    def due(shard, limit):
        asked.append((shard, limit))
        return ["a", "b"] if shard == "S3" else []

    counts = duesweep.run(due, lambda key: "done" if key == "a" else "conflicts", limit=7)
    assert counts == {"done": 1, "skipped": 0, "conflicts": 1}
    assert asked == [(f"S{n}", 7) for n in range(duesweep.SHARDS)]


def test_every_error_code_and_sms_has_hindi_and_english():
    import re
    from pathlib import Path

    from chalicelib.core import i18n, notify
    from chalicelib.lokseva import messages

    source = "".join(p.read_text() for p in Path(messages.__file__).parent.glob("*.py"))
    raised = set(re.findall(r'(?:Forbidden|Conflict|NotFound|Unauthorized)\("([A-Z_]+)"', source))
    raised |= set(re.findall(r'invalid_field\([^)]*?"([A-Z][A-Z_]+)"', source))
    assert raised and raised <= set(i18n.MESSAGES), raised - set(i18n.MESSAGES)
    for code in messages.MESSAGES:
        hindi, english = i18n.MESSAGES[code]
        assert any("\u0900" <= ch <= "\u097f" for ch in hindi) and english.isascii(), code
    params = {"ack": "26112300045217", "service": "x", "date": "27-11-2026", "days": 30, "stage": "first appeal"}
    for template in re.findall(r'compose\("([A-Z_]+)"', source):
        hindi, english = notify.render(template, "hi", **params), notify.render(template, "en", **params)
        assert "सहकार सेतु" in hindi and english.startswith("Sahkar Setu"), template
