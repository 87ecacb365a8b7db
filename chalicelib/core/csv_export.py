"""CSV exports of officers' lists and report tables: UTF-8 with a BOM (so Excel shows Hindi),
written row by row from pages the caller reads one Query at a time, up to a row limit, and
logged (who, what, which filter, how many rows; never a row's content).

A cell that a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading
apostrophe, so a grievance subject cannot become a formula on an officer's desk.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable
from typing import Any

from chalice import Response

from chalicelib.core.http import Call, Codec

BOM = "\ufeff"
logger = logging.getLogger("sahkar.exports")


class CsvCodec(Codec):
    """Answers text/csv (a download); errors stay in the house JSON shape."""

    binary_media = "text/csv"     # for the OpenAPI: the answer is a file, not JSON

    def respond(self, status: int, payload: Any, call: Call) -> Response:
        return Response(body=payload["csv"], status_code=status,
                        headers={"Content-Type": "text/csv; charset=utf-8",
                                 "Content-Disposition": f'attachment; filename="{payload["filename"]}"',
                                 "X-Row-Count": str(payload["rows"]),
                                 "X-Truncated": "true" if payload["truncated"] else "false",
                                 "Cache-Control": "no-store"})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def write(columns: list[tuple[str, str, str]], rows: Iterable[dict], lang: str, max_rows: int) -> tuple[str, int, bool]:
    """(the CSV text with its BOM, rows written, whether more rows were left out). `columns` are
    (key, Hindi heading, English heading); `rows` yields one dict a row and is read only as far
    as `max_rows` + 1 (to know whether the file was cut)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([hi if lang == "hi" else en for _, hi, en in columns])
    count, truncated = 0, False
    for row in rows:
        if count >= max_rows:
            truncated = True
            break
        writer.writerow([_cell(row.get(key)) for key, _, _ in columns])
        count += 1
    return out.getvalue(), count, truncated


def log_export(who: Any, what: str, described_filter: str, rows: int, truncated: bool) -> None:
    """The export's record: the officer, the list, the filter (no personal values), the row count."""
    logger.info("export what=%s by=%s role=%s filter=%s rows=%d truncated=%s", what, who.subject,
                who.role.value, described_filter, rows, truncated)


def answer(who: Any, what: str, described_filter: str, columns: list[tuple[str, str, str]], rows: Iterable[dict],
           lang: str, max_rows: int, filename: str) -> dict:
    text, count, truncated = write(columns, rows, lang, max_rows)
    log_export(who, what, described_filter, count, truncated)
    return {"csv": text, "rows": count, "truncated": truncated, "filename": filename}
