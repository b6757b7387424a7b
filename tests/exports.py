"""Our own text reports saved as a word processor would save them: DOCX and HWPX, and PDF
through LibreOffice.

A text report carries a bullet's nesting in leading spaces; an exported one carries it in the
paragraph's indentation and starts the text at column 0. The depth of each line in the text
version's section tree becomes that indentation (DOCX w:ind, HWPX paraPr margin, the printed
x-position in PDF), so a reader that reads indentation back gets the text version's tree.
Tables become real tables: a header label that the text version leaves empty fields after
becomes a merged cell, header rows repeat on every page, and pages carry a page-number footer.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ingest.levels import section_parents
from ingest.readers import read_document
from ingest.structure import ROMAN, build_outline
from ingest.tables import extract_tables

INDENT_TWIPS = 400  # one depth step: 20 pt, well apart from the PDF reader's 3 pt tolerance
INDENT_HWPUNIT = 2000
_TAG = re.compile(r"<[^>]+>")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


@dataclass
class Block:
    kind: str  # paragraph | heading | table
    text: str = ""
    depth: int = 0
    level: int = 0  # markdown heading level
    rows: list[list[str]] | None = None
    header_rows: int = 0
    merges: list[tuple[int, int, int, int]] | None = None  # label merges besides the header's

    def spans(self) -> list[tuple[int, int, int, int]]:
        """Every merged cell: the label merges, then the header's, never overlapping."""
        out = list(self.merges or [])
        taken = {(r + i, c + j) for r, c, rs, cs in out for i in range(rs) for j in range(cs)}
        for r, c, rs, cs in header_spans(self.rows, self.header_rows):
            cells = {(r + i, c + j) for i in range(rs) for j in range(cs)}
            if not cells & taken:
                out.append((r, c, rs, cs))
                taken |= cells
        return out


def plain_cell(text: str) -> str:
    """A cell as a word processor shows it: HTML lists and markup become plain text."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).replace("**", "").split())


def blocks_of(path: Path) -> list[Block]:
    """The text report as paragraphs (with their tree depth) and tables (with header rows)."""
    doc = read_document(path)
    outline = build_outline(doc)
    parents = section_parents(doc.lines, None, outline)
    tables = {t.first_line: t for t in extract_tables(doc, outline) if t.layout == "tab"}
    depth: dict[int, int] = {}
    blocks: list[Block] = []
    n = 1
    while n <= len(doc.lines):
        line = doc.lines[n - 1]
        if "\t" in line and n in tables:
            rows, header, merges, n = _table_rows(doc.lines, n, tables)
            blocks.append(Block("table", rows=rows, header_rows=header, merges=merges))
            continue
        if "\t" in line:
            # a tab line no table claims (an HTML fragment split over a row) is a paragraph
            blocks.append(Block("paragraph", plain_cell(line.replace("\t", " ")), 0))
            n += 1
            continue
        if line.strip():
            parent = parents[n - 1]
            d = depth.get(parent, -1) + 1 if parent is not None and parent not in outline.heading_lines else 0
            depth[n] = d
            heading = _MD_HEADING.match(line.strip())
            if heading:
                blocks.append(Block("heading", heading.group(2).strip(), 0, len(heading.group(1))))
            else:
                blocks.append(Block("paragraph", line.strip(), d if n not in outline.heading_lines else 0))
        n += 1
    return blocks


def _table_rows(lines: list[str], n: int, tables: dict) -> tuple[list[list[str]], int, int, list]:
    start = n
    table = tables.get(start)
    raw = []
    while n <= len(lines) and "\t" in lines[n - 1] and (table is None or n <= table.last_line):
        raw.append([plain_cell(c) for c in lines[n - 1].split("\t")])
        n += 1
    if table is None or not table.rows:
        width = max(len(r) for r in raw)
        return [r + [""] * (width - len(r)) for r in raw], 0, [], n
    return (*_canonical(table, raw), n)


def _canonical(table, raw: list[list[str]]) -> tuple[list[list[str]], int, list]:
    """The table as a word processor would hold it. A text report may print a group and an
    item in two label fields on some rows and one label on others ("총 계" over both), and
    header rows one field short; the parsed table says which field is which, so the export gets
    one column per label level, one per value column, and the short labels merged across."""
    header = raw[: len(table.header_lines)]
    n_label = max(1, max(len(r.label_path) for r in table.rows))
    cols = [c.col for r in table.rows for c in r.cells]
    first_value = min(cols) if cols else 1
    width = n_label + max(cols, default=first_value) - first_value + 1
    grid: list[list[str]] = []
    merges: list[tuple[int, int, int, int]] = []
    for fields in header:
        row = [""] * width
        labels = [f for f in fields[:first_value] if f]
        row[0] = " ".join(labels)
        for i, f in enumerate(fields[first_value:]):
            if n_label + i < width:
                row[n_label + i] = f
        grid.append(row)
    if header and n_label > 1:
        merges.append((0, 0, len(header), n_label))
    for r in table.rows:
        row = [""] * width
        for i, label in enumerate(r.label_path[:n_label]):
            row[i] = plain_cell(label)
        if 0 < len(r.label_path) < n_label:
            merges.append((len(grid), len(r.label_path) - 1, 1, n_label - len(r.label_path) + 1))
        for c in r.cells:
            k = n_label + c.col - first_value
            if 0 <= k < width:
                row[k] = plain_cell(c.raw)
        grid.append(row)
    return grid, len(header), merges


def header_spans(rows: list[list[str]], header: int) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of the merged header cells the text version implies, read
    the way its table parser reads the empty fields: above the last header row, a label spans
    the empty fields after it (where nothing is printed above them), and a label spans down
    over empty fields below it inside the header ("구분")."""
    spans = []
    taken: set[tuple[int, int]] = set()
    width = len(rows[0]) if rows else 0
    for r in range(header):
        for c in range(width):
            if not rows[r][c] or (r, c) in taken:
                continue
            colspan = 1
            if r < header - 1:
                while c + colspan < width and not rows[r][c + colspan] and (r, c + colspan) not in taken \
                        and (r == 0 or not rows[r - 1][c + colspan]):
                    colspan += 1
            rowspan = 1
            while r + rowspan < header and all(not rows[r + rowspan][k] for k in range(c, c + colspan)):
                rowspan += 1
            if rowspan > 1 or colspan > 1:
                spans.append((r, c, rowspan, colspan))
                taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
    return spans


# ---------------------------------------------------------------------------------- DOCX
def write_docx(blocks: list[Block], path: Path) -> Path:
    import docx
    from docx.shared import Pt, Twips

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Normal"].font.name = "NanumGothic"
    _page_number_footer(document)
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 6))
        elif block.kind == "paragraph":
            p = document.add_paragraph(block.text)
            p.paragraph_format.left_indent = Twips(INDENT_TWIPS * block.depth)
            p.paragraph_format.space_after = Pt(4)
            # reports start each part (Ⅰ, Ⅱ, …) on a new page
            p.paragraph_format.page_break_before = bool(ROMAN.match(block.text)) and block is not blocks[0]
        else:
            _docx_table(document, block)
            document.add_paragraph("")
    document.save(str(path))
    return path


def _docx_table(document, block: Block) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    rows = block.rows
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    spans = block.spans()
    for r, c, rs, cs in spans:
        table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
    covered = {(r + i, c + j) for r, c, rs, cs in spans for i in range(rs) for j in range(cs) if (i, j) != (0, 0)}
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if (r, c) not in covered and value:
                cell = table.cell(r, c)
                cell.text = value
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(7)
    for r, tr in enumerate(table.rows):
        trpr = tr._tr.get_or_add_trPr()
        cant = OxmlElement("w:cantSplit")
        trpr.append(cant)
        if r < block.header_rows:  # repeated at the top of every page the table runs onto
            head = OxmlElement("w:tblHeader")
            trpr.append(head)


def _page_number_footer(document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = 1
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


# ---------------------------------------------------------------------------------- HWPX
def write_hwpx(blocks: list[Block], path: Path) -> Path:
    from docgen import HWPX_NS_2011, _HWPX_CONTAINER, _hwpx_manifest, _hwpx_root

    depths = sorted({b.depth for b in blocks if b.kind != "table"})
    body = "".join(_hwpx_block(b) for b in blocks)
    para_prs = "".join(
        f'<hh:paraPr id="{d}"><hh:align horizontal="LEFT"/><hh:heading type="NONE" idRef="0" level="0"/>'
        f'<hh:margin><hc:intent value="0"/><hc:left value="{INDENT_HWPUNIT * d}"/><hc:right value="0"/></hh:margin>'
        "</hh:paraPr>" for d in depths)
    para_prs += "".join(  # headings: Hangul's outline levels (개요 1, 2, …)
        f'<hh:paraPr id="{HEADING_SHAPE + n}"><hh:heading type="OUTLINE" idRef="0" level="{n - 1}"/></hh:paraPr>'
        for n in range(1, 7))
    ns = dict(HWPX_NS_2011, hc="http://www.hancom.co.kr/hwpml/2011/core")
    head = f'<hh:refList><hh:paraProperties itemCnt="{len(depths)}">{para_prs}</hh:paraProperties></hh:refList>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        zf.writestr("META-INF/container.xml", _HWPX_CONTAINER)
        zf.writestr("Contents/content.hpf", _hwpx_manifest(1, [0]))
        zf.writestr("Contents/header.xml", _hwpx_root("hh:head", head, ns))
        zf.writestr("Contents/section0.xml", _hwpx_root("hs:sec", body, ns))
    return path


def _hwpx_para(text: str, depth: int = 0, extra: str = "") -> str:
    run = f"<hp:t>{escape(text)}</hp:t>" if text else ""
    return f'<hp:p paraPrIDRef="{depth}" styleIDRef="0"><hp:run charPrIDRef="0">{run}{extra}</hp:run></hp:p>'


HEADING_SHAPE = 100  # paraPr ids of heading levels: 101 = 개요 1, …


def _hwpx_block(block: Block) -> str:
    if block.kind == "heading":
        return _hwpx_para(block.text, HEADING_SHAPE + block.level)
    if block.kind != "table":
        return _hwpx_para(block.text, block.depth)
    rows = block.rows
    spans = {(r, c): (rs, cs) for r, c, rs, cs in block.spans()}
    covered = {(r + i, c + j) for (r, c), (rs, cs) in spans.items() for i in range(rs) for j in range(cs)
               if (i, j) != (0, 0)}
    trs = []
    for r, values in enumerate(rows):
        tcs = []
        for c, value in enumerate(values):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            tcs.append(f'<hp:tc><hp:subList>{_hwpx_para(value)}</hp:subList><hp:cellAddr colAddr="{c}" rowAddr="{r}"/>'
                       f'<hp:cellSpan colSpan="{cs}" rowSpan="{rs}"/></hp:tc>')
        trs.append("<hp:tr>" + "".join(tcs) + "</hp:tr>")
    table = f'<hp:tbl rowCnt="{len(rows)}" colCnt="{len(rows[0])}">' + "".join(trs) + "</hp:tbl>"
    return _hwpx_para("", 0, table)


# ---------------------------------------------------------------------------------- PDF
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """LibreOffice's own PDF export, with a private profile so parallel runs do not collide."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx_path)],
            check=True, capture_output=True, timeout=300,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return out_dir / (docx_path.stem + ".pdf")


# ---------------------------------------------------------------------------------- comparing
def _key(text: str) -> str:
    t = re.sub(r"^#{1,6}\s+", "", text.strip())
    return re.sub(r"\s+", "", t.replace("**", ""))


def tree_lines(path: Path) -> list[tuple[str, str | None]]:
    """(line, its parent line) for every text line of a report's section tree, normalised for
    comparison across formats: spacing and markdown removed."""
    doc = read_document(path)
    outline = build_outline(doc)
    parents = section_parents(doc.lines, doc.levels, outline)
    out = []
    for i, line in enumerate(doc.lines):
        if not line.strip() or "\t" in line:
            continue
        parent = parents[i]
        out.append((_key(line), _key(doc.lines[parent - 1]) if parent else None))
    return out


def parent_agreement(text_version: Path, export: Path) -> tuple[float, list[tuple[str, str | None, str | None]]]:
    """Share of the text version's lines whose parent in the export's tree is the same line;
    a line the export lost counts as a disagreement. Also the disagreements."""
    from difflib import SequenceMatcher

    a, b = tree_lines(text_version), tree_lines(export)
    matcher = SequenceMatcher(None, [k for k, _ in a], [k for k, _ in b], autojunk=False)
    match = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            match[block.a + k] = block.b + k
    same, diffs = 0, []
    for i, (key, parent) in enumerate(a):
        j = match.get(i)
        other = b[j][1] if j is not None else "(없음)"
        if other == parent:
            same += 1
        else:
            diffs.append((key, parent, other))
    return (same / len(a) if a else 1.0), diffs


def numeric_cells(path: Path, skip_layouts: tuple[str, ...] = ()) -> list[tuple]:
    """Every number or compound cell of a report as (row path, column path, value, extra,
    unit, as-of), paths with spacing removed: what must survive a change of format."""
    from ingest.pipeline import parse_document

    parsed = parse_document(path, path.name)
    out = []
    for table in parsed.tables:
        if table.layout in skip_layouts:
            continue
        for row in table.rows:
            for cell in row.cells:
                if cell.kind in ("number", "composite"):
                    out.append((tuple(_key(p) for p in row.label_path), tuple(_key(p) for p in cell.col_path),
                                cell.value, tuple(cell.extra), cell.unit, cell.as_of))
    return out


def cell_agreement(text_version: Path, export: Path) -> tuple[float, list[tuple]]:
    """Share of the text version's numeric cells found in the export with the same row path,
    column path, value, unit and as-of date; and the cells not found."""
    from collections import Counter

    # An HTML table inside a text report's cell (002) is exported as that cell's text, not as
    # a nested table: its cells are not asked for.
    want, have = Counter(numeric_cells(text_version, ("html",))), Counter(numeric_cells(export))
    missing = list((want - have).elements())
    total = sum(want.values())
    return (1 - len(missing) / total if total else 1.0), missing
