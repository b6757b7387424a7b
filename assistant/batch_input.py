"""The lines of a `batch` question file, each read on its own.

One bad line (an empty question, a line that is not JSON) must not cost the answers to all the
others: it comes back as an item with an `error`, and batch writes that line's output with the
error instead of an answer, at its place in the file.
"""

from __future__ import annotations

import json
from pathlib import Path


def read_batch_items(path: str | Path) -> list[dict]:
    """Question items in file order; a line that cannot be asked is {"id", "line", "error"}.
    Blank lines are skipped. Raises OSError/UnicodeDecodeError only for the file as a whole."""
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            items.append(_item(line, n))
    return items


def _item(line: str, n: int) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": n, "error": f"{n}행: JSON 형식이 아닙니다({exc.pos + 1}번째 글자)."}
    if not isinstance(item, dict):
        return {"id": None, "line": n, "error": f"{n}행: JSON 객체({{\"id\": …, \"question\": …}})여야 합니다."}
    problem = _problem(item)
    if problem:
        return {"id": item.get("id"), "line": n, "error": f"{n}행: {problem}"}
    return item


def _problem(item: dict) -> str | None:
    if "id" not in item:
        return "'id'가 없습니다."
    turns = item.get("turns")
    if turns is not None:
        if not isinstance(turns, list) or not turns:
            return "'turns'는 질문 문자열의 목록이어야 합니다."
        if not all(isinstance(t, str) and t.strip() for t in turns):
            return "'turns'에 빈 질문이나 문자열이 아닌 값이 있습니다."
        return None
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        return "질문이 비어 있습니다('question' 또는 'turns'가 필요합니다)."
    return None
