"""PDF reading speed for `bench`: pages per second through `read_document` (PDFium, layout,
tables, running headers), with no embedding, and a check that no page was read twice.

It reads the real reports in ../shared/corpus/busan2025 when they are there (or any folder
given with --pdfs), else a PDF generated on the spot, so the figure is always measured.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

DEFAULT_PDFS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "busan2025"


def measure_pdf_reading(folder: Path | None = None) -> dict:
    from ingest.readers import pdf as pdf_reader
    from ingest.readers import read_document

    files = sorted(Path(folder or DEFAULT_PDFS).glob("*.pdf")) if Path(folder or DEFAULT_PDFS).is_dir() else []
    source = str(folder or DEFAULT_PDFS)
    with tempfile.TemporaryDirectory() as tmp:
        if not files:
            files, source = [_generated_pdf(Path(tmp))], "생성한 PDF"
        pages = parsed_before = 0
        parsed_before = pdf_reader.pages_parsed
        started = time.perf_counter()
        for f in files:
            doc = read_document(f)
            pages += _page_count(f)
            del doc
        seconds = time.perf_counter() - started
        parsed = pdf_reader.pages_parsed - parsed_before
    return {
        "source": source,
        "files": len(files),
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1) if seconds else None,
        "pages_parsed": parsed,
        "each_page_once": parsed == pages,
    }


def _page_count(path: Path) -> int:
    from ingest.readers.pdf_page import PDFIUM_LOCK, open_pdf

    pdf = open_pdf(path.read_bytes())
    try:
        return len(pdf)
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _generated_pdf(folder: Path) -> Path:
    """Twenty pages of a budget report, when no real PDF is at hand."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for page in range(20):
        if page:
            pdf.add_page()
        pdf.cell(w=0, h=8, text=f"Report page {page + 1}", new_x="LMARGIN", new_y="NEXT")
        with pdf.table() as table:
            for r in range(12):
                row = table.row()
                for c in range(5):
                    row.cell(f"{(r + 1) * (c + 3) * 1000:,}")
    path = folder / "generated.pdf"
    pdf.output(str(path))
    return path
