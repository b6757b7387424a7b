"""A conversation as one Markdown file, for a memo or a colleague: every question, every answer,
and under each answer its citations with the report title, the section, the line numbers and the
cited text as it stands in the report (the text a staff member checks the figure against)."""

from __future__ import annotations

import re
from datetime import datetime

from assistant.history import Turn

FENCE = "```"


def citation_heading(i: int, c: dict) -> str:
    first, last = (c.get("lines") or [0, 0])[:2]
    where = f"{first}–{last}행" if first != last else f"{first}행"
    page = f", {c['page']}쪽" if c.get("page") else ""
    section = (c.get("section") or "").split(" › ")[-1]
    return f"[{i}] {c.get('title') or c.get('doc', '')}" + (f" › {section}" if section else "") + f" ({where}{page})"


def _quoted(text: str) -> str:
    """The cited text in a fence: report lines keep their breaks, and '##', '**' or '~' in a report
    stay literal instead of turning into headings or strikethrough. Tabs separate table cells."""
    body = "\n".join(" | ".join(line.split("\t")).rstrip(" |") for line in (text or "").splitlines())
    fence = FENCE
    while fence in body:  # a report line with ``` must not close the fence early
        fence += "`"
    return f"{fence}text\n{body}\n{fence}"


def _sources(title: str, items: list[dict]) -> list[str]:
    out = [f"**{title}**", ""]
    for i, c in enumerate(items, start=1):
        out += [citation_heading(i, c), "", _quoted(c.get("text", "")), ""]
    return out


def conversation_markdown(title: str, turns: list[Turn], conversation_id: str = "",
                          exported_at: datetime | None = None) -> str:
    when = (exported_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = [f"# {title}", "", f"내보낸 때: {when} · 질문 {len(turns)}개" + (f" · 대화 id: {conversation_id}" if conversation_id else ""), ""]
    for turn in turns:
        record = turn.record or {}
        lines += [f"## {turn.n}. {turn.question}", ""]
        rewritten = record.get("rewritten_question")
        if rewritten and rewritten != turn.question:
            lines += [f"(질문 해석: {rewritten})", ""]
        lines += [turn.answer, ""]
        for note in record.get("notes") or []:
            lines += [f"- 참고: {note}", ""]
        if turn.citations:
            lines += _sources("출처", turn.citations)
        elif record.get("related"):
            lines += _sources("참고 자료", record["related"])
    return "\n".join(lines).rstrip() + "\n"


def export_file_name(title: str) -> str:
    """A download name from the title: Hangul kept, characters that file systems refuse dropped."""
    stem = re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("._")[:60] or "대화"
    return f"대화-{stem}.md"
