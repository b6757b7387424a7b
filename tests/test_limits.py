"""Bounded work per document: zip members are capped before they inflate, lines and table
fields while they are read, and uploads are parsed in a worker process with a memory and time
limit. A small file can no longer cost minutes and gigabytes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hostile import docx_bomb, docx_with_big_member
from ingest.document import IngestError
from ingest.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
BOMB_SECONDS = 60
BOMB_MEMORY_MB = 1024


def read_in_limited_process(path: Path, seconds: float, memory_mb: int) -> dict:
    """read_document(path) in a fresh interpreter whose address space is capped; returns what it
    raised or read, its wall time and its peak resident memory."""
    code = textwrap.dedent(f"""
        import json, resource, sys, time
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20))
        from ingest.readers import read_document
        from ingest.document import IngestError
        t = time.perf_counter()
        try:
            out = {{"lines": len(read_document({str(path)!r}).lines)}}
        except IngestError as exc:
            out = {{"refused": str(exc)}}
        except MemoryError:
            out = {{"memory_error": True}}
        out["seconds"] = time.perf_counter() - t
        # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child of a big
        # pytest process would report the parent's size
        hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
        out["peak_mb"] = int(hwm.split()[1]) / 1024
        print(json.dumps(out, ensure_ascii=False))
    """)
    try:
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: still reading after {seconds} s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_small_docx_bomb_below_the_inflation_cap_is_refused_in_seconds_and_little_memory(tmp_path):
    bomb = docx_bomb(tmp_path / "bomb.docx", 1_200_000)  # ~170 KB that inflates to ~43 MB of XML
    assert bomb.stat().st_size < 300_000
    out = read_in_limited_process(bomb, BOMB_SECONDS, BOMB_MEMORY_MB)
    print(f"\nbomb {bomb.stat().st_size:,} bytes: {out}")
    assert "refused" in out, out
    assert "너무 깁니다" in out["refused"] and "bomb.docx" in out["refused"]
    assert out["seconds"] < 30 and out["peak_mb"] < BOMB_MEMORY_MB


def test_a_zip_member_over_the_part_cap_is_refused_before_it_is_inflated(tmp_path):
    path = docx_with_big_member(tmp_path / "big-part.docx", [60])
    assert path.stat().st_size < 1_000_000
    with pytest.raises(IngestError, match="압축을 풀면 너무 큰 파일입니다.*한 부분"):
        read_document(path)


def test_zip_members_together_over_the_total_cap_are_refused(tmp_path):
    path = docx_with_big_member(tmp_path / "big-total.docx", [40, 40, 40])
    with pytest.raises(IngestError, match="압축을 풀면 너무 큰 파일입니다.*모두"):
        read_document(path)


def test_a_document_over_the_line_cap_is_refused_in_korean(tmp_path):
    path = tmp_path / "long.md"
    path.write_text("가\n" * 100_001, encoding="utf-8")
    with pytest.raises(IngestError, match="문서가 너무 깁니다: long.md \\(100,000줄 초과\\)"):
        read_document(path)


def test_a_document_over_the_cell_cap_is_refused_in_korean(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_text(("\t".join(["1"] * 101) + "\n") * 2_000, encoding="utf-8")  # 202,000 fields
    with pytest.raises(IngestError, match="표가 너무 큽니다: wide.txt"):
        read_document(path)


def test_caps_follow_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "short.txt"
    path.write_text("가\n" * 11, encoding="utf-8")
    assert len(read_document(path).lines) == 11
    monkeypatch.setenv("ASSISTANT_MAX_LINES", "10")
    with pytest.raises(IngestError, match="10줄 초과"):
        read_document(path)


def test_a_20000_paragraph_docx_reads_in_seconds(tmp_path):
    path = docx_bomb(tmp_path / "long.docx", 20_000)
    started = time.perf_counter()
    assert len(read_document(path).lines) == 20_001
    assert time.perf_counter() - started < 15


def test_absurd_docx_spans_and_list_levels_do_not_allocate_them(tmp_path):
    def forged(xml: str) -> str:
        cell = '<w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>칸</w:t></w:r></w:p></w:tc>'
        table = f"<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"1000000000\"/></w:trPr>{cell}</w:tr></w:tbl>"
        level = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="1000000000"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                 "<w:r><w:t>항목</w:t></w:r></w:p>")
        return xml.replace("<w:body>", "<w:body>" + table + level, 1)

    from hostile import docx_with_document_xml

    path = docx_with_document_xml(tmp_path / "forged.docx", forged)
    out = read_in_limited_process(path, 60, 1024)  # a billion empty fields would need 8 GB
    assert out.get("lines", 0) >= 2, out  # the cell and the list item, read as if the values were sane


def test_a_docx_style_chain_that_loops_or_a_missing_style_does_not_stop_the_indent_lookup(tmp_path):
    """Paragraph depth follows a style's basedOn chain (readers/docx._style_indent): a forged
    cycle A → B → A must end, and an undefined style id reads as no indent."""
    import zipfile

    from hostile import docx_with_document_xml

    def body(xml: str) -> str:
        paragraphs = ('<w:p><w:pPr><w:pStyle w:val="LoopA"/></w:pPr><w:r><w:t>순환 스타일</w:t></w:r></w:p>'
                      '<w:p><w:pPr><w:pStyle w:val="Missing"/></w:pPr><w:r><w:t>없는 스타일</w:t></w:r></w:p>')
        return xml.replace("<w:body>", "<w:body>" + paragraphs, 1)

    plain = docx_with_document_xml(tmp_path / "plain.docx", body)
    loops = ('<w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="LoopA"/><w:basedOn w:val="LoopB"/>'
             '</w:style><w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="LoopB"/>'
             '<w:basedOn w:val="LoopA"/></w:style>')
    path = tmp_path / "loop.docx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.decode("utf-8").replace("</w:styles>", loops + "</w:styles>").encode("utf-8")
            zout.writestr(info, data)
    out = read_in_limited_process(path, 30, 1024)
    assert out.get("lines", 0) >= 2, out


# ---------------------------------------------------------------------- the upload worker
def test_the_worker_parses_a_report_as_the_app_would(tmp_path):
    from ingest.parse_worker import ParseWorker
    from ingest.parsing import parse_document

    report = ROOT / "data" / "reports" / "001_8c39e622dc1f5e27.txt"
    target = tmp_path / "saved.txt"
    with ParseWorker() as worker:
        parsed = worker.parse(report, "saved.txt", origin=target)
    direct = parse_document(report, "saved.txt")
    assert parsed.doc.lines == direct.doc.lines
    assert [t.table_id for t in parsed.tables] == [t.table_id for t in direct.tables]
    assert parsed.doc.source_path == str(target)


def test_the_worker_stops_a_parse_over_its_time_limit_and_goes_on(tmp_path):
    from ingest.parse_worker import ParseWorker, WorkerLimits

    slow = docx_bomb(tmp_path / "slow.docx", 90_000)  # under every cap, but seconds to read
    started = time.perf_counter()
    with ParseWorker(WorkerLimits(seconds=1.0)) as worker:
        with pytest.raises(IngestError, match="너무 오래 걸려 중단했습니다: slow.docx \\(1초 제한\\)"):
            worker.parse(slow, "slow.docx")
        assert time.perf_counter() - started < 10
        # a fresh worker takes the next file
        assert worker.parse(ROOT / "data" / "reports" / "004_8609ec9c98224de6.txt", "004.txt").doc.lines


def test_the_worker_refuses_a_file_that_needs_more_than_its_memory(tmp_path):
    from ingest.parse_worker import ParseWorker, WorkerLimits

    bomb = docx_bomb(tmp_path / "greedy.docx", 1_200_000)
    with ParseWorker(WorkerLimits(memory_mb=300)) as worker:
        with pytest.raises(IngestError) as err:
            worker.parse(bomb, "greedy.docx")
        assert "greedy.docx" in str(err.value)
        assert worker.parse(ROOT / "data" / "reports" / "004_8609ec9c98224de6.txt", "004.txt").doc.lines


def test_the_worker_limits_come_from_the_environment(monkeypatch):
    from ingest.parse_worker import limits_from_env

    monkeypatch.setenv("ASSISTANT_PARSE_TIMEOUT", "30")
    monkeypatch.setenv("ASSISTANT_PARSE_MEMORY_MB", "512")
    assert (limits_from_env().seconds, limits_from_env().memory_mb) == (30.0, 512)
