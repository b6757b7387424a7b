"""Structure-aware chunks: a heading with its bullet group, a paragraph, or a table's rows with
their header. Each chunk is small enough for a staff member to check at a glance, carries its
breadcrumb (organization › report › section › item) and its exact source lines.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ingest.document import Document
from ingest.structure import BULLET, Outline, squash_spaced
from ingest.tables import Table
from ingest.markup import TAG as _TAG

SOFT_CHARS = 380  # start a new chunk at the next top-level bullet past this size
HARD_CHARS = 900  # never grow a text chunk past this size
TABLE_ROWS_PER_CHUNK = 8
TABLE_CHARS_PER_CHUNK = 900


@dataclass
class Chunk:
    chunk_id: str
    doc_id: str
    kind: str  # text | table
    line_ids: list[int]
    text: str  # the source lines verbatim, joined by "\n"
    breadcrumb: list[str]
    page: int | None = None
    table_id: str | None = None
    body: str = ""  # plain text (tags stripped; tables linearized) for embedding and keywords
    row_lines: list[int] = field(default_factory=list)  # table chunks: the data rows they cover

    @property
    def embed_text(self) -> str:
        """The breadcrumb is embedded with the text ("재원 12억" means little without its section),
        shortened to report › last two sections: every extra token costs embedding time."""
        head = self.breadcrumb[:1] + self.breadcrumb[1:][-2:]
        return " › ".join(head) + "\n" + self.body

    @property
    def first_line(self) -> int:
        return self.line_ids[0]

    @property
    def last_line(self) -> int:
        return self.line_ids[-1]

    @property
    def section(self) -> str:
        return " › ".join(self.breadcrumb)


def plain(text: str) -> str:
    """Text without HTML tags and entities, whitespace collapsed, spaced-out words rejoined
    ('주 요 기 능' → '주요기능'): for embedding and keywords, never for citations."""
    t = " ".join(html.unescape(_TAG.sub(" ", text)).replace("\\*", "*").replace("**", "").split())
    return squash_spaced(t)


def doc_prefix(doc: Document) -> list[str]:
    """organization › report; the title usually names the organization already."""
    meta = doc.metadata
    org = meta.organization or ""
    if org and meta.organization_inferred:
        org += "(추정)"
    if org and meta.title.startswith(org):
        return [meta.title]
    return [p for p in (org, meta.title) if p]


def _is_split_point(line: str) -> bool:
    """A top-level bullet, a ○ group or a numbered item: a place where a chunk may end."""
    if not line.strip() or line[:1] in (" ", "\t"):
        return False
    t = line.strip()
    return bool(BULLET.match(t)) or t[0] in "○◦●□①②③④⑤⑥⑦⑧⑨⑩" or bool(re.match(r"^\d+\.\s", t))


def _table_line_owner(tables: list[Table]) -> dict[int, Table]:
    owner: dict[int, Table] = {}
    for t in tables:
        if t.layout == "html":
            continue  # lives inside a tab row that its enclosing table already owns
        for n in range(t.first_line, t.last_line + 1):
            owner.setdefault(n, t)
    return owner


def with_document_prefix(doc: Document, chunks: list[Chunk]) -> None:
    """Prepend organization › report title to every breadcrumb, once metadata is final."""
    prefix = doc_prefix(doc)
    for c in chunks:
        c.breadcrumb = prefix + c.breadcrumb


def build_chunks(doc: Document, outline: Outline, tables: list[Table]) -> list[Chunk]:
    """Chunks with section breadcrumbs; call `with_document_prefix` once metadata is final."""
    owner = _table_line_owner(tables)
    prefix: list[str] = []
    chunks: list[Chunk] = []
    group: list[int] = []
    group_chars = 0
    group_path: list[str] | None = None

    def flush():
        nonlocal group, group_chars, group_path
        lines = [n for n in group if doc.lines[n - 1].strip()]
        if lines:
            chunks.append(_text_chunk(doc, prefix, outline, lines))
        group, group_chars, group_path = [], 0, None

    seen_tables: set[str] = set()
    for n in range(outline.cover_end + 1, len(doc.lines) + 1):
        text = doc.lines[n - 1]
        table = owner.get(n)
        if table is not None:
            flush()
            if table.table_id not in seen_tables:
                seen_tables.add(table.table_id)
                chunks.extend(_table_chunks(doc, prefix, outline, table))
            continue
        if not text.strip():
            continue
        path = outline.breadcrumb(n)
        has_content = any(m not in outline.heading_lines for m in group)
        starts_new = (
            n in outline.heading_lines
            or path != group_path
            or (group_chars >= SOFT_CHARS and _is_split_point(text))
            or group_chars + len(text) > HARD_CHARS
        )
        if starts_new and has_content:
            flush()
        group.append(n)
        group_chars += len(plain(text))
        group_path = path
    flush()
    for i, c in enumerate(chunks):
        c.chunk_id = f"{doc.doc_id}:{i:04d}"
    return chunks


def _text_chunk(doc: Document, prefix: list[str], outline: Outline, lines: list[int]) -> Chunk:
    breadcrumb = prefix + outline.breadcrumb(lines[-1])
    text = "\n".join(doc.lines[n - 1] for n in lines)
    body = " ".join(plain(doc.lines[n - 1]) for n in lines)
    return Chunk(
        chunk_id="",
        doc_id=doc.doc_id,
        kind="text",
        line_ids=lines,
        text=text,
        breadcrumb=breadcrumb,
        page=doc.page_of(lines[0]),
        body=body,
    )


def _table_chunks(doc: Document, prefix: list[str], outline: Outline, table: Table) -> list[Chunk]:
    head = sorted(set(table.caption_lines) | set(table.header_lines))
    breadcrumb = prefix + outline.breadcrumb(table.first_line)
    groups: list[list] = []
    current: list = []
    size = 0
    for row in table.rows:
        row_chars = sum(len(doc.lines[n - 1]) for n in row.lines)
        if current and (len(current) >= TABLE_ROWS_PER_CHUNK or size + row_chars > TABLE_CHARS_PER_CHUNK):
            groups.append(current)
            current, size = [], 0
        current.append(row)
        size += row_chars
    if current:
        groups.append(current)
    out = []
    for rows in groups:
        row_lines = sorted({n for r in rows for n in r.lines})
        lines = sorted(set(head) | set(row_lines))
        text = "\n".join(doc.lines[n - 1] for n in lines)
        out.append(
            Chunk(
                chunk_id="",
                doc_id=doc.doc_id,
                kind="table",
                line_ids=lines,
                text=text,
                breadcrumb=breadcrumb,
                page=doc.page_of(lines[0]),
                table_id=table.table_id,
                body=linearize(table, rows),
                row_lines=row_lines,
            )
        )
    return out


def linearize(table: Table, rows) -> str:
    """'표 제목 (단위: 천원, 기준 2021-04-25)\n의정 정보화 지원 — 예산현액 545,239; 집행액 210,133 …'"""
    meta = ", ".join(p for p in (f"단위 {table.unit}" if table.unit else "", f"기준 {table.as_of}" if table.as_of else "") if p)
    out = [table.title + (f" ({meta})" if meta else "")]
    for row in rows:
        parts = []
        for cell in row.cells:
            col = " ".join(cell.col_path[-2:]) if cell.col_path else ""
            parts.append(f"{col} {plain(cell.raw)}".strip())
        label = " ".join(row.label_path)
        out.append(f"{label} — " + "; ".join(parts) if label else "; ".join(parts))
    return "\n".join(out)
