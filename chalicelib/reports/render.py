"""The review as a PDF: a title page block, then each section with its table, a bar chart by
district and a trend chart over six fortnights. Hindi by default, English on request; charts
are HTML and text-free SVG, so every label is shaped (Devanagari conjuncts and matras)."""

from __future__ import annotations

from html import escape

from chalicelib.core.charts import CSS as CHART_CSS
from chalicelib.core.charts import bars, trend
from chalicelib.core.pdf import FONT_STACK, render_pdf

LABELS = {
    "hi": {"title": "पाक्षिक समीक्षा प्रतिवेदन", "department": "सहकारिता विभाग", "district": "ज़िला",
           "total": "योग", "period": "अवधि", "generated": "तैयार", "by_district": "ज़िलेवार",
           "trend": "पिछले छह पखवाड़े", "span": "{a} से {b} तक"},
    "en": {"title": "Fortnightly review report", "department": "Cooperative Department", "district": "District",
           "total": "Total", "period": "Period", "generated": "Generated", "by_district": "by district",
           "trend": "last six fortnights", "span": "{a} to {b}"},
}

STYLE = f"""
@page {{ size: A4; margin: 14mm 12mm; @bottom-right {{ content: counter(page) " / " counter(pages);
        font-size: 8pt; }} }}
body {{ font-family: {FONT_STACK}; font-size: 9pt; color: #1a1a1a; }}
h1 {{ font-size: 16pt; margin: 0 0 2mm; }} h2 {{ font-size: 12pt; margin: 6mm 0 2mm; page-break-after: avoid; }}
.sub {{ color: #555; margin-bottom: 4mm; }}
table {{ border-collapse: collapse; width: 100%; margin: 2mm 0; }}
th, td {{ border: 0.3pt solid #999; padding: 1mm 1.5mm; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
thead th {{ background: #e8eef4; }} tfoot td {{ font-weight: bold; background: #f4f4f4; }}
section {{ page-break-inside: avoid; }}
"""


def _number(value: float) -> str:
    return f"{value:,.1f}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value):,}"


def _section_html(section: dict, names: dict[str, str], lang: str, words: dict) -> str:
    title = section[f"title_{lang}"]
    metrics = section["metrics"]
    head = "".join(f"<th>{escape(m[f'title_{lang}'])}</th>" for m in metrics)
    body = "".join(
        "<tr><td>" + escape(names[row["district"]]) + "</td>"
        + "".join(f"<td>{_number(row['values'][m['key']])}</td>" for m in metrics) + "</tr>"
        for row in section["rows"])
    foot = "".join(f"<td>{_number(section['totals'].get(m['key'], 0))}</td>" for m in metrics)
    titles = {m["key"]: m[f"title_{lang}"] for m in metrics}
    labels = [names[row["district"]] for row in section["rows"]]
    bar_chart = bars(labels, {titles[m]: [row["values"][m] for row in section["rows"]] for m in section["bars"]},
                   f"{title} — {words['by_district']}")
    trend_labels = [f[5:] for f in section["trend"]["fortnights"]]
    trend_chart = trend(trend_labels, {titles[m]: values for m, values in section["trend"]["series"].items()},
                      f"{title} — {words['trend']}")
    return (f"<section><h2>{escape(title)}</h2>"
            f"<table><thead><tr><th>{words['district']}</th>{head}</tr></thead><tbody>{body}</tbody>"
            f"<tfoot><tr><td>{words['total']}</td>{foot}</tr></tfoot></table>"
            f"{bar_chart}{trend_chart}</section>")


def review_html(review: dict, lang: str = "hi") -> str:
    words = LABELS.get(lang, LABELS["hi"])
    names = {d["code"]: d[f"name_{lang}"] for d in review["districts"]}
    where = review[f"division_name_{lang}"]
    span = words["span"].format(a=review["from"], b=review["to"])
    generated = review["generated_at"][:16].replace("T", " ")
    sections = "".join(_section_html(s, names, lang, words) for s in review["sections"])
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{escape(words['title'])} {review['fortnight']}</title>"
            f"<style>{STYLE}{CHART_CSS}</style></head><body>"
            f"<h1>{escape(words['title'])} — {escape(where)}</h1>"
            f"<div class='sub'>{escape(words['department'])} · {words['period']}: {span} · "
            f"{words['generated']}: {generated} UTC</div>{sections}</body></html>")


def review_pdf(review: dict, lang: str = "hi") -> bytes:
    return render_pdf(review_html(review, lang))
