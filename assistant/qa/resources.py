"""The read-only resources the stages share, built once per loaded index."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from assistant.index import LoadedIndex
from assistant.qa.cells import CellFacts, years_in
from assistant.qa.korean_text import clean_line, heading_key
from assistant.qa.lexicon import Lexicon
from assistant.qa.linetree import LineTrees
from assistant.qa.retrieval import Retriever
from assistant.qa.row_index import RowIndex
from assistant.qa.terms import TermStats


TEMPLATE_REPEATS = 3  # a heading that recurs this often in one report is its template ('추진상황' under every project)


@dataclass
class Resources:
    index: LoadedIndex
    lexicon: Lexicon
    stats: TermStats
    cells: CellFacts
    trees: LineTrees
    rows: RowIndex
    retriever: Retriever
    _table_spans: dict = field(default_factory=dict)
    _heading_counts: dict = field(default_factory=dict)

    @classmethod
    def build(cls, index: LoadedIndex, embedder=None) -> "Resources":
        lexicon = Lexicon.build(index)
        chunks = [index.chunks[c] for c in sorted(index.chunks)]
        stats = TermStats([c.tokens for c in chunks], lexicon.corpus)
        cells = CellFacts(index)
        return cls(index, lexicon, stats, cells, LineTrees(index), RowIndex(index, cells.table_context),
                   Retriever(index, embedder))

    def table_at(self, doc_id: str, n: int):
        """The table whose lines include line n of a document, or None."""
        spans = self._table_spans.get(doc_id)
        if spans is None:
            spans = sorted((t.first_line, t.last_line, t.table_id) for t in self.index.tables.values() if t.doc_id == doc_id)
            self._table_spans[doc_id] = spans
        for first, last, table_id in spans:
            if first <= n <= last:
                return self.index.tables[table_id]
        return None

    def is_template_heading(self, doc_id: str, text: str) -> bool:
        """Whether `text` is one of the report's template subheadings (사업개요, 추진상황, 향후계획),
        which recur under every project and so name none: that many headings of the document read as it
        once numbering and parentheses are set aside."""
        counts = self._heading_counts.get(doc_id)
        if counts is None:
            tree = self.trees.of(doc_id)
            counts = Counter(heading_key(self.index.line(doc_id, n)) for n in tree.headings())
            self._heading_counts[doc_id] = counts
        key = heading_key(text)
        return bool(key) and counts.get(key, 0) >= TEMPLATE_REPEATS

    def doc_context(self, doc_id: str) -> str:
        doc = self.index.docs[doc_id]
        return " ".join(x for x in (doc.title, doc.organization or "", getattr(doc, "reported_to", "") or "") if x)

    def doc_years(self, doc_id: str) -> frozenset[int]:
        doc = self.index.docs[doc_id]
        ref = doc.report_date or (doc.as_of_dates[0] if doc.as_of_dates else None)
        return frozenset({int(ref[:4])}) if ref else frozenset()

    def line_context(self, doc_id: str, n: int, up: int = 4) -> str:
        """What a line sits under: its parents in the section tree, and the nearest bullet above it
        (a table written out as lines sits under the ○ that introduces it, whatever its rank)."""
        tree = self.trees.of(doc_id)
        above = tree.ancestors(n, up)
        lead = tree.lead_bullet(n)
        if lead and lead not in above:
            above.append(lead)
        return " ".join(clean_line(self.index.line(doc_id, p)) for p in sorted(above))

    def section_years(self, doc_id: str, n: int) -> frozenset[int]:
        return years_in(self.line_context(doc_id, n, up=3))
