"""The empanelment moves as data."""

from __future__ import annotations

import pytest

from chalicelib.audits import panel
from chalicelib.core.errors import Conflict, Forbidden, Invalid


def test_each_move_from_its_sources_only_and_by_its_actor_only():
    assert panel.check_move("resubmit", panel.SHORTFALL, panel.FIRM, None).target == panel.APPLIED
    with pytest.raises(Forbidden):
        panel.check_move("resubmit", panel.SHORTFALL, panel.OFFICER, None)
    with pytest.raises(Forbidden):
        panel.check_move("empanel", panel.PROVISIONAL, panel.FIRM, None)
    with pytest.raises(Conflict):
        panel.check_move("empanel", panel.APPLIED, panel.OFFICER, None)
    with pytest.raises(Conflict):
        panel.check_move("debar", panel.REJECTED, panel.OFFICER, "too late")
    assert panel.check_move("expire", panel.EMPANELLED, panel.OFFICER, None).target == panel.EXPIRED


@pytest.mark.parametrize("action", ["raise_shortfall", "reject", "debar"])
def test_adverse_moves_need_a_reason(action):
    source = panel.MOVES[action].sources[-1]
    with pytest.raises(Invalid) as err:
        panel.check_move(action, source, panel.OFFICER, "  ")
    assert err.value.details[0]["field"] == "note"


def test_final_states_have_no_way_out():
    assert not [a for a, m in panel.MOVES.items() if set(m.sources) & set(panel.FINAL)]


def test_a_cycle_holds_until_its_validity_ends_then_it_has_ended():
    from datetime import date

    assert panel.valid_until("2025-26", 12) == date(2027, 3, 31)
    assert panel.valid_until("2025-26", 9) == date(2026, 12, 31)
    assert panel.valid_until("2025-26", 1) == date(2026, 4, 30)
    assert "2025-26" not in panel.ended_cycles(date(2027, 3, 31), 12)
    assert "2025-26" in panel.ended_cycles(date(2027, 4, 1), 12)
    assert "2026-27" not in panel.ended_cycles(date(2027, 4, 1), 12)
