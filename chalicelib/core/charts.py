"""Charts for PDF reports, drawn on a core.pdf Document: bars and lines as vector paths, every
label as shaped text (Devanagari right, and in the text layer). Each chart says its height first,
so the caller can keep it on one page.
"""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.core.pdf import Document

COLOURS = ("#1f5f8b", "#e07b00", "#3a8f3a", "#b03030", "#6a4c93", "#7a7a7a")
TITLE, SMALL = 9.0, 7.0           # font sizes (pt)
LINE = 4.2                        # a text line (mm)
BAR, BAR_GAP, ROW_GAP = 2.4, 0.6, 1.2
PLOT = 32.0                       # trend plot height (mm)


def _number(value: float) -> str:
    return f"{value:,.1f}" if not float(value).is_integer() else f"{int(value):,}"


def _colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def _head(doc: Document, x: float, y: float, width: float, title: str, names: Sequence[str]) -> float:
    """The chart's title and its legend (a colour key before each series name); returns the y below."""
    doc.text(x, y + 3.2, title, TITLE, bold=True)
    y += LINE + 0.8
    cursor = x
    for index, name in enumerate(names):
        size = doc.width(name, SMALL)
        if cursor + 4 + size > x + width and cursor > x:
            cursor, y = x, y + LINE - 0.8
        doc.rect(cursor, y + 0.4, 2.6, 2.6, fill=_colour(index))
        doc.text(cursor + 3.6, y + 2.8, name, SMALL)
        cursor += 3.6 + size + 4
    return y + LINE


def _head_height(doc: Document, width: float, names: Sequence[str]) -> float:
    rows, cursor = 1, 0.0
    for name in names:
        size = 3.6 + doc.width(name, SMALL) + 4
        if cursor + size > width and cursor:
            rows, cursor = rows + 1, 0.0
        cursor += size
    return LINE + 0.8 + (rows - 1) * (LINE - 0.8) + LINE


def bars_height(doc: Document, width: float, labels: Sequence[str], series: dict[str, Sequence[float]]) -> float:
    return _head_height(doc, width, list(series)) + len(labels) * (len(series) * (BAR + BAR_GAP) + ROW_GAP) + 2


def bars(doc: Document, x: float, y: float, width: float, labels: Sequence[str],
         series: dict[str, Sequence[float]], title: str) -> float:
    """Horizontal grouped bars: one row per label (e.g. a district), one bar per series, each
    bar's length a share of the largest value in the chart, its value after it. Returns the y below."""
    top = max([v for values in series.values() for v in values] or [0]) or 1
    y = _head(doc, x, y, width, title, list(series))
    label_width = width * 0.25
    room = (width - label_width) * 0.8
    for index, label in enumerate(labels):
        row = len(series) * (BAR + BAR_GAP)
        doc.text(x, y + row / 2 + 1.2, label, SMALL + 1, width=label_width - 2)
        for i, values in enumerate(series.values()):
            top_of_bar = y + i * (BAR + BAR_GAP)
            length = room * float(values[index]) / float(top)
            if length > 0:
                doc.rect(x + label_width, top_of_bar, length, BAR, fill=_colour(i))
            doc.text(x + label_width + length + 1, top_of_bar + BAR - 0.2, _number(values[index]), SMALL - 0.5,
                     colour="#333333")
        y += row + ROW_GAP
    return y + 2


def trend_height(doc: Document, width: float, series: dict[str, Sequence[float]]) -> float:
    return _head_height(doc, width, list(series)) + PLOT + LINE + len(series) * (LINE - 0.6) + 3


def trend(doc: Document, x: float, y: float, width: float, labels: Sequence[str],
          series: dict[str, Sequence[float]], title: str) -> float:
    """Lines over time (e.g. six fortnights) under axis labels, then each series' values in a
    row under its label column. Returns the y below."""
    top = max([v for values in series.values() for v in values] or [0]) or 1
    y = _head(doc, x, y, width, title, list(series))
    count = max(1, len(labels) - 1)
    inner = width - 2
    doc.line(x, y, x, y + PLOT, colour="#999999", line_width=0.3)
    doc.line(x, y + PLOT, x + width, y + PLOT, colour="#999999", line_width=0.3)
    for i, values in enumerate(series.values()):
        points = [(x + 1 + inner * n / count, y + PLOT * (0.95 - 0.85 * float(v) / float(top)))
                  for n, v in enumerate(values)]
        doc.polyline(points, colour=_colour(i), line_width=0.8)
    y += PLOT
    # the line spans the full width, so the first and last labels sit at its ends
    for n, label in enumerate(labels):
        centre = x + 1 + inner * n / count
        size = doc.width(label, SMALL)
        left = min(max(centre - size / 2, x), x + width - size)
        doc.text(left, y + 3.2, label, SMALL, colour="#333333")
    y += LINE
    # the values: the series' name, then one right-aligned column per point
    name_width = width * 0.3
    column = (width - name_width) / max(1, len(labels))
    for i, (name, values) in enumerate(series.items()):
        doc.text(x, y + 2.8, name, SMALL, colour=_colour(i))
        for n, value in enumerate(values):
            doc.text(x + name_width + n * column, y + 2.8, _number(value), SMALL, colour="#333333",
                     align="right", width=column - 1)
        y += LINE - 0.6
    return y + 3
