"""The public registry and officers' edits, through the API."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.core.auth import Level
from chalicelib.societies import importer
from stack.seed_data import societies
from tests.integration.helpers import citizen_token, officer

NEW = {"name_hi": "नयागांव दुग्ध उत्पादक सहकारी समिति मर्यादित", "name_en": "Nayagaon Dugdh Utpadak Sahkari Samiti Maryadit",
       "type": "dairy", "district": "bhopal", "address": "ग्राम नयागांव, तहसील हुजूर, जिला भोपाल",
       "registered_on": "2024-05-10", "mobile": "9333333333", "members": 45}


@pytest.fixture
def seeded():
    rows = list(itertools.islice(societies(600), 600))
    report = importer.validate(rows)
    assert not report.rejected
    importer.write(report.valid, actor="test")
    return rows


def test_geography(client):
    divisions = client.get("/geo/divisions").json
    assert len(divisions) == 10 and sum(d["districts"] for d in divisions) == 55
    assert {d["code"] for d in divisions if d["housing_cell"]} == {"bhopal", "indore", "gwalior", "jabalpur", "ujjain"}
    assert len(client.get("/geo/districts").json) == 55
    bhopal = client.get("/geo/districts?division=bhopal").json
    assert {d["code"] for d in bhopal} == {"bhopal", "raisen", "rajgarh", "sehore", "vidisha"}
    r = client.get("/geo/districts?division=atlantis")
    assert r.status == 422 and r.error_fields == ["query.division"]
    types = client.get("/geo/society-types").json
    assert {"pacs", "housing", "dairy"} <= {t["code"] for t in types}
    assert all("class" in t for t in types)


def test_list_by_district_pages_with_opaque_cursor(client, seeded, counter):
    expected = sorted(r["reg_no"] for r in seeded if r["district"] == "indore")
    assert len(expected) > 10
    seen, cursor, pages = [], None, 0
    while True:
        counter.reset()
        r = client.get("/societies?district=indore&limit=5" + (f"&next={cursor}" if cursor else ""))
        assert r.status == 200
        assert counter.operations == {"Query": 1}           # one Query per page, never a Scan
        seen += [s["reg_no"] for s in r.json["items"]]
        cursor, pages = r.json["next"], pages + 1
        if not cursor:
            break
    assert sorted(seen) == expected and pages >= len(expected) // 5
    assert len(set(seen)) == len(seen)


def test_filter_by_type(client, seeded):
    expected = sorted(r["reg_no"] for r in seeded if r["district"] == "indore" and r["type"] == "consumer")
    r = client.get("/societies?district=indore&type=consumer&limit=100").json
    assert expected and sorted(s["reg_no"] for s in r["items"]) == expected
    statewide = client.get("/societies?type=pacs&limit=100").json["items"]
    assert statewide and all(s["type"] == "pacs" for s in statewide)


def test_search_in_both_scripts(client, seeded):
    hindi = client.get("/societies?q=सहकारी&limit=50").json["items"]
    latin = client.get("/societies?q=sahkari&limit=50").json["items"]
    variant = client.get("/societies?q=Sahakari&limit=50").json["items"]
    assert len(hindi) == 50
    assert [s["reg_no"] for s in hindi] == [s["reg_no"] for s in latin] == [s["reg_no"] for s in variant]
    assert all("सहकारी" in s["name_hi"] for s in hindi)


def test_search_matches_the_start_of_any_word(client, seeded):
    dairy = [r for r in seeded if r["type"] == "dairy"][0]
    village_hi = dairy["name_hi"].split()[0]
    found = client.get(f"/societies?q={village_hi}&district={dairy['district']}&limit=100").json["items"]
    assert dairy["reg_no"] in {s["reg_no"] for s in found}
    word = max(dairy["name_en"].split()[:-5], key=len)          # the village, typed part-way
    prefix = client.get(f"/societies?q={word[:-1]}&district={dairy['district']}&limit=100").json
    assert dairy["reg_no"] in {s["reg_no"] for s in prefix["items"]}
    both = client.get(f"/societies?q={dairy['name_en'].split()[0]} dugdh&district={dairy['district']}").json["items"]
    assert dairy["reg_no"] in {s["reg_no"] for s in both}
    assert all(s["district"] == dairy["district"] for s in both)
    assert all("दुग्ध" in s["name_hi"] for s in both)


def test_search_pages_and_filters(client, seeded):
    first = client.get("/societies?q=samiti&district=bhopal&limit=3").json
    second = client.get(f"/societies?q=samiti&district=bhopal&limit=3&next={first['next']}").json
    assert not {s["reg_no"] for s in first["items"]} & {s["reg_no"] for s in second["items"]}
    typed = client.get("/societies?q=samiti&type=dairy&limit=20").json["items"]
    assert typed and all(s["type"] == "dairy" for s in typed)


def test_bad_queries_are_4xx_naming_the_parameter(client, seeded):
    assert client.get("/societies").error_fields == ["district"]
    assert client.get("/societies?district=atlantis").error_fields == ["query.district"]
    assert client.get("/societies?type=spaceship").error_fields == ["query.type"]
    assert client.get("/societies?district=indore&limit=1000").error_fields == ["query.limit"]
    assert client.get("/societies?district=indore&limit=abc").error_fields == ["query.limit"]
    r = client.get("/societies?q=a")
    assert r.status == 422 and r.error_code == "QUERY_TOO_SHORT"
    r = client.get("/societies?district=indore&next=bm90LWEtY3Vyc29y")
    assert r.status == 400 and r.error_fields == ["next"]
    cursor = client.get("/societies?district=indore&limit=2").json["next"]
    r = client.get(f"/societies?district=bhopal&limit=2&next={cursor}")   # a cursor of another query
    assert r.status == 400 and r.error_code == "BAD_CURSOR"


def test_public_details_are_basic_and_mask_the_mobile(client, seeded, counter):
    row = seeded[0]
    counter.reset()
    r = client.get(f"/societies/{row['reg_no']}")
    assert r.status == 200 and counter.operations == {"GetItem": 1}
    body = r.json
    assert body["name_hi"] == row["name_hi"] and body["district"] == row["district"]
    assert body["contact_mobile"] == "XXXXXX" + row["mobile"][-4:]
    assert row["mobile"] not in r.text and "version" not in body and "login" not in body
    assert client.get("/societies/BPL-1999-99999").status == 404


def test_officer_creates_in_jurisdiction_with_a_login(client, sms):
    token = officer(client, sms, "dr.bhopal")
    r = client.post("/societies", NEW, token=token)
    assert r.status == 201, r
    reg_no = r.json["reg_no"]
    assert reg_no.startswith("BPL-2024-") and r.json["login"] == reg_no.lower() and r.json["version"] == 1
    assert reg_no.lower() in sms.to("9333333333")[-1]                # the society is told its login
    assert client.get(f"/societies/{reg_no}").json["name_en"] == NEW["name_en"]
    assert reg_no in {s["reg_no"] for s in client.get("/societies?q=नयागांव").json["items"]}
    assert client.post("/auth/password/reset", {"username": reg_no.lower()}).status == 202
    assert "पासवर्ड" in sms.to("9333333333")[-1]


def test_new_numbers_continue_after_imported_ones(client, sms):
    rows = [{**NEW, "reg_no": "BPL-2024-00007", "mobile": "9444444444"}]
    importer.write(importer.validate(rows).valid, actor="test")
    token = officer(client, sms, "dr.bhopal")
    assert client.post("/societies", NEW, token=token).json["reg_no"] == "BPL-2024-00008"


def test_jurisdiction_refusals(client, sms, seeded):
    bhopal = officer(client, sms, "dr.bhopal")
    r = client.post("/societies", {**NEW, "district": "indore"}, token=bhopal)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    assert "district:bhopal" in r.json["error"]["message"]
    indore_society = next(s for s in seeded if s["district"] == "indore")["reg_no"]
    r = client.patch(f"/societies/{indore_society}", {"version": 1, "members": 99, "note": "x"}, token=bhopal)
    assert r.status == 403 and r.error_code == "FORBIDDEN_JURISDICTION"
    assert client.get(f"/societies/{indore_society}/history", token=bhopal).status == 403
    citizen = citizen_token(client, sms)
    assert client.post("/societies", NEW, token=citizen).error_code == "FORBIDDEN_ROLE"
    assert client.post("/societies", NEW).status == 401


def test_division_and_state_officers_reach_their_districts(client, sms, seeded):
    jr = officer(client, sms, "jr.bhopal", Level.DIVISION, "bhopal", mobile="9111111112")
    sehore = next(s for s in seeded if s["district"] == "sehore")["reg_no"]
    indore = next(s for s in seeded if s["district"] == "indore")["reg_no"]
    ok = client.patch(f"/societies/{sehore}", {"version": 1, "members": 77, "note": "AGM count"}, token=jr)
    assert ok.status == 200 and ok.json["members"] == 77
    assert client.patch(f"/societies/{indore}", {"version": 1, "members": 1, "note": "x"}, token=jr).status == 403
    rcs = officer(client, sms, "rcs", Level.STATE, None, mobile="9111111113")
    assert client.patch(f"/societies/{indore}", {"version": 1, "members": 1, "note": "x"}, token=rcs).status == 200


def test_edit_renames_search_and_keeps_history(client, sms, seeded):
    token = officer(client, sms, "dr.bhopal")
    row = next(s for s in seeded if s["district"] == "bhopal")
    r = client.patch(f"/societies/{row['reg_no']}", {"version": 1, "name_hi": "सूर्योदय गृह निर्माण सहकारी संस्था",
                                                      "name_en": "Suryoday Griha Nirman Sahkari Sanstha",
                                                      "mobile": "9555555555", "note": "name changed by AGM"},
                     token=token)
    assert r.status == 200 and r.json["version"] == 2
    found = client.get("/societies?q=suryoday&district=bhopal").json["items"]
    assert [s["reg_no"] for s in found] == [row["reg_no"]]
    old_word = row["name_en"].split()[0]
    still = client.get(f"/societies?q={old_word}&district=bhopal&limit=100").json["items"]
    assert row["reg_no"] not in {s["reg_no"] for s in still} or old_word.lower() in "suryoday griha nirman"
    history = client.get(f"/societies/{row['reg_no']}/history", token=token).json
    assert history["chain_valid"] and [e["action"] for e in history["items"]] == ["imported", "updated"]
    assert history["items"][1]["data"]["mobile"] == "XXXXXX5555"       # no whole number in history
    assert history["items"][1]["note"] == "name changed by AGM"


def test_stale_and_concurrent_edits(client, sms, seeded):
    token = officer(client, sms, "dr.bhopal")
    reg_no = next(s for s in seeded if s["district"] == "bhopal")["reg_no"]

    def edit(members):
        return client.patch(f"/societies/{reg_no}", {"version": 1, "members": members, "note": "count"}, token=token)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(edit, [101, 102, 103, 104]))
    assert [r.status for r in results].count(200) == 1 and all(r.status in (200, 409) for r in results)
    winner = next(r for r in results if r.status == 200).json["members"]
    assert client.get(f"/societies/{reg_no}").json["members"] == winner
    assert len(client.get(f"/societies/{reg_no}/history", token=token).json["items"]) == 2


def test_create_is_idempotent(client, sms):
    token = officer(client, sms, "dr.bhopal")
    headers = {"Idempotency-Key": "new-society-7"}
    first = client.post("/societies", NEW, token=token, headers=headers)
    second = client.post("/societies", NEW, token=token, headers=headers)
    assert first.status == second.status == 201 and first.json["reg_no"] == second.json["reg_no"]
    assert len(client.get("/societies?district=bhopal&limit=100").json["items"]) == 1


def test_bad_bodies_are_4xx_naming_the_field(client, sms):
    token = officer(client, sms, "dr.bhopal")
    cases = [
        ({**NEW, "district": "atlantis"}, "district"),
        ({**NEW, "type": "spaceship"}, "type"),
        ({**NEW, "registered_on": "2999-01-01"}, "registered_on"),
        ({**NEW, "registered_on": "10/05/2024"}, "registered_on"),
        ({**NEW, "members": -1}, "members"),
        ({**NEW, "members": "many"}, "members"),
        ({**NEW, "name_en": "x" * 201}, "name_en"),
        ({**NEW, "name_hi": "   "}, "name_hi"),
        ({k: v for k, v in NEW.items() if k != "address"}, "address"),
        ({**NEW, "surprise": 1}, "surprise"),
    ]
    for body, field in cases:
        r = client.post("/societies", body, token=token)
        assert r.status == 422 and field in r.error_fields, (field, r)
    r = client.post("/societies", raw_body="{not json", token=token)
    assert r.status == 400 and r.error_code == "BAD_JSON"
    r = client.post("/societies", raw_body='{"name_hi": "' + "क" * 70_000 + '"}', token=token)
    assert r.status == 413 and r.error_fields == ["body"]
    r = client.post("/societies", NEW, token=token, headers={"Content-Type": "text/plain"})
    assert r.status == 415
    r = client.post("/societies", [1, 2], token=token)
    assert r.status == 422


def test_a_two_consonant_word_is_searched_even_when_one_is_h(client, seeded):
    r = client.get("/societies?q=सह&limit=50")                 # स + ह: the "h" leaves no mark in a key
    assert r.status == 200, r.json
    assert r.json["items"] and all(any(w.lower().startswith("s") for w in s["name_en"].split())
                                   for s in r.json["items"])
    pages, seen, cursor = 0, [], None
    while pages < 40:
        page = client.get("/societies?q=सह&district=bhopal&limit=20" + (f"&next={cursor}" if cursor else "")).json
        seen += [s["reg_no"] for s in page["items"]]
        cursor, pages = page["next"], pages + 1
        if not cursor:
            break
    assert cursor is None and len(seen) == len(set(seen))
    sah = {r["reg_no"] for r in seeded if r["district"] == "bhopal" and "सह" in r["name_hi"]}
    assert sah and sah <= set(seen)
    assert client.get("/societies?q=स").error_code == "QUERY_TOO_SHORT"


def test_words_that_match_nothing_together_give_an_empty_last_page(client, seeded):
    r = client.get("/societies?q=bhopal dairy&limit=20").json
    assert r == {"items": [], "next": None}
    both = client.get("/societies?q=samiti maryadit&limit=20").json
    assert len(both["items"]) == 20 and both["next"]
    assert all("samiti" in s["name_en"].lower() and "maryadit" in s["name_en"].lower() for s in both["items"])
