"""DOCX via python-docx: body paragraphs and tables in document order, each paragraph's depth
from its indentation (w:ind, else its numbering level's, else its style's), and the file's
core properties (title, author, subject, keywords) as metadata evidence."""

from __future__ import annotations

import io
import re

from ingest.document import IngestError, ReaderOutput
from ingest.levels import levels_from_indents
from ingest.readers.common import clean_cell

_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*([1-6])$", re.I)
_TITLE_STYLES = {"title", "제목"}
_LIST_STYLE = re.compile(r"^(?:list|목록)\D*?(\d)?$", re.I)  # "List Bullet 2": second level


def read_docx(raw: bytes, name: str) -> ReaderOutput:
    import docx

    # A damaged package fails in zipfile, opc, lxml or python-docx's typed attribute parsing
    # (a bad gridSpan, a missing part) with unrelated exception types.
    try:
        document = docx.Document(io.BytesIO(raw))
        numbering = _numbering_indents(document)
        blocks = _blocks(document.element.body, document._body, numbering)
        props = _properties(document)
    except Exception as exc:
        raise IngestError(
            f"DOCX 파일을 읽을 수 없습니다(손상되었거나 형식이 올바르지 않습니다): {name}"
        ) from exc
    return ReaderOutput([text for text, _, _ in blocks], levels=levels_from_indents([i for _, i, _ in blocks]),
                        properties=props, covers=[c for _, _, c in blocks])


def _blocks(container, parent, numbering) -> list[tuple[str, float | None, str | None]]:
    """(line, left indent in twips, cover marks) for paragraphs and tables in document order;
    a table row has no indent, a paragraph no cover marks. python-docx's iter_inner_content() skips content controls (w:sdt) and
    tracked insertions (w:ins), which Word uses for whole sections such as a cover page, so
    the body is walked here."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, float | None, str | None]] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, parent)
            line = _paragraph_line(paragraph)
            out.append((line, _left_indent(paragraph, numbering) if line.strip() else None, None))
        elif child.tag == qn("w:tbl"):
            if out and out[-1][2] is not None:
                out.append(("", None, None))  # two tables one under the other stay two
            out.extend((row, None, marks) for row, marks in _table_lines(child))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:ins"), qn("w:customXml")):
            out.extend(_blocks(child, parent, numbering))
    return out


def _properties(document) -> dict[str, str]:
    core = document.core_properties
    found = {"Title": core.title, "Author": core.author, "Subject": core.subject, "Keywords": core.keywords,
             "Category": core.category, "Comments": core.comments}
    return {k: v.strip() for k, v in found.items() if isinstance(v, str) and v.strip()}


def _left_indent(paragraph, numbering: dict[tuple[str, str], float]) -> float:
    """The paragraph's left indent in twips: its own w:ind, else its numbering level's, else
    its style chain's; 0 when none sets one."""
    from docx.oxml.ns import qn

    own = _ind_left(paragraph._p.pPr)
    if own is not None:
        return own
    ppr = paragraph._p.pPr
    numpr = ppr.numPr if ppr is not None else None
    if numpr is not None and numpr.numId is not None:
        ilvl = numpr.ilvl.val if numpr.ilvl is not None and numpr.ilvl.val is not None else 0
        found = numbering.get((str(numpr.numId.val), str(ilvl)))
        if found is not None:
            return found
    style = paragraph.style if paragraph.style is not None else None
    while style is not None:
        ppr = style.element.find(qn("w:pPr"))
        value = _ind_left(ppr)
        if value is not None:
            return value
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is not None:
            num, lvl = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
            key = (num.get(qn("w:val")) if num is not None else "", lvl.get(qn("w:val")) if lvl is not None else "0")
            if key in numbering:
                return numbering[key]
        style = style.base_style
    return 0.0


def _ind_left(ppr) -> float | None:
    from docx.oxml.ns import qn

    if ppr is None:
        return None
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        return None
    for attr in ("w:left", "w:start"):
        value = ind.get(qn(attr))
        if value is not None:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def _numbering_indents(document) -> dict[tuple[str, str], float]:
    """(numId, ilvl) → left indent of that numbering level, from numbering.xml."""
    from docx.oxml.ns import qn

    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[str, float]] = {}
    for an in root.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in an.findall(qn("w:lvl")):
            value = _ind_left(lvl.find(qn("w:pPr")))
            if value is not None:
                levels[lvl.get(qn("w:ilvl"), "0")] = value
        abstract[an.get(qn("w:abstractNumId"), "")] = levels
    out: dict[tuple[str, str], float] = {}
    for num in root.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        levels = abstract.get(ref.get(qn("w:val")) if ref is not None else "", {})
        for ilvl, value in levels.items():
            out[(num.get(qn("w:numId"), ""), ilvl)] = value
    return out


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


def _table_lines(tbl) -> list[tuple[str, str]]:
    """Rows as tab-separated lines with their cover marks (see Document.covers)."""
    lines = []
    for tr in tbl.tr_lst:
        before = _grid_before(tr)
        row, marks = [""] * before, ["."] * before
        for tc in tr.tc_lst:
            # vMerge="continue" marks a slot covered by the cell above: empty, like HTML rowspan.
            below = tc.vMerge == "continue"
            row.append("" if below else _cell_text(tc))
            row.extend([""] * (tc.grid_span - 1))
            marks.append("^" if below else ".")
            marks.extend(["+" if below else "<"] * (tc.grid_span - 1))
        if any(row):
            lines.append(("\t".join(row), "".join(marks)))
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
