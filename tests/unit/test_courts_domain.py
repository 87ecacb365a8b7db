"""Court rules without AWS: states, dates, the reader's court, appeals."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.courts import domain

DR = domain.Court("DR-BHOPAL", "DR", "हि", "en", "bhopal", "bhopal", None)
JR = domain.Court("JR-BHOPAL", "JR", "हि", "en", None, "bhopal", None)
JR_INDORE = domain.Court("JR-INDORE", "JR", "हि", "en", None, "indore", None)
TODAY = date(2026, 11, 23)


def test_only_the_courts_own_reader_runs_it():
    reader = Principal("r", Role.COURT, Jurisdiction(Level.DISTRICT, "bhopal"))
    assert domain.may_run(reader, DR) is reader
    with pytest.raises(Forbidden) as jr_reader:
        domain.may_run(Principal("j", Role.COURT, Jurisdiction(Level.DIVISION, "bhopal")), DR)
    assert jr_reader.value.code == "FORBIDDEN_JURISDICTION"
    with pytest.raises(Forbidden) as officer:
        domain.may_run(Principal("o", Role.OFFICER, Jurisdiction(Level.DISTRICT, "bhopal")), DR)
    assert officer.value.code == "FORBIDDEN_ROLE"
    assert domain.Court("TRIBUNAL", "TRIBUNAL", "", "", None, None, None).jurisdiction == Jurisdiction()


@pytest.mark.parametrize(("action", "status", "pending", "day", "code"), [
    ("list", "FILED", None, date(2026, 12, 1), "CASE_ACTION_NOT_IN_STATE"),
    ("list", "REGISTERED", None, TODAY, "HEARING_DATE_INVALID"),            # not after today
    ("list", "REGISTERED", None, date(2027, 12, 1), "HEARING_DATE_INVALID"),  # beyond the limit
    ("list", "REGISTERED", None, None, "VALIDATION_FAILED"),
    ("adjourn", "LISTED", "2026-11-30", date(2026, 12, 5), "HEARING_NOT_YET"),
    ("reserve", "LISTED", "2026-11-30", None, "HEARING_NOT_YET"),
    ("reschedule", "LISTED", "2026-11-23", date(2026, 12, 5), "HEARING_ALREADY_DUE"),
    ("reserve", "LISTED", "2026-11-23", date(2026, 12, 5), "VALIDATION_FAILED"),   # no date with reserve
    ("decide", "REGISTERED", None, None, "CASE_ACTION_NOT_IN_STATE"),
])
def test_steps_refused(action, status, pending, day, code):
    with pytest.raises((Conflict, Invalid)) as refused:
        domain.step(action, status, pending, TODAY, day, 365)
    assert refused.value.code == code


def test_steps_allowed():
    assert domain.step("adjourn", "LISTED", "2026-11-23", TODAY, date(2026, 12, 7), 365).to_state == "LISTED"
    assert domain.step("reschedule", "LISTED", "2026-11-30", TODAY, date(2026, 12, 7), 365).hearing_date == \
        date(2026, 12, 7)
    assert domain.step("decide", "RESERVED", None, TODAY, None, 365).to_state == "DECIDED"


def test_appeals_go_from_ar_dr_to_the_jr_of_the_division_in_time():
    assert domain.appeal_refusal("DECIDED", "2026-11-01", JR, DR, TODAY, 60) is None
    assert "not decided" in domain.appeal_refusal("LISTED", None, JR, DR, TODAY, 60)
    assert "division" in domain.appeal_refusal("DECIDED", "2026-11-01", JR_INDORE, DR, TODAY, 60)
    assert "JR court" in domain.appeal_refusal("DECIDED", "2026-11-01", DR, DR, TODAY, 60)
    assert "60 days" in domain.appeal_refusal("DECIDED", "2026-09-01", JR, DR, TODAY, 60)


def test_case_numbers_titles_and_dates():
    assert domain.case_no("DR-BHOPAL", 2026, 12) == "DR-BHOPAL/2026/0012"
    assert domain.check_case_no("JR-AGAR-MALWA/2026/0001")
    with pytest.raises(Invalid):
        domain.check_case_no("DR-BHOPAL-2026-12")
    parties = [{"role": "petitioner", "name": "A"}, {"role": "respondent", "name": "B", "advocate": "X"},
               {"role": "respondent", "name": "C", "advocate": "X"}]
    assert domain.title(parties) == "A v. B, C" and domain.advocates(parties) == "X"
    assert domain.show("2026-12-01") == "01-12-2026"
