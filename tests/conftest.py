"""Shared fixtures: the five reports are ingested once per test session into a temporary index,
with the real embedding model, Chroma, BM25 and SQLite."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"


@dataclass
class BuiltIndex:
    settings: object
    first: object  # IngestReport of the first ingest
    first_seconds: float
    again: object  # IngestReport of re-ingesting the unchanged reports
    again_seconds: float

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir


@pytest.fixture(scope="session")
def built_index(tmp_path_factory) -> BuiltIndex:
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    index_dir = tmp_path_factory.mktemp("index")
    os.environ["ASSISTANT_INDEX_DIR"] = str(index_dir)
    settings = load_settings(index_dir)
    t0 = time.perf_counter()
    first = ingest([REPORTS], settings=settings, progress=False)
    first_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = ingest([REPORTS], settings=settings, progress=False)
    again_seconds = time.perf_counter() - t0
    return BuiltIndex(settings, first, first_seconds, again, again_seconds)


@pytest.fixture
def index_copy(built_index, tmp_path):
    """A private copy of the session index (with its embedding cache) that a test may change."""
    from ingest.settings import load_settings

    target = tmp_path / "index"
    shutil.copytree(built_index.index_dir, target, ignore=shutil.ignore_patterns(".ingest.lock"))
    return load_settings(target)


@pytest.fixture(scope="session")
def loaded_index(built_index):
    from assistant.index import LoadedIndex

    return LoadedIndex(built_index.settings)


@pytest.fixture(scope="session")
def engine(built_index):
    """The answer engine over the session index, loaded once (model loading is once per process)."""
    from assistant.engine import Engine

    return Engine.load(built_index.settings)
