"""The catalog: documents, their lines, chunks, tables and every table cell, per build.

Kept behind SQLAlchemy Core so that the default SQLite file (`index/catalog.sqlite`) can be
swapped for a PostgreSQL server shared by several app instances with one setting
(`ASSISTANT_TABLE_DB_URL`). Every row carries its `build_id`; a build becomes visible in one
transaction that flips `builds.is_current`, so an ingest killed at any moment leaves the
previous build fully usable.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Text,
    Table as SATable,  # our own `Table` record is the parsed report table
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

metadata = MetaData()

builds = SATable(
    "builds",
    metadata,
    Column("build_id", String(40), primary_key=True),
    Column("created", Float, nullable=False),
    Column("embed_model", Text, nullable=False),
    Column("is_current", Boolean, nullable=False, default=False),
    Column("complete", Boolean, nullable=False, default=False),
    Column("stats", Text, nullable=False, default="{}"),
)
documents = SATable(
    "documents",
    metadata,
    Column("build_id", String(40), primary_key=True),
    Column("doc_id", String(255), primary_key=True),
    Column("source_path", Text),
    Column("fmt", String(10)),
    Column("content_hash", String(64), index=True),
    Column("title", Text),
    Column("organization", Text),
    Column("organization_inferred", Boolean),
    Column("report_date", String(10)),
    Column("as_of_dates", Text),  # JSON list
    Column("meeting", Text),
    Column("n_lines", Integer),
    Column("n_tables", Integer),
    Column("n_chunks", Integer),
    Column("n_cells", Integer),
    Column("heading_lines", Text),  # JSON list: lines that are section headings
    Column("outline", Text),  # JSON list of [line, level, title]: the section tree
    Column("reported_to", Text),  # the council committee the report was given to
    Column("evidence", Text),  # JSON object: field -> where it was found (표지, 조직도, …)
    Column("page_notes", Text),  # JSON object: {"textless": [pages], "blank": [pages]}
)
lines = SATable(
    "lines",
    metadata,
    Column("build_id", String(40), primary_key=True),
    Column("doc_id", String(255), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("text", Text),
    Column("page", Integer),
    # Indent depth from the format (DOCX/HWPX paragraph indentation, PDF x-position); null where
    # the format has none (text files carry it in leading spaces, table rows have none).
    Column("level", Integer, nullable=True),
)
chunks = SATable(
    "chunks",
    metadata,
    Column("build_id", String(40), primary_key=True),
    Column("chunk_id", String(300), primary_key=True),
    Column("doc_id", String(255), index=True),
    Column("kind", String(10)),
    Column("line_ids", Text),  # JSON list of source line numbers
    Column("text", Text),
    Column("breadcrumb", Text),  # JSON list
    Column("page", Integer),
    Column("table_id", String(300)),
    Column("row_lines", Text),  # JSON list
    Column("embed_text", Text),
    Column("tokens", Text),  # JSON list of Kiwi tokens (BM25)
    Column("text_hash", String(64)),
)
tables = SATable(
    "tables",
    metadata,
    Column("build_id", String(40), primary_key=True),
    Column("table_id", String(300), primary_key=True),
    Column("doc_id", String(255), index=True),
    Column("idx", Integer),
    Column("layout", String(16)),
    Column("title", Text),
    Column("section", Text),  # JSON list
    Column("first_line", Integer),
    Column("last_line", Integer),
    Column("header_lines", Text),
    Column("caption_lines", Text),
    Column("unit", String(16)),
    Column("as_of", String(10)),
    Column("columns", Text),  # JSON list of header paths
    Column("slot_slash", Text),
    Column("slot_paren", Text),
    Column("notes", Text),
)
cells = SATable(
    "cells",
    metadata,
    Column("build_id", String(40), index=True),
    Column("table_id", String(300), index=True),
    Column("doc_id", String(255)),
    Column("row_idx", Integer),
    Column("row_path", Text),  # JSON list: the row hierarchy (계 / 소계 / item)
    Column("row_label", Text),
    Column("row_kind", String(10)),  # total | subtotal | item
    Column("row_line", Integer),
    Column("col_idx", Integer),
    Column("col_path", Text),  # JSON list: merged header path, e.g. ["집행계획", "3/4"]
    Column("raw", Text),
    Column("value", Float),
    Column("extra", Text),  # JSON list of secondary numbers ("28 (26)" → [26])
    Column("is_none", Boolean),
    Column("unit", String(16)),
    Column("as_of", String(10)),
    Column("line", Integer),
    Column("kind", String(10)),
)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def open_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    _add_missing_columns(engine)
    return engine


def _add_missing_columns(engine: Engine) -> None:
    """An index written by an older version lacks newer columns: add them (they start empty)."""
    from sqlalchemy import inspect, text

    inspector = inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have:
                    ddl = column.type.compile(dialect=engine.dialect)
                    conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}'))


@dataclass
class BuildInfo:
    build_id: str
    created: float
    embed_model: str
    stats: dict


class Catalog:
    """Reads and writes one catalog database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = open_engine(url)

    # ---------------------------------------------------------------- builds
    def current_build(self) -> BuildInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(builds).where(builds.c.is_current.is_(True), builds.c.complete.is_(True))
            ).first()
        if row is None:
            return None
        return BuildInfo(row.build_id, row.created, row.embed_model, json.loads(row.stats or "{}"))

    def begin_build(self, build_id: str, embed_model: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(builds).values(
                    build_id=build_id, created=time.time(), embed_model=embed_model, is_current=False, complete=False
                )
            )

    def publish(self, build_id: str, stats: dict) -> None:
        """Make a finished build the current one, atomically."""
        with self.engine.begin() as conn:
            conn.execute(update(builds).where(builds.c.build_id == build_id).values(complete=True, stats=json.dumps(stats)))
            conn.execute(update(builds).where(builds.c.build_id != build_id).values(is_current=False))
            conn.execute(update(builds).where(builds.c.build_id == build_id).values(is_current=True))

    def stale_builds(self, protect: str | None = None, keep: int = 2) -> list[str]:
        """Builds that may be deleted: all but the current one and the newest `keep` complete ones.

        The previous build is kept so that an app still reading it is not cut off mid-answer;
        an incomplete build was abandoned by a killed ingest (the caller holds the ingest lock).
        """
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(builds.c.build_id, builds.c.complete, builds.c.is_current).order_by(builds.c.created.desc())
            ).all()
        keep_ids = {r.build_id for r in [r for r in rows if r.complete][:keep]}
        keep_ids |= {r.build_id for r in rows if r.is_current}
        if protect:
            keep_ids.add(protect)
        return [r.build_id for r in rows if r.build_id not in keep_ids]

    def drop_build(self, build_id: str) -> None:
        with self.engine.begin() as conn:
            for t in (cells, tables, chunks, lines, documents, builds):
                conn.execute(delete(t).where(t.c.build_id == build_id))

    # ---------------------------------------------------------------- writes
    def insert_rows(self, table, rows: list[dict[str, Any]], conn=None) -> None:
        if not rows:
            return
        if conn is None:
            with self.engine.begin() as c:
                c.execute(insert(table), rows)
        else:
            conn.execute(insert(table), rows)

    def copy_document(self, from_build: str, to_build: str, doc_id: str) -> None:
        """Carry an unchanged document's rows into a new build without re-parsing it."""
        with self.engine.begin() as conn:
            for t in (documents, lines, chunks, tables, cells):
                cols = [c for c in t.c if c.name != "build_id"]
                rows = conn.execute(select(*cols).where(t.c.build_id == from_build, t.c.doc_id == doc_id)).mappings().all()
                if rows:
                    conn.execute(insert(t), [dict(r, build_id=to_build) for r in rows])

    # ---------------------------------------------------------------- reads
    def documents(self, build_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents).where(documents.c.build_id == build_id).order_by(documents.c.doc_id))
            return [dict(r._mapping) for r in rows]

    def iter_rows(self, table, build_id: str, doc_id: str | None = None) -> Iterable[dict]:
        stmt = select(table).where(table.c.build_id == build_id)
        if doc_id is not None:
            stmt = stmt.where(table.c.doc_id == doc_id)
        with self.engine.connect() as conn:
            for r in conn.execute(stmt):
                yield dict(r._mapping)

    def doc_lines(self, build_id: str, doc_id: str) -> list[tuple[int, str, int | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(lines.c.line_no, lines.c.text, lines.c.page)
                .where(lines.c.build_id == build_id, lines.c.doc_id == doc_id)
                .order_by(lines.c.line_no)
            )
            return [(r.line_no, r.text, r.page) for r in rows]

    def doc_levels(self, build_id: str, doc_id: str) -> list[int | None]:
        """The indent depth of every line (see `lines.level`), in line order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(lines.c.level)
                .where(lines.c.build_id == build_id, lines.c.doc_id == doc_id)
                .order_by(lines.c.line_no)
            )
            return [r.level for r in rows]
