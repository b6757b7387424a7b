"""The typed records that flow through ingestion.

Every reader turns a file into a `Document`: a list of text lines (NFC), with tables from
structured formats (PDF, DOCX, HWPX, HTML) rendered as tab-separated lines, so that one table
parser serves every format and every cell keeps a source line a staff member can look up.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class IngestError(Exception):
    """A file that cannot be ingested. The message is Korean and shown to the user as is."""


@dataclass
class ReaderOutput:
    """What a structured reader returns; `read_document` turns it into a `Document`."""

    lines: list[str]
    pages: list[int] | None = None
    levels: list[int | None] | None = None
    properties: dict[str, str] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)
    textless_pages: list[int] = field(default_factory=list)
    blank_pages: list[int] = field(default_factory=list)
    covers: list[str | None] | None = None  # see Document.covers


@dataclass
class DocMetadata:
    organization: str | None = None
    organization_inferred: bool = False
    title: str = ""
    report_date: str | None = None  # ISO date, "2021-05-03" or "2020-03" when only the month is known
    as_of_dates: list[str] = field(default_factory=list)  # ISO dates found in "기준"/"현재" captions
    meeting: str | None = None  # "제300회 임시회 운영위원회"
    # The council committee the report was given to ("기획재경위원회"): not the office that wrote it.
    reported_to: str | None = None
    # Where each field came from ("표지", "머리글·바닥글", "보고순서", "파일 속성", "비슷한 보고서에서 추정"), for the
    # documents list and for whoever checks a surprising value.
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class Document:
    doc_id: str  # stable id: the file name inside the data folder
    source_path: str
    fmt: str  # txt, md, html, pdf, docx, hwpx
    lines: list[str]  # 1-based line n is lines[n - 1]
    pages: list[int] | None = None  # page of each line, PDFs only
    content_hash: str = ""
    metadata: DocMetadata = field(default_factory=DocMetadata)
    # Indent depth of each line from the format (DOCX w:ind and numbering, HWPX paraPr margin,
    # PDF x-position); None for a line the format gives no depth (a table row) and for text
    # formats, where leading spaces carry it.
    levels: list[int | None] | None = None
    properties: dict[str, str] = field(default_factory=dict)  # file properties: Title, Author, …
    furniture: list[str] = field(default_factory=list)  # running headers and footers, once each
    textless_pages: list[int] = field(default_factory=list)  # pages drawn but without a text layer
    blank_pages: list[int] = field(default_factory=list)  # pages with nothing on them
    # For a table row of a format that knows its merged cells (PDF, DOCX, HWPX): one mark per
    # tab field, "." a cell of its own, "^" covered by the cell above, "<" by the cell to the
    # left, "+" by both. An empty field is then told apart from a merged one.
    covers: dict[int, str] = field(default_factory=dict)

    def level_of(self, n: int) -> int | None:
        if self.levels is None or not (1 <= n <= len(self.levels)):
            return None
        return self.levels[n - 1]

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def page_of(self, n: int) -> int | None:
        if self.pages is None or not (1 <= n <= len(self.pages)):
            return None
        return self.pages[n - 1]
