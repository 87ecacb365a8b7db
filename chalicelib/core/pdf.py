"""HTML → PDF with HarfBuzz text shaping (WeasyPrint), so Devanagari conjuncts and matras come
out right; the fonts used are embedded (subset) in the PDF. The document's <title> becomes the
PDF's title.

Imported lazily by the few routes that render: WeasyPrint and its Pango bindings cost about a
second at start-up, which no other request should pay.
"""

from __future__ import annotations

# Noto Sans Devanagari shapes Hindi; Noto Sans / DejaVu cover Latin letters, digits, punctuation.
FONT_STACK = "'Noto Sans Devanagari', 'Noto Sans', 'DejaVu Sans', sans-serif"


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
