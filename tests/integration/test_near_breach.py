"""Near-breach alerts on a controllable clock: one SMS and desk alert to the holder a set time
before the limit, never twice, never to anyone else; a new limit with a new holder alerts anew;
the sweep reads only what falls due soon."""

from __future__ import annotations

import pytest

from chalicelib.grievances import alerts, service
from tests.integration.grievance_helpers import (
    CITIZEN,
    OFFICERS,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
)


@pytest.fixture
def world(client, sms, frozen_clock):
    seed_master_data()
    token = citizen(client, sms)
    urn = file(client, token).json["urn"]            # filed 2026-11-23 06:00Z, L1 limit 2026-11-30 06:00Z
    return {"citizen": token, "urn": urn}


def texts(sms, username):
    return [t for t in sms.to(OFFICERS[username][2]) if "समय-सीमा" in t and "समाप्त हो रही" in t]


def test_the_holder_hears_once_before_the_limit(client, sms, world, frozen_clock):
    urn = world["urn"]
    advance(frozen_clock, days=5, hours=23)           # 25 h before the limit: not yet
    assert alerts.sweep() == {"alerted": 0, "already": 0, "skipped": 0}
    advance(frozen_clock, hours=2)                    # 23 h before
    assert alerts.sweep()["alerted"] == 1
    assert alerts.sweep() == {"alerted": 0, "already": 1, "skipped": 0}     # a second run sends nothing
    [text] = texts(sms, "dr.bhopal")
    assert urn in text and "30-11-2026 11:30" in text                    # the limit in Indian time
    assert all(not texts(sms, name) for name in OFFICERS if name != "dr.bhopal")
    assert not [t for t in sms.to(CITIZEN) if "समाप्त हो रही" in t]
    dr = officer_token(client, sms, "dr.bhopal")
    desk = client.get("/desk/alerts", token=dr)
    assert desk.status == 200, desk
    assert [(a["service"], a["key"], a["due_at"]) for a in desk.json["items"]] == [
        ("grievances", urn, "2026-11-30T06:00:00Z")]
    jr = officer_token(client, sms, "jr.bhopal")
    assert client.get("/desk/alerts", token=jr).json["items"] == []
    citizen_token = citizen(client, sms)
    assert client.get("/desk/alerts", token=citizen_token).status == 403


def test_a_new_limit_with_a_new_holder_is_alerted_to_them_only(client, sms, world, frozen_clock):
    urn = world["urn"]
    advance(frozen_clock, days=6, hours=7)
    assert alerts.sweep()["alerted"] == 1
    advance(frozen_clock, hours=17)                   # the L1 limit passes: the sweep escalates to L2
    assert service.escalate_due()["escalated"] == 1
    assert alerts.sweep()["alerted"] == 0             # the L2 limit is 7 days away
    advance(frozen_clock, days=6, hours=1)
    assert alerts.sweep()["alerted"] == 1
    assert len(texts(sms, "jr.bhopal")) == 1 and len(texts(sms, "dr.bhopal")) == 1
    assert urn in texts(sms, "jr.bhopal")[0]


def test_a_disposed_grievance_is_not_alerted(client, sms, world, frozen_clock):
    dr = officer_token(client, sms, "dr.bhopal")
    client.post(f"/grievances/{world['urn']}/actions", {"action": "resolve", "note": "done"}, token=dr)
    advance(frozen_clock, days=6, hours=7)
    assert alerts.sweep() == {"alerted": 0, "already": 0, "skipped": 0}      # off the due index: not even read
    assert texts(sms, "dr.bhopal") == []


def test_the_sweep_reads_only_what_falls_due_soon(client, sms, world, frozen_clock, counter):
    advance(frozen_clock, days=3)
    token = citizen(client, sms)
    for n in range(4):                                # due 3 days after the first one: outside the window
        file(client, token, subject=f"later {n}")
    advance(frozen_clock, days=3, hours=7)            # 23 h before the first one's limit
    counter.reset()
    assert alerts.sweep()["alerted"] == 1
    assert counter.operations["Scan"] == 0
    assert counter.items_read <= 1 + 1 + 1 + 4        # due-index keys, the record, its settings and seats
    assert counter.operations["Query"] == 10          # one per shard of the due index
