"""Helpers shared by the structured readers (HTML, DOCX, HWPX, PDF).

Every format renders a table the way the .txt reports already look: one tab-separated line per
row, with a merged cell's text in its first (top-left) slot and empty fields in the slots it
covers, so columns stay aligned and a single table parser serves every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


def clean_cell(text: str | None) -> str:
    """Cell text on one line: a tab or newline inside a cell would break the row apart."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


def span(value: str | None) -> int:
    """A colspan/rowspan attribute; broken or absurd values count as 1."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return n if 1 <= n <= 1000 else 1


def layout_rows(rows: list[list[Cell]]) -> list[list[str]]:
    """Place cells on a grid: spans become empty fields so that columns stay aligned."""
    return [texts for texts, _ in _layout(rows)]


def _layout(rows: list[list[Cell]]) -> list[tuple[list[str], str]]:
    """Each row's texts and its cover marks (see Document.covers)."""
    covered: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    out_rows: list[tuple[list[str], str]] = []
    for row in rows:
        out: list[str] = []
        marks: list[str] = []
        started: dict[int, int] = {}
        for cell in row:
            _skip_covered(out, marks, covered)
            col = len(out)
            out.append(cell.text)
            out.extend([""] * (cell.colspan - 1))
            marks.append(".")
            marks.extend(["<"] * (cell.colspan - 1))
            if cell.rowspan > 1:
                started.update({c: cell.rowspan - 1 for c in range(col, col + cell.colspan)})
        _skip_covered(out, marks, covered, to_end=True)
        covered = {c: n - 1 for c, n in covered.items() if n > 1} | started
        out_rows.append((out, "".join(marks)))
    return out_rows


def _skip_covered(out: list[str], marks: list[str], covered: dict[int, int], to_end: bool = False) -> None:
    last = max(covered, default=-1)
    while len(out) in covered or (to_end and len(out) <= last):
        # a rowspan's slot is "^"; its columns right of the first, "+"
        marks.append("+" if len(out) in covered and len(out) - 1 in covered and marks and marks[-1] in "^+" else
                     "^" if len(out) in covered else ".")
        out.append("")


def table_lines(rows: list[list[Cell]]) -> list[str]:
    return ["\t".join(r) for r in layout_rows(rows) if any(r)]


def table_lines_with_covers(rows: list[list[Cell]]) -> list[tuple[str, str]]:
    return [("\t".join(texts), marks) for texts, marks in _layout(rows) if any(texts)]
