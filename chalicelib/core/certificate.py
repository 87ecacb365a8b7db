"""One A4 certificate page in Hindi and English (every certificate a citizen downloads), set by
core.pdf (HarfBuzz shaping, fonts shipped with the code, a text layer that gives the Hindi back as
written). What an applicant wrote is drawn as text, never interpreted."""

from __future__ import annotations

from chalicelib.core.pdf import A4, Document

ISSUER = "सहकारिता विभाग, मध्यप्रदेश शासन · Cooperative Department, Madhya Pradesh"
MARGIN = 20.0
BODY, SMALL = 11.0, 9.0
LEADING = 1.45


QR_SIZE = 32.0     # mm, quiet zone included: a phone reads it off a printout


def _qr(doc: Document, modules: list[list[bool]], x: float, y: float) -> None:
    """Each row's runs of dark modules as one filled rectangle (a small, exact page stream)."""
    cell = QR_SIZE / (len(modules) + 8)
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            doc.rect(x + (start + 4) * cell, y + (r + 4) * cell, (c - start) * cell, cell, fill="#000000")


def _step(size: float) -> float:
    return size * LEADING * 25.4 / 72


def render(*, reference: str, title: tuple[str, str], statement: tuple[str, str],
           rows: list[tuple[str, str, object]], foot: str, issuer: str = ISSUER,
           qr: list[list[bool]] | None = None) -> bytes:
    """title and statement are (Hindi, English); rows are (Hindi label, English label, value);
    qr, a QR code's modules (rows of dark/light), is drawn at the foot of the first page."""
    doc = Document(reference, lang="hi")
    doc.add_page()
    if qr:
        _qr(doc, qr, A4[0] - MARGIN - QR_SIZE, A4[1] - MARGIN - QR_SIZE)
    left, width = MARGIN, A4[0] - 2 * MARGIN
    bottom = A4[1] - MARGIN
    y = MARGIN + 5
    y = doc.paragraph(left, y, width, issuer, 13, colour="#333333", align="center")
    y = doc.paragraph(left, y + 3, width, title[0], 18, bold=True, align="center")
    y = doc.paragraph(left, y, width, title[1], 13, colour="#333333", align="center")
    doc.line(left, y - 1, left + width, y - 1, colour="#444444", line_width=1)
    y += 9
    y = doc.paragraph(left, y, width, f"{statement[0]} {statement[1]}", BODY)
    y += 3
    label_width = width * 0.45
    for hindi, english, value in rows:
        labels = doc.wrap(hindi, label_width - 4, BODY) + doc.wrap(english, label_width - 4, BODY)
        values = doc.wrap(str(value), width - label_width - 4, BODY)
        height = max(len(labels), len(values)) * _step(BODY) + 3
        if y + height > bottom:
            doc.add_page()
            y = MARGIN + 5
        for n, line in enumerate(labels):
            doc.text(left + 2, y + n * _step(BODY), line, BODY, colour="#444444")
        for n, line in enumerate(values):
            doc.text(left + label_width + 2, y + n * _step(BODY), line, BODY)
        y += height
        doc.line(left, y - _step(BODY) + 1, left + width, y - _step(BODY) + 1, colour="#bbbbbb", line_width=0.3)
    y += 10
    if y + 3 * _step(SMALL) > bottom:
        doc.add_page()
        y = MARGIN + 5
    doc.paragraph(left, y, width - (QR_SIZE + 4 if qr and doc.page == 0 else 0), foot, SMALL, colour="#555555")
    return doc.output()
