"""Officers' search and filters over grievances: each filter finds what it should, stays inside
the officer's jurisdiction (403 naming the field for a place outside it; empty for a URN or a
mobile, never an oracle), costs one Query per page, and exports as CSV with Hindi intact."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest

from tests.integration.grievance_helpers import (
    CITIZEN,
    OTHER_CITIZEN,
    advance,
    citizen,
    file,
    officer_token,
    seed_master_data,
)


def q(**params) -> str:
    return "/grievances/search?" + urlencode(params)


def urns(response) -> set[str]:
    assert response.status == 200, response
    return {row["urn"] for row in response.json["items"]}


def make_society(client, token, district: str, name_hi: str) -> str:
    r = client.post("/societies", {"name_hi": name_hi, "name_en": "Gram Seva Sahkari Samiti", "type": "pacs",
                                   "district": district, "address": "ग्राम, तहसील, जिला",
                                   "registered_on": "2001-04-01", "mobile": "9300000001"}, token=token)
    assert r.status == 201, r
    return r.json["reg_no"]


@pytest.fixture
def world(client, sms, frozen_clock):
    seed_master_data()
    dr = officer_token(client, sms, "dr.bhopal")
    dr_indore = officer_token(client, sms, "dr.indore")
    society = make_society(client, dr, "bhopal", "ग्राम सेवा सहकारी समिति बैरसिया")
    other_society = make_society(client, dr_indore, "indore", "सहकारी समिति देपालपुर")
    one, two = citizen(client, sms), citizen(client, sms, OTHER_CITIZEN)
    plain = file(client, one).json["urn"]
    advance(frozen_clock, days=2)
    one, two = citizen(client, sms), citizen(client, sms, OTHER_CITIZEN)      # signed in again, 2 days on
    dr, dr_indore = officer_token(client, sms, "dr.bhopal"), officer_token(client, sms, "dr.indore")
    with_society = file(client, one, category="membership", society_reg_no=society,
                        subject="सदस्यता नहीं दी गई").json["urn"]
    loan = file(client, one, category="crop_loan").json["urn"]
    indore = file(client, two, district="indore", society_reg_no=other_society).json["urn"]
    return {"citizen": one, "dr": dr, "dr_indore": dr_indore, "society": society, "other_society": other_society,
            "plain": plain, "with_society": with_society, "loan": loan, "indore": indore}


def test_each_filter_finds_its_grievances_and_nothing_of_another_district(client, sms, world, frozen_clock):
    dr = world["dr"]
    bhopal = {world["plain"], world["with_society"], world["loan"]}
    assert urns(client.get(q(), token=dr)) == bhopal
    assert urns(client.get(q(category="membership"), token=dr)) == {world["with_society"]}
    assert urns(client.get(q(society=world["society"]), token=dr)) == {world["with_society"]}
    assert urns(client.get(q(office="dccb"), token=dr)) == {world["loan"]}
    assert urns(client.get(q(status="OPEN"), token=dr)) == bhopal
    assert urns(client.get(q(status="RESOLVED"), token=dr)) == set()
    assert urns(client.get(q(level=1), token=dr)) == bhopal
    assert urns(client.get(q(level=2), token=dr)) == set()
    assert urns(client.get(q(urn=world["loan"]), token=dr)) == {world["loan"]}
    assert world["loan"] in urns(client.get(q(urn=world["loan"][-4:]), token=dr))
    assert urns(client.get(q(urn=world["loan"][-6:]), token=dr)) == {world["loan"]}
    assert urns(client.get(q(mobile=CITIZEN), token=dr)) == bhopal
    # filed-date range, in Indian dates: the first was filed on 23 Nov, the others on 25 Nov
    assert urns(client.get(q(filed_from="2026-11-23", filed_to="2026-11-23"), token=dr)) == {world["plain"]}
    assert urns(client.get(q(filed_from="2026-11-24"), token=dr)) == bhopal - {world["plain"]}
    assert urns(client.get(q(category="membership", filed_to="2026-11-24"), token=dr)) == set()
    # one row carries what the inbox shows: filed date, category, society
    row = client.get(q(society=world["society"]), token=dr).json["items"][0]
    assert row["society_reg_no"] == world["society"] and row["society_name"] and row["category"] == "membership"
    assert row["created_at"].startswith("2026-11-25") and row["overdue"] is False


def test_overdue_and_near_the_limit(client, sms, world, frozen_clock):
    # level limit 7 days: 5 days after filing the first is within 48 h of it; 8 days on, overdue
    advance(frozen_clock, days=4)
    dr = officer_token(client, sms, "dr.bhopal")
    assert urns(client.get(q(due="near"), token=dr)) == {world["plain"]}
    assert urns(client.get(q(due="overdue"), token=dr)) == set()
    advance(frozen_clock, days=2)
    dr = officer_token(client, sms, "dr.bhopal")
    assert urns(client.get(q(due="overdue", level=1), token=dr)) == {world["plain"]}
    near = client.get(q(due="near"), token=dr)
    assert urns(near) == {world["with_society"], world["loan"]}
    order = [(r["due_at"], r["urn"]) for r in near.json["items"]]
    assert order == sorted(order)                          # nearest limit first
    assert urns(client.get(q(due="overdue", category="crop_loan"), token=dr)) == set()


def test_jurisdiction_refusals(client, sms, world):
    dr = world["dr"]
    # a place outside: 403 naming the field
    for params, field in (({"district": "indore"}, "district"),
                          ({"district": "indore", "office": "coop"}, "district"),
                          ({"district": "indore", "category": "membership"}, "district"),
                          ({"district": "indore", "status": "OPEN"}, "district"),
                          ({"district": "indore", "level": 1}, "district"),
                          ({"district": "indore", "due": "overdue"}, "district"),
                          ({"district": "indore", "filed_from": "2026-11-01"}, "district"),
                          ({"district": "indore", "urn": "1234"}, "district"),
                          ({"society": world["other_society"]}, "society")):
        r = client.get(q(**params), token=dr)
        assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION" and r.error_fields == [field], (params, r)
    # a URN or a mobile is not a place: only what lies inside, so nothing (no oracle)
    assert urns(client.get(q(urn=world["indore"]), token=dr)) == set()
    assert urns(client.get(q(urn=world["indore"][-4:]), token=dr)) == {world["indore"]} & set()
    assert urns(client.get(q(mobile=OTHER_CITIZEN), token=dr)) == set()
    # the other district's officer sees exactly theirs
    assert urns(client.get(q(mobile=OTHER_CITIZEN), token=world["dr_indore"])) == {world["indore"]}
    assert urns(client.get(q(society=world["other_society"]), token=world["dr_indore"])) == {world["indore"]}


def test_division_and_state_officers_choose_a_district(client, sms, world):
    jr = officer_token(client, sms, "jr.bhopal")
    r = client.get(q(status="OPEN"), token=jr)
    assert r.status == 422 and r.error_fields == ["district"]
    assert urns(client.get(q(district="bhopal", status="OPEN"), token=jr)) == {
        world["plain"], world["with_society"], world["loan"]}
    assert client.get(q(district="indore"), token=jr).status == 403          # Indore is another division
    assert client.get(q(society=world["other_society"]), token=jr).status == 403
    assert urns(client.get(q(mobile=OTHER_CITIZEN), token=jr)) == set()      # filed in Indore only
    rcs = officer_token(client, sms, "rcs")
    assert urns(client.get(q(mobile=OTHER_CITIZEN), token=rcs)) == {world["indore"]}
    assert urns(client.get(q(district="indore"), token=rcs)) == {world["indore"]}


def test_citizens_cannot_search_and_bad_filters_name_the_field(client, sms, world):
    assert client.get(q(), token=world["citizen"]).status == 403
    dr = world["dr"]
    for params, field in (({"urn": "12"}, "urn"), ({"level": 9}, "level"), ({"due": "soon"}, "due"),
                          ({"filed_from": "2026-13-01"}, "filed_from"), ({"mobile": "12345"}, "mobile"),
                          ({"society": "nope"}, "society"), ({"status": "LOST"}, "status"),
                          ({"filed_from": "2026-11-25", "filed_to": "2026-11-01"}, "filed_to"),
                          ({"urn": "1234567890"}, "urn")):
        r = client.get(q(**params), token=dr)
        assert r.status == 422 and ({field, f"query.{field}"} & set(r.error_fields)), (params, r)


def test_one_query_per_page_and_pages_go_on(client, sms, world, counter):
    dr = world["dr"]
    seen: list[str] = []
    counter.reset()
    page = client.get(q(limit=1), token=dr)
    reads = {k: v for k, v in counter.operations.items() if k in ("Query", "Scan", "GetItem", "BatchGetItem")}
    assert reads == {"GetItem": 1, "Query": 1}, counter.operations     # the GetItem: identity's session check
    while True:
        seen += [r["urn"] for r in page.json["items"]]
        if not page.json["next"]:
            break
        page = client.get(q(limit=1, next=page.json["next"]), token=dr)
    assert sorted(seen) == sorted({world["plain"], world["with_society"], world["loan"]})
    # a cursor is tied to its query
    first = client.get(q(limit=1), token=dr).json["next"]
    assert client.get(q(limit=1, category="audit", next=first), token=dr).status == 400


def test_csv_export_has_bom_hindi_and_is_logged(client, sms, world, caplog):
    caplog.set_level(logging.INFO, logger="sahkar.exports")
    r = client.get("/grievances/search.csv?" + urlencode({"category": "membership"}), token=world["dr"])
    assert r.status == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.raw_body.startswith(b"\xef\xbb\xbf")
    text = r.raw_body.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("शिकायत क्रमांक,दर्ज दिनांक,श्रेणी")
    assert len(lines) == 2 and world["with_society"] in lines[1] and world["society"] in lines[1]
    assert "सदस्यता नहीं दी गई" in lines[1]
    logged = [rec.getMessage() for rec in caplog.records if rec.name == "sahkar.exports"]
    assert logged == ["export what=grievances by=dr.bhopal role=officer filter=category=membership rows=1 "
                      "truncated=False"]
    # the row limit cuts the file and says so; a mobile filter is logged as "given", never the number
    r = client.get("/grievances/search.csv?" + urlencode({"mobile": CITIZEN, "max_rows": 2, "lang": "en"}),
                   token=world["dr"])
    assert r.headers["x-row-count"] == "2" and r.headers["x-truncated"] == "true"
    assert r.raw_body.decode("utf-8-sig").splitlines()[0].startswith("URN,Filed,Category")
    assert CITIZEN not in caplog.text and "mobile=given" in caplog.text
    # refusals stay JSON in the house shape
    r = client.get("/grievances/search.csv?district=indore", token=world["dr"])
    assert r.status == 403 and r.error_fields == ["district"]


def test_the_inbox_with_filters_and_its_export(client, sms, world):
    dr = world["dr"]
    inbox = client.get(q(assigned="me"), token=dr)
    assert urns(inbox) == {world["plain"], world["with_society"]}          # the crop loan went to the DCCB
    dues = [r["due_at"] for r in inbox.json["items"]]
    assert dues == sorted(dues)
    assert urns(client.get(q(assigned="me", category="membership"), token=dr)) == {world["with_society"]}
    assert urns(client.get(q(assigned="me", mobile=OTHER_CITIZEN), token=dr)) == set()
    assert urns(client.get(q(assigned="me", urn=world["loan"]), token=dr)) == set()       # at the DCCB's desk
    assert urns(client.get(q(assigned="me", urn=world["plain"]), token=dr)) == {world["plain"]}
    assert client.get(q(assigned="me", district="indore"), token=dr).status == 403
    r = client.get("/grievances/search.csv?assigned=me", token=dr)
    assert r.status == 200 and r.headers["x-row-count"] == "2"
    assert "सदस्यता नहीं दी गई" in r.raw_body.decode("utf-8-sig")


def test_csv_cells_never_become_formulas(client, sms, world):
    urn = file(client, world["citizen"], subject="=HYPERLINK(\"http://x\")").json["urn"]
    r = client.get("/grievances/search.csv?" + urlencode({"urn": urn}), token=world["dr"])
    assert "'=HYPERLINK" in r.raw_body.decode("utf-8-sig")


def test_the_report_as_csv(client, sms, world, caplog):
    caplog.set_level(logging.INFO, logger="sahkar.exports")
    r = client.get("/reports/grievances.csv?by=district&from=2026-11-01&to=2026-11-30", token=world["dr"])
    assert r.status == 200 and r.raw_body.startswith(b"\xef\xbb\xbf"), r
    json_report = client.get("/reports/grievances?by=district&from=2026-11-01&to=2026-11-30", token=world["dr"]).json
    lines = r.raw_body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("कोड,नाम,Name,प्राप्त,निराकृत")
    assert len(lines) == 1 + len(json_report["rows"]) + 1 and lines[-1].startswith("TOTAL,योग,Total,")
    total_received = int(lines[-1].split(",")[3])
    assert total_received == json_report["totals"]["received"]
    assert "what=grievance_report by=dr.bhopal" in caplog.text
    assert client.get("/reports/grievances.csv?by=category", token=world["citizen"]).status == 403
