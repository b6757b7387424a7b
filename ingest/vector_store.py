"""Dense passage vectors in Chroma, through llama-index's ChromaVectorStore.

One collection per build (`chunks_<build_id>`), so a new build is written beside the one the app
is reading and becomes visible only when the catalog publishes it. Embedded mode uses a
PersistentClient under `index/chroma`; with `ASSISTANT_CHROMA_URL` the same code talks to a
Chroma server. Embeddings are always ours: Chroma's default embedding function would try to
download a model.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ingest.settings import Settings

PREFIX = "chunks_"
_SEGMENT_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass
class VectorHit:
    chunk_id: str
    score: float  # cosine similarity


def _client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class VectorIndex:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = _client(settings)
        self._stores: dict[str, object] = {}

    @staticmethod
    def collection_name(build_id: str) -> str:
        return f"{PREFIX}{build_id}"

    def _store(self, build_id: str, create: bool = False):
        from llama_index.vector_stores.chroma import ChromaVectorStore

        if build_id not in self._stores:
            name = self.collection_name(build_id)
            if create:
                collection = self.client.get_or_create_collection(
                    name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
                )
            else:
                collection = self.client.get_collection(name, embedding_function=None)
            self._stores[build_id] = ChromaVectorStore.from_collection(collection)
        return self._stores[build_id]

    def write(self, build_id: str, ids: list[str], vectors: np.ndarray, texts: list[str], metas: list[dict]) -> None:
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        store = self._store(build_id, create=True)
        # the report is the node's source document: llama-index stores it as `doc_id`/`ref_doc_id`,
        # which is what the filters below and `delete(ref_doc_id)` use
        nodes = [
            TextNode(id_=cid, text=text, embedding=vec.tolist(), metadata=meta,
                     excluded_embed_metadata_keys=list(meta), excluded_llm_metadata_keys=list(meta),
                     relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=meta["doc_id"])})
            for cid, vec, text, meta in zip(ids, vectors, texts, metas)
        ]
        for start in range(0, len(nodes), 2000):
            store.add(nodes[start : start + 2000])

    def query(self, build_id: str, vector: np.ndarray, top_k: int, doc_ids: list[str] | None = None) -> list[VectorHit]:
        from llama_index.core.vector_stores.types import (
            FilterOperator,
            MetadataFilter,
            MetadataFilters,
            VectorStoreQuery,
        )

        filters = None
        if doc_ids:
            filters = MetadataFilters(filters=[MetadataFilter(key="doc_id", operator=FilterOperator.IN, value=doc_ids)])
        q = VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=top_k, filters=filters)
        result = self._store(build_id).query(q)
        return [VectorHit(cid, float(sim)) for cid, sim in zip(result.ids or [], result.similarities or [])]

    def exists(self, build_id: str) -> bool:
        try:
            self.client.get_collection(self.collection_name(build_id), embedding_function=None)
            return True
        except Exception:
            return False

    def count(self, build_id: str) -> int:
        return self.client.get_collection(self.collection_name(build_id), embedding_function=None).count()

    def drop(self, build_id: str) -> None:
        """Delete a build's collection and its files: embedded Chroma deletes the collection's rows
        but leaves its HNSW segment folder behind (20 orphans after 22 builds, the index doubled)."""
        self._stores.pop(build_id, None)
        folders = self._segment_folders(self.collection_name(build_id))
        try:
            self.client.delete_collection(self.collection_name(build_id))
        except Exception:
            pass
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    def sweep_orphans(self) -> list[str]:
        """Remove segment folders that no collection owns any more (left by builds dropped before
        drop() deleted their files, or by an ingest killed mid-drop). Embedded mode only: a
        Chroma server manages its own disk. The caller holds the ingest lock."""
        owned = self._segment_ids()
        if owned is None or not self.settings.chroma_dir.is_dir():
            return []
        orphans = [d for d in self.settings.chroma_dir.iterdir()
                   if d.is_dir() and not d.is_symlink() and _SEGMENT_DIR.match(d.name) and d.name not in owned]
        for d in orphans:
            shutil.rmtree(d, ignore_errors=True)
        return [d.name for d in orphans]

    # Chroma has no public API for where a collection keeps its files; its own catalog does
    # (`segments`, one row per segment, the folder named by the segment id), read-only here.
    def _segment_ids(self, collection: str | None = None) -> set[str] | None:
        db = self.settings.chroma_dir / "chroma.sqlite3"
        if self.settings.chroma_url or not db.exists():
            return None
        query = "SELECT s.id FROM segments s"
        args: tuple = ()
        if collection is not None:
            query += " JOIN collections c ON c.id = s.collection WHERE c.name = ?"
            args = (collection,)
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as conn:
                return {row[0] for row in conn.execute(query, args)}
        except sqlite3.Error:
            return None  # an unknown catalog layout: better to leave files than delete live ones

    def _segment_folders(self, collection: str) -> list[Path]:
        ids = self._segment_ids(collection) or set()
        return [self.settings.chroma_dir / i for i in sorted(ids) if (self.settings.chroma_dir / i).is_dir()]

    def build_ids(self) -> list[str]:
        names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        return [n[len(PREFIX):] for n in names if n.startswith(PREFIX)]
