"""Scaling out: with ASSISTANT_CHROMA_URL the passages live in a Chroma server (the `chroma run` that
ships with the chromadb package), and the answers are the same as with the embedded store."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPORTS, ROOT, _free_port


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        pytest.fail(f"chromadb ships the `chroma` command; it is missing at {chroma}")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("w")
    proc = subprocess.Popen([str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data / "db")],
                            stdout=log, stderr=subprocess.STDOUT, cwd=data)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("chroma run did not start:\n" + (data / "server.log").read_text(errors="replace")[-2000:])
            time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server_engine(chroma_server, built_index, tmp_path_factory):
    """The five reports ingested into a fresh index folder whose vectors go to the server. The session
    index's embedding cache is copied so that no passage is embedded twice in one test session."""
    from assistant.qa.pipeline import Engine
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    index_dir = tmp_path_factory.mktemp("server-index")
    shutil.copy(built_index.settings.embed_cache_path, index_dir / built_index.settings.embed_cache_path.name)
    settings = dataclasses.replace(load_settings(index_dir), chroma_url=chroma_server,
                                   table_db_url=f"sqlite:///{index_dir / 'catalog.sqlite'}")
    report = ingest([REPORTS], settings=settings, progress=False)
    assert report.errors == [] and report.documents == 5
    return Engine.load(settings, llm=None), settings


def test_ingestion_puts_the_passages_in_the_server_not_on_local_disk(server_engine, chroma_server, built_index):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    _, settings = server_engine
    assert not settings.chroma_dir.exists(), "no embedded Chroma folder when a server is configured"
    host, port = chroma_server.rsplit(":", 1)
    client = chromadb.HttpClient(host=host.split("//")[1], port=int(port), settings=ChromaSettings(anonymized_telemetry=False))
    stored = sum(c.count() for c in client.list_collections())
    assert stored == built_index.first.chunks, "every passage of the five reports is in the server"


def test_the_server_mode_answers_the_dev_questions_as_the_embedded_mode_does(server_engine, engine):
    from assistant.qa.resolve import Conversation
    from assistant.evaluate import load_questions

    remote, _ = server_engine
    questions = load_questions(ROOT / "eval" / "dev.jsonl")
    differ = []
    for q in questions:
        turns = q.get("turns") or [q["question"]]
        a, b = Conversation(), Conversation()
        for turn in turns:
            local, served = engine.ask(turn, a), remote.ask(turn, b)
        if (local.answer, [c.text for c in local.citations]) != (served.answer, [c.text for c in served.citations]):
            differ.append((q["id"], local.answer, served.answer))
    assert differ == [], f"{len(differ)} of {len(questions)} answers differ between embedded and server mode"
