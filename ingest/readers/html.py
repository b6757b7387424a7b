"""HTML: block elements become lines, headings markdown, tables tab-separated rows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ingest.readers.common import Cell, clean_cell, span, table_lines
from ingest.readers.text import decode_text, split_lines

BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tr", "ul",
}
IGNORED = {"script", "style", "template", "noscript", "title", "svg", "math"}
LISTS = {"ul", "ol", "menu"}
_SPACES = re.compile(r"[ \t\n\r\f]+")


def read_html(raw: bytes, name: str) -> list[str]:
    parser = _LineParser()
    parser.feed(decode_text(raw, name, sniff_html=True))
    parser.close()
    return parser.finish()


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[Cell]] = []
        self.cell: list[str] | None = None  # text parts of the open cell
        self.cell_spans = (1, 1)
        self.caption: list[str] = []
        self.in_caption = False

    def open_cell(self, attrs: dict[str, str | None]) -> None:
        self.close_cell()
        if not self.rows:
            self.rows.append([])
        self.cell = []
        self.cell_spans = (span(attrs.get("colspan")), span(attrs.get("rowspan")))

    def close_cell(self) -> None:
        if self.cell is not None:
            colspan, rowspan = self.cell_spans
            self.rows[-1].append(Cell(clean_cell("".join(self.cell)), colspan, rowspan))
            self.cell = None

    def lines(self) -> list[str]:
        self.close_cell()
        caption = clean_cell("".join(self.caption))
        return ([caption] if caption else []) + table_lines(self.rows)


class _LineParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.prefix = ""
        self.ignored = 0
        self.pre = 0
        self.list_depth = 0
        self.tables: list[_Table] = []

    # -- tags -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in IGNORED:
            self.ignored += 1
        elif self.tables:
            self._table_start(tag, dict(attrs))
        elif tag == "table":
            self.flush()
            self.tables.append(_Table())
        elif tag == "br":
            self.flush()
        elif tag == "body":  # an unclosed <title> or <script> must not swallow the body
            self.ignored = 0
            self.flush()
        else:
            self._block_start(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img", "input", "meta", "link", "col", "wbr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in IGNORED:
            self.ignored = max(0, self.ignored - 1)
        elif self.tables:
            self._table_end(tag)
        elif tag in BLOCKS:
            self.flush()
            if tag in LISTS:
                self.list_depth = max(0, self.list_depth - 1)
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)

    def _block_start(self, tag: str) -> None:
        if tag not in BLOCKS:
            return
        # <li><p>text</p></li>: the "- " of the item must survive the inner block's start
        self.flush(keep_prefix=tag not in ("li", "h1", "h2", "h3", "h4", "h5", "h6"))
        if tag in LISTS:
            self.list_depth += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "li":
            self.prefix = "  " * max(0, self.list_depth - 1) + "- "
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.prefix = "#" * int(tag[1]) + " "

    def _table_start(self, tag: str, attrs: dict[str, str | None]) -> None:
        table = self.tables[-1]
        if tag == "table":  # a table inside a cell is flattened into that cell's text
            self.tables.append(_Table())
        elif tag == "tr":
            table.close_cell()
            table.rows.append([])
        elif tag in ("td", "th"):
            table.open_cell(attrs)
        elif tag == "caption":
            table.in_caption = True
        elif tag in BLOCKS or tag == "br":
            self._text(" ")

    def _table_end(self, tag: str) -> None:
        table = self.tables[-1]
        if tag == "table":
            self.tables.pop()
            lines = table.lines()
            if self.tables:
                self._text(" " + " ".join(lines) + " ")
            else:
                self.lines.extend(lines)
        elif tag in ("td", "th"):
            table.close_cell()
        elif tag == "caption":
            table.in_caption = False
        elif tag in BLOCKS:
            self._text(" ")

    # -- text -------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if not self.ignored:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.tables:
            table = self.tables[-1]
            target = table.caption if table.in_caption else table.cell
            if target is not None:
                target.append(data)
        elif self.pre:
            self.buffer.append(data)
        else:
            self.buffer.append(_SPACES.sub(" ", data.replace("\xa0", " ")))

    def flush(self, keep_prefix: bool = False) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if self.pre and text:
            self.lines.extend(split_lines(text.removeprefix("\n")))
        elif text.strip():
            self.lines.append(self.prefix + text.strip())
        elif keep_prefix:
            return
        self.prefix = ""

    def finish(self) -> list[str]:
        while self.tables:
            self._table_end("table")
        self.flush()
        return self.lines
