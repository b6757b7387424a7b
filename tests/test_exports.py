"""Our own reports saved as DOCX, HWPX and PDF (through LibreOffice) read back with the same
section tree and the same table cells as the text version: bullet nesting survives being
carried by indentation instead of leading spaces, and a table that runs over a page break is one
table with its unit and date."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPORTS
from exports import blocks_of, cell_agreement, docx_to_pdf, parent_agreement, soffice, write_docx, write_hwpx

TEXT_REPORTS = sorted(REPORTS.glob("*.txt"))
BUDGET_REPORT = REPORTS / "000_acfb0ae351bc7fb8.txt"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every report as DOCX and HWPX."""
    out = tmp_path_factory.mktemp("exports")
    files = {}
    for path in TEXT_REPORTS:
        blocks = blocks_of(path)
        files[path.name] = (path, write_docx(blocks, out / f"{path.stem}.docx"), write_hwpx(blocks, out / f"{path.stem}.hwpx"))
    return files


@pytest.fixture(scope="module")
def budget_pdf(exported, tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice(soffice)가 없어 PDF로 내보낼 수 없습니다: make office 또는 apt-get install libreoffice-writer-nogui")
    _, docx, _ = exported[BUDGET_REPORT.name]
    return docx_to_pdf(docx, tmp_path_factory.mktemp("pdf"))


@pytest.mark.parametrize("name", [p.name for p in TEXT_REPORTS], ids=lambda n: n[:3])
def test_docx_and_hwpx_keep_the_text_versions_section_tree(exported, name):
    text, docx, hwpx = exported[name]
    for export in (docx, hwpx):
        score, diffs = parent_agreement(text, export)
        assert score >= 0.98, (export.suffix, diffs[:10])


@pytest.mark.parametrize("name", [p.name for p in TEXT_REPORTS], ids=lambda n: n[:3])
def test_docx_and_hwpx_keep_every_numeric_cell(exported, name):
    text, docx, hwpx = exported[name]
    for export in (docx, hwpx):
        score, missing = cell_agreement(text, export)
        assert score >= 0.99, (export.suffix, missing[:10])


def test_the_pdf_export_keeps_the_section_tree(budget_pdf):
    score, diffs = parent_agreement(BUDGET_REPORT, budget_pdf)
    assert score >= 0.98, diffs[:10]


def test_the_pdf_export_keeps_numeric_cells_paths_units_and_dates(budget_pdf):
    score, missing = cell_agreement(BUDGET_REPORT, budget_pdf)
    assert score >= 0.99, missing[:10]


def test_budget_tables_that_cross_a_page_are_one_table_with_unit_and_date(budget_pdf):
    from ingest.pipeline import parse_document

    pdf = parse_document(budget_pdf, budget_pdf.name)
    text = parse_document(BUDGET_REPORT, BUDGET_REPORT.name)
    assert len(pdf.tables) == len(text.tables)
    crossing = [i for i, t in enumerate(pdf.tables) if len({pdf.doc.page_of(r.line) for r in t.rows}) > 1]
    budget = [i for i in crossing if pdf.tables[i].unit == "천원"
              and any(c.kind == "number" for r in pdf.tables[i].rows for c in r.cells)]
    assert budget, "no budget table runs over a page break in this export"
    squash = lambda paths: [[p.replace(" ", "") for p in path] for path in paths]  # noqa: E731
    for i in budget:
        joined, original = pdf.tables[i], text.tables[i]
        assert (joined.unit, joined.as_of) == (original.unit, original.as_of) == ("천원", "2021-04-25")
        assert squash(joined.columns) == squash(original.columns)
        assert [squash([r.label_path])[0] for r in joined.rows] == [squash([r.label_path])[0] for r in original.rows]
