"""PDF: every page read once through PDFium, laid out (tables from ruling lines, boxes, joined
paragraphs), running headers and page numbers taken out, tables continued over a page break
joined, and each text line's depth taken from its x-position.

Tables come out as tab-separated rows with a merged cell's text in its top-left slot, like the
text reports, so one table parser serves every format.
"""

from __future__ import annotations

from ingest.document import IngestError, ReaderOutput
from ingest.levels import levels_from_positions
from ingest.readers.common import clean_cell
from ingest.readers.pdf_continuation import join_continued
from ingest.readers.pdf_furniture import strip_furniture
from ingest.readers.pdf_layout import PageItem, layout_page
from ingest.readers.pdf_page import PDFIUM_LOCK, open_pdf, properties, read_page

# Counted by tests and the benchmark: every page is parsed exactly once.
pages_parsed = 0


def read_pdf(raw: bytes, name: str) -> ReaderOutput:
    if b"%%EOF" not in raw[-2048:]:
        # PDFium quietly rebuilds a cut-off file from what is left; the rest of the report would
        # then be missing without a word.
        raise IngestError(f"PDF 파일을 읽을 수 없습니다(손상되었거나 암호화됨): {name}")
    try:
        pdf = open_pdf(raw)
    except Exception as exc:
        raise IngestError(_unreadable_message(exc, name)) from exc
    try:
        return _read(pdf)
    except IngestError:
        raise
    except Exception as exc:  # a damaged page: PDFium reports it with assorted errors
        raise IngestError(_unreadable_message(exc, name)) from exc
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _read(pdf) -> ReaderOutput:
    global pages_parsed
    out = ReaderOutput(lines=[], pages=[], levels=[], properties=properties(pdf), covers=[])
    pages: list[list[PageItem]] = []
    heights: list[float] = []
    for index in range(len(pdf)):
        content = read_page(pdf, index)
        pages_parsed += 1
        heights.append(content.height)
        if not content.has_text:
            (out.textless_pages if content.has_drawing else out.blank_pages).append(content.number)
            pages.append([])
            continue
        pages.append(layout_page(content))
    pages, out.furniture = strip_furniture(pages, heights)
    pages = join_continued(pages)
    xs: list[float | None] = []
    previous = None
    for items in pages:
        for item in items:
            if item.kind == "table":
                if previous == "table":
                    _emit(out, xs, "", item.page, None)  # two tables one under the other stay two
                _emit_table(out, xs, item.table)
            elif item.text.strip():
                _emit(out, xs, item.text, item.page, item.x0)
            previous = item.kind
    out.levels = levels_from_positions(xs)
    return out


def _emit(out: ReaderOutput, xs: list[float | None], text: str, page: int, x: float | None,
          covers: str | None = None) -> None:
    out.lines.append(text)
    out.pages.append(page)
    out.covers.append(covers)
    xs.append(x)


def _emit_table(out: ReaderOutput, xs: list[float | None], table) -> None:
    """The rows, then each table drawn inside a cell, after a blank line and its caption, so
    that the table parser sees separate tables."""
    for row, page, covers in zip(table.grid(), table.row_pages, table.covers()):
        cells = [clean_cell(c) for c in row]
        if any(cells):
            _emit(out, xs, "\t".join(cells), page, None, covers)
    for inner in table.inner:
        _emit(out, xs, "", inner.page, None)
        for caption in inner.captions:
            _emit(out, xs, caption, inner.page, None)
        _emit_table(out, xs, inner)


def _unreadable_message(exc: BaseException, name: str) -> str:
    if _is_password_error(exc):
        return f"PDF 파일을 읽을 수 없습니다(암호가 걸려 있습니다): {name}. 암호를 해제한 뒤 올려 주세요."
    return f"PDF 파일을 읽을 수 없습니다(손상되었거나 암호화됨): {name}"


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if "password" in str(seen).lower() or getattr(seen, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            return True
        seen = seen.__cause__ or seen.__context__
    return False
