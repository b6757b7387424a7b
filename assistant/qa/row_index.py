"""An inverted index from the character bigrams of row labels, column headers and table titles to the
rows they name, so that table lookups score only the rows a question can be about (flat in the
number of reports), instead of every cell of every table."""

from __future__ import annotations

from collections import defaultdict

from assistant.index import LoadedIndex, RowRec, TableRec
from assistant.qa.terms import squash
from assistant.qa.types import Term

RowKey = tuple[str, int]  # (table id, row index)
SMALL_SCOPE = 3  # reports few enough that all their rows are candidates


def _grams(text: str) -> set[str]:
    t = squash(text)
    if len(t) == 1:
        return {t}
    return {t[i:i + 2] for i in range(len(t) - 1)}


class RowIndex:
    def __init__(self, index: LoadedIndex, table_context) -> None:
        self.tables: dict[str, TableRec] = index.tables
        self.rows: dict[RowKey, RowRec] = {}
        self.by_doc: dict[str, list[RowKey]] = defaultdict(list)
        self._label: dict[str, set[RowKey]] = defaultdict(set)  # bigram → rows whose own labels hold it
        self._table: dict[str, set[str]] = defaultdict(set)  # bigram → tables whose context holds it
        for table_id in sorted(index.tables):
            table = index.tables[table_id]
            for g in _grams(table_context(table)):
                self._table[g].add(table_id)
            for row in table.rows:
                key = (table_id, row.index)
                self.rows[key] = row
                self.by_doc[table.doc_id].append(key)
                own = " ".join(row.label_path) + " " + " ".join(" ".join(c.col_path) for c in row.cells)
                for g in _grams(own):
                    self._label[g].add(key)

    def _rows_with(self, term: str) -> set[RowKey]:
        grams = _grams(term)
        if not grams:
            return set()
        hits = None
        for g in sorted(grams):
            got = self._label.get(g, set())
            hits = set(got) if hits is None else hits & got
            if not hits:
                return set()
        return hits or set()

    def _tables_with(self, term: str) -> set[str]:
        grams = _grams(term)
        hits = None
        for g in sorted(grams):
            got = self._table.get(g, set())
            hits = set(got) if hits is None else hits & got
            if not hits:
                return set()
        return hits or set()

    def candidates(self, terms: tuple[Term, ...], docs: frozenset[str] | None, limit: int = 400) -> list[RowKey]:
        """Rows whose own labels, or whose table's title and section, carry a question term; every row
        of the allowed reports when the question names no item."""
        allowed = set(docs) if docs is not None else None
        named = [t for t in terms if len(squash(t.text)) >= 2]
        if not named:
            pool = [k for d in sorted(self.by_doc) if allowed is None or d in allowed for k in self.by_doc[d]]
            return pool[:limit * 4]
        score: dict[RowKey, float] = defaultdict(float)
        for t in named:
            for key in self._rows_with(t.text):
                score[key] += t.weight
            for table_id in self._tables_with(t.text):
                for row in self.tables[table_id].rows:
                    score[(table_id, row.index)] += 0.5 * t.weight
        keys = [k for k in score if allowed is None or self.tables[k[0]].doc_id in allowed]
        keys.sort(key=lambda k: (-score[k], k))
        if allowed is not None and len(allowed) <= SMALL_SCOPE:
            # the question names its reports: every row of theirs may be what it asks about
            named_keys = set(keys)
            keys += [k for d in sorted(allowed) for k in self.by_doc.get(d, []) if k not in named_keys]
        return keys[:limit]
