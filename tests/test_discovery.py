"""Every file in the data folder gets a line in the ingest summary: ingested, unchanged, skipped
with a reason, or failed. Links are never followed, so nothing outside the folder is indexed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPORTS, ROOT
from ingest import catalog as cat

SOURCE = REPORTS / "001_8c39e622dc1f5e27.txt"
REPORT = "새 보고서.txt"  # not in the session index: it is ingested, not carried over


def data_folder(tmp_path: Path) -> tuple[Path, Path]:
    data, outside = tmp_path / "data", tmp_path / "outside"
    data.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("서버 밖 비밀 문장 SECRET-7731 입니다.\n", encoding="utf-8")
    text = SOURCE.read_text(encoding="utf-8") + "\n※ 새로 덧붙인 문단\n"
    (data / REPORT).write_text(text, encoding="utf-8")
    (data / ".hidden.txt").write_text(text, encoding="utf-8")
    (data / "passwd.txt").symlink_to(outside / "secret.txt")
    (data / "same.txt").symlink_to(data / REPORT)
    (data / "loop.txt").symlink_to(data / "loop.txt")
    (data / "elsewhere").symlink_to(outside)
    (data / "notes.xyz").write_text("알 수 없는 형식", encoding="utf-8")
    return data, outside


def lines_by_name(report) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in report.files}


def test_dot_files_and_links_each_get_a_skip_line_and_links_out_are_not_indexed(index_copy, tmp_path):
    from ingest.pipeline import ingest

    data, _ = data_folder(tmp_path)
    report = ingest([data], settings=index_copy, progress=False)
    lines = lines_by_name(report)
    assert set(lines) == {p.name for p in data.iterdir()}, "one line per file found"
    assert lines[REPORT]["status"] == "ingested"
    for name, reason in [(".hidden.txt", "숨김 파일"), ("passwd.txt", "폴더 밖을 가리키는 링크"),
                         ("elsewhere", "폴더 밖을 가리키는 링크"), ("same.txt", "링크"),
                         ("loop.txt", "순환하는 링크"), ("notes.xyz", "지원하지 않는 파일 형식")]:
        assert lines[name]["status"] == "skipped", lines[name]
        assert reason in lines[name]["reason"], lines[name]
    assert report.errors == [] and report.documents == 1

    catalog = cat.Catalog(index_copy.table_db_url)
    build = catalog.current_build().build_id
    assert [d["doc_id"] for d in catalog.documents(build)] == [REPORT]
    stored = "\n".join(t for _, t, _ in catalog.doc_lines(build, REPORT))
    assert "SECRET-7731" not in stored


def test_the_ingest_command_prints_a_line_for_every_file(index_copy, tmp_path):
    data, _ = data_folder(tmp_path)
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(index_copy.index_dir))
    out = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(data)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    printed = [line for line in out.stdout.splitlines() if line.startswith("  ")]
    assert len(printed) == len(list(data.iterdir()))
    assert any(re.match(r"  - 건너뜀 .*\.hidden\.txt: 숨김 파일", line) for line in printed), printed
    assert any(re.match(rf"  ✓ 수집 .*{REPORT}$", line) for line in printed), printed
