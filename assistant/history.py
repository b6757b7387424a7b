"""Conversations that last: every turn asked in the app or through `/ask`, kept in one SQLite file
in the index folder (`index/conversations.sqlite`), per user when login is on.

A turn keeps the whole answer as it was shown (answer text, citations with their quoted text,
report titles and line numbers, figures), so a conversation can be redrawn after a reload or an
app restart, listed, renamed, deleted and exported, even when the index has been rebuilt since.
The owner is the login name, or "" when the app runs without login; one owner never sees another's
conversations, even when both pick the same conversation id.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ingest.settings import Settings

FILE_NAME = "conversations.sqlite"
TITLE_CHARS = 40  # a first question longer than this is cut for the list (the full text stays in the turn)
MAX_TITLE = 100  # a renamed title longer than this is cut: the list is one line per conversation
LIST_LIMIT = 50  # the sidebar shows the most recent conversations

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    owner TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (owner, id)
);
CREATE TABLE IF NOT EXISTS turns (
    owner TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    record TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    PRIMARY KEY (owner, conversation_id, n),
    FOREIGN KEY (owner, conversation_id) REFERENCES conversations (owner, id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS conversations_recent ON conversations (owner, updated_at);
"""


def history_path(settings: Settings) -> Path:
    return settings.index_dir / FILE_NAME


@dataclass
class Turn:
    """One question and the answer shown for it. `record` is the whole answer JSON (as `ask --json`,
    plus the question), from which the app redraws the message, its citation chips and the source."""

    n: int
    question: str
    answer: str
    citations: list[dict]
    record: dict
    asked_at: str

    def to_json(self) -> dict:
        return {"question": self.question, "answer": self.answer, "citations": self.citations}


@dataclass
class ConversationSummary:
    id: str
    title: str
    created_at: str
    updated_at: str
    turns: int

    def label(self) -> str:
        """One line of the sidebar list: the title and when it was last asked in."""
        return f"{self.title} · {self.updated_at[5:16].replace('T', ' ')}"


def first_question_title(question: str) -> str:
    text = " ".join(question.split())
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"


def _now() -> str:
    # microseconds keep two conversations asked in within one second in order in the list
    return datetime.now().isoformat(timespec="microseconds")


class ConversationLog:
    """The conversations of every user in one SQLite file.

    A connection per call: Gradio answers on many worker threads, and SQLite connections are not
    shared between threads. WAL lets readers (the sidebar, `/history`) go on while a turn is written.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)

    @classmethod
    def for_settings(cls, settings: Settings) -> "ConversationLog":
        return cls(history_path(settings))

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("PRAGMA foreign_keys=ON")
        return con

    # --- writing
    def add_turn(self, owner: str, conversation_id: str, record: dict) -> Turn:
        """Store one answered question; the conversation is created by its first turn and titled by
        its first question."""
        question = str(record.get("question") or "")
        answer = str(record.get("answer") or "")
        citations = list(record.get("citations") or [])
        now = _now()
        with closing(self._connect()) as con, con:
            con.execute("BEGIN IMMEDIATE")  # the turn number is read and written under one lock
            con.execute(
                "INSERT INTO conversations (owner, id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (owner, id) DO UPDATE SET updated_at = excluded.updated_at",
                (owner, conversation_id, first_question_title(question) or "제목 없는 대화", now, now))
            (n,) = con.execute("SELECT COALESCE(MAX(n), 0) + 1 FROM turns WHERE owner = ? AND conversation_id = ?",
                               (owner, conversation_id)).fetchone()
            con.execute(
                "INSERT INTO turns (owner, conversation_id, n, question, answer, citations, record, asked_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (owner, conversation_id, n, question, answer, json.dumps(citations, ensure_ascii=False),
                 json.dumps(record, ensure_ascii=False), now))
        return Turn(n, question, answer, citations, record, now)

    def rename(self, owner: str, conversation_id: str, title: str) -> bool:
        title = " ".join((title or "").split())[:MAX_TITLE]
        if not title:
            return False
        with closing(self._connect()) as con, con:
            cur = con.execute("UPDATE conversations SET title = ? WHERE owner = ? AND id = ?",
                              (title, owner, conversation_id))
        return cur.rowcount > 0

    def delete(self, owner: str, conversation_id: str) -> bool:
        with closing(self._connect()) as con, con:
            cur = con.execute("DELETE FROM conversations WHERE owner = ? AND id = ?", (owner, conversation_id))
        return cur.rowcount > 0

    # --- reading
    def turns(self, owner: str, conversation_id: str) -> list[Turn]:
        with closing(self._connect()) as con:
            rows = con.execute(
                "SELECT n, question, answer, citations, record, asked_at FROM turns "
                "WHERE owner = ? AND conversation_id = ? ORDER BY n", (owner, conversation_id)).fetchall()
        return [Turn(n, q, a, json.loads(c), json.loads(r), t) for n, q, a, c, r, t in rows]

    def summary(self, owner: str, conversation_id: str) -> ConversationSummary | None:
        found = [s for s in self._summaries(owner, "AND c.id = ?", (conversation_id,), 1)]
        return found[0] if found else None

    def conversations(self, owner: str, limit: int = LIST_LIMIT) -> list[ConversationSummary]:
        """The owner's conversations, most recently asked in first."""
        return self._summaries(owner, "", (), limit)

    def _summaries(self, owner: str, where: str, params: tuple, limit: int) -> list[ConversationSummary]:
        with closing(self._connect()) as con:
            rows = con.execute(
                "SELECT c.id, c.title, c.created_at, c.updated_at, "
                "(SELECT COUNT(*) FROM turns t WHERE t.owner = c.owner AND t.conversation_id = c.id) "
                f"FROM conversations c WHERE c.owner = ? {where} ORDER BY c.updated_at DESC LIMIT ?",
                (owner, *params, limit)).fetchall()
        return [ConversationSummary(*row) for row in rows]
