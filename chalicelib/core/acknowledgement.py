"""The acknowledgement a citizen prints or keeps for a request (a grievance, a guaranteed-service
application): one A4 page in Hindi and English by core.certificate, the reference grouped as it
is read out, and a QR code that opens the request's public status page. It carries no personal
data beyond a masked mobile number."""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.core import certificate
from chalicelib.core.http import Call, Codec
from chalicelib.core.ids import grouped

FOOT = ("इस क्रमांक से सहकार सेतु पर स्थिति देखें, या क्यूआर कोड स्कैन करें। "
        "Track it on Sahkar Setu with this number, or scan the QR code.")


def qr_modules(text: str) -> list[list[bool]]:
    import segno

    code = segno.make_qr(text, error="m")
    return [[bool(v) for v in row] for row in code.matrix]


def render(*, reference: str, title: tuple[str, str], rows: list[tuple[str, str, object]], status_url: str) -> bytes:
    return certificate.render(
        reference=reference, title=title,
        statement=("आपका अनुरोध प्राप्त हुआ। यह पावती संभाल कर रखें।",
                   "Your request has been received. Keep this acknowledgement."),
        rows=[("क्रमांक", "Reference number", grouped(reference)), *rows, ("स्थिति देखें", "Track at", status_url)],
        foot=FOOT, qr=qr_modules(status_url))


def status_url(call: Call, fragment: str) -> str:
    """The web app's public status page (the web app is served where the API's Origin/Host says)."""
    host = call.header("host")
    origin = call.header("origin") or (f"https://{host}" if host else "https://sahkarsetu.mp.gov.in")
    return f"{origin.rstrip('/')}/#/{fragment}"


class PdfCodec(Codec):
    """Answers a PDF (bytes); errors stay in the house JSON shape."""

    binary_media = "application/pdf"

    def respond(self, status: int, payload: Any, call: Call) -> Response:
        return Response(body=payload["pdf"], status_code=status,
                        headers={"Content-Type": "application/pdf",
                                 "Content-Disposition": f'attachment; filename="{payload["filename"]}"'})
