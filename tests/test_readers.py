"""Readers: every supported format comes back as NFC lines, tables as tab-separated rows,
and every bad file as an IngestError with a Korean message."""

from __future__ import annotations

import codecs
import hashlib
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from ingest.document import IngestError
from ingest.readers import HWP5_MESSAGE, SUPPORTED_EXTENSIONS, read_document
from docgen import (  # tests/ is on sys.path: pytest puts a test file's folder there
    BUDGET_CAPTION,
    BUDGET_ROWS,
    HWPX_NS_2016,
    MERGED_ROWS,
    MERGED_SPANS,
    find_korean_font,
    hwpx_package,
    pdf_font,
    make_docx,
    make_encoded_text,
    make_html,
    make_hwpx,
    make_pdf,
)

ROOT = Path(__file__).resolve().parents[1]
REPORTS = sorted((ROOT / "data" / "reports").glob("*.txt"))
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def tsv(rows: list[list[str]]) -> list[str]:
    return ["\t".join(r) for r in rows]


def file_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: a final newline adds no empty line."""
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def raises_korean(path: Path, *keywords: str) -> str:
    with pytest.raises(IngestError) as info:
        read_document(path)
    message = str(info.value)
    for keyword in keywords:
        assert keyword in message, message
    return message


needs_korean_font = pytest.mark.skipif(
    find_korean_font() is None, reason="한글 글꼴이 없어 PDF를 만들 수 없습니다"
)


# -- plain text: the stored reports ------------------------------------------------------------
def test_five_sample_reports_exist():
    assert len(REPORTS) == 5


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:3])
def test_sample_report_reads_back_verbatim(path: Path):
    text = path.read_text(encoding="utf-8")
    doc = read_document(path)
    assert doc.lines == file_lines(text)
    assert doc.fmt == "txt"
    assert doc.doc_id == path.name
    assert doc.source_path == str(path)
    assert doc.pages is None
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_without_final_newline_keeps_its_last_table_row():
    path = REPORTS[0]
    raw = path.read_bytes()
    assert not raw.endswith(b"\n")
    doc = read_document(path)
    assert doc.lines[-1] == raw.decode("utf-8").rsplit("\n", 1)[-1]
    assert doc.lines[-1].endswith("\t100,000")


def test_leading_tabs_and_spaces_are_kept():
    doc = read_document(REPORTS[0])
    assert "\t\t소계\t행정직군\t\t\t기술직군\t\t전문경력관\t관리운영직군\t소계\t4급\t5급 이하\t\t소계\t5급\t6급 이하" in doc.lines
    assert read_document(REPORTS[1]).lines[0] == " Ⅰ. 일 반 현 황"


def test_doc_id_can_be_given(tmp_path: Path):
    path = make_encoded_text(tmp_path / "a.md", "# 제목\n본문\n", "utf-8")
    doc = read_document(path, doc_id="reports/a.md")
    assert (doc.doc_id, doc.fmt, doc.lines) == ("reports/a.md", "md", ["# 제목", "본문"])


# -- plain text: encodings and normalisation ---------------------------------------------------
def korean_snippet() -> str:
    return "\n".join(REPORTS[0].read_text(encoding="utf-8").split("\n")[:60]) + "\n"


def with_bom(bom: bytes, codec: str):
    return lambda text: bom + text.encode(codec)


ENCODERS = {
    "utf-8-bom": with_bom(codecs.BOM_UTF8, "utf-8"),
    "utf-16-le-bom": with_bom(codecs.BOM_UTF16_LE, "utf-16-le"),
    "utf-16-be-bom": with_bom(codecs.BOM_UTF16_BE, "utf-16-be"),
    "cp949": lambda text: text.encode("cp949"),
    "euc-kr": lambda text: text.encode("euc-kr"),
}


@pytest.mark.parametrize("encoding", ENCODERS)
def test_legacy_and_unicode_encodings_read_like_utf8(tmp_path: Path, encoding: str):
    text = korean_snippet()
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(ENCODERS[encoding](text))
    lines = read_document(path).lines
    assert lines == file_lines(text)
    assert not lines[0].startswith("\ufeff")


@pytest.mark.parametrize("text", ["합계 3,734,500", "예산", "사업명\t예산현액\t집행액"])
def test_short_cp949_text_is_not_taken_for_chinese(tmp_path: Path, text: str):
    # charset-normalizer alone calls "예산" in CP949 Big5
    path = make_encoded_text(tmp_path / "short.txt", text, "cp949")
    assert read_document(path).lines == [text]


def test_utf8_with_one_broken_byte_keeps_its_text(tmp_path: Path):
    text = korean_snippet()
    path = tmp_path / "cut.txt"
    path.write_bytes(text.encode("utf-8") + "예".encode("utf-8")[:2])
    lines = read_document(path).lines
    assert lines[:-1] == file_lines(text)
    assert lines[-1] == "\ufffd"


def test_windows_and_old_mac_newlines_become_lf(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("첫 줄\r\n\t둘째 줄\r셋째 줄".encode())
    assert read_document(path).lines == ["첫 줄", "\t둘째 줄", "셋째 줄"]


def test_decomposed_hangul_comes_out_composed(tmp_path: Path):
    composed = "예산 집행현황\t한글"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    path = make_encoded_text(tmp_path / "nfd.txt", decomposed + "\n", "utf-8")
    assert read_document(path).lines == [composed]


def test_decomposed_hangul_in_html_comes_out_composed(tmp_path: Path):
    path = tmp_path / "nfd.html"
    path.write_text(unicodedata.normalize("NFD", "<p>예산</p><table><tr><td>집행</td></tr></table>"))
    assert read_document(path).lines == ["예산", "집행"]


# -- PDF ---------------------------------------------------------------------------------------
@pytest.fixture
def budget_pdf(tmp_path: Path) -> Path:
    return make_pdf(
        tmp_path / "budget.pdf",
        ["2021년 주요업무보고", "3. 예산 집행현황", BUDGET_CAPTION],
        BUDGET_ROWS,
        ["※ 집행률은 4월 말 기준"],
        page2_lines=["Ⅱ. 주요 업무", "둘째 쪽 본문"],
    )


@needs_korean_font
def test_pdf_caption_sits_right_above_its_table_rows(budget_pdf: Path):
    doc = read_document(budget_pdf)
    assert doc.fmt == "pdf"
    assert doc.lines == [
        "2021년 주요업무보고",
        "3. 예산 집행현황",
        BUDGET_CAPTION,
        *tsv(BUDGET_ROWS),
        "※ 집행률은 4월 말 기준",
        "Ⅱ. 주요 업무",
        "둘째 쪽 본문",
    ]


@needs_korean_font
def test_pdf_lines_know_their_page(budget_pdf: Path):
    doc = read_document(budget_pdf)
    assert doc.pages == [1] * 8 + [2, 2]
    assert doc.page_of(doc.lines.index("사업명\t예산현액\t집행액") + 1) == 1
    assert doc.page_of(len(doc.lines)) == 2


@needs_korean_font
def test_pdf_merged_cells_become_empty_fields(tmp_path: Path):
    path = make_pdf(tmp_path / "merged.pdf", ["인력 현황"], MERGED_ROWS, ["끝"], spans=MERGED_SPANS)
    assert read_document(path).lines == ["인력 현황", *tsv(MERGED_ROWS), "끝"]


@needs_korean_font
def test_pdf_saved_as_txt_is_read_as_pdf(budget_pdf: Path, tmp_path: Path):
    renamed = tmp_path / "budget.txt"
    renamed.write_bytes(budget_pdf.read_bytes())
    doc = read_document(renamed)
    assert doc.fmt == "pdf"
    assert tsv(BUDGET_ROWS)[1] in doc.lines


def test_corrupt_pdf_is_refused(tmp_path: Path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"garbage " * 200)
    raises_korean(path, "PDF 파일을 읽을 수 없습니다", "broken.pdf")


@needs_korean_font
def test_truncated_pdf_is_refused(budget_pdf: Path, tmp_path: Path):
    path = tmp_path / "truncated.pdf"
    raw = budget_pdf.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    raises_korean(path, "PDF 파일을 읽을 수 없습니다")


@needs_korean_font
def test_password_protected_pdf_is_refused(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("ko", "", str(pdf_font()))
    pdf.set_font("ko", size=11)
    pdf.add_page()
    pdf.cell(text="비밀 문서")
    pdf.set_encryption(owner_password="owner", user_password="user")
    pdf.output(str(tmp_path / "locked.pdf"))
    raises_korean(tmp_path / "locked.pdf", "PDF 파일을 읽을 수 없습니다", "암호")


def test_pdf_without_text_is_refused(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.output(str(tmp_path / "scan.pdf"))
    raises_korean(tmp_path / "scan.pdf", "글자를 찾을 수 없습니다", "OCR")


# -- DOCX --------------------------------------------------------------------------------------
DOC_BEFORE = ["# 주요업무보고", "## 3. 예산 집행현황", "예산 집행 실적은 다음과 같다.", BUDGET_CAPTION]
DOC_AFTER = ["※ 국비 포함 금액임", "Ⅱ. 주요 업무"]


def test_docx_heading_paragraphs_and_merged_table_in_order(tmp_path: Path):
    path = make_docx(tmp_path / "r.docx", DOC_BEFORE, MERGED_ROWS, DOC_AFTER, spans=MERGED_SPANS)
    doc = read_document(path)
    assert doc.fmt == "docx"
    assert doc.lines == DOC_BEFORE + tsv(MERGED_ROWS) + DOC_AFTER


def test_docx_list_items_become_dashes_with_nesting(tmp_path: Path):
    lines = ["추진 실적", "- 청년 일자리 지원", "  - 1,234백만원 집행", "- 어르신 돌봄"]
    path = make_docx(tmp_path / "list.docx", lines, [], [])
    assert read_document(path).lines == lines


def test_docx_saved_as_hwpx_is_read_as_docx(tmp_path: Path):
    path = make_docx(tmp_path / "r.docx", DOC_BEFORE, BUDGET_ROWS, DOC_AFTER)
    renamed = tmp_path / "r.hwpx"
    renamed.write_bytes(path.read_bytes())
    doc = read_document(renamed)
    assert doc.fmt == "docx"
    assert doc.lines == DOC_BEFORE + tsv(BUDGET_ROWS) + DOC_AFTER


def test_docx_entity_reference_never_silently_loses_the_text_after_it(tmp_path: Path):
    from hostile import docx_with_doctype

    path = docx_with_doctype(tmp_path / "entity.docx", '<!DOCTYPE w:document [<!ENTITY org "서울시">]>',
                             "앞 문장 &org; 뒤 문장")
    try:
        lines = read_document(path).lines
    except IngestError as exc:  # refused, and the message says why
        assert "엔티티" in str(exc) and "entity.docx" in str(exc)
    else:
        assert "뒤 문장" in " ".join(lines), lines


# -- HWPX --------------------------------------------------------------------------------------
def test_hwpx_paragraphs_and_merged_table_in_order(tmp_path: Path):
    path = make_hwpx(tmp_path / "r.hwpx", DOC_BEFORE, MERGED_ROWS, DOC_AFTER, spans=MERGED_SPANS)
    doc = read_document(path)
    assert doc.fmt == "hwpx"
    assert doc.lines == DOC_BEFORE + tsv(MERGED_ROWS) + DOC_AFTER


def test_hwpx_table_inside_a_run_comes_out_where_it_sits(tmp_path: Path):
    path = make_hwpx(
        tmp_path / "r.hwpx", ["앞 문단"], BUDGET_ROWS, ["뒤 문단"], table_intro=BUDGET_CAPTION
    )
    assert read_document(path).lines == ["앞 문단", BUDGET_CAPTION, *tsv(BUDGET_ROWS), "뒤 문단"]


def test_hwpx_2016_namespaces_read_the_same(tmp_path: Path):
    path = make_hwpx(
        tmp_path / "r.hwpx", DOC_BEFORE, MERGED_ROWS, DOC_AFTER,
        spans=MERGED_SPANS, namespaces=HWPX_NS_2016,
    )
    assert read_document(path).lines == DOC_BEFORE + tsv(MERGED_ROWS) + DOC_AFTER


def test_hwpx_sections_follow_the_manifest_spine(tmp_path: Path):
    path = make_hwpx(
        tmp_path / "r.hwpx", ["첫 구역"], [], [], extra_sections=[["둘째 구역"], ["셋째 구역"]],
        spine_order=[0, 2, 1],
    )
    assert read_document(path).lines == ["첫 구역", "셋째 구역", "둘째 구역"]


def test_hwpx_sections_without_manifest_go_in_numeric_order(tmp_path: Path):
    extra = [[f"구역 {i}"] for i in range(1, 12)]
    path = make_hwpx(tmp_path / "r.hwpx", ["구역 0"], [], [], extra_sections=extra,
                     with_manifest=False)
    assert read_document(path).lines == [f"구역 {i}" for i in range(12)]


def test_hwpx_runs_text_boxes_and_skipped_controls(tmp_path: Path):
    run = (
        "<hp:p><hp:run><hp:ctrl><hp:header><hp:subList><hp:p><hp:run><hp:t>머리말</hp:t>"
        "</hp:run></hp:p></hp:subList></hp:header></hp:ctrl>"
        "<hp:t>예산<hp:tab/>현황<hp:lineBreak/>(단위 : 천원)</hp:t></hp:run>"
        "<hp:run><hp:rect><hp:drawText><hp:subList><hp:p><hp:run><hp:t>글상자 제목</hp:t>"
        "</hp:run></hp:p></hp:subList></hp:drawText></hp:rect><hp:t>뒤 글자</hp:t></hp:run></hp:p>"
        "<hp:p><hp:run/></hp:p><hp:p><hp:run><hp:t>끝</hp:t></hp:run></hp:p>"
    )
    path = hwpx_package(tmp_path / "r.hwpx", [run])
    assert read_document(path).lines == [
        "예산 현황", "(단위 : 천원)", "글상자 제목", "뒤 글자", "", "끝"
    ]


def test_hwpx_with_xml_entity_bomb_is_refused(tmp_path: Path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "가가가가가가가가"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<hs:sec xmlns:hs="x" xmlns:hp="y"><hp:p><hp:run><hp:t>&b;</hp:t></hp:run></hp:p></hs:sec>'
    )
    path = tmp_path / "bomb.hwpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        zf.writestr("Contents/section0.xml", bomb)
    raises_korean(path, "HWPX 파일을 읽을 수 없습니다")


# -- HTML --------------------------------------------------------------------------------------
def test_html_headings_nested_list_and_spanned_table(tmp_path: Path):
    before = ["# 주요업무보고", "## 예산 현황", "- 청년 일자리", "  - 1,234백만원 집행", "- 어르신 돌봄"]
    path = make_html(tmp_path / "r.html", before, MERGED_ROWS, ["표 다음 문단"],
                     spans=MERGED_SPANS, caption=BUDGET_CAPTION)
    doc = read_document(path)
    assert doc.fmt == "html"
    assert doc.lines == before + [BUDGET_CAPTION, *tsv(MERGED_ROWS), "표 다음 문단"]


def test_html_cells_collapse_whitespace_and_decode_entities(tmp_path: Path):
    path = tmp_path / "cells.htm"
    path.write_text(
        "<h3>현황 &amp; 계획</h3><p>첫 줄<br>둘째&nbsp;줄</p>"
        '<table><tr><td colspan="3">예산\t현황\n(단위 : 천원)</td></tr>'
        "<tr><td>A&lt;B</td><td><p>1,000</p><p>(50%)</p></td><td></td></tr></table>"
        "<style>p { color: red }</style><script>alert('무시')</script><p>끝</p>",
        encoding="utf-8",
    )
    assert read_document(path).lines == [
        "### 현황 & 계획", "첫 줄", "둘째 줄",
        "예산 현황 (단위 : 천원)\t\t", "A<B\t1,000 (50%)\t", "끝",
    ]


def test_html_list_items_holding_paragraphs_and_an_unclosed_head(tmp_path: Path):
    path = tmp_path / "list.html"
    path.write_text(
        "<html><head><title>제목 표시줄<body><ul><li><p>첫 항목</p></li>"
        "<li>둘째 항목<ol><li>하위</li></ol></li></ul><pre>  들여쓴\n\t줄</pre></body></html>",
        encoding="utf-8",
    )
    assert read_document(path).lines == ["- 첫 항목", "- 둘째 항목", "  - 하위", "  들여쓴", "\t줄"]


def test_html_in_cp949_with_meta_charset(tmp_path: Path):
    path = make_html(tmp_path / "old.html", ["# 예산 현황"], BUDGET_ROWS, [], encoding="euc-kr")
    assert read_document(path).lines == ["# 예산 현황", *tsv(BUDGET_ROWS)]


# -- bad input ---------------------------------------------------------------------------------
def test_empty_file_is_refused(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    raises_korean(tmp_path / "empty.txt", "빈 파일")


def test_whitespace_only_file_is_refused(tmp_path: Path):
    (tmp_path / "blank.md").write_text(" \n\t\n  \n", encoding="utf-8")
    raises_korean(tmp_path / "blank.md", "빈 파일")


def test_missing_file_is_refused(tmp_path: Path):
    raises_korean(tmp_path / "없는파일.txt", "찾을 수 없습니다")


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch):
    path = make_encoded_text(tmp_path / "big.txt", "가" * 2000, "utf-8")  # 6 KB
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "0.001")  # 1 KB

    def no_read(self):
        raise AssertionError("read before the size check")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    raises_korean(path, "너무 큽니다", "big.txt")


def test_size_limit_defaults_to_50_mb(monkeypatch):
    from ingest.readers import MAX_BYTES, max_bytes

    monkeypatch.delenv("ASSISTANT_MAX_FILE_MB", raising=False)
    assert max_bytes() == MAX_BYTES == 50 * 1024 * 1024
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "2")
    assert max_bytes() == 2 * 1024 * 1024


def test_binary_garbage_in_a_text_file_is_refused(tmp_path: Path):
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 40)
    raises_korean(tmp_path / "noise.txt", "텍스트 파일로 읽을 수 없습니다")


def test_unknown_extension_is_refused(tmp_path: Path):
    make_encoded_text(tmp_path / "report.xyz", "예산 현황", "utf-8")
    message = raises_korean(tmp_path / "report.xyz", "지원하지 않는 파일 형식")
    assert ".hwpx" in message


@pytest.mark.parametrize("suffix", [".docx", ".hwpx"])
def test_corrupt_zip_is_refused(tmp_path: Path, suffix: str):
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"PK\x03\x04" + b"\x00\xff" * 500)
    raises_korean(path, "손상")


@pytest.mark.parametrize("suffix", [".docx", ".hwpx"])
def test_text_saved_as_docx_or_hwpx_is_refused(tmp_path: Path, suffix: str):
    path = make_encoded_text(tmp_path / f"fake{suffix}", "그냥 글자입니다", "utf-8")
    raises_korean(path, "손상되었거나", suffix[1:].upper())


def test_zip_that_is_neither_docx_nor_hwpx_is_refused(tmp_path: Path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "사진")
    raises_korean(path, "DOCX 형식이 아닙니다")


def test_zip_bomb_is_refused(tmp_path: Path, monkeypatch):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\x00" * (3 * 1024 * 1024))
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "0.1")  # 20 × 0.1 MB < 3 MB inflated
    raises_korean(path, "압축을 풀면 너무 큰")


@pytest.mark.parametrize("name", ["report.hwp", "report.hwpx", "report.txt"])
def test_hwp5_binary_gets_the_convert_to_hwpx_message(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(OLE_MAGIC + b"\x00" * 1024)
    assert raises_korean(path) == HWP5_MESSAGE


def test_hwp_extension_without_ole_content_gets_the_same_message(tmp_path: Path):
    path = make_encoded_text(tmp_path / "report.hwp", "HWP Document File", "utf-8")
    assert raises_korean(path) == HWP5_MESSAGE


# -- API ---------------------------------------------------------------------------------------
def test_supported_extensions_cover_every_reader():
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".hwpx"}


def test_heavy_libraries_load_only_when_needed():
    code = "import sys, ingest.readers; print(sorted({'pdfplumber', 'docx'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr
