"""Ingestion: every report becomes searchable passages (Chroma + BM25) and exact table cells (SQLite)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import REPORTS, ROOT
from ingest import catalog as cat

FIXTURE = Path(__file__).parent / "fixtures" / "table_cells.jsonl"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def current_cells(settings, doc_id=None):
    catalog = cat.Catalog(settings.table_db_url)
    build = catalog.current_build()
    return build, list(catalog.iter_rows(cat.cells, build.build_id, doc_id))


# ----------------------------------------------------------------------------- the first ingest
def test_all_five_reports_are_ingested_without_errors(built_index):
    report = built_index.first
    assert report.errors == []
    assert report.documents == 5
    assert report.chunks > 300 and report.tables > 50 and report.cells > 500
    assert report.embedded == report.chunks


def test_json_summary_has_the_documented_fields(built_index):
    assert set(built_index.first.to_json()) == {
        "documents", "chunks", "tables", "cells", "embedded", "skipped_unchanged", "removed", "errors", "notes",
        "seconds", "files",
    }
    assert [(Path(f["path"]).name, f["status"]) for f in built_index.first.files] == [
        (p.name, "ingested") for p in sorted(REPORTS.iterdir())]
    assert {f["status"] for f in built_index.again.files} == {"unchanged"}


def test_metadata_comes_from_the_content(loaded_index):
    docs = loaded_index.docs
    assert docs["000_acfb0ae351bc7fb8.txt"].organization == "서울특별시의회사무처"
    assert docs["000_acfb0ae351bc7fb8.txt"].report_date == "2021-05-03"
    assert docs["000_acfb0ae351bc7fb8.txt"].title == "서울특별시의회사무처 2021년 주요업무보고 (2021.5.3.)"
    assert docs["000_acfb0ae351bc7fb8.txt"].meeting == "제300회 임시회 운영위원회"
    assert docs["002_cfa35aeae6f4c650.txt"].organization == "시장비서실"
    assert docs["002_cfa35aeae6f4c650.txt"].report_date == "2020-03"
    assert docs["003_a77447f6520c32fb.txt"].organization == "기획조정실"
    assert docs["004_8609ec9c98224de6.txt"].report_date == "2020-04"


def test_a_report_that_never_names_its_office_gets_an_inferred_one(loaded_index):
    doc = loaded_index.docs["001_8c39e622dc1f5e27.txt"]
    assert doc.organization == "시장비서실"
    assert doc.organization_inferred is True
    assert "추정" in doc.title
    assert doc.as_of_dates[0] == "2022-09-20"


def test_chunks_carry_breadcrumb_line_span_and_verbatim_text(loaded_index):
    chunk = next(c for c in loaded_index.chunks.values() if "결산검사 위원 선임" in c.text)
    assert chunk.breadcrumb[0].startswith("서울특별시의회사무처")
    assert any("서울살림토론회" in b for b in chunk.breadcrumb)
    lines = loaded_index.lines(chunk.doc_id)
    assert chunk.text == "\n".join(lines[n - 1] for n in chunk.line_ids)
    assert len(chunk.text) < 1000


def test_chunks_are_embedded_into_chroma_with_our_own_vectors(loaded_index):
    from ingest.embedding import get_embedder

    vec = get_embedder().embed_query("화상회의시스템 구축 예산")
    hits = loaded_index.vectors.query(loaded_index.build_id, vec, top_k=5)
    assert len(hits) == 5
    texts = " ".join(loaded_index.chunks[h.chunk_id].text for h in hits)
    assert "화상회의" in texts
    assert loaded_index.vectors.count(loaded_index.build_id) == len(loaded_index.chunks)


def test_keyword_index_matches_korean_morphemes_not_whitespace(loaded_index):
    from ingest.korean import keyword_tokens

    hits = loaded_index.keyword.search(keyword_tokens("의정모니터는 몇 명이에요?"), top_k=3)
    assert "의정모니터" in loaded_index.chunks[hits[0].chunk_id].text


# ----------------------------------------------------------------------------- table fidelity
def test_hand_checked_cells_match_the_table_store(built_index):
    """At least 99% of the 200+ hand-checked cells (every layout, every report) match exactly."""
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) >= 100
    per_doc = {}
    for r in records:
        per_doc[r["doc"]] = per_doc.get(r["doc"], 0) + 1
    assert len(per_doc) == 5 and min(per_doc.values()) >= 10

    build, cells = current_cells(built_index.settings)
    by_line: dict[tuple[str, int], list[dict]] = {}
    for c in cells:
        by_line.setdefault((c["doc_id"], c["line"]), []).append(c)
    failures = []
    for r in records:
        candidates = [
            c for c in by_line.get((r["doc"], r["line"]), [])
            if squash(" > ".join(json.loads(c["col_path"]))) == squash(r["column"])
            and (not r["row"] or squash(r["row"]) in squash(" ".join(json.loads(c["row_path"]))))
        ]
        exact = [c for c in candidates if _same(c["value"], r["value"]) and json.loads(c["extra"]) == r["extra"]
                 and c["unit"] == r["unit"] and c["as_of"] == r["as_of"]]
        if not exact:
            failures.append((r["doc"][:3], r["line"], r["row"], r["column"], r["raw"],
                             [(c["value"], c["unit"], c["as_of"]) for c in candidates]))
    assert len(failures) <= len(records) * 0.01, failures


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) < 1e-9


def test_every_budget_table_in_000_has_unit_cheonwon_and_date_2021_04_25(loaded_index):
    doc = "000_acfb0ae351bc7fb8.txt"
    budget = [t for t in loaded_index.tables.values()
              if t.doc_id == doc and any(squash(p[-1]) == "예산현액" or squash(p[-1]) == "예산액" for p in t.columns if p)
              and any("집행률" in squash(" ".join(p)) for p in t.columns)]
    assert len(budget) >= 26
    assert all(t.unit == "천원" and t.as_of == "2021-04-25" for t in budget), [
        (t.first_line, t.unit, t.as_of) for t in budget if t.unit != "천원" or t.as_of != "2021-04-25"]
    spending = [t for t in loaded_index.tables.values() if t.doc_id == doc and t.unit == "백만원"]
    assert any("세 출" in t.title or "세출" in squash(t.title) for t in spending)


def test_row_hierarchy_marks_totals_and_subtotals(loaded_index):
    kinds = {(t.doc_id, r.line): r.kind for t in loaded_index.tables.values() for r in t.rows}
    assert kinds[("000_acfb0ae351bc7fb8.txt", 122)] == "total"  # 총 계
    assert kinds[("000_acfb0ae351bc7fb8.txt", 123)] == "subtotal"  # 소 계
    assert kinds[("000_acfb0ae351bc7fb8.txt", 500)] == "item"  # 의정 정보화 지원


def test_merged_headers_become_column_paths(loaded_index):
    table = next(t for t in loaded_index.tables.values() if t.doc_id.startswith("000") and t.first_line == 498)
    assert ["집행계획", "3/4"] in table.columns
    staff = next(t for t in loaded_index.tables.values() if t.doc_id.startswith("000") and t.first_line == 46)
    assert ["일반직", "행정직군", "5급"] in staff.columns


# ----------------------------------------------------------------------------- incremental and safe
def test_reingesting_unchanged_reports_embeds_nothing_and_is_fast(built_index):
    again = built_index.again
    assert again.embedded == 0
    assert again.skipped_unchanged == 5
    assert again.errors == []
    assert built_index.again_seconds < 0.1 * built_index.first_seconds


def test_a_changed_file_replaces_its_chunks_and_cells_and_a_removed_file_disappears(index_copy, tmp_path):
    from ingest.pipeline import ingest

    data = tmp_path / "data"
    shutil.copytree(REPORTS, data)
    text = (data / "000_acfb0ae351bc7fb8.txt").read_text(encoding="utf-8")
    (data / "000_acfb0ae351bc7fb8.txt").write_text(text.replace("545,239", "545,999"), encoding="utf-8")
    (data / "004_8609ec9c98224de6.txt").unlink()

    report = ingest([data], settings=index_copy, progress=False)
    assert report.errors == []
    assert report.skipped_unchanged == 3 and report.removed == 1
    assert 0 < report.embedded < 20  # only the chunks whose text changed
    build, cells = current_cells(index_copy)
    values = {(c["doc_id"], c["line"], c["raw"]) for c in cells}
    assert ("000_acfb0ae351bc7fb8.txt", 500, "545,999") in values
    assert ("000_acfb0ae351bc7fb8.txt", 500, "545,239") not in values
    assert not any(c["doc_id"].startswith("004") for c in cells)
    catalog = cat.Catalog(index_copy.table_db_url)
    assert {d["doc_id"] for d in catalog.documents(build.build_id)} == {
        p.name for p in data.iterdir()}


def test_bad_files_are_reported_in_korean_and_do_not_stop_the_others(index_copy, tmp_path, monkeypatch):
    from docgen import make_encoded_text
    from ingest.pipeline import ingest

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(REPORTS / "001_8c39e622dc1f5e27.txt", data)
    (data / "empty.txt").write_bytes(b"")
    (data / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (data / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    (data / "notes.xyz").write_text("알 수 없는 형식", encoding="utf-8")
    (data / "old.hwp").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (data / "huge.txt").write_text("가" * 400_000, encoding="utf-8")
    make_encoded_text(data / "cp949.txt", (REPORTS / "002_cfa35aeae6f4c650.txt").read_text(encoding="utf-8"), "cp949")
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "1")

    report = ingest([data], settings=index_copy, progress=False)
    errors = {Path(e["path"]).name: e["error"] for e in report.errors}
    assert set(errors) == {"empty.txt", "binary.txt", "broken.pdf", "old.hwp", "huge.txt"}
    assert all(re.search(r"[가-힣]", msg) for msg in errors.values())
    assert "HWPX" in errors["old.hwp"]
    skipped = {Path(f["path"]).name: f["reason"] for f in report.files if f["status"] == "skipped"}
    assert set(skipped) == {"notes.xyz"} and "지원하지 않는 파일 형식" in skipped["notes.xyz"]
    assert report.documents == 2  # 001 and the CP949 copy of 002
    _, cells = current_cells(index_copy, "cp949.txt")
    assert any(c["raw"] == "357,200" and c["unit"] == "천원" for c in cells)


def _ingest_subprocess(index_dir: Path, data: Path) -> subprocess.Popen:
    env = dict(os.environ, ASSISTANT_INDEX_DIR=str(index_dir), PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(data)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.parametrize("kill_after", ["문서 읽는 중", "임베딩 계산 중"])
def test_an_ingest_killed_part_way_leaves_the_previous_index_usable(index_copy, tmp_path, kill_after):
    from assistant.index import LoadedIndex
    from ingest.embedding import get_embedder
    from ingest.pipeline import ingest

    before = cat.Catalog(index_copy.table_db_url).current_build().build_id
    data = tmp_path / "data"
    shutil.copytree(REPORTS, data)
    # new text in the two short reports, so that the killed run has real embedding work to do
    for f in (data / "001_8c39e622dc1f5e27.txt", data / "004_8609ec9c98224de6.txt"):
        f.write_text(f.read_text(encoding="utf-8").replace("추진", "추진 "), encoding="utf-8")
    proc = _ingest_subprocess(index_copy.index_dir, data)
    seen = ""
    deadline = time.time() + 240
    while kill_after not in seen and time.time() < deadline and proc.poll() is None:
        seen += proc.stderr.read(1)
    assert proc.poll() is None, "ingest finished before it could be killed"
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    index = LoadedIndex(index_copy)
    assert index.build_id == before
    vec = get_embedder().embed_query("의정모니터 운영 예산")
    hits = index.vectors.query(index.build_id, vec, top_k=3)
    assert hits and all(h.chunk_id in index.chunks for h in hits)
    from ingest.korean import keyword_tokens

    assert index.tables and index.keyword.search(keyword_tokens("의정모니터"), top_k=1)

    # and the next ingest recovers: it takes the lock, cleans up and publishes
    report = ingest([data], settings=index_copy, progress=False)
    assert report.errors == [] and report.documents == 5
    assert cat.Catalog(index_copy.table_db_url).current_build().build_id != before


# ----------------------------------------------------------------------------- other formats
@pytest.mark.parametrize("fmt", ["pdf", "hwpx", "docx"])
def test_generated_documents_ingest_with_their_tables_intact(index_copy, tmp_path, fmt):
    import docgen
    from ingest.pipeline import ingest

    data = tmp_path / "data"
    data.mkdir()
    path = data / f"budget.{fmt}"
    title = ["# 테스트기획관 주요업무보고", "2024. 3.", "Ⅰ. 예산 현황", docgen.BUDGET_CAPTION]
    maker = {"pdf": docgen.make_pdf, "hwpx": docgen.make_hwpx, "docx": docgen.make_docx}[fmt]
    if fmt == "pdf" and docgen.find_korean_font() is None:
        pytest.skip("한글 글꼴이 없어 PDF를 만들 수 없습니다")
    maker(path, title, docgen.BUDGET_ROWS, ["- 향후 계획 : 하반기 집행 점검"])
    report = ingest([data], settings=index_copy, progress=False)
    assert report.errors == []
    _, cells = current_cells(index_copy, path.name)
    header = docgen.BUDGET_ROWS[0]
    for row in docgen.BUDGET_ROWS[1:]:
        for col, raw in enumerate(row[1:], start=1):
            if not raw.strip():
                continue
            match = [c for c in cells if c["raw"] == raw and squash(row[0]) in squash(" ".join(json.loads(c["row_path"])))]
            assert match, (row[0], raw)
            assert squash(header[col]) in squash(" ".join(json.loads(match[0]["col_path"])))
            assert match[0]["unit"] in ("천원", "%")
            assert match[0]["as_of"] == "2021-04-25"


# ----------------------------------------------------------------------------- disk use
def _segment_folders(settings) -> list[str]:
    return [d.name for d in settings.chroma_dir.iterdir() if d.is_dir() and re.fullmatch(r"[0-9a-f-]{36}", d.name)]


def test_replaced_builds_leave_no_chroma_segment_folders_behind(index_copy):
    from ingest.pipeline import ingest
    from ingest.vector_store import VectorIndex

    before = len(_segment_folders(index_copy))
    for _ in range(5):
        report = ingest([REPORTS], rebuild=True, settings=index_copy, progress=False)
        assert report.errors == []
    live = VectorIndex(index_copy).build_ids()
    folders = _segment_folders(index_copy)
    print(f"\nChroma segment folders: {before} before, {len(folders)} after 5 rebuilds, {len(live)} live builds")
    assert len(live) == 2  # the current build and the one before it, for apps still reading it
    assert len(folders) == len(live)
