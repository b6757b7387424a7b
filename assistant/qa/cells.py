"""Table cells as facts: every number a cell holds, with the measure it stands for and the labels that
name it (row path, column path, table title, section, caption).

"28 (26)" under a '정원 (현원)' label is two facts, 정원 28 and 현원 26; "1,438,735 (70)" is an amount
and a count; "127,576 (37.4%)" an amount and its rate. Parsed once per cell and kept.
"""

from __future__ import annotations

import re

from assistant.index import CellRec, LoadedIndex, RowRec, TableRec
from assistant.qa.types import Fact
from assistant.qa.vocab.measures import PAREN_UNITS, column_measure, label_measure

CONTINUED_GAP = 2  # blank lines at most between a table and the band that continues it
MONEY_UNITS = ("천원", "백만원", "억원", "조원", "원", "만원")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)|['’‘′](\d{2})(?!\d)")


_BASE_YEAR = re.compile(r"\s*년?\s*(대비|보다|에\s*비해|比)")


def years_in(text: str, base: bool = True) -> frozenset[int]:
    """Every year a text writes ('2021', '’21'); without `base`, not a comparison's base year."""
    text = text or ""
    return frozenset(int(m.group(1)) if m.group(1) else 2000 + int(m.group(2)) for m in _YEAR.finditer(text)
                     if base or not _BASE_YEAR.match(text, m.end()))


def value_years(text: str) -> frozenset[int]:
    """The years a line's figures are of: every year in it but a comparison's base ('’24년 대비 7천원
    인상' is a 2025 figure compared with 2024)."""
    return years_in(text, base=False)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def common_suffix(labels: list[str], least: int = 3) -> str:
    """The ending every label shares ('업무추진비'), or '' when it is shorter than `least`."""
    if len(labels) < 2:
        return ""
    end = labels[0]
    for label in labels[1:]:
        k = 0
        while k < min(len(end), len(label)) and end[-1 - k] == label[-1 - k]:
            k += 1
        end = end[len(end) - k:] if k else ""
    return end if len(end) >= least else ""


def _column_paren(path: list[str]) -> str | None:
    for label in reversed(path):
        m = re.search(r"\(([가-힣]+)\)\s*$", label)
        if m:
            return m.group(1)
    return None


def _printed(raw: str, i: int, value: float | None) -> str:
    """The i-th number of a cell as printed ('38.0', '△12'), else the value formatted."""
    tokens = re.findall(r"[△Δ\-−]?\s*\d[\d,]*(?:\.\d+)?", raw) if "조" not in raw else []
    if value is None:
        return raw.strip()
    if i < len(tokens):
        tok = tokens[i].replace(" ", "")
        try:
            num = float(re.sub(r"[^\d.]", "", tok))
        except ValueError:
            num = None
        if num is not None and abs(abs(value) - num) < 1e-9:
            return ("-" if value < 0 else "") + re.sub(r"^[△Δ\-−]", "", tok)
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


class CellFacts:
    """Facts of every cell of the loaded index, computed lazily and kept per cell."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self._cache: dict[tuple[str, int, int], tuple[Fact, ...]] = {}
        self._context: dict[str, str] = {}
        self._columns: dict[tuple[str, int], str] = {}
        self._by_doc: dict[str, list[TableRec]] = {}

    def table_context(self, table: TableRec) -> str:
        """What names a table: title, section, caption lines, column headers; and for a band that
        continues the table right above it (a second header and row with no caption of its own),
        that table's title and caption too."""
        ctx = self._context.get(table.table_id)
        if ctx is None:
            caption = " ".join(self.index.line(table.doc_id, n) for n in table.caption_lines)
            headers = " ".join(" ".join(p) for p in table.columns)
            ctx = " ".join([table.title, " ".join(table.section[-3:]), caption, headers])
            above = self.band_above(table)
            if above is not None:
                ctx = " ".join([above.title, " ".join(self.index.line(above.doc_id, n) for n in above.caption_lines), ctx])
            self._context[table.table_id] = ctx
        return ctx

    def column_words(self, table: TableRec, col: int) -> str:
        """The text cells of one column in the table's other rows ('사업명 : 공적임대주택' above '투자비 :
        15조 450억원'): in a table whose rows are measures and whose columns are items, they name the
        column's item too. Text rows hold no numbers, so the cell store does not keep them."""
        key = (table.table_id, col)
        got = self._columns.get(key)
        if got is None:
            words = []
            for n in range(table.first_line, table.last_line + 1):
                if n in table.header_lines:
                    continue
                cells = self.index.line(table.doc_id, n).split("\t")
                if col < len(cells) and re.search(r"[가-힣]", cells[col]) and not re.search(r"\d", cells[col]):
                    words.append(cells[col].strip())
            got = self._columns[key] = " ".join(words)
        return got

    def band_above(self, table: TableRec) -> TableRec | None:
        """The table a captionless table continues: the one ending right above it, with only blank
        lines between."""
        if table.caption_lines:
            return None
        before = [t for t in self._doc_tables(table.doc_id) if t.last_line < table.first_line]
        if not before:
            return None
        prev = before[-1]
        gap = range(prev.last_line + 1, table.first_line)
        if len(gap) > CONTINUED_GAP or any(self.index.line(table.doc_id, n).strip() for n in gap):
            return None
        return prev

    def _doc_tables(self, doc_id: str) -> list[TableRec]:
        """A document's tables by their last line, listed once per document."""
        got = self._by_doc.get(doc_id)
        if got is None:
            got = sorted((t for t in self.index.tables.values() if t.doc_id == doc_id),
                         key=lambda t: (t.last_line, t.table_id))
            self._by_doc[doc_id] = got
        return got

    def of(self, table: TableRec, row: RowRec, cell: CellRec) -> tuple[Fact, ...]:
        key = (table.table_id, row.index, cell.col)
        got = self._cache.get(key)
        if got is None:
            got = tuple(self._facts(table, row, cell))
            self._cache[key] = got
        return got

    def row_facts(self, table: TableRec, row: RowRec) -> list[Fact]:
        return [f for cell in sorted(row.cells, key=lambda c: c.col) for f in self.of(table, row, cell)]

    def _facts(self, table: TableRec, row: RowRec, cell: CellRec):
        if cell.kind not in ("number", "composite", "none"):
            return
        col_m = column_measure(cell.col_path) if cell.col_path else None
        if cell.col_path and cell.col_path[-1].replace(" ", "") in ("%", "(%)"):
            # a bare % column is the rate of the amount to its left
            left = next((c for c in row.cells if c.col == cell.col - 1), None)
            left_m = column_measure(left.col_path) if left is not None and left.col_path else None
            col_m = {"집행액": "집행률", "지출액": "지출률"}.get(left_m or "", "비율")
        row_m = label_measure(row.label) if row.label else None
        main_m = col_m or row_m
        if main_m is None and cell.unit in MONEY_UNITS:
            main_m = "금액"
        if main_m is None and cell.unit == "%":
            main_m = "비율"
        head = cell.raw.split("(")[0]
        n_slash = head.count("/") + 1 if "/" in head else 1
        if table.slot_slash and (n_slash > 1 or ("(" in cell.raw and table.slot_paren)):
            # "28 (26)" under a "정원 (현원)" label, "39/38 (18)" under "정원/현원": the slots name the parts
            if not col_m or col_m in ("정원", "현원"):
                main_m = table.slot_slash[0]
        label = " ".join(row.label_path + cell.col_path)
        header = " ".join(cell.col_path)
        context = self.table_context(table)
        if row_m is not None and col_m is None:
            context += " " + self.column_words(table, cell.col)  # a row of a measure: the column is the item
        if row.kind in ("total", "subtotal"):
            # a total of rows that share a name is that name's total: '계' of 시설유지보수비 and
            # 장비유지보수비 is the 유지보수비 total
            context += " " + common_suffix([squash(" ".join(r.label_path)) for r in table.rows if r.kind == "item"])
        # the years the value is of: its column's ('2023년 예산'), else its row's ('2023년' rows of a
        # table whose columns are categories)
        col_years = years_in(header) or years_in(" ".join(row.label_path))
        ctx_years = years_in(context) | ({int(cell.as_of[:4])} if cell.as_of else frozenset()) | (
            {int(table.as_of[:4])} if table.as_of else frozenset())
        base = dict(doc_id=table.doc_id, line=cell.line, label=label, context=context, years=col_years, near=label,
                    context_years=frozenset(ctx_years), as_of=cell.as_of or table.as_of, table=table, row=row,
                    cell=cell, header=header, kind="cell")
        yield Fact(cell.value, cell.unit, _printed(cell.raw, 0, cell.value), main_m, is_none=cell.is_none,
                   part="main", **base)
        for i, extra in enumerate(cell.extra):
            if extra is None:
                continue
            if i < n_slash - 1:
                name = table.slot_slash[i + 1] if len(table.slot_slash) > i + 1 else None
                yield Fact(extra, cell.unit, _printed(cell.raw, i + 1, extra), name, part=f"slash{i + 1}", **base)
                continue
            inner = cell.raw.split("(", 1)[-1]
            if "%" in inner:
                name = {"집행액": "집행률", "지출액": "지출률"}.get(main_m or "", "비율")
                yield Fact(extra, "%", _printed(cell.raw, i + 1, extra), name, part="paren", **base)
                continue
            name = table.slot_paren or _column_paren(cell.col_path)
            unit = cell.unit if name in ("현원", "정원", "여성") else ("개" if name == "사업수" else PAREN_UNITS.get(name or ""))
            if name is None and cell.unit in ("건", "명", "회"):
                unit = cell.unit
            if name is None and cell.unit in MONEY_UNITS:
                name, unit = "건수", "건"  # "1,438,735 (70)": an amount with a count
            yield Fact(extra, unit, _printed(cell.raw, i + 1, extra), name, part="paren", **base)
