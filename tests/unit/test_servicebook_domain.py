"""Service-book rules without AWS: superannuation, leave credit, overlap, access, entry effects."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Forbidden, Invalid
from chalicelib.servicebook import domain

RULES = domain.Rules.from_data(json.loads(
    (Path(domain.__file__).parent / "defaults.json").read_text(encoding="utf-8"))["settings"])
EARNED, CASUAL = RULES.kind("earned"), RULES.kind("casual")


@pytest.mark.parametrize(("born", "retires"), [
    (date(1980, 5, 15), date(2042, 5, 31)),
    (date(1980, 5, 1), date(2042, 4, 30)),      # born on the 1st: the month before
    (date(1980, 1, 1), date(2041, 12, 31)),
    (date(1984, 2, 29), date(2046, 2, 28)),
])
def test_superannuation_is_the_last_day_of_the_month_the_age_is_reached(born, retires):
    assert domain.superannuation(born, 62) == retires


def test_dates_must_make_sense_together():
    today = date(2026, 11, 23)
    assert domain.check_dates(date(1980, 5, 15), date(2010, 7, 1), today, RULES) == date(2042, 5, 31)
    for born, joined, field in [(date(2000, 1, 1), date(2010, 1, 1), "date_of_birth"),
                                (date(1980, 1, 1), date(2027, 1, 1), "date_of_joining"),
                                (date(1940, 1, 1), date(2010, 1, 1), "date_of_birth")]:
        with pytest.raises(Invalid) as err:
            domain.check_dates(born, joined, today, RULES)
        assert err.value.details[0]["field"] == field


def test_opening_credit_is_whole_or_pro_rata_for_complete_months_left():
    today = date(2026, 11, 23)
    assert domain.opening_credit(EARNED, date(2010, 7, 1), today) == 15
    assert domain.opening_credit(EARNED, date(2026, 9, 1), today) == 10       # Sep–Dec: 4 of 6 months
    assert domain.opening_credit(EARNED, date(2026, 9, 2), today) == 8        # Oct–Dec: 3 → 7.5 → 8
    assert domain.opening_credit(CASUAL, date(2026, 11, 23), today) == 1      # December: 13/12 → 1


def test_credit_adds_up_to_the_cap_and_casual_leave_lapses():
    assert domain.after_credit(290, EARNED) == 300
    assert domain.after_credit(100, EARNED) == 115
    assert domain.after_credit(4, CASUAL) == 13


def test_credits_due_catch_up_in_order_and_the_next_day_follows():
    credited = {"earned": "2026-07-01", "casual": "2026-01-01"}
    due = domain.credits_due(credited, date(2027, 7, 1), RULES)
    assert due == [("earned", date(2027, 1, 1)), ("casual", date(2027, 1, 1)), ("earned", date(2027, 7, 1))]
    assert domain.next_credit_on(credited, RULES) == "2027-01-01"
    assert domain.credits_due(credited, date(2026, 12, 31), RULES) == []


def test_overlap_counts_only_live_leave_and_shared_days():
    others = [domain.Leave("a", "earned", "2026-12-01", "2026-12-05", domain.SANCTIONED),
              domain.Leave("b", "casual", "2026-12-10", "2026-12-10", domain.REFUSED)]
    assert domain.overlapping(date(2026, 12, 5), date(2026, 12, 6), others).leave_id == "a"
    assert domain.overlapping(date(2026, 12, 6), date(2026, 12, 10), others) is None
    assert domain.leave_days(date(2026, 12, 1), date(2026, 12, 5)) == 5


def _who(role, subject, level=Level.DISTRICT, code="bhopal"):
    return Principal(subject, role, Jurisdiction(level, code))


EMP = domain.Employee("MP0000101", "mp0000101", Jurisdiction(Level.DISTRICT, "bhopal"), "dr.bhopal")


def test_access_rules():
    domain.may_read(_who(Role.EMPLOYEE, "mp0000101"), EMP)
    domain.may_read(_who(Role.OFFICER, "dr.bhopal"), EMP)
    domain.may_edit(_who(Role.ESTABLISHMENT, "est.bhopal"), EMP)
    refusals = [(domain.may_read, _who(Role.EMPLOYEE, "mp0000102"), "SERVICEBOOK_NOT_YOURS"),
                (domain.may_read, _who(Role.ESTABLISHMENT, "est.indore", code="indore"), "FORBIDDEN_JURISDICTION"),
                (domain.may_edit, _who(Role.ESTABLISHMENT, "est.bhopal", Level.DIVISION), "FORBIDDEN_JURISDICTION"),
                (domain.may_edit, _who(Role.OFFICER, "dr.bhopal"), "FORBIDDEN_ROLE"),
                (domain.may_decide, _who(Role.EMPLOYEE, "mp0000101"), "LEAVE_OWN_SANCTION"),
                (domain.may_decide, _who(Role.OFFICER, "dr.indore"), "LEAVE_NOT_CONTROLLED")]
    for check, who, code in refusals:
        with pytest.raises(Forbidden) as err:
            check(who, EMP)
        assert err.value.code == code


def test_entry_effects():
    current = {"office_level": "district", "office_code": "bhopal", "pay_level": 9, "pay_cell": 4}
    assert domain.entry_changes("increment", {}, current, RULES) == {"pay_cell": 5}
    assert domain.entry_changes("promotion", {"designation": "SCI", "pay_level": 10}, current, RULES) == {
        "designation": "SCI", "pay_level": 10, "pay_cell": 1}
    assert domain.entry_changes("correction", {"changes": {"pay_cell": 2, "office_code": "x"}}, current, RULES) == {
        "pay_cell": 2}
    with pytest.raises(Invalid):
        domain.entry_changes("increment", {"pay_cell": 41}, current, RULES)
    with pytest.raises(Invalid):
        domain.check_correction("leave_sanctioned", 3)


def _profile(username, role="officer", level="district", code="bhopal", active=True):
    return {"username": username, "name": username, "role": role, "active": active,
            "jurisdiction": {"level": level, "code": code if level != "state" else None}}


BHOPAL = Jurisdiction(Level.DISTRICT, "bhopal")


def test_the_controlling_officer_is_an_active_officer_of_the_office_or_above():
    """Issue 13, hole 2: anyone could be named (another employee, another district's officer, the
    admin, a court reader, the employee themself) and then read the whole service book."""
    for profile in (_profile("dr.bhopal"), _profile("jr.bhopal", level="division", code="bhopal"),
                    _profile("rcs", level="state")):
        domain.check_controlling_officer(profile["username"], profile, "mp0000101", BHOPAL)
    refused = [("mp0000101", _profile("mp0000101", role="employee"), "CONTROLLING_OFFICER_SELF"),
               ("mp0000102", _profile("mp0000102", role="employee"), "CONTROLLING_OFFICER_NOT_OFFICER"),
               ("admin", _profile("admin", role="admin", level="state"), "CONTROLLING_OFFICER_NOT_OFFICER"),
               ("court.bhopal", _profile("court.bhopal", role="court"), "CONTROLLING_OFFICER_NOT_OFFICER"),
               ("est.bhopal", _profile("est.bhopal", role="establishment"), "CONTROLLING_OFFICER_NOT_OFFICER"),
               ("dr.indore", _profile("dr.indore", code="indore"), "CONTROLLING_OFFICER_OUTSIDE_OFFICE"),
               ("jr.indore", _profile("jr.indore", level="division", code="indore"),
                "CONTROLLING_OFFICER_OUTSIDE_OFFICE"),
               ("dr.gone", _profile("dr.gone", active=False), "CONTROLLING_OFFICER_UNKNOWN"),
               ("nobody", None, "CONTROLLING_OFFICER_UNKNOWN")]
    for name, profile, code in refused:
        with pytest.raises(Invalid) as err:
            domain.check_controlling_officer(name, profile, "mp0000101", BHOPAL)
        assert (err.value.code, err.value.details[0]["field"]) == (code, "controlling_officer"), name


def test_an_office_s_chain_runs_up_to_headquarters():
    assert domain.office_chain(BHOPAL) == [BHOPAL, Jurisdiction(Level.DIVISION, "bhopal"),
                                           Jurisdiction(Level.STATE, None)]
    division = Jurisdiction(Level.DIVISION, "indore")
    assert domain.office_chain(division) == [division, Jurisdiction(Level.STATE, None)]
    with pytest.raises(Invalid):      # a division's employee: a district officer is below, not above
        domain.check_controlling_officer("dr.indore", _profile("dr.indore", code="indore"), "mp1", division)
