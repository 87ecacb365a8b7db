"""The registration certificate: one A4 page in Hindi and English, rendered from HTML by
core.pdf (WeasyPrint, HarfBuzz shaping, so the Devanagari is right); store.put_certificate puts it
on S3. Imported only by the step that registers a society (WeasyPrint is slow to load)."""

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

ROWS = (
    ("reg_no", "पंजीयन क्रमांक", "Registration number"),
    ("name_hi", "संस्था का नाम", "Name of the society"),
    ("name_en", "नाम (अंग्रेज़ी में)", "Name in English"),
    ("type", "संस्था का प्रकार", "Type"),
    ("district", "ज़िला", "District"),
    ("address", "पता", "Address"),
    ("members", "प्रवर्तक सदस्य", "Promoter members"),
    ("share_capital", "अंश पूंजी (₹)", "Share capital (Rs)"),
    ("registered_on", "पंजीयन दिनांक", "Date of registration"),
    ("receipt_no", "आवेदन पावती", "Application receipt"),
)


def html(fields: dict) -> str:
    rows = "".join(f"<tr><th>{escape(hi)}<br/>{escape(en)}</th><td>{escape(str(fields[key]))}</td></tr>"
                   for key, hi, en in ROWS)
    return (f"<html><head><meta charset='utf-8'><title>{escape(fields['reg_no'])}</title>"
            f"<style>{STYLE}</style></head><body>"
            "<div class='head'><h2>सहकारिता विभाग, मध्यप्रदेश शासन · Cooperative Department, Madhya Pradesh</h2>"
            "<h1>पंजीयन प्रमाणपत्र</h1><h2>Certificate of Registration</h2></div>"
            "<p>प्रमाणित किया जाता है कि निम्न सहकारी संस्था पंजीकृत की गई है। "
            "This is to certify that the cooperative society below has been registered.</p>"
            f"<table>{rows}</table>"
            f"<p class='foot'>पंजीयक / Registrar: {escape(fields['registrar'])}</p></body></html>")


def render(fields: dict) -> bytes:
    return render_pdf(html(fields))
