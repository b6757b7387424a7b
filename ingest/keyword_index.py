"""BM25 over Kiwi morphemes (bm25s), persisted per build under `index/bm25/<build_id>`.

llama-index's BM25Retriever splits on spaces, which misses Korean particles and compounds; here
every chunk is indexed by its content morphemes (see ingest.korean.keyword_tokens).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class KeywordHit:
    chunk_id: str
    score: float


class KeywordIndex:
    def __init__(self, chunk_ids: list[str], retriever) -> None:
        self.chunk_ids = chunk_ids
        self.retriever = retriever
        self.position = {cid: i for i, cid in enumerate(chunk_ids)}
        self.vocab = set(getattr(retriever, "vocab_dict", {}) or {})

    @classmethod
    def build(cls, chunk_ids: list[str], token_lists: list[list[str]]) -> "KeywordIndex":
        import bm25s

        retriever = bm25s.BM25()
        # an empty token list would break bm25s; a placeholder keeps positions aligned
        corpus = [toks if toks else ["∅"] for toks in token_lists]
        retriever.index(corpus, show_progress=False)
        return cls(list(chunk_ids), retriever)

    def save(self, directory: Path) -> None:
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.retriever.save(str(tmp), show_progress=False)
        (tmp / "chunk_ids.json").write_text(json.dumps(self.chunk_ids, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(directory, ignore_errors=True)
        tmp.rename(directory)

    @classmethod
    def load(cls, directory: Path) -> "KeywordIndex":
        import bm25s

        retriever = bm25s.BM25.load(str(directory), show_progress=False)
        ids = json.loads((directory / "chunk_ids.json").read_text(encoding="utf-8"))
        return cls(ids, retriever)

    def search(self, tokens: list[str], top_k: int, allowed: set[str] | None = None) -> list[KeywordHit]:
        query = [t for t in tokens if t in self.vocab]
        if not query or not self.chunk_ids:
            return []
        mask = None
        if allowed is not None:
            mask = np.zeros(len(self.chunk_ids), dtype=np.float32)
            for cid in allowed:
                pos = self.position.get(cid)
                if pos is not None:
                    mask[pos] = 1.0
            if not mask.any():
                return []
        k = min(top_k, len(self.chunk_ids))
        docs, scores = self.retriever.retrieve([query], k=k, show_progress=False, weight_mask=mask)
        return [
            KeywordHit(self.chunk_ids[int(d)], float(s))
            for d, s in zip(docs[0], scores[0])
            if float(s) > 0
        ]
