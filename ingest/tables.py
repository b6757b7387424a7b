"""Find every table in a report and turn it into typed cells.

Layouts found in the reports (and in what the readers emit for PDF/DOCX/HWPX/HTML):
- tab-separated blocks with multi-row headers, where merged header cells became empty fields;
- markdown pipe tables;
- HTML `<table>` fragments, also inside a tab cell;
- "flattened" tables whose columns became spaces and line breaks (001), with values and their
  percentages split over lines.

Every layout becomes the same grid → `Table` path, so header merging, row hierarchy, units and
as-of dates are handled once.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ingest.dates import find_as_of, parse_dates
from ingest.document import Document
from ingest.numbers import KNOWN_UNITS, NONE_MARKS, ParsedValue, parse_cell, parse_number
from ingest.structure import BULLET, Outline, clean_heading_text
from ingest.markup import TAG as _TAG

UNITS = (
    "백만원", "천원", "억원", "조원", "만원", "원", "개소", "개교", "개국", "명", "건", "개", "회",
    "일", "톤", "%", "권", "종", "부", "대", "팀", "편", "점", "㎡", "평", "시간", "호", "곳", "가구",
)
TOTAL_LABELS = {"계", "합계", "총계", "누계", "총괄"}
SUBTOTAL_LABELS = {"소계"}
SLOT_WORDS = ("정원", "현원", "여성", "예산", "집행", "사업수", "신청", "선정", "수행", "목표", "실적", "결원")
HEADER_VOCAB = (
    "구분", "합계", "총계", "소계", "계", "예산현액", "예산액", "집행액", "잔액", "비고", "횟수", "주요내용",
    "내용", "일반직", "별정직", "임기제", "정원", "현원", "목표", "실적", "달성률", "집행률", "사업명", "추진시기",
    "추진목표", "기간", "금액", "인원", "건수", "연도", "비율", "증감", "주요", "일정",
)
_QUARTER = re.compile(r"^~?\s*\d\s*/\s*\d$")
_YEARISH = re.compile(r"^(?:19|20)\d{2}\s*년?도?$|^['’′]\d{2}\s*년?$")
_UNIT_IN_PARENS = re.compile(r"\(\s*(" + "|".join(re.escape(u) for u in UNITS) + r")\s*\)")


@dataclass
class Cell:
    col: int
    col_path: list[str]
    raw: str
    value: float | None
    extra: list[float | None]
    is_none: bool
    unit: str | None
    line: int
    kind: str  # number | composite | none | text
    extra_units: list[str | None] = field(default_factory=list)
    as_of: str | None = None  # the table's date, or the column's own ("2021년(4.5.기준)")


@dataclass
class TableRow:
    index: int
    label_path: list[str]
    kind: str  # total | subtotal | item
    line: int
    lines: list[int]
    cells: list[Cell]

    @property
    def label(self) -> str:
        return self.label_path[-1] if self.label_path else ""


@dataclass
class Table:
    table_id: str
    doc_id: str
    index: int
    layout: str  # tab | markdown | html | flattened
    title: str
    section: list[str]
    first_line: int
    last_line: int
    header_lines: list[int]
    caption_lines: list[int]
    unit: str | None
    as_of: str | None
    columns: list[list[str]]
    rows: list[TableRow]
    slot_slash: list[str] = field(default_factory=list)  # names of "a/b" parts, e.g. 정원, 현원
    slot_paren: str | None = None  # name of the "(c)" part, e.g. 현원 or 여성
    notes: list[int] = field(default_factory=list)  # "※" lines right after the table

    def cells(self):
        for row in self.rows:
            yield from row.cells


# --------------------------------------------------------------------------- grid model
@dataclass
class _GridRow:
    cells: list[str]
    line: int
    lines: list[int] = field(default_factory=list)
    cell_lines: list[int] | None = None
    covers: str | None = None  # the reader's merge marks for this row (Document.covers)

    def covered(self, i: int, marks: str) -> bool:
        return self.covers is not None and i < len(self.covers) and self.covers[i] in marks


def _norm(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_dataish(cell: str) -> bool:
    t = _norm(cell)
    if not t or _QUARTER.match(t) or _YEARISH.match(t):
        return False
    pv = parse_cell(t)
    return pv.kind in ("number", "composite", "none")


def _is_numeric(cell: str) -> bool:
    t = _norm(cell)
    if not t or _QUARTER.match(t) or _YEARISH.match(t):
        return False
    return parse_cell(t).kind in ("number", "composite")


_UNIT_WORDS = sorted(KNOWN_UNITS, key=len, reverse=True)


def _is_value(cell: str) -> bool:
    """A cell that is a quantity, not a name that starts with one ("2025 부산오픈 테니스대회",
    "5월 중"): a number, "-", or numbers with their units and nothing else in Hangul."""
    if not _is_dataish(cell):
        return False
    rest = _norm(cell)
    for unit in _UNIT_WORDS:
        rest = rest.replace(unit, "")
    return not re.search(r"[가-힣]", rest)


def _row_is_data(cells: list[str]) -> bool:
    """A row with figures in it. "4 급", "5 급 이하" (a grade printed with a space) name columns."""
    def figure(c: str) -> bool:
        return _is_numeric(c) and (_is_value(c) or not re.match(r"^[\d,.]+\s+[가-힣]", _norm(c)))

    return any(figure(c) for c in cells[1:]) or (bool(cells) and figure(cells[0]) and len(cells) > 1)


def _header_row_count(rows: list[_GridRow]) -> int:
    if len(rows) < 2:
        return 0
    if _row_is_data(rows[0].cells) and not _all_short_labels(rows[0].cells):
        return 0
    k = 1
    while k < len(rows) - 1:
        cells = rows[k].cells
        if _row_is_data(cells):
            break
        prev = rows[k - 1].cells
        spans_above = any(not c.strip() for c in prev[1:])
        if not _all_short_labels(cells, limit=24 if cells and cells[0].strip() else 60):
            break
        if cells and cells[0].strip() and not spans_above:
            break
        k += 1
    return k


def _all_short_labels(cells: list[str], limit: int = 24) -> bool:
    filled = [_norm(c) for c in cells if _norm(c)]
    return bool(filled) and all(len(c) <= limit for c in filled)


_DECORATIVE = re.compile(r"^\s*[<\[【《〈]\s*(.*?)\s*[>\]】》〉]\s*$")


def _header_label(text: str) -> str:
    """A column label without the decorative brackets it is set in: "< 2024년 >" → 2024년."""
    t = _norm(text)
    m = _DECORATIVE.match(t)
    return m.group(1) if m and m.group(1) else t


def _column_paths(header: list[list[str]], width: int, rows: list["_GridRow"] | None = None) -> list[list[str]]:
    grid = [[_header_label(c) for c in row] + [""] * (width - len(row)) for row in header]
    filled = [list(r) for r in grid]
    last = len(grid) - 1
    known = rows is not None and all(r.covers is not None for r in rows)
    for r in range(len(grid)):
        for c in range(1, width):
            if known:
                # the reader knows which empty slots a merged header cell covers
                spans = rows[r].covered(c, "<+")
            else:
                spans = r < last and (r == 0 or not grid[r - 1][c])
            if not filled[r][c] and filled[r][c - 1] and spans:
                filled[r][c] = filled[r][c - 1]
    paths = []
    for c in range(width):
        path: list[str] = []
        for r in range(len(filled)):
            label = filled[r][c]
            if label and (not path or path[-1] != label):
                path.append(label)
        paths.append(path)
    return paths


def _label_kind(label_path: list[str]) -> str:
    if not label_path:
        return "item"
    label = squash(label_path[-1])
    if label in SUBTOTAL_LABELS:
        return "subtotal"
    if label in TOTAL_LABELS or label.startswith("총계") or (label.endswith("(현원)") and len(label_path) == 1 and label.startswith("정원")):
        return "total"
    return "item"


def _first_value_column(rows: list[_GridRow], width: int) -> int:
    """Index of the first value column, learned from well-formed rows (label in column 0, full width)."""
    firsts = []
    for row in rows:
        cells = row.cells
        if len(cells) == width and _norm(cells[0]):
            for i, c in enumerate(cells):
                if _is_value(c):
                    firsts.append(i)
                    break
    if not firsts:
        for row in rows:
            for i, c in enumerate(row.cells):
                if _is_value(c):
                    firsts.append(i)
                    break
    return min(firsts) if firsts else 1


# A bullet in front of a row label lists the row, it is not part of its name.
_LABEL_BULLET = re.compile(r"^[•∙▪◦]\s*")
DITTO = {"〃", "″", "\"", "”", "〃", "상동", "동"}


def _is_ditto(cell: str) -> bool:
    """'〃' under a label: the same as the row above."""
    return _norm(cell) in DITTO


def _grouped(rows: list[_GridRow], n: int) -> bool:
    """Column n groups the rows below its labels: a cell merged down over the next rows or a
    ditto mark ('〃'), or, without merge marks, a label with empty slots under it."""
    if any(n < len(r.cells) and _is_ditto(r.cells[n]) for r in rows):
        return True
    if any(r.covers is not None for r in rows):
        return any(r.covered(n, "^+") for r in rows)
    column = [_norm(r.cells[n]) if n < len(r.cells) else "" for r in rows]
    return bool(column) and bool(column[0]) and any(not c for c in column[1:]) and sum(map(bool, column)) >= 2


def _label_region(rows: list[_GridRow], columns: list[list[str]], width: int, limit: int) -> int:
    """How many leading columns (at most `limit`) name the rows: the category columns that group
    them (구분 → 사업예산 over three items) and the item column, together with any column the
    same header cell spans (a "구 분" printed over four indent columns) and columns that hold
    nothing (a shaded bar). A text column with a header of its own after the item column
    ("규모" beside "시설명") holds values."""
    n = 0
    item_seen = False
    for c in range(min(limit, width)):
        empty = not any(c < len(r.cells) and _norm(r.cells[c]) for r in rows)
        same_header = c > 0 and c < len(columns) and bool(columns[c]) and columns[c] == columns[c - 1]
        if empty or (same_header and n == c):
            n = c + 1
        elif not item_seen and _grouped(rows, c):
            n = c + 1
        elif not item_seen:
            item_seen = True
            n = c + 1
        else:
            break
    return max(n, 1) if limit >= 1 else 0


def _text_label_columns(rows: list[_GridRow], columns: list[list[str]], width: int) -> int:
    """Label columns of a table without numbers (a list of teams and their tasks, a schedule)."""
    return min(_label_region(rows, columns, width, width - 1 if width > 1 else 1), width)


def _is_serial_column(rows: list[_GridRow]) -> bool:
    """연번/순번: 1, 2, 3, … down the first column names the rows, it is not a quantity."""
    values = [_norm(r.cells[0]) for r in rows if r.cells and _norm(r.cells[0])]
    return len(values) >= 2 and values == [str(i) for i in range(1, len(values) + 1)]


def _numeric_label_columns(data: list[_GridRow], columns: list[list[str]], width: int) -> int:
    """Label columns of a table with numbers: the label region before the first value column,
    ending where a column sits under the same header group as a value column ("2024년 > 등급"
    beside "2024년 > 점수")."""
    if _is_serial_column(data):
        return 1
    first_value = _label_region(data, columns, width, _first_value_column(data, width))
    for c in range(1, first_value):
        path = columns[c] if c < len(columns) else []
        if len(path) >= 2 and any(len(columns[v]) >= 2 and columns[v][0] == path[0]
                                  for v in range(first_value, min(width, len(columns)))):
            return c
    return first_value


def _side_groups(columns: list[list[str]]) -> list[tuple[int, int]]:
    """Runs of columns under one top header cell ("정원별 인력 차등 지원 > 이용정원 | 지원인력"),
    as (first, last) column."""
    groups: list[tuple[int, int]] = []
    tops: list[str | None] = []
    for c, path in enumerate(columns):
        top = path[0] if len(path) >= 2 else None
        if groups and top is not None and tops[-1] == top and groups[-1][1] == c - 1:
            groups[-1] = (groups[-1][0], c)
        elif top is not None:
            groups.append((c, c))
            tops.append(top)
        else:
            groups.append((c, -1))  # a column without a group: breaks the pattern
            tops.append(None)
    return groups


def _split_side_by_side(rows: list[TableRow], columns: list[list[str]]) -> list[TableRow]:
    """Two tables printed side by side under their own group headers share the printed rows
    but not the row labels: the first column of every group after the first names that group's
    rows ("132㎡ 미만" for 설치비 beside "30명 이하" for 지원인력). Such a row becomes one row per
    group."""
    groups = _side_groups(columns)
    if len(groups) < 2 or any(last < first + 1 for first, last in groups) or groups[0][0] != 0:
        return rows
    for first, _ in groups[1:]:
        heads = [next((c for c in r.cells if c.col == first), None) for r in rows]
        if not heads or any(h is None or _is_value(h.raw) for h in heads):
            return rows
    out: list[TableRow] = []
    for row in rows:
        for g, (first, last) in enumerate(groups):
            cells = [c for c in row.cells if first <= c.col <= last]
            if g == 0:
                out.append(TableRow(len(out), row.label_path, row.kind, row.line, row.lines, cells))
                continue
            head = next(c for c in cells if c.col == first)
            label = [_norm(head.raw)]
            rest = [c for c in cells if c.col != first]
            out.append(TableRow(len(out), label, _label_kind(label), row.line, row.lines, rest))
    return out


def _owners(row: _GridRow, above: dict[int, str], resolved: list[str] = ()) -> dict[int, str]:
    """For each slot of a row with merge marks, the text of the cell that covers it: its own
    (with a ditto mark already resolved), the one to its left ("<"), or the one above ("^",
    "+")."""
    owners: dict[int, str] = {}
    for i, text in enumerate(row.cells):
        text = resolved[i] if i < len(resolved) else text
        if row.covered(i, "^+"):
            owners[i] = above.get(i, "")
        elif row.covered(i, "<"):
            owners[i] = owners.get(i - 1, "")
        else:
            owners[i] = _norm(text)
    return owners


def _build_rows(
    data: list[_GridRow], columns: list[list[str]], width: int, table_unit: str | None, col_parens: list[str | None],
    header: list[_GridRow] = (),
) -> list[TableRow]:
    numeric = any(_is_value(c) for r in data for c in r.cells)
    first_value = _numeric_label_columns(data, columns, width) if numeric else _text_label_columns(data, columns, width)
    marked = any(r.covers is not None for r in data)
    rows: list[TableRow] = []
    prev_labels: list[str] = []
    origin: dict[int, str] = {}  # label column -> text of the cell that covers it in the row above
    for hrow in header:  # a row label cell may start in the header band and reach down into the data
        if hrow.covers is not None:
            origin = _owners(hrow, origin)
    for idx, grow in enumerate(data):
        cells = grow.cells
        well_formed = not numeric or marked or (
            len(cells) == width
            and bool(_norm(cells[0]))
            and (first_value >= len(cells) or not _norm(cells[first_value]) or _is_dataish(cells[first_value]))
        )
        if well_formed:
            n_label = first_value
        else:
            prefix = 0
            while prefix < len(cells) and not _is_dataish(cells[prefix]):
                prefix += 1
            last_text = max((i for i in range(prefix) if _norm(cells[i])), default=-1)
            n_label = min(max(last_text + 1, first_value), prefix)
        offset = n_label - first_value
        label_cells = [_LABEL_BULLET.sub("", _norm(c)) for c in cells[:n_label]]
        for i, label in enumerate(label_cells):
            if _is_ditto(label):
                label_cells[i] = origin.get(i) or (prev_labels[i] if i < len(prev_labels) else "")
        if marked:
            for i in range(len(label_cells)):
                if grow.covered(i, "^+"):
                    label_cells[i] = origin.get(i, "")  # the merged cell above names this row too
            origin = _owners(grow, origin, label_cells)
        elif len(label_cells) > 1 and not label_cells[0] and prev_labels:
            label_cells[0] = prev_labels[0]  # a rowspan group label continues from the row above
        if not marked:
            origin.update({i: label for i, label in enumerate(label_cells) if label})
        label_path = [lab for lab in label_cells if lab]
        if label_cells and label_cells[0]:
            prev_labels = label_cells
        out_cells = []
        for i in range(n_label, len(cells)):
            raw = cells[i]
            text = _norm(raw)
            if not text:
                continue
            col = i - offset
            col_path = columns[col] if 0 <= col < len(columns) else []
            pv = parse_cell(text, table_unit)
            line = grow.cell_lines[i] if grow.cell_lines else grow.line
            out_cells.append(_make_cell(col, col_path, text, pv, table_unit, label_path, line,
                                        col_parens[col] if 0 <= col < len(col_parens) else None))
        rows.append(TableRow(idx, label_path, _label_kind(label_path), grow.line, grow.lines or [grow.line], out_cells))
    return rows


def unit_of_label(text: str) -> str | None:
    m = _UNIT_IN_PARENS.search(text)
    if m:
        return m.group(1)
    t = squash(text)
    if t == "%" or t.endswith("(%)") or t.endswith("률") or t.endswith("율") or t.endswith("%"):
        return "%"
    return None


def _make_cell(col, col_path, text, pv: ParsedValue, table_unit, label_path, line, col_paren) -> Cell:
    unit = pv.own_unit
    if unit is None and pv.kind != "text":
        for label in reversed(col_path):
            unit = unit_of_label(label)
            if unit:
                break
        if unit is None:
            for label in label_path:
                unit = unit_of_label(label)
                if unit:
                    break
        if unit is None:
            unit = table_unit
    extra_units = [u or (unit if pv.kind == "composite" and u is None and "/" in text.split("(")[0] else u)
                   for u in pv.extra_units]
    return Cell(col, list(col_path), text, pv.value, list(pv.extra), pv.is_none, unit, line, pv.kind, extra_units)


# --------------------------------------------------------------------------- captions
_CAPTION_UNIT = re.compile(r"단\s*위\s*[:：]?\s*([가-힣%㎡㎞]{1,4})(?=[\s,/)·]|$)")


def _unit_from_caption(text: str) -> str | None:
    """The unit printed after "단위", as printed: "(단위 : 천명, …)" → 천명, "단위:천원" → 천원."""
    m = _CAPTION_UNIT.search(text)
    if m:
        return m.group(1)
    if "단위" in text:
        after = text.split("단위", 1)[1]
        after = after.split(")")[0]
        for m in re.finditer("|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)), after):
            return m.group(0)
    return None


_NUMBER_WITH_UNIT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
                               + r")(?=[^가-힣]|$|에서|에|으로|로|이|가|은|는|을|를|의|와|과)")
_BARE_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _number_set(text: str) -> set[float]:
    return {float(m.group(0).replace(",", "")) for m in _BARE_NUMBER.finditer(text)}


def _unit_from_numbers(text: str, table_values: set[float]) -> str | None:
    """The unit of a number written in a sentence above the table that is also one of the table's own
    values ('2019년 423,227가구의 1인 가구가 …' over a 가구 table); a number of something else in that
    sentence ('증가(↑25.8%)') says nothing of the table's unit."""
    for m in _NUMBER_WITH_UNIT.finditer(text):
        if float(m.group(1).replace(",", "")) in table_values:
            return m.group(2)
    return None


def _is_caption(text: str) -> bool:
    return "단위" in text or bool(find_as_of(text))


@dataclass
class _Context:
    title: str
    caption_lines: list[int]
    unit: str | None
    as_of: str | None
    notes: list[int]


def _context(doc: Document, outline: Outline | None, first: int, last: int, header_texts: list[str]) -> _Context:
    lines = doc.lines
    caption_lines: list[int] = []
    visited: list[str] = []
    title = ""
    i = first - 1  # 1-based line just above the table
    seen_text = 0
    while i >= 1 and first - i <= 10:
        text = lines[i - 1]
        if "\t" in text:
            break
        if text.strip():
            visited.append(text)
            heading = _heading_at(outline, i)
            if _is_caption(text) and seen_text <= 1:
                caption_lines.insert(0, i)
                if not title and _caption_has_title(text):
                    title = _clean_title(text)
            else:
                seen_text += 1
                if not title:
                    title = _clean_title(text)
            # a label heading ("과목별 집행현황") sits between an item heading's caption and its table
            if seen_text >= 2 or (heading is not None and heading.level <= 3):
                break
        i -= 1
    unit = as_of = None
    for n in reversed(caption_lines):
        unit = unit or _unit_from_caption(lines[n - 1])
        as_of = as_of or find_as_of(lines[n - 1])
    for text in header_texts:
        unit = unit or _unit_from_caption(text)
        as_of = as_of or find_as_of(text)
    if unit is None:
        table_values = _number_set("\n".join(lines[first - 1:last]))
        for text in [lines[n - 1] for n in caption_lines] + visited:
            unit = unit or _unit_from_numbers(text, table_values)
    if as_of is None:
        for text in header_texts:
            dates = parse_dates(text)
            if dates:
                as_of = dates[0]
                break
    notes = []
    j = last + 1
    while j <= len(lines) and j - last <= 3:
        t = lines[j - 1].strip()
        if t.startswith(("※", "*", "＊")):
            notes.append(j)
        elif t and notes:
            break
        j += 1
    if not title and outline is not None:
        crumbs = outline.breadcrumb(first)
        title = crumbs[-1] if crumbs else ""
    if as_of is None:
        as_of = _section_as_of(doc, outline, first)
    return _Context(title, caption_lines, unit, as_of, notes)


def _section_as_of(doc: Document, outline: Outline | None, first: int) -> str | None:
    """A date printed on a heading the table sits under ("1 조직 및 인력 (2025. 1. 1. 현재)"),
    or right beside it on the line after, dates every table of that section. A date on a
    sibling item's line ("□ 조 직 … (2025. 1. 1. 기준)" above "□ 인 력") does not."""
    if outline is None or not (1 <= first <= len(outline.path_of_line)):
        return None
    for heading in reversed(outline.path_of_line[first - 1]):
        texts = [doc.lines[heading.line - 1]]
        if heading.line < len(doc.lines) and re.fullmatch(r"\s*\([^()]*\)\s*", doc.lines[heading.line]):
            texts.append(doc.lines[heading.line])
        for text in texts:
            found = find_as_of(text)
            if found:
                return found
    return None


def _heading_at(outline: Outline | None, line: int):
    if outline is None:
        return None
    for h in outline.path_of_line[line - 1][::-1]:
        if h.line == line or h.number_line == line:
            return h
    return None


def _caption_has_title(text: str) -> bool:
    stripped = squash(re.sub(r"\(.*?\)", "", text))
    return bool(re.search(r"[가-힣]{2,}", stripped.replace("기준", "").replace("단위", "").replace("현재", "")))


def _clean_title(text: str) -> str:
    t = clean_heading_text(text)
    t = re.sub(r"^[□■○◦●▶※\-\s]+", "", t)
    return " ".join(t.split())[:80]


def _slots(table_texts: list[str], note_texts: list[str]) -> tuple[list[str], str | None]:
    slash: list[str] = []
    paren: str | None = None
    words = "|".join(SLOT_WORDS)
    for text in table_texts:
        t = squash(text)
        m = re.search(rf"({words})[가-힣]*/({words})", t)
        if m and not slash:
            slash = [m.group(1), m.group(2)]
        m = re.search(rf"({words})\(({words})\)", t)
        if m and paren is None:
            if not slash:
                slash = [m.group(1)]
            paren = m.group(2)
    for text in note_texts:
        m = re.search(r"괄호\s*안은?\s*(?:부서별\s*)?([가-힣]+?)(?:공무원)?(?:수|인원)?$", text.strip())
        if m:
            paren = m.group(1)
    return slash, paren


# --------------------------------------------------------------------------- layouts
def _grid_to_table(doc, outline, layout, index, grid: list[_GridRow], header_count: int | None = None) -> Table | None:
    if len(grid) < 2:
        return None
    k = _header_row_count(grid) if header_count is None else header_count
    width = max(len(r.cells) for r in grid)
    columns = _column_paths([r.cells for r in grid[:k]], width, grid[:k]) if k else [[] for _ in range(width)]
    first, last = min(r.line for r in grid), max(max(r.lines or [r.line]) for r in grid)
    header_texts = [" ".join(r.cells) for r in grid[:k]]
    ctx = _context(doc, outline, first, last, header_texts)
    col_parens = [_column_paren(path) for path in columns]
    if k:
        # rows that swallowed a following table's cells (002: tab fields after an HTML cell) keep
        # only the columns the header names
        named = max((c for c, path in enumerate(columns) if path), default=width - 1) + 1
        grid = grid[:k] + [_GridRow(r.cells[:named], r.line, r.lines, r.cell_lines, r.covers) for r in grid[k:]]
    rows = _build_rows(grid[k:], columns, width, ctx.unit, col_parens, grid[:k])
    rows = _split_side_by_side(rows, columns)
    if not rows:
        return None
    _label_from_following_line(doc, rows, last)
    _date_cells(rows, ctx.as_of, doc.metadata.report_date)
    texts = [doc.lines[n - 1] for n in ctx.caption_lines] + header_texts + [ctx.title]
    texts += [r.label_path[0] for r in rows[:1] if r.label_path]
    slash, paren = _slots(texts, [doc.lines[n - 1] for n in ctx.notes])
    section = outline.breadcrumb(first) if outline is not None else []
    return Table(
        table_id=f"{doc.doc_id}#t{index}",
        doc_id=doc.doc_id,
        index=index,
        layout=layout,
        title=ctx.title,
        section=section,
        first_line=first,
        last_line=last,
        header_lines=sorted({r.line for r in grid[:k]}),
        caption_lines=ctx.caption_lines,
        unit=ctx.unit,
        as_of=ctx.as_of,
        columns=columns,
        rows=rows,
        slot_slash=slash,
        slot_paren=paren,
        notes=ctx.notes,
    )


def _date_cells(rows: list[TableRow], table_as_of: str | None, report_date: str | None) -> None:
    for row in rows:
        for cell in row.cells:
            cell.as_of = table_as_of
            for label in cell.col_path:
                own = _column_date(label, report_date)
                if own:
                    cell.as_of = own


def _column_date(label: str, report_date: str | None) -> str | None:
    """'2021년(4.5.기준)' → 2021-04-05; a bare '(4.5.기준)' takes the year from the label."""
    full = find_as_of(label) or (parse_dates(label) or [None])[0]
    if full:
        return full
    m = re.search(r"((?:19|20)\d{2})\s*년?\s*\(\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s*기준", label)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _label_from_following_line(doc: Document, rows: list[TableRow], last: int) -> None:
    """A label-less last row whose label was printed on the next line ("과부족" under a staffing table)."""
    if not rows or rows[-1].label_path:
        return
    j = last + 1
    while j <= len(doc.lines) and not doc.lines[j - 1].strip() and j - last <= 2:
        j += 1
    if j <= len(doc.lines):
        text = doc.lines[j - 1].strip()
        if re.fullmatch(r"[가-힣 ]{2,10}", text) and rows[-1].cells:
            rows[-1].label_path = [text]


def _column_paren(path: list[str]) -> str | None:
    for label in reversed(path):
        m = re.search(r"\(([^()]+)\)\s*$", label)
        if m:
            inner = m.group(1).strip()
            if unit_of_label(f"({inner})") or parse_dates(inner):
                continue
            return inner
    return None


def _split_tab_blocks(lines: list[str], covers: dict[int, str] | None = None) -> list[list[int]]:
    """Runs of consecutive tab lines, split where a new header row starts after long text rows.
    Rows whose reader knew the table's cells (merge marks) are never split by that guess: the
    reader already ends every table with a line that is not a table row."""
    covers = covers or {}
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, text in enumerate(lines):
        if "\t" in text and text.strip():
            known = (i + 1) in covers and (current[-1] + 1 if current else 0) in covers
            if current and not known and _starts_new_table(lines[current[-1]], text, len(current)):
                blocks.append(current)
                current = []
            current.append(i)
        else:
            if current:
                blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _starts_new_table(prev: str, text: str, size: int) -> bool:
    cells = [_norm(c) for c in text.split("\t")]
    filled = [c for c in cells if c]
    if len(filled) < 2 or _row_is_data(cells) or not _all_short_labels(cells):
        return False
    prev_cells = [_norm(c) for c in prev.split("\t")]
    prev_long = any(len(c) > 100 for c in prev_cells)
    return prev_long or (_row_is_data(prev_cells) and squash(cells[0]) in ("구분", "연도", "항목"))


def _tab_tables(doc: Document, outline: Outline | None, start_index: int) -> list[Table]:
    tables = []
    for block in _split_tab_blocks(doc.lines, doc.covers):
        grid = [_GridRow(doc.lines[i].split("\t"), i + 1, covers=doc.covers.get(i + 1)) for i in block]
        if len(grid) < 2:
            continue
        table = _grid_to_table(doc, outline, "tab", start_index + len(tables), grid)
        if table is not None:
            tables.append(table)
    return tables


_MD_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _markdown_tables(doc: Document, outline: Outline | None, start_index: int) -> list[Table]:
    tables = []
    i = 0
    lines = doc.lines
    while i < len(lines):
        if lines[i].strip().startswith("|") and i + 1 < len(lines) and _MD_SEP.match(lines[i + 1]):
            j = i + 2
            grid = [_GridRow(_md_cells(lines[i]), i + 1)]
            while j < len(lines) and lines[j].strip().startswith("|"):
                grid.append(_GridRow(_md_cells(lines[j]), j + 1))
                j += 1
            table = _grid_to_table(doc, outline, "markdown", start_index + len(tables), grid, header_count=1)
            if table is not None:
                tables.append(table)
            i = j
        else:
            i += 1
    return tables


def _md_cells(line: str) -> list[str]:
    t = line.strip()
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    return [c.strip() for c in t.split("|")]


class _HTMLTableParser(HTMLParser):
    """Collects <table> grids (rows of cells, colspan padded) from an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[str]], int, str]] = []
        self._stack: list[dict] = []
        self._text: list[str] = []  # text seen outside tables: the last of it captions the next table

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            lead = " ".join(" ".join(self._text).split())[-80:]
            self._stack.append({"rows": [], "row": None, "cell": None, "head_rows": 0, "in_head": False,
                                "lead": lead})
        elif not self._stack:
            return
        elif tag == "thead":
            self._stack[-1]["in_head"] = True
        elif tag == "tr":
            self._stack[-1]["row"] = []
        elif tag in ("td", "th"):
            span = attrs.get("colspan") or "1"
            self._stack[-1]["cell"] = {"text": [], "span": int(span) if span.isdigit() else 1, "th": tag == "th"}

    def handle_endtag(self, tag):
        if not self._stack:
            return
        t = self._stack[-1]
        if tag in ("td", "th") and t["cell"] is not None:
            cell = t["cell"]
            if t["row"] is not None:
                t["row"].append(" ".join("".join(cell["text"]).split()))
                t["row"].extend([""] * (cell["span"] - 1))
            t["cell"] = None
        elif tag == "tr" and t["row"] is not None:
            t["rows"].append(t["row"])
            if t["in_head"]:
                t["head_rows"] += 1
            t["row"] = None
        elif tag == "thead":
            t["in_head"] = False
        elif tag == "table":
            done = self._stack.pop()
            self.tables.append((done["rows"], done["head_rows"], done["lead"]))
            self._text = []

    def handle_data(self, data):
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["text"].append(data)
        elif not self._stack:
            self._text.append(data)


def _html_tables(doc: Document, outline: Outline | None, start_index: int) -> list[Table]:
    tables = []
    for i, text in enumerate(doc.lines):
        if "<table" not in text:
            continue
        parser = _HTMLTableParser()
        parser.feed(text)
        for rows, head_rows, lead in parser.tables:
            grid = [_GridRow(r, i + 1) for r in rows if any(c.strip() for c in r)]
            table = _grid_to_table(doc, outline, "html", start_index + len(tables), grid,
                                   header_count=head_rows or None)
            if table is not None:
                caption = _html_caption(lead)
                if caption:
                    table.title = caption
                # the row that holds the table says what it is about ("서울관광재단 해외 마케팅 …")
                first_cell = _norm(text.split("\t", 1)[0])
                if first_cell and first_cell not in " ".join(table.section):
                    table.section = table.section + [first_cell[:80]]
                tables.append(table)
    return tables


def _html_caption(lead: str) -> str:
    """The text right before a table inside a cell names it: '- '18년 공유재산 관리실적 및 대부료 징수 현황'."""
    parts = re.split(r"\s[-○□※]\s|^[-○□※]\s", lead.strip())
    last = parts[-1].strip(" -") if parts else ""
    return last if 4 <= len(last) <= 80 else ""


# --------------------------------------------------------------------------- flattened tables
_PAREN_TOKEN = re.compile(r"^\([\d.,]+%?\)$")


class _NumToken:
    """A flattened-table value token: a number with an optional quantity unit, or '-'."""

    @staticmethod
    def match(tok: str) -> bool:
        if tok in NONE_MARKS:
            return True
        return bool(re.match(r"^[△Δ\-−+]?\d", tok)) and parse_number(tok)[0] is not None


_NUM_TOKEN = _NumToken()


def _segment(run: str) -> list[str]:
    """Split a squashed header run such as '구분예산액집행액잔액비고' with the header vocabulary."""
    best: list[list[str] | None] = [None] * (len(run) + 1)
    best[0] = []
    for i in range(len(run)):
        if best[i] is None:
            continue
        for word in HEADER_VOCAB:
            if run.startswith(word, i):
                cand = best[i] + [word]
                j = i + len(word)
                if best[j] is None or len(cand) < len(best[j]):
                    best[j] = cand
    return best[len(run)] or [run]


def header_tokens(text: str) -> list[str]:
    """Tokens of a flattened header line; spaced-out words ('예 산 액') are rejoined."""
    tokens = text.split()
    out: list[str] = []
    run = ""
    for tok in tokens + [""]:
        if len(tok) == 1 and re.match(r"[가-힣]", tok):
            run += tok
            continue
        if run:
            out.extend(_segment(run) if len(run) > 1 else [run])
            run = ""
        if tok:
            out.append(tok)
    return out


def _is_flat_header(text: str) -> bool:
    if "\t" in text:
        return False
    toks = header_tokens(text.strip())
    return len(toks) >= 2 and toks[0] in ("구분", "연도", "항목") and len(text) <= 60


def _row_tokens(text: str) -> tuple[list[str], list[str], str] | None:
    """Split '계 341,200 127,576' into label tokens, value tokens and trailing text."""
    toks = text.split()
    i = 0
    while i < len(toks) and not _NUM_TOKEN.match(toks[i]):
        i += 1
    if i == 0 or i == len(toks):
        return None
    label = toks[:i]
    j = i
    while j < len(toks) and (_NUM_TOKEN.match(toks[j]) or _PAREN_TOKEN.match(toks[j])):
        j += 1
    return label, toks[i:j], " ".join(toks[j:])


def _attach_parens(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for tok, line in tokens:
        if _PAREN_TOKEN.match(tok) and out:
            out[-1] = (f"{out[-1][0]} {tok}", out[-1][1])
        else:
            out.append((tok, line))
    return out


def _flattened_tables(doc: Document, outline: Outline | None, start_index: int) -> list[Table]:
    lines = doc.lines
    tables = []
    i = 0
    while i < len(lines):
        if not _is_flat_header(lines[i]):
            i += 1
            continue
        table, end = _parse_flattened(doc, outline, i, start_index + len(tables))
        if table is not None:
            tables.append(table)
        i = max(end, i + 1)
    return tables


def _parse_flattened(doc, outline, start: int, index: int) -> tuple[Table | None, int]:
    lines = doc.lines
    header_idx = [start]
    j = start + 1
    rows: list[dict] = []
    current: dict | None = None
    while j < len(lines):
        text = lines[j].strip()
        if not text:
            j += 1
            continue
        if "\t" in lines[j] or (outline and (j + 1) in outline.heading_lines) or BULLET.match(text) or text[0] in "○□※◦●":
            break
        parsed = _row_tokens(text) if not rows or _starts_row(text) else None
        if parsed is not None and (current is None or _starts_row(text)):
            label, values, rest = parsed
            current = {"label": " ".join(label), "line": j + 1, "lines": [j + 1],
                       "values": [(v, j + 1) for v in values], "text": [rest] if rest else []}
            rows.append(current)
        elif current is None:
            header_idx.append(j)
        elif all(_NUM_TOKEN.match(t) or _PAREN_TOKEN.match(t) for t in text.split()):
            current["values"].extend((t, j + 1) for t in text.split())
            current["lines"].append(j + 1)
        else:
            current["text"].append(text)
            current["lines"].append(j + 1)
        j += 1
    if not rows:
        return None, j
    columns = _flat_columns([lines[h] for h in header_idx], max(len(_attach_parens(r["values"])) for r in rows))
    grid = []
    for r in rows:
        values = _attach_parens(r["values"])
        cells = [r["label"]] + [v for v, _ in values]
        cell_lines = [r["line"]] + [ln for _, ln in values]
        if r["text"] and len(columns) > len(values) + 1:
            cells.append(" ".join(r["text"]))
            cell_lines.append(r["lines"][-1])
        grid.append(_GridRow(cells, r["line"], r["lines"], cell_lines))
    header = [columns]
    table = _grid_to_table_flat(doc, outline, index, grid, header, [h + 1 for h in header_idx])
    return table, j


def _starts_row(text: str) -> bool:
    toks = text.split()
    return bool(toks) and not _NUM_TOKEN.match(toks[0]) and not _PAREN_TOKEN.match(toks[0])


def _flat_columns(header_lines: list[str], n_values: int) -> list[list[str]]:
    """Column paths: first line's extra tokens, then the leaf line, grouped by middle lines."""
    toks = [header_tokens(t.strip()) for t in header_lines]
    first = toks[0]
    label_col = [first[0]]
    if len(toks) == 1:
        return [label_col] + [[t] for t in first[1:]]
    leading = [[t] for t in first[1:]]
    leaf = toks[-1]
    groups = toks[1:-1][0] if len(toks) > 2 else []
    anchors = [i for i, t in enumerate(leaf) if t in ("소계", "계")]
    paths: list[list[str]] = []
    if groups and len(anchors) == len(groups):
        bounds = anchors + [len(leaf)]
        for g, name in enumerate(groups):
            paths.extend([name, t] for t in leaf[bounds[g]:bounds[g + 1]])
        paths = [[t] for t in leaf[: anchors[0]]] + paths
    else:
        paths = [[t] for t in leaf]
    return [label_col] + leading + paths


def _grid_to_table_flat(doc, outline, index, grid, header, header_lines) -> Table | None:
    columns = header[0]
    width = len(columns)
    first = header_lines[0]
    last = max(max(r.lines) for r in grid)
    header_texts = [doc.lines[h - 1] for h in header_lines]
    ctx = _context(doc, outline, first, last, header_texts)
    rows = _build_rows(grid, columns, width, ctx.unit, [None] * width)
    _date_cells(rows, ctx.as_of, doc.metadata.report_date)
    section = outline.breadcrumb(first) if outline is not None else []
    texts = [doc.lines[n - 1] for n in ctx.caption_lines] + header_texts + [ctx.title]
    slash, paren = _slots(texts, [doc.lines[n - 1] for n in ctx.notes])
    return Table(f"{doc.doc_id}#t{index}", doc.doc_id, index, "flattened", ctx.title, section, first, last,
                 header_lines, ctx.caption_lines, ctx.unit, ctx.as_of, columns, rows, slash, paren, ctx.notes)


def _inherit_html_titles(tables: list[Table]) -> None:
    """002 repeats an HTML cell's table as tab rows on the next lines: they share its caption."""
    html_by_line = {t.first_line: t for t in tables if t.layout == "html"}
    for t in tables:
        if t.layout != "tab":
            continue
        for delta in (1, 2):
            h = html_by_line.get(t.first_line - delta)
            if h is not None and [c for c in t.columns if c] == [c for c in h.columns if c]:
                t.title = h.title
                break


def _inherit_stacked_captions(doc: Document, tables: list[Table]) -> None:
    """A table printed right under another one, with nothing but a blank line between (a wide
    table set as two header/value blocks), shares the caption's unit and date of the first."""
    previous: Table | None = None
    for t in tables:
        gap = [doc.lines[n - 1] for n in range(previous.last_line + 1, t.first_line)] if previous else None
        if previous is not None and gap is not None and len(gap) <= 2 and not any(g.strip() for g in gap) \
                and not t.caption_lines and t.unit is None and t.as_of is None:
            t.unit, t.as_of = previous.unit, previous.as_of
            for row in t.rows:
                for cell in row.cells:
                    if cell.unit is None and cell.kind != "text":
                        cell.unit = previous.unit
                    if cell.as_of is None:
                        cell.as_of = previous.as_of
        previous = t


# --------------------------------------------------------------------------- entry point
def extract_tables(doc: Document, outline: Outline | None = None) -> list[Table]:
    """All tables of a document, ordered by position, with ids `doc#t0`, `doc#t1`, …"""
    found: list[Table] = []
    found += _tab_tables(doc, outline, 0)
    found += _markdown_tables(doc, outline, 0)
    found += _html_tables(doc, outline, 0)
    found += _flattened_tables(doc, outline, 0)
    if outline is not None and outline.cover_end:
        found = [t for t in found if t.first_line > outline.cover_end]
    _inherit_html_titles(found)
    found.sort(key=lambda t: (t.first_line, t.layout != "html"))
    _inherit_stacked_captions(doc, found)
    for i, table in enumerate(found):
        table.index = i
        table.table_id = f"{doc.doc_id}#t{i}"
    return found
