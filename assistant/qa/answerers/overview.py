"""Overview: the sections directly under the heading a question names ('주요업무', '주요 기능', an
area of work), from the report's own outline."""

from __future__ import annotations

import re

from assistant.qa.answerers.lists import is_outline
from assistant.qa.binding import bind_span
from assistant.qa.korean_text import clean_line
from assistant.qa.resources import Resources
from assistant.qa.terms import squash
from assistant.qa.types import Candidate, Frame, Retrieved, Scope, Span
from assistant.qa.vocab.cues import OVERVIEW

_NUMBERING = re.compile(r"^([①-⑳]|\d{1,2}\.?|[IVXⅠ-Ⅻ]+\.)\s*")


def child_headings(outline: list[tuple[int, int, str]], i: int) -> list[tuple[int, int, str]]:
    """The headings one level below outline[i], up to its next sibling, without the repeats of a
    table of contents that lists them first."""
    _, level, _ = outline[i]
    below = []
    for h in outline[i + 1:]:
        if h[1] <= level:
            break
        below.append(h)
    if not below:
        return []
    top = min(h[1] for h in below)
    out, seen = [], set()
    for h in below:
        key = squash(_NUMBERING.sub("", h[2]))
        if h[1] == top and key not in seen:
            seen.add(key)
            out.append(h)
    return out


class Overview:
    name = "overview"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.answer_type not in ("overview", "list"):
            return []
        docs = sorted(scope.docs) if scope.docs is not None else sorted(res.index.docs)
        cue = OVERVIEW.search(frame.text)
        cue_text = cue.group(0) if cue else ""
        out = []
        for doc_id in docs:
            outline = res.index.docs[doc_id].outline
            doc_ctx, doc_years = res.doc_context(doc_id), res.doc_years(doc_id)
            tree = res.trees.of(doc_id)
            for i, (line, level, title) in enumerate(outline):
                kids = [(k[0], k[2]) for k in child_headings(outline, i)]
                if len(kids) < 2:
                    # "1 주요 기능" whose items are plain lines, not headings
                    kids = [(m, clean_line(res.index.line(doc_id, m))) for m in tree.children(line)
                            if "\t" not in res.index.line(doc_id, m)]
                if len(kids) < 2:
                    continue
                cue_cov = 1.0 if cue_text and squash(cue_text) in squash(title) else 0.0
                items = tuple(_NUMBERING.sub("", t).strip() for _, t in kids)
                if frame.answer_type == "list" and is_outline(res, doc_id, list(items)):
                    continue  # "어떤 기관들이 …": a project's 사업개요·추진상황·향후계획 are no list of things
                span = Span("overview", "", doc_id, (line, *[k[0] for k in kids]), title, title, items=items)
                b = bind_span(frame, span, doc_ctx, doc_years)
                score = 0.5 * b.context + 0.3 * cue_cov + 0.05 * (5 - level)
                out.append(Candidate(self.name, "overview", round(score, 6), spans=(span,), binding=b,
                                     features=(("context", b.context), ("cue", cue_cov)), items=items))
        out.sort(key=lambda c: c.key)
        return out[:10]
