"""The review's guaranteed-services and annual-returns sections: data made through the lokseva and
filings APIs, figures read back from the counters those services keep, exactly, for the
fortnight and its six-fortnight trend; and the PDF names both sections."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import Level, Role
from tests.integration.filings_helpers import A, B, C, add_societies, file, session, society_token, staff, upload
from tests.integration.helpers import citizen_token
from tests.integration.test_lokseva_helpers import apply, decide
from tests.integration.test_lokseva_helpers import seed as seed_lokseva

pytestmark = pytest.mark.usefixtures("aws_resources")   # documents go to the bucket

REQUIRED = ("annual_report", "audited_accounts", "balance_sheet", "surplus_disposal", "agm_election_declaration",
            "member_list")
FY = "2025-26"          # the last financial year closed before 16-30 November 2026
REVIEW = "/reports/review?fortnight=2026-11-2&division=bhopal"


def at(frozen_clock, text: str) -> None:
    frozen_clock["now"] = datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def world(client, sms, aws_resources, frozen_clock):
    from chalicelib.filings import service as filings

    seed_lokseva()                                  # master data and the seats (SEATS: dr.bhopal decides)
    filings.seed_master_data("test")
    add_societies()
    staff("dr.bhopal", Role.OFFICER, Level.DISTRICT, "bhopal", "9111100001")
    staff("jr.bhopal", Role.OFFICER, Level.DIVISION, "bhopal", "9111100002")
    staff("admin", Role.ADMIN, Level.STATE, None, "9111100009")
    names = {"dr": "dr.bhopal", "jr": "jr.bhopal", "admin": "admin"}
    return _Tokens(lambda who: session(names[who]) if who in names else society_token({"a": A, "b": B, "c": C}[who]))


class _Tokens(dict):
    """A fresh token on every use: sessions last an hour and the tests move the clock by days."""

    def __init__(self, issue) -> None:
        super().__init__()
        self.issue = issue

    def __getitem__(self, who: str) -> str:
        return self.issue(who)


def _ack(r) -> str:
    assert r.status == 201, r
    return r.json["ack"]


def _decided(r) -> dict:
    assert r.status == 200, r
    return r.json


def _guaranteed_services(client, sms, frozen_clock, world) -> None:
    """Fortnight 2026-11-1: one application decided in time. Fortnight 2026-11-2 (16-30 Nov): three
    in Bhopal (one in time, one late, one sent to appeal undecided) and one in Indore."""
    from chalicelib.lokseva import service

    at(frozen_clock, "2026-11-10T06:00:00")
    me = citizen_token(client, sms)
    early = _ack(apply(client, me))
    at(frozen_clock, "2026-11-11T06:00:00")
    _decided(decide(client, world["dr"], early))
    at(frozen_clock, "2026-11-23T06:00:00")                       # guaranteed date: 27-11-2026
    me = citizen_token(client, sms)
    in_time, late, _undecided = (_ack(apply(client, me)) for _ in range(3))
    _ack(apply(client, me, district="indore"))
    at(frozen_clock, "2026-11-25T06:00:00")
    _decided(decide(client, world["dr"], in_time))
    at(frozen_clock, "2026-11-30T06:00:00")                       # three days late
    view = _decided(decide(client, world["dr"], late, decision="reject", reasons="not eligible"))
    assert (view["delay_days"], view["compensation_due"]) == (3, "750.00")
    assert service.escalate_due()["escalated"] == 2               # Bhopal's undecided one and Indore's


def _annual_returns(client, frozen_clock, world) -> None:
    """B files one return in 2026-11-1 (its obligation made lazily); the admin makes Bhopal's
    obligations (A's only: B has one); A files all six, one is returned and filed again; C (Indore)
    files one. Bhopal, 16-30 Nov: 6 + 1 returns filed, A complete, B a defaulter."""
    at(frozen_clock, "2026-11-12T06:00:00")
    assert file(client, world["b"], B, [upload(client, world["b"], B)]).status == 201
    at(frozen_clock, "2026-11-24T06:00:00")
    r = client.post("/admin/filings/obligations", {"financial_year": FY, "district": "bhopal"}, token=world["admin"])
    assert r.status == 200 and (r.json["societies"], r.json["created"]) == (2, 1), r
    filed = {kind: file(client, world["a"], A, [upload(client, world["a"], A)], kind) for kind in REQUIRED}
    assert {r.status for r in filed.values()} == {201}
    url = f"/filings/societies/{A}/returns/{FY}/member_list"
    r = client.post(url + "/decision", {"action": "return", "remarks": "हस्ताक्षर नहीं",
                                        "version": filed["member_list"].json["version"]}, token=world["dr"])
    assert r.status == 200 and r.json["status"] == "RETURNED", r
    again = [filed["member_list"].json["documents"][0]["document_id"]]       # the same document, filed again
    assert file(client, world["a"], A, again, "member_list").status == 201
    assert file(client, world["c"], C, [upload(client, world["c"], C)]).status == 201


def test_review_sections_for_guaranteed_services_and_annual_returns(client, sms, frozen_clock, world, counter):
    _guaranteed_services(client, sms, frozen_clock, world)
    _annual_returns(client, frozen_clock, world)
    counter.reset()
    r = client.get(REVIEW, token=world["jr"])
    assert r.status == 200, r
    sections = {s["key"]: s for s in r.json["sections"]}
    trend = ["2026-09-1", "2026-09-2", "2026-10-1", "2026-10-2", "2026-11-1", "2026-11-2"]

    services = sections["lokseva"]
    rows = {row["district"]: row["values"] for row in services["rows"]}
    assert rows["bhopal"] == {"received": 3, "disposed_in_time": 1, "disposed_late": 1, "pending_beyond_time": 1,
                              "penalties": 750.0}
    assert rows["raisen"] == dict.fromkeys(rows["bhopal"], 0)           # Indore is not in Bhopal division
    assert services["totals"] == rows["bhopal"]
    assert services["trend"]["fortnights"] == trend
    assert services["trend"]["series"] == {"disposed_in_time": [0, 0, 0, 0, 1, 1], "disposed_late": [0, 0, 0, 0, 0, 1]}

    returns = sections["returns"]
    rows = {row["district"]: row["values"] for row in returns["rows"]}
    assert rows["bhopal"] == {"due": 2, "complete": 1, "defaulters": 1, "percent": 50.0, "filed": 7}
    assert rows["sehore"] == {"due": 0, "complete": 0, "defaulters": 0, "percent": 0.0, "filed": 0}
    assert returns["totals"] == rows["bhopal"]
    assert returns["trend"]["series"] == {"filed": [0, 0, 0, 0, 1, 7]}
    # each new section: one Query for its current state (once per report) and one per fortnight;
    # then audits (1 + 6) and subvention (6), counted in test_reports_review_more.py
    assert counter.operations["Query"] == 6 * 2 + 5 * 2 + (1 + 6) + (1 + 6) + (1 + 6) + 6
    assert "Scan" not in counter.operations
    # the defaulters list agrees with the counters
    listed = client.get(f"/filings/defaulters?financial_year={FY}", token=world["dr"]).json["items"]
    assert [d["reg_no"] for d in listed] == [B]


def test_pdf_names_the_new_sections(client, sms, frozen_clock, world):
    from pypdf import PdfReader

    _guaranteed_services(client, sms, frozen_clock, world)
    pdf = {"Accept": "application/pdf"}
    english = client.call("GET", REVIEW.replace("/review?", "/review/pdf?") + "&lang=en", token=world["jr"],
                          headers=pdf)
    assert english.status == 200, english
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english.raw_body)).pages)
    assert "Guaranteed services: disposed in and out of time" in text
    assert "Annual returns: filed vs due" in text and "pending beyond time" in text
    hindi = client.call("GET", REVIEW.replace("/review?", "/review/pdf?"), token=world["jr"], headers=pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(hindi.raw_body)).pages)
    # words the extractor maps back whole (it splits some shaped matras: see test_reports.py)
    assert "लोक सेवा गारंटी" in text and "अर्थदंड (रु.)" in text and "चूक" in text and "देय" in text


def test_obligations_made_while_a_filing_makes_one_are_counted_once(client, frozen_clock, world, monkeypatch):
    """The yearly job reads which obligations exist, then a filing creates one of them: the job's
    transaction is cancelled whole, read again, and each obligation is counted once."""
    from chalicelib.filings import public, service, store

    real = store.ObligationItem.batch_get
    calls = []

    def stale_first(keys, **kwargs):
        calls.append(keys)
        if len(calls) == 1:                  # the job's first read: nothing exists yet ...
            assert file(client, world["b"], B, [upload(client, world["b"], B)]).status == 201   # ... B files
            return iter(())
        return real(keys, **kwargs)

    monkeypatch.setattr(store.ObligationItem, "batch_get", stale_first)
    assert service.create_obligations(FY, "bhopal")["created"] == 1          # A's; B's came with its filing
    assert len(calls) == 2
    figures = public.review_figures(datetime(2026, 11, 16).date(), datetime(2026, 11, 30).date())
    assert figures["bhopal"] == {"filed": 1, "due": 2, "complete": 0, "defaulters": 2}
