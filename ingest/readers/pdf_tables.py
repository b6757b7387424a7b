"""Tables of a PDF page from its ruling lines, with merged cells rebuilt from cell geometry.

The geometry is pdfplumber's table finder (edges are snapped and joined, their crossings found,
the smallest rectangles between crossings become cells), run on the segments PDFium read, with
explicit settings chosen on real report pages:

- dotted rules (Hangul draws them as hundreds of one-point dashes) are joined when the gap
  is at most JOIN_TOLERANCE;
- many report tables have no outer left and right border: a column of ruled rows that all
  start (or end) at the same x is closed there by a virtual border;
- every cell's column and row span follows from which grid lines its sides fall on, so a
  header cell drawn across three columns keeps its text in the first and leaves the other two
  empty, as the text reports do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.readers.pdf_page import Glyph, PageContent
from ingest.readers.pdf_subrows import split_unruled_rows
from ingest.readers.pdf_text import cell_text, group_lines

SNAP_TOLERANCE = 2.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 2.0
EDGE_MIN_LENGTH = 4.0
GRID_TOLERANCE = 2.0  # cell sides closer than this lie on the same grid line


@dataclass
class PdfCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: tuple[float, float, float, float]
    text: str = ""
    glyphs: list[Glyph] = field(default_factory=list, repr=False)


@dataclass
class PdfTable:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    col_edges: list[float]  # x of every grid column boundary, left to right
    row_edges: list[float]  # y of every grid row boundary, top to bottom
    cells: list[PdfCell] = field(default_factory=list)
    # For a table joined from several pages: page of each grid row.
    row_pages: list[int] = field(default_factory=list)
    inner: list["PdfTable"] = field(default_factory=list)  # tables drawn inside its cells
    captions: list[str] = field(default_factory=list)  # for an inner table: the line above it
    from_boxes: bool = False  # drawn as a grid of separate boxes: gutters between cells hold no text of it

    def holds(self, g: Glyph) -> bool:
        """Whether a glyph is part of this table's text."""
        if self.from_boxes:
            return any(c.bbox[0] <= g.cx <= c.bbox[2] and c.bbox[1] <= g.cy <= c.bbox[3] for c in self.cells)
        return self.bbox[0] <= g.cx <= self.bbox[2] and self.bbox[1] <= g.cy <= self.bbox[3]

    @property
    def n_rows(self) -> int:
        return len(self.row_edges) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_edges) - 1

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def bottom(self) -> float:
        return self.bbox[3]

    def grid(self) -> list[list[str]]:
        """Rows of cell texts; a merged cell's text sits in its top-left slot."""
        rows = [[""] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            rows[cell.row][cell.col] = cell.text
        return rows

    def covers(self) -> list[str]:
        """Per row, a mark per slot: "." a cell's own slot, "^" covered from above, "<" from
        the left, "+" both (see Document.covers)."""
        marks = [["."] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    if (r, c) != (cell.row, cell.col):
                        marks[r][c] = "+" if r > cell.row and c > cell.col else ("^" if r > cell.row else "<")
        return ["".join(m) for m in marks]


def find_tables(page: PageContent) -> tuple[list[PdfTable], list[Box]]:
    """The page's tables, top to bottom, and the boxes (ruled frames that are not tables).
    A table drawn inside a cell of another table is kept as that table's inner table."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = merge_edges(page.edges, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= EDGE_MIN_LENGTH]
    edges = edges + _virtual_sides(edges)
    if not edges:
        return [], []
    intersections = edges_to_intersections(edges, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    cells = intersections_to_cells(intersections)
    grouped = cells_to_tables(cells)
    in_groups = {c for group in grouped for c in group}
    boxes = [c for c in cells if c not in in_groups]
    grids = [g for g in grouped if not _is_box_group(g)]
    boxes.extend(_bbox(g) for g in grouped if _is_box_group(g))
    outer_of = _nesting(grids)
    built: dict[int, PdfTable] = {}
    for i in sorted(range(len(grids)), key=lambda i: _area(_bbox(grids[i]))):  # inner tables first
        inner = [built[j] for j, o in outer_of.items() if o == i and j in built]
        table = _table(page, grids[i], inner)
        if table is not None:
            built[i] = table
    tables = [t for i, t in built.items() if outer_of.get(i) is None or outer_of[i] not in built]
    from ingest.readers.pdf_continuation import stack_header_bands

    tables = stack_header_bands(tables)
    tables.sort(key=lambda t: (round(t.top), t.bbox[0]))
    boxes = [b for b in set(boxes) | _new_frames(page.frames, boxes, tables) if not _crossed(page.glyphs, [b])]
    return tables, sorted(boxes, key=lambda b: (b[1], b[0]))


Box = tuple[float, float, float, float]


def _new_frames(frames: list[Box], boxes: list[Box], tables: list["PdfTable"]) -> set[Box]:
    """Frames drawn as one path (rounded, dotted) that no ruled box or table already gives."""
    out = set()
    for f in frames:
        if any(all(abs(a - b) <= 2.0 for a, b in zip(f, o)) for o in boxes):
            continue
        if any(_within(f, t.bbox) for t in tables):
            continue
        out.add(f)
    return out


def _bbox(group: list[Box]) -> Box:
    return (min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group), max(c[3] for c in group))


def _area(b: Box) -> float:
    return (b[2] - b[0]) * (b[3] - b[1])


def _is_box_group(group: list[Box]) -> bool:
    """Cells stacked in one column: a frame with a title bar, not a table of values."""
    x0s = {round(c[0]) for c in group}
    x1s = {round(c[2]) for c in group}
    return len(group) < 2 or (len(x0s) == 1 and len(x1s) == 1)


def _nesting(grids: list[list[Box]]) -> dict[int, int | None]:
    """For each table, the table in one of whose cells it is drawn (the smallest such)."""
    out: dict[int, int | None] = {}
    for i, g in enumerate(grids):
        b = _bbox(g)
        holders = [j for j, other in enumerate(grids) if j != i and any(_within(b, c) for c in other)]
        out[i] = min(holders, key=lambda j: _area(_bbox(grids[j]))) if holders else None
    return out


def _within(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    return (outer[0] - slack <= inner[0] and outer[1] - slack <= inner[1]
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _crossed(glyphs: list[Glyph], regions: list[Box]) -> bool:
    """Text runs straight through a border: two glyphs written one after the other, touching,
    one inside and one outside a region. Real cells and frames hold their text; a drawing's
    stray rules (rounded dotted boxes, arrows) do not."""
    ordered = sorted(glyphs, key=lambda g: g.order)
    pairs = [(a, b) for a, b in zip(ordered, ordered[1:])
             if b.order == a.order + 1 and not b.space_before and not b.break_before
             and abs(a.cy - b.cy) <= 0.3 * max(a.height, b.height) and b.x0 - a.x1 <= 0.15 * max(a.height, 1.0)]
    if not pairs:
        return False
    where = _RegionIndex(regions)
    return any(where(a) != where(b) for a, b in pairs)


class _RegionIndex:
    """Which region holds a point, by buckets of x so that a page of hundreds of cells is not
    scanned for every glyph."""

    STEP = 20.0

    def __init__(self, regions: list[Box]) -> None:
        self.regions = regions
        self.buckets: dict[int, list[int]] = {}
        for k, r in enumerate(regions):
            for b in range(int(r[0] // self.STEP), int(r[2] // self.STEP) + 1):
                self.buckets.setdefault(b, []).append(k)

    def __call__(self, g: Glyph) -> int:
        x, y = g.cx, g.cy
        for k in self.buckets.get(int(x // self.STEP), ()):
            r = self.regions[k]
            if r[0] <= x <= r[2] and r[1] <= y <= r[3]:
                return k
        return -1


def _virtual_sides(edges: list[dict]) -> list[dict]:
    """Close tables drawn without outer left/right borders: between two ruled rows that start
    (or end) at the same x, where inner column rules cross the band but no rule runs at that
    x, add one. A band without inner rules (a caption between two tables) stays open."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    out: list[dict] = []
    for key in ("x0", "x1"):
        for x, group in _clusters(horizontal, key):
            group.sort(key=lambda e: e["top"])
            for upper, lower in zip(group, group[1:]):
                side = _side(x, upper, lower, vertical)
                if side is not None:
                    out.append(side)
    return out


MAX_ROW_HEIGHT = 120.0  # rules further apart than this are not one row of a table


def _side(x: float, upper: dict, lower: dict, vertical: list[dict]) -> dict | None:
    top, bottom = upper["top"], lower["top"]
    if not 1.0 < bottom - top <= MAX_ROW_HEIGHT:
        return None
    if any(abs(v["x0"] - x) <= SNAP_TOLERANCE and v["top"] <= top + 1 and v["bottom"] >= bottom - 1 for v in vertical):
        return None
    left, right = max(upper["x0"], lower["x0"]), min(upper["x1"], lower["x1"])
    crossing = any(left + SNAP_TOLERANCE < v["x0"] < right - SNAP_TOLERANCE
                   and v["top"] <= top + 1 and v["bottom"] >= bottom - 1 for v in vertical)
    if not crossing:
        return None
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
            "orientation": "v", "object_type": "virtual"}


def _clusters(edges: list[dict], key: str) -> list[tuple[float, list[dict]]]:
    out: list[tuple[float, list[dict]]] = []
    for e in sorted(edges, key=lambda e: e[key]):
        if out and abs(e[key] - out[-1][0]) <= SNAP_TOLERANCE:
            out[-1][1].append(e)
        else:
            out.append((e[key], [e]))
    return out


def _grid_lines(values: list[float]) -> list[float]:
    lines: list[float] = []
    for v in sorted(values):
        if not lines or v - lines[-1] > GRID_TOLERANCE:
            lines.append(v)
    return lines


def _index(lines: list[float], v: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - v))


def _without_containers(group: list[Box]) -> list[Box]:
    """A rectangle found around smaller cells (a framed block of rows, an indented sub-list
    drawn inside a row-label column) is not a cell itself: its text belongs to those cells."""
    return [c for c in group if not any(o != c and _within(o, c, slack=0.5) for o in group)]


def _table(page: PageContent, group: list[Box], inner: list["PdfTable"]) -> "PdfTable | None":
    group = _without_containers(group)
    cols = _grid_lines([c[0] for c in group] + [c[2] for c in group])
    rows = _grid_lines([c[1] for c in group] + [c[3] for c in group])
    bbox = _bbox(group)
    glyphs = [g for g in page.glyphs if bbox[0] <= g.cx <= bbox[2] and bbox[1] <= g.cy <= bbox[3]
              and not any(_holds(t.bbox, g) for t in inner)]
    if _crossed(glyphs, group):
        return None
    table = PdfTable(page.number, bbox, cols, rows)
    for x0, top, x1, bottom in group:
        c0, c1 = _index(cols, x0), _index(cols, x1)
        r0, r1 = _index(rows, top), _index(rows, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        inside = [g for g in glyphs if x0 <= g.cx <= x1 and top <= g.cy <= bottom]
        nested = [t for t in inner if _within(t.bbox, (x0, top, x1, bottom))]
        if nested:
            inside = _take_captions(inside, nested)
        table.cells.append(PdfCell(r0, c0, r1 - r0, c1 - c0, (x0, top, x1, bottom), cell_text(inside, x1 - x0),
                                   inside))
    _orphans(table, glyphs)
    split_unruled_rows(table)
    table.row_pages = [page.number] * table.n_rows
    table.inner = sorted(inner, key=lambda t: (t.top, t.bbox[0]))
    _drop_empty_columns(table)
    return table


def _orphans(table: "PdfTable", glyphs: list[Glyph]) -> None:
    """Text inside the table that no cell holds (a row cut by the page end lost its bottom
    rule) goes into the grid slot it is printed in, so that no text is dropped."""
    held = [c.bbox for c in table.cells]
    slots: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        if any(b[0] <= g.cx <= b[2] and b[1] <= g.cy <= b[3] for b in held):
            continue
        r = _slot(table.row_edges, g.cy)
        c = _slot(table.col_edges, g.cx)
        if r is not None and c is not None:
            slots.setdefault((r, c), []).append(g)
    for (r, c), found in sorted(slots.items()):
        box = (table.col_edges[c], table.row_edges[r], table.col_edges[c + 1], table.row_edges[r + 1])
        table.cells.append(PdfCell(r, c, 1, 1, box, cell_text(found, box[2] - box[0]), found))


def _slot(lines: list[float], v: float) -> int | None:
    for i in range(len(lines) - 1):
        if lines[i] <= v <= lines[i + 1]:
            return i
    return None


def _holds(box: Box, g: Glyph) -> bool:
    return box[0] <= g.cx <= box[2] and box[1] <= g.cy <= box[3]


def _take_captions(glyphs: list[Glyph], nested: list["PdfTable"]) -> list[Glyph]:
    """The line right above an inner table ("연도별 예산 및 집행 현황 (단위: 백만원)") is that
    table's caption: it moves out of the outer cell's text to sit above the inner table."""
    lines = group_lines(glyphs, split_gaps=False)
    taken: set[int] = set()
    for t in nested:
        above = [l for l in lines if l.bottom <= t.top + 1 and t.top - l.bottom <= 1.5 * l.height
                 and l.x1 > t.bbox[0] and l.x0 < t.bbox[2]]
        if above:
            caption = max(above, key=lambda l: l.bottom)
            t.captions.append(caption.text)
            taken.update(id(g) for g in caption.glyphs)
    return [g for g in glyphs if id(g) not in taken]


def _drop_empty_columns(table: PdfTable) -> None:
    """A grid line that no cell starts on in any row adds an empty column (a slightly offset
    rule): fold it into its neighbour so that columns stay aligned with the header."""
    used = {c.col for c in table.cells}
    keep = [i for i in range(table.n_cols) if i in used]
    if len(keep) == table.n_cols:
        return
    new_index = {old: new for new, old in enumerate(keep)}
    for cell in table.cells:
        end = cell.col + cell.colspan
        cell.col = new_index[cell.col]
        cell.colspan = max(1, sum(1 for k in keep if k < end) - cell.col)
    table.col_edges = [table.col_edges[i] for i in keep] + [table.col_edges[-1]]
