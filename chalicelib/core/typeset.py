"""Text set for core.pdf: which font draws each character, HarfBuzz shaping (Devanagari conjuncts,
reph, matras placed right), and each font embedded in the PDF as a subset with a text layer that
gives the words back as written.

The text layer: a glyph is a PDF character code of its own per (glyph, text it stands for), so the
same glyph can stand for different text in different places (the i-matra drawn before its
consonant stands for "मि" in one word and "ति" in another). A shaped cluster's text goes to its
first glyph and the cluster's other glyphs map to nothing; core.pdf also marks each line with
/ActualText, which readers that honour it (poppler) use instead.

Only the fonts in chalicelib.core.fonts are used (no system fonts). uharfbuzz and fontTools are
imported when a document is first set, not when this module is.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from chalicelib.core import fonts

# tables a PDF viewer does not read from an embedded TrueType font (shaping is done already)
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "kern", "STAT", "meta", "hdmx", "LTSH", "VDMX",
                 "post")     # glyph names: glyphs are addressed by id
DEVANAGARI = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF), (0x200C, 0x200D))


def _is_devanagari(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in DEVANAGARI)


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and not _is_devanagari(char)


@dataclass(frozen=True)
class Glyph:
    """One glyph as drawn, in 1000ths of the font size: its code in the PDF font (whose /W width
    is `width`), its advance and offsets as HarfBuzz placed it."""
    code: int
    width: int
    advance: int
    x_offset: int
    y_offset: int

    @property
    def before(self) -> int:
        """TJ adjustment before the glyph: moves it by its x offset."""
        return -self.x_offset

    @property
    def after(self) -> int:
        """TJ adjustment after it: the pen ends where HarfBuzz put the next glyph."""
        return self.x_offset + self.width - self.advance


@dataclass
class Face:
    """One font file: shaping with HarfBuzz; the codes used so far, for its subset and text layer."""
    script: str
    bold: bool
    data: bytes
    hb_font: Any
    upem: int
    cmap: dict[int, str]
    metrics: dict[str, Any]
    codes: dict[tuple[int, str, int], int] = field(default_factory=dict)   # (glyph id, text, width) -> code
    gids: dict[int, int] = field(default_factory=dict)                     # code -> glyph id
    widths: dict[int, int] = field(default_factory=dict)                   # code -> /W width

    @classmethod
    def load(cls, script: str, bold: bool) -> Face:
        import uharfbuzz as hb
        from fontTools.ttLib import TTFont

        data = fonts.path(script, bold).read_bytes()
        tt = TTFont(io.BytesIO(data), lazy=True)
        head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
        metrics = {"name": tt["name"].getDebugName(6), "bbox": (head.xMin, head.yMin, head.xMax, head.yMax),
                   "ascent": hhea.ascent, "descent": hhea.descent,
                   "cap_height": getattr(os2, "sCapHeight", hhea.ascent), "hmtx": tt["hmtx"].metrics,
                   "order": tt.getGlyphOrder()}
        return cls(script, bold, data, hb.Font(hb.Face(data)), head.unitsPerEm, tt.getBestCmap(), metrics)

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap

    def shape(self, text: str, start: int, end: int) -> list[Glyph]:
        """text[start:end] shaped in the context of the whole line; each glyph gets its code."""
        import uharfbuzz as hb

        buf = hb.Buffer()
        buf.add_str(text, start, end - start)
        buf.guess_segment_properties()
        hb.shape(self.hb_font, buf)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        # a cluster's text runs from its index to the next cluster's (LTR: clusters never decrease)
        starts = sorted({info.cluster for info in infos})
        ends = dict(zip(starts, [*starts[1:], end], strict=True))
        glyphs, seen = [], set()
        for info, pos in zip(infos, positions, strict=True):
            cluster = info.cluster
            stands_for = "" if cluster in seen else text[cluster:ends[cluster]]
            seen.add(cluster)
            advance, x_offset, y_offset = (round(v * 1000 / self.upem) for v in
                                           (pos.x_advance, pos.x_offset, pos.y_offset))
            # The glyph's /W width carries the pen back from a mark moved left onto its base, so
            # the PDF needs no rightward jump there (which extractors would read as a space).
            width = max(0, advance - x_offset)
            glyphs.append(Glyph(self._code(info.codepoint, stands_for, width), width, advance, x_offset, y_offset))
        return glyphs

    def _code(self, gid: int, text: str, width: int) -> int:
        key = (gid, text, width)
        if key not in self.codes:
            code = self.codes[key] = len(self.codes) + 1        # code 0 stays .notdef
            self.gids[code], self.widths[code] = gid, width
        return self.codes[key]

    # --- embedding ---------------------------------------------------------------------------

    def subset(self) -> bytes:
        """The font with only the glyphs used (and their components): the others are emptied in
        place, so glyph ids stay as they are; the shaping tables, which a PDF does not use, are
        dropped. Only glyf, loca and head are rebuilt; the other tables are copied as they are."""
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.tables._g_l_y_f import Glyph as Outline

        font = TTFont(io.BytesIO(self.data), lazy=True, recalcTimestamp=False)   # same input, same bytes
        for tag in UNUSED_TABLES:
            if tag in font:
                del font[tag]
        glyf, order = font["glyf"], font.getGlyphOrder()
        keep = {order[gid] for gid in {*self.gids.values(), 0}}
        todo = list(keep)
        while todo:
            glyph = glyf[todo.pop()]
            if glyph.isComposite():
                for part in glyph.getComponentNames(glyf):
                    if part not in keep:
                        keep.add(part)
                        todo.append(part)
        for name in order:
            if name not in keep:
                glyf[name] = Outline()
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()

    def tag(self) -> str:
        """The six-letter subset prefix of the font's PDF name, from the glyphs used (reproducible)."""
        digest = hashlib.sha256(repr(sorted(self.codes.items())).encode()).digest()
        return "".join(chr(ord("A") + b % 26) for b in digest[:6])

    def to_unicode(self) -> bytes:
        """The ToUnicode CMap: each code to the text its glyph stands for (nothing for the rest of
        a cluster)."""
        lines = []
        for (_, text, _), code in sorted(self.codes.items(), key=lambda item: item[1]):
            lines.append(f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>")
        blocks = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
                         for chunk in (lines[i:i + 100] for i in range(0, len(lines), 100)))
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")

    def cid_to_gid(self) -> bytes:
        return b"".join(self.gids.get(code, 0).to_bytes(2, "big") for code in range(len(self.codes) + 1))


class Faces:
    """The four faces of a document (loaded when first used) and the split of a line into runs."""

    def __init__(self) -> None:
        self.loaded: dict[tuple[str, bool], Face] = {}

    def get(self, script: str, bold: bool) -> Face:
        if (script, bold) not in self.loaded:
            self.loaded[(script, bold)] = Face.load(script, bold)
        return self.loaded[(script, bold)]

    def runs(self, text: str, bold: bool) -> list[tuple[Face, int, int]]:
        """Consecutive characters set in one face: Devanagari in Noto Sans Devanagari, Latin
        letters in Noto Sans; spaces, digits and punctuation stay with the run they are in."""
        deva, latin = self.get("deva", bold), self.get("latin", bold)
        picks: list[Face | None] = []
        for char in text:
            if _is_devanagari(char):
                picks.append(deva)
            elif _is_latin_letter(char) or not deva.covers(char):
                picks.append(latin)
            else:
                picks.append(None)
        first = next((p for p in picks if p is not None), deva)
        current, out, start = first, [], 0
        for index, pick in enumerate(picks):
            face = pick or (current if current.covers(text[index]) else (latin if current is deva else deva))
            if face is not current:
                if index > start:
                    out.append((current, start, index))
                current, start = face, index
        if len(text) > start:
            out.append((current, start, len(text)))
        return out
