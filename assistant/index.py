"""The built index as the answer engine sees it: the current build's documents, chunks, tables
and cells in memory, plus the BM25 and Chroma handles. Reloaded when a new build is published.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from dataclasses import dataclass, field

from ingest import catalog as cat
from ingest.keyword_index import KeywordIndex
from ingest.settings import Settings, load_settings
from ingest.vector_store import VectorIndex


class IndexMissing(Exception):
    """No published build yet: ingest first."""


@dataclass
class DocInfo:
    doc_id: str
    title: str
    organization: str | None
    organization_inferred: bool
    report_date: str | None
    as_of_dates: list[str]
    meeting: str | None
    fmt: str
    n_lines: int
    n_tables: int
    n_chunks: int
    heading_lines: set[int] = field(default_factory=set)
    outline: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, title)
    # The council committee the report was given to ("기획재경위원회"); `organization` stays the
    # office that wrote it.
    reported_to: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> where it was found ("표지", "조직도", …)

    @property
    def reference_date(self) -> str | None:
        return self.report_date or (self.as_of_dates[0] if self.as_of_dates else None)

    @property
    def organization_label(self) -> str:
        """For the documents list: '교통혁신국 (건설교통위원회 보고)', '시장비서실 (추정)', '기관 미상'."""
        label = self.organization or "기관 미상"
        if self.organization and self.organization_inferred:
            label += " (추정)"
        if self.reported_to:
            label += f" ({self.reported_to} 보고)"
        return label


@dataclass
class ChunkRec:
    chunk_id: str
    doc_id: str
    kind: str
    line_ids: list[int]
    text: str
    breadcrumb: list[str]
    page: int | None
    table_id: str | None
    row_lines: list[int]
    tokens: list[str]

    @property
    def section(self) -> str:
        return " › ".join(self.breadcrumb)


@dataclass
class CellRec:
    col: int
    col_path: list[str]
    raw: str
    value: float | None
    extra: list[float | None]
    is_none: bool
    unit: str | None
    as_of: str | None
    line: int
    kind: str


@dataclass
class RowRec:
    table_id: str
    index: int
    label_path: list[str]
    kind: str
    line: int
    cells: list[CellRec] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.label_path[-1] if self.label_path else ""


@dataclass
class TableRec:
    table_id: str
    doc_id: str
    layout: str
    title: str
    section: list[str]
    first_line: int
    last_line: int
    header_lines: list[int]
    caption_lines: list[int]
    unit: str | None
    as_of: str | None
    columns: list[list[str]]
    slot_slash: list[str]
    slot_paren: str | None
    notes: list[int]
    rows: list[RowRec] = field(default_factory=list)


class LoadedIndex:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        url = self.settings.table_db_url
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
            raise IndexMissing("색인이 없습니다. 먼저 `python -m assistant ingest`를 실행하세요.")
        self.catalog = cat.Catalog(url)
        build = self.catalog.current_build()
        if build is None:
            raise IndexMissing("색인이 없습니다. 먼저 `python -m assistant ingest`를 실행하세요.")
        self.build_id = build.build_id
        self.embed_model = build.embed_model
        self.docs: dict[str, DocInfo] = {}
        for d in self.catalog.documents(self.build_id):
            self.docs[d["doc_id"]] = DocInfo(
                d["doc_id"], d["title"], d["organization"], bool(d["organization_inferred"]), d["report_date"],
                json.loads(d["as_of_dates"] or "[]"), d["meeting"], d["fmt"], d["n_lines"], d["n_tables"], d["n_chunks"],
                set(json.loads(d.get("heading_lines") or "[]")),
                [tuple(h) for h in json.loads(d.get("outline") or "[]")],
                d.get("reported_to"),
                json.loads(d.get("evidence") or "{}"),
            )
        self.chunks: dict[str, ChunkRec] = {}
        for r in self.catalog.iter_rows(cat.chunks, self.build_id):
            self.chunks[r["chunk_id"]] = ChunkRec(
                r["chunk_id"], r["doc_id"], r["kind"], json.loads(r["line_ids"]), r["text"],
                json.loads(r["breadcrumb"]), r["page"], r["table_id"], json.loads(r["row_lines"] or "[]"),
                json.loads(r["tokens"] or "[]"),
            )
        self.tables: dict[str, TableRec] = {}
        for r in self.catalog.iter_rows(cat.tables, self.build_id):
            self.tables[r["table_id"]] = TableRec(
                r["table_id"], r["doc_id"], r["layout"], r["title"] or "", json.loads(r["section"] or "[]"),
                r["first_line"], r["last_line"], json.loads(r["header_lines"]), json.loads(r["caption_lines"]),
                r["unit"], r["as_of"], json.loads(r["columns"]), json.loads(r["slot_slash"] or "[]"), r["slot_paren"],
                json.loads(r["notes"] or "[]"),
            )
        rows: dict[tuple[str, int], RowRec] = {}
        for r in self.catalog.iter_rows(cat.cells, self.build_id):
            key = (r["table_id"], r["row_idx"])
            row = rows.get(key)
            if row is None:
                row = rows[key] = RowRec(r["table_id"], r["row_idx"], json.loads(r["row_path"]), r["row_kind"], r["row_line"])
            row.cells.append(CellRec(
                r["col_idx"], json.loads(r["col_path"]), r["raw"], r["value"], json.loads(r["extra"] or "[]"),
                bool(r["is_none"]), r["unit"], r["as_of"], r["line"], r["kind"],
            ))
        for (table_id, _), row in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            if table_id in self.tables:
                self.tables[table_id].rows.append(row)
        self._lines: dict[str, list[str]] = {}
        self._pages: dict[str, list[int | None]] = {}
        self._levels: dict[str, list[int | None]] = {}
        self._lock = threading.Lock()
        self.keyword = KeywordIndex.load(self.settings.bm25_dir / self.build_id)
        self.vectors = VectorIndex(self.settings)

    # ------------------------------------------------------------------ source text
    def lines(self, doc_id: str) -> list[str]:
        with self._lock:
            if doc_id not in self._lines:
                rows = self.catalog.doc_lines(self.build_id, doc_id)
                self._lines[doc_id] = [t for _, t, _ in rows]
                self._pages[doc_id] = [p for _, _, p in rows]
            return self._lines[doc_id]

    def line(self, doc_id: str, n: int) -> str:
        lines = self.lines(doc_id)
        return lines[n - 1] if 1 <= n <= len(lines) else ""

    def levels(self, doc_id: str) -> list[int | None]:
        """Indent depth of every line from the format (None where the format has none); with the
        lines and the outline, `ingest.levels.section_parents` gives the section tree."""
        with self._lock:
            if doc_id not in self._levels:
                self._levels[doc_id] = self.catalog.doc_levels(self.build_id, doc_id)
            return self._levels[doc_id]

    def page(self, doc_id: str, n: int) -> int | None:
        self.lines(doc_id)
        pages = self._pages.get(doc_id) or []
        return pages[n - 1] if 1 <= n <= len(pages) else None

    def is_current(self) -> bool:
        build = self.catalog.current_build()
        return build is not None and build.build_id == self.build_id
