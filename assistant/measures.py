"""What a question asks for (the measure) and what a table column holds, through one synonym table.

Reports name the same measure many ways (예산/예산액/예산현액/편성액, 집행액/지출액/원인행위액,
집행률/집행율 …); questions use yet other words ("얼마나 썼어요?"). Both sides are mapped to the
canonical names below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str  # money | rate | count | people | text
    ask: tuple[str, ...]  # words in a question that ask for it
    column: tuple[str, ...]  # words in a table header that name it (squashed, no spaces)
    slot: str | None = None  # name of a compound-cell part ("28 (26)" → 정원, 현원)


# Order matters: the first measure whose column word matches a header wins, so rates come before
# the amounts their names contain ("집행률" before "집행").
MEASURES: tuple[Measure, ...] = (
    Measure("지출률", "rate", ("지출률", "지출율"), ("지출률", "지출율")),
    Measure("집행률", "rate", ("집행률", "집행율", "집행 비율", "집행비율", "소진율", "몇 %", "몇%", "퍼센트"),
            ("집행률", "집행율")),
    Measure("달성률", "rate", ("달성률", "달성율", "달성도"), ("달성률", "달성율")),
    Measure("비율", "rate", ("비율", "비중", "%"), ("비율", "%")),
    Measure("과부족", "people", ("과부족", "부족", "결원", "모자라", "빈자리", "충원"), ("과부족",)),
    Measure("정원", "people", ("정원",), ("정원",), slot="정원"),
    Measure("현원", "people", ("현원", "현재 인원", "실제 인원", "근무 인원"), ("현원",), slot="현원"),
    Measure("여성", "people", ("여성", "여직원", "여성공무원"), ("여성",), slot="여성"),
    Measure("잔액", "money", ("잔액", "남은", "잔여", "남아"), ("잔액",)),
    Measure("집행계획", "money", ("집행계획", "집행 계획", "분기별", "분기"), ("집행계획",)),
    Measure("지출액", "money", ("지출액", "지출"), ("지출액",)),
    Measure("집행액", "money", ("집행액", "집행", "원인행위", "썼", "쓴", "사용액", "사용했", "집행됐"),
            ("집행액", "원인행위액", "원인행위", "집행실적", "집행")),
    Measure("예산현액", "money", ("예산현액", "예산액", "편성액", "예산 규모", "예산규모", "사업비", "소요예산", "예산"),
            ("예산현액", "예산액", "예산", "편성액", "사업예산", "최종", "투자비")),
    Measure("증감", "money", ("증감", "증가", "감소", "늘었", "줄었", "늘어", "줄어", "변동", "차이"), ("증감",)),
    Measure("목표", "count", ("목표", "추진목표", "목표치"), ("목표", "추진목표", "목표액")),
    Measure("실적", "count", ("실적", "추진실적", "성과"), ("실적", "추진실적")),
    Measure("사업수", "count", ("사업수", "사업 수", "몇 개 사업"), ("사업수",), slot="사업수"),
    Measure("건수", "count", ("건수", "몇 건", "몇건", "접수"), ("건수", "접수건수", "재결건수")),
    Measure("횟수", "count", ("횟수", "몇 번", "몇번", "몇 회", "몇회"), ("횟수",)),
    Measure("면적", "count", ("면적", "넓이", "넓은", "좁은"), ("면적",)),
    Measure("기간", "text", ("기간", "시기", "일정"), ("추진시기", "기간", "일시")),
)
BY_NAME = {m.name: m for m in MEASURES}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _inside_name(question: str, start: int, end: int, noun_spans: list[tuple[int, int]]) -> bool:
    """'예산' in '예산정책연구위원회' starts a longer name; '운영예산' ends with the measure, so it counts."""
    for a, b in noun_spans:
        if a == end:  # another noun glued right after the word
            return True
    return False


def measures_in_question(question: str) -> list[str]:
    """Canonical measures a question asks for, in the order they appear.

    A word that only starts a longer compound name ('예산정책연구위원회', '집행계획서') is not a measure,
    and 예산 next to an execution measure ('예산 집행률') is the subject, not what is asked.
    """
    from ingest.korean import kiwi

    noun_spans = [(t.start, t.start + t.len) for t in kiwi().tokenize(question) if t.tag.startswith(("NNG", "NNP"))]
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    q = question
    # longest words first so that "예산현액" is not also read as "예산"
    words = sorted(((w, m.name) for m in MEASURES for w in m.ask), key=lambda x: -len(x[0]))
    for word, name in words:
        for match in re.finditer(re.escape(word), q):
            span = (match.start(), match.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            if re.match(r"[가-힣]", word[-1]) and _inside_name(q, span[0], span[1], noun_spans):
                continue
            taken.append(span)
            found.append((span[0], name))
    found.sort()
    # a measure word glued to the noun before it ("신속집행", "운영예산") is part of a name when
    # another measure follows it in the question
    glued = {pos for pos, _ in found if pos > 0 and re.match(r"[가-힣]", q[pos - 1] or "")}
    kept = [(pos, name) for i, (pos, name) in enumerate(found)
            if not (pos in glued and any(p2 > pos for p2, _ in found[i + 1:]))]
    out: list[str] = []
    for _, name in kept:
        if name not in out:
            out.append(name)
    # "예산 집행률", "예산은 얼마나 집행됐어요": 예산 is the subject, the execution measure is asked
    execution = ("집행액", "집행률", "잔액", "집행계획", "지출액", "지출률")
    budget_pos = [pos for pos, name in kept if name == "예산현액"]
    if budget_pos and any(name in execution and pos > budget_pos[0] for pos, name in kept):
        out.remove("예산현액")
    return out


def column_measure(path: list[str]) -> str | None:
    """The measure a header path names, e.g. ['2021년 예산', '원인행위액'] → 집행액."""
    # "2021년(사업수)": the parenthesis names the second number of the cell, not the first
    path = [re.sub(r"\([^()]*\)\s*$", "", p).strip() or p for p in path]
    leaf = squash(path[-1]) if path else ""
    whole = squash(" ".join(path))
    for text in (leaf, whole):
        if not text:
            continue
        for m in MEASURES:
            if any(word in text for word in m.column):
                return m.name
    return None


def measure_words() -> set[str]:
    return {w for m in MEASURES for w in m.ask}


# Measures a question implies only through its question word ("몇 건", "몇 번"): they guide the
# choice among cells but never rule a cell out.
SOFT_MEASURES = ("건수", "횟수")


def row_label_measure(label: str) -> str | None:
    """A row that names a measure ('정 원', '연 면 적', '예산액') rather than an item."""
    t = squash(label)
    if len(t) > 8:
        return None
    for m in MEASURES:
        if any(t == w or (t.endswith(w) and len(t) <= len(w) + 2) for w in m.column):
            return m.name
    return None
