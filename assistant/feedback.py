"""Feedback from the app (👍/👎), and its export as a question-set skeleton.

The app appends one JSON line per rating to `index/feedback.jsonl`. Staff turn the 👎 answers into
new evaluation questions: `python -m assistant feedback export` writes them in the question-set
format of eval/dev.jsonl, with the gold fields left for a person to fill in — a rating says an
answer was wrong, not what the right answer is.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from ingest.settings import Settings

_write_lock = threading.Lock()

TODO = "확인 필요"


def append_feedback(settings: Settings, record: dict) -> Path:
    """Append one rating; a single write under a lock so concurrent users never interleave lines."""
    path = settings.feedback_path
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _write_lock, path.open("a", encoding="utf-8") as fh:
        fh.write(line)
    return path


@dataclass
class FeedbackLog:
    records: list[dict]
    skipped_lines: list[int]


def read_feedback(path: Path) -> FeedbackLog:
    """Read the log, keeping going past a damaged line (a crash mid-write must not lose the rest)."""
    records: list[dict] = []
    skipped: list[int] = []
    if not path.exists():
        return FeedbackLog(records, skipped)
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            skipped.append(no)
            continue
        if isinstance(rec, dict) and rec.get("question"):
            records.append(rec)
        else:
            skipped.append(no)
    return FeedbackLog(records, skipped)


def key_question(rec: dict) -> str:
    return (rec.get("rewritten_question") or rec["question"]).strip()


def export_skeleton(records: list[dict], include_liked: bool = False) -> list[dict]:
    """Question-set lines (id, type, question, answer, numbers, unit, doc, evidence, notes, difficulty).

    The latest rating of a question wins, so an answer first disliked and later liked is not exported.
    `answer`, `numbers`, `unit` and `type` are for a person to fill in; the given answer and its
    citations are kept in `notes` and `evidence` candidates so the reviewer starts from what was shown.
    """
    latest: dict[str, dict] = {}
    for rec in records:
        key = key_question(rec)
        latest.pop(key, None)  # re-insert so that order follows the latest rating
        latest[key] = rec
    out: list[dict] = []
    for rec in latest.values():
        if rec.get("rating") != "down" and not include_liked:
            continue
        citations = [c for c in (rec.get("citations") or []) if isinstance(c, dict)]
        line = {
            "id": f"fb{len(out) + 1:03d}",
            "type": TODO,
            # A follow-up ("그 항목 집행률은요?") means nothing alone; the standalone reading does.
            "question": key_question(rec),
            "answer": TODO,
            "numbers": [],
            "unit": "",
            "doc": citations[0].get("doc", "") if citations else "",
            "evidence": [],
            "notes": f"앱 피드백({'👎' if rec.get('rating') == 'down' else '👍'}, {rec.get('time', '')}). "
                     f"당시 답변: {rec.get('answer', '')}",
            "difficulty": "",
            "cited_candidates": [c.get("text", "") for c in citations if c.get("text")],
        }
        if key_question(rec) != rec["question"].strip():
            line["notes"] += f" / 원래 질문: {rec['question']}"
        out.append(line)
    return out
