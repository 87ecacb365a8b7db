"""File-tracking rules without AWS: who may act, what each action does, ages and bands."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import Jurisdiction, Level, Principal, Role
from chalicelib.core.errors import Conflict, Forbidden, Invalid
from chalicelib.files import domain


def test_only_hq_officers():
    hq = Principal("a", Role.OFFICER, Jurisdiction())
    assert domain.may_use(hq) is hq
    with pytest.raises(Forbidden) as district:
        domain.may_use(Principal("b", Role.OFFICER, Jurisdiction(Level.DISTRICT, "bhopal")))
    assert district.value.code == "FORBIDDEN_JURISDICTION"
    with pytest.raises(Forbidden) as admin:
        domain.may_use(Principal("c", Role.ADMIN, Jurisdiction()))
    assert admin.value.code == "FORBIDDEN_ROLE"


def test_each_action_moves_the_file_as_it_should():
    assert domain.step("move", "F", "OPEN", "a", None, "a", "b") == domain.Move("OPEN", "b", "a")
    assert domain.step("return", "F", "OPEN", "b", "a", "b", None) == domain.Move("OPEN", "a", "b")
    assert domain.step("dispose", "F", "OPEN", "a", "b", "a", None) == domain.Move("DISPOSED", "a", "b")
    assert domain.step("archive", "F", "DISPOSED", "a", "b", "a", None).status == "ARCHIVED"


@pytest.mark.parametrize(("args", "code"), [
    (("move", "F", "OPEN", "a", None, "b", "c"), "FILE_NOT_WITH_YOU"),
    (("move", "F", "DISPOSED", "a", None, "a", "c"), "FILE_ACTION_NOT_IN_STATE"),
    (("move", "F", "OPEN", "a", None, "a", "a"), "FILE_MOVE_TO_SELF"),
    (("return", "F", "OPEN", "a", None, "a", None), "FILE_NO_SENDER"),
    (("dispose", "F", "OPEN", "a", None, "a", "b"), "VALIDATION_FAILED"),
])
def test_refused_actions(args, code):
    with pytest.raises((Conflict, Forbidden, Invalid)) as refused:
        domain.step(*args)
    assert refused.value.code == code


def test_ages_count_ist_days_and_fall_in_bands():
    now = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)                         # 00:30 IST on the 24th
    assert domain.age_days("2026-11-23T06:00:00Z", now) == 1
    assert domain.file_no("EST", 2026, 7) == "EST-2026-0007"
    assert [domain.band_of(d, [7, 15, 30]) for d in (0, 7, 8, 30, 31)] == ["0-7", "0-7", "8-15", "16-30", "31+"]
    report = domain.pendency([{"holder": "a", "days_with_holder": 40}, {"holder": "b", "days_with_holder": 2},
                              {"holder": "a", "days_with_holder": 9}], [7, 15, 30], group="holder")
    assert report["summary"] == {"total": 3, "bands": {"0-7": 1, "8-15": 1, "16-30": 0, "31+": 1}, "oldest_days": 40}
    assert [(g["key"], g["total"], g["oldest_days"]) for g in report["groups"]] == [("a", 2, 40), ("b", 1, 2)]
