"""Rows the layout did not rule.

A report table often rules only its groups: one ruled row per 정책과제 holds five projects,
one per printed line, and each project's figures sit on the same printed line in the next
columns. Read as one cell per column, the five projects and their figures would become one
row. A ruled row is split into printed rows when two or more of its cells hold several lines
that line up across columns; a cell whose lines do not line up (a wrapped category name set in
the middle of the group) stays one cell spanning the new rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.readers.pdf_text import TextLine, cell_text, group_lines

if TYPE_CHECKING:
    from ingest.readers.pdf_tables import PdfCell, PdfTable

# Printed lines whose tops differ by less than this share of the line height line up.
ALIGN = 0.35
# Records are set further apart than the lines of one cell's wrapped text (measured: 1.9
# line heights between records, 1.2 between wrapped lines).
RECORD_PITCH = 1.6
BULLETS = set("•·∙▪◦‐-−–○◯●ㅇ□■◆◇▶▷▹►✓✔") | {chr(c) for c in range(0x2776, 0x2794)} | {chr(c) for c in range(0x2460, 0x2474)}


def split_unruled_rows(table: "PdfTable") -> None:
    plans: dict[int, tuple[list[float], int]] = {}
    for r in range(table.n_rows):
        found = _row_starts([c for c in table.cells if c.row == r and c.rowspan == 1])
        if found is not None:
            plans[r] = found
    if plans:
        _apply(table, plans)


def _lines(cell: "PdfCell") -> list[TextLine]:
    return group_lines(cell.glyphs, split_gaps=False) if cell.glyphs else []


def _row_starts(cells: list["PdfCell"]) -> tuple[list[float], int] | None:
    """Tops of the printed rows inside one ruled row (lines that start at the same height in
    two or more cells), and the first column whose cells are split at them (cells left of it
    name the group and stay whole). None when the row is one printed row."""
    lined = [(c, ls) for c, ls in ((c, _lines(c)) for c in cells) if len(ls) >= 2]
    if len(lined) < 2:
        return None
    all_lines = [l for _, ls in lined for l in ls]
    height = sorted(l.height for l in all_lines)[len(all_lines) // 2]
    tops: list[list[float]] = []
    for _, ls in lined:
        for line in ls:
            slot = next((t for t in tops if abs(t[0] - line.top) <= ALIGN * height), None)
            if slot is None:
                tops.append([line.top])
            else:
                slot.append(line.top)
    starts = sorted(t[0] for t in tops if len(t) >= 2)
    bulleted = _bullet_starts(lined)
    if bulleted is not None:
        # each bullet starts a record; lines of other cells between two bullets wrap the record
        starts, first = bulleted
        pitch = min(b - a for a, b in zip(starts, starts[1:]))
        return (starts, first) if pitch >= RECORD_PITCH * height else None
    if len(starts) < 2:
        return None
    pitch = min(b - a for a, b in zip(starts, starts[1:]))
    if pitch < RECORD_PITCH * height:
        return None  # as close as the lines of one wrapped paragraph
    first = _record_column(lined, starts)
    return (starts, first) if first is not None else None


def _bullet_starts(lined: list[tuple["PdfCell", list[TextLine]]]) -> tuple[list[float], int] | None:
    """Tops of the bullet lines of the first cell that lists records with bullets ("➊ …",
    "• …"), when at least two cells to its right have a line beside most of them."""
    for cell, lines in sorted(lined, key=lambda cl: cl[0].col):
        tops = [l.top for l in lines if l.text[:1] in BULLETS]
        if len(tops) < 2:
            continue
        height = sorted(l.height for l in lines)[len(lines) // 2]
        beside = sum(1 for c, ls in lined if c.col > cell.col
                     and sum(any(abs(l.top - t) <= ALIGN * height for l in ls) for t in tops) >= 0.5 * len(tops))
        if beside >= 2:
            return tops, cell.col
    return None


def _record_column(lined: list[tuple["PdfCell", list[TextLine]]], starts: list[float]) -> int | None:
    """The printed rows are records, not one cell's text wrapped beside another's (a header
    "감사(점검) / 기간" beside "수탁 / 기관"): a column lists them with bullets and two columns
    beside it give each a line, or, with three or more of them, one column gives each a
    figure of its own and another a line of its own.
    Returns the first column of the records (the bulleted one, or the first with a line per
    record)."""
    from ingest.numbers import parse_cell

    full = [(c, ls) for c, ls in lined if len(ls) == len(starts)]
    bulleted = [c.col for c, ls in lined if sum(l.text[:1] in BULLETS for l in ls) >= 2]
    # the bullets list records only when at least two columns to their right give each of
    # them a line of its own; bullets alone may list the points of one record
    bulleted = [b for b in bulleted if sum(1 for c, _ in full if c.col > b) >= 2]
    if bulleted:
        return min(bulleted)
    if len(starts) < 3:
        return None
    figures = [c for c, ls in full if all(parse_cell(l.text).kind in ("number", "composite", "none") for l in ls)]
    if len(full) >= 2 and figures:
        return min(c.col for c, _ in full)
    return None


def _apply(table: "PdfTable", plans: dict[int, tuple[list[float], int]]) -> None:
    from ingest.readers.pdf_tables import PdfCell

    new_row: dict[int, int] = {}  # old row -> first new row
    counts: dict[int, int] = {}
    edges: list[float] = [table.row_edges[0]]
    n = 0
    for r in range(table.n_rows):
        new_row[r] = n
        starts = plans[r][0] if r in plans else []
        counts[r] = max(1, len(starts))
        for start in starts[1:]:
            edges.append(start - 1.0)
        edges.append(table.row_edges[r + 1])
        n += counts[r]
    cells: list[PdfCell] = []
    for cell in table.cells:
        first = new_row[cell.row]
        span = sum(counts[r] for r in range(cell.row, cell.row + cell.rowspan))
        starts, first_col = plans.get(cell.row, ([], 0))
        if cell.rowspan == 1 and starts and cell.col >= first_col and _aligned(cell, starts):
            cells.extend(_pieces(cell, first, starts))
        else:
            cells.append(PdfCell(first, cell.col, span, cell.colspan, cell.bbox, cell.text, cell.glyphs))
    table.cells = cells
    table.row_edges = edges


def _aligned(cell: "PdfCell", starts: list[float]) -> bool:
    """Every line of the cell starts a printed row or wraps the one above, and none sits
    above the first."""
    lines = _lines(cell)
    if not lines:
        return True
    height = sorted(l.height for l in lines)[len(lines) // 2]
    return all(_slot(l.top, starts, height) is not None for l in lines)


def _slot(top: float, starts: list[float], height: float) -> int | None:
    """The printed row a line belongs to: the last start at or above it."""
    best = None
    for i, s in enumerate(starts):
        if top >= s - ALIGN * height:
            best = i
    return best


def _pieces(cell: "PdfCell", first: int, starts: list[float]) -> list["PdfCell"]:
    from ingest.readers.pdf_tables import PdfCell

    lines = _lines(cell)
    height = sorted(l.height for l in lines)[len(lines) // 2] if lines else 1.0
    by_slot: dict[int, list] = {}
    for line in lines:
        by_slot.setdefault(_slot(line.top, starts, height) or 0, []).extend(line.glyphs)
    width = cell.bbox[2] - cell.bbox[0]
    out = []
    for i in range(len(starts)):
        glyphs = by_slot.get(i, [])
        out.append(PdfCell(first + i, cell.col, 1, cell.colspan, cell.bbox, cell_text(glyphs, width), glyphs))
    return out
