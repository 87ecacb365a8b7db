"""One A4 certificate page in Hindi and English (every certificate a citizen downloads), rendered
from HTML by core.pdf (WeasyPrint, HarfBuzz shaping, so the Devanagari is right). Imported only
by the steps that issue a certificate (WeasyPrint is slow to load)."""

from __future__ import annotations

from html import escape

from chalicelib.core.pdf import FONT_STACK, render_pdf

STYLE = f"""
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: {FONT_STACK}; font-size: 11pt; color: #1a1a1a; }}
.head {{ text-align: center; border-bottom: 1pt solid #444; padding-bottom: 4mm; margin-bottom: 8mm; }}
h1 {{ font-size: 18pt; margin: 2mm 0; }} h2 {{ font-size: 13pt; margin: 1mm 0; color: #333; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 2mm; border-bottom: 0.3pt solid #bbb; }}
th {{ width: 45%; font-weight: normal; color: #444; }}
.foot {{ margin-top: 14mm; font-size: 9pt; color: #555; }}
"""
ISSUER = "सहकारिता विभाग, मध्यप्रदेश शासन · Cooperative Department, Madhya Pradesh"


def html(*, reference: str, title: tuple[str, str], statement: tuple[str, str],
         rows: list[tuple[str, str, object]], foot: str, issuer: str = ISSUER) -> str:
    """title and statement are (Hindi, English); rows are (Hindi label, English label, value)."""
    body = "".join(f"<tr><th>{escape(hi)}<br/>{escape(en)}</th><td>{escape(str(value))}</td></tr>"
                   for hi, en, value in rows)
    return (f"<html><head><meta charset='utf-8'><title>{escape(reference)}</title>"
            f"<style>{STYLE}</style></head><body>"
            f"<div class='head'><h2>{escape(issuer)}</h2><h1>{escape(title[0])}</h1><h2>{escape(title[1])}</h2></div>"
            f"<p>{escape(statement[0])} {escape(statement[1])}</p>"
            f"<table>{body}</table><p class='foot'>{escape(foot)}</p></body></html>")


def render(**fields: object) -> bytes:
    return render_pdf(html(**fields))
