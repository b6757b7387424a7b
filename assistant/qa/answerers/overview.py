"""Overview: the sections directly under the heading a question names ('주요업무', '주요 기능', an
area of work), from the report's own outline."""

from __future__ import annotations

import dataclasses

import re

from assistant.qa.answerers.lists import is_outline
from assistant.qa.binding import bind_span
from assistant.qa.cells import years_in
from assistant.qa.korean_text import clean_line
from assistant.qa.resources import Resources
from assistant.qa.terms import squash
from assistant.qa.types import Candidate, Frame, Retrieved, Scope, Span
from assistant.qa.vocab.cues import OVERVIEW, PLAN_PART, PLAN_SECTION, REPORT_ITSELF
from ingest.structure import squash_spaced

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


# How well a heading answers a summary whose words name no heading of the report: a heading that holds
# the plan ('Ⅴ. 2025년 주요업무 계획') a little less than one the question names, and the report's own
# top-level outline, when the report itself is asked ('보고서에는 무슨 내용이 있어?'), between the two.
PLAN_COVER = 0.6
REPORT_COVER = 0.8
_LEADERS = re.compile(r"\s*[·.…‧ㆍ∙]{3,}.*$|\s+\d{1,3}$")  # a table of contents' dot leaders and page numbers
MAX_NESTED = 8  # items shown under one entry of a thin outline
THIN_OUTLINE = 4  # a heading asked by name with this few entries is shown with the items under each
NAMED_HEADING = 0.6  # the share of the question's item words a heading's title holds (or of its words the question holds) to be the one asked


def _title(text: str) -> str:
    return _LEADERS.sub("", _NUMBERING.sub("", text)).strip()


def _diagram_fragment(text: str) -> bool:
    """A few spaced-out syllables of a diagram's box ('시 정 의', '안 정 적'): no entry of an outline."""
    joined = squash_spaced(text.strip())
    return joined != text.strip() and len(joined) <= 5


class Overview:
    name = "overview"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.answer_type not in ("overview", "list"):
            return []
        docs = sorted(scope.docs) if scope.docs is not None else sorted(res.index.docs)
        cues_asked = [squash(m.group(0)) for p in (OVERVIEW, PLAN_PART) for m in p.finditer(frame.text)]
        whole = frame.answer_type == "overview" and bool(REPORT_ITSELF.search(frame.text))
        out = []
        for doc_id in docs:
            outline = res.index.docs[doc_id].outline
            doc_ctx, doc_years = res.doc_context(doc_id), res.doc_years(doc_id)
            named = any(c and c in squash(t) for _, _, t in outline for c in cues_asked)
            if whole and not named:  # a heading the question names is the outline wanted
                report = self._report_outline(frame, res, doc_id, outline)
                if report is not None:
                    out.append(report)
            for i, (line, level, title) in enumerate(outline):
                kids = self._kids(res, doc_id, outline, i)
                if len(kids) < 2:
                    continue
                if any(c and c in squash(title) for c in cues_asked):
                    cue_cov = 1.0
                elif not named and frame.answer_type == "overview" and PLAN_SECTION.search(title):
                    cue_cov = PLAN_COVER
                else:
                    cue_cov = 0.0
                items = tuple(_NUMBERING.sub("", t).strip() for _, t in kids)
                if frame.answer_type == "list" and is_outline(res, doc_id, list(items)):
                    continue  # "어떤 기관들이 …": a project's 사업개요·추진상황·향후계획 are no list of things
                span = Span("overview", "", doc_id, (line, *[k[0] for k in kids]), title, title, items=items,
                            years=frozenset(years_in(title)))
                b = bind_span(frame, span, doc_ctx, doc_years)
                if frame.answer_type == "overview" and (len(kids) == 2 or (
                        len(kids) <= THIN_OUTLINE and frame.terms and max(b.own, b.precision) >= NAMED_HEADING)):
                    # "비전 › 정책목표 › …"; a project asked by its name ("'○○' 항목은 무슨 내용"), whose
                    # 추진개요 · 추진실적 · 추진일정 say little without what is under them
                    items = tuple(self._nested(res, doc_id, outline, n, t) for n, t in kids)
                    span = dataclasses.replace(span, items=items)
                score = 0.5 * b.context + 0.3 * cue_cov + 0.05 * (5 - level)
                out.append(Candidate(self.name, "overview", round(score, 6), spans=(span,), binding=b,
                                     features=(("context", b.context), ("cue", cue_cov)), items=items))
        out.sort(key=lambda c: c.key)
        return out[:10]

    @staticmethod
    def _plain_children(res: Resources, doc_id: str, line: int) -> list[tuple[int, str]]:
        """The lines under a line in the section tree, without table rows and empty lines."""
        out = []
        for m in res.trees.of(doc_id).children(line):
            raw = res.index.line(doc_id, m)
            if "\t" not in raw and clean_line(raw):
                out.append((m, clean_line(raw)))
        return out

    def _kids(self, res: Resources, doc_id: str, outline, i: int) -> list[tuple[int, str]]:
        kids = [(k[0], k[2]) for k in child_headings(outline, i)]
        if len(kids) < 2:
            kids = self._plain_children(res, doc_id, outline[i][0])  # "1 주요 기능" whose items are plain lines
        return kids

    def _nested(self, res: Resources, doc_id: str, outline, line: int, title: str) -> str:
        """An entry with the items under it, when there are some ('Ⅱ. 주요 업무: 민생 …, 시정 …')."""
        at = next((j for j, h in enumerate(outline) if h[0] == line), None)
        kids = self._plain_children(res, doc_id, line) if at is None else self._kids(res, doc_id, outline, at)
        subs = [t for _, t in kids]
        subs = [_title(t) for t in subs if _title(t) and not _diagram_fragment(t)][:MAX_NESTED]
        head = _title(title)
        return f"{head}: {', '.join(subs)}" if len(subs) >= 2 else head

    def _report_outline(self, frame: Frame, res: Resources, doc_id: str, outline) -> Candidate | None:
        """The report's top-level parts, each with the parts under it."""
        if not outline:
            return None
        top = min(h[1] for h in outline)
        seen, parts = set(), []
        for j, (line, level, title) in enumerate(outline):
            key = squash(_title(title))
            if level == top and key and key not in seen:
                seen.add(key)
                parts.append((j, line, title))
        # a table of contents lists the parts before the body does: the body's headings hold the parts
        parts = [(j, line, title) for j, line, title in parts
                 if not _LEADERS.search(title) or len(child_headings(outline, j)) > 0]
        if len(parts) < 2:
            return None
        items = tuple(self._nested(res, doc_id, outline, line, title) for _, line, title in parts)
        first = parts[0][1]
        label = res.index.docs[doc_id].title
        span = Span("overview", "", doc_id, (first, *[p[1] for p in parts[1:]]), label, label, items=items)
        b = bind_span(frame, span, res.doc_context(doc_id), res.doc_years(doc_id))
        score = 0.5 * b.context + 0.3 * REPORT_COVER + 0.05 * (5 - top)
        return Candidate(self.name, "overview", round(score, 6), spans=(span,), binding=b,
                         features=(("context", b.context), ("cue", REPORT_COVER)), items=items)
