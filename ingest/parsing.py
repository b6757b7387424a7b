"""One report file → a `Parsed`: its document, tables, chunks and outline, everything ingest
stores for it. Pure and picklable, so it can run in a worker process (ingest.parse_worker).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.chunks import Chunk, build_chunks
from ingest.document import Document, IngestError
from ingest.limits import check_cells
from ingest.metadata import apply_sidecar, extract_metadata
from ingest.readers import read_document
from ingest.structure import build_outline
from ingest.tables import Table, extract_tables


@dataclass
class Parsed:
    doc: Document
    tables: list[Table]
    chunks: list[Chunk]
    tokens: list[list[str]]
    heading_lines: list[int] = field(default_factory=list)
    outline: list[list] = field(default_factory=list)


def parse_document(path: Path, doc_id: str, origin: Path | None = None) -> Parsed:
    """Parse `path` as the report `doc_id`. `origin` is where the file will live when it is
    read from elsewhere (an upload still in the app's cache): its sidecar and source path."""
    doc = read_document(path, doc_id=doc_id)
    if origin is not None:
        doc.source_path = str(origin)
    outline = build_outline(doc)
    doc.metadata = extract_metadata(doc, outline)
    _apply_sidecar(doc, Path(origin or path))
    tables = extract_tables(doc, outline)
    check_cells(sum(len(r.cells) for t in tables for r in t.rows), Path(path).name)
    chunks = build_chunks(doc, outline, tables)
    tree = [[h.line, h.level, h.title] for h in outline.headings]
    return Parsed(doc, tables, chunks, [], sorted(outline.heading_lines), tree)


def _apply_sidecar(doc: Document, path: Path) -> None:
    """A broken NAME.meta.json fails its report in Korean: ignoring it would silently drop the
    overrides someone wrote on purpose."""
    try:
        apply_sidecar(doc, path)
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise IngestError(
            f"{path.name}의 메타데이터 파일(.meta.json)을 읽을 수 없습니다(JSON 객체여야 합니다). "
            "파일을 고치거나 지운 뒤 다시 수집해 주세요."
        ) from exc
