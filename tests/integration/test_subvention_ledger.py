"""A PACS operator uploads a season's ledger; it is processed in the background; each farmer gets
one SMS; claims add up. Bad rows, duplicate uploads, resuming after a crash, refusals."""

from __future__ import annotations

import pytest
import requests

from chalicelib.core import clock
from chalicelib.core.auth import Level, Role
from chalicelib.subvention import ledger, store
from functions import subvention as function
from tests.integration.subvention_helpers import HEADER, new_pacs, staff, upload

EVENT = {"version": "0", "id": "e1", "detail-type": "Scheduled Event", "source": "aws.events",
         "account": "123456789012", "time": "2026-11-23T06:00:00Z", "region": "ap-south-1", "resources": [],
         "detail": {}}

# M001: the DOMAIN.md worked example, prompt: benefit 6,356.16, pays 0.00.
# M002: late (repaid 12-05-2025): base 7,254.79 + overdue 1,183.56 − pays 6,261.92 → benefit 2,176.43.
# M003 has two loans of the same year; the second meets the 3,00,000 ceiling:
#   loan 1: 2,00,000 × 273 days (01-06-2024 → 01-03-2025) = 5,46,00,000 → 10% 14,958.90, pays 0.00;
#   loan 2: 1,50,000 from 01-07-2024 → 01-03-2025 = 243 days; only 1,00,000 of quota is left:
#     eligible 2,43,00,000, excess 50,000 × 243 = 1,21,50,000; base 10% on 3,64,50,000 = 9,986.30;
#     the farmer pays 10% on the excess: 3,328.77 → benefit 6,657.53.
#   One SMS for M003: benefit 14,958.90 + 6,657.53 = 21,616.43, interest 3,328.77.
GOOD = [
    'M001,1234,9800000001,"2024-05-01:D:80000; 2025-02-15:R:80000",1,crop',
    'M002,5678,9800000002,"2024-05-01:D:80000; 2025-05-12:R:80000",1,crop',
    'M003,4321,9800000003,"2024-06-01:D:200000; 2025-03-01:R:200000",1,crop',
    'M003,4321,9800000003,"2024-07-01:D:150000; 2025-03-01:R:150000",2,crop',
]
BAD = [
    ('M004,123412341234,9800000004,"2024-05-01:D:1000; 2025-02-15:R:1000",1,crop', "aadhaar_last4"),
    ('M005,1111,9800000005,"2024-05-01:R:1000",1,crop', "transactions[0].type"),
    ('M006,2222,12345,"2024-05-01:D:1000; 2025-02-15:R:1000",1,crop', "mobile"),
    ('M007,3333,9800000007,"2024-10-05:D:1000; 2025-02-15:R:1000",1,crop', "transactions"),
    ('M001,1234,9800000001,"2024-05-01:D:80000; 2025-02-15:R:80000",1,crop', "loan_no"),
    ("M008,4444,9800000008", "row"),
]


def csv_text(rows):
    return HEADER + "\n".join(rows) + "\n"


@pytest.fixture
def pacs(client, sms, aws_resources):
    return new_pacs(client, sms)


def run_processor():
    return function.process_ledgers(EVENT, None)


def test_upload_process_tell_each_farmer_once_and_claim(client, sms, pacs):
    ledger_id = upload(client, pacs.operator, csv_text(GOOD + [row for row, _ in BAD]))
    assert run_processor() == {"DONE": 1}
    view = client.get(f"/subvention/ledgers/{ledger_id}", token=pacs.operator).json
    assert view["status"] == "DONE" and view["sha256"] and view["size"] > 0
    assert view["counts"] == {"rows": 10, "valid": 4, "invalid": 6, "farmers": 3, "farmers_told": 3}
    assert view["totals"]["base_interest"] == "38556.15"     # 6,356.16 + 7,254.79 + 14,958.90 + 9,986.30

    errors = client.get(f"/subvention/ledgers/{ledger_id}/errors?limit=4", token=pacs.operator).json
    rest = client.get(f"/subvention/ledgers/{ledger_id}/errors?next={errors['next']}", token=pacs.operator).json
    found = {e["row"]: e for e in errors["items"] + rest["items"]}
    assert sorted(found) == [5, 6, 7, 8, 9, 10]
    for (row, field), number in zip(BAD, range(5, 11), strict=True):
        assert field in [r["field"] for r in found[number]["reasons"]], (row, found[number])
    assert "123412341234" not in str(found[5]) and "only the last 4 digits" in str(found[5])
    assert "row 1" in found[9]["reasons"][0]["message"]

    # one SMS per farmer, Hindi by default, with the benefit summed over the farmer's loans
    assert sms.to("9800000001") == ["सहकार सेतु: सदस्य M001, खरीफ 2024 फसल ऋण पर ब्याज अनुदान एवं प्रोत्साहन "
                                    "₹6356.16 मिला; आपके द्वारा देय ब्याज ₹0.00।"]
    assert len(sms.to("9800000002")) == 1 and "₹2176.43" in sms.to("9800000002")[0]
    assert len(sms.to("9800000003")) == 1
    assert "₹21616.43" in sms.to("9800000003")[0] and "₹3328.77" in sms.to("9800000003")[0]
    assert sms.to("9800000004") == [] and sms.to("9800000005") == []

    farmer = client.get("/subvention/farmers/M003?year=2024-25", token=pacs.operator).json
    assert farmer["mobile"] == "XXXXXX0003" and farmer["aadhaar_last4"] == "4321"
    assert sorted(loan["ceiling_used"] for loan in farmer["loans"].values()) == ["100000.00", "200000.00"]

    claims = {}
    for level, code in (("pacs", pacs.reg_no), ("bank", "dccb-bhopal"), ("district", "bhopal"), ("state", None)):
        r = client.get(f"/subvention/claims?level={level}&half_year=2024-H2" + (f"&code={code}" if code else ""),
                       token=pacs.admin)
        assert r.status == 200, r
        claims[level] = {k: v for k, v in r.json.items() if k not in ("level", "code")}
    assert claims["pacs"] == claims["bank"] == claims["district"] == claims["state"]
    assert claims["state"]["loans"] == 4 and claims["state"]["base_interest"] == "38556.15"
    assert claims["state"]["period_from"] == "2024-10-01" and claims["state"]["period_to"] == "2025-03-31"
    assert claims["state"]["farmer_interest"] == "9590.69"     # 0 + 6,261.92 + 0 + 3,328.77
    empty = client.get("/subvention/claims?level=state&half_year=2024-H1", token=pacs.admin).json
    assert empty["loans"] == 0 and empty["base_interest"] == "0.00"


def test_the_same_file_again_changes_nothing_and_rows_seen_before_are_kept(client, sms, pacs):
    text = csv_text(GOOD)
    first = upload(client, pacs.operator, text)
    run_processor()
    before = client.get("/subvention/claims?level=state&half_year=2024-H2", token=pacs.admin).json
    again = upload(client, pacs.operator, text)
    assert run_processor() == {"DUPLICATE": 1}
    view = client.get(f"/subvention/ledgers/{again}", token=pacs.operator).json
    assert view["status"] == "DUPLICATE" and view["duplicate_of"] == first
    assert client.get("/subvention/claims?level=state&half_year=2024-H2", token=pacs.admin).json == before
    assert len(sms.to("9800000001")) == 1

    # a different file: M001 unchanged, M002 with other figures (refused), M009 new
    third = upload(client, pacs.operator, csv_text([
        GOOD[0], 'M002,5678,9800000002,"2024-05-01:D:90000; 2025-05-12:R:90000",1,crop',
        'M009,9999,9800000009,"2024-05-01:D:80000; 2025-02-15:R:80000",1,crop']))
    assert run_processor() == {"DONE": 1}
    view = client.get(f"/subvention/ledgers/{third}", token=pacs.operator).json
    assert view["counts"] == {"rows": 3, "valid": 1, "invalid": 1, "unchanged": 1, "farmers": 1, "farmers_told": 1}
    after = client.get("/subvention/claims?level=state&half_year=2024-H2", token=pacs.admin).json
    assert after["loans"] == before["loans"] + 1
    assert len(sms.to("9800000001")) == 1 and len(sms.to("9800000002")) == 1 and len(sms.to("9800000009")) == 1


def test_a_crash_mid_file_resumes_at_the_offset_without_counting_twice(client, sms, pacs, monkeypatch):
    many = [f'N{i:03d},1234,98000{i:05d},"2024-05-01:D:{1000 + i}; 2025-02-15:R:{1000 + i}",1,crop'
            for i in range(1, 8)]
    monkeypatch.setattr(ledger, "CHUNK", 2)
    ledger_id = upload(client, pacs.operator, csv_text(many))
    real = store.save_ledger
    calls = {"n": 0}

    def crash_on_second_checkpoint(item, entry, create=False, counters=None, marker=None):
        if counters:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("lambda killed")
        return real(item, entry, create, counters, marker)

    monkeypatch.setattr(store, "save_ledger", crash_on_second_checkpoint)
    with pytest.raises(RuntimeError):
        ledger.process(ledger_id)
    monkeypatch.setattr(store, "save_ledger", real)
    assert store.get_ledger(ledger_id).offset > 0                 # the first chunk's checkpoint held
    assert ledger.process(ledger_id, budget_seconds=0) == "PROCESSING"   # one chunk, then out of time
    assert ledger.process(ledger_id) == "DONE"
    view = client.get(f"/subvention/ledgers/{ledger_id}", token=pacs.operator).json
    assert view["counts"] == {"rows": 7, "valid": 7, "invalid": 0, "farmers": 7, "farmers_told": 7}
    claims = client.get("/subvention/claims?level=state&half_year=2024-H2", token=pacs.admin).json
    assert claims["loans"] == 7
    assert all(len(sms.to(f"98000{i:05d}")) == 1 for i in range(1, 8))


def test_english_sms_on_request_and_the_submitted_version_is_what_is_read(client, sms, pacs):
    r = client.post("/subvention/ledgers", {"season": "kharif-2024"}, token=pacs.operator)
    url, ledger_id = r.json["upload_url"], r.json["ledger_id"]
    text = ('member_no,aadhaar_last4,mobile,transactions,lang\n'
            'E001,1234,9800000011,"2024-05-01:D:80000; 2025-02-15:R:80000",en\n')
    assert requests.put(url, data=text.encode(), headers={"Content-Type": "text/csv"}, timeout=30).status_code == 200
    assert client.post(f"/subvention/ledgers/{ledger_id}/submit", token=pacs.operator).status == 202
    # the same URL used again after submitting changes nothing: the submitted version is processed
    other = text.replace("80000", "90000")
    assert requests.put(url, data=other.encode(), headers={"Content-Type": "text/csv"}, timeout=30).status_code == 200
    assert run_processor() == {"DONE": 1}
    assert sms.to("9800000011") == ["Sahkar Setu: member E001, Kharif 2024 crop loan: interest subvention and "
                                    "incentives Rs 6356.16; interest you pay Rs 0.00."]


def test_a_file_without_the_required_columns_fails_with_the_reason(client, sms, pacs):
    ledger_id = upload(client, pacs.operator, "member_no,aadhaar,mobile,transactions\nM1,123412341234,9800000001,x\n")
    assert run_processor() == {"FAILED": 1}
    view = client.get(f"/subvention/ledgers/{ledger_id}", token=pacs.operator).json
    assert view["failure"] == "missing columns: aadhaar_last4"
    huge = upload(client, pacs.operator, HEADER + 'M1,1234,9800000001,"' + "x" * 200_000 + '",1,crop\n')
    assert run_processor() == {"FAILED": 1}
    assert "not a readable CSV after row 0" in client.get(f"/subvention/ledgers/{huge}", token=pacs.operator).json[
        "failure"]


def test_upload_steps_and_replays(client, sms, pacs):
    key = {"Idempotency-Key": "ledger-upload-1"}
    a = client.post("/subvention/ledgers", {"season": "kharif-2024"}, token=pacs.operator, headers=key)
    b = client.post("/subvention/ledgers", {"season": "kharif-2024"}, token=pacs.operator, headers=key)
    assert a.status == b.status == 201 and a.json["ledger_id"] == b.json["ledger_id"]
    r = client.post(f"/subvention/ledgers/{a.json['ledger_id']}/submit", token=pacs.operator)
    assert r.status == 409 and r.error_code == "LEDGER_NOT_UPLOADED"
    r = client.post("/subvention/ledgers", {"season": "kharif-2031"}, token=pacs.operator)
    assert r.status == 422 and r.error_code == "SEASON_NOT_FOUND"
    assert client.get("/subvention/ledgers/01JXXXXXXXXXXXXXXXXXXXXXXX", token=pacs.operator).status == 404


def test_roles_and_jurisdiction(client, sms, pacs):
    ledger_id = upload(client, pacs.operator, csv_text(GOOD[:1]))
    run_processor()
    # a district officer may not upload; an operator bound to no PACS may not either
    r = client.post("/subvention/ledgers", {"season": "kharif-2024"}, token=pacs.officer)
    assert r.status == 403 and r.error_code == "FORBIDDEN_ROLE"
    unbound = staff("op.unbound", Role.PACS_OPERATOR, Level.DISTRICT, "bhopal", "9000000501")
    r = client.post("/subvention/ledgers", {"season": "kharif-2024"}, token=unbound)
    assert r.status == 403 and r.error_code == "PACS_NOT_BOUND"
    # the operator of another PACS (Indore) sees neither this ledger nor its claims
    other = new_pacs(client, sms, "indore", "Rau", 2, admin=pacs.admin)
    assert client.get(f"/subvention/ledgers/{ledger_id}", token=other.operator).error_code == "FORBIDDEN_JURISDICTION"
    r = client.post(f"/subvention/ledgers/{ledger_id}/submit", token=other.operator)
    assert r.status == 403
    r = client.get(f"/subvention/claims?level=pacs&half_year=2024-H2&code={pacs.reg_no}", token=other.operator)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    for level in ("state", "district&code=bhopal", "bank&code=dccb-bhopal"):
        assert client.get(f"/subvention/claims?level={level}&half_year=2024-H2", token=pacs.operator).status == 403
    # officers: their district only; banks and the state from HQ
    assert client.get(f"/subvention/ledgers/{ledger_id}", token=pacs.officer).status == 200
    assert client.get(f"/subvention/ledgers/{ledger_id}", token=other.officer).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get("/subvention/claims?level=district&half_year=2024-H2&code=bhopal",
                      token=pacs.officer).json["loans"] == 1
    r = client.get("/subvention/claims?level=district&half_year=2024-H2&code=bhopal", token=other.officer)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    assert client.get("/subvention/claims?level=bank&half_year=2024-H2&code=dccb-bhopal",
                      token=pacs.officer).error_code == "FORBIDDEN_JURISDICTION"
    assert client.get("/subvention/claims?level=state&half_year=2024-H2", token=pacs.officer).status == 403
    assert client.get("/subvention/farmers/M001?year=2024-25", token=other.operator).status == 404
    citizen_free = client.get("/subvention/claims?level=state&half_year=2024-H2")
    assert citizen_free.status == 401
    # an operator of Indore cannot be bound to a Bhopal PACS; a society that is no PACS cannot be bound
    r = client.call("PUT", f"/admin/subvention/pacs/{pacs.reg_no}",
                    {"bank": "dccb-bhopal", "operators": ["op.indore.2"], "version": 1}, token=pacs.admin)
    assert r.status == 422 and r.error_fields == ["operators[0]"]
    r = client.call("PUT", f"/admin/subvention/pacs/{pacs.reg_no}", {"bank": "x", "operators": []},
                    token=pacs.operator)
    assert r.status == 403
    r = client.call("PUT", f"/admin/subvention/pacs/{pacs.reg_no}", {"bank": "x", "operators": []}, token=pacs.admin)
    assert r.status == 409                                           # exists: give the version read
    r = client.call("PUT", f"/admin/subvention/pacs/{pacs.reg_no}",
                    {"bank": "dccb-bhopal", "operators": [], "version": 1}, token=pacs.admin)
    assert r.status == 200 and r.json["version"] == 2
    stale = client.call("PUT", f"/admin/subvention/pacs/{pacs.reg_no}",
                        {"bank": "dccb-bhopal", "operators": [], "version": 1}, token=pacs.admin)
    assert stale.status == 409
    # the unbound operator has lost the PACS at once
    r = client.post("/subvention/ledgers", {"season": "kharif-2024"}, token=pacs.operator)
    assert r.status == 403 and r.error_code == "PACS_NOT_BOUND"


def test_one_processor_per_pacs_at_a_time(client, sms, pacs):
    ledger_id = upload(client, pacs.operator, csv_text(GOOD[:1]))
    assert client.post(f"/subvention/ledgers/{ledger_id}/submit", token=pacs.operator).error_code == \
        "LEDGER_NOT_IN_STATE"
    assert store.take_lease(pacs.reg_no, "another-run", clock.epoch(), 60)
    assert ledger.process(ledger_id) == "QUEUED"              # the other run holds this PACS
    store.release_lease(pacs.reg_no, "another-run")
    assert ledger.process(ledger_id) == "DONE"
    assert ledger.process(ledger_id) == "DONE"                # done is done
    assert len(sms.to("9800000001")) == 1


def test_the_scheduled_handler_with_nothing_queued(client):
    assert run_processor() == {}


def test_hq_officer_reads_every_level(client, sms, pacs):
    upload(client, pacs.operator, csv_text(GOOD[:1]))
    run_processor()
    rcs = staff("rcs.sub", Role.OFFICER, Level.STATE, None, "9000000601")
    for query in ("level=state", "level=bank&code=dccb-bhopal", f"level=pacs&code={pacs.reg_no}"):
        r = client.get(f"/subvention/claims?{query}&half_year=2024-H2", token=rcs)
        assert r.status == 200 and r.json["loans"] == 1 and r.json["base_interest"] == "6356.16"
