"""What a staff member sees when they open a citation: the cited lines in their report with a
little context, and for a figure the table itself with the cited cell marked, its unit and as-of date.

Only documents of the current build are served, looked up by id. Nothing in a request is ever
used as a path: an unknown id is an error, not a file lookup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from assistant.index import LoadedIndex, TableRec

CONTEXT_LINES = 3
MAX_SPAN = 80  # a cited range longer than this is cut (a citation is a row or a bullet group)


class SourceNotFound(LookupError):
    """The requested document is not in the index (or the line range is outside it)."""


@dataclass
class SourceLine:
    n: int
    text: str
    highlight: bool


@dataclass
class CellMark:
    row: str
    column: str
    raw: str
    unit: str | None
    as_of: str | None


@dataclass
class SourceView:
    doc: str
    title: str
    organization: str | None
    lines: list[SourceLine]
    table_id: str | None = None
    cells: list[CellMark] = field(default_factory=list)
    html: str = ""

    def to_json(self) -> dict:
        return {
            "doc": self.doc,
            "title": self.title,
            "organization": self.organization,
            "lines": [{"n": ln.n, "text": ln.text, "highlight": ln.highlight} for ln in self.lines],
            "table": self.table_id,
            "cells": [c.__dict__ for c in self.cells],
            "html": self.html,
        }


def build_source_view(index: LoadedIndex, doc: str, first: int, last: int, table_id: str | None = None,
                      highlight: list[int] | None = None, figures: list[dict] | None = None) -> SourceView:
    info = index.docs.get(doc)
    if info is None:
        raise SourceNotFound(f"색인에 없는 문서입니다: {doc[:80]}")
    total = info.n_lines or len(index.lines(doc))
    first, last = int(first), int(last)
    if not (1 <= first <= total) or last < first:
        raise SourceNotFound(f"문서 '{info.title}'에 {first}–{last}행이 없습니다(전체 {total}행).")
    last = min(last, total, first + MAX_SPAN - 1)
    marked = set(highlight or []) or set(range(first, last + 1))
    lo, hi = max(1, first - CONTEXT_LINES), min(total, last + CONTEXT_LINES)
    lines = [SourceLine(n, index.line(doc, n), n in marked) for n in range(lo, hi + 1)]

    table = index.tables.get(table_id) if table_id else None
    if table is not None and (table.doc_id != doc or not table.rows):
        table = None  # a table of text only has no cells to show: the lines say it all
    cells = _cited_cells(table, figures or [], marked) if table is not None else []
    view = SourceView(doc, info.title, info.organization, lines, table.table_id if table else None, cells)
    view.html = render_html(view, table, figures or [], marked)
    return view


def _column_matches(col_path: list[str], column: str) -> bool:
    joined = " > ".join(col_path)
    return bool(joined) and (column == joined or column.startswith(joined + " ("))


def _cited_cells(table: TableRec, figures: list[dict], marked: set[int]) -> list[CellMark]:
    out: list[CellMark] = []
    for f in figures:
        if f.get("table") != table.table_id or f.get("computed"):
            continue
        for row in table.rows:
            for cell in row.cells:
                if cell.line == f.get("line") and _column_matches(cell.col_path, f.get("column", "")):
                    mark = CellMark(" > ".join(row.label_path), " > ".join(cell.col_path), cell.raw,
                                    cell.unit or table.unit, cell.as_of or table.as_of)
                    if mark not in out:
                        out.append(mark)
    return out


def _esc(text: str) -> str:
    return html.escape(text or "", quote=True)


def render_html(view: SourceView, table: TableRec | None, figures: list[dict], marked: set[int]) -> str:
    parts = [f'<div class="source-view" data-doc="{_esc(view.doc)}">',
             f'<div class="source-title">{_esc(view.title)}</div>']
    if table is not None:
        parts.append(_table_html(table, figures, marked))
        if view.cells:
            notes = []
            for c in view.cells:
                meta = " · ".join(x for x in (f"단위 {c.unit}" if c.unit else "", f"기준 {c.as_of}" if c.as_of else "") if x)
                notes.append(f'<li><b>{_esc(c.row)}</b> › {_esc(c.column)}: <span class="cell-value">{_esc(c.raw)}</span>'
                             f'{" (" + _esc(meta) + ")" if meta else ""}</li>')
            parts.append('<ul class="cell-notes">' + "".join(notes) + "</ul>")
        elif table.unit or table.as_of:
            meta = " · ".join(x for x in (f"단위 {table.unit}" if table.unit else "", f"기준 {table.as_of}" if table.as_of else "") if x)
            parts.append(f'<div class="cell-notes">{_esc(meta)}</div>')
        parts.append('<div class="source-subtitle">보고서 원문</div>')
    parts.append('<ol class="source-lines">')
    for ln in view.lines:
        cls = ' class="hl"' if ln.highlight else ""
        text = _esc(ln.text).replace("\t", '<span class="tab">⇥</span>') or "&nbsp;"
        parts.append(f'<li value="{ln.n}"{cls} data-line="{ln.n}"><span class="ln">{ln.n}</span> {text}</li>')
    parts.append("</ol></div>")
    return "".join(parts)


def _table_html(table: TableRec, figures: list[dict], marked: set[int]) -> str:
    # the leading columns that hold no cells are the row labels (사업명, 구분): shown as the row header
    used = {c.col for r in table.rows for c in r.cells}
    first_data = min(used, default=0)
    data_cols = list(range(first_data, len(table.columns)))
    heads = list(dict.fromkeys(" ".join(table.columns[i]) for i in range(first_data) if table.columns[i]))
    label_head = " > ".join(heads) or "항목"
    columns = [table.columns[i] for i in data_cols]
    depth = max((len(p) for p in columns), default=0)
    caption = " · ".join(x for x in (table.title, f"단위: {table.unit}" if table.unit else "",
                                      f"기준: {table.as_of}" if table.as_of else "") if x)
    out = [f'<table class="source-table" data-table="{_esc(table.table_id)}"><caption>{_esc(caption)}</caption><thead>']
    # header rows from the merged column paths; a repeated parent is shown once with a colspan
    for level in range(depth):
        out.append("<tr>" + (f"<th>{_esc(label_head)}</th>" if level == 0 else "<th></th>"))
        run: list[str] = []
        labels = [(p[level] if level < len(p) else "") for p in columns]
        i = 0
        while i < len(labels):
            j = i
            while level < depth - 1 and j + 1 < len(labels) and labels[j + 1] == labels[i] and labels[i]:
                j += 1
            run.append(f'<th colspan="{j - i + 1}">{_esc(labels[i])}</th>' if j > i else f"<th>{_esc(labels[i])}</th>")
            i = j + 1
        out.append("".join(run) + "</tr>")
    out.append("</thead><tbody>")
    wanted = {(f.get("line"), f.get("column", "")) for f in figures if f.get("table") == table.table_id}
    for row in table.rows:
        row_cls = ["total"] if row.kind == "total" else []
        if row.line in marked:
            row_cls.append("hl-row")
        attr = f' class="{" ".join(row_cls)}"' if row_cls else ""
        cells = {c.col: c for c in row.cells}
        tds = []
        for col in data_cols:
            c = cells.get(col)
            raw = c.raw if c else ""
            hit = c is not None and any(line == c.line and _column_matches(c.col_path, column) for line, column in wanted)
            title = ""
            if c is not None:
                meta = " · ".join(x for x in (c.unit or table.unit or "", c.as_of or table.as_of or "") if x)
                title = f' title="{_esc(meta)}"' if meta else ""
            tds.append(f'<td class="hl-cell"{title}>{_esc(raw)}</td>' if hit else f"<td{title}>{_esc(raw)}</td>")
        out.append(f'<tr{attr} data-line="{row.line}"><th scope="row">{_esc(" > ".join(row.label_path))}</th>{"".join(tds)}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


SOURCE_CSS = """
.source-view { font-size: 0.92rem; }
.source-title { font-weight: 700; margin-bottom: 0.4rem; }
.source-subtitle { font-weight: 600; margin: 0.8rem 0 0.2rem; }
.source-lines { list-style: none; padding-left: 0; margin: 0; font-family: ui-monospace, monospace; white-space: pre-wrap; }
.source-lines li { padding: 1px 4px; border-left: 3px solid transparent; }
.source-lines li.hl { background: #fff3b0; border-left-color: #e0a800; color: #222; }
.source-lines .ln { color: #888; display: inline-block; min-width: 3.2em; text-align: right; margin-right: 0.6em; }
.source-lines .tab { color: #bbb; }
.source-table { border-collapse: collapse; margin: 0.3rem 0; font-size: 0.88rem; }
.source-table caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
.source-table th, .source-table td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; }
.source-table th[scope=row] { text-align: left; }
.source-table tr.total { font-weight: 700; }
.source-table tr.hl-row { background: #fff8d6; color: #222; }
.source-table td.hl-cell { background: #ffd54f; color: #000; font-weight: 700; outline: 2px solid #e0a800; }
.cell-notes { margin: 0.3rem 0; }
"""
