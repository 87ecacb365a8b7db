"""The CSV import tool, run as department IT runs it, against the moto server."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from tools.sahkar import app

HEADER = ["reg_no", "name_hi", "name_en", "type", "district", "address", "registered_on", "mobile", "members",
          "status"]
runner = CliRunner()


def society(reg_no: str, name_hi: str, name_en: str, **overrides: str) -> dict:
    row = {"reg_no": reg_no, "name_hi": name_hi, "name_en": name_en, "type": "dairy", "district": "bhopal",
           "address": "वार्ड 5, बैरसिया", "registered_on": "2019-04-01", "mobile": "9876543210", "members": "120",
           "status": "active"}
    return {**row, **overrides}


GOOD = [
    society("BPL-2019-00001", "बैरसिया दुग्ध सहकारी समिति", "Berasia Dugdh Sahakari Samiti"),
    society("BPL-2019-00002", "फंदा मत्स्य सहकारी समिति", "Phanda Matsya Sahakari Samiti", type="fisheries",
            members=""),
]
BAD = [
    society("BPL-2019-00003", "कोई समिति", "Koi Samiti", district="atlantis"),
    society("BPL-2019-00004", "दूसरी समिति", "Doosri Samiti", mobile="12345"),
    society("RSN-2019-00005", "तीसरी समिति", "Teesri Samiti"),
    society("BPL-2019-00001", "दोहराई समिति", "Dohrai Samiti"),
    society("BPL-2019-00006", "भविष्य समिति", "Bhavishya Samiti", registered_on="2999-01-01"),
]


def write_csv(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8-sig") as handle:  # with a BOM, as spreadsheets save it
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args):
    return runner.invoke(app, ["import-societies", *map(str, args)])


def bhopal_societies(client):
    page = client.get("/societies?district=bhopal&limit=100")
    assert page.status == 200, page
    return sorted(item["reg_no"] for item in page.json["items"])


def read_report(path):
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return {int(row["line"]): row for row in csv.DictReader(handle)}


def test_good_file_is_imported_and_searchable(client, tmp_path):
    result = run(write_csv(tmp_path / "good.csv", GOOD), "--actor", "it-cell")
    assert result.exit_code == 0, result.output
    assert "imported 2, rejected 0, already registered 0" in result.stdout
    shown = client.get("/societies/BPL-2019-00001")
    assert shown.status == 200, shown
    assert shown.json["name_hi"] == "बैरसिया दुग्ध सहकारी समिति"
    assert shown.json["address"] == "वार्ड 5, बैरसिया"
    assert shown.json["contact_mobile"] != "9876543210"  # masked in public
    assert client.get("/societies/BPL-2019-00002").json["members"] is None
    found = client.get("/societies?q=दुग्ध")
    assert [item["reg_no"] for item in found.json["items"]] == ["BPL-2019-00001"]
    assert not (tmp_path / "good.csv.rejected.csv").exists()


def test_a_bad_row_blocks_the_whole_file_and_is_reported(client, tmp_path):
    result = run(write_csv(tmp_path / "mixed.csv", GOOD + BAD))
    assert result.exit_code == 1, result.output
    assert "imported 0, rejected 5, already registered 0" in result.stdout
    assert bhopal_societies(client) == []
    report = read_report(tmp_path / "mixed.csv.rejected.csv")
    assert sorted(report) == [4, 5, 6, 7, 8]  # header is line 1, GOOD are lines 2-3
    assert "unknown district 'atlantis'" in report[4]["reasons"]
    assert report[5]["reasons"].startswith("mobile:")
    assert "does not carry district code BPL" in report[6]["reasons"]
    assert report[7]["reg_no"] == "BPL-2019-00001"
    assert report[7]["reasons"] == "reg_no repeats line 2"
    assert "registered_on" in report[8]["reasons"]


def test_skip_invalid_imports_the_good_rows_only(client, tmp_path):
    report_path = tmp_path / "refused.csv"
    result = run(write_csv(tmp_path / "mixed.csv", GOOD + BAD), "--skip-invalid", "--report", report_path)
    assert result.exit_code == 0, result.output
    assert "imported 2, rejected 5, already registered 0" in result.stdout
    assert bhopal_societies(client) == ["BPL-2019-00001", "BPL-2019-00002"]
    assert sorted(read_report(report_path)) == [4, 5, 6, 7, 8]


def test_dry_run_writes_nothing(client, tmp_path):
    result = run(write_csv(tmp_path / "good.csv", GOOD), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "imported 0, rejected 0, already registered 0" in result.stdout
    assert bhopal_societies(client) == []


def test_re_import_changes_nothing(client, tmp_path):
    path = write_csv(tmp_path / "good.csv", GOOD)
    assert run(path).exit_code == 0
    before = bhopal_societies(client)
    again = run(path)
    assert again.exit_code == 0, again.output
    assert "imported 0, rejected 0, already registered 2" in again.stdout
    assert bhopal_societies(client) == before == ["BPL-2019-00001", "BPL-2019-00002"]
    report = read_report(tmp_path / "good.csv.rejected.csv")
    assert {row["reasons"] for row in report.values()} == {"already registered"}


def test_a_cut_off_import_is_completed_by_running_the_full_file(client, tmp_path):
    assert run(write_csv(tmp_path / "first.csv", GOOD[:1])).exit_code == 0
    result = run(write_csv(tmp_path / "all.csv", GOOD))
    assert result.exit_code == 0, result.output
    assert "imported 1, rejected 0, already registered 1" in result.stdout
    assert bhopal_societies(client) == ["BPL-2019-00001", "BPL-2019-00002"]


@pytest.mark.parametrize(("header", "message"), [
    ([*HEADER, "pan", "gst"], "unknown column(s): gst, pan"),
    ([h for h in HEADER if h != "mobile"], "missing required column(s): mobile"),
    ([*HEADER, "mobile"], "repeated column(s): mobile"),
])
def test_bad_header_exits_2_naming_the_columns(client, tmp_path, header, message):
    rows = [{h: row.get(h, "x") for h in header} for row in GOOD]
    result = run(write_csv(tmp_path / "bad.csv", rows, header=header))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert bhopal_societies(client) == []


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"\xef\xbb\xbf" + ",".join(HEADER).encode() + b"\n", "has a header but no rows"),
    (",".join(HEADER).encode() + b"\nBPL-2019-00001,\xe0\xa4,x\n", "not UTF-8"),
])
def test_unusable_file_exits_2_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run(path)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
