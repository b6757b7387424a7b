"""Scope: the reports an answer may come from, from the offices and report dates a question names
and the filters chosen in the app. Scope is a parameter of the pipeline, never hidden state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index import DocInfo
from assistant.qa.lexicon import OfficeMention
from assistant.qa.types import Frame, Scope
from assistant.qa.vocab.cues import FULL_YEAR, RELATIVE_YEAR, SPOKEN_YEAR, YEAR_BEFORE_NAMED
from ingest.dates import format_korean_date


@dataclass(frozen=True)
class Filters:
    """Restrictions chosen in the UI (reports or offices), on top of what the question says."""

    docs: frozenset[str] | None = None


def _year_of_report(doc: DocInfo) -> int | None:
    """The year a report speaks from: its own date, or (a report dated only by its figures, '22.9.20.
    기준) the latest as-of date of its figures."""
    if doc.report_date:
        return int(doc.report_date[:4])
    dated = [d for d in doc.as_of_dates if d and d[:4].isdigit()]
    return int(max(dated)[:4]) if dated else None


def matches_date(doc: DocInfo, ref: str, kind: str = "report") -> bool:
    """'2018년 10월 보고서' is the report dated 2018.10; '2023년 2월 기준' is data as of that month.
    A report without a date of its own is known by the as-of date of its figures."""
    if kind == "report" and doc.report_date:
        return doc.report_date.startswith(ref)
    if kind == "asof" and any(doc.as_of_dates):
        # a report of March with figures as of 1.31 is no answer to "3월 말 기준"
        return any(d.startswith(ref) for d in doc.as_of_dates if d)
    return any(d.startswith(ref) for d in [doc.report_date] + list(doc.as_of_dates) if d)


def _ref_label(ref: str) -> str:
    return format_korean_date(ref).rstrip(".") if ref else ref


def resolve_scope(frame: Frame, mentions: list[OfficeMention], docs: dict[str, DocInfo],
                  filters: Filters | None = None) -> Scope:
    unknown = [m.surface for m in mentions if not m.docs]
    known = [m for m in mentions if m.docs]
    if unknown and not known:
        return Scope(frozenset(), refusal=f"'{unknown[0]}'에 대한 보고서는 수집되어 있지 않습니다.")
    selected: set[str] | None = None
    if known:
        selected = set().union(*(m.docs for m in known))
    notes: list[str] = []
    refs = list(frame.report_refs)
    if refs:
        dated = {d for d, info in docs.items() if any(matches_date(info, r, "report") for r in refs)}
        narrowed = dated if selected is None else selected & dated
        if not narrowed:
            what = ", ".join(_ref_label(r) for r in refs)
            return Scope(frozenset(), refusal=f"{what} 보고서는 수집되어 있지 않습니다.")
        selected = narrowed
    if frame.asof_ref:
        dated = {d for d, info in docs.items() if matches_date(info, frame.asof_ref, "asof")}
        narrowed = dated if selected is None else selected & dated
        if narrowed:
            selected = narrowed
        else:
            notes.append(f"{_ref_label(frame.asof_ref)} 기준 자료가 없어 모든 기준일의 자료에서 찾았습니다.")
    if filters is not None and filters.docs is not None:
        selected = set(filters.docs) if selected is None else selected & set(filters.docs)
        if not selected:
            return Scope(frozenset(), refusal="질문한 보고서나 기관이 선택한 범위에 없습니다.")
    return Scope(frozenset(selected) if selected is not None else None, notes=tuple(notes))


_AFTER_CONSONANT = {"는": "은", "가": "이", "를": "을", "랑": "이랑", "와": "과", "로": "으로"}


def anchored_question(text: str, scope: Scope, docs: dict[str, DocInfo]) -> str | None:
    """The question with '올해', '작년' written as the years they are, counted from the year of the
    reports in scope when they share one (in a 2025 plan, 올해 is 2025 and 작년 2024); None when
    there is nothing to anchor or the reports are of different years."""
    if not SPOKEN_YEAR.search(text):
        return None
    ids = scope.docs if scope.docs is not None else docs.keys()
    years = {y for d in ids if d in docs and (y := _year_of_report(docs[d])) is not None}
    if len(years) != 1:
        return None
    now = years.pop()

    def year(m: re.Match) -> str:
        particle = m.group(2) or ""
        return f"{now + RELATIVE_YEAR[m.group(1)]}년{_AFTER_CONSONANT.get(particle, particle)}"

    return re.sub(SPOKEN_YEAR.pattern + r"(는|가|를|랑|와|로)?", year, text)


def year_before_named(text: str) -> str:
    """'2024년 결과가 그 전해보다' → '2024년 결과가 2023년보다': '그 전해' written as the year before the
    year named right before it; the text unchanged when it names no year before it."""
    def before(m: re.Match) -> str:
        named = FULL_YEAR.findall(text[:m.start()])
        return f"{int(named[-1]) - 1}년" if named else m.group(0)

    return YEAR_BEFORE_NAMED.sub(before, text)
