"""Departmental courts through the API: registry, case numbers, hearings with SMS, cause lists, case
status, the day-before reminder, adjournments, decisions, appeals; refusals."""

from __future__ import annotations

import threading

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.helpers import citizen_token

READERS = {  # username -> (level, code, mobile): court staff bound to one court's node
    "reader.dr.bhopal": (Level.DISTRICT, "bhopal", "9111300001"),
    "reader.dr.indore": (Level.DISTRICT, "indore", "9111300002"),
    "reader.jr.bhopal": (Level.DIVISION, "bhopal", "9111300003"),
    "reader.jr.indore": (Level.DIVISION, "indore", "9111300004"),
}
PETITIONER, RESPONDENT, THIRD = "9812345001", "9812345002", "9812345003"


class Readers:
    """Court readers, each account made on first use."""

    def __init__(self):
        self.cache = {}

    def __getitem__(self, name):
        if name not in self.cache:
            level, code, mobile = READERS[name]
            self.cache[name] = staff(name, Role.COURT, level, code, mobile)
        return self.cache[name]


@pytest.fixture
def readers(frozen_clock):
    from chalicelib.courts import service

    service.seed_master_data("test")
    return Readers()


def staff(username: str, role: Role, level: Level, code: str | None, mobile: str = "9111399999") -> str:
    """A staff account (no password: these tests are not about sign-in) and a session token for it
    that outlives the clock moves of a test; identity still checks it on every request."""
    from chalicelib.core.auth import Jurisdiction, Principal, issue_token
    from chalicelib.identity import service, store

    user, entry, _ = service.new_account("test", username, username.title(), mobile, role, level, code, "test")
    assert store.create_user(user, entry, [])
    return issue_token(Principal(username, role, Jurisdiction(level, code)), 400 * 86400)


CASE = {
    "kind": "dispute", "section": "64", "subject": "Dispute over the election of the managing committee",
    "parties": [
        {"role": "petitioner", "name": "Ramesh Patel", "mobile": PETITIONER, "advocate": "A. K. Sharma"},
        {"role": "respondent", "name": "Kisan Seva Sahakari Samiti", "mobile": RESPONDENT, "lang": "en",
         "advocate": "S. Verma"},
    ],
}


def file_case(client, token, court="DR-BHOPAL", **changes):
    return client.post(f"/courts/{court}/cases", {**CASE, **changes}, token=token)


def act(client, token, case, action, version, court="DR-BHOPAL", note="step note", **extra):
    return client.post(f"/courts/{court}/cases/{case}/actions",
                       {"action": action, "version": version, "note": note, **extra}, token=token)


def registered_and_listed(client, token, date="2026-12-01", court="DR-BHOPAL", **changes):
    case = file_case(client, token, court, **changes).json
    r = act(client, token, case["case_id"], "register", 1, court)
    assert r.status == 200, r
    r = act(client, token, case["case_id"], "list", 2, court, hearing_date=date, purpose="reply")
    assert r.status == 200, r
    return r.json


def at(frozen_clock, day, hour_utc=6):
    from datetime import UTC, datetime

    frozen_clock["now"] = datetime.fromisoformat(day).replace(hour=hour_utc, tzinfo=UTC)


def test_a_case_from_filing_to_decision_with_dates_sms_and_history(client, sms, readers, frozen_clock, counter):
    reader = readers["reader.dr.bhopal"]
    r = file_case(client, reader)
    assert r.status == 201, r
    case = r.json
    assert case["status"] == "FILED" and case["case_no"] is None
    assert case["parties"][0]["mobile"] == "XXXXXX5001"                     # masked even to staff
    cid = case["case_id"]
    r = act(client, reader, cid, "register", 1)
    assert r.json["case_no"] == "DR-BHOPAL/2026/0001" and r.json["status"] == "REGISTERED"
    other = file_case(client, reader).json
    assert act(client, reader, other["case_id"], "register", 1).json["case_no"] == "DR-BHOPAL/2026/0002"

    r = act(client, reader, cid, "list", 2, hearing_date="2026-12-01", purpose="reply of the respondent")
    assert r.status == 200 and r.json["status"] == "LISTED" and r.json["next_hearing"] == "2026-12-01"
    assert sms.to(PETITIONER)[-1] == ("सहकार सेतु: प्रकरण DR-BHOPAL/2026/0001 (उप पंजीयक, सहकारी संस्थाएँ, भोपाल का "
                                      "न्यायालय) की सुनवाई (पेशी) दिनांक 01-12-2026 को नियत है।")
    assert sms.to(RESPONDENT)[-1] == ("Sahkar Setu: the hearing of case DR-BHOPAL/2026/0001 (Court of the Deputy "
                                      "Registrar, Cooperative Societies, Bhopal) is fixed for 01-12-2026.")

    counter.reset()
    r = client.get("/courts/DR-BHOPAL/causelist?date=2026-12-01")                 # public, no token
    assert r.status == 200 and counter.operations["Query"] == 1 and counter.operations.get("Scan", 0) == 0
    assert r.json["items"] == [{"serial": 1, "case_no": "DR-BHOPAL/2026/0001",
                                "title": "Ramesh Patel v. Kisan Seva Sahakari Samiti",
                                "advocates": "A. K. Sharma; S. Verma", "purpose": "reply of the respondent",
                                "status": "SCHEDULED", "outcome": None, "next_date": None}]
    assert client.get("/courts/DR-INDORE/causelist?date=2026-12-01").json["items"] == []

    at(frozen_clock, "2026-12-01")                        # the hearing day: adjourned, with reason and next date
    r = act(client, readers["reader.dr.bhopal"], cid, "adjourn", 3, note="respondent sought time",
            hearing_date="2026-12-15", reason="respondent sought time", purpose="reply")
    assert r.status == 200, r
    assert sms.to(RESPONDENT)[-1].endswith("on 01-12-2026 is now on 15-12-2026. Reason: respondent sought time")
    old_day = client.get("/courts/DR-BHOPAL/causelist?date=2026-12-01").json["items"]
    assert [(i["status"], i["next_date"]) for i in old_day] == [("ADJOURNED", "2026-12-15")]

    at(frozen_clock, "2026-12-05")                        # before the date: moved, leaves that day's list
    r = act(client, readers["reader.dr.bhopal"], cid, "reschedule", 4, hearing_date="2026-12-20",
            reason="presiding officer on tour")
    assert r.status == 200, r
    assert client.get("/courts/DR-BHOPAL/causelist?date=2026-12-15").json["items"] == []
    assert len(client.get("/courts/DR-BHOPAL/causelist?date=2026-12-20").json["items"]) == 1

    at(frozen_clock, "2026-12-20")
    reader = readers["reader.dr.bhopal"]
    assert act(client, reader, cid, "reserve", 5, note="arguments heard").json["status"] == "RESERVED"
    at(frozen_clock, "2026-12-28")
    reader = readers["reader.dr.bhopal"]
    r = act(client, reader, cid, "decide", 6, note="election set aside", result="allowed")
    assert r.json["status"] == "DECIDED" and r.json["decision"]["decided_on"] == "2026-12-28"
    assert "decided on 28-12-2026" in sms.to(RESPONDENT)[-1]
    assert "28-12-2026 को निर्णय पारित" in sms.to(PETITIONER)[-1]

    full = client.get(f"/courts/DR-BHOPAL/cases/{cid}", token=reader).json
    assert full["history"]["chain_valid"] is True
    assert [e["action"] for e in full["history"]["items"]] == ["filed", "register", "list", "adjourn", "reschedule",
                                                              "reserve", "decide"]
    assert full["history"]["items"][3]["data"] == {"hearing_date": "2026-12-15", "previous_date": "2026-12-01",
                                                   "reason": "respondent sought time", "purpose": "reply"}
    assert [(h["date"], h["status"]) for h in full["hearings"]] == [
        ("2026-12-01", "ADJOURNED"), ("2026-12-15", "MOVED"), ("2026-12-20", "HEARD")]

    public = client.get("/courts/case-status?case_no=DR-BHOPAL/2026/0001")
    assert public.status == 200
    assert public.json["status"] == "DECIDED" and public.json["decision"]["result"] == "allowed"
    assert [p["mobile"] for p in public.json["parties"]] == ["XXXXXX5001", "XXXXXX5002"]
    assert "case_id" not in public.json and "history" not in public.json
    assert client.get("/courts/case-status?case_no=DR-BHOPAL/2026/0099").status == 404
    r = client.get("/courts/case-status?case_no=bhopal-12")
    assert r.status == 422 and r.error_fields == ["query.case_no"]


def test_reminder_the_day_before_reads_only_tomorrow_and_sends_once(client, sms, readers, frozen_clock, counter):
    from chalicelib.courts import service

    reader = readers["reader.dr.bhopal"]
    registered_and_listed(client, reader, "2026-11-25")
    later = dict(CASE, parties=[{"role": "petitioner", "name": "Sita Bai", "mobile": THIRD},
                                {"role": "respondent", "name": "Samiti"}])
    registered_and_listed(client, reader, "2026-11-26", **later)
    before = {m: len(sms.to(m)) for m in (PETITIONER, RESPONDENT, THIRD)}

    at(frozen_clock, "2026-11-24", hour_utc=12)           # 17:30 IST the day before
    counter.reset()
    assert service.send_reminders() == {"date": "2026-11-25", "hearings": 1, "sms": 2}
    assert counter.operations["Query"] == 1 and counter.operations.get("Scan", 0) == 0
    assert sms.to(PETITIONER)[-1] == ("सहकार सेतु: स्मरण - प्रकरण DR-BHOPAL/2026/0001 (उप पंजीयक, सहकारी संस्थाएँ, "
                                      "भोपाल का न्यायालय) की पेशी कल दिनांक 25-11-2026 को है।")
    assert sms.to(RESPONDENT)[-1].startswith("Sahkar Setu: reminder - the hearing of case DR-BHOPAL/2026/0001")
    assert len(sms.to(THIRD)) == before[THIRD]            # that hearing is the day after

    assert service.send_reminders() == {"date": "2026-11-25", "hearings": 0, "sms": 0}   # a second run: nothing new
    assert {m: len(sms.to(m)) for m in (PETITIONER, RESPONDENT)} == {PETITIONER: before[PETITIONER] + 1,
                                                                      RESPONDENT: before[RESPONDENT] + 1}
    status = client.get("/courts/case-status?case_no=DR-BHOPAL/2026/0001").json
    assert status["hearings"][0]["reminded_at"] == "2026-11-24T12:00:00Z"


def test_refusals_roles_other_courts_and_bad_input(client, sms, readers, frozen_clock):
    mine = readers["reader.dr.bhopal"]
    case = registered_and_listed(client, mine)
    cid = case["case_id"]
    officer_token = staff("dr.bhopal", Role.OFFICER, Level.DISTRICT, "bhopal")
    citizen = citizen_token(client, sms)
    for token in (officer_token, citizen):
        r = file_case(client, token)
        assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    assert file_case(client, None).status == 401
    for name in ("reader.dr.indore", "reader.jr.bhopal"):      # another court, even the one above it
        token = readers[name]
        for r in (file_case(client, token), act(client, token, cid, "reserve", 3),
                  client.get(f"/courts/DR-BHOPAL/cases/{cid}", token=token),
                  client.get("/courts/DR-BHOPAL/cases", token=token)):
            assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION", r
    r = client.get(f"/courts/DR-INDORE/cases/{cid}", token=readers["reader.dr.indore"])
    assert r.status == 404 and r.error_code == "CASE_NOT_FOUND"          # a case of another court is not there
    assert file_case(client, mine, court="DR-NOWHERE").status == 404

    r = file_case(client, mine, parties=[CASE["parties"][0]] * 2)
    assert r.status == 422 and r.error_fields == ["parties"]
    r = file_case(client, mine, parties=[{**CASE["parties"][0], "mobile": "12345"}, CASE["parties"][1]])
    assert r.status == 422 and r.error_fields == ["parties.0.mobile"]
    r = act(client, mine, cid, "adjourn", 3, hearing_date="2026-12-10", reason="time")
    assert r.status == 409 and r.error_code == "HEARING_NOT_YET"         # the date has not come
    r = act(client, mine, cid, "reschedule", 3, hearing_date="2026-11-20", reason="time")
    assert r.status == 422 and r.error_fields == ["hearing_date"]
    r = act(client, mine, cid, "reschedule", 3, hearing_date="2026-12-10")
    assert r.status == 422 and r.error_fields == ["reason"]
    r = act(client, mine, cid, "register", 3)
    assert r.status == 409 and r.error_code == "CASE_ACTION_NOT_IN_STATE"
    r = act(client, mine, cid, "reschedule", 3, hearing_date="2026-12-10", reason="time", result="allowed")
    assert r.status == 422 and r.error_fields == ["result"]
    r = act(client, mine, cid, "reschedule", 2, hearing_date="2026-12-10", reason="time")
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"
    r = client.get("/courts/DR-BHOPAL/causelist?date=01-12-2026")
    assert r.status == 422 and r.error_fields == ["query.date"]
    r = client.get("/courts/DR-BHOPAL/causelist", headers={"Accept-Language": "en"})
    assert r.status == 422 and r.json["error"]["message"].startswith("The request has errors")


def test_registry_list_and_replay(client, readers):
    reader = readers["reader.dr.bhopal"]
    headers = {"Idempotency-Key": "case-entry-1"}
    first = client.post("/courts/DR-BHOPAL/cases", CASE, token=reader, headers=headers)
    again = client.post("/courts/DR-BHOPAL/cases", CASE, token=reader, headers=headers)
    assert first.status == again.status == 201 and first.json["case_id"] == again.json["case_id"]
    registered_and_listed(client, reader)
    page = client.get("/courts/DR-BHOPAL/cases?limit=1", token=reader).json
    assert len(page["items"]) == 1 and page["next"]
    rest = client.get(f"/courts/DR-BHOPAL/cases?limit=5&next={page['next']}", token=reader).json
    assert len(rest["items"]) == 1 and rest["next"] is None                 # two cases: the replay made none
    listed = client.get("/courts/DR-BHOPAL/cases?status=LISTED", token=reader).json["items"]
    assert [c["status"] for c in listed] == ["LISTED"]


def test_two_registrations_at_once_get_consecutive_numbers(client, readers, monkeypatch):
    """Both read the counter at the same moment; the conditional counter lets one through and the other
    retries with the next number: no duplicates, no gaps."""
    from chalicelib.core.auth import Jurisdiction, Principal
    from chalicelib.courts import schemas, service, store

    reader = readers["reader.dr.bhopal"]
    ids = [file_case(client, reader).json["case_id"] for _ in range(2)]
    both_read = threading.Barrier(2, timeout=10)
    real = store.counter_value
    calls = {"n": 0}

    def read_then_wait(court, year):
        value = real(court, year)
        calls["n"] += 1
        if calls["n"] <= 2:
            both_read.wait()
        return value

    monkeypatch.setattr(store, "counter_value", read_then_wait)
    me = Principal("reader.dr.bhopal", Role.COURT, Jurisdiction(Level.DISTRICT, "bhopal"))
    numbers = {}

    def register(cid):
        body = schemas.CaseAction(action="register", version=1, note="registered")
        numbers[cid] = service.act(me, "DR-BHOPAL", cid, body)["case_no"]

    threads = [threading.Thread(target=register, args=(cid,)) for cid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(numbers.values()) == ["DR-BHOPAL/2026/0001", "DR-BHOPAL/2026/0002"]
    assert calls["n"] == 3                                  # the loser read the counter once more


def test_appeal_of_a_decided_dr_case_goes_to_the_jr_court_of_its_division(client, readers, frozen_clock):
    reader = readers["reader.dr.bhopal"]
    case = registered_and_listed(client, reader, "2026-11-24")
    undecided = registered_and_listed(client, reader, "2026-11-30")
    at(frozen_clock, "2026-11-24")
    reader = readers["reader.dr.bhopal"]
    r = act(client, reader, case["case_id"], "decide", 3, result="dismissed", note="no dispute under section 64")
    assert r.status == 200, r

    jr = readers["reader.jr.bhopal"]
    appeal = dict(CASE, subject="Appeal against the dismissal", appeal_of="DR-BHOPAL/2026/0001")
    r = file_case(client, jr, "JR-BHOPAL", **appeal)
    assert r.status == 201, r
    assert r.json["appeal_of"] == "DR-BHOPAL/2026/0001" and r.json["kind"] == "appeal"
    original = client.get(f"/courts/DR-BHOPAL/cases/{case['case_id']}", token=reader).json
    assert original["appeals"] == [{"case_id": r.json["case_id"], "court": "JR-BHOPAL"}]
    assert original["history"]["items"][-1]["action"] == "appealed" and original["history"]["chain_valid"]
    assert client.get("/courts/case-status?case_no=DR-BHOPAL/2026/0001").json["appeals"] == 1

    r = file_case(client, readers["reader.jr.indore"], "JR-INDORE", **appeal)
    assert r.status == 409 and r.error_code == "CASE_APPEAL_NOT_ALLOWED"
    r = file_case(client, jr, "JR-BHOPAL", **dict(appeal, appeal_of=undecided["case_no"]))
    assert r.status == 409 and r.error_code == "CASE_APPEAL_NOT_ALLOWED"
    at(frozen_clock, "2027-02-01")
    r = file_case(client, readers["reader.jr.bhopal"], "JR-BHOPAL", **appeal)
    assert r.status == 409 and "60 days" in r.json["error"]["message"]


def test_courts_master_data(client, sms, readers):
    courts = client.get("/courts?division=bhopal").json
    assert {c["code"] for c in courts} == {"DR-BHOPAL", "DR-RAISEN", "DR-RAJGARH", "DR-SEHORE", "DR-VIDISHA",
                                           "JR-BHOPAL"}
    assert len(client.get("/courts?level=DR").json) == 55
    admin = staff("admin.it", Role.ADMIN, Level.STATE, None)
    court = client.get("/courts/DR-BHOPAL").json
    r = client.call("PUT", "/courts/DR-BHOPAL", {"presiding_officer": "Smt. R. Joshi", "version": court["version"]},
                    token=admin)
    assert r.status == 200 and r.json["presiding_officer"] == "Smt. R. Joshi" and r.json["version"] == 2
    r = client.call("PUT", "/courts/DR-BHOPAL", {"presiding_officer": "X", "version": 1}, token=admin)
    assert r.status == 409
    r = client.call("PUT", "/courts/DR-BHOPAL", {"presiding_officer": "X", "version": 2},
                    token=readers["reader.dr.bhopal"])
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    r = client.call("PUT", "/courts/AR-BHOPAL", {"district": "bhopal", "name_hi": "सहायक पंजीयक न्यायालय, भोपाल",
                                                 "name_en": "Court of the Assistant Registrar, Bhopal"}, token=admin)
    assert r.status == 200 and r.json["level"] == "AR" and r.json["division"] == "bhopal"
    assert client.get("/courts/DR-BHOPAL/causelist?date=2026-12-01").json["presiding_officer"] == "Smt. R. Joshi"


def test_the_scheduled_lambda_sends_the_reminders(client, sms, readers, frozen_clock):
    """functions/courts.py's handler in its own interpreter, as in AWS, against the same moto server."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    registered_and_listed(client, readers["reader.dr.bhopal"], "2026-11-24")
    before = len(sms.to(PETITIONER))
    moment = "2026-11-23T12:30:00+00:00"
    event = {"version": "0", "id": "1", "detail-type": "Scheduled Event", "source": "aws.events",
             "account": "123456789012", "time": moment, "region": "ap-south-1", "resources": [], "detail": {}}
    script = (f"from datetime import datetime; from chalicelib.core import clock; "
              f"clock.set_clock(lambda: datetime.fromisoformat('{moment}')); "
              f"import json, functions.courts as fn; "
              f"print(json.dumps(fn.hearing_reminders({event!r}, None)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2], env={**os.environ, "STAGE": "local"}, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"date": "2026-11-24", "hearings": 1, "sms": 2}
    assert len(sms.to(PETITIONER)) == before + 1 and "कल दिनांक 24-11-2026" in sms.to(PETITIONER)[-1]


def test_sns_down_the_date_is_still_fixed_and_the_sms_goes_later(client, sms, readers, frozen_clock, monkeypatch):
    from datetime import timedelta

    from chalicelib.core import notify

    def down(message):
        raise ConnectionError("SNS unreachable")

    monkeypatch.setattr(notify, "publish", down)
    before = len(sms.to(PETITIONER))
    case = registered_and_listed(client, readers["reader.dr.bhopal"], "2026-12-01")
    assert case["status"] == "LISTED" and len(sms.to(PETITIONER)) == before       # nothing went yet
    monkeypatch.undo()
    frozen_clock["now"] += timedelta(minutes=3)
    assert notify.sweep()["sent"] == 2                                            # the outbox kept both
    assert "01-12-2026 को नियत है" in sms.to(PETITIONER)[-1]


def test_time_limits_are_master_data_an_admin_changes(client, readers):
    admin = staff("admin.it", Role.ADMIN, Level.STATE, None)
    current = client.get("/admin/courts/settings", token=admin).json
    assert current["data"] == {"hearing_max_days_ahead": 365, "reminder_days_before": 1, "appeal_days": 60}
    change = {**current["data"], "hearing_max_days_ahead": 30, "version": current["version"], "note": "circular 7"}
    assert client.call("PUT", "/admin/courts/settings", change, token=readers["reader.dr.bhopal"]).status == 403
    r = client.call("PUT", "/admin/courts/settings", change, token=admin)
    assert r.status == 200 and r.json["version"] == 2
    assert client.call("PUT", "/admin/courts/settings", change, token=admin).status == 409          # stale
    reader = readers["reader.dr.bhopal"]
    case = file_case(client, reader).json
    act(client, reader, case["case_id"], "register", 1)
    r = act(client, reader, case["case_id"], "list", 2, hearing_date="2027-01-10")
    assert r.status == 422 and r.error_fields == ["hearing_date"] and "30" in r.json["error"]["message"]
    assert act(client, reader, case["case_id"], "list", 2, hearing_date="2026-12-10").status == 200
