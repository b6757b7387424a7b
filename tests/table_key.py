"""Comparing stored table cells with a hand-checked key of real PDF pages.

A key entry is one printed cell: `doc`, `page`, `table` (a title for people), `row_path`,
`col_path`, `value` as printed, `unit`, `as_of`. A stored cell matches it when:

- it is in the same document and on the same page (the page of its source line);
- its row path and column path are the key's, element by element, each compared with all
  whitespace removed (reports letter-space labels, "총 계", and wrap them inside narrow cells,
  so the key writes them squashed);
- its printed text is the key's value with all whitespace removed, or, for a number, both
  parse to the same value and the same secondary numbers ("1,438,735 (70)").

Units and as-of dates are scored separately over the matched cells: a unit matches when it is
the key's unit (a key unit listing several, "건, 명, 천원", matches any one of them; where the
key has none, a unit printed in the cell itself, "722㎡", matches too), and an
as-of date when the stored ISO date starts with the key's (the key writes "2025" for "'25년
본예산", "2025-01-01" for "2025. 1. 1. 기준").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


def squash(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


@dataclass
class StoredCell:
    doc: str
    page: int | None
    row_path: list[str]
    col_path: list[str]
    raw: str
    unit: str | None
    as_of: str | None


@dataclass
class KeyResult:
    total: int = 0
    matched: int = 0
    unit_ok: int = 0
    as_of_ok: int = 0
    misses: list[dict] = field(default_factory=list)
    unit_misses: list[tuple[dict, StoredCell]] = field(default_factory=list)
    as_of_misses: list[tuple[dict, StoredCell]] = field(default_factory=list)

    @property
    def exact(self) -> float:
        return self.matched / self.total if self.total else 0.0


def load_key(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _numbers(text: str) -> tuple[float | None, tuple]:
    from ingest.numbers import parse_cell

    pv = parse_cell(text)
    return pv.value, tuple(pv.extra)


def same_value(key_value: str, raw: str) -> bool:
    if squash(key_value) == squash(raw):
        return True
    a, b = _numbers(key_value), _numbers(raw)
    return a[0] is not None and a == b


def unit_matches(key_unit: str | None, unit: str | None, raw: str = "") -> bool:
    if not key_unit:
        # a unit printed in the cell itself ("722㎡") is the cell's unit even where the key,
        # which records the table's unit, has none
        return not unit or squash(unit) in squash(raw)
    options = {squash(u) for u in re.split(r"[,/]", key_unit) if squash(u)}
    return squash(unit) in options


def as_of_matches(key_as_of: str | None, as_of: str | None) -> bool:
    if not key_as_of:
        return not as_of
    return bool(as_of) and as_of.startswith(key_as_of)


def compare(key: list[dict], cells: list[StoredCell]) -> KeyResult:
    index: dict[tuple, list[StoredCell]] = {}
    for c in cells:
        index.setdefault((c.doc, c.page, tuple(map(squash, c.row_path)), tuple(map(squash, c.col_path))), []).append(c)
    result = KeyResult()
    for entry in key:
        result.total += 1
        k = (entry["doc"], entry["page"], tuple(map(squash, entry["row_path"])), tuple(map(squash, entry["col_path"])))
        found = next((c for c in index.get(k, []) if same_value(entry["value"], c.raw)), None)
        if found is None:
            result.misses.append(entry)
            continue
        result.matched += 1
        if unit_matches(entry.get("unit"), found.unit, found.raw):
            result.unit_ok += 1
        else:
            result.unit_misses.append((entry, found))
        if as_of_matches(entry.get("as_of"), found.as_of):
            result.as_of_ok += 1
        else:
            result.as_of_misses.append((entry, found))
    return result


def cells_of_parsed(parsed) -> list[StoredCell]:
    """The cells of a parsed document (ingest.pipeline.Parsed), each with its page."""
    doc = parsed.doc
    out = []
    for table in parsed.tables:
        for row in table.rows:
            for cell in row.cells:
                out.append(StoredCell(doc.doc_id, doc.page_of(cell.line), list(row.label_path), list(cell.col_path),
                                      cell.raw, cell.unit, cell.as_of))
    return out
