"""Tables drawn as a grid of boxes.

Infographic pages set a table as separate framed boxes: one box per column of each group
(분야 | 추진과제 | As-Is | To-Be | 시행일), the boxes of a column sharing their left and right
sides, the boxes of a group sharing their top and bottom, with gutters (and arrows) between
them. When three or more columns of boxes line up over two or more bands, the boxes are the
cells of one table: each band a row (split into printed records like a ruled row is, see
`pdf_subrows`), each column a column. The first band heads the table.
"""

from __future__ import annotations

from ingest.readers.pdf_page import Glyph
from ingest.readers.pdf_subrows import split_unruled_rows
from ingest.readers.pdf_tables import PdfCell, PdfTable
from ingest.readers.pdf_text import cell_text

Box = tuple[float, float, float, float]
ALIGN = 3.0  # points: box sides closer than this are one column side or one band edge
MIN_COLUMNS = 3
MIN_BANDS = 2


def find_box_grids(page_number: int, boxes: list[Box], glyphs: list[Glyph]) -> tuple[list[PdfTable], list[Box]]:
    """Tables made of aligned boxes, and the boxes they use."""
    columns = _groups(boxes, lambda b: (b[0], b[2]))
    bands = _groups(boxes, lambda b: (b[1], b[3]))
    grid_columns = [c for c in columns if len(c) >= MIN_BANDS]
    if len(grid_columns) < MIN_COLUMNS:
        return [], []
    keys = {id(b) for c in grid_columns for b in c}
    rows = [sorted([b for b in band if id(b) in keys], key=lambda b: b[0]) for band in bands]
    rows = [r for r in rows if len(r) >= MIN_COLUMNS]
    rows.sort(key=lambda r: r[0][1])
    if len(rows) < MIN_BANDS or len({len(r) for r in rows}) != 1 or not _stacked(rows):
        return [], []
    table = _table(page_number, rows, glyphs)
    return [table], [b for r in rows for b in r]


def _groups(boxes: list[Box], key) -> list[list[Box]]:
    groups: list[tuple[tuple[float, float], list[Box]]] = []
    for b in boxes:
        k = key(b)
        for gk, members in groups:
            if abs(gk[0] - k[0]) <= ALIGN and abs(gk[1] - k[1]) <= ALIGN:
                members.append(b)
                break
        else:
            groups.append((k, [b]))
    return [members for _, members in groups]


def _stacked(rows: list[list[Box]]) -> bool:
    """Every band has its boxes in the same columns as the others, one band below the other."""
    first = rows[0]
    for row in rows[1:]:
        if any(abs(a[0] - b[0]) > ALIGN or abs(a[2] - b[2]) > ALIGN for a, b in zip(first, row)):
            return False
    return all(a[0][3] <= b[0][1] + ALIGN for a, b in zip(rows, rows[1:]))


def _table(page_number: int, rows: list[list[Box]], glyphs: list[Glyph]) -> PdfTable:
    col_edges = [b[0] for b in rows[0]] + [rows[0][-1][2]]
    row_edges = [r[0][1] for r in rows] + [rows[-1][0][3]]
    bbox = (col_edges[0], row_edges[0], col_edges[-1], row_edges[-1])
    table = PdfTable(page_number, bbox, col_edges, row_edges, from_boxes=True)
    for r, row in enumerate(rows):
        for c, box in enumerate(row):
            inside = [g for g in glyphs if box[0] <= g.cx <= box[2] and box[1] <= g.cy <= box[3]]
            table.cells.append(PdfCell(r, c, 1, 1, box, cell_text(inside, box[2] - box[0]), inside))
    split_unruled_rows(table)
    table.row_pages = [page_number] * table.n_rows
    return table
