"""PACS status, the e-PACS conversion report and the fortnightly review (JSON and PDF), through the API."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from chalicelib.core.auth import Level, Role
from chalicelib.societies import importer
from tests.integration.helpers import citizen_token, officer


def _society(reg_no: str, kind: str, district: str, name_en: str, name_hi: str) -> dict:
    return {"reg_no": reg_no, "name_hi": name_hi, "name_en": name_en, "type": kind, "district": district,
            "address": f"ग्राम {name_hi}", "registered_on": "2001-04-01", "mobile": "9444444444", "members": "120"}


ROSTER = [
    _society("BPL-2001-00001", "pacs", "bhopal", "Berasia PACS", "बैरसिया प्राथमिक कृषि साख सहकारी समिति"),
    _society("BPL-2001-00002", "pacs", "bhopal", "Phanda PACS", "फंदा प्राथमिक कृषि साख सहकारी समिति"),
    _society("BPL-2001-00003", "dairy", "bhopal", "Kolar Dairy", "कोलार दुग्ध सहकारी समिति"),
    _society("RSN-2001-00001", "pacs", "raisen", "Bari PACS", "बाड़ी प्राथमिक कृषि साख सहकारी समिति"),
    _society("IND-2001-00001", "pacs", "indore", "Sanwer PACS", "सांवेर प्राथमिक कृषि साख सहकारी समिति"),
]


@pytest.fixture
def registry():
    report = importer.validate(ROSTER)
    assert not report.rejected, report.rejected
    importer.write(report.valid, actor="test")


@pytest.fixture
def frozen(frozen_clock):
    frozen_clock["now"] = datetime(2025, 11, 20, 6, 0, tzinfo=UTC)
    return frozen_clock


def _onboard(client, token, reg_no, day, version=0, **extra):
    body = {"version": version, "note": "onboarded to the national PACS software",
            "epacs": {"onboarded_on": day, "modules_live": ["loans", "accounts"], "audit_on_portal": True}, **extra}
    return client.put(f"/reports/pacs/{reg_no}", body, token=token)


def test_officer_records_status_with_history_and_version(client, sms, registry, frozen):
    dr = officer(client, sms, "dr.bhopal", Level.DISTRICT, "bhopal", "9111100001")
    r = client.get("/reports/pacs/BPL-2001-00001", token=dr)
    assert r.status == 200 and r.json["version"] == 0 and r.json["epacs"]["onboarded_on"] is None
    r = _onboard(client, dr, "BPL-2001-00001", "2025-11-03",
                 service_centre={"csc_id": "CSC-4471", "services": ["aadhaar", "pan", "insurance"]})
    assert r.status == 200, r
    assert r.json["epacs"] == {"onboarded_on": "2025-11-03", "modules_live": ["loans", "accounts"],
                               "audit_on_portal": True}
    assert r.json["service_centre"]["csc_id"] == "CSC-4471" and r.json["version"] == 1
    # a stale version is refused and nothing changes
    r = client.put("/reports/pacs/BPL-2001-00001", {"version": 0, "note": "again",
                                                     "service_centre": {"csc_id": "CSC-9999"}}, token=dr)
    assert r.status == 409 and r.error_code == "VERSION_CONFLICT"
    r = client.put("/reports/pacs/BPL-2001-00001", {"version": 1, "note": "CSC renumbered",
                                                     "service_centre": {"csc_id": "CSC-5000", "services": []}},
                   token=dr)
    assert r.status == 200 and r.json["version"] == 2 and r.json["epacs"]["audit_on_portal"] is True
    h = client.get("/reports/pacs/BPL-2001-00001/history", token=dr).json
    assert h["chain_valid"] is True and [e["actor"] for e in h["items"]] == ["dr.bhopal", "dr.bhopal"]
    assert h["items"][1]["data"]["before"]["service_centre"]["csc_id"] == "CSC-4471"


def test_concurrent_status_changes_one_wins(client, sms, registry, frozen):
    dr = officer(client, sms, "dr.bhopal", Level.DISTRICT, "bhopal", "9111100001")
    assert _onboard(client, dr, "BPL-2001-00002", "2025-11-01").status == 200

    def change(n):
        body = {"version": 1, "note": f"edit {n}", "service_centre": {"csc_id": f"CSC-000{n}"}}
        return client.put("/reports/pacs/BPL-2001-00002", body, token=dr).status

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(change, range(4)))
    assert statuses.count(200) == 1 and statuses.count(409) == 3
    assert len(client.get("/reports/pacs/BPL-2001-00002/history", token=dr).json["items"]) == 2


def test_refusals_and_bad_input(client, sms, registry, frozen):
    dr = officer(client, sms, "dr.bhopal", Level.DISTRICT, "bhopal", "9111100001")
    r = _onboard(client, dr, "IND-2001-00001", "2025-11-03")
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    citizen = citizen_token(client, sms)
    assert _onboard(client, citizen, "BPL-2001-00001", "2025-11-03").error_code == "FORBIDDEN_ROLE"
    assert client.get("/reports/epacs", token=citizen).error_code == "FORBIDDEN_ROLE"
    assert client.get("/reports/review?fortnight=2025-11-1").status == 401
    r = _onboard(client, dr, "BPL-2001-00003", "2025-11-03")          # a dairy, not a PACS
    assert r.status == 422 and r.error_code == "NOT_A_PACS" and r.error_fields == ["reg_no"]
    assert _onboard(client, dr, "BPL-2001-09999", "2025-11-03").status == 404
    r = _onboard(client, dr, "BPL-2001-00001", "2025-12-25")          # the clock says 20 Nov 2025
    assert r.status == 422 and r.error_fields == ["epacs.onboarded_on"]
    r = client.put("/reports/pacs/BPL-2001-00001", {"version": 0, "note": "nothing"}, token=dr)
    assert r.status == 422
    r = client.get("/reports/review?fortnight=2025-13-1", token=dr)
    assert r.status == 422 and r.error_fields == ["query.fortnight"]
    r = client.get("/reports/review?fortnight=2025-11-3", token=dr)
    assert r.status == 422 and r.error_fields == ["query.fortnight"]
    jr = officer(client, sms, "jr.bhopal", Level.DIVISION, "bhopal", "9111100002")
    r = client.get("/reports/review?fortnight=2025-11-1&division=indore", token=jr)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"


def test_epacs_conversion_by_district_and_division(client, sms, registry, frozen):
    dr = officer(client, sms, "dr.bhopal", Level.DISTRICT, "bhopal", "9111100001")
    rcs = officer(client, sms, "rcs", Level.STATE, None, "9111100004")
    assert _onboard(client, dr, "BPL-2001-00001", "2025-11-03").status == 200
    assert _onboard(client, rcs, "RSN-2001-00001", "2025-10-20").status == 200

    rows = {r["key"]: r for r in client.get("/reports/epacs?division=bhopal", token=rcs).json["rows"]}
    assert (rows["bhopal"]["total"], rows["bhopal"]["onboarded"], rows["bhopal"]["percent"]) == (2, 1, 50.0)
    assert [p["reg_no"] for p in rows["bhopal"]["pending_pacs"]] == ["BPL-2001-00002"]
    assert (rows["raisen"]["total"], rows["raisen"]["onboarded"], rows["raisen"]["percent"]) == (1, 1, 100.0)
    assert rows["sehore"]["total"] == 0 and rows["sehore"]["percent"] == 0.0

    state = client.get("/reports/epacs?by=division", token=rcs).json
    divisions = {r["key"]: r for r in state["rows"]}
    assert (divisions["bhopal"]["total"], divisions["bhopal"]["onboarded"]) == (3, 2)
    assert divisions["indore"]["pending"] == 1 and divisions["indore"]["pending_pacs"][0]["reg_no"] == "IND-2001-00001"
    assert state["totals"] == {"total": 4, "onboarded": 2, "pending": 2, "percent": 50.0, "audit_on_portal": 2,
                               "service_centres": 0}
    # a district officer sees only their district
    mine = client.get("/reports/epacs", token=dr).json
    assert [r["key"] for r in mine["rows"]] == ["bhopal"]


def _grievance_counters():
    """Counters as the grievance service keeps them (day and district), written through its store."""
    from chalicelib.grievances import store

    rows = [("STAT", "2025-11-05#bhopal", {"received": 4, "disposed": 1, "escalated": 1}),
            ("STAT", "2025-11-12#raisen", {"received": 2, "disposed": 2}),
            ("STAT", "2025-11-16#bhopal", {"received": 9}),          # next fortnight: not in 2025-11-1
            ("STAT", "2025-10-20#bhopal", {"received": 3, "disposed": 3}),
            ("PEND", "2025-11-05#bhopal", {"pending": 3}),
            ("PEND", "2025-10-01#raisen", {"pending": 1})]
    for kind, sk, values in rows:
        store.StatItem(pk=f"{kind}#district", sk=sk, **values).save()


def test_review_json_has_every_section_by_district_with_trends(client, sms, registry, frozen, counter):
    _grievance_counters()
    jr = officer(client, sms, "jr.bhopal", Level.DIVISION, "bhopal", "9111100002")
    assert _onboard(client, jr, "BPL-2001-00001", "2025-11-03").status == 200
    counter.reset()
    r = client.get("/reports/review?fortnight=2025-11-1&division=bhopal", token=jr)
    assert r.status == 200, r
    review = r.json
    assert (review["from"], review["to"]) == ("2025-11-01", "2025-11-15")
    assert [d["code"] for d in review["districts"]] == ["bhopal", "raisen", "rajgarh", "sehore", "vidisha"]
    sections = {s["key"]: s for s in review["sections"]}
    g = {row["district"]: row["values"] for row in sections["grievances"]["rows"]}
    assert g["bhopal"] == {"received": 4, "disposed": 1, "escalated": 1, "pending": 3}
    assert g["raisen"] == {"received": 2, "disposed": 2, "escalated": 0, "pending": 1}
    assert sections["grievances"]["totals"]["received"] == 6
    trend = sections["grievances"]["trend"]
    assert trend["fortnights"] == ["2025-08-2", "2025-09-1", "2025-09-2", "2025-10-1", "2025-10-2", "2025-11-1"]
    assert trend["series"]["received"] == [0, 0, 0, 0, 3, 6]
    e = sections["epacs"]
    assert e["totals"] == {"total": 3, "onboarded": 1, "pending": 2, "percent": 33.3}
    assert e["trend"]["series"]["percent"] == [0.0, 0.0, 0.0, 0.0, 0.0, 33.3]
    # grievances: two counter Queries per fortnight (6); e-PACS: registry + status per district (5),
    # read once for all six fortnights; guaranteed services and annual returns: each one Query of its
    # day counters per fortnight (6) plus one of its current state (pending beyond time; the year's
    # obligations) once per report; audits the same (its day counters per fortnight, the year's
    # allotted-not-reported once per report); subvention one Query of its day claim counters per
    # fortnight. No Scan (the counter would have raised).
    assert counter.operations["Query"] == 6 * 2 + 5 * 2 + (6 + 1) + (6 + 1) + (6 + 1) + 6


def test_review_pdf_has_hindi_text_and_charts(client, sms, registry, frozen):
    from pypdf import PdfReader

    _grievance_counters()
    rcs = officer(client, sms, "rcs", Level.STATE, None, "9111100004")
    assert _onboard(client, rcs, "BPL-2001-00001", "2025-11-03").status == 200
    r = client.call("GET", "/reports/review/pdf?fortnight=2025-11-1&division=bhopal", token=rcs, headers=PDF)
    assert r.status == 200 and r.headers["content-type"] == "application/pdf"
    raw = r.raw_body
    assert raw.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(raw))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # words whose glyphs the extractor maps back exactly (it splits some shaped matras apart,
    # which is the extractor's limit, not the rendering's: see the page image in the closing note)
    assert "पाक्षिक" in text and "सहकारिता विभाग" in text and "विदिशा" in text
    assert "NotoSansDevanagari" in " ".join(str(f) for f in _fonts(reader))   # embedded (subset)
    # each of the six sections: its table and its bar chart name every district (plus the title)
    assert text.count("भोपाल") == 1 + 6 * 2
    # each section's trend chart: six fortnights on its axis
    assert text.count("08-2") == 6 and text.count("11-1") >= 6
    english = client.call("GET", "/reports/review/pdf?fortnight=2025-11-1&division=bhopal&lang=en", token=rcs,
                          headers=PDF)
    english_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english.raw_body)).pages)
    assert "Fortnightly review report" in english_text and "e-PACS conversion" in english_text


PDF = {"Accept": "application/pdf"}   # API Gateway hands out binary bodies only to clients that ask for them


def _fonts(reader):
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            yield ref.get_object().get("/BaseFont")


def test_only_staff_roles_read_reports(client, sms, registry, frozen):
    from tests.integration.helpers import make_staff, staff_token

    make_staff("pacs.op", Role.PACS_OPERATOR, Level.DISTRICT, "bhopal", "9222200001")
    token = staff_token(client, sms, "pacs.op", "9222200001")
    assert client.get("/reports/review?fortnight=2025-11-1", token=token).error_code == "FORBIDDEN_ROLE"


def test_cli_renders_the_same_review_to_a_file(registry, frozen, tmp_path):
    from typer.testing import CliRunner

    from tools.sahkar import app

    _grievance_counters()
    runner = CliRunner()
    out = tmp_path / "review.pdf"
    result = runner.invoke(app, ["review-report", "--fortnight", "2025-11-1", "--division", "bhopal",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    data = tmp_path / "review.json"
    result = runner.invoke(app, ["review-report", "--fortnight", "2025-11-1", "--json", "--out", str(data)])
    assert result.exit_code == 0, result.output
    import json

    review = json.loads(data.read_text(encoding="utf-8"))
    assert len(review["districts"]) == 55 and review["sections"][0]["totals"]["received"] == 6
    bad = runner.invoke(app, ["review-report", "--fortnight", "2025-11-9"])
    assert bad.exit_code == 2 and "--fortnight" in bad.output
