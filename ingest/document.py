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
class DocMetadata:
    organization: str | None = None
    organization_inferred: bool = False
    title: str = ""
    report_date: str | None = None  # ISO date, "2021-05-03" or "2020-03" when only the month is known
    as_of_dates: list[str] = field(default_factory=list)  # ISO dates found in "기준"/"현재" captions
    meeting: str | None = None  # "제300회 임시회 운영위원회"


@dataclass
class Document:
    doc_id: str  # stable id: the file name inside the data folder
    source_path: str
    fmt: str  # txt, md, html, pdf, docx, hwpx
    lines: list[str]  # 1-based line n is lines[n - 1]
    pages: list[int] | None = None  # page of each line, PDFs only
    content_hash: str = ""
    metadata: DocMetadata = field(default_factory=DocMetadata)

    def line(self, n: int) -> str:
        return self.lines[n - 1]

    def page_of(self, n: int) -> int | None:
        if self.pages is None or not (1 <= n <= len(self.pages)):
            return None
        return self.pages[n - 1]
