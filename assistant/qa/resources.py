"""The read-only resources the stages share, built once per loaded index."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.index import LoadedIndex
from assistant.qa.cells import CellFacts, years_in
from assistant.qa.korean_text import clean_line
from assistant.qa.lexicon import Lexicon
from assistant.qa.linetree import LineTrees
from assistant.qa.retrieval import Retriever
from assistant.qa.row_index import RowIndex
from assistant.qa.terms import TermStats


@dataclass
class Resources:
    index: LoadedIndex
    lexicon: Lexicon
    stats: TermStats
    cells: CellFacts
    trees: LineTrees
    rows: RowIndex
    retriever: Retriever

    @classmethod
    def build(cls, index: LoadedIndex, embedder=None) -> "Resources":
        lexicon = Lexicon.build(index)
        chunks = [index.chunks[c] for c in sorted(index.chunks)]
        stats = TermStats([c.tokens for c in chunks], lexicon.corpus)
        cells = CellFacts(index)
        return cls(index, lexicon, stats, cells, LineTrees(index), RowIndex(index, cells.table_context),
                   Retriever(index, embedder))

    def doc_context(self, doc_id: str) -> str:
        doc = self.index.docs[doc_id]
        return " ".join(x for x in (doc.title, doc.organization or "", getattr(doc, "reported_to", "") or "") if x)

    def doc_years(self, doc_id: str) -> frozenset[int]:
        doc = self.index.docs[doc_id]
        ref = doc.report_date or (doc.as_of_dates[0] if doc.as_of_dates else None)
        return frozenset({int(ref[:4])}) if ref else frozenset()

    def line_context(self, doc_id: str, n: int, up: int = 4) -> str:
        """A line's parents in the section tree and its breadcrumb: what the line sits under."""
        tree = self.trees.of(doc_id)
        parents = [clean_line(self.index.line(doc_id, p)) for p in tree.ancestors(n, up)]
        return " ".join(reversed(parents))

    def section_years(self, doc_id: str, n: int) -> frozenset[int]:
        return years_in(self.line_context(doc_id, n, up=3))
