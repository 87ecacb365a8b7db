"""Leave: the employee applies within the balance, the controlling officer sanctions (balance
debited in the same transaction) or refuses; credits come by the daily sweep; SMS each time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.servicebook_helpers import (
    EMP_A,
    EMP_B,
    account,
    controller,
    controller_account,
    employee_token,
    establishment,
    open_book,
    session,
)

LEAVE = "/servicebook/employees/MP0000101/leave"


@pytest.fixture
def world(client, sms, frozen_clock):
    controller_account()
    est = establishment(client, sms)
    assert open_book(client, est, opening_balances={"earned": 15}).status == 201
    return {"est": est, "emp": employee_token(client, sms), "co": controller(client, sms)}


def apply(client, token, from_date, to_date, kind="earned", path=LEAVE, headers=None):
    return client.post(path, {"kind": kind, "from_date": from_date, "to_date": to_date, "reason": "family function"},
                       token=token, headers=headers)


def decide(client, token, leave, decision="sanction", note="sanctioned", path=LEAVE):
    return client.post(f"{path}/{leave['leave_id']}/decision",
                       {"decision": decision, "note": note, "version": leave["version"]}, token=token)


def balance(client, token, kind="earned", employee_id="MP0000101"):
    record = client.get(f"/servicebook/employees/{employee_id}", token=token).json
    return {b["kind"]: b["days"] for b in record["leave_balances"]}[kind]


def test_apply_then_sanction_debits_the_balance_and_tells_the_employee(client, sms, world):
    r = apply(client, world["emp"], "2026-12-01", "2026-12-10")
    assert r.status == 201 and (r.json["status"], r.json["days"]) == ("APPLIED", 10), r
    assert "अर्जित अवकाश" in sms.to(EMP_A[1])[-1] and "01-12-2026" in sms.to(EMP_A[1])[-1]
    pending = client.get("/servicebook/leave/pending", token=world["co"]).json["items"]
    assert [p["leave_id"] for p in pending] == [r.json["leave_id"]]
    s = decide(client, world["co"], r.json)
    assert s.status == 200 and s.json["status"] == "SANCTIONED" and s.json["decided_by"] == "dr.bhopal", s
    assert balance(client, world["emp"]) == 5
    assert "स्वीकृत" in sms.to(EMP_A[1])[-1] and "शेष 5" in sms.to(EMP_A[1])[-1]
    assert client.get("/servicebook/leave/pending", token=world["co"]).json["items"] == []
    book = client.get("/servicebook/employees/MP0000101/book", token=world["emp"]).json
    assert [e["action"] for e in book["items"]] == ["appointment", "leave_applied", "leave_sanctioned"]
    assert book["chain_valid"] and book["items"][2]["data"]["balance_after"] == 5
    again = decide(client, world["co"], s.json, "refuse")
    assert again.status == 409 and again.error_code == "LEAVE_ALREADY_DECIDED"


def test_refusal_keeps_the_balance_and_says_so_by_sms(client, sms, world):
    r = apply(client, world["emp"], "2026-12-01", "2026-12-02", kind="casual")
    refused = decide(client, world["co"], r.json, "refuse", "audit season: all staff needed")
    assert refused.status == 200 and refused.json["decision_note"] == "audit season: all staff needed"
    assert balance(client, world["emp"], "casual") == 13
    assert "अस्वीकृत" in sms.to(EMP_A[1])[-1]
    listed = client.get(LEAVE, token=world["est"]).json["items"]
    assert [(x["kind"], x["status"]) for x in listed] == [("casual", "REFUSED")]


def test_leave_beyond_the_balance_is_refused_naming_the_field(client, sms, world):
    r = apply(client, world["emp"], "2026-12-01", "2026-12-16")
    assert r.status == 422 and r.error_code == "LEAVE_BALANCE_SHORT" and r.error_fields == ["to_date"], r
    r = apply(client, world["emp"], "2026-12-01", "2026-12-02", kind="sabbatical")
    assert r.status == 422 and r.error_code == "UNKNOWN_LEAVE_KIND" and r.error_fields == ["kind"]
    r = apply(client, world["emp"], "2026-12-05", "2026-12-01")
    assert r.status == 422 and r.error_fields == ["to_date"]
    assert client.get(LEAVE, token=world["emp"]).json["items"] == []


def test_overlapping_leave_is_refused(client, sms, world):
    first = apply(client, world["emp"], "2026-12-01", "2026-12-05")
    r = apply(client, world["emp"], "2026-12-05", "2026-12-06", kind="casual")
    assert r.status == 409 and r.error_code == "LEAVE_OVERLAPS" and first.json["leave_id"] in r.json["error"]["message"]
    decide(client, world["co"], first.json, "refuse", "no")
    assert apply(client, world["emp"], "2026-12-05", "2026-12-06", kind="casual").status == 201  # refused: free


def test_two_sanctions_racing_on_one_balance_cannot_overdraw_it(client, sms, world):
    one = apply(client, world["emp"], "2026-12-01", "2026-12-10").json
    two = apply(client, world["emp"], "2026-12-21", "2026-12-30").json          # 10 + 10 > 15
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda leave: decide(client, world["co"], leave), (one, two)))
    statuses = sorted(r.status for r in results)
    assert statuses[0] == 200 and statuses[1] in (409, 422), results
    assert balance(client, world["emp"]) == 5
    late = [r for r in results if r.status != 200][0]
    if late.status == 409:     # lost the race: the retry sees the debited balance
        leave = two if results[1] is late else one
        listed = client.get(LEAVE, token=world["co"]).json["items"]
        fresh = next(x for x in listed if x["leave_id"] == leave["leave_id"])
        late = decide(client, world["co"], fresh)
    assert late.status == 422 and late.error_code == "LEAVE_BALANCE_SHORT" and late.error_fields == ["days"]
    assert balance(client, world["emp"]) == 5


def test_who_may_apply_and_who_may_decide(client, sms, world):
    est = world["est"]
    account("dr.indore", Role.OFFICER, Level.DISTRICT, "indore", "9333300020")
    account("jr.bhopal", Role.OFFICER, Level.DIVISION, "bhopal", "9333300021")
    # B's controlling officer is dr.bhopal; the division's JR controls A from now on.
    assert open_book(client, est, EMP_B, name="Anita Verma").status == 201
    version = client.get("/servicebook/employees/MP0000101", token=est).json["version"]
    r = client.post("/servicebook/employees/MP0000101/entries", {
        "kind": "posting", "version": version, "effective_date": "2026-11-20", "note": "reports to B",
        "post": "Audit cell", "controlling_officer": "jr.bhopal"}, token=est)
    assert r.status == 201, r
    a, b, jr = world["emp"], employee_token(client, sms, EMP_B), session("jr.bhopal")
    r = apply(client, a, "2026-12-01", "2026-12-02", path="/servicebook/employees/MP0000102/leave")
    assert r.status == 403 and r.error_code == "SERVICEBOOK_NOT_YOURS"
    assert apply(client, est, "2026-12-01", "2026-12-02").error_code == "FORBIDDEN_ROLE"
    leave_a = apply(client, a, "2026-12-01", "2026-12-02").json
    leave_b = apply(client, b, "2026-12-01", "2026-12-02", path="/servicebook/employees/MP0000102/leave").json
    b_path = "/servicebook/employees/MP0000102/leave"
    own = decide(client, b, leave_b, path=b_path)
    assert own.status == 403 and own.error_code == "LEAVE_OWN_SANCTION"
    other = decide(client, world["co"], leave_a)            # dr.bhopal no longer controls A
    assert other.status == 403 and other.error_code == "LEAVE_NOT_CONTROLLED"
    indore = session("dr.indore")
    assert decide(client, indore, leave_b, path=b_path).error_code == "LEAVE_NOT_CONTROLLED"
    assert decide(client, est, leave_a).error_code == "FORBIDDEN_ROLE"
    stale = client.post(f"{LEAVE}/{leave_a['leave_id']}/decision", {"decision": "sanction", "note": "ok",
                                                                    "version": 7}, token=jr)
    assert stale.status == 409 and stale.error_code == "VERSION_CONFLICT"
    assert decide(client, b, leave_a).error_code == "LEAVE_NOT_CONTROLLED"   # an employee never sanctions
    assert decide(client, jr, leave_a).status == 200                         # the JR sanctions A's leave
    assert decide(client, world["co"], leave_b, path=b_path).status == 200    # dr.bhopal sanctions B's
    assert [p["leave_id"] for p in client.get("/servicebook/leave/pending", token=jr).json["items"]] == []


def test_an_idempotent_application_is_made_once(client, sms, world):
    key = {"Idempotency-Key": "leave-0001"}
    first = apply(client, world["emp"], "2026-12-01", "2026-12-03", headers=key)
    texts = len(sms.to(EMP_A[1]))
    again = apply(client, world["emp"], "2026-12-01", "2026-12-03", headers=key)
    assert first.status == again.status == 201 and first.json == again.json
    assert len(client.get(LEAVE, token=world["emp"]).json["items"]) == 1 and len(sms.to(EMP_A[1])) == texts


def test_the_daily_sweep_credits_leave_on_its_days_and_only_then(client, sms, world, frozen_clock):
    from chalicelib.servicebook.leave import credit_due

    assert credit_due() == {"credited": 0, "skipped": 0}               # nothing due in November
    frozen_clock["now"] = datetime(2026, 12, 31, 18, 40, tzinfo=UTC)   # 00:10 on 1 January, IST
    assert credit_due() == {"credited": 1, "skipped": 0}
    record = client.get("/servicebook/employees/MP0000101", token=session("est.bhopal")).json
    got = {b["kind"]: b["days"] for b in record["leave_balances"]}
    assert got == {"earned": 30, "casual": 13, "medical": 20, "half_pay": 20}   # casual lapses and restarts
    assert record["next_credit_on"] == "2027-07-01"
    assert "अवकाश खाते में जमा" in sms.to(EMP_A[1])[-1] and "अर्जित अवकाश +15 = 30" in sms.to(EMP_A[1])[-1]
    assert credit_due() == {"credited": 0, "skipped": 0}               # not twice
    frozen_clock["now"] = datetime(2027, 7, 1, 1, 0, tzinfo=UTC)
    assert credit_due()["credited"] == 1
    book = client.get("/servicebook/employees/MP0000101/book", token=session("mp0000101")).json
    assert [e["action"] for e in book["items"]][-2:] == ["leave_credited", "leave_credited"] and book["chain_valid"]
    assert [c["kind"] for c in book["items"][-1]["data"]["credits"]] == ["earned", "half_pay"]


def test_a_new_controlling_officer_takes_over_what_waits_for_a_decision(client, sms, world):
    est = world["est"]
    account("jr.bhopal", Role.OFFICER, Level.DIVISION, "bhopal", "9333300021")
    waiting = apply(client, world["emp"], "2026-12-01", "2026-12-02").json
    version = client.get("/servicebook/employees/MP0000101", token=est).json["version"]
    r = client.post("/servicebook/employees/MP0000101/entries", {
        "kind": "posting", "version": version, "effective_date": "2026-11-23", "note": "new section",
        "post": "Audit cell", "controlling_officer": "jr.bhopal"}, token=est)
    assert r.status == 201 and r.json["employee"]["controlling_officer"] == "jr.bhopal", r
    assert client.get("/servicebook/leave/pending", token=world["co"]).json["items"] == []
    b = session("jr.bhopal")
    moved = client.get("/servicebook/leave/pending", token=b).json["items"]
    assert [x["leave_id"] for x in moved] == [waiting["leave_id"]]
    assert decide(client, b, moved[0]).status == 200
