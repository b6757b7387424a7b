"""DOCX via python-docx: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import re

from ingest.document import IngestError
from ingest.readers.common import clean_cell

_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*([1-6])$", re.I)
_TITLE_STYLES = {"title", "제목"}
_LIST_STYLE = re.compile(r"^(?:list|목록)\D*?(\d)?$", re.I)  # "List Bullet 2": second level


def read_docx(raw: bytes, name: str) -> list[str]:
    import docx

    # A damaged package fails in zipfile, opc, lxml or python-docx's typed attribute parsing
    # (a bad gridSpan, a missing part) with unrelated exception types.
    try:
        document = docx.Document(io.BytesIO(raw))
        return _block_lines(document.element.body, document._body)
    except Exception as exc:
        raise IngestError(
            f"DOCX 파일을 읽을 수 없습니다(손상되었거나 형식이 올바르지 않습니다): {name}"
        ) from exc


def _block_lines(container, parent) -> list[str]:
    """Paragraphs and tables in document order. python-docx's iter_inner_content() skips
    content controls (w:sdt) and tracked insertions (w:ins), which Word uses for whole
    sections such as a cover page, so the body is walked here."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_line(Paragraph(child, parent)))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(child))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:ins"), qn("w:customXml")):
            lines.extend(_block_lines(child, parent))
    return lines


def _paragraph_line(paragraph) -> str:
    # A tab in running text only aligns it; kept as "\t" the line would pass for a table row.
    text = paragraph.text.replace("\t", " ")
    style = _style_name(paragraph)
    heading = _HEADING_STYLE.match(style)
    if heading and text.strip():
        return "#" * int(heading.group(1)) + " " + text.strip()
    if style.lower() in _TITLE_STYLES and text.strip():
        return "# " + text.strip()
    level = _list_level(paragraph, style)
    if level is not None and text.strip():
        return "  " * level + "- " + text.strip()
    return text


def _style_name(paragraph) -> str:
    try:
        return (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    except (KeyError, AttributeError):  # a style id that styles.xml does not define
        return ""


def _list_level(paragraph, style: str) -> int | None:
    """Indent level of a list item: numbering properties or a list style make a paragraph one."""
    ppr = paragraph._p.pPr
    numpr = ppr.numPr if ppr is not None else None
    if numpr is not None and numpr.numId is not None and numpr.numId.val != 0:
        ilvl = numpr.ilvl
        return int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0
    by_style = _LIST_STYLE.match(style)
    if by_style is None:
        return None
    return int(by_style.group(1)) - 1 if by_style.group(1) else 0


def _table_lines(tbl) -> list[str]:
    lines = []
    for tr in tbl.tr_lst:
        row = [""] * _grid_before(tr)
        for tc in tr.tc_lst:
            # vMerge="continue" marks a slot covered by the cell above: empty, like HTML rowspan.
            row.append("" if tc.vMerge == "continue" else _cell_text(tc))
            row.extend([""] * (tc.grid_span - 1))
        if any(row):
            lines.append("\t".join(row))
    return lines


def _grid_before(tr) -> int:
    try:
        return int(tr.grid_before or 0)
    except (TypeError, ValueError):
        return 0


def _cell_text(tc) -> str:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    # Every paragraph below the cell, nested tables included, flattened into one field.
    texts = [Paragraph(p, None).text for p in tc.iter(qn("w:p"))]
    return clean_cell(" ".join(texts))
