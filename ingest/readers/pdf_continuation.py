"""A table that runs over a page break is one table; so is a header band drawn as a table of
its own right above the body it heads.

Word processors split a long table at the page end and, when asked to, repeat its header rows
at the top of the next page. A table continues the one before it when it is the first thing
on its page (after running headers, which are already gone), the previous page ends with a
table, and its column rules fall on the previous table's column rules. The repeated header
band is dropped and the rows are appended, each keeping the page it was printed on.

A new table of the same shape has its own caption or title above it, so it is never the
first thing on its page and is never joined.
"""

from __future__ import annotations

import re

from ingest.readers.pdf_layout import PageItem
from ingest.readers.pdf_tables import PdfCell, PdfTable

COLUMN_TOLERANCE = 4.0


def join_continued(pages: list[list[PageItem]]) -> list[list[PageItem]]:
    out: list[list[PageItem]] = []
    open_table: PdfTable | None = None  # the table the last page ended with
    for items in pages:
        items = list(items)
        if open_table is not None and items and items[0].kind == "table":
            mapping = _column_map(open_table, items[0].table)
            if mapping is not None:
                _append(open_table, items.pop(0).table, mapping)
                if not items:
                    out.append(items)
                    continue
        open_table = items[-1].table if items and items[-1].kind == "table" else None
        out.append(items)
    return out


def _column_map(prev: PdfTable, nxt: PdfTable) -> list[int] | None:
    """Index in `prev` of each column rule of `nxt`, when every one of them falls on a rule of
    `prev` and both tables have the same outer rules; else None."""
    mapping = []
    for x in nxt.col_edges:
        i = min(range(len(prev.col_edges)), key=lambda k: abs(prev.col_edges[k] - x))
        if abs(prev.col_edges[i] - x) > COLUMN_TOLERANCE:
            return None
        mapping.append(i)
    if mapping[0] != 0 or mapping[-1] != len(prev.col_edges) - 1 or mapping != sorted(set(mapping)):
        return None
    return mapping


def _append(prev: PdfTable, nxt: PdfTable, mapping: list[int]) -> None:
    cells = [PdfCell(c.row, mapping[c.col], c.rowspan, mapping[c.col + c.colspan] - mapping[c.col], c.bbox, c.text,
                     c.glyphs) for c in nxt.cells]
    repeated = _repeated_header_rows(prev, cells, nxt.n_rows, prev.n_cols)
    offset = prev.n_rows - repeated
    for c in cells:
        if c.row >= repeated:
            prev.cells.append(PdfCell(c.row + offset, c.col, c.rowspan, c.colspan, c.bbox, c.text, c.glyphs))
    shift = prev.row_edges[-1] - nxt.row_edges[repeated]
    prev.row_edges.extend(y + shift for y in nxt.row_edges[repeated + 1:])
    prev.row_pages.extend(nxt.row_pages[repeated:])


def _repeated_header_rows(prev: PdfTable, cells: list[PdfCell], n_rows: int, n_cols: int) -> int:
    """How many of the continuation's first rows repeat the first rows of the table."""
    nxt_rows = _rows(cells, n_rows, n_cols)
    prev_rows = prev.grid()
    k = 0
    while k < min(len(nxt_rows), len(prev_rows)) - 1 and _same(nxt_rows[k], prev_rows[k]):
        k += 1
    return k


def _rows(cells: list[PdfCell], n_rows: int, n_cols: int) -> list[list[str]]:
    rows = [[""] * n_cols for _ in range(n_rows)]
    for c in cells:
        rows[c.row][c.col] = c.text
    return rows


def _same(a: list[str], b: list[str]) -> bool:
    squash = [re.sub(r"\s+", "", t) for t in a]
    return any(squash) and squash == [re.sub(r"\s+", "", t) for t in b]


HEADER_GAP = 12.0  # points between a header band and the body it heads


def stack_header_bands(tables: list[PdfTable]) -> list[PdfTable]:
    """Join a short table of labels only (no figures) to the table right below it when its
    column rules fall on the lower table's rules: a header printed as a separate band."""
    out: list[PdfTable] = []
    for table in sorted(tables, key=lambda t: t.top):
        band = out[-1] if out else None
        if band is not None and _heads(band, table):
            mapping = _column_map(table, band)
            if mapping is not None:
                out[-1] = _on_top(band, table, mapping)
                continue
        out.append(table)
    return out


def _heads(band: PdfTable, body: PdfTable) -> bool:
    from ingest.numbers import parse_cell

    if band.n_rows > 3 or not 0 <= body.top - band.bottom <= HEADER_GAP:
        return False
    return not any(parse_cell(c.text).kind in ("number", "composite") for c in band.cells)


def _on_top(band: PdfTable, body: PdfTable, mapping: list[int]) -> PdfTable:
    cells = [PdfCell(c.row, mapping[c.col], c.rowspan, mapping[c.col + c.colspan] - mapping[c.col], c.bbox, c.text,
                     c.glyphs) for c in band.cells]
    cells += [PdfCell(c.row + band.n_rows, c.col, c.rowspan, c.colspan, c.bbox, c.text, c.glyphs) for c in body.cells]
    joined = PdfTable(body.page, (min(band.bbox[0], body.bbox[0]), band.top, max(band.bbox[2], body.bbox[2]), body.bottom),
                      body.col_edges, band.row_edges + body.row_edges[1:], cells, band.row_pages + body.row_pages,
                      band.inner + body.inner)
    return joined
