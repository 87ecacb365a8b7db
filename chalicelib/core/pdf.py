"""A small PDF writer for certificates and reports: A4 pages, text shaped by HarfBuzz
(core.typeset: Devanagari conjuncts and matras right) in the fonts shipped in chalicelib.core.fonts
(embedded as subsets, nothing read from the system), lines, rectangles and polylines.

Every line of text is a marked-content span with /ActualText (the line as written), and its font's
ToUnicode maps each shaped cluster back to its text, so copying or extracting the text gives the
Hindi back whole (pdftotext honours ActualText; pypdf reads ToUnicode).

Positions are millimetres from the page's top-left corner; a text's y is its baseline. Importing
this module is cheap: uharfbuzz and fontTools load when the first text is set.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from chalicelib.core.typeset import Face, Faces, Glyph

PT = 72 / 25.4                      # points per millimetre
A4 = (210.0, 297.0)
BLACK = "#1a1a1a"
VIRAMA = "\u094d"


def _rgb(colour: str) -> str:
    value = colour.lstrip("#")
    return " ".join(f"{int(value[i:i + 2], 16) / 255:.3f}" for i in (0, 2, 4))


def _hex_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


class Document:
    def __init__(self, title: str, lang: str = "hi") -> None:
        self.title, self.lang = title, lang
        self.faces = Faces()
        self.pages: list[list[str]] = []
        self.page = -1
        self.font_names: dict[int, str] = {}     # id(face) -> /F1...
        self._shaped: dict[tuple[str, bool], list[tuple[Face, list[Glyph]]]] = {}

    # --- pages -----------------------------------------------------------------------------------

    def add_page(self) -> None:
        self.pages.append([])
        self.page = len(self.pages) - 1

    def goto(self, page: int) -> None:
        """Draw on an earlier page again (e.g. its number, once the page count is known)."""
        self.page = page

    def _out(self, operators: str) -> None:
        self.pages[self.page].append(operators)

    # --- text ------------------------------------------------------------------------------------

    def _shape(self, text: str, bold: bool) -> list[tuple[Face, list[Glyph]]]:
        key = (text, bold)
        if key not in self._shaped:
            self._shaped[key] = [(face, face.shape(text, start, end))
                                 for face, start, end in self.faces.runs(text, bold)]
        return self._shaped[key]

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of one line of text in millimetres."""
        return sum(g.advance * size / 1000 for _, glyphs in self._shape(text, bold) for g in glyphs) / PT

    def text(self, x: float, y: float, text: str, size: float, *, bold: bool = False, colour: str = BLACK,
             align: str = "left", width: float = 0.0) -> None:
        """One line at baseline y; `align` right or center within `width` from x."""
        text = " ".join(text.split())
        if not text:
            return
        if align != "left":
            spare = width - self.width(text, size, bold)
            x += spare if align == "right" else spare / 2
        pen, base = x * PT, (A4[1] - y) * PT
        ops = [f"/Span <</ActualText {_hex_text(text)}>> BDC", "BT", f"{_rgb(colour)} rg",
               f"1 0 0 1 {pen:.2f} {base:.2f} Tm"]
        for face, glyphs in self._shape(text, bold):
            name = self.font_names.setdefault(id(face), f"F{len(self.font_names) + 1}")
            ops.append(f"/{name} {_num(size)} Tf")
            pen = self._glyphs(ops, face, glyphs, size, pen)
        ops += ["ET", "EMC"]
        self._out("\n".join(ops))

    @staticmethod
    def _glyphs(ops: list[str], face: Face, glyphs: list[Glyph], size: float, pen: float) -> float:
        """Glyphs in TJ arrays, each placed where HarfBuzz put it (x offsets as TJ adjustments,
        y offsets as text rise), so the line has one text position and extractors read it as one."""
        array: list[str] = []
        for glyph in glyphs:
            if glyph.y_offset:
                if array:
                    ops.append("[" + " ".join(array) + "] TJ")
                array = []
                ops.append(f"{_num(glyph.y_offset * size / 1000)} Ts")
            if glyph.before:
                array.append(str(glyph.before))
            array.append(f"<{glyph.code:04X}>")
            if glyph.after:
                array.append(str(glyph.after))
            if glyph.y_offset:
                ops.append("[" + " ".join(array) + "] TJ 0 Ts")
                array = []
            pen += glyph.advance * size / 1000
        if array:
            ops.append("[" + " ".join(array) + "] TJ")
        return pen

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Lines of at most `width` mm, broken at spaces (a word longer than a line is broken
        between letters, never inside a Devanagari cluster)."""
        lines: list[str] = []
        for paragraph in str(text).split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if self.width(candidate, size, bold) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = word
                while self.width(line, size, bold) > width and len(line) > 1:
                    head, line = self._split_word(line, width, size, bold)
                    lines.append(head)
            lines.append(line)
        return lines

    def _split_word(self, word: str, width: float, size: float, bold: bool) -> tuple[str, str]:
        cut = 1
        for index in range(1, len(word)):
            breakable = unicodedata.category(word[index])[0] != "M" and word[index - 1] != VIRAMA \
                and word[index] not in "\u200c\u200d"
            if breakable:
                if self.width(word[:index], size, bold) > width:
                    break
                cut = index
        return word[:cut], word[cut:]

    def paragraph(self, x: float, y: float, width: float, text: str, size: float, *, bold: bool = False,
                  colour: str = BLACK, align: str = "left", leading: float = 1.4) -> float:
        """Wrapped text whose first baseline is y; returns the baseline after the last line."""
        step = size * leading / PT
        for line in self.wrap(text, width, size, bold):
            self.text(x, y, line, size, bold=bold, colour=colour, align=align, width=width)
            y += step
        return y

    # --- drawing ---------------------------------------------------------------------------------

    def rect(self, x: float, y: float, w: float, h: float, *, fill: str | None = None,
             stroke: str | None = None, line_width: float = 0.3) -> None:
        """A rectangle whose top-left corner is (x, y)."""
        box = f"{x * PT:.2f} {(A4[1] - y - h) * PT:.2f} {w * PT:.2f} {h * PT:.2f} re"
        if fill:
            self._out(f"q {_rgb(fill)} rg {box} f Q")
        if stroke:
            self._out(f"q {_rgb(stroke)} RG {line_width:.2f} w {box} S Q")

    def polyline(self, points: Sequence[tuple[float, float]], *, colour: str = BLACK,
                 line_width: float = 0.3) -> None:
        if len(points) < 2:
            return
        path = " ".join(f"{x * PT:.2f} {(A4[1] - y) * PT:.2f} {'m' if i == 0 else 'l'}"
                        for i, (x, y) in enumerate(points))
        self._out(f"q {_rgb(colour)} RG {line_width:.2f} w 1 J 1 j {path} S Q")

    def line(self, x1: float, y1: float, x2: float, y2: float, *, colour: str = BLACK,
             line_width: float = 0.3) -> None:
        self.polyline([(x1, y1), (x2, y2)], colour=colour, line_width=line_width)

    # --- the file --------------------------------------------------------------------------------

    def output(self) -> bytes:
        from chalicelib.core.pdfwrite import write

        faces = [(name, face) for face in self.faces.loaded.values()
                 if (name := self.font_names.get(id(face)))]
        return write(pages=["\n".join(ops) for ops in self.pages], faces=faces, title=self.title,
                     lang=self.lang, size=(A4[0] * PT, A4[1] * PT))

