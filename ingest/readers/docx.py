"""DOCX via python-docx: body paragraphs and tables in document order, each paragraph's depth
from its indentation (w:ind, else its numbering level's, else its style's), and the file's
core properties (title, author, subject, keywords) as metadata evidence."""

from __future__ import annotations

import io
import re

from ingest.document import IngestError, ReaderOutput
from ingest.levels import levels_from_indents
from ingest.limits import LineBudget
from ingest.readers.common import clean_cell

_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*([1-6])$", re.I)
_TITLE_STYLES = {"title", "제목"}
_LIST_STYLE = re.compile(r"^(?:list|목록)\D*?(\d)?$", re.I)  # "List Bullet 2": second level
MAX_SPAN = 1000  # as for HTML and HWPX spans (readers/common.span)
MAX_LIST_LEVEL = 8


def read_docx(raw: bytes, name: str) -> ReaderOutput:
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
        walk = _Walk(_numbering_indents(document), budget)
        blocks = _blocks(body, document._body, walk)
        props = _properties(document)
    except (IngestError, MemoryError):
        raise
    except Exception as exc:
        raise IngestError(
            f"DOCX 파일을 읽을 수 없습니다(손상되었거나 형식이 올바르지 않습니다): {name}"
        ) from exc
    return ReaderOutput([text for text, _, _ in blocks], levels=levels_from_indents([i for _, i, _ in blocks]),
                        properties=props, covers=[c for _, _, c in blocks])


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


class _Walk:
    """What the walk over the body carries: the numbering levels' indents, the line budget,
    and what each style id says (name, inherited indent), looked up once per style id:
    python-docx scans every style of the document on each lookup, which made a
    20,000-paragraph file take two minutes."""

    def __init__(self, numbering: dict[tuple[str, str], float], budget: LineBudget) -> None:
        self.numbering = numbering
        self.budget = budget
        self.style_names: dict = {}
        self.style_indents: dict = {}


def _blocks(container, parent, walk: _Walk) -> list[tuple[str, float | None, str | None]]:
    """(line, left indent in twips, cover marks) for paragraphs and tables in document order;
    a table row has no indent, a paragraph no cover marks. python-docx's iter_inner_content()
    skips content controls (w:sdt) and tracked insertions (w:ins), which Word uses for whole
    sections such as a cover page, so the body is walked here."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, float | None, str | None]] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, parent)
            line = _paragraph_line(paragraph, walk.style_names)
            walk.budget.add(line)
            out.append((line, _left_indent(paragraph, walk) if line.strip() else None, None))
        elif child.tag == qn("w:tbl"):
            if out and out[-1][2] is not None:
                walk.budget.add("")
                out.append(("", None, None))  # two tables one under the other stay two
            out.extend((row, None, marks) for row, marks in _table_lines(child, walk.budget))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:ins"), qn("w:customXml")):
            out.extend(_blocks(child, parent, walk))
    return out


def _properties(document) -> dict[str, str]:
    core = document.core_properties
    found = {"Title": core.title, "Author": core.author, "Subject": core.subject, "Keywords": core.keywords,
             "Category": core.category, "Comments": core.comments}
    return {k: v.strip() for k, v in found.items() if isinstance(v, str) and v.strip()}


def _left_indent(paragraph, walk: _Walk) -> float:
    """The paragraph's left indent in twips: its own w:ind, else its numbering level's, else
    its style chain's; 0 when none sets one."""
    own = _ind_left(paragraph._p.pPr)
    if own is not None:
        return own
    ppr = paragraph._p.pPr
    numpr = ppr.numPr if ppr is not None else None
    if numpr is not None and numpr.numId is not None:
        ilvl = numpr.ilvl.val if numpr.ilvl is not None and numpr.ilvl.val is not None else 0
        found = walk.numbering.get((str(numpr.numId.val), str(ilvl)))
        if found is not None:
            return found
    style_id = paragraph._p.style
    if style_id not in walk.style_indents:
        walk.style_indents[style_id] = _style_indent(paragraph, walk.numbering)
    return walk.style_indents[style_id]


def _style_indent(paragraph, numbering: dict[tuple[str, str], float]) -> float:
    """The left indent the paragraph's style chain sets (its own w:ind or numbering), 0 when
    none does."""
    from docx.oxml.ns import qn

    try:
        style = paragraph.style
    except (KeyError, AttributeError):  # a style id that styles.xml does not define
        return 0.0
    seen: set = set()
    while style is not None and style.style_id not in seen:  # a forged basedOn cycle ends here
        seen.add(style.style_id)
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


def _table_lines(tbl, budget: LineBudget) -> list[tuple[str, str]]:
    """Rows as tab-separated lines with their cover marks (see Document.covers)."""
    lines = []
    for tr in tbl.tr_lst:
        before = _grid_before(tr)
        row, marks = [""] * before, ["."] * before
        for tc in tr.tc_lst:
            # vMerge="continue" marks a slot covered by the cell above: empty, like HTML rowspan.
            below = tc.vMerge == "continue"
            span = _grid_span(tc)
            row.append("" if below else _cell_text(tc))
            row.extend([""] * (span - 1))
            marks.append("^" if below else ".")
            marks.extend(["+" if below else "<"] * (span - 1))
        if any(row):
            line = "\t".join(row)
            budget.add(line)
            lines.append((line, "".join(marks)))
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
