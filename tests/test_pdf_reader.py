"""The PDF reader on generated pages: tables continued over a page break, words wrapped in narrow
cells, wrapped paragraphs, indentation, boxes, page numbers, pages without text, and every page
parsed once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from docgen import find_korean_font, pdf_font
from ingest.readers import read_document

needs_korean_font = pytest.mark.skipif(find_korean_font() is None, reason="한글 글꼴이 없어 PDF를 만들 수 없습니다")
pytestmark = needs_korean_font


def new_pdf(page_numbers: bool = False):
    from fpdf import FPDF

    class Report(FPDF):
        def footer(self):
            if page_numbers:
                self.set_y(-12)
                self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Report(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_font("ko", "", str(pdf_font()))
    pdf.set_font("ko", size=11)
    pdf.add_page()
    return pdf


def save(pdf, tmp_path: Path, name: str = "r.pdf") -> Path:
    path = tmp_path / name
    pdf.output(str(path))
    return path


def tab_rows(doc) -> list[list[str]]:
    return [line.split("\t") for line in doc.lines if "\t" in line]


# -- tables ----------------------------------------------------------------------------------
def long_table(pdf, rows: int) -> None:
    from fpdf.fonts import FontFace

    with pdf.table(first_row_as_headings=True, repeat_headings=1, line_height=9,
                   headings_style=FontFace(emphasis=None)) as table:
        head = table.row()
        for label in ("사업명", "예산현액", "집행액"):
            head.cell(label)
        for i in range(rows):
            row = table.row()
            for value in (f"사업 {i + 1}", f"{(i + 1) * 1000:,}", f"{(i + 1) * 400:,}"):
                row.cell(value)


def test_a_table_continued_on_the_next_page_is_one_table_with_its_header_once(tmp_path):
    pdf = new_pdf(page_numbers=True)
    pdf.cell(0, 8, "(’21.4.25. 기준 / 단위:천원)", new_x="LMARGIN", new_y="NEXT")
    long_table(pdf, 40)
    doc = read_document(save(pdf, tmp_path))
    rows = tab_rows(doc)
    assert rows[0] == ["사업명", "예산현액", "집행액"]
    assert [r[0] for r in rows[1:]] == [f"사업 {i + 1}" for i in range(40)]  # the repeated header is gone
    first, last = doc.lines.index("\t".join(rows[1])), doc.lines.index("\t".join(rows[-1]))
    assert doc.pages[first] == 1 and doc.pages[last] == 2
    assert all("\t" in doc.lines[i] for i in range(first, last + 1))  # no page number between the halves


def test_the_joined_table_keeps_unit_and_as_of_on_its_second_page(tmp_path):
    from ingest.structure import build_outline
    from ingest.tables import extract_tables

    pdf = new_pdf(page_numbers=True)
    pdf.cell(0, 8, "(’21.4.25. 기준 / 단위:천원)", new_x="LMARGIN", new_y="NEXT")
    long_table(pdf, 40)
    doc = read_document(save(pdf, tmp_path))
    tables = extract_tables(doc, build_outline(doc))
    assert len(tables) == 1
    last = tables[0].rows[-1]
    assert last.label == "사업 40" and doc.page_of(last.line) == 2
    assert {(c.unit, c.as_of) for c in last.cells} == {("천원", "2021-04-25")}
    assert [c.col_path for c in last.cells] == [["예산현액"], ["집행액"]]


def test_a_new_table_with_its_own_caption_is_not_joined(tmp_path):
    pdf = new_pdf()
    long_table(pdf, 3)
    pdf.add_page()
    pdf.cell(0, 8, "다음 표 (단위:천원)", new_x="LMARGIN", new_y="NEXT")
    long_table(pdf, 3)
    doc = read_document(save(pdf, tmp_path))
    assert sum(1 for r in tab_rows(doc) if r[0] == "사업명") == 2


def test_a_word_wrapped_in_a_narrow_cell_is_rejoined_without_a_space(tmp_path):
    pdf = new_pdf()
    with pdf.table(col_widths=(14, 40), width=54, line_height=6, first_row_as_headings=False) as table:
        row = table.row()
        row.cell("전문경력관")
        row.cell("정원")
        row = table.row()
        row.cell("4")
        row.cell("26")
    doc = read_document(save(pdf, tmp_path))
    assert tab_rows(doc)[0][0] == "전문경력관"


def test_merged_header_cells_keep_their_text_in_the_first_slot(tmp_path):
    pdf = new_pdf()
    with pdf.table(first_row_as_headings=False, line_height=8) as table:
        r = table.row()
        r.cell("구분", rowspan=2)
        r.cell("예산", colspan=2)
        r = table.row()
        r.cell("예산현액")
        r.cell("집행액")
        r = table.row()
        for v in ("청년 일자리", "1,234", "987"):
            r.cell(v)
    doc = read_document(save(pdf, tmp_path))
    assert tab_rows(doc)[:2] == [["구분", "예산", ""], ["", "예산현액", "집행액"]]
    covers = [doc.covers[i + 1] for i, line in enumerate(doc.lines) if "\t" in line]
    assert covers[:2] == ["..<", "^.."]  # "." own cell, "<" covered from the left, "^" from above


# -- text --------------------------------------------------------------------------------------
def test_a_wrapped_paragraph_is_one_line_and_a_new_bullet_is_another(tmp_path):
    pdf = new_pdf()
    long_text = "○ 시의회 운영의 투명성을 높이기 위하여 회의록 공개 범위를 넓히고 의원 활동 정보를 누리집에서 실시간으로 제공하며 시민 의견을 받는 창구를 늘린다"
    pdf.multi_cell(120, 7, long_text, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(120, 7, "- 세부 과제 하나", new_x="LMARGIN", new_y="NEXT")
    doc = read_document(save(pdf, tmp_path))
    assert [line.replace(" ", "") for line in doc.lines] == [long_text.replace(" ", ""), "-세부과제하나"]


def test_indentation_becomes_the_line_level_and_the_section_tree(tmp_path):
    from ingest.levels import section_parents
    from ingest.structure import build_outline

    pdf = new_pdf()
    for indent, text in ((0, "□ 추진 계획"), (6, "○ 회의록 공개 확대"), (12, "- 영상 회의록 제공"),
                         (12, "- 검색 기능 개선"), (6, "○ 의원 활동 공개")):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    doc = read_document(save(pdf, tmp_path))
    assert doc.levels == [0, 1, 2, 2, 1]
    parents = section_parents(doc.lines, doc.levels, build_outline(doc))
    assert [doc.lines[p - 1] if p else None for p in parents] == [
        None, "□ 추진 계획", "○ 회의록 공개 확대", "○ 회의록 공개 확대", "□ 추진 계획"]


def test_a_text_box_is_read_together_beside_text_at_the_same_height(tmp_path):
    pdf = new_pdf()
    top = pdf.get_y()
    pdf.rect(pdf.l_margin, top, 80, 24)
    pdf.set_xy(pdf.l_margin + 2, top + 2)
    pdf.cell(70, 8, "【수상실적】 첫째 줄", new_x="LEFT", new_y="NEXT")
    pdf.cell(70, 8, "둘째 줄", new_x="LMARGIN", new_y="NEXT")
    for k, text in enumerate(("옆 단 첫 줄", "옆 단 둘째 줄", "옆 단 셋째 줄")):
        pdf.set_xy(pdf.l_margin + 100, top + 1 + 7.5 * k)
        pdf.cell(60, 7, text)
    doc = read_document(save(pdf, tmp_path))
    box = doc.lines.index("【수상실적】 첫째 줄")
    assert doc.lines[box + 1] == "둘째 줄"  # not interleaved with the column beside the box


def test_page_numbers_are_not_body_text(tmp_path):
    pdf = new_pdf(page_numbers=True)
    pdf.cell(0, 8, "첫 쪽 본문", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(0, 8, "둘째 쪽 본문", new_x="LMARGIN", new_y="NEXT")
    doc = read_document(save(pdf, tmp_path))
    assert doc.lines == ["첫 쪽 본문", "둘째 쪽 본문"]


# -- pages without text --------------------------------------------------------------------------
def picture_png() -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (200, 120), (30, 90, 160)).save(buf, format="PNG")
    buf.seek(0)
    return buf


def test_a_picture_only_page_and_a_blank_page_are_reported_not_dropped_silently(tmp_path):
    pdf = new_pdf()
    pdf.cell(0, 8, "본문이 있는 쪽", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(picture_png(), x=20, y=30, w=120)  # a scanned page
    pdf.add_page()  # a blank separator page
    pdf.add_page()
    pdf.cell(0, 8, "마지막 쪽", new_x="LMARGIN", new_y="NEXT")
    doc = read_document(save(pdf, tmp_path))
    assert (doc.textless_pages, doc.blank_pages) == ([2], [3])
    assert sorted(set(doc.pages)) == [1, 4]


def test_ingest_summary_says_which_pages_need_ocr():
    from ingest.page_notes import summary_notes

    notes = summary_notes([{"doc_id": "scan.pdf", "page_notes": '{"textless": [2, 5], "blank": [3]}'},
                           {"doc_id": "report.txt", "page_notes": None}])
    assert notes == ["scan.pdf: 텍스트가 없는 쪽 2개: OCR이 필요합니다 (쪽 2, 5)", "scan.pdf: 빈 쪽 1개 (쪽 3)"]


# -- speed and properties ---------------------------------------------------------------------------
def test_every_page_is_parsed_once(tmp_path):
    from ingest.readers import pdf as pdf_reader

    pdf = new_pdf(page_numbers=True)
    long_table(pdf, 60)
    path = save(pdf, tmp_path)
    before = pdf_reader.pages_parsed
    read_document(path)
    assert pdf_reader.pages_parsed - before == 3


def test_file_properties_are_kept_as_evidence(tmp_path):
    pdf = new_pdf()
    pdf.set_title("2025년 주요업무계획")
    pdf.set_author("교통혁신국")
    pdf.cell(0, 8, "본문", new_x="LMARGIN", new_y="NEXT")
    doc = read_document(save(pdf, tmp_path))
    assert doc.properties["Title"] == "2025년 주요업무계획" and doc.properties["Author"] == "교통혁신국"


def tall_declared_font(tmp_path: Path) -> Path:
    """The test font declaring the vertical metrics of HaansoftBatang, the bullet font of a real
    Busan report: 1829 units up and 501 down per 1000 (FontDescriptor Ascent/Descent and
    FontBBox), though its glyphs are drawn no taller than before."""
    from fontTools.ttLib import TTFont

    tt = TTFont(str(pdf_font()), recalcBBoxes=False)
    upm = tt["head"].unitsPerEm
    tt["hhea"].ascent, tt["hhea"].descent = round(1.829 * upm), round(-0.501 * upm)  # fpdf2: Ascent/Descent
    tt["head"].yMax, tt["head"].yMin = round(1.829 * upm), round(-0.501 * upm)  # fpdf2: FontBBox
    path = tmp_path / "tall.ttf"
    tt.save(str(path))
    return path


def test_bullets_in_a_font_declaring_huge_ascent_do_not_draw_the_lines_into_one(tmp_path):
    from fpdf import FPDF

    from ingest.readers.pdf_page import open_pdf, read_page

    pdf = FPDF(format="A4", unit="pt")
    pdf.add_font("ko", "", str(pdf_font()))
    pdf.add_font("bullet", "", str(tall_declared_font(tmp_path)))
    pdf.add_page()
    items = ["규 모 : 300병상 규모 종합병원", "총사업비 : 1,641억원(건축비 858, 부지비 292)",
             "추진방식 : 정부고시 임대형 민간투자사업(BTL)"]
    for k, text in enumerate(items):  # 15 pt text, 24.8 pt apart, each line's bullet in the other font
        pdf.set_xy(64, 100 + 24.8 * k)
        pdf.set_font("bullet", size=15)
        pdf.cell(text="○")
        pdf.set_xy(86, 100 + 24.8 * k)
        pdf.set_font("ko", size=15)
        pdf.cell(text=text)
    path = save(pdf, tmp_path)
    doc = read_document(path)
    assert doc.lines == [f"○ {text}" for text in items]
    # each bullet's box stays on its own line, though PDFium's loose box is 2.3 em tall
    document = open_pdf(path.read_bytes())
    try:
        glyphs = read_page(document, 0).glyphs
    finally:
        document.close()
    bullets = [g for g in glyphs if g.text == "○"]
    assert len(bullets) == 3 and all(b.height < 1.5 * 15 for b in bullets)
    assert all(a.bottom < b.top for a, b in zip(bullets, bullets[1:]))
