"""Near-breach alerts for guaranteed-service applications: the officers named for the desk hear
once before the stage limit; nobody else; not after the decision."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.core import clock
from chalicelib.lokseva import alerts
from tests.integration.test_lokseva_helpers import STAFF, advance, apply, citizen, decide, seed, token


def alert_texts(sms, username):
    return [t for t in sms.to(STAFF[username][3]) if "समाप्त हो रही" in t]


def test_the_named_officer_hears_once_before_the_stage_limit(client, sms, frozen_clock, aws_resources):
    seed()                                   # names dr.bhopal to the SDM seat of Bhopal (SEATS)
    token(client, sms, "dr.bhopal")
    token(client, sms, "dr.indore")
    me = citizen(client, sms)
    first = apply(client, me).json
    second = apply(client, me).json
    due = clock.parse_iso(first["stage_due_at"])
    frozen_clock["now"] = due - timedelta(hours=25)
    assert alerts.sweep()["alerted"] == 0
    assert decide(client, token(client, sms, "dr.bhopal"), second["ack"]).status == 200   # decided: off the index
    advance(frozen_clock, hours=2)
    assert alerts.sweep() == {"alerted": 1, "already": 0, "skipped": 0}
    assert alerts.sweep() == {"alerted": 0, "already": 1, "skipped": 0}
    [text] = alert_texts(sms, "dr.bhopal")
    assert first["ack"] in text and second["ack"] not in text
    assert alert_texts(sms, "dr.indore") == [] and alert_texts(sms, "collector.bhopal") == []
    desk = client.get("/desk/alerts", token=token(client, sms, "dr.bhopal"))
    assert [(a["service"], a["key"]) for a in desk.json["items"]] == [("lokseva", first["ack"])]
