"""Glyphs to text lines: which glyphs share a line, where the spaces go, and which visual lines
are one paragraph or one table cell wrapped by the layout.

Spaces come from the content stream first: PDFium reports a space glyph (or infers one from
the gap it was drawn with) between two glyphs that were written one after the other. Glyphs
drawn out of order (Hangul writes some digits in a second pass) are spaced by their gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.readers.pdf_page import Glyph

# Vertical overlap, as a share of the smaller glyph's height, that puts two glyphs on one line.
SAME_LINE_OVERLAP = 0.5
# A gap wider than this many line heights splits a line into separate pieces (a right-aligned
# date beside a heading, two boxes side by side).
SEGMENT_GAP = 2.5
# Between glyphs not written one after the other, a gap wider than this share of the line
# height is a space.
SPACE_GAP = 0.28
# Where PDFium only inferred a space between glyphs written one after the other, it counts when
# the gap is at least this share of the line height.
INFERRED_SPACE_GAP = 0.3
MARKER = re.compile(
    r"^(?:[□■◆◇○◯●◦•▪▫ㅇ\-−–‐·ㆍ∙※＊*▶▷▹▸►➔⇒→➠✓✔❍❏❑❘❙【〈<《\[]|[①-⑳]|[ⅰ-ⅿⅠ-Ⅻ]|[➊-➓]|\(?\d{1,2}[.)]|[가-하][.)]|\(\w{1,2}\)|【|\[)"
)


@dataclass
class TextLine:
    glyphs: list[Glyph]
    text: str = ""
    pieces: list[str] = field(default_factory=list)  # the text of each glyph run, joined by `text`

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def height(self) -> float:
        hs = sorted(g.height for g in self.glyphs)
        return hs[len(hs) // 2]  # the body size: a superscript does not make the line taller


def group_lines(glyphs: list[Glyph], split_gaps: bool = True) -> list[TextLine]:
    """Visual lines top to bottom; with `split_gaps`, a line with a wide empty stretch becomes
    one line per piece."""
    bands: list[list[Glyph]] = []
    band = _Band()
    for g in sorted(glyphs, key=lambda g: (g.cy, g.x0)):
        if bands and band.overlaps(g):
            bands[-1].append(g)
        else:
            bands.append([g])
            band = _Band()
        band.add(g)
    bands = _merge_raised(bands)
    lines: list[TextLine] = []
    for band in bands:
        band.sort(key=lambda g: (g.x0, g.order))
        for piece in (_split(band) if split_gaps else [band]):
            lines.append(_make_line(piece))
    lines.sort(key=lambda l: (round(l.top, 0), l.x0))
    return lines


class _Band:
    """The vertical extent and the body height of the line being gathered, kept up to date
    glyph by glyph (recomputing them for every glyph made long lines quadratic)."""

    def __init__(self) -> None:
        self.top = float("inf")
        self.bottom = float("-inf")
        self.heights: list[float] = []

    def add(self, g: Glyph) -> None:
        import bisect

        self.top, self.bottom = min(self.top, g.top), max(self.bottom, g.bottom)
        bisect.insort(self.heights, g.height)

    def overlaps(self, g: Glyph) -> bool:
        overlap = min(self.bottom, g.bottom) - max(self.top, g.top)
        body = min(self.heights[len(self.heights) // 2], g.height) or 1.0
        return overlap >= SAME_LINE_OVERLAP * body


def _overlaps(band: list[Glyph], g: Glyph) -> bool:
    top = min(b.top for b in band)
    bottom = max(b.bottom for b in band)
    overlap = min(bottom, g.bottom) - max(top, g.top)
    body = min(_median_height(band), g.height) or 1.0
    return overlap >= SAME_LINE_OVERLAP * body


def _median_height(band: list[Glyph]) -> float:
    hs = sorted(b.height for b in band)
    return hs[len(hs) // 2]


def _merge_raised(bands: list[list[Glyph]]) -> list[list[Glyph]]:
    """A superscript (기존 in 기존21분→개선17분) or a smaller note set on the line's baseline
    is part of the line next to it when their glyphs do not collide."""
    out: list[list[Glyph]] = []
    for band in bands:
        if out and _joins(out[-1], band):
            out[-1].extend(band)
        else:
            out.append(band)
    return out


def _joins(a: list[Glyph], b: list[Glyph]) -> bool:
    a_top, a_bottom = min(g.top for g in a), max(g.bottom for g in a)
    b_top, b_bottom = min(g.top for g in b), max(g.bottom for g in b)
    overlap = min(a_bottom, b_bottom) - max(a_top, b_top)
    small = min(a_bottom - a_top, b_bottom - b_top)
    if small <= 0 or overlap < 0.3 * small:
        return False
    smaller = a if (a_bottom - a_top) < (b_bottom - b_top) else b
    larger = b if smaller is a else a
    if len(smaller) > len(larger):
        return False
    return not any(s.x0 < l.x1 - 0.5 and l.x0 < s.x1 - 0.5 for s in smaller for l in larger)


def _split(band: list[Glyph]) -> list[list[Glyph]]:
    height = _median_height(band)
    pieces = [[band[0]]]
    for prev, g in zip(band, band[1:]):
        if g.x0 - prev.x1 > SEGMENT_GAP * max(height, 4.0) and not _continues_stream(prev, g):
            pieces.append([g])
        else:
            pieces[-1].append(g)
    return pieces


def _continues_stream(prev: Glyph, g: Glyph) -> bool:
    """Written right after each other with no space between: one word, however far apart
    (letter-spaced titles)."""
    return g.order == prev.order + 1 and not g.space_before and not g.break_before


def _make_line(glyphs: list[Glyph]) -> TextLine:
    height = _median_height(glyphs)
    parts = [glyphs[0].text]
    for prev, g in zip(glyphs, glyphs[1:]):
        gap = g.x0 - prev.x1
        if g.order == prev.order + 1:
            space = g.space_before or (g.break_before and gap > INFERRED_SPACE_GAP * height)
        else:
            space = gap > SPACE_GAP * height
        parts.append((" " if space else "") + g.text)
    text = "".join(parts).strip()
    return TextLine(glyphs, re.sub(r"\s+", " ", text))


def starts_with_marker(text: str) -> bool:
    return bool(MARKER.match(text.strip()))


def cell_text(glyphs: list[Glyph], cell_width: float) -> str:
    """One cell's text on one line. A line break that split a word in a narrow cell is closed
    without a space ('전문경력' + '관' → '전문경력관'); other breaks become one space."""
    if not glyphs:
        return ""
    lines = group_lines(glyphs, split_gaps=False)
    if not lines:
        return ""
    widest = max(l.x1 - l.x0 for l in lines)
    out = lines[0].text
    for prev, nxt in zip(lines, lines[1:]):
        out += ("" if _split_word(prev, nxt, widest) else " ") + nxt.text
    return out.strip()


def _split_word(prev: TextLine, nxt: TextLine, widest: float) -> bool:
    """The break fell inside a word: the line is full (as wide as the cell's widest line),
    holds a single word, and letters meet across the break. Word processors keep no trace of
    a space at a wrap, so every other break is taken for one."""
    if not prev.text or not nxt.text:
        return False
    a, b = prev.text[-1], nxt.text[0]
    full = (prev.x1 - prev.x0) >= widest - 0.8 * prev.height
    if not full or not _continues_stream_any(prev, nxt):
        return False
    last_word = prev.text.rsplit(" ", 1)[-1]
    if (a.isdigit() or a in ",.") and b.isdigit() and re.fullmatch(r"[(△Δ+\-]?[\d,.]+", last_word):
        return True  # a number broken in a narrow cell: "(33" + "2)" is "(332)"
    return _same_script(a, b) and " " not in prev.text and not starts_with_marker(nxt.text)


def _continues_stream_any(prev: TextLine, nxt: TextLine) -> bool:
    """The next line's first glyph was not preceded by a space in the stream."""
    b = min(nxt.glyphs, key=lambda g: (g.x0, g.order))
    return not b.space_before


def _same_script(a: str, b: str) -> bool:
    """Both Hangul, or both Latin letters or digits: a word broken in two. "위원회" + "2025."
    are two words that only share a box."""
    hangul = "가" <= a <= "힣" and "가" <= b <= "힣"
    latin = a.isascii() and b.isascii() and a.isalnum() and b.isalnum()
    return hangul or latin
