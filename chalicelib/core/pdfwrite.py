"""The bytes of a PDF (1.7) from core.pdf's pages and faces: pages, their content streams
(compressed), and each face as a Type0 font with Identity-H codes, its subset embedded
(FontFile2), its glyph widths, CIDToGIDMap and ToUnicode. Same input, same bytes (no dates; the
file id is a hash of the content)."""

from __future__ import annotations

import hashlib
import zlib

from chalicelib.core.typeset import Face


def _text_string(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class _Objects:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def reserve(self) -> int:
        self.bodies.append(b"")
        return len(self.bodies)

    def put(self, body: str | bytes, number: int | None = None) -> int:
        number = number or self.reserve()
        self.bodies[number - 1] = body.encode("latin-1") if isinstance(body, str) else body
        return number

    def stream(self, data: bytes, extra: str = "", compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 9)
            extra += " /Filter /FlateDecode"
        return self.put(f"<< /Length {len(data)}{extra} >>\nstream\n".encode("latin-1") + data + b"\nendstream")


def _font(objects: _Objects, face: Face) -> int:
    program = face.subset()
    name = f"{face.tag()}+{face.metrics['name']}"
    scale = 1000 / face.upem
    x0, y0, x1, y1 = (round(v * scale) for v in face.metrics["bbox"])
    file_id = objects.stream(program, f" /Length1 {len(program)}")
    descriptor = objects.put(
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle 0 "
        f"/Ascent {round(face.metrics['ascent'] * scale)} /Descent {round(face.metrics['descent'] * scale)} "
        f"/CapHeight {round(face.metrics['cap_height'] * scale)} /StemV {120 if face.bold else 80} "
        f"/FontFile2 {file_id} 0 R >>")
    widths = " ".join(str(face.widths[code]) for code in range(1, len(face.codes) + 1))
    cid_map = objects.stream(face.cid_to_gid())
    cid_font = objects.put(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/FontDescriptor {descriptor} 0 R /DW 0 /W [1 [{widths}]] /CIDToGIDMap {cid_map} 0 R >>")
    to_unicode = objects.stream(face.to_unicode())
    return objects.put(f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
                       f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>")


def write(*, pages: list[str], faces: list[tuple[str, Face]], title: str, lang: str,
          size: tuple[float, float]) -> bytes:
    objects = _Objects()
    catalog, page_tree = objects.reserve(), objects.reserve()
    fonts = " ".join(f"/{name} {_font(objects, face)} 0 R" for name, face in sorted(faces, key=lambda f: f[0]))
    resources = objects.put(f"<< /Font << {fonts} >> /ProcSet [/PDF /Text] >>")
    kids = []
    for content in pages:
        stream = objects.stream(content.encode("latin-1"))
        kids.append(objects.put(f"<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 {size[0]:.2f} {size[1]:.2f}] "
                                f"/Resources {resources} 0 R /Contents {stream} 0 R >>"))
    objects.put(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>", page_tree)
    objects.put(f"<< /Type /Catalog /Pages {page_tree} 0 R /Lang ({lang}) /MarkInfo << /Marked true >> "
                f"/ViewerPreferences << /DisplayDocTitle true >> >>", catalog)
    info = objects.put(f"<< /Title {_text_string(title)} /Producer (Sahkar Setu) >>")

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects.bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    digest = hashlib.sha256(bytes(out)).hexdigest()[:32]
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (f"trailer\n<< /Size {len(offsets) + 1} /Root {catalog} 0 R /Info {info} 0 R "
            f"/ID [<{digest}> <{digest}>] >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)
