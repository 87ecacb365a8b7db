"""The establishment section keeps service books of its own office; the employee reads their own;
every change is a new hash-chained entry (corrections too) and an SMS to the employee."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import citizen_token, staff_token
from tests.integration.servicebook_helpers import (
    EMP_A,
    EMP_B,
    account,
    controller,
    controller_account,
    employee_token,
    entry,
    establishment,
    open_book,
    session,
    version_of,
)


@pytest.fixture
def world(client, sms, frozen_clock):
    controller_account()
    est = establishment(client, sms)
    r = open_book(client, est)
    assert r.status == 201, r
    return {"est": est, "record": r.json}


def test_opening_a_book_creates_the_record_the_login_and_tells_the_employee(client, sms, world, frozen_clock):
    record = world["record"]
    assert record["office"] == {"level": "district", "code": "bhopal"}
    assert record["superannuation_date"] == "2042-05-31"     # 62 on 15 May 2042: the month's last day
    assert record["mobile"] == "XXXXXX0101" and record["username"] == "mp0000101"
    balances = {b["kind"]: b["days"] for b in record["leave_balances"]}
    assert balances == {"earned": 100, "casual": 13, "medical": 10, "half_pay": 10}
    assert record["next_credit_on"] == "2027-01-01"
    texts = sms.to(EMP_A[1])
    assert any("ई-सेवा पुस्तिका" in t and "MP0000101" in t for t in texts)      # Hindi by default
    assert any("mp0000101" in t for t in texts)                                # the login's own SMS
    # The employee activates the login with an OTP, signs in and reads their own book.
    r = client.post("/auth/password/reset", {"username": "mp0000101"})
    assert r.status == 202, r
    r = client.post("/auth/password/reset/verify", {"challenge_id": r.json["challenge_id"],
                                                    "otp": sms.last_otp(EMP_A[1]), "new_password": "Sev4Pustika2026"})
    assert r.status == 204, r
    frozen_clock["now"] += timedelta(seconds=61)        # one OTP a minute per mobile
    token = staff_token(client, sms, "mp0000101", EMP_A[1], "Sev4Pustika2026")
    me = client.get("/servicebook/me", token=token)
    assert me.status == 200 and me.json["employee_id"] == "MP0000101" and me.json["mobile"] == "XXXXXX0101"
    book = client.get("/servicebook/employees/MP0000101/book", token=token).json
    assert book["chain_valid"] and [e["action"] for e in book["items"]] == ["appointment"]
    assert book["items"][0]["data"]["order_no"] == "EST/2010/114" and book["items"][0]["actor"] == "est.bhopal"


def test_entries_change_the_record_append_to_the_chain_and_each_sends_an_sms(client, sms, world):
    est = world["est"]
    before = len(sms.to(EMP_A[1]))
    r = entry(client, est, "MP0000101", "increment", 1)
    assert r.status == 201 and r.json["employee"]["pay_cell"] == 5, r
    assert r.json["entry"]["data"]["changes"] == {"pay_cell": 5}
    r = entry(client, est, "MP0000101", "promotion", 2, designation="Senior Cooperative Inspector", pay_level=10,
              order_no="EST/2026/77")
    assert r.status == 201 and (r.json["employee"]["designation"], r.json["employee"]["pay_level"],
                                r.json["employee"]["pay_cell"]) == ("Senior Cooperative Inspector", 10, 1), r
    r = entry(client, est, "MP0000101", "training", 3, course="Cooperative audit", institute="RICM Bhopal",
              from_date="2026-10-05", to_date="2026-10-09")
    assert r.status == 201, r
    r = entry(client, est, "MP0000101", "posting", 4, post="Audit cell, Bhopal")
    assert r.status == 201 and r.json["employee"]["post"] == "Audit cell, Bhopal", r
    texts = sms.to(EMP_A[1])[before:]
    assert len(texts) == 4
    assert "वेतनवृद्धि" in texts[0] and "पदोन्नति" in texts[1] and "प्रशिक्षण" in texts[2] and "20-11-2026" in texts[3]
    # A wrong increment is corrected by a new entry that names it; the first stays as it was.
    book = client.get("/servicebook/employees/MP0000101/book", token=est).json["items"]
    increment = book[1]
    r = entry(client, est, "MP0000101", "correction", 5, corrects=increment["seq"],
              changes={"pay_cell": 2}, note="cell wrongly entered")
    assert r.status == 201 and r.json["employee"]["pay_cell"] == 2, r
    book = client.get("/servicebook/employees/MP0000101/book", token=est).json
    assert book["chain_valid"]
    assert [e["action"] for e in book["items"]] == ["appointment", "increment", "promotion", "training", "posting",
                                                    "correction"]
    assert book["items"][1] == increment and book["items"][5]["data"]["corrects"] == increment["seq"]
    assert book["items"][5]["prev_hash"] == book["items"][4]["hash"]


def test_transfer_hands_the_book_to_the_new_office(client, sms, world):
    est_bhopal = world["est"]
    est_indore = establishment(client, sms, "indore")
    account("dr.indore", Role.OFFICER, Level.DISTRICT, "indore", "9333300011")
    r = entry(client, est_bhopal, "MP0000101", "transfer", 1, office={"level": "district", "code": "indore"})
    assert r.status == 422 and r.error_code == "CONTROLLING_OFFICER_OUTSIDE_OFFICE"   # dr.bhopal stays behind
    r = entry(client, est_bhopal, "MP0000101", "transfer", 1, office={"level": "district", "code": "indore"},
              controlling_officer="dr.indore")
    assert r.status == 201 and r.json["employee"]["office"] == {"level": "district", "code": "indore"}, r
    assert "स्थानांतरण" in sms.to(EMP_A[1])[-1]
    stale = entry(client, est_bhopal, "MP0000101", "posting", 2, post="anything")
    assert stale.status == 403 and stale.error_code == "FORBIDDEN_JURISDICTION"
    assert entry(client, est_indore, "MP0000101", "posting", 2, post="Indore office").status == 201
    lists = {d: client.get("/servicebook/employees", token=t).json["items"]
             for d, t in (("bhopal", est_bhopal), ("indore", est_indore))}
    assert lists["bhopal"] == [] and [e["employee_id"] for e in lists["indore"]] == ["MP0000101"]


def test_only_an_active_officer_of_the_office_or_above_may_be_the_controlling_officer(client, sms, world):
    """Issue 13, hole 2: the establishment section could name another employee, another district's
    officer, the admin, a court reader or the employee themself, who then read the whole book."""
    est = world["est"]
    account("dr.indore", Role.OFFICER, Level.DISTRICT, "indore", "9333300011")
    account("admin", Role.ADMIN, Level.STATE, None, "9333300012")
    account("court.bhopal", Role.COURT, Level.DISTRICT, "bhopal", "9333300013")
    account("jr.bhopal", Role.OFFICER, Level.DIVISION, "bhopal", "9333300014")
    refused = {"mp0000101": "CONTROLLING_OFFICER_NOT_OFFICER",        # another employee
               "dr.indore": "CONTROLLING_OFFICER_OUTSIDE_OFFICE",      # another district's officer
               "admin": "CONTROLLING_OFFICER_NOT_OFFICER",
               "court.bhopal": "CONTROLLING_OFFICER_NOT_OFFICER",      # a court's reader
               "est.bhopal": "CONTROLLING_OFFICER_NOT_OFFICER",        # the section itself
               "mp0000102": "CONTROLLING_OFFICER_SELF"}
    for name, code in refused.items():
        r = open_book(client, est, EMP_B, controlling_officer=name)
        assert (r.status, r.error_code, r.error_fields) == (422, code, ["controlling_officer"]), name
        r = entry(client, est, "MP0000101", "posting", 1, post="p", controlling_officer=name)
        assert r.status == 422 and r.error_fields == ["controlling_officer"], name
    assert client.get("/servicebook/employees/MP0000101", token=session("dr.indore")).status == 403
    assert open_book(client, est, EMP_B, controlling_officer="jr.bhopal").status == 201   # the division above
    r = entry(client, est, "MP0000101", "posting", 1, post="p", controlling_officer="jr.bhopal")
    assert r.status == 201 and r.json["employee"]["controlling_officer"] == "jr.bhopal"


def test_the_office_list_is_the_sections_own_with_mobiles_masked(client, sms, world):
    est_bhopal = world["est"]
    est_indore = establishment(client, sms, "indore")
    assert open_book(client, est_bhopal, EMP_B, name="Anita Verma").status == 201
    account("dr.indore", Role.OFFICER, Level.DISTRICT, "indore", "9333300011")
    assert open_book(client, est_indore, ("MP0000201", "9822200201"), name="Indore Employee",
                     controlling_officer="dr.indore").status == 201
    r = client.get("/servicebook/employees?limit=1", token=est_bhopal)
    assert r.status == 200 and [e["name"] for e in r.json["items"]] == ["Anita Verma"]
    r2 = client.get(f"/servicebook/employees?limit=1&next={r.json['next']}", token=est_bhopal)
    assert [e["employee_id"] for e in r2.json["items"]] == ["MP0000101"]
    assert r.json["items"][0]["mobile"] == "XXXXXX0102" and "9822200102" not in r.text
    assert client.get("/servicebook/employees", token=est_indore).json["items"][0]["employee_id"] == "MP0000201"


def test_who_may_read_and_who_may_edit(client, sms, world):
    est = world["est"]
    assert open_book(client, est, EMP_B).status == 201
    a, b = employee_token(client, sms, EMP_A), employee_token(client, sms, EMP_B)
    r = client.get("/servicebook/employees/MP0000102/book", token=a, headers={"Accept-Language": "en"})
    assert r.status == 403 and r.error_code == "SERVICEBOOK_NOT_YOURS"
    assert r.json["error"]["message"] == "This service book is not yours."
    assert client.get("/servicebook/employees/MP0000102", token=a).status == 403
    assert client.get("/servicebook/employees/MP0000102", token=b).status == 200
    assert client.get("/servicebook/employees/MP0000101", token=controller(client, sms)).status == 200
    est_indore = establishment(client, sms, "indore")
    r = client.get("/servicebook/employees/MP0000101", token=est_indore)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = entry(client, est_indore, "MP0000101", "increment", 1)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    r = entry(client, a, "MP0000101", "increment", 1)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"                # an employee never edits
    r = client.get("/servicebook/employees/MP0000101", token=citizen_token(client, sms))
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert client.get("/servicebook/employees/MP0000101").status == 401
    assert client.get("/servicebook/employees/MP0009999", token=est).error_code == "EMPLOYEE_NOT_FOUND"
    assert version_of(client, est, "MP0000101") == 1                           # nothing changed


def test_a_stale_version_is_refused_and_nothing_is_written(client, sms, world):
    est = world["est"]
    assert entry(client, est, "MP0000101", "increment", 1).status == 201
    r = entry(client, est, "MP0000101", "increment", 1)
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"
    assert len(client.get("/servicebook/employees/MP0000101/book", token=est).json["items"]) == 2


def test_an_idempotency_key_replay_creates_nothing_twice(client, sms, world):
    est = world["est"]
    key = {"Idempotency-Key": "entry-0001"}
    first = entry(client, est, "MP0000101", "increment", 1, headers=key)
    texts = len(sms.to(EMP_A[1]))
    again = entry(client, est, "MP0000101", "increment", 1, headers=key)
    assert first.status == again.status == 201 and first.json == again.json
    assert len(client.get("/servicebook/employees/MP0000101/book", token=est).json["items"]) == 2
    assert len(sms.to(EMP_A[1])) == texts
    r = open_book(client, est, EMP_B, headers={"Idempotency-Key": "open-b"})
    assert open_book(client, est, EMP_B, headers={"Idempotency-Key": "open-b"}).json == r.json
    assert open_book(client, est, EMP_B).error_code == "EMPLOYEE_EXISTS"


@pytest.mark.parametrize(("kind", "fields", "field", "code"), [
    ("increment", {"pay_cell": 3}, "pay_cell", None),                              # cells only go up
    ("promotion", {"designation": "X", "pay_level": 9}, "pay_level", None),       # levels only go up
    ("promotion", {"designation": "X", "pay_level": 30}, "pay_level", None),      # beyond the pay matrix
    ("transfer", {"office": {"level": "district", "code": "bhopal"}}, "office", None),
    ("transfer", {"office": {"level": "district", "code": "atlantis"}}, "transfer.office", None),
    ("correction", {"corrects": 99}, "corrects", "ENTRY_NOT_FOUND"),
    ("training", {"course": "c", "institute": "i", "from_date": "2026-10-09", "to_date": "2026-10-05"}, "to_date",
     None),
    ("posting", {"post": "p", "controlling_officer": "nobody.here"}, "controlling_officer",
     "CONTROLLING_OFFICER_UNKNOWN"),
    ("posting", {"post": "p", "controlling_officer": "mp0000101"}, "controlling_officer", None),
    ("posting", {"post": "p", "effective_date": "2009-01-01"}, "effective_date", None),
])
def test_bad_entries_are_refused_naming_the_field(client, sms, world, kind, fields, field, code):
    r = entry(client, world["est"], "MP0000101", kind, 1, **fields)
    assert r.status == 422 and field in r.error_fields, r
    assert code is None or r.error_code == code


def test_bad_records_are_refused_naming_the_field(client, sms, world):
    est = world["est"]
    cases = [({"date_of_birth": "2000-01-01"}, "date_of_birth"),            # 10 at joining
             ({"date_of_joining": "2027-01-01"}, "date_of_joining"),
             ({"controlling_officer": "mp0000102"}, "controlling_officer"),  # their own login
             ({"opening_balances": {"sabbatical": 3}}, "opening_balances.sabbatical"),
             ({"opening_balances": {"casual": 40}}, "opening_balances.casual"),
             ({"employee_id": "mp12"}, "employee_id"),
             ({"mobile": "12345"}, "mobile")]
    for changes, field in cases:
        r = open_book(client, est, EMP_B, **changes)
        assert r.status == 422 and field in r.error_fields, (changes, r)
    assert client.get("/servicebook/employees/MP0000102", token=est).status == 404


def test_an_employee_who_chose_english_gets_english_sms(client, sms, world):
    est = world["est"]
    assert open_book(client, est, EMP_B, lang="en").status == 201
    assert any("e-service book (employee no. MP0000102)" in t for t in sms.to(EMP_B[1]))
    assert entry(client, est, "MP0000102", "increment", 1).status == 201
    assert sms.to(EMP_B[1])[-1] == "Sahkar Setu: new entry in your service book (MP0000102): increment, " \
                                   "effective 20-11-2026."


def test_the_servicebook_function_holds_only_its_routes_and_the_credit_sweep():
    from functions import servicebook

    paths = set(servicebook.app.routes)
    assert "/servicebook/employees/{employee_id}/leave" in paths and "/grievances" not in paths
    assert "leave_credit_sweep" in {h.name for h in servicebook.app.event_sources}


def test_reads_are_key_lookups_and_one_query_never_a_scan(client, sms, world, counter):
    est = world["est"]
    counter.reset()
    assert client.get("/servicebook/employees/MP0000101/book", token=est).status == 200
    # session check (identity), the record, the book's partition
    assert counter.operations.get("GetItem") == 2 and counter.operations.get("Query") == 1, counter.operations
    counter.reset()
    assert client.get("/servicebook/employees", token=est).status == 200
    assert counter.operations.get("Query") == 1 and "Scan" not in counter.operations, counter.operations
