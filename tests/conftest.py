"""Shared fixtures: the five reports are ingested once per test session into a temporary index,
with the real embedding model, Chroma, BM25 and SQLite."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
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
    from assistant.qa.pipeline import Engine

    return Engine.load(built_index.settings)


# ---------------------------------------------------------------------- the live app
def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveApp:
    url: str
    index_dir: Path
    data_dir: Path
    log_path: Path
    seconds_to_ready: float
    upload_dir: Path  # Gradio's upload cache of this server (GRADIO_TEMP_DIR)
    pid: int

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_app(base: Path, index_dir: Path, data_dir: Path, extra_env: dict | None = None):
    """`python app.py` as a user starts it, over the given index and reports, on a free local port;
    stopped on exit."""
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    upload_dir = base / "gradio-uploads"
    port = _free_port()
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(index_dir), ASSISTANT_DATA_DIR=str(data_dir),
               GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1", GRADIO_TEMP_DIR=str(upload_dir))
    env.pop("ASSISTANT_AUTH", None)
    env.pop("ASSISTANT_AUTH_FILE", None)
    env.update(extra_env or {})
    log_path = base / "app.log"
    t0 = time.perf_counter()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 300
        while True:
            if proc.poll() is not None:
                raise RuntimeError("app.py exited early:\n" + log_path.read_text(errors="replace"))
            try:
                with urllib.request.urlopen(url + "gradio_api/info", timeout=2) as r:
                    if r.status == 200:
                        break
            except urllib.error.HTTPError:  # it answers, behind its login
                break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("app.py did not come up in 300 s:\n" + log_path.read_text(errors="replace"))
            time.sleep(0.5)
        yield LiveApp(url, index_dir, data_dir, log_path, time.perf_counter() - t0, upload_dir, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def live_app(built_index, tmp_path_factory):
    """`python app.py` over a copy of the session index and of the reports (uploads go there).
    One server for all app and browser tests."""
    base = tmp_path_factory.mktemp("live")
    index_dir, data_dir = base / "index", base / "reports"
    shutil.copytree(built_index.index_dir, index_dir, ignore=shutil.ignore_patterns(".ingest.lock"))
    shutil.copytree(REPORTS, data_dir)
    with running_app(base, index_dir, data_dir) as app:
        yield app
