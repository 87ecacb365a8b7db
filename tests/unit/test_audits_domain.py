"""Audit rules without AWS: years, classes by marks, who may allot, and the allocation plan."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from chalicelib.audits import domain
from chalicelib.audits.domain import Candidate
from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Forbidden, Invalid

DEFAULTS = json.loads((Path(domain.__file__).parent / "defaults.json").read_text())["settings"]
RULES = domain.Settings.from_data(DEFAULTS)
F1, F2, D1 = "firm:000001C", "firm:000002C", "departmental:aud.one"


def firm(n: int, capacity: int, load: int = 0) -> Candidate:
    return Candidate(domain.FIRM, f"00000{n}C", capacity, load)


# --- years ---------------------------------------------------------------------------------

def test_years_are_financial_years_and_count_back():
    assert domain.check_year("2025-26") == "2025-26"
    assert domain.check_year("2099-00") == "2099-00"
    for bad in ("2025-27", "2025", "25-26", "2025-2026", ""):
        with pytest.raises(Invalid) as err:
            domain.check_year(bad)
        assert err.value.details[0]["field"] == "year"
    assert domain.previous_years("2025-26", 3) == ["2024-25", "2023-24", "2022-23"]
    assert domain.year_before("2000-01") == "1999-00"


# --- classes by marks (master-data bands: A > 60, B 45-60, C 30-45, D < 30) -----------------

@pytest.mark.parametrize("marks,grade", [("100", "A"), ("60.01", "A"), ("60", "B"), ("45", "B"), ("44.99", "C"),
                                         ("30", "C"), ("29.99", "D"), ("0", "D")])
def test_class_follows_the_default_bands(marks, grade):
    assert domain.audit_class(Decimal(marks), RULES) == grade


def test_marks_outside_the_scale_are_refused_naming_the_field():
    for marks in ("-1", "100.01"):
        with pytest.raises(Invalid) as err:
            domain.audit_class(Decimal(marks), RULES)
        assert err.value.code == "AUDIT_MARKS_INVALID" and err.value.details[0]["field"] == "marks"


def test_bands_are_master_data():
    stricter = domain.Settings.from_data({**DEFAULTS, "class_bands": [
        {"class": "A", "above": "75", "inclusive": True}, {"class": "B", "above": "50", "inclusive": True},
        {"class": "C", "above": "35", "inclusive": True}, {"class": "D", "above": "0", "inclusive": True}]})
    assert domain.audit_class(Decimal("70"), stricter) == "B"
    assert domain.audit_class(Decimal("75"), stricter) == "A"


@pytest.mark.parametrize("bands", [
    [{"class": "A", "above": "30", "inclusive": True}, {"class": "B", "above": "45", "inclusive": True},
     {"class": "C", "above": "60", "inclusive": True}, {"class": "D", "above": "0", "inclusive": True}],
    [{"class": "A", "above": "60", "inclusive": False}, {"class": "B", "above": "45", "inclusive": True},
     {"class": "C", "above": "30", "inclusive": True}, {"class": "D", "above": "10", "inclusive": True}],
    [{"class": "B", "above": "60", "inclusive": False}, {"class": "A", "above": "45", "inclusive": True},
     {"class": "C", "above": "30", "inclusive": True}, {"class": "D", "above": "0", "inclusive": True}],
    [{"class": "A", "above": "45", "inclusive": False}, {"class": "B", "above": "45", "inclusive": True},
     {"class": "C", "above": "30", "inclusive": True}, {"class": "D", "above": "0", "inclusive": True}],
])
def test_incoherent_bands_are_refused(bands):
    with pytest.raises(Invalid) as err:
        domain.check_bands(bands, Decimal("100"))
    assert err.value.details[0]["field"] == "class_bands"


# --- who may allot -------------------------------------------------------------------------

def who(role: Role, level: Level = Level.STATE, code: str | None = None) -> Principal:
    return Principal("someone", role, Jurisdiction(level, code))


def test_hq_allots_anywhere_a_jr_only_in_their_division_a_district_officer_never():
    domain.authorize_allot(who(Role.OFFICER), "jhabua")
    domain.authorize_allot(who(Role.OFFICER, Level.DIVISION, "bhopal"), "sehore")
    with pytest.raises(Forbidden) as err:
        domain.authorize_allot(who(Role.OFFICER, Level.DIVISION, "bhopal"), "indore")
    assert err.value.code == "FORBIDDEN_JURISDICTION"
    with pytest.raises(Forbidden) as err:
        domain.authorize_allot(who(Role.OFFICER, Level.DISTRICT, "bhopal"), "bhopal")
    assert err.value.code == "AUDIT_ALLOT_LEVEL"
    for role in (Role.ADMIN, Role.CA_FIRM, Role.SOCIETY):
        with pytest.raises(Forbidden) as err:
            domain.authorize_allot(who(role), "bhopal")
        assert err.value.code == "FORBIDDEN_ROLE"


# --- the 3-years-running rule ----------------------------------------------------------------

def test_a_firm_that_audited_three_years_running_is_blocked_not_after_a_break():
    assert domain.rotation_blocked(F1, [F1, F1, F1], 3)
    assert not domain.rotation_blocked(F1, [F1, F1, None], 3)
    assert not domain.rotation_blocked(F1, [F1, F2, F1], 3)
    assert not domain.rotation_blocked(F1, [F1, F1], 3)        # no record of the third year
    assert domain.rotation_blocked(F1, [F1, F1], 2)             # the limit is master data
    assert not domain.rotation_blocked(D1, [D1, D1, D1], 3)     # binds firms, not departmental auditors


def test_plan_moves_a_society_away_from_its_three_year_firm():
    pool = [firm(1, 10), firm(2, 10)]
    result = domain.plan(["S1"], set(), pool, {"S1": [F1, F1, F1]}, 3)
    assert result.allot == {"S1": F2} and not result.missed


def test_plan_reports_rotation_when_only_the_blocked_firm_has_room():
    pool = [firm(1, 10), firm(2, 1, load=1)]
    result = domain.plan(["S1", "S2"], set(), pool, {"S1": [F1, F1, F1]}, 3)
    assert result.allot == {"S2": F1}
    assert result.missed == [("S1", domain.ROTATION_LIMIT)]


# --- capacity ------------------------------------------------------------------------------

def test_no_auditor_gets_more_than_its_capacity_and_the_rest_are_reported():
    pool = [firm(1, 2, load=1), firm(2, 2)]
    societies = [f"S{i}" for i in range(6)]
    result = domain.plan(societies, set(), pool, {}, 3)
    assert len(result.allot) == 3
    assert list(result.allot.values()).count(F1) == 1 and list(result.allot.values()).count(F2) == 2
    assert [reason for _, reason in result.missed] == [domain.NO_CAPACITY] * 3
    assert all(c.load <= c.capacity for c in pool)


def test_work_spreads_to_the_auditor_with_most_room():
    pool = [firm(1, 20), Candidate(domain.DEPARTMENTAL, "aud.one", 100, load=90)]
    result = domain.plan([f"S{i:02d}" for i in range(20)], set(), pool, {}, 3)
    counts = {k: list(result.allot.values()).count(k) for k in (F1, D1)}
    assert counts == {F1: 15, D1: 5}      # F1 is taken until both have 10 left, then they alternate


def test_a_society_blocked_by_rotation_is_served_before_capacity_runs_out():
    pool = [firm(1, 5), firm(2, 1)]
    prior = {"S9": [F1, F1, F1]}
    result = domain.plan(["S1", "S2", "S9"], set(), pool, prior, 3)
    assert result.allot["S9"] == F2 and not result.missed


# --- only who is in the pool, and what is already done ---------------------------------------

def test_an_empty_pool_leaves_everything_with_a_reason():
    result = domain.plan(["S1", "S2"], set(), [], {}, 3)
    assert result.missed == [("S1", domain.NO_AUDITORS), ("S2", domain.NO_AUDITORS)]


def test_already_allotted_societies_are_left_alone_and_do_not_use_capacity():
    pool = [firm(1, 1)]
    result = domain.plan(["S1", "S2"], {"S1"}, pool, {}, 3)
    assert result.allot == {"S2": F1}
    assert result.missed == [("S1", domain.ALREADY_ALLOTTED)]


def test_may_take_names_the_rule_that_refuses():
    assert domain.may_take(firm(1, 1, load=1), [], 3) == domain.NO_CAPACITY
    assert domain.may_take(firm(1, 5), [F1, F1, F1], 3) == domain.ROTATION_LIMIT
    assert domain.may_take(firm(1, 5), [F1, F1, F2], 3) is None
