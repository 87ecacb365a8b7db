"""The synthetic societies of the local stack: valid, varied, deterministic, fast; no network."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import socket
import time
from collections import Counter
from itertools import islice

import pytest

from chalicelib.core import geo
from chalicelib.societies.importer import ImportRow
from chalicelib.societies.search import name_keys
from stack import seed_data
from stack.seed_data import societies

KEYS = {"reg_no", "name_hi", "name_en", "type", "district", "address", "registered_on", "mobile", "members",
        "status"}
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z ,()'.-]*$")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the seed data generator must not open connections")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return list(societies(50_000))


def test_every_row_has_the_import_format_and_validates(rows):
    for row in rows:
        assert set(row) == KEYS
        parsed = ImportRow.model_validate(row)
        assert parsed.mobile == row["mobile"]
        assert parsed.registered_on.isoformat() == row["registered_on"]


def test_registration_numbers_are_unique_and_carry_district_and_year(rows):
    assert len({r["reg_no"] for r in rows}) == len(rows)
    for row in rows:
        short, year, seq = row["reg_no"].split("-")
        assert short == geo.district(row["district"])["short"]
        assert year == row["registered_on"][:4]
        assert len(seq) == 5 and seq.isdigit() and int(seq) > 0


def test_fields_are_in_range(rows):
    for row in rows:
        day = dt.date.fromisoformat(row["registered_on"])
        assert dt.date(1960, 1, 1) <= day <= dt.date(2025, 12, 31)
        assert re.fullmatch(r"[6-9]\d{9}", row["mobile"])
        assert isinstance(row["members"], int)
        if row["type"] in ("dccb", "apex-bank"):
            assert row["members"] > 5000
        else:
            assert 21 <= row["members"] <= 5000
        assert row["address"] and DEVANAGARI.search(row["address"])


def test_all_55_districts_get_societies_even_at_1000():
    districts = Counter(r["district"] for r in societies(1000))
    assert set(districts) == {d["code"] for d in geo.districts()}
    assert len(districts) == 55


def test_big_districts_get_more(rows):
    per_district = Counter(r["district"] for r in rows)
    median = sorted(per_district.values())[len(per_district) // 2]
    for big in ("indore", "bhopal", "jabalpur", "gwalior"):
        assert per_district[big] > 1.5 * median
    assert min(per_district.values()) > 0.2 * median


def test_same_seed_same_rows_other_seed_other_rows():
    first = list(societies(2000))
    assert list(societies(2000)) == first
    assert list(societies(2000, seed=2026)) == first
    assert list(societies(2000, seed=7)) != first
    assert list(societies(500)) == first[:500]  # a smaller count is a prefix


def test_streams_without_building_the_whole_list():
    assert inspect.isgeneratorfunction(societies)
    started = time.perf_counter()
    head = list(islice(societies(10**9), 3))
    assert len(head) == 3
    assert time.perf_counter() - started < 1


def test_fifty_thousand_rows_well_under_five_seconds():
    started = time.perf_counter()
    count = sum(1 for _ in societies(50_000))
    elapsed = time.perf_counter() - started
    assert count == 50_000
    assert elapsed < 5, f"50,000 rows took {elapsed:.2f}s"


def test_every_type_appears_in_a_realistic_mix(rows):
    types = Counter(r["type"] for r in rows)
    assert set(types) == set(geo.society_types())
    share = {t: n / len(rows) for t, n in types.items()}
    assert 0.15 < share["dairy"] < 0.25
    assert 0.11 < share["housing"] < 0.19
    assert 0.08 < share["pacs"] < 0.14
    for kind in ("consumer", "women-multipurpose"):
        assert 0.06 < share[kind] < 0.10
    for kind in ("fisheries", "forest-produce", "labour", "salary-credit"):
        assert 0.03 < share[kind] < 0.07
    for kind in ("dccb", "apex-bank", "federation", "sugar"):
        assert share[kind] < 0.002


def test_state_bodies_are_in_bhopal_and_dccbs_one_per_district(rows):
    state_bodies = [r for r in rows if r["type"] in ("apex-bank", "federation")]
    assert state_bodies and {r["district"] for r in state_bodies} == {"bhopal"}
    assert sum(r["type"] == "apex-bank" for r in rows) == 1
    dccb = Counter(r["district"] for r in rows if r["type"] == "dccb")
    assert dccb and max(dccb.values()) == 1
    for row in rows:
        if row["type"] == "dccb":
            district = geo.district(row["district"])
            assert row["name_hi"] == f"जिला सहकारी केंद्रीय बैंक मर्यादित, {district['name_hi']}"
            assert row["name_en"].endswith(f", {district['name_en']}")


def test_status_is_mostly_active(rows):
    status = Counter(r["status"] for r in rows)
    assert set(status) == {"active", "under_liquidation", "cancelled"}
    assert 0.015 < status["under_liquidation"] / len(rows) < 0.045
    assert 0.008 < status["cancelled"] / len(rows) < 0.03


def test_names_are_in_devanagari_and_latin(rows):
    for row in rows:
        hindi, english = row["name_hi"], row["name_en"]
        assert not re.search(r"[A-Za-z]", hindi), hindi
        assert len(DEVANAGARI.findall(hindi)) > len(hindi) // 2, hindi
        assert LATIN_NAME.match(english) and english.isascii(), english
        assert hindi.endswith("मर्यादित") or ", " in hindi
        assert "Maryadit" in english


@pytest.mark.parametrize(("kind", "hindi", "english"), [
    ("pacs", "प्राथमिक कृषि साख सहकारी समिति मर्यादित", "Prathmik Krishi Sakh Sahkari Samiti Maryadit"),
    ("housing", "गृह निर्माण सहकारी संस्था मर्यादित", "Griha Nirman Sahkari Sanstha Maryadit"),
    ("women-multipurpose", "महिला बहुउद्देशीय सहकारी समिति मर्यादित", "Mahila Bahuuddeshiya Sahkari Samiti Maryadit"),
    ("salary-credit", "कर्मचारी साख सहकारी समिति मर्यादित, ", "Karmchari Sakh Sahkari Samiti Maryadit, "),
])
def test_names_follow_registry_patterns(rows, kind, hindi, english):
    of_kind = [r for r in rows if r["type"] == kind]
    assert all(hindi in r["name_hi"] and english in r["name_en"] for r in of_kind)


def test_examples_from_registries_appear(rows):
    hindi = {r["name_hi"] for r in rows}
    english = {r["name_en"] for r in rows}
    assert "रामपुर प्राथमिक कृषि साख सहकारी समिति मर्यादित" in hindi
    assert "Rampur Prathmik Krishi Sakh Sahkari Samiti Maryadit" in english
    assert "श्री राम गृह निर्माण सहकारी संस्था मर्यादित" in hindi
    assert "Shri Ram Griha Nirman Sahkari Sanstha Maryadit" in english
    assert any(n.startswith("शिक्षक कर्मचारी साख सहकारी समिति मर्यादित, ") for n in hindi)
    assert any(" Khurd " in n for n in english) and any(" Kalan " in n for n in english)


def test_lookup_tables_are_large_enough_and_transliterations_meet():
    assert len(seed_data.VILLAGES) >= 150
    assert len({hi for hi, _ in seed_data.VILLAGES}) == len(seed_data.VILLAGES)
    assert len(seed_data.GIVEN_NAMES) >= 40
    pairs = [*seed_data.VILLAGES, *seed_data.GIVEN_NAMES, *seed_data.EMPLOYERS, *seed_data._BODIES.values()]
    for hindi, english in pairs:
        assert name_keys(hindi) == name_keys(english), (hindi, english)


def test_search_keys_of_hindi_and_english_names_overlap(rows):
    assert name_keys("सहकारी") == name_keys("Sahkari")
    identical = 0
    for row in rows:
        hindi, english = set(name_keys(row["name_hi"])), set(name_keys(row["name_en"]))
        assert len(hindi & english) >= 0.7 * len(english), (row["name_hi"], row["name_en"])
        identical += hindi == english
    assert identical > 0.9 * len(rows)
