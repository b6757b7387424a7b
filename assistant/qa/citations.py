"""Citations a staff member can check at a glance: a table row with the header lines needed to read
it (and the item heading it sits under), or the bullet lines that state a fact."""

from __future__ import annotations

import re

from assistant.qa.answer import Citation
from assistant.index import ChunkRec, LoadedIndex, RowRec, TableRec
from assistant.qa.matching import norm


class Citer:
    """Collects citations for one answer and hands out their [n] numbers."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self.citations: list[Citation] = []

    def _add(self, cit: Citation) -> int:
        for i, c in enumerate(self.citations):
            if c.doc == cit.doc and c.lines == cit.lines and c.text == cit.text:
                return i + 1
        self.citations.append(cit)
        return len(self.citations)

    # ------------------------------------------------------------------ tables
    def row_span(self, table: TableRec, row: RowRec) -> list[int]:
        """Lines of one row: a tab row is one line; a flattened row runs until the next row starts."""
        starts = sorted({r.line for r in table.rows})
        i = starts.index(row.line) if row.line in starts else -1
        end = starts[i + 1] - 1 if 0 <= i < len(starts) - 1 else table.last_line
        lines = self.index.lines(table.doc_id)
        return [n for n in range(row.line, max(row.line, end) + 1) if n <= len(lines) and lines[n - 1].strip()]

    def heading_line(self, table: TableRec) -> int | None:
        """The item heading the table belongs to ('4 안전한 청사 관리를 위한 승강기 교체')."""
        lines = self.index.lines(table.doc_id)
        for title in reversed(table.section):
            key = norm(re.sub(r"^\d{1,2}\s+", "", title))
            if len(key) < 4:
                continue
            for n in range(table.first_line - 1, 0, -1):
                if norm(lines[n - 1]).endswith(key) or norm(lines[n - 1]) == key:
                    return n
            break
        return None

    def cite_rows(self, table: TableRec, rows: list[RowRec], with_heading: bool = True) -> int:
        lines = set(table.caption_lines) | set(table.header_lines)
        highlight: list[int] = []
        for row in rows:
            span = self.row_span(table, row)
            lines |= set(span)
            highlight.extend(span)
        heading = self.heading_line(table) if with_heading else None
        if heading is not None and table.first_line - heading <= 60:
            lines.add(heading)
        return self._add(self._citation(table.doc_id, sorted(lines), table=table.table_id, highlight=sorted(set(highlight)),
                                        section=" › ".join(self._doc_prefix(table.doc_id) + table.section)))

    # ------------------------------------------------------------------ passages
    def cite_lines(self, chunk: ChunkRec, lines: list[int], highlight: list[int] | None = None) -> int:
        return self._add(self._citation(chunk.doc_id, sorted(set(lines)), chunk_id=chunk.chunk_id,
                                        highlight=sorted(set(highlight or lines)), section=chunk.section))

    def cite_doc_lines(self, doc_id: str, lines: list[int], highlight: list[int] | None = None,
                       section: str = "") -> int:
        """Lines of a report that are not one chunk: a statement with the heading it sits under."""
        return self._add(self._citation(doc_id, sorted(set(lines)), highlight=sorted(set(highlight or lines)),
                                        section=section))

    # ------------------------------------------------------------------ helpers
    def _doc_prefix(self, doc_id: str) -> list[str]:
        doc = self.index.docs[doc_id]
        return [doc.title]

    def _citation(self, doc_id: str, lines: list[int], section: str, table: str | None = None,
                  chunk_id: str | None = None, highlight: list[int] | None = None) -> Citation:
        doc = self.index.docs[doc_id]
        text = "\n".join(self.index.line(doc_id, n) for n in lines)
        return Citation(
            doc=doc_id, title=doc.title, section=section, lines=[lines[0], lines[-1]], text=text,
            page=self.index.page(doc_id, lines[0]), chunk_id=chunk_id, table=table, highlight=highlight or [],
        )

    def make_related(self, chunk: ChunkRec, lines: list[int]) -> Citation:
        return self._citation(chunk.doc_id, sorted(set(lines)), chunk.section, chunk_id=chunk.chunk_id)
