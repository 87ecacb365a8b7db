"""Charts for PDF reports, drawn so every label is HTML text that the PDF renderer shapes with
HarfBuzz (Devanagari conjuncts and matras right). WeasyPrint draws text inside SVG glyph by
glyph, unshaped, so the SVG here holds only lines and dots, never text.

Pure string building: nothing to import, nothing to install.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

COLOURS = ("#1f5f8b", "#e07b00", "#3a8f3a", "#b03030", "#6a4c93", "#7a7a7a")

CSS = """
.chart { margin: 2mm 0 4mm; page-break-inside: avoid; }
.chart .title { font-weight: bold; margin-bottom: 1mm; }
.chart .legend span { display: inline-block; margin-right: 4mm; }
.chart .key { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: middle; }
.bars { width: 100%; border-collapse: collapse; }
.bars td { border: none; padding: 0.3mm 1mm; vertical-align: middle; text-align: left; }
.bars td.label { width: 25%; }
.bars .bar { height: 2.4mm; margin: 0.3mm 0; }
.bars .value { font-size: 7pt; color: #333; padding-left: 1mm; }
.trend svg { width: 100%; height: 32mm; display: block;
             border-left: 0.3pt solid #999; border-bottom: 0.3pt solid #999; }
.trend .axis { display: flex; justify-content: space-between; font-size: 7pt; color: #333; }
.trend table { width: 100%; border-collapse: collapse; font-size: 7pt; }
.trend td, .trend th { border: none; padding: 0 1mm; text-align: right; }
"""


def _number(value: float) -> str:
    return f"{value:,.1f}" if not float(value).is_integer() else f"{int(value):,}"


def _legend(names: Sequence[str]) -> str:
    return "<div class='legend'>" + "".join(
        f"<span><i class='key' style='background:{COLOURS[i % len(COLOURS)]}'></i>{escape(n)}</span>"
        for i, n in enumerate(names)) + "</div>"


def bars(labels: Sequence[str], series: dict[str, Sequence[float]], title: str) -> str:
    """Horizontal grouped bars: one row per label (e.g. a district), one bar per series, each
    bar's length a share of the largest value in the chart."""
    top = max([v for values in series.values() for v in values] or [0]) or 1
    rows = []
    for index, label in enumerate(labels):
        cells = "".join(
            f"<div><span class='bar' style='display:inline-block;width:{70 * values[index] / top:.2f}%;"
            f"background:{COLOURS[i % len(COLOURS)]}'></span><span class='value'>{_number(values[index])}</span></div>"
            for i, values in enumerate(series.values()))
        rows.append(f"<tr><td class='label'>{escape(label)}</td><td>{cells}</td></tr>")
    return (f"<div class='chart'><div class='title'>{escape(title)}</div>{_legend(list(series))}"
            f"<table class='bars'>{''.join(rows)}</table></div>")


def trend(labels: Sequence[str], series: dict[str, Sequence[float]], title: str) -> str:
    """Lines over time (e.g. six fortnights): the lines in SVG, the axis labels and the values
    in HTML under it."""
    top = max([v for values in series.values() for v in values] or [0]) or 1
    count = max(1, len(labels) - 1)
    shapes = []
    for i, values in enumerate(series.values()):
        colour = COLOURS[i % len(COLOURS)]
        # the line spans the full width, so its ends sit under the first and last axis labels
        points = [(100 * n / count, 95 - 85 * v / top) for n, v in enumerate(values)]
        shapes.append(f"<polyline fill='none' stroke='{colour}' stroke-width='0.8' points='"
                      + " ".join(f"{x:.2f},{y:.2f}" for x, y in points) + "'/>")
    svg = f"<svg viewBox='0 0 100 100' preserveAspectRatio='none'>{''.join(shapes)}</svg>"
    axis = "<div class='axis'>" + "".join(f"<span>{escape(label)}</span>" for label in labels) + "</div>"
    table = "<table>" + "".join(
        f"<tr><th style='color:{COLOURS[i % len(COLOURS)]}'>{escape(name)}</th>"
        + "".join(f"<td>{_number(v)}</td>" for v in values) + "</tr>"
        for i, (name, values) in enumerate(series.items())) + "</table>"
    return (f"<div class='chart trend'><div class='title'>{escape(title)}</div>{_legend(list(series))}"
            f"{svg}{axis}{table}</div>")
