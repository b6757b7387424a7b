"""Small test documents in every supported format, with a Korean budget table.

All generators share one shape: `title_lines`, then a table, then `after_lines`. In the
structured formats a line starting with "#"×N + " " becomes a level-N heading and one starting
with "- " a bullet list item, so that a reader's output can be compared with the input lines
verbatim. `spans` lists merged cells as (row, col, rowspan, colspan); the slots a merge covers
hold "" in `table_rows`, which is exactly how the readers render them.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

Span = tuple[int, int, int, int]

BUDGET_CAPTION = "(’21.4.25. 기준 / 단위:천원)"
BUDGET_ROWS = [
    ["사업명", "예산현액", "집행액"],
    ["청년 일자리 지원", "1,234,500", "987,650"],
    ["어르신 돌봄 서비스", "2,500,000", "1,875,320"],
    ["합계", "3,734,500", "2,862,970"],
]
# "구분" and "비고" span two header rows, "예산" spans two columns.
MERGED_ROWS = [
    ["구분", "예산", "", "비고"],
    ["", "예산현액", "집행액", ""],
    ["청년 일자리 지원", "1,234,500", "987,650", "국비 포함"],
    ["어르신 돌봄 서비스", "2,500,000", "1,875,320", ""],
]
MERGED_SPANS: list[Span] = [(0, 0, 2, 1), (0, 1, 1, 2), (0, 3, 2, 1)]

KOREAN_FONT_ENV = "ASSISTANT_TEST_KOREAN_FONT"
_KNOWN_FONTS = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "/Library/Fonts/AppleGothic.ttf",
    "C:/Windows/Fonts/malgun.ttf",
)


# -- fonts ---------------------------------------------------------------------------------
# What the generated PDFs may contain: ASCII, Latin-1, punctuation, Roman numerals, arrows,
# circled numbers, boxes and bullets (□ ○ ※), CJK symbols, Hangul, fullwidth forms.
PDF_FONT_RANGES = (
    (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x21FF), (0x2460, 0x24FF),
    (0x2500, 0x26FF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x32FF), (0xAC00, 0xD7A3),
    (0xFF00, 0xFFEF),
)


@functools.lru_cache(maxsize=1)
def find_korean_font() -> Path | None:
    """A font file whose character map covers Hangul, for fpdf2.

    Order: $ASSISTANT_TEST_KOREAN_FONT, fontconfig's Korean fonts, well-known install paths,
    then matplotlib's LastResortHE (a test dependency). LastResort draws placeholder boxes but
    maps every code point, and fpdf2 writes a ToUnicode map, so text extracted from the PDF is
    the exact Korean text, which is all the reader tests need.
    """
    candidates = [os.environ.get(KOREAN_FONT_ENV, "")]
    candidates += _fontconfig_korean() + list(_KNOWN_FONTS) + [_matplotlib_last_resort()]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and _covers_hangul(Path(candidate)):
            return Path(candidate)
    return None


@functools.lru_cache(maxsize=1)
def pdf_font() -> Path | None:
    """The Korean font cut down to PDF_FONT_RANGES and cached in the temp folder: fpdf2 takes
    seconds to load a full font (LastResortHE maps all of Unicode), a fraction for the subset."""
    font = find_korean_font()
    if font is None:
        return None
    stat = font.stat()
    key = hashlib.sha256(f"{font}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    cached = Path(tempfile.gettempdir()) / "bogoseo-docgen-fonts" / f"{font.stem}-{key}.ttf"
    if cached.is_file():
        return cached
    try:
        _write_subset(font, cached)
    except Exception:  # fontTools cannot cut every font: the full font still works, slowly
        return font
    return cached


def _write_subset(font: Path, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.layout_features = []
    tt = TTFont(str(font), fontNumber=0)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in PDF_FONT_RANGES for c in range(lo, hi + 1)])
    subsetter.subset(tt)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    tt.save(str(partial))
    os.replace(partial, target)  # atomic, so parallel test workers never read half a font


def _fontconfig_korean() -> list[str]:
    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(
            ["fc-list", ":lang=ko", "file"], capture_output=True, text=True, timeout=20
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = [line.split(":")[0].strip() for line in out.splitlines()]
    return sorted(f for f in files if f.lower().endswith((".ttf", ".otf", ".ttc")))


def _matplotlib_last_resort() -> str:
    try:
        import matplotlib
    except ImportError:
        return ""
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "LastResortHE-Regular.ttf")


def _covers_hangul(path: Path) -> bool:
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), fontNumber=0, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:  # an unreadable font is simply not a candidate
        return False
    return all(ord(c) in cmap for c in "가힣사업명예산0,.()/:’")


# -- PDF -----------------------------------------------------------------------------------
def make_pdf(
    path: str | Path,
    title_lines: list[str],
    table_rows: list[list[str]],
    after_lines: list[str] = (),
    page2_lines: list[str] = (),
    spans: list[Span] = (),
    font_path: str | Path | None = None,
) -> Path:
    """A PDF with lines, a ruled table, more lines, and `page2_lines` on a second page."""
    from fpdf import FPDF

    font = Path(font_path) if font_path else pdf_font()
    if font is None:
        raise RuntimeError("한글 글꼴(TTF/OTF)을 찾을 수 없습니다: ASSISTANT_TEST_KOREAN_FONT를 지정하세요")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("ko", "", str(font))
    pdf.set_font("ko", size=11)
    pdf.add_page()
    _pdf_lines(pdf, title_lines)
    if table_rows:
        _pdf_table(pdf, table_rows, spans)
        pdf.ln(4)
    _pdf_lines(pdf, after_lines)
    if page2_lines:
        pdf.add_page()
        _pdf_lines(pdf, page2_lines)
    pdf.output(str(path))
    return Path(path)


def _pdf_lines(pdf, lines: list[str]) -> None:
    for line in lines:
        pdf.cell(w=0, h=8, text=line, new_x="LMARGIN", new_y="NEXT")


def _pdf_table(pdf, rows: list[list[str]], spans: list[Span]) -> None:
    merged = _span_map(spans)
    covered = _covered(spans)
    with pdf.table(first_row_as_headings=False, line_height=8, text_align="CENTER") as table:
        for r, values in enumerate(rows):
            row = table.row()
            for c, value in enumerate(values):
                if (r, c) in covered:
                    continue
                rowspan, colspan = merged.get((r, c), (1, 1))
                row.cell(value, rowspan=rowspan, colspan=colspan)


def _span_map(spans: list[Span]) -> dict[tuple[int, int], tuple[int, int]]:
    return {(r, c): (rs, cs) for r, c, rs, cs in spans}


def _covered(spans: list[Span]) -> set[tuple[int, int]]:
    return {
        (r + i, c + j)
        for r, c, rs, cs in spans
        for i in range(rs)
        for j in range(cs)
        if (i, j) != (0, 0)
    }


# -- DOCX ----------------------------------------------------------------------------------
def make_docx(
    path: str | Path,
    title_lines: list[str],
    table_rows: list[list[str]],
    after_lines: list[str] = (),
    spans: list[Span] = (),
) -> Path:
    import docx

    document = docx.Document()
    _docx_lines(document, title_lines)
    if table_rows:
        _docx_table(document, table_rows, spans)
    _docx_lines(document, after_lines)
    document.save(str(path))
    return Path(path)


def _docx_lines(document, lines: list[str]) -> None:
    for line in lines:
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        elif re.match(r"^( {2})*- ", line):
            level = line.index("- ") // 2 + 1
            style = "List Bullet" if level == 1 else f"List Bullet {level}"
            document.add_paragraph(line.lstrip()[2:], style=style)
        else:
            document.add_paragraph(line)


def _docx_table(document, rows: list[list[str]], spans: list[Span]) -> None:
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for r, c, rs, cs in spans:  # merge before filling: merging concatenates cell contents
        table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
    covered = _covered(spans)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if (r, c) not in covered:
                table.cell(r, c).text = value


# -- HWPX ----------------------------------------------------------------------------------
HWPX_NS_2011 = {
    "hp": "http://www.hancom.co.kr/hwpml/2011/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2011/section",
    "hh": "http://www.hancom.co.kr/hwpml/2011/head",
}
HWPX_NS_2016 = {
    "hp": "http://www.hancom.co.kr/hwpml/2016/paragraph",
    "hs": "http://www.hancom.co.kr/hwpml/2016/section",
    "hh": "http://www.hancom.co.kr/hwpml/2016/head",
}


def make_hwpx(
    path: str | Path,
    title_lines: list[str],
    table_rows: list[list[str]],
    after_lines: list[str] = (),
    spans: list[Span] = (),
    table_intro: str = "",
    extra_sections: list[list[str]] = (),
    namespaces: dict[str, str] = HWPX_NS_2011,
    with_manifest: bool = True,
    spine_order: list[int] | None = None,
) -> Path:
    """An OWPML package. The table sits inside a paragraph's run, as Hangul writes it, after
    the run text `table_intro`; `extra_sections` become section1.xml, section2.xml, …;
    `spine_order` lists section numbers in the reading order the manifest declares."""
    body = [_hwpx_para(line) for line in title_lines]
    if table_rows:
        body.append(_hwpx_table_para(table_rows, spans, table_intro))
    body += [_hwpx_para(line) for line in after_lines]
    sections = [body] + [[_hwpx_para(line) for line in lines] for lines in extra_sections]
    return hwpx_package(
        path, ["".join(paras) for paras in sections], namespaces, with_manifest, spine_order
    )


def hwpx_package(
    path: str | Path,
    sections_xml: list[str],
    namespaces: dict[str, str] = HWPX_NS_2011,
    with_manifest: bool = True,
    spine_order: list[int] | None = None,
) -> Path:
    """An OWPML package whose section i holds `sections_xml[i]`, raw hp:p elements written
    with the "hp" prefix (for tests of constructs make_hwpx does not generate)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")  # stored, first
        zf.writestr("version.xml", '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion '
                    'xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" major="5"/>')
        zf.writestr("META-INF/container.xml", _HWPX_CONTAINER)
        if with_manifest:
            n = len(sections_xml)
            order = spine_order if spine_order is not None else list(range(n))
            zf.writestr("Contents/content.hpf", _hwpx_manifest(n, order))
        zf.writestr("Contents/header.xml", _hwpx_root("hh:head", "", namespaces))
        for i, inner in enumerate(sections_xml):
            zf.writestr(f"Contents/section{i}.xml", _hwpx_root("hs:sec", inner, namespaces))
    return Path(path)


_HWPX_CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?><ocf:container '
    'xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"><ocf:rootfiles>'
    '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
    "</ocf:rootfiles></ocf:container>"
)


def _hwpx_manifest(n_sections: int, order: list[int]) -> str:
    items = "".join(
        f'<opf:item id="section{i}" href="Contents/section{i}.xml" media-type="application/xml"/>'
        for i in range(n_sections)
    )
    spine = "".join(f'<opf:itemref idref="section{i}" linear="yes"/>' for i in order)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"'
        ' version="" unique-identifier="" id=""><opf:metadata/><opf:manifest>'
        '<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        f"{items}</opf:manifest><opf:spine>"
        '<opf:itemref idref="header" linear="yes"/>'
        f"{spine}</opf:spine></opf:package>"
    )


def _hwpx_root(tag: str, inner: str, ns: dict[str, str]) -> str:
    decl = " ".join(f'xmlns:{k}="{v}"' for k, v in ns.items())
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{tag} {decl}>{inner}</{tag}>'


def _hwpx_para(text: str, extra_run: str = "") -> str:
    run_text = f"<hp:t>{escape(text)}</hp:t>" if text else ""
    return (
        '<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0" columnBreak="0" merged="0">'
        f'<hp:run charPrIDRef="0">{run_text}{extra_run}</hp:run>'
        '<hp:linesegarray><hp:lineseg textpos="0" vertpos="0"/></hp:linesegarray></hp:p>'
    )


def _hwpx_table_para(rows: list[list[str]], spans: list[Span], intro: str) -> str:
    merged, covered = _span_map(spans), _covered(spans)
    trs = []
    for r, values in enumerate(rows):
        tcs = [
            _hwpx_cell(value, r, c, *merged.get((r, c), (1, 1)))
            for c, value in enumerate(values)
            if (r, c) not in covered
        ]
        trs.append("<hp:tr>" + "".join(tcs) + "</hp:tr>")
    table = (
        f'<hp:tbl id="1" rowCnt="{len(rows)}" colCnt="{max(len(r) for r in rows)}" '
        'cellSpacing="0" borderFillIDRef="1" noAdjust="0"><hp:sz width="40000" height="8000"/>'
        '<hp:pos treatAsChar="1"/><hp:inMargin left="0" right="0" top="0" bottom="0"/>'
        + "".join(trs)
        + "</hp:tbl>"
    )
    return _hwpx_para(intro, extra_run=table)


def _hwpx_cell(text: str, row: int, col: int, rowspan: int, colspan: int) -> str:
    return (
        '<hp:tc name="" header="0" hasMargin="0" protect="0" editable="0" dirty="0" '
        'borderFillIDRef="1"><hp:subList id="" textDirection="HORIZONTAL" lineWrap="BREAK" '
        f'vertAlign="CENTER">{_hwpx_para(text)}</hp:subList>'
        f'<hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        f'<hp:cellSpan colSpan="{colspan}" rowSpan="{rowspan}"/>'
        '<hp:cellSz width="10000" height="2000"/></hp:tc>'
    )


# -- HTML ----------------------------------------------------------------------------------
def make_html(
    path: str | Path,
    title_lines: list[str],
    table_rows: list[list[str]],
    after_lines: list[str] = (),
    spans: list[Span] = (),
    caption: str = "",
    encoding: str = "utf-8",
) -> Path:
    """An HTML page; "- " lines become <ul> items and "  - " lines a nested <ul>."""
    parts = ["<!DOCTYPE html><html><head>",
             f'<meta charset="{encoding}"><title>테스트 문서</title>',
             "<style>td { border: 1px solid #000; }</style></head><body>"]
    parts += _html_lines(title_lines)
    if table_rows:
        parts.append(_html_table(table_rows, spans, caption))
    parts += _html_lines(after_lines)
    parts.append("<script>var x = '<p>무시</p>';</script></body></html>")
    Path(path).write_bytes("\n".join(parts).encode(encoding))
    return Path(path)


def _html_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    depth = 0
    for line in lines:
        item = re.match(r"^( *)- (.*)$", line)
        want = len(item.group(1)) // 2 + 1 if item else 0
        while depth < want:
            out.append("<ul>")
            depth += 1
        while depth > want:
            out.append("</ul>")
            depth -= 1
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if item:
            out.append(f"<li>{html.escape(item.group(2))}</li>")
        elif heading:
            n = len(heading.group(1))
            out.append(f"<h{n}>{html.escape(heading.group(2))}</h{n}>")
        else:
            out.append(f"<p>{html.escape(line)}</p>")
    out += ["</ul>"] * depth
    return out


def _html_table(rows: list[list[str]], spans: list[Span], caption: str) -> str:
    merged, covered = _span_map(spans), _covered(spans)
    out = ["<table>"] + ([f"<caption>{html.escape(caption)}</caption>"] if caption else [])
    for r, values in enumerate(rows):
        cells = []
        for c, value in enumerate(values):
            if (r, c) in covered:
                continue
            rs, cs = merged.get((r, c), (1, 1))
            attrs = (f" rowspan={quoteattr(str(rs))}" if rs > 1 else "") + (
                f" colspan={quoteattr(str(cs))}" if cs > 1 else ""
            )
            tag = "th" if r == 0 else "td"
            cells.append(f"<{tag}{attrs}>\n  {html.escape(value)}\n</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out + ["</table>"])


# -- plain text ----------------------------------------------------------------------------
def make_encoded_text(path: str | Path, text: str, encoding: str) -> Path:
    """`text` saved in `encoding`; "utf-8-sig" writes a BOM, "utf-16" a BOM too."""
    Path(path).write_bytes(text.encode(encoding))
    return Path(path)
