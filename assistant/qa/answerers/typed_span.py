"""Typed spans: the date, place, person or organisation a question asks for, taken from the line
that states it (a labelled field under the item, or a line whose shape is of that type); and, for a
question asking 'what' or 'how', the statement itself."""

from __future__ import annotations

import dataclasses
import re

from assistant.qa.binding import bind_span
from assistant.qa.cells import years_in
from assistant.qa.korean_text import clean_line
from assistant.qa.resources import Resources
from assistant.qa.spans import Found, field_of, find
from assistant.qa.terms import coverage, squash
from assistant.qa.types import Candidate, Frame, Retrieved, Scope, Span

TYPED = ("date", "place", "person", "org", "frequency")
QUOTED = ("how", "what", "text")
RANK_BONUS = (0.08, 0.05, 0.03, 0.02, 0.01)
W_CONTEXT, W_OWN, W_STRENGTH, W_RELEVANCE = 0.45, 0.2, 0.2, 0.15
CANDIDATES = 30
EVENT_MATCH = 0.1  # a dated line naming the event the question asks ('개소' for '문을 열어요')
FIELD_PARENT_OWN = 0.8  # a labelled field ('(위치) …') is named by the headings it sits under
DATE_CELL_STRENGTH = 0.9  # a schedule's date column: as sure a date as a labelled field, and to the day


def statement_lines(res: Resources, doc_id: str, n: int, limit: int = 4) -> tuple[int, ...]:
    """A line with the sub-bullets under it that complete it."""
    tree = res.trees.of(doc_id)
    kids = [m for m in tree.children(n) if "\t" not in res.index.line(doc_id, m)][: limit - 1]
    return (n, *kids)


def subject_of(res: Resources, doc_id: str, n: int) -> str:
    """What a field line ('일 시 : …') is about: the nearest line above it, under the same parent,
    that is not itself a field ('- 「U20 시장회의」 참석'), else its parent."""
    tree = res.trees.of(doc_id)
    parent = tree.parent[n]
    for m in range(n - 1, max(parent, n - 12), -1):
        text = clean_line(res.index.line(doc_id, m))
        if text and tree.parent[m] == parent and not field_of(text)[0]:
            return _named(res, doc_id, m, text)
    return _named(res, doc_id, parent, clean_line(res.index.line(doc_id, parent))) if parent else ""


def _named(res: Resources, doc_id: str, m: int, text: str) -> str:
    """A subject that is a template subheading ('사업개요', '추진계획') names nothing: the heading
    above it does."""
    tree = res.trees.of(doc_id)
    while m and res.is_template_heading(doc_id, text) and tree.parent[m]:
        m = tree.parent[m]
        text = clean_line(res.index.line(doc_id, m))
    return text


def _pieces(res: Resources, doc_id: str, n: int) -> list[tuple[str, str]]:
    """(text, subject) of a line: the line itself, or each text cell of a table row with its row label."""
    raw = res.index.line(doc_id, n)
    if "\t" in raw and sum(1 for c in raw.split("\t") if c.strip()) == 1:
        raw = next(c for c in raw.split("\t") if c.strip())  # a text box read as a one-cell row: a line
    if "\t" not in raw:
        text = clean_line(raw)
        runs = _RUN_TOGETHER.split(text)
        if len(runs) >= 3 and all(field_of(r)[0] for r in runs[1:]):
            # '➌ 3호점 개요 - 위치 : 해운대구 … - 수행 : 해운대시니어클럽 - 개소 : 2024.11.28.': one box's
            # fields run together in one line, each about what the line opens with
            head = re.sub(r"^[\u2776-\u2793]\s*", "", runs[0])  # '➌ 3호점 개요': the circled number is a bullet
            return [(r, head) for r in runs[1:]]
        return [(text, subject_of(res, doc_id, n) if field_of(text)[0] else "")] if text else []
    table = res.table_at(doc_id, n)
    if table is not None and n in table.header_lines:
        return []  # '본관동 | 부속동 | 의원회관': a header names columns, it states nothing
    cells = [clean_line(c) for c in raw.split("\t")]
    # the row's subject is its label, or, when a merged category cell leaves the first column empty
    # ('\t제19회 부산가족축제\t5.17.\t부산시민공원'), its first text cell
    first = 0 if cells[0] else next((i for i, c in enumerate(cells) if re.search(r"[가-힣A-Za-z]", c)), 0)
    subject = cells[first]
    return [(c, subject) for c in cells[first + 1:] if (len(c) >= 6 and re.search(r"[가-힣]", c)) or _DATE_CELL.match(c)]


_RUN_TOGETHER = re.compile(r"\s+[-–❍○ㅇ]\s+(?=[가-힣][가-힣 ]{0,8}\s*[:：])")
"""Where one field of a box starts after another in the same line (' - 위치 : …')."""
_DATE_CELL = re.compile(r"^\s*\d{1,2}\s*[.월]\s*\d{1,2}\s*[.일]?(\s*[~∼～-]\s*(\d{1,2}\s*[.월]\s*)?\d{1,2}\s*[.일]?)?\s*$")
"""A table cell that is only a date ('5.17.', '10.24.~10.25.'): short, but the date of its row."""


def _month_day(cell: str) -> str:
    """'5.17.' → '5월 17일', '10.24.~10.25.' → '10월 24일~10월 25일': a schedule's dates as said."""
    return re.sub(r"(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?", lambda m: f"{int(m.group(1))}월 {int(m.group(2))}일", cell.strip())


class TypedSpan:
    name = "typed_span"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        kind = frame.answer_type
        if kind not in TYPED + QUOTED:
            return []
        out: list[Candidate] = []
        seen: set[tuple[str, int]] = set()
        for rank, p in enumerate(got.passages):
            relevance = dict(p.lines)
            doc_ctx, doc_years = res.doc_context(p.doc_id), res.doc_years(p.doc_id)
            for n in sorted(p.chunk.line_ids):
                if (p.doc_id, n) in seen:
                    continue
                seen.add((p.doc_id, n))
                parents = res.line_context(p.doc_id, n)
                for text, subject in _pieces(res, p.doc_id, n):
                    cand = self._candidate(frame, kind, p, n, text, subject, parents, res, doc_ctx, doc_years)
                    if cand is not None:
                        bonus = RANK_BONUS[rank] if rank < len(RANK_BONUS) else 0.0
                        out.append(dataclasses.replace(cand, score=round(cand.score + bonus + W_RELEVANCE * relevance.get(n, 0.0), 6)))
        out.sort(key=lambda c: c.key)
        return out[:CANDIDATES]

    def _candidate(self, frame, kind, p, n, text, subject, parents, res, doc_ctx, doc_years) -> Candidate | None:
        if kind in TYPED:
            # a cell that is only a date, in a row about the item ('5.17.' of a 행사 일정 row), is its date
            found = Found(_month_day(text), "", DATE_CELL_STRENGTH) if kind == "date" and _DATE_CELL.match(text) \
                else find(text, kind) or (find(text, "org") if kind == "person" else None)  # '누가 운영해요?' → 수행 : ○○클럽
            if kind in ("place", "org", "person"):
                # "동부산 현장 지원센터는 어디에 생기나요?": the 지원센터 the line names is the subject asked
                # about, not where it is; look past it (in a copy: the line itself stays the evidence)
                asked, rest = squash(frame.text), text
                while found is not None and squash(found.text) in asked:
                    rest = rest.replace(found.text, " ", 1)
                    found = find(rest, kind)
            if found is None:
                return None
            span_text, strength = found.text, found.strength
        else:
            if len(text) < 6:
                return None
            span_text, strength = text, 0.5
        lines = statement_lines(res, p.doc_id, n)
        own = " ".join(x for x in (subject, text) if x)
        span = Span(kind, span_text, p.doc_id, lines, subject or text, " ".join((own, parents, p.chunk.section)),
                    years=years_in(text))
        b = bind_span(frame, span, doc_ctx, doc_years)
        if b.year_ok is False:
            return None
        own = b.own
        if kind in TYPED and found.field:
            # "□ 운영개요 / ㅇ (위치) 기장 체육관": the field is the place of what the heading above names
            own = max(own, FIELD_PARENT_OWN * coverage(frame.terms, parents))
        score = W_CONTEXT * b.context + W_OWN * own + W_STRENGTH * strength
        if frame.event_words and any(squash(w) in squash(text) for w in frame.event_words):
            score += EVENT_MATCH
        return Candidate(self.name, "span", round(score, 6), spans=(span,), binding=b,
                         features=(("context", b.context), ("strength", strength)), items=(subject or span_text[:30],))
