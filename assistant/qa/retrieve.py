"""Retrieve, once per question: passages (BM25 over Kiwi morphemes ⊕ dense vectors, fused by
reciprocal rank) and candidate table rows (the row index), both restricted to the scope. The parts
of a compound question reuse the question's passages (within their own scope) and look up only
their own rows."""

from __future__ import annotations

from assistant.qa.retrieval import Retriever
from assistant.qa.row_index import RowIndex
from assistant.qa.types import Frame, Passage, Retrieved, Scope

TOP_PASSAGES = 10  # passages whose lines the answerers read
ROW_LIMIT = 400  # candidate rows scored by the table answerers


def retrieve(frame: Frame, scope: Scope, retriever: Retriever, rows: RowIndex,
             passages: tuple[Passage, ...] | None = None) -> Retrieved:
    docs = set(scope.docs) if scope.docs is not None else None
    if passages is None:
        found = retriever.search(frame.text, docs, top_k=TOP_PASSAGES, years=frame.years)
        passages = tuple(Passage(p.chunk, round(p.score, 9), tuple(p.lines)) for p in found)
    elif docs is not None:
        passages = tuple(p for p in passages if p.doc_id in docs)
    keys = rows.candidates(frame.terms, scope.docs, limit=ROW_LIMIT)
    return Retrieved(passages, tuple((rows.tables[t], rows.rows[(t, i)], 0.0) for t, i in keys))
