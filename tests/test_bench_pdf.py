"""`bench` measures PDF reading in pages per second and checks that no page is read twice."""

from __future__ import annotations

from pathlib import Path


def test_pdf_reading_is_measured_in_pages_per_second_with_each_page_read_once(tmp_path: Path):
    from assistant.bench import summary_lines
    from assistant.bench_pdf import measure_pdf_reading

    result = measure_pdf_reading(tmp_path)  # no PDF there: a generated 20-page report is read
    assert result["source"] == "생성한 PDF" and result["pages"] == 20
    assert result["pages_per_s"] > 0 and result["each_page_once"] is True
    line = next(l for l in summary_lines({"pdf_reading": result}) if l.startswith("PDF 읽기"))
    assert "쪽/초" in line and "쪽마다 한 번씩 읽음: 예" in line


def test_bench_takes_a_pdf_folder_or_skips_pdfs():
    from assistant.cli import build_parser

    p = build_parser()
    assert p.parse_args(["bench", "--pdfs", "x"]).pdfs == "x"
    assert p.parse_args(["bench", "--no-pdf"]).no_pdf is True
