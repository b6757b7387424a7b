"""DOCX via python-docx: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import re

from ingest.document import IngestError
from ingest.limits import LineBudget
from ingest.readers.common import clean_cell

_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*([1-6])$", re.I)
_TITLE_STYLES = {"title", "제목"}
_LIST_STYLE = re.compile(r"^(?:list|목록)\D*?(\d)?$", re.I)  # "List Bullet 2": second level
MAX_SPAN = 1000  # as for HTML and HWPX spans (readers/common.span)
MAX_LIST_LEVEL = 8


def read_docx(raw: bytes, name: str) -> list[str]:
    import docx

    # A damaged package fails in zipfile, opc, lxml or python-docx's typed attribute parsing
    # (a bad gridSpan, a missing part) with unrelated exception types.
    try:
        document = docx.Document(io.BytesIO(raw))
    except MemoryError:
        raise  # a limit of the worker process (ingest.parse_worker), not a damaged file
    except Exception as exc:
        raise IngestError(
            f"DOCX 파일을 읽을 수 없습니다(손상되었거나 형식이 올바르지 않습니다): {name}"
        ) from exc
    body = document.element.body
    _refuse_entities(body, name)
    budget = LineBudget(name)
    _precount(body, budget)
    try:
        return _block_lines(body, document._body, budget, {})
    except (IngestError, MemoryError):
        raise
    except Exception as exc:
        raise IngestError(
            f"DOCX 파일을 읽을 수 없습니다(손상되었거나 형식이 올바르지 않습니다): {name}"
        ) from exc


def _refuse_entities(body, name: str) -> None:
    """python-docx never expands entities (no XXE, no billion laughs), but it keeps an entity
    reference as a node whose following text no paragraph reads: the text after it would be
    lost without a word. Word never writes one, so such a file is refused instead."""
    from lxml import etree

    entity = next(body.iter(etree.Entity), None)
    if entity is not None:
        raise IngestError(
            f"DOCX 파일을 읽을 수 없습니다: {name} (문서에 XML 엔티티 {entity.text[:40]}가 있어 그 뒤의 "
            "글자를 읽을 수 없습니다). Word에서 다시 저장해 올려 주세요."
        )


def _precount(body, budget: LineBudget) -> None:
    """Each top-level paragraph is at least one line: counting them is instant, reading them
    is not, so a document of a million empty paragraphs is refused before it is read."""
    from docx.oxml.ns import qn

    budget.expect(len(body.findall(qn("w:p"))))


def _block_lines(container, parent, budget: LineBudget, styles: dict) -> list[str]:
    """Paragraphs and tables in document order. python-docx's iter_inner_content() skips
    content controls (w:sdt) and tracked insertions (w:ins), which Word uses for whole
    sections such as a cover page, so the body is walked here."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            line = _paragraph_line(Paragraph(child, parent), styles)
            budget.add(line)
            lines.append(line)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(child, budget))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:ins"), qn("w:customXml")):
            lines.extend(_block_lines(child, parent, budget, styles))
    return lines


def _paragraph_line(paragraph, styles: dict) -> str:
    # A tab in running text only aligns it; kept as "\t" the line would pass for a table row.
    text = paragraph.text.replace("\t", " ")
    style = _style_name(paragraph, styles)
    heading = _HEADING_STYLE.match(style)
    if heading and text.strip():
        return "#" * int(heading.group(1)) + " " + text.strip()
    if style.lower() in _TITLE_STYLES and text.strip():
        return "# " + text.strip()
    level = _list_level(paragraph, style)
    if level is not None and text.strip():
        return "  " * level + "- " + text.strip()
    return text


def _style_name(paragraph, styles: dict) -> str:
    """The paragraph's style name, looked up once per style id: python-docx scans every style
    of the document on each lookup, which made a 20,000-paragraph file take two minutes."""
    style_id = paragraph._p.style
    if style_id not in styles:
        try:
            style = paragraph.style
            styles[style_id] = (style.name or "").strip() if style is not None else ""
        except (KeyError, AttributeError):  # a style id that styles.xml does not define
            styles[style_id] = ""
    return styles[style_id]


def _list_level(paragraph, style: str) -> int | None:
    """Indent level of a list item: numbering properties or a list style make a paragraph one."""
    ppr = paragraph._p.pPr
    numpr = ppr.numPr if ppr is not None else None
    if numpr is not None and numpr.numId is not None and numpr.numId.val != 0:
        ilvl = numpr.ilvl
        level = int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0
        return min(max(level, 0), MAX_LIST_LEVEL)  # Word has nine levels; more is a forged file
    by_style = _LIST_STYLE.match(style)
    if by_style is None:
        return None
    return int(by_style.group(1)) - 1 if by_style.group(1) else 0


def _table_lines(tbl, budget: LineBudget) -> list[str]:
    lines = []
    for tr in tbl.tr_lst:
        row = [""] * _grid_before(tr)
        for tc in tr.tc_lst:
            # vMerge="continue" marks a slot covered by the cell above: empty, like HTML rowspan.
            row.append("" if tc.vMerge == "continue" else _cell_text(tc))
            row.extend([""] * (_grid_span(tc) - 1))
        if any(row):
            line = "\t".join(row)
            budget.add(line)
            lines.append(line)
    return lines


def _grid_before(tr) -> int:
    # an absurd value would allocate that many empty fields: treated like a broken one
    try:
        n = int(tr.grid_before or 0)
    except (TypeError, ValueError):
        return 0
    return n if 0 <= n <= MAX_SPAN else 0


def _grid_span(tc) -> int:
    try:
        n = int(tc.grid_span)
    except (TypeError, ValueError):
        return 1
    return n if 1 <= n <= MAX_SPAN else 1


def _cell_text(tc) -> str:
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    # Every paragraph below the cell, nested tables included, flattened into one field.
    texts = [Paragraph(p, None).text for p in tc.iter(qn("w:p"))]
    return clean_cell(" ".join(texts))
