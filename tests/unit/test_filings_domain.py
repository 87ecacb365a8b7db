"""Annual returns' pure rules: financial years, due dates, who may do what."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.filings import domain
from chalicelib.filings.service import defaults

RULES = domain.Rules.from_data(defaults()["settings"])


def test_financial_years_close_on_31_march_and_are_due_on_30_september():
    assert domain.year_closes(RULES, "2025-26") == date(2026, 3, 31)
    assert domain.due_on(RULES, "2025-26") == date(2026, 9, 30)
    assert domain.due_on(RULES, "1999-00") == date(2000, 9, 30)
    assert domain.outstanding_status(RULES, "2025-26", date(2026, 9, 30)) == "NOT_FILED"
    assert domain.outstanding_status(RULES, "2025-26", date(2026, 10, 1)) == "OVERDUE"
    assert domain.last_closed_year(RULES, date(2026, 3, 31)) == "2024-25"
    assert domain.last_closed_year(RULES, date(2026, 4, 1)) == "2025-26"
    calendar = domain.Rules.from_data({**defaults()["settings"], "financial_year_end": "12-31", "due_date": "06-30"})
    assert domain.due_on(calendar, "2025-26") == date(2027, 6, 30)


@pytest.mark.parametrize("bad", ["2025-27", "25-26", "2025/26", "", "2014-15", "2026-27"])
def test_years_that_cannot_be_filed_name_the_field(bad):
    with pytest.raises(Invalid) as refused:
        domain.check_year(RULES, bad, date(2026, 11, 23))
    assert refused.value.details[0]["field"] == "financial_year"


def test_who_may_file_decide_and_read():
    society = Principal("bpl-2020-00001", Role.SOCIETY, Jurisdiction(Level.DISTRICT, "bhopal"))
    officer = Principal("dr.indore", Role.OFFICER, Jurisdiction(Level.DISTRICT, "indore"))
    citizen = Principal("c1", Role.CITIZEN)
    domain.authorize_filing(society, "BPL-2020-00001")
    with pytest.raises(Forbidden):
        domain.authorize_filing(society, "BPL-2020-00002")
    with pytest.raises(Forbidden):
        domain.authorize_officer(officer, "bhopal")
    domain.authorize_document_read(citizen, "BPL-2020-00001", "bhopal", filed=True)
    with pytest.raises(Forbidden):
        domain.authorize_document_read(citizen, "BPL-2020-00001", "bhopal", filed=False)
    with pytest.raises(Forbidden):
        domain.authorize_document_read(Principal("e", Role.EMPLOYEE), "BPL-2020-00001", "bhopal", filed=True)
    assert domain.decide("FILED", "return") == "RETURNED"
    with pytest.raises(Conflict):
        domain.decide("ACCEPTED", "return")
    with pytest.raises(Conflict):
        domain.may_file_again("FILED")
    domain.may_file_again("RETURNED")
