"""Hybrid passage retrieval: BM25 over Kiwi morphemes ⊕ dense e5 vectors from Chroma, fused by
reciprocal-rank fusion and restricted by the question's filters; then the lines inside each
passage that best hold the answer, so that a citation is a bullet or a row, not a page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.index import ChunkRec, LoadedIndex
from assistant.qa.matching import BigramWeights, bigrams
from ingest.korean import content_terms, keyword_tokens
from ingest.markup import TAG as _TAG

RRF_K = 60


@dataclass
class Passage:
    chunk: ChunkRec
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None
    dense_sim: float = 0.0
    lines: list[tuple[int, float]] = field(default_factory=list)  # (line, relevance), best first

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id


class Retriever:
    def __init__(self, index: LoadedIndex, embedder) -> None:
        self.index = index
        self.embedder = embedder
        self.by_doc: dict[str, set[str]] = {}
        for c in index.chunks.values():
            self.by_doc.setdefault(c.doc_id, set()).add(c.chunk_id)
        texts = []
        for doc_id in index.docs:
            texts.extend(index.lines(doc_id))
        self.line_weights = BigramWeights(texts)

    def search(self, query: str, docs: set[str] | None = None, top_k: int = 8, pool: int = 30,
               prefer_sections: tuple[str, ...] = (), years: tuple[int, ...] = ()) -> list[Passage]:
        allowed = None
        if docs is not None:
            allowed = set().union(*(self.by_doc.get(d, set()) for d in docs)) if docs else set()
        tokens = keyword_tokens(query)
        fused: dict[str, Passage] = {}
        for rank, hit in enumerate(self.index.keyword.search(tokens, top_k=pool, allowed=allowed)):
            p = fused.setdefault(hit.chunk_id, Passage(self.index.chunks[hit.chunk_id], 0.0))
            p.bm25_rank = rank
            p.score += 1.0 / (RRF_K + rank)
        if self.embedder is not None:
            vec = self.embedder.embed_query(query)
            for rank, hit in enumerate(self.index.vectors.query(self.index.build_id, vec, pool,
                                                                 sorted(docs) if docs else None)):
                if hit.chunk_id not in self.index.chunks:
                    continue
                p = fused.setdefault(hit.chunk_id, Passage(self.index.chunks[hit.chunk_id], 0.0))
                p.dense_rank = rank
                p.dense_sim = hit.score
                p.score += 1.0 / (RRF_K + rank)
        if prefer_sections:
            for p in fused.values():
                crumbs = " ".join(p.chunk.breadcrumb[-2:])
                if any(s in crumbs for s in prefer_sections):
                    p.score += 0.004
        if years:
            # "2019년에 맺은 협약": passages that speak of that year ('19년, 2019) come first
            marks = [re.compile(rf"(?<!\d)({y}|['’‘′]{y % 100})(?!\d)") for y in years]
            for p in fused.values():
                where = " ".join(p.chunk.breadcrumb[-2:]) + " " + p.chunk.text[:600]
                if any(m.search(where) for m in marks):
                    p.score += 0.006
        ranked = sorted(fused.values(), key=lambda p: (-p.score, p.chunk.chunk_id))[:top_k]
        q_grams = bigrams(query)
        q_terms = set(content_terms(query))
        for p in ranked:
            p.lines = self.rank_lines(p.chunk, q_grams, q_terms)
        return ranked

    def rank_lines(self, chunk: ChunkRec, q_grams, q_terms: set[str]) -> list[tuple[int, float]]:
        out = []
        for n in chunk.line_ids:
            text = self.index.line(chunk.doc_id, n)
            if not text.strip():
                continue
            grams = bigrams(_strip_tags(text))
            cov = self.line_weights.coverage(grams, q_grams)
            terms = set(content_terms(_strip_tags(text)[:400]))
            term_cov = len(terms & q_terms) / max(len(q_terms), 1)
            out.append((n, 0.6 * cov + 0.4 * term_cov))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out




def _strip_tags(text: str) -> str:
    return _TAG.sub(" ", text)
