"""What ingesting a PDF or DOCX report stores beyond its text: each line's depth from the format,
the committee the report was given to beside the office that wrote it, and a summary line for
every page ingested without text. Vectors come from a stub (the model is not what is tested)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from docgen import find_korean_font, pdf_font


class StubEmbedder:
    model_id = "stub-hash-embedder"

    def embed_passages(self, texts, batch_size=32):
        out = []
        for t in texts:
            rng = np.random.default_rng(abs(hash(t)) % (2**32))
            v = rng.standard_normal(384).astype(np.float32)
            out.append(v / np.linalg.norm(v))
        return out


def report_pdf(path):
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_font("ko", "", str(pdf_font()))
    pdf.set_font("ko", size=11)
    pdf.add_page()
    for text in ("2025. 2. 11.(화)", "건설교통위원회", "2025년 주요업무계획", "교 통 혁 신 국"):
        pdf.cell(0, 10, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for indent, text in ((0, "Ⅰ. 기본 현황"), (0, "□ 교통수단"), (6, "○ 도시철도 4개 노선"), (12, "- 1호선 39.9km")):
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 30, 30)).save(buf, format="PNG")
    buf.seek(0)
    pdf.image(buf, x=20, y=30, w=100)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    if find_korean_font() is None:
        pytest.skip("한글 글꼴이 없어 PDF를 만들 수 없습니다")
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    base = tmp_path_factory.mktemp("formats")
    reports = base / "reports"
    reports.mkdir()
    report_pdf(reports / "traffic.pdf")
    (reports / "memo.txt").write_text("짧은 메모\n예산 100\n", encoding="utf-8")
    settings = load_settings(base / "index")
    report = ingest([reports], settings=settings, progress=False, embedder=StubEmbedder())
    return settings, report


def test_lines_store_the_depth_the_format_gives_them(ingested):
    from ingest import catalog as cat

    settings, _ = ingested
    catalog = cat.Catalog(settings.table_db_url)
    build = catalog.current_build().build_id
    lines = {r["text"]: r["level"] for r in catalog.iter_rows(cat.lines, build, "traffic.pdf")}
    assert lines["□ 교통수단"] < lines["○ 도시철도 4개 노선"] < lines["- 1호선 39.9km"]
    assert set(catalog.doc_levels(build, "memo.txt")) == {None}  # text carries depth in leading spaces


def test_the_index_knows_who_the_report_was_given_to(ingested):
    from assistant.index import LoadedIndex

    settings, _ = ingested
    info = LoadedIndex(settings).docs["traffic.pdf"]
    assert (info.organization, info.reported_to) == ("교통혁신국", "건설교통위원회")
    assert info.organization_label == "교통혁신국 (건설교통위원회 보고)"
    assert info.evidence["organization"] == "표지"
    assert LoadedIndex(settings).docs["memo.txt"].organization_label == "기관 미상"


def test_the_summary_names_pages_ingested_without_text(ingested):
    _, report = ingested
    assert report.notes == ["traffic.pdf: 텍스트가 없는 쪽 1개: OCR이 필요합니다 (쪽 3)"]
    assert json.loads(json.dumps(report.to_json()))["notes"] == report.notes


def test_the_summary_keeps_its_notes_when_nothing_changed(ingested):
    from ingest.pipeline import ingest

    settings, first = ingested
    again = ingest([settings.index_dir.parent / "reports"], settings=settings, progress=False,
                   embedder=StubEmbedder())
    assert again.skipped_unchanged == 2 and again.notes == first.notes
