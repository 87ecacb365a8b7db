"""The review's audits and subvention sections: audit reports made through the audits API and
ledgers processed by subvention's own processor; figures read back from the dated counters those
services write with their records, exactly, for the fortnight and its six-fortnight trend; and the
PDF names both sections."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import Level, Role
from functions import subvention as function
from tests.integration import subvention_helpers as sub
from tests.integration.test_audits_helpers import YEAR, allot, firm, firm_token, hq, society

REVIEW = "/reports/review?fortnight=2026-03-2&division=bhopal"   # 16-31 March 2026, in financial year 2025-26
TREND = ["2026-01-1", "2026-01-2", "2026-02-1", "2026-02-2", "2026-03-1", "2026-03-2"]
EVENT = {"version": "0", "id": "e1", "detail-type": "Scheduled Event", "source": "aws.events",
         "account": "123456789012", "time": "2026-03-05T06:00:00Z", "region": "ap-south-1", "resources": [],
         "detail": {}}
# the DOMAIN.md example (M001, prompt), a late repayment (M002), and a farmer with two loans (M003)
FIRST = ['M001,1234,9800000001,"2024-05-01:D:80000; 2025-02-15:R:80000",1,crop',
         'M002,5678,9800000002,"2024-05-01:D:80000; 2025-05-12:R:80000",1,crop']
SECOND = ['M003,4321,9800000003,"2024-06-01:D:200000; 2025-03-01:R:200000",1,crop',
          'M003,4321,9800000003,"2024-07-01:D:150000; 2025-03-01:R:150000",2,crop']
CLAIMED = ("goi_interest_subvention", "goi_prompt_repayment_incentive", "state_normal_subsidy",
           "state_prompt_incentive")


def at(frozen_clock, text: str) -> None:
    frozen_clock["now"] = datetime.fromisoformat(text).replace(tzinfo=UTC)


def report(client, token, reg_no: str, marks: str):
    r = client.post(f"/audits/{YEAR}/allotments/{reg_no}/report",
                    {"marks": marks, "fee": "25000", "remarks": "accounts in order", "version": 1}, token=token)
    assert r.status == 200, r
    return r.json["audit_class"]


def _audits(client, sms, frozen_clock) -> None:
    """2026-03-1: three Sehore societies allotted to a firm, one reported (class A). 2026-03-2: one
    more Sehore society reported (B), one left unreported; a Bhopal society allotted and reported (C);
    an Indore society (another division) reported too; two more Sehore societies allotted in bulk."""
    at(frozen_clock, "2026-03-05T06:00:00")
    token = hq(client, sms)
    found = firm("100001C")
    sehore = [society(client, token, "sehore", f"Samiti {n}")["reg_no"] for n in range(3)]
    for reg_no in sehore:
        assert allot(client, token, reg_no, "firm", "100001C").status == 201
    assert report(client, firm_token(client, sms, found), sehore[0], "70") == "A"
    at(frozen_clock, "2026-03-20T06:00:00")
    token = hq(client, sms, "rcs2")
    others = [society(client, token, district, f"Samiti {district}")["reg_no"] for district in ("bhopal", "indore")]
    for reg_no in others:
        assert allot(client, token, reg_no, "firm", "100001C").status == 201
    auditor = firm_token(client, sms, found)
    assert report(client, auditor, sehore[1], "52.5") == "B"
    assert [report(client, auditor, reg_no, "35") for reg_no in others] == ["C", "C"]
    # two more Sehore societies allotted by a bulk run; its replay and a rerun allot (and count) nothing
    for n in (3, 4):
        society(client, token, "sehore", f"Samiti {n}")
    for key in ("run-1", "run-1", None):
        r = client.post(f"/audits/{YEAR}/allocations", {"district": "sehore"}, token=token,
                        headers={"Idempotency-Key": key} if key else None)
        assert r.status == 201 and r.json["already_allotted"] == (3 if key else 5), r


def _ledger(client, sms, rows: list[str], pacs: sub.Pacs) -> None:
    sub.upload(client, pacs.operator, sub.HEADER + "\n".join(rows) + "\n")
    assert function.process_ledgers(EVENT, None) == {"DONE": 1}


def _subvention(client, sms, frozen_clock) -> sub.Pacs:
    """A Bhopal PACS's ledger processed in 2026-03-1 (two farmers, two loans), another in 2026-03-2
    (one farmer, two loans); an Indore PACS's ledger in 2026-03-2 is in another division."""
    at(frozen_clock, "2026-03-06T06:00:00")
    pacs = sub.new_pacs(client, sms)
    _ledger(client, sms, FIRST, pacs)
    at(frozen_clock, "2026-03-21T06:00:00")
    pacs = sub.new_pacs(client, sms, admin=sub.staff("admin.sub2", Role.ADMIN, Level.STATE, None, "9000000398"),
                        dr=sub.staff("dr.bhopal2", Role.OFFICER, Level.DISTRICT, "bhopal", "9000000397"),
                        name="Bhopal Two", n=2)
    _ledger(client, sms, SECOND, pacs)
    indore = sub.new_pacs(client, sms, "indore", "Indore", 3, admin=pacs.admin)
    _ledger(client, sms, ['M010,1234,9800000010,"2024-05-01:D:80000; 2025-02-15:R:80000",1,crop'], indore)
    return pacs


@pytest.fixture
def world(client, sms, aws_resources, frozen_clock):
    _audits(client, sms, frozen_clock)
    pacs = _subvention(client, sms, frozen_clock)
    jr = sub.staff("jr.bhopal", Role.OFFICER, Level.DIVISION, "bhopal", "9000000396")
    return {"jr": jr, "admin": pacs.admin}


def test_review_sections_for_audits_and_subvention_claims(client, sms, world, counter):
    counter.reset()
    r = client.get(REVIEW, token=world["jr"])
    assert r.status == 200, r
    sections = {s["key"]: s for s in r.json["sections"]}

    audits = sections["audits"]
    rows = {row["district"]: row["values"] for row in audits["rows"]}
    assert rows["sehore"] == {"reported": 1, "class_a": 0, "class_b": 1, "class_c": 0, "class_d": 0,
                              "not_reported": 3}
    assert rows["bhopal"] == {"reported": 1, "class_a": 0, "class_b": 0, "class_c": 1, "class_d": 0,
                              "not_reported": 0}
    assert "indore" not in rows
    assert audits["totals"] == {"reported": 2, "class_a": 0, "class_b": 1, "class_c": 1, "class_d": 0,
                                "not_reported": 3}
    assert audits["trend"]["fortnights"] == TREND
    assert audits["trend"]["series"] == {"reported": [0, 0, 0, 0, 1, 2]}

    claims = sections["subvention"]
    rows = {row["district"]: row["values"] for row in claims["rows"]}
    # M003's two loans, both repaid in time: eligible interest-days product 5,46,00,000 + 2,43,00,000
    # (test_subvention_ledger.py works it out), Rs 2,16,164.38 a per cent a year: GoI 1.5% + 3% prompt
    # repayment incentive, the state 1.5% + 4% prompt incentive
    assert rows["bhopal"] == {"farmers": 1, "loans": 2, **EXPECTED_SECOND}
    assert rows["sehore"] == dict.fromkeys(rows["bhopal"], 0)
    assert "indore" not in rows
    assert claims["totals"] == rows["bhopal"]
    assert claims["trend"]["fortnights"] == TREND
    assert claims["trend"]["series"] == {"total": [0, 0, 0, 0, EXPECTED_FIRST["total"], EXPECTED_SECOND["total"]]}

    # the two fortnights add up to subvention's own half-year claim for Bhopal (its claim counters)
    half = client.get("/subvention/claims?level=district&half_year=2024-H2&code=bhopal", token=world["admin"]).json
    for name in CLAIMED:
        assert round(EXPECTED_FIRST[name] + EXPECTED_SECOND[name], 2) == float(half[name]), name
    assert half["loans"] == 4

    # audits: one Query of its day counters per fortnight (6) + the year's counters once;
    # subvention: one Query of its day counters per fortnight; the rest as test_reports.py counts them;
    # + 1: the half-year claim above, one Query of its counter's shards (core.counters)
    assert counter.operations["Query"] == 6 * 2 + 5 * 2 + (1 + 6) + (1 + 6) + (1 + 6) + 6 + 1
    assert "Scan" not in counter.operations


def test_pdf_names_audits_and_subvention_sections(client, sms, world):
    from pypdf import PdfReader

    english = client.call("GET", REVIEW.replace("/review?", "/review/pdf?") + "&lang=en", token=world["jr"],
                          headers={"Accept": "application/pdf"})
    assert english.status == 200, english
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english.raw_body)).pages)
    assert "Audits done: reports submitted in the fortnight" in text
    assert "Subvention claims" in text and "total claim (Rs)" in text


EXPECTED_SECOND = {"goi_interest_subvention": 3242.47, "goi_prompt_repayment_incentive": 6484.93,
                   "state_normal_subsidy": 3242.47, "state_prompt_incentive": 8646.57, "total": 21616.44}
# M001 (prompt: GoI 1.5% + 3%, state 1.5% + 4% on 2,32,00,000) and M002 (late: the 1.5% parts only)
EXPECTED_FIRST = {"goi_interest_subvention": 2041.64, "goi_prompt_repayment_incentive": 1906.85,
                  "state_normal_subsidy": 2041.64, "state_prompt_incentive": 2542.47, "total": 8532.60}


def test_two_reports_racing_for_one_allotment_are_counted_once(client, sms, frozen_clock, aws_resources,
                                                               monkeypatch):
    """Both read the allotment at version 1; the second transaction is refused whole (409), so
    neither its record nor its counters land."""
    from chalicelib.audits import public, service, store

    at(frozen_clock, "2026-03-20T06:00:00")
    token = hq(client, sms)
    found = firm("100001C")
    reg_no = society(client, token, "sehore")["reg_no"]
    assert allot(client, token, reg_no, "firm", "100001C").status == 201
    auditor = firm_token(client, sms, found)
    stale = store.get_allotment(YEAR, reg_no)
    real = service._load_allotment
    monkeypatch.setattr(service, "_load_allotment", lambda year, reg: store.AllotmentItem.from_raw_data(
        stale.serialize()) if reg == reg_no else real(year, reg))
    assert report(client, auditor, reg_no, "70") == "A"
    r = client.post(f"/audits/{YEAR}/allotments/{reg_no}/report",
                    {"marks": "35", "fee": "25000", "remarks": "again", "version": 1}, token=auditor)
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT", r
    day = datetime(2026, 3, 20).date()
    assert public.review_figures(day, day)["sehore"] == {"reported": 1, "class_a": 1, "class_b": 0, "class_c": 0,
                                                         "class_d": 0, "not_reported": 0}
