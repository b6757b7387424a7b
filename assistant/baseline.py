"""The naive pipeline a user would otherwise build from LlamaIndex's starter tutorial, for the
side-by-side benchmark: SimpleDirectoryReader over the reports, SentenceSplitter with its
defaults, the same embedding model as ours, a Chroma collection, top-5 vector retrieval.

It has no answer composer: its answer is its top chunk, and its citations are its five chunks, in
the `ask --json` shape so that `assistant.evaluate.score_one` scores it exactly like our engine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

TOP_K = 5


@dataclass
class BaselineBuild:
    documents: int
    chunks: int
    seconds: float


class NaivePipeline:
    def __init__(self, reports_dir: str | Path, persist_dir: str | Path, embedder=None) -> None:
        self.reports_dir = Path(reports_dir)
        self.persist_dir = Path(persist_dir)
        if embedder is None:
            from ingest.embedding import get_embedder

            embedder = get_embedder()
        self.embed_model = embedder.as_llama_index()
        self.index = None
        self._texts: dict[str, str] = {}

    def build(self, show_progress: bool = False) -> BaselineBuild:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.vector_stores.chroma import ChromaVectorStore

        t = time.perf_counter()
        documents = SimpleDirectoryReader(str(self.reports_dir)).load_data()
        self._texts = {d.metadata.get("file_name", ""): d.text for d in documents}
        client = chromadb.PersistentClient(path=str(self.persist_dir), settings=ChromaSettings(anonymized_telemetry=False))
        # embedding_function=None: the vectors are ours; Chroma's default function would fetch a model
        collection = client.get_or_create_collection("baseline", embedding_function=None)
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        splitter = SentenceSplitter()
        self.index = VectorStoreIndex.from_documents(
            documents, storage_context=storage, embed_model=self.embed_model, transformations=[splitter],
            show_progress=show_progress,
        )
        self._retriever = self.index.as_retriever(similarity_top_k=TOP_K)
        return BaselineBuild(len(documents), collection.count(), round(time.perf_counter() - t, 3))

    def ask(self, question: str) -> dict:
        """One answer in the shape of `python -m assistant ask --json`."""
        t = time.perf_counter()
        nodes = self._retriever.retrieve(question)
        citations = [self._citation(n) for n in nodes]
        return {
            "answer": citations[0]["text"] if citations else "",
            "abstained": False,
            "citations": citations,
            "figures": [],
            "latency_ms": round((time.perf_counter() - t) * 1000, 1),
        }

    def ask_turns(self, turns: list[str]) -> dict:
        # the starter pipeline has no conversation state: a follow-up is retrieved on its own
        return self.ask(turns[-1])

    def _citation(self, scored) -> dict:
        node = scored.node
        name = node.metadata.get("file_name", "")
        text = node.get_content()
        lines = [0, 0]
        source = self._texts.get(name)
        start = getattr(node, "start_char_idx", None)
        if source is not None and start is not None:
            end = node.end_char_idx or start + len(text)
            lines = [source.count("\n", 0, start) + 1, source.count("\n", 0, end) + 1]
        return {"doc": name, "title": name, "section": "", "lines": lines, "text": text,
                "score": round(float(scored.score or 0.0), 4)}
