"""The acknowledgement PDF: both languages, the reference grouped, and a QR code whose drawn
modules are exactly the code of the status URL (read back from the page's rectangles)."""

from __future__ import annotations

import io
import re
import zlib

import segno
from pypdf import PdfReader

from chalicelib.core import acknowledgement

URL = "http://localhost:8080/#/track/2000000428"


def _pdf() -> bytes:
    return acknowledgement.render(reference="2000000428", title=("शिकायत की पावती", "Grievance acknowledgement"),
                                  rows=[("ज़िला", "District", "भोपाल / Bhopal")], status_url=URL)


def _black_rects(pdf: bytes) -> list[tuple[float, float, float, float]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    stream = page.get_contents().get_data()
    if stream[:2] == b"x\x9c":
        stream = zlib.decompress(stream)
    found = re.findall(rb"q 0\.000 0\.000 0\.000 rg ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f Q", stream)
    return [tuple(float(v) for v in r) for r in found]


def test_the_text_has_both_languages_and_the_grouped_number():
    text = PdfReader(io.BytesIO(_pdf())).pages[0].extract_text()
    assert "2 0000 00428" in text and "Grievance acknowledgement" in text and URL in text
    assert "पावती" in text


def test_the_qr_code_drawn_is_the_status_urls():
    rects = _black_rects(_pdf())
    cell = min(h for _, _, _, h in rects)
    left = min(x for x, _, _, _ in rects)
    top = max(y + h for _, y, _, h in rects)
    drawn = set()
    for x, y, w, h in rects:
        row = round((top - (y + h)) / cell)
        first = round((x - left) / cell)
        drawn |= {(row, first + k) for k in range(round(w / cell))}
    matrix = segno.make_qr(URL, error="m").matrix
    want = {(r, c) for r, line in enumerate(matrix) for c, v in enumerate(line) if v}
    # the finder patterns put a dark module in the first row and column, so both grids align at (0, 0)
    assert drawn == want
