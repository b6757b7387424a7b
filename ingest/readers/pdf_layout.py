"""A PDF page in reading order: its tables and its text lines, with each box's content kept
together, and the visual lines of one paragraph joined back into one line.

Boxes (ruled frames that are not tables) nest: a page frame holds an organisation chart that
holds one frame per team. Each frame's content is read on its own, top to bottom, and placed
where the frame sits among its siblings, so that the text of a box never interleaves with the
text beside it. A small frame (a team in an organisation chart, a label) reads as one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.readers.pdf_page import Glyph, PageContent
from ingest.readers.pdf_boxgrid import find_box_grids
from ingest.readers.pdf_tables import PdfTable, find_tables
from ingest.readers.pdf_text import TextLine, cell_text, group_lines, starts_with_marker
from ingest.structure import looks_like_heading

Box = tuple[float, float, float, float]

# A frame narrower than this share of the page, holding only short lines, reads as one line.
SMALL_BOX = 0.3
SMALL_BOX_CHARS = 40
# Visual lines closer than this many line heights can be one paragraph; and no further apart
# than the column's usual gap between lines plus PARAGRAPH_SPACING line heights.
PARAGRAPH_GAP = 1.0
PARAGRAPH_SPACING = 0.25
# A line ending within this many line heights of its column's right edge is full; one ending
# further left is full too when the next line's first word would not have fitted after it.
FULL_LINE = 2.2


@dataclass
class PageItem:
    kind: str  # line | table
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str = ""
    height: float = 0.0
    table: PdfTable | None = None
    region: int = 0  # 0 = the page itself, else the number of the box that holds the item
    visual: list[TextLine] = field(default_factory=list)


def layout_page(page: PageContent) -> list[PageItem]:
    tables, boxes = find_tables(page)
    boxes = [b for b in boxes if not any(_inside(b, t.bbox) for t in tables)]
    grids, used = find_box_grids(page.number, boxes, page.glyphs)
    tables += grids
    boxes = [b for b in boxes if b not in used]
    parents = _box_parents(boxes)
    glyphs: dict[int, list[Glyph]] = {i: [] for i in range(len(boxes) + 1)}
    in_table = [g for g in page.glyphs if any(t.holds(g) for t in tables)]
    taken = set(map(id, in_table))
    for g in page.glyphs:
        if id(g) not in taken:
            glyphs[_innermost(boxes, g.cx, g.cy) + 1].append(g)
    placed: dict[int, list[PdfTable]] = {i: [] for i in range(len(boxes) + 1)}
    for t in tables:
        cx, cy = (t.bbox[0] + t.bbox[2]) / 2, (t.bbox[1] + t.bbox[3]) / 2
        placed[_innermost(boxes, cx, cy) + 1].append(t)
    children: dict[int, list[int]] = {i: [] for i in range(len(boxes) + 1)}
    for i, parent in enumerate(parents):
        children[parent + 1].append(i + 1)
    return _region_items(page, 0, None, boxes, glyphs, placed, children)


def _inside(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _holds(box: Box, g: Glyph) -> bool:
    return box[0] <= g.cx <= box[2] and box[1] <= g.cy <= box[3]


def _area(b: Box) -> float:
    return (b[2] - b[0]) * (b[3] - b[1])


def _box_parents(boxes: list[Box]) -> list[int]:
    """Index of the smallest box holding each box, or -1."""
    parents = []
    for i, b in enumerate(boxes):
        holders = [j for j, o in enumerate(boxes) if j != i and _inside(b, o) and _area(o) > _area(b)]
        parents.append(min(holders, key=lambda j: _area(boxes[j])) if holders else -1)
    return parents


def _innermost(boxes: list[Box], x: float, y: float) -> int:
    holding = [i for i, b in enumerate(boxes) if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
    return min(holding, key=lambda i: _area(boxes[i])) if holding else -1


def _region_items(page, region, box, boxes, glyphs, placed, children) -> list[PageItem]:
    """The items of one region in reading order: its own lines and tables, and each child
    box's items as one block placed at the child's top."""
    own = glyphs[region]
    if box is not None and not children[region] and not placed[region] and _is_small(page, box, own):
        text = cell_text(own, box[2] - box[0])
        if not text:
            return []
        return [PageItem("line", page.number, box[1], box[3], min(g.x0 for g in own), max(g.x1 for g in own),
                         text, _median_height(own), region=region)]
    blocks: list[tuple[float, float, list[PageItem]]] = []
    lines = [PageItem("line", page.number, l.top, l.bottom, l.x0, l.x1, l.text, l.height, region=region, visual=[l])
             for l in group_lines(own)]
    for item in _paragraphs(lines, box, page):
        blocks.append((item.top, item.x0, [item]))
    for t in placed[region]:
        blocks.append((t.top, t.bbox[0], [PageItem("table", page.number, t.top, t.bottom, t.bbox[0], t.bbox[2],
                                                   table=t, region=region)]))
    for child in children[region]:
        items = _region_items(page, child, boxes[child - 1], boxes, glyphs, placed, children)
        if items:
            b = boxes[child - 1]
            blocks.append((b[1], b[0], items))
    blocks.sort(key=lambda b: (_row(b[0]), b[1]))
    return _adopt_header_bands([item for _, _, items in blocks for item in items])


HEADER_BAND_GAP = 25.0  # points between a row of unruled labels and the table they head


def _adopt_header_bands(items: list[PageItem]) -> list[PageItem]:
    """Column labels printed in rounded boxes or plain text right above a ruled table, one
    over each column, are that table's header row."""
    out: list[PageItem] = []
    for item in items:
        if item.kind == "table":
            band = _header_band(out, item.table)
            if band:
                _prepend_row(item.table, band)
                item.top = min(item.top, min(l.top for l in band))
                out = [o for o in out if all(o is not l for l in band)]
        out.append(item)
    return out


def _header_band(before: list[PageItem], table: PdfTable) -> list[PageItem]:
    band: list[PageItem] = []
    for item in reversed(before):
        if item.kind != "line" or item.bottom > table.top + 1 or table.top - item.bottom > HEADER_BAND_GAP:
            break
        if band and abs(item.top - band[0].top) > 0.5 * item.height:
            break
        band.append(item)
    if len(band) < 2 or any(_marked(l.text) or "단위" in l.text or "기준" in l.text for l in band):
        return []
    spans = [_column(table, l.x0, l.x1) for l in band]
    if None in spans or len({c[0] for c in spans}) < len(band):
        return []
    edges = table.col_edges
    for line, (first, last) in zip(band, spans):
        left, right = edges[first], edges[last + 1]
        if abs((line.x0 + line.x1) / 2 - (left + right) / 2) > 0.25 * (right - left):
            return []  # labels are centred over their columns; a caption or a heading is not
    covered = sum(last - first + 1 for first, last in spans)
    if covered < 0.6 * table.n_cols:
        return []
    return sorted(band, key=lambda l: l.x0)


def _marked(text: str) -> bool:
    """A bullet or a number starts the line: an item, not a column label. Labels may be set in
    decorative brackets ("< 2024년 >", "[ 프로젝트 ]")."""
    return starts_with_marker(text) and not re.match(r"^\s*[\[<【《〈]", text)


def _column(table: PdfTable, x0: float, x1: float) -> tuple[int, int] | None:
    """The grid columns a label printed from x0 to x1 stands over."""
    edges = table.col_edges
    if x0 < edges[0] - 2 or x1 > edges[-1] + 2:
        return None
    first = max(i for i in range(len(edges) - 1) if edges[i] <= x0 + 2)
    last = min(i for i in range(len(edges) - 1) if edges[i + 1] >= x1 - 2)
    return (first, last) if last >= first else None


def _prepend_row(table: PdfTable, band: list[PageItem]) -> None:
    from ingest.readers.pdf_tables import PdfCell

    for cell in table.cells:
        cell.row += 1
    for line in band:
        first, last = _column(table, line.x0, line.x1)
        box = (table.col_edges[first], line.top, table.col_edges[last + 1], line.bottom)
        table.cells.append(PdfCell(0, first, 1, last - first + 1, box, line.text))
    table.row_edges.insert(0, min(l.top for l in band))
    table.row_pages.insert(0, table.page)


def _row(top: float) -> float:
    return round(top / 3.0)  # items whose tops differ by a point or two are on one row


def _is_small(page: PageContent, box: Box, glyphs: list[Glyph]) -> bool:
    if not glyphs or (box[2] - box[0]) > SMALL_BOX * page.width:
        return False
    return len(glyphs) <= SMALL_BOX_CHARS


def _median_height(glyphs: list[Glyph]) -> float:
    hs = sorted(g.height for g in glyphs)
    return hs[len(hs) // 2] if hs else 0.0


def _paragraphs(lines: list[PageItem], box: Box | None, page: PageContent) -> list[PageItem]:
    """Join the visual lines the layout wrapped: the line above is full, the next one is close
    below it, starts no new item (no bullet, number or mark) and is not set further left."""
    if not lines:
        return []
    right = _column_right(lines, box, page)
    line_gap = _line_gap(lines)
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        if _continues(prev, line, right, line_gap):
            # Hangul wraps body text at spaces and prints no trace of the space it wrapped at
            prev.text = f"{prev.text} {line.text}".strip()
            prev.bottom = max(prev.bottom, line.bottom)
            prev.x1 = max(prev.x1, line.x1)
            prev.visual.extend(line.visual)
        else:
            out.append(line)
    return out


def _column_right(lines: list[PageItem], box: Box | None, page: PageContent) -> float:
    """Where the column's lines end when they are full. In a box: its inner edge (the box's side
    less the padding its text keeps on the left). On the page: the common right end of two or
    more lines of a column at least half the page wide; otherwise near the page margin (a page
    of short lines has no full line, and a narrow column is not joined)."""
    right = max(l.x1 for l in lines)
    if box is not None:
        padding = max(0.0, min(l.x0 for l in lines) - box[0])
        return max(right, box[2] - padding) if padding < 0.25 * (box[2] - box[0]) else right
    ends = sum(1 for l in lines if l.x1 >= right - 1.5 * max(l.height, 1.0))
    wide = right - min(l.x0 for l in lines) >= 0.5 * page.width
    return right if ends >= 2 and wide else max(right, 0.8 * page.width)


def _line_gap(lines: list[PageItem]) -> float | None:
    """The gap between two lines of one paragraph in this column: the small end of the gaps
    between consecutive lines (paragraph spacing only ever adds to it). None when too few."""
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:])
                  if -0.5 * a.height <= b.top - a.bottom <= PARAGRAPH_GAP * max(a.height, 1.0))
    gaps = [g for g in gaps if g >= 0] or gaps
    return gaps[0] if len(gaps) >= 3 else None


def _continues(prev: PageItem, line: PageItem, right: float, line_gap: float | None = None) -> bool:
    last = prev.visual[-1]
    height = max(last.height, 1.0)
    gap = line.top - last.bottom
    if gap < -0.5 * height or gap > PARAGRAPH_GAP * height:
        return False
    if line_gap is not None and gap > line_gap + PARAGRAPH_SPACING * height:
        return False  # set apart by paragraph spacing
    if last.x1 < right - FULL_LINE * height and _first_word_width(line.visual[0]) < right - last.x1 - 0.3 * height:
        return False  # the next line's first word would have fitted: the break was made by hand
    if starts_with_marker(line.text) or looks_like_heading(line.text) or line.x0 < prev.x0 - 1.5:
        return False  # a new item, a heading or a label ("추진목표") starts a paragraph of its own
    return abs(line.height - last.height) <= 0.25 * height


def _first_word_width(line: TextLine) -> float:
    """How wide the line's first word is printed: what the line above lacked room for."""
    glyphs = sorted(line.glyphs, key=lambda g: g.x0)
    end = glyphs[0].x1
    for prev, g in zip(glyphs, glyphs[1:]):
        if g.space_before or g.x0 - prev.x1 > 0.28 * max(g.height, 1.0):
            break
        end = g.x1
    return end - glyphs[0].x0
