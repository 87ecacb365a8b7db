"""The escalation sweep on a controllable clock: L1→L2→L3→L4, the manual L3→L4 switch, reading only
what is due, and races (two sweeps, a sweep and an officer) that never double-escalate or lose
an action."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest

from chalicelib.core.auth import Level, Role
from chalicelib.grievances import service, store
from tests.integration.grievance_helpers import (
    CITIZEN,
    OFFICERS,
    act,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
    staff_token,
)


@pytest.fixture
def filed(client, sms, frozen_clock):
    seed_master_data()
    token = citizen(client, sms)
    return file(client, token).json["urn"]


def record(urn):
    return store.get(urn, consistent=True)


def escalations(urn):
    return [e for e in store.history(urn) if e.action == "escalated"]


def test_the_sweep_escalates_level_by_level_when_time_passes(client, sms, filed, frozen_clock):
    urn = filed
    advance(frozen_clock, days=6, hours=23)
    assert service.escalate_due() == {"escalated": 0, "skipped": 0, "conflicts": 0}
    advance(frozen_clock, hours=1)                               # exactly 7 days: due
    assert service.escalate_due()["escalated"] == 1
    item = record(urn)
    assert (item.level, item.assignee, item.status) == (2, "jr.bhopal", "OPEN")
    assert item.due_at == "2026-12-07T06:00:00Z"
    assert "स्तर 2" in sms.to(CITIZEN)[-1] and urn in sms.to(CITIZEN)[-1]
    assert urn in sms.to(OFFICERS["jr.bhopal"][2])[-1]
    (entry,) = escalations(urn)
    assert entry.actor == "system:escalation" and entry.data == {"from_level": 1, "level": 2,
                                                                  "assignee": "jr.bhopal"}
    assert service.escalate_due()["escalated"] == 0              # nothing new is due
    for level, who in ((3, "addl.rcs"), (4, "rcs")):
        advance(frozen_clock, days=7)
        assert service.escalate_due()["escalated"] == 1
        assert (record(urn).level, record(urn).assignee) == (level, who)
    advance(frozen_clock, days=30)
    assert service.escalate_due()["escalated"] == 0              # nothing above L4
    assert record(urn).level == 4 and record(urn).esc_due_at is None
    dr = officer_token(client, sms, "dr.bhopal")
    r = client.get(f"/grievances/{urn}", token=dr).json
    assert [e["action"] for e in r["history"]["items"]] == ["filed", "escalated", "escalated", "escalated"]
    assert r["history"]["chain_valid"]


def test_the_scheduled_lambda_runs_the_sweep(client, sms, filed, frozen_clock):
    """functions/grievances.py's handler, in its own interpreter as in AWS (a blueprint registers
    once per process), against the same moto server, at the test's time."""
    moment = (frozen_clock["now"] + timedelta(days=7)).isoformat()
    event = {"version": "0", "id": "1", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": moment, "region": "ap-south-1", "resources": [], "detail": {}}
    script = (f"from datetime import datetime; from chalicelib.core import clock; "
              f"clock.set_clock(lambda: datetime.fromisoformat('{moment}')); "
              f"import json, functions.grievances as fn; "
              f"print(json.dumps(fn.escalation_sweep({event!r}, None)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2], env={**os.environ, "STAGE": "local"}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1])["escalated"] == 1
    assert record(filed).level == 2


def test_l3_to_l4_can_be_made_manual(client, sms, filed, frozen_clock):
    admin = staff_token(client, sms, "admin", Role.ADMIN, Level.STATE, None, "9111100090")
    config = client.get("/admin/grievances/config", token=admin).json["settings"]
    settings = {**config["data"], "l3_to_l4_manual": True, "version": config["version"], "note": "L4 by hand"}
    r = client.call("PUT", "/admin/grievances/settings", body=settings, token=admin)
    assert r.status == 200 and r.json["data"]["l3_to_l4_manual"] is True, r
    advance(frozen_clock, days=7)
    service.escalate_due()
    advance(frozen_clock, days=7)
    service.escalate_due()
    assert record(filed).level == 3 and record(filed).esc_due_at is None   # off the sweep's index
    advance(frozen_clock, days=10)
    assert service.escalate_due()["escalated"] == 0 and record(filed).level == 3
    addl = officer_token(client, sms, "addl.rcs")
    r = act(client, addl, filed, "escalate", "needs the Registrar")
    assert r.status == 200 and r.json["level"] == 4


def test_switching_to_manual_takes_waiting_l3_grievances_off_the_sweep(client, sms, filed, frozen_clock):
    for _ in range(2):
        advance(frozen_clock, days=7)
        service.escalate_due()
    assert record(filed).level == 3 and record(filed).esc_due_at   # auto at first
    current = store.config_one("SETTINGS#global")
    service.put_settings("admin", {**current.data, "l3_to_l4_manual": True}, int(current.version), "manual")
    advance(frozen_clock, days=7)
    assert service.escalate_due() == {"escalated": 0, "skipped": 1, "conflicts": 0}
    assert record(filed).level == 3 and record(filed).esc_due_at is None


def test_the_sweep_reads_only_what_is_due(client, sms, frozen_clock, counter):
    seed_master_data()
    token = citizen(client, sms)
    early = [file(client, token, category=c).json["urn"] for c in ("audit", "election")]
    advance(frozen_clock, days=3)
    token = citizen(client, sms)
    late = [file(client, token, category=c).json["urn"] for c in ("membership", "deposit", "crop_loan")]
    advance(frozen_clock, days=4)                                # only the early two are due
    counter.reset()
    assert service.escalate_due()["escalated"] == 2
    assert counter.operations["Query"] == store.SHARDS            # one small query per shard
    assert counter.operations["GetItem"] == len(early)            # each due one (settings: the container's copy)
    assert all(record(u).level == 2 for u in early) and all(record(u).level == 1 for u in late)


def test_a_resolved_grievance_is_never_escalated(client, sms, filed, frozen_clock):
    dr = officer_token(client, sms, "dr.bhopal")
    act(client, dr, filed, "resolve", "done")
    assert record(filed).esc_due_at is None
    advance(frozen_clock, days=8)
    assert service.escalate_due()["escalated"] == 0 and record(filed).status == "RESOLVED"


def test_two_sweeps_at_once_escalate_once(client, sms, filed, frozen_clock):
    advance(frozen_clock, days=7)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: service.escalate_due(), range(4)))
    assert sum(r["escalated"] for r in results) == 1
    assert record(filed).level == 2 and len(escalations(filed)) == 1


def test_a_sweep_that_loses_the_race_to_another_changes_nothing(client, sms, filed, frozen_clock):
    advance(frozen_clock, days=7)
    real_get = store.get
    raced = {"done": False}

    def get_then_race(urn, consistent=False):
        item = real_get(urn, consistent)
        if not raced["done"]:
            raced["done"] = True
            assert service.escalate_due()["escalated"] == 1     # another sweep wins meanwhile
        return item

    with mock.patch.object(store, "get", get_then_race):
        assert service.escalate_due() == {"escalated": 0, "skipped": 0, "conflicts": 1}
    assert record(filed).level == 2 and len(escalations(filed)) == 1


def test_an_officer_acting_while_the_sweep_escalates_is_not_lost(client, sms, filed, frozen_clock):
    advance(frozen_clock, days=7)
    dr = officer_token(client, sms, "dr.bhopal")
    real_read = store.get_with_history          # an action reads the record and its history in one Query
    raced = {"done": False}

    def read_then_sweep(urn, consistent=False):
        found = real_read(urn, consistent)
        if not raced["done"]:
            raced["done"] = True
            service.escalate_due()
        return found

    with mock.patch.object(store, "get_with_history", read_then_sweep):
        r = act(client, dr, filed, "resolve", "resolved just in time")
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"      # told, nothing half-done
    item = record(filed)
    assert (item.level, item.status) == (2, "OPEN") and len(escalations(filed)) == 1
    assert "resolve" not in [e.action for e in store.history(filed)]
    again = act(client, dr, filed, "resolve", "resolved just in time")
    assert again.status == 403 and again.error_code == "GRIEVANCE_NOT_ASSIGNED"


def test_an_officers_action_wins_over_a_sweep_that_read_before_it(client, sms, filed, frozen_clock):
    advance(frozen_clock, days=7)
    dr = officer_token(client, sms, "dr.bhopal")
    real_get = store.get
    raced = {"done": False}

    def get_then_officer_acts(urn, consistent=False):
        item = real_get(urn, consistent)
        if not raced["done"]:
            raced["done"] = True
            assert act(client, dr, filed, "resolve", "resolved before the sweep wrote").status == 200
        return item

    with mock.patch.object(store, "get", get_then_officer_acts):
        assert service.escalate_due()["conflicts"] == 1
    item = record(filed)
    assert (item.level, item.status) == (1, "RESOLVED") and escalations(filed) == []
    assert service.escalate_due()["escalated"] == 0
