"""HWPX (OWPML, Hangul's zip+XML format): sections in spine order, paragraphs as lines,
tables as tab-separated rows at the place they sit in the text. Each body paragraph's depth
comes from its paragraph shape (hh:paraPr: left margin, and the bullet Hangul draws for it),
and the package metadata (title, creator, subject) is kept as evidence.

Elements are matched by local name, so files written with the 2011 or the 2016 namespace
URIs read the same.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree.ElementTree import Element

from ingest.document import IngestError, ReaderOutput
from ingest.levels import levels_from_indents
from ingest.limits import LineBudget
from ingest.readers.common import Cell, clean_cell, span, table_lines_with_covers

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.I)
# Run children that carry no body text: headers/footers, footnotes and field codes live in
# hp:ctrl, and a text box's paragraphs are reached through hp:drawText below.
_SKIPPED_IN_RUN = {"ctrl", "secPr", "linesegarray"}
# Marks the end of a table's rows; dropped unless another table follows directly, where it
# becomes a blank line so that two tables one under the other stay two.
TABLE_END = ("\x00end-of-table", False, None)
_ZIP_ERRORS = (
    zipfile.BadZipFile, zlib.error, KeyError, EOFError, OSError, ValueError, NotImplementedError
)


def read_hwpx(raw: bytes, name: str) -> ReaderOutput:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            sections = [_parse(zf.read(s), name) for s in section_names(zf)]
            shapes = _paragraph_shapes(zf, name)
            props = _properties(zf)
    except _ZIP_ERRORS as exc:
        raise IngestError(
            f"HWPX 파일을 읽을 수 없습니다(손상되었거나 형식이 올바르지 않습니다): {name}"
        ) from exc
    if not sections:
        raise IngestError(f"HWPX 파일에 본문(Contents/section0.xml)이 없습니다: {name}")
    # counted paragraph by paragraph: a section of a million paragraphs stops at the cap
    budget = LineBudget(name)
    budget.expect(sum(1 for root in sections for child in root if _local(child.tag) == "p"))
    lines: list[str] = []
    indents: list[float | None] = []
    covers: list[str | None] = []
    ended = False
    for root in sections:
        for child in root:
            if _local(child.tag) != "p":
                continue
            shape = shapes.get(child.get("paraPrIDRef", ""), _Shape())
            mark = ("#" * shape.outline + " ") if shape.outline else shape.bullet
            for text, is_body, marks in _paragraph_lines(child, mark):
                if (text, is_body, marks) == TABLE_END:
                    ended = True
                    continue
                if ended and marks is not None:
                    budget.add("")
                    lines.append("")
                    indents.append(None)
                    covers.append(None)
                ended = False
                budget.add(text)
                lines.append(text)
                indents.append(shape.left if is_body and text.strip() else None)
                covers.append(marks)
    return ReaderOutput(lines, levels=levels_from_indents(indents), properties=props, covers=covers)


class _Shape:
    """What a paragraph shape says about depth: its left margin (HWPUNIT), its bullet, and its
    outline level when Hangul numbers it as a heading (개요)."""

    def __init__(self, left: float = 0.0, bullet: str = "", outline: int | None = None) -> None:
        self.left = left
        self.bullet = bullet
        self.outline = outline


def _paragraph_shapes(zf: zipfile.ZipFile, name: str) -> dict[str, _Shape]:
    try:
        root = _parse(zf.read("Contents/header.xml"), "header.xml")
    except KeyError:
        return {}
    bullets = {el.get("id", ""): el.get("char", "") for el in root.iter() if _local(el.tag) == "bullet"}
    shapes: dict[str, _Shape] = {}
    for el in root.iter():
        if _local(el.tag) != "paraPr":
            continue
        shape = _Shape(_margin_left(el))
        for h in el.iter():
            if _local(h.tag) == "heading" and h.get("type") == "BULLET":
                shape.bullet = bullets.get(h.get("idRef", ""), "")
            elif _local(h.tag) == "heading" and h.get("type") == "OUTLINE":
                try:
                    shape.outline = min(6, int(h.get("level", "0")) + 1)
                except ValueError:
                    shape.outline = 1
        shapes[el.get("id", "")] = shape
    return shapes


def _margin_left(para_pr: Element) -> float:
    """hh:margin/hc:left, preferring the hp:default branch of an hp:switch (newer Hangul writes
    the margin twice, once per unit convention)."""
    margins = [el for el in para_pr.iter() if _local(el.tag) == "margin"]
    for margin in margins:
        for child in margin:
            if _local(child.tag) == "left":
                try:
                    return float(child.get("value", "0"))
                except ValueError:
                    return 0.0
    return 0.0


def _properties(zf: zipfile.ZipFile) -> dict[str, str]:
    try:
        root = _parse(zf.read("Contents/content.hpf"), "content.hpf")
    except (KeyError, IngestError):
        return {}
    out: dict[str, str] = {}
    for el in root.iter():
        kind = _local(el.tag)
        if kind == "title" and (el.text or "").strip():
            out.setdefault("Title", el.text.strip())
        elif kind == "meta":
            key = (el.get("name") or "").strip().capitalize()
            value = (el.text or el.get("content") or "").strip()
            if key in ("Creator", "Subject", "Description", "Keyword") and value:
                out.setdefault("Author" if key == "Creator" else key, value)
    return out


def section_names(zf: zipfile.ZipFile) -> list[str]:
    """Body sections in reading order: the package spine when there is one, else by number."""
    names = set(zf.namelist())
    ordered = [n for n in _spine_hrefs(zf) if n in names and _SECTION.match(n)]
    if ordered:
        return ordered
    numbered = [n for n in names if _SECTION.match(n)]
    return sorted(numbered, key=lambda n: int(_SECTION.match(n).group(1)))


def _spine_hrefs(zf: zipfile.ZipFile) -> list[str]:
    try:
        root = _parse(zf.read("Contents/content.hpf"), "content.hpf")
    except (KeyError, IngestError):
        return []
    hrefs = {el.get("id"): el.get("href", "") for el in root.iter() if _local(el.tag) == "item"}
    refs = [el.get("idref") for el in root.iter() if _local(el.tag) == "itemref"]
    out = []
    for ref in refs:
        href = hrefs.get(ref, "").lstrip("/")
        out.append(href if href.startswith("Contents/") else "Contents/" + href)
    return out


def _parse(data: bytes, name: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise IngestError(f"HWPX 파일을 읽을 수 없습니다(XML이 손상되었습니다): {name}") from exc


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraphs_lines(container: Element) -> list[str]:
    """Lines of the hp:p children of a cell or text-box sub-list."""
    lines: list[str] = []
    for child in container:
        if _local(child.tag) == "p":
            lines.extend(text for text, _, _ in _paragraph_lines(child) if text != TABLE_END[0])
    return lines


def _paragraph_lines(p: Element, bullet: str = "") -> list[tuple[str, bool, str | None]]:
    """(line, is paragraph text, cover marks of a table row) for a paragraph: one line, except where a table or text box
    in its runs cuts it: the text before it, the table's rows, then the text after it. A
    bullet the paragraph shape draws is written out, as the reader sees it."""
    lines: list[tuple[str, bool, str | None]] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            text = "".join(buffer)
            if bullet and text.strip() and not lines:
                # a heading level reads as markdown ("# 제목"), as DOCX headings do
                text = f"{bullet}{text.lstrip()}" if bullet.endswith(" ") else f"{bullet} {text.lstrip()}"
            lines.extend((part, True, None) for part in text.split("\n"))
            buffer.clear()

    for run in p:
        if _local(run.tag) != "run":
            continue
        for item in run:
            kind = _local(item.tag)
            if kind == "t":
                buffer.append(_run_text(item))
            elif kind == "tbl":
                flush()
                lines.extend((row, False, marks) for row, marks in _table_rows(item))
                lines.append(TABLE_END)
            elif kind not in _SKIPPED_IN_RUN:
                boxed = _text_box_lines(item)
                if boxed:
                    flush()
                    lines.extend((line, False, None) for line in boxed)
    flush()
    return lines or [("", True, None)]


def _run_text(t: Element) -> str:
    """hp:t holds text mixed with markers: <hp:tab/>, <hp:lineBreak/>, highlight marks."""
    parts = [t.text or ""]
    for child in t:
        kind = _local(child.tag)
        if kind == "lineBreak":
            parts.append("\n")
        elif kind in ("tab", "fwSpace", "nbSpace"):
            # a tab here only aligns text; as "\t" it would pass for a table row
            parts.append(" ")
        elif kind == "hyphen":
            parts.append("-")
        parts.append(child.tail or "")
    return "".join(parts)


def _text_box_lines(item: Element) -> list[str]:
    """Paragraphs of text boxes (hp:drawText) found below a drawing object such as hp:rect."""
    lines: list[str] = []
    for child in item:
        kind = _local(child.tag)
        if kind == "switch":  # alternatives of one object: read the first that has text
            lines.extend(next(filter(None, map(_text_box_lines, child)), []))
        elif kind == "subList":
            lines.extend(_paragraphs_lines(child))
        elif kind not in _SKIPPED_IN_RUN and kind != "tbl":
            lines.extend(_text_box_lines(child))
    return lines


def _table_rows(tbl: Element) -> list[tuple[str, str]]:
    rows: list[list[Cell]] = []
    for tr in tbl:
        if _local(tr.tag) == "tr":
            rows.append([_cell(tc) for tc in tr if _local(tc.tag) == "tc"])
    return table_lines_with_covers(rows)


def _cell(tc: Element) -> Cell:
    colspan = rowspan = 1
    texts: list[str] = []
    for child in tc:
        kind = _local(child.tag)
        if kind == "cellSpan":
            colspan, rowspan = span(child.get("colSpan")), span(child.get("rowSpan"))
        elif kind == "subList":
            # a nested table comes back as its own tab-separated lines: one field here
            texts.extend(_paragraphs_lines(child))
    return Cell(clean_cell(" ".join(texts)), colspan, rowspan)
