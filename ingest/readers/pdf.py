"""PDF via pdfplumber: ruled tables become tab-separated rows, the rest of the page text lines,
merged top to bottom so a caption such as "(단위 : 천원)" stays right above its table."""

from __future__ import annotations

import io

from ingest.document import IngestError
from ingest.readers.common import clean_cell

Block = tuple[float, float, list[str]]  # (top, x0, lines)


def read_pdf(raw: bytes, name: str) -> tuple[list[str], list[int]]:
    import pdfplumber

    lines: list[str] = []
    pages: list[int] = []
    # pdfminer signals a damaged or encrypted file with many unrelated exception types
    # (PSSyntaxError, KeyError, TypeError, …), so anything raised while parsing means "unreadable".
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            for page in pdf.pages:
                page_lines = _page_lines(page)
                lines += page_lines
                pages += [page.page_number] * len(page_lines)
                page.close()  # frees the page's parsed objects: reports run to hundreds of pages
    except Exception as exc:
        raise IngestError(_unreadable_message(exc, name)) from exc
    return lines, pages


def _unreadable_message(exc: BaseException, name: str) -> str:
    if _is_password_error(exc):
        return f"PDF 파일을 읽을 수 없습니다(암호가 걸려 있습니다): {name}. 암호를 해제한 뒤 올려 주세요."
    return f"PDF 파일을 읽을 수 없습니다(손상되었거나 암호화됨): {name}"


def _is_password_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        names = [type(seen).__name__] + [type(a).__name__ for a in getattr(seen, "args", ())]
        if any(n in ("PDFPasswordIncorrect", "PDFEncryptionError") for n in names):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _page_lines(page) -> list[str]:
    tables = [t for t in page.find_tables() if _is_real_table(t)]
    boxes = [t.bbox for t in tables]
    blocks: list[Block] = [(t.bbox[1], t.bbox[0], _table_lines(t)) for t in tables]
    outside = page.filter(lambda obj: not _inside_any(obj, boxes))
    for line in outside.extract_text_lines(strip=True, return_chars=False):
        if line["text"].strip():
            blocks.append((line["top"], line["x0"], [line["text"]]))
    blocks.sort(key=lambda b: (round(b[0], 1), b[1]))
    return [text for _, _, block_lines in blocks for text in block_lines]


def _is_real_table(table) -> bool:
    """A one-column "table" is a box drawn around text (a page frame, a boxed heading):
    flattening it into one cell would glue a whole page into a single line."""
    rows = table.rows
    return len(rows) > 0 and max(len(r.cells) for r in rows) > 1


def _table_lines(table) -> list[str]:
    rows = [[clean_cell(cell) for cell in row] for row in table.extract()]
    return ["\t".join(row) for row in rows if any(row)]


def _inside_any(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    if obj.get("object_type") != "char":
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)
