"""The statutory decision limit: tracked from submission, paused during a deficiency when master
data says so, escalated to the divisional JR near and past its end; master data is editable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.core import clock
from chalicelib.core.auth import Level, Role
from chalicelib.registrations import steps, store
from tests.integration.helpers import citizen_token
from tests.integration.registrations_helpers import APPLICANT_MOBILE, act, draft, staff, submitted

pytestmark = pytest.mark.usefixtures("aws_resources")


def _signed_in(client, sms):
    """Tokens for now (a clock move outlives the old ones)."""
    return {"applicant": citizen_token(client, sms, APPLICANT_MOBILE), "dr": staff("dr.bhopal", mobile="9000000101"),
            "jr": staff("jr.bhopal", level=Level.DIVISION, code="bhopal", mobile="9000000103"),
            "inspector": staff("insp.bhopal", mobile="9000000102")}


def _overdue(client, token, division="bhopal"):
    return client.get(f"/registrations/overdue?division={division}", token=token)


def test_near_breach_and_breach_escalate_to_the_jr_once_each(client, sms, frozen_clock):
    t = _signed_in(client, sms)
    reg = submitted(client, t["applicant"])
    start = frozen_clock["now"]
    assert reg["statutory"]["due_at"] == clock.iso(start + timedelta(days=30))
    assert reg["statutory"]["status"] == "ON_TRACK"

    frozen_clock["now"] = start + timedelta(days=24)
    assert steps.sweep()["near_breach"] == 0
    t = _signed_in(client, sms)
    assert _overdue(client, t["jr"]).json["items"] == []

    frozen_clock["now"] = start + timedelta(days=26)
    assert steps.sweep()["near_breach"] == 1
    assert steps.sweep()["near_breach"] == 0
    t = _signed_in(client, sms)
    listed = _overdue(client, t["jr"]).json["items"]
    assert [(i["id"], i["sla_status"]) for i in listed] == [(reg["id"], "NEAR_BREACH")]
    view = client.get(f"/registrations/{reg['id']}", token=t["jr"]).json
    assert view["statutory"]["status"] == "NEAR_BREACH"
    escalation = view["history"][-1]
    assert escalation["action"] == "escalated" and escalation["data"]["to"] == "division:bhopal"

    frozen_clock["now"] = start + timedelta(days=31)
    counts = steps.sweep()
    assert counts["breached"] == 1 and counts["near_breach"] == 0
    t = _signed_in(client, sms)
    assert [i["sla_status"] for i in _overdue(client, t["jr"]).json["items"]] == ["BREACHED"]
    assert [e["action"] for e in client.get(f"/registrations/{reg['id']}", token=t["dr"]).json["history"]][-2:] \
        == ["escalated", "escalated"]

    # the list is the JR's (or HQ's): not a district officer's, not another division's JR
    assert _overdue(client, t["dr"]).error_code == "FORBIDDEN_JURISDICTION"
    indore_jr = staff("jr.indore", level=Level.DIVISION, code="indore", mobile="9000000202")
    assert _overdue(client, indore_jr).status == 403
    hq = staff("rcs", level=Level.STATE, code=None, mobile="9000000300", role=Role.ADMIN)
    assert len(_overdue(client, hq).json["items"]) == 1
    assert _overdue(client, t["applicant"]).error_code == "FORBIDDEN_ROLE"

    # a decision stops the clock: off the list
    reg = client.get(f"/registrations/{reg['id']}", token=t["dr"]).json
    reg = act(client, t["dr"], reg, "assign_inspector", inspector="insp.bhopal")
    reg = act(client, t["inspector"], reg, "submit_report", note="ok", recommendation="register")
    act(client, t["dr"], reg, "register")
    assert _overdue(client, t["jr"]).json["items"] == []
    assert store.get(reg["id"]).sla_due is None


def _through_deficiency(client, sms, frozen_clock, start, t, paused):
    reg = submitted(client, t["applicant"])
    reg = act(client, t["dr"], reg, "assign_inspector", inspector="insp.bhopal")
    frozen_clock["now"] = start + timedelta(days=5)
    t = _signed_in(client, sms)
    reg = act(client, t["inspector"], reg, "raise_deficiency", note="bye-laws unsigned")
    assert reg["deadline"] == clock.iso(start + timedelta(days=5 + 15))     # rectify_days
    assert (store.get(reg["id"]).sla_due is None) == paused             # paused: off the JR's index
    assert reg["statutory"]["paused"] == paused
    frozen_clock["now"] = start + timedelta(days=15)
    t = _signed_in(client, sms)
    return act(client, t["applicant"], reg, "rectify", note="signed"), t


def test_a_deficiency_pauses_the_clock_by_default(client, sms, frozen_clock):
    start = frozen_clock["now"]
    reg, _ = _through_deficiency(client, sms, frozen_clock, start, _signed_in(client, sms), True)
    assert reg["statutory"]["due_at"] == clock.iso(start + timedelta(days=40))
    assert reg["statutory"]["paused_days"] == "10.00" and reg["deadline"] == reg["statutory"]["due_at"]


def test_the_pause_switch_and_the_promoter_minimum_are_master_data(client, sms, frozen_clock):
    admin = staff("admin", level=Level.STATE, code=None, mobile="9000000301", role=Role.ADMIN)
    current = client.get("/admin/registrations/settings", token=admin).json
    assert current["settings"]["pause_on_deficiency"] is True and current["version"] is None
    changed = {**current["settings"], "pause_on_deficiency": False, "min_promoters": 25, "note": "test"}
    r = client.call("PUT", "/admin/registrations/settings", {**changed}, token=admin)
    assert r.status == 200 and r.json["version"] == 1, r
    r = client.call("PUT", "/admin/registrations/settings", {**changed}, token=admin)
    assert r.status == 409                                               # no version: not the first write
    r = client.call("PUT", "/admin/registrations/settings", {**changed, "min_promoters": 21, "version": 1},
                    token=admin)
    assert r.status == 200 and r.json["version"] == 2
    t = _signed_in(client, sms)
    assert client.get("/admin/registrations/settings", token=t["dr"]).error_code == "FORBIDDEN_ROLE"

    start = frozen_clock["now"]
    reg, t = _through_deficiency(client, sms, frozen_clock, start, t, False)
    assert reg["statutory"]["due_at"] == clock.iso(start + timedelta(days=30))   # not paused
    assert reg["statutory"]["paused_days"] == "0.00"

    admin = staff("admin", level=Level.STATE, code=None, mobile="9000000301", role=Role.ADMIN)   # a fresh token
    r = client.call("PUT", "/admin/registrations/settings", {**changed, "version": 2}, token=admin)
    assert r.json["settings"]["min_promoters"] == 25
    small = draft(client, t["applicant"])
    r = client.post(f"/registrations/{small['id']}/submit", {"version": 1, "declaration": True}, token=t["applicant"])
    assert r.status == 422 and r.error_code == "REGISTRATION_TOO_FEW_PROMOTERS"


def test_seeded_settings_are_written_once_and_admin_edits_kept(client):
    from chalicelib.registrations import service

    assert service.seed_master_data("stack") == 1
    assert service.seed_master_data("stack") == 0
    admin = staff("admin", level=Level.STATE, code=None, mobile="9000000301", role=Role.ADMIN)
    view = client.get("/admin/registrations/settings", token=admin).json
    assert view["version"] == 1 and view["updated_by"] == "stack" and view["settings"]["statutory_days"] == 30
