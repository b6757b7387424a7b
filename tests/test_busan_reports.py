"""Six real PDF reports of another city's offices (../shared/corpus/busan2025, never committed):
who wrote each and who it was given to, its title and date, the hand-checked table key, and no
page's text lost without a line in the ingest summary.

The key (tests/fixtures/busan_table_key.jsonl, see README_busan_table_key.md) was read off the
rendered pages by hand; `table_key` says how stored cells are compared with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from table_key import cells_of_parsed, compare, load_key

CORPUS = ROOT.parent / "shared" / "corpus" / "busan2025"
KEY = Path(__file__).parent / "fixtures" / "busan_table_key.jsonl"
PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(len(PDFS) != 6, reason=f"부산 보고서 PDF 6개가 없습니다: {CORPUS}")

# Read off each cover (rendered with pdftoppm): the office that wrote it, the committee it was
# given to (printed beside the date), the cover's title and date.
COVERS = {
    "2025년 감사위원회 주요업무계획.pdf": ("감사위원회", "행정문화위원회", "2025-02-07", "2025년 주요업무계획"),
    "2025년 교통혁신국 주요업무계획.pdf": ("교통혁신국", "건설교통위원회", "2025-02-11", "2025년 주요업무추진계획"),
    "2025년 문화체육국 주요업무계획.pdf": ("문화체육국", "행정문화위원회", "2025-02-10", "2025년 주요업무계획"),
    "2025년 사회복지국 주요업무계획.pdf": ("사회복지국", "복지환경위원회", "2025-02-12", "2025년 주요업무계획"),
    "2025년 시민건강국 주요업무계획.pdf": ("시민건강국", "복지환경위원회", "2025-02-11", "2025년 주요업무계획"),
    "2025년 여성가족국 주요업무계획.pdf": ("여성가족국", "복지환경위원회", "2025-02-13", "2025년 주요업무계획"),
}


@pytest.fixture(scope="module")
def parsed():
    from ingest.pipeline import parse_document

    return {p.name: parse_document(p, p.name) for p in PDFS}


@pytest.mark.parametrize("name", sorted(COVERS))
def test_office_committee_title_and_date_come_from_the_report(parsed, name):
    office, committee, date, kind = COVERS[name]
    m = parsed[name].doc.metadata
    assert (m.organization, m.reported_to, m.report_date) == (office, committee, date)
    assert not m.organization_inferred
    assert m.title.startswith(f"{office} {kind}")


def test_hand_checked_cells_match_with_their_row_and_column_paths(parsed):
    key = load_key(KEY)
    assert len(key) >= 320 and len({e["doc"] for e in key}) >= 4
    cells = [c for p in parsed.values() for c in cells_of_parsed(p)]
    result = compare(key, cells)
    misses = [(m["doc"][5:10], m["page"], m["row_path"], m["col_path"], m["value"]) for m in result.misses]
    assert result.exact >= 0.98, misses[:30]
    # units and as-of dates of the matched cells
    assert result.as_of_ok >= 0.98 * result.matched, result.as_of_misses[:10]
    assert result.unit_ok >= 0.95 * result.matched, result.unit_misses[:10]


# The second key was written by someone who saw neither the code nor the first key, after the
# extractor had been tuned on the first: its score is the extractor's first-sight figure. The bar is
# where it stood when the key came in (0.884), a guard against losing ground; issue 10 asks for 0.98.
SECOND_KEY = Path(__file__).parent / "fixtures" / "busan_table_key_b.jsonl"
SECOND_KEY_FLOOR = 0.88


def test_a_second_independently_checked_key_does_not_lose_ground(parsed):
    key = load_key(SECOND_KEY)
    cells = [c for p in parsed.values() for c in cells_of_parsed(p)]
    result = compare(key, cells)
    assert result.exact >= SECOND_KEY_FLOOR, result.misses[:20]
    assert result.as_of_ok >= 0.98 * result.matched, result.as_of_misses[:10]


def test_no_page_loses_its_text_without_a_note(parsed):
    import pypdfium2 as pdfium

    for name, p in parsed.items():
        doc = p.doc
        pdf = pdfium.PdfDocument(str(CORPUS / name))
        with_text = set()
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            if textpage.get_text_range().strip():
                with_text.add(i + 1)
        assert set(doc.pages) == with_text, name  # every page with a text layer gave lines
        assert set(doc.textless_pages) | set(doc.blank_pages) == set(range(1, len(pdf) + 1)) - with_text, name


def test_pages_drawn_without_text_are_said_to_need_ocr(parsed):
    from ingest.page_notes import summary_notes

    rows = [{"doc_id": n, "page_notes": __import__("json").dumps({"textless": p.doc.textless_pages,
                                                                  "blank": p.doc.blank_pages})}
            for n, p in parsed.items()]
    notes = summary_notes(rows)
    assert any("텍스트가 없는 쪽 1개: OCR이 필요합니다" in n and "사회복지국" in n for n in notes)


def test_bullet_depth_and_tables_across_pages_on_real_pages(parsed):
    doc = parsed["2025년 교통혁신국 주요업무계획.pdf"].doc
    i = next(n for n, line in enumerate(doc.lines) if line.startswith("ㅇ (도시철도) 4개 노선"))
    # "- 1호선 …" is set in under "ㅇ (도시철도) …", which is set in under "□ 교통수단"
    assert doc.levels[i] > doc.levels[i - 1] and doc.lines[i + 1].startswith("- 1호선")
    assert doc.levels[i + 1] > doc.levels[i]


def test_bullet_lines_in_a_font_with_a_huge_declared_ascent_stay_apart():
    """시민건강국 sets its ❍ bullets in HaansoftBatang, whose declared ascent and descent (1.83 em
    up, 0.5 em down) made each bullet's box cover the lines above and below: the 현안 pages read
    as lines of two to eleven items with their letters interleaved."""
    import re

    from ingest.readers import read_document

    doc = read_document(CORPUS / "2025년 시민건강국 주요업무계획.pdf")
    assert "❍ 총사업비 : 1,641억원(건축비 858*, 부지비 292, 의료장비비 등 342, 예비비 149)" in doc.lines
    i = doc.lines.index("❍ 규 모 : 300병상 규모 종합병원, 부지면적 14,381.5㎡, 연면적 32,445㎡")
    assert doc.lines[i + 1].startswith("❍ 총사업비 : 1,641억원") and doc.lines[i + 2].startswith("❍ 추진방식 :")
    assert not [line for line in doc.lines if re.search(r"[❍ㅇ○]{2,}|[’‘']{3,}", line)]
