"""No decision in time: the sweep sends the application to first appeal by itself (reading only
what is due), the citizen is told, the delay penalty is computed exactly; then second appeal;
and races between the sweep and an officer never lose a decision or move twice."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest

from chalicelib.lokseva import masterdata, service, store
from tests.integration.test_lokseva_helpers import CITIZEN, SEATS, apply, citizen, decide, seed, token

pytestmark = pytest.mark.usefixtures("aws_resources")   # documents go to the bucket


def at(frozen_clock, text: str) -> None:
    frozen_clock["now"] = datetime.fromisoformat(text).replace(tzinfo=UTC)


def view(client, sms, ack):
    return client.get(f"/lokseva/applications/{ack}", token=citizen(client, sms)).json


@pytest.fixture
def filed(client, sms, frozen_clock, aws_resources):
    seed()
    # Monday 23-11-2026: certified copies of society documents, 7 working days (district DR, then the
    # division's JR on first appeal, then the RCS at HQ), skipping 24-11, the 4th Saturday and Sunday
    r = apply(client, citizen(client, sms), service="society_certified_copy", sms=sms)
    assert r.json["guaranteed_date"] == "2026-12-03"
    return r.json["ack"]


def test_no_decision_goes_to_first_appeal_by_itself_with_the_penalty_exact(client, sms, filed, frozen_clock,
                                                                           counter):
    ack = filed
    at(frozen_clock, "2026-12-03T18:29:59")                       # 23:59:59 IST on the guaranteed date
    assert service.escalate_due() == {"escalated": 0, "skipped": 0, "conflicts": 0}
    at(frozen_clock, "2026-12-03T18:30:00")                       # midnight IST: time is up
    counter.reset()
    assert service.escalate_due() == {"escalated": 1, "skipped": 0, "conflicts": 0}
    assert counter.operations["Query"] == 10 and counter.operations.get("Scan", 0) == 0   # one per shard
    item = store.get(ack, consistent=True)
    assert (item.status, item.stage_desk, item.stage_due_at) == ("FIRST_APPEAL", "division:bhopal",
                                                                 "2027-01-03T18:30:00Z")
    text = sms.to(CITIZEN)[-1]
    assert ack in text and "प्रथम अपील" in text and "03-01-2027" in text
    assert [e.action for e in store.history(ack)] == ["applied", "auto_appeal"]
    assert service.escalate_due()["escalated"] == 0                # moved once only

    shown = view(client, sms, ack)                                # 04-12 IST: one day late
    assert (shown["delay_days"], shown["compensation_due"]) == (1, "250.00")
    assert shown["at_fault"] == "dr_coop (district:bhopal): dr.bhopal"    # the seat's holder
    at(frozen_clock, "2026-12-10T10:00:00")
    assert view(client, sms, ack)["compensation_due"] == "1750.00"      # 7 days x Rs 250
    dr = token(client, sms, "dr.bhopal")
    assert decide(client, dr, ack).error_code == "FORBIDDEN_JURISDICTION"   # it is with the appeal officer now
    jr = token(client, sms, "jr.bhopal")
    assert [i["ack"] for i in client.get("/lokseva/applications?pending=true", token=jr).json["items"]] == [ack]
    r = decide(client, jr, ack, reasons="delivered on appeal")
    assert r.status == 200 and r.json["status"] == "APPROVED" and r.json["decided_stage"] == "FIRST_APPEAL"
    assert (r.json["delay_days"], r.json["compensation_due"]) == (7, "1750.00")
    at(frozen_clock, "2027-02-01T10:00:00")
    assert view(client, sms, ack)["compensation_due"] == "1750.00"      # frozen at the decision


def test_first_appeal_undecided_goes_to_second_appeal_and_the_penalty_is_capped(client, sms, filed, frozen_clock):
    ack = filed
    at(frozen_clock, "2026-12-04T00:00:00")
    assert service.escalate_due()["escalated"] == 1
    at(frozen_clock, "2027-01-03T18:30:00")                       # the 30 days of first appeal are over
    assert service.escalate_due()["escalated"] == 1
    item = store.get(ack, consistent=True)
    assert (item.status, item.stage_desk, item.due_at) == ("SECOND_APPEAL", "state", None)   # off the sweep
    assert "द्वितीय अपील" in sms.to(CITIZEN)[-1]
    shown = view(client, sms, ack)
    assert (shown["delay_days"], shown["compensation_due"]) == (32, "5000.00")   # 32 x 250 = 8000, capped
    at(frozen_clock, "2027-06-01T00:00:00")
    assert service.escalate_due() == {"escalated": 0, "skipped": 0, "conflicts": 0}
    r = decide(client, token(client, sms, "rcs"), ack, decision="reject", reasons="ineligible")
    assert r.json["decided_stage"] == "SECOND_APPEAL" and r.json["compensation_due"] == "5000.00"
    appeal = client.post(f"/lokseva/applications/{ack}/appeal", {"grounds": "again"}, token=citizen(client, sms))
    assert appeal.status == 409 and appeal.error_code == "APPEAL_NOT_ALLOWED"


def test_the_applicant_appeals_a_rejection_first_then_second(client, sms, filed, frozen_clock):
    ack = filed
    dr = token(client, sms, "dr.bhopal")
    assert decide(client, dr, ack, decision="reject", reasons="income proof missing").json["delay_days"] == 0
    me = citizen(client, sms)
    r = client.post(f"/lokseva/applications/{ack}/appeal", {"grounds": "proof attached"}, token=me)
    assert r.status == 200 and (r.json["status"], r.json["stage_desk"]) == ("FIRST_APPEAL", "division:bhopal")
    assert "प्रथम अपील" in sms.to(CITIZEN)[-1] and "23-12-2026" in sms.to(CITIZEN)[-1]
    other = citizen(client, sms, "9876500000")
    assert client.post(f"/lokseva/applications/{ack}/appeal", {"grounds": "x"}, token=other).error_code == \
        "APPLICATION_NOT_YOURS"
    jr = token(client, sms, "jr.bhopal")
    assert decide(client, jr, ack, decision="reject", reasons="still missing").json["decided_stage"] == "FIRST_APPEAL"
    r = client.post(f"/lokseva/applications/{ack}/appeal", {"grounds": "please review"}, token=me)
    assert (r.json["status"], r.json["stage_desk"]) == ("SECOND_APPEAL", "state")
    r = decide(client, token(client, sms, "rcs"), ack, reasons="eligible")
    assert r.json["status"] == "APPROVED" and r.json["certificate"]
    assert (r.json["delay_days"], r.json["compensation_due"]) == (0, "0.00")   # decided in time at first
    assert [e["action"] for e in r.json["history"]["items"]] == ["applied", "rejected", "appealed", "rejected",
                                                                 "appealed", "approved"]
    assert r.json["history"]["chain_valid"]


def test_an_appeal_after_its_window_is_refused(client, sms, filed, frozen_clock):
    decide(client, token(client, sms, "dr.bhopal"), filed, decision="reject", reasons="no")
    at(frozen_clock, "2026-12-24T10:00:00")                       # 31 days after 23-11
    r = client.post(f"/lokseva/applications/{filed}/appeal", {"grounds": "late"}, token=citizen(client, sms))
    assert r.status == 409 and r.error_code == "APPEAL_WINDOW_PASSED"


def test_an_approved_application_cannot_be_appealed(client, sms, filed):
    decide(client, token(client, sms, "dr.bhopal"), filed)
    me = citizen(client, sms)
    r = client.post(f"/lokseva/applications/{filed}/appeal", {"grounds": "x"}, token=me)
    assert r.status == 409 and r.error_code == "APPEAL_NOT_ALLOWED"
    assert r.json["error"]["message"] == "स्थिति APPROVED में अपील नहीं की जा सकती।"       # no "{reason}" left
    r = client.post(f"/lokseva/applications/{filed}/appeal", {"grounds": "x"}, token=me,
                    headers={"Accept-Language": "en"})
    assert r.json["error"]["message"] == "No appeal lies while the application is APPROVED."


def test_an_officer_deciding_while_the_sweep_runs_keeps_the_decision(client, sms, filed, frozen_clock):
    ack = filed
    at(frozen_clock, "2026-12-03T18:45:00")
    stale = store.get(ack, consistent=True)                       # the sweep has read it...
    dr = token(client, sms, "dr.bhopal")
    assert decide(client, dr, ack).json["status"] == "APPROVED"   # ...the officer's decision lands first
    with mock.patch.object(store, "get", return_value=stale):
        assert service.escalate_one(ack, frozen_clock["now"], masterdata.rules()) == "conflicts"
    item = store.get(ack, consistent=True)
    assert item.status == "APPROVED" and item.due_at is None
    assert [e.action for e in store.history(ack)] == ["applied", "approved"]
    assert service.escalate_due()["escalated"] == 0


def test_an_officer_with_the_version_before_the_sweep_gets_409(client, sms, filed, frozen_clock):
    ack = filed
    version = client.get(f"/lokseva/applications/{ack}", token=token(client, sms, "dr.bhopal")).json["version"]
    at(frozen_clock, "2026-12-03T18:31:00")
    assert service.escalate_due()["escalated"] == 1
    r = decide(client, token(client, sms, "dr.bhopal"), ack, version=version)
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"
    assert store.get(ack, consistent=True).status == "FIRST_APPEAL"


def test_two_sweeps_move_an_application_once(client, sms, filed, frozen_clock):
    ack = filed
    at(frozen_clock, "2026-12-04T00:00:00")
    stale = store.get(ack, consistent=True)
    assert service.escalate_due()["escalated"] == 1
    with mock.patch.object(store, "get", return_value=stale):
        assert service.escalate_one(ack, frozen_clock["now"], masterdata.rules()) == "conflicts"
    assert [e.action for e in store.history(ack)] == ["applied", "auto_appeal"]
    assert len([t for t in sms.to(CITIZEN) if "प्रथम अपील" in t]) == 1


def test_seats_tell_officers_of_one_district_apart_and_nobody_hears_an_appeal_on_their_own_decision(
        client, sms, frozen_clock, aws_resources):
    seats = {k: v for k, v in SEATS.items() if k[0] != "sdm"}    # the SDM's seat of Bhopal not yet named
    seed({**seats, ("collector", "district:bhopal"): ["collector.bhopal", "dr.bhopal"]})
    me = citizen(client, sms)
    admin = token(client, sms, "admin")
    dr, collector = token(client, sms, "dr.bhopal"), token(client, sms, "collector.bhopal")
    # income certificate: the SDM decides, the Collector hears the first appeal, both at district level
    ack = apply(client, me).json["ack"]
    for officer in (dr, collector):                               # no seat: nobody of the district decides
        refused = decide(client, officer, ack)
        assert refused.status == 409 and refused.error_code == "SEAT_NOT_CONFIGURED"
        assert refused.json["error"]["details"] == [{"field": "seat", "message": "sdm at district:bhopal"}]
    for bad in (["collector.bhopal", "dr.indore"], ["admin"], ["nobody.here"]):   # other desk, not an officer
        r = client.call("PUT", "/lokseva/seats/sdm", {"desk": "district:bhopal", "usernames": bad}, token=admin)
        assert r.status == 422 and r.error_code == "SEAT_HOLDER_INVALID"
        assert r.json["error"]["details"][0]["field"] == "usernames"
    seat = client.call("PUT", "/lokseva/seats/sdm", {"desk": "district:bhopal", "usernames": ["dr.bhopal"]},
                       token=admin)
    assert seat.status == 200 and seat.json["version"] == 1
    assert client.call("PUT", "/lokseva/seats/sdm", {"desk": "district:atlantis", "usernames": ["x.y.z"]},
                       token=admin).status == 422
    refused = decide(client, collector, ack)
    assert refused.status == 403 and refused.error_code == "NOT_THE_SEAT"
    assert decide(client, dr, ack, decision="reject", reasons="no income proof").status == 200
    r = client.post(f"/lokseva/applications/{ack}/appeal", {"grounds": "attached"}, token=me)
    assert (r.json["stage_desk"], r.json["stage_office"]) == ("district:bhopal", "collector")
    own = decide(client, dr, ack)
    assert own.status == 403 and own.error_code == "APPEAL_OWN_DECISION"
    assert decide(client, collector, ack, reasons="proof seen").json["status"] == "APPROVED"
    third = apply(client, me).json["ack"]                        # left undecided: the seat holder is at fault
    at(frozen_clock, "2026-11-30T10:00:00")
    assert service.escalate_due()["escalated"] == 1
    shown = view(client, sms, third)
    assert (shown["at_fault"], shown["compensation_due"]) == ("sdm (district:bhopal): dr.bhopal", "750.00")
