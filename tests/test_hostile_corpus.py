"""A fresh ingest of a data folder full of hostile files, mixed with good reports: no crash, every
good report ingested, one line in the summary for every file, and nothing from outside the
folder in the index. Run as a user runs it: `python -m assistant ingest --json`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPORTS, ROOT
from hostile import build_hostile_corpus
from ingest import catalog as cat

INGEST_SECONDS = 300  # the whole folder, on a busy 2-core machine; unbounded parsing took hours


def test_a_fresh_ingest_of_the_hostile_corpus_loses_no_good_report_and_explains_every_file(
        built_index, tmp_path):
    corpus = build_hostile_corpus(tmp_path / "data", tmp_path / "outside", REPORTS)
    index = tmp_path / "index"
    index.mkdir()
    shutil.copy(built_index.settings.embed_cache_path, index / "embed_cache.sqlite")  # vectors, not the index
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(index), ASSISTANT_MAX_FILE_MB="1")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(corpus.folder), "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=INGEST_SECONDS)
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])

    lines = {str(Path(f["path"]).relative_to(corpus.folder)): f for f in summary["files"]}
    counts = {s: sum(1 for f in summary["files"] if f["status"] == s) for s in ("ingested", "skipped", "failed")}
    print(f"\nhostile corpus: {len(corpus.entries())} entries ({len(corpus.good)} good reports, "
          f"{len(corpus.bad)} bad, {len(corpus.either)} either) in {seconds:.0f} s → {counts}")

    assert len(summary["files"]) == len(lines), "one line per file, none twice"
    assert set(lines) == corpus.entries(), "a line for every file found, and only for those"
    lost = [g for g in corpus.good if lines[g]["status"] != "ingested"]
    assert lost == [], [(g, lines[g]) for g in lost]
    crashes = [f for f in summary["files"] if "처리 중 오류가 발생했습니다" in (f["reason"] or "")]
    assert crashes == [], crashes
    for rel, kind in corpus.bad.items():
        line = lines[rel]
        assert line["status"] in ("skipped", "failed"), (rel, kind, line)
        assert re.search(r"[가-힣]", line["reason"] or ""), (rel, kind, line)
    for rel in corpus.either:
        assert lines[rel]["status"] in ("ingested", "failed"), lines[rel]
    assert summary["documents"] == len(corpus.good) + sum(lines[r]["status"] == "ingested" for r in corpus.either)

    catalog = cat.Catalog(f"sqlite:///{index / 'catalog.sqlite'}")
    build = catalog.current_build().build_id
    stored = "\n".join(t for d in catalog.documents(build) for _, t, _ in catalog.doc_lines(build, d["doc_id"]))
    for secret in corpus.secrets:
        assert secret not in stored, f"{secret} reached the index"
