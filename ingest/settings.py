"""Configuration from environment variables, with defaults that work from a fresh clone."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    index_dir: Path
    data_dir: Path
    cache_dir: Path
    embed_model: str | None  # None: the bundled multilingual-e5-small, converted on first use
    chroma_url: str | None  # http://host:port → chromadb HttpClient; None → embedded PersistentClient
    table_db_url: str  # SQLAlchemy URL of the catalog (tables, cells, chunks)
    max_file_mb: float

    @property
    def chroma_dir(self) -> Path:
        return self.index_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.index_dir / "bm25"

    @property
    def embed_cache_path(self) -> Path:
        return self.index_dir / "embed_cache.sqlite"

    @property
    def lock_path(self) -> Path:
        return self.index_dir / ".ingest.lock"

    @property
    def feedback_path(self) -> Path:
        return self.index_dir / "feedback.jsonl"


def load_settings(index_dir: str | Path | None = None) -> Settings:
    index = Path(index_dir or os.environ.get("ASSISTANT_INDEX_DIR") or ROOT / "index").resolve()
    data = Path(os.environ.get("ASSISTANT_DATA_DIR") or ROOT / "data" / "reports").resolve()
    cache = Path(os.environ.get("ASSISTANT_CACHE_DIR") or Path.home() / ".cache" / "bogoseo").resolve()
    db_url = os.environ.get("ASSISTANT_TABLE_DB_URL") or f"sqlite:///{index / 'catalog.sqlite'}"
    return Settings(
        index_dir=index,
        data_dir=data,
        cache_dir=cache,
        embed_model=os.environ.get("ASSISTANT_EMBED_MODEL") or None,
        chroma_url=os.environ.get("ASSISTANT_CHROMA_URL") or None,
        table_db_url=db_url,
        max_file_mb=float(os.environ.get("ASSISTANT_MAX_FILE_MB") or 50),
    )
