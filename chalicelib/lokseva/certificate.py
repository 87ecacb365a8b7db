"""The certificate a designated officer's approval produces: a one-page PDF.

English only, with Hindi names transliterated to Latin letters (anyascii): a PDF's base-14
fonts carry no Devanagari, and Devanagari set without a shaping engine (HarfBuzz) comes out
wrong, so no Hindi is put in the PDF until a shaping renderer (weasyprint) is adopted. Written
by hand (a few PDF objects) rather than with a library, to keep the Lambda small.
"""

from __future__ import annotations

from anyascii import anyascii


def _latin(text: str) -> str:
    return anyascii(text or "").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def lines_for(app: dict) -> list[tuple[int, str]]:
    """(font size, text) from the top of the page down."""
    return [
        (16, "Government of Madhya Pradesh"),
        (12, "Public Services Guarantee Act, 2010 - Sahkar Setu"),
        (14, f"Certificate: {app['service_name_en']}"),
        (10, f"({app['service_name_translit']})"),
        (11, f"Acknowledgement number: {app['ack']}"),
        (11, f"Applicant: {app['applicant_name']}"),
        (11, f"District: {app['district_name']}"),
        (11, f"Applied on: {app['applied_on']}    Guaranteed by: {app['guaranteed_date']}"),
        (11, f"Approved on: {app['decided_on']} by {app['decided_by']} ({app['office']})"),
        (11, f"Remarks: {app['reasons']}"),
        (9, "Verify this certificate with its acknowledgement number on the Sahkar Setu portal."),
    ]


def render(app: dict) -> bytes:
    content = ["BT"]
    y = 790
    for size, text in lines_for(app):
        content.append(f"/F1 {size} Tf 1 0 0 1 56 {y} Tm ({_latin(text)[:110]}) Tj")
        y -= size + 14
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
