"""The review as a PDF (core.pdf): a title block, then each section with its table, a bar chart by
district and a trend chart over six fortnights; "n / N" at the foot of each page. Hindi by
default, English on request; every label is shaped text (Devanagari conjuncts and matras right,
and given back whole by text extraction)."""

from __future__ import annotations

from chalicelib.core.charts import bars, bars_height, trend, trend_height
from chalicelib.core.pdf import A4, Document

LABELS = {
    "hi": {"title": "पाक्षिक समीक्षा प्रतिवेदन", "department": "सहकारिता विभाग", "district": "ज़िला",
           "total": "योग", "period": "अवधि", "generated": "तैयार", "by_district": "ज़िलेवार",
           "trend": "पिछले छह पखवाड़े", "span": "{a} से {b} तक"},
    "en": {"title": "Fortnightly review report", "department": "Cooperative Department", "district": "District",
           "total": "Total", "period": "Period", "generated": "Generated", "by_district": "by district",
           "trend": "last six fortnights", "span": "{a} to {b}"},
}

LEFT, TOP, BOTTOM = 12.0, 14.0, A4[1] - 14.0
WIDTH = A4[0] - 2 * LEFT
CELL = 8.0                                  # table text (pt)
CELL_LINE = CELL * 1.3 * 25.4 / 72          # one line of it (mm)
PAD = 1.0


def _number(value: float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value):,}"


class _Flow:
    """Where the next block goes; a block that does not fit below starts a new page."""

    def __init__(self, doc: Document) -> None:
        self.doc, self.y = doc, TOP
        doc.add_page()

    def need(self, height: float) -> None:
        if self.y + height > BOTTOM and self.y > TOP:
            self.doc.add_page()
            self.y = TOP


def _widths(columns: int) -> list[float]:
    first = WIDTH * 0.22
    return [first] + [(WIDTH - first) / (columns - 1)] * (columns - 1)


def _lines(doc: Document, cells: list[str], widths: list[float], bold: bool) -> list[list[str]]:
    return [doc.wrap(text, width - 2 * PAD, CELL, bold) for text, width in zip(cells, widths, strict=True)]


def _row_height(lines: list[list[str]]) -> float:
    return max(len(x) for x in lines) * CELL_LINE + 2 * PAD


def _row(flow: _Flow, cells: list[str], widths: list[float], *, bold: bool = False, fill: str | None = None) -> None:
    doc = flow.doc
    lines = _lines(doc, cells, widths, bold)
    height = _row_height(lines)
    flow.need(height)
    x = LEFT
    for column, (cell_lines, width) in enumerate(zip(lines, widths, strict=True)):
        doc.rect(x, flow.y, width, height, fill=fill, stroke="#999999", line_width=0.3)
        for n, line in enumerate(cell_lines):
            doc.text(x + PAD, flow.y + PAD + (n + 0.8) * CELL_LINE, line, CELL, bold=bold,
                     align="left" if column == 0 else "right", width=width - 2 * PAD)
        x += width
    flow.y += height


def _table_height(doc: Document, head: list[str], rows: list[list[str]], foot: list[str]) -> float:
    widths = _widths(len(head))
    return sum(_row_height(_lines(doc, cells, widths, bold)) for cells, bold in
               [(head, False), *((r, False) for r in rows), (foot, True)]) + 3


def _table(flow: _Flow, head: list[str], rows: list[list[str]], foot: list[str]) -> None:
    widths = _widths(len(head))
    flow.need(3 * CELL_LINE * 2)
    _row(flow, head, widths, fill="#e8eef4")
    for cells in rows:
        page = flow.doc.page
        flow.need(CELL_LINE + 2 * PAD)
        if flow.doc.page != page:                # a table carried over repeats its head
            _row(flow, head, widths, fill="#e8eef4")
        _row(flow, cells, widths)
    _row(flow, foot, widths, bold=True, fill="#f4f4f4")
    flow.y += 3


def _section(flow: _Flow, section: dict, names: dict[str, str], lang: str, words: dict) -> None:
    doc = flow.doc
    title = section[f"title_{lang}"]
    metrics = section["metrics"]
    titles = {m["key"]: m[f"title_{lang}"] for m in metrics}
    head = [words["district"], *(titles[m["key"]] for m in metrics)]
    rows = [[names[row["district"]], *(_number(row["values"][m["key"]]) for m in metrics)] for row in section["rows"]]
    foot = [words["total"], *(_number(section["totals"].get(m["key"], 0)) for m in metrics)]
    labels = [names[row["district"]] for row in section["rows"]]
    by_district = {titles[m]: [row["values"][m] for row in section["rows"]] for m in section["bars"]}
    over_time = {titles[m]: values for m, values in section["trend"]["series"].items()}
    # a section that fits on a page starts on a new one rather than be split
    whole = 11 + _table_height(doc, head, rows, foot) + bars_height(doc, WIDTH, labels, by_district) \
        + trend_height(doc, WIDTH, over_time)
    flow.need(whole if whole <= BOTTOM - TOP else 11 + 4 * CELL_LINE * 2)
    flow.y += 4
    doc.text(LEFT, flow.y + 4, title, 12, bold=True)
    flow.y += 7
    _table(flow, head, rows, foot)
    flow.need(bars_height(doc, WIDTH, labels, by_district))
    flow.y = bars(doc, LEFT, flow.y, WIDTH, labels, by_district, f"{title} — {words['by_district']}")
    fortnights = [f[5:] for f in section["trend"]["fortnights"]]
    flow.need(trend_height(doc, WIDTH, over_time))
    flow.y = trend(doc, LEFT, flow.y, WIDTH, fortnights, over_time, f"{title} — {words['trend']}")


def review_pdf(review: dict, lang: str = "hi") -> bytes:
    words = LABELS.get(lang, LABELS["hi"])
    names = {d["code"]: d[f"name_{lang}"] for d in review["districts"]}
    doc = Document(f"{words['title']} {review['fortnight']}", lang=lang if lang in LABELS else "hi")
    flow = _Flow(doc)
    where = review[f"division_name_{lang}"]
    flow.y = doc.paragraph(LEFT, flow.y + 6, WIDTH, f"{words['title']} — {where}", 16, bold=True)
    span = words["span"].format(a=review["from"], b=review["to"])
    generated = review["generated_at"][:16].replace("T", " ")
    flow.y = doc.paragraph(LEFT, flow.y - 1, WIDTH, f"{words['department']} · {words['period']}: {span} · "
                           f"{words['generated']}: {generated} UTC", 9, colour="#555555")
    for section in review["sections"]:
        _section(flow, section, names, lang, words)
    count = len(doc.pages)
    for page in range(count):
        doc.goto(page)
        doc.text(LEFT, A4[1] - 7, f"{page + 1} / {count}", 8, align="right", width=WIDTH)
    return doc.output()
