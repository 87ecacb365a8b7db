"""The empanelment moves as data, and the state machine that follows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.audits import panel
from chalicelib.core.errors import Conflict, Forbidden, Invalid

ASL = json.loads((Path(__file__).resolve().parents[2] / "infra" / "statemachines" /
                  "audits.empanelment.asl.json").read_text(encoding="utf-8"))


def _after(task_state: str) -> dict[str, str]:
    """action -> the next state, read from the Choice that follows a waiting Task."""
    choice = ASL["States"][ASL["States"][task_state]["Next"]]
    return {c["StringEquals"]: c["Next"] for c in choice["Choices"]}


def _where(status: str) -> str:
    return panel.TASK_STATES.get(status) or panel.END_STATES[status]


def test_the_state_machine_makes_exactly_the_moves_of_the_table():
    from_table = {(panel.TASK_STATES[s], action): _where(m.target)
                  for action, m in panel.MOVES.items() for s in m.sources}
    from_asl = {(task, action): nxt for task in panel.TASK_STATES.values() for action, nxt in _after(task).items()}
    assert from_asl == from_table
    assert ASL["StartAt"] == panel.TASK_STATES[panel.APPLIED]
    stages = {ASL["States"][t]["Parameters"]["MessageBody"]["stage"]: t for t in panel.TASK_STATES.values()}
    assert stages == panel.TASK_STATES
    assert {ASL["States"][e]["Type"] for e in panel.END_STATES.values()} == {"Succeed"}


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
