"""Measures: what a question asks for and what a table column (or a prose label) holds, through one
synonym table.

Reports name the same measure many ways (예산/예산액/예산현액/편성액, 집행액/지출액/원인행위액,
집행률/집행율 …); questions use yet other words ("얼마나 썼어요?", "책정된 돈"). Both sides are mapped
to the canonical names below, and the word actually written is kept so that a column that carries
the question's own word ("지출액") beats one that only carries a synonym ("집행액").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str  # money | rate | count | people | text
    ask: tuple[str, ...]  # words in a question that ask for it
    column: tuple[str, ...]  # words in a table header or prose label that name it (squashed)
    slot: str | None = None  # name of a compound-cell part ("28 (26)" → 정원, 현원)


# Order matters: the first measure whose column word matches a header wins, so rates come before
# the amounts their names contain ("집행률" before "집행").
MEASURES: tuple[Measure, ...] = (
    Measure("지출률", "rate", ("지출률", "지출율"), ("지출률", "지출율")),
    Measure("집행률", "rate", ("집행률", "집행율", "집행 비율", "집행비율", "소진율", "몇 %", "몇%", "퍼센트"),
            ("집행률", "집행율")),
    Measure("달성률", "rate", ("달성률", "달성율", "달성도"), ("달성률", "달성율")),
    Measure("비율", "rate", ("비율", "비중"), ("비율", "비중", "%")),
    Measure("과부족", "people", ("과부족", "부족", "결원", "모자라", "모자란", "모자랐", "빈자리"), ("과부족", "결원")),
    Measure("정원", "people", ("정원",), ("정원",), slot="정원"),
    Measure("현원", "people", ("현원", "현재 인원", "실제 인원", "근무 인원", "근무인원"), ("현원",), slot="현원"),
    Measure("여성", "people", ("여성", "여직원"), ("여성",), slot="여성"),
    Measure("잔액", "money", ("잔액", "남은 돈", "남은 예산", "잔여"), ("잔액",)),
    Measure("집행계획", "money", ("집행계획", "집행 계획"), ("집행계획",)),
    Measure("지출액", "money", ("지출액", "지출"), ("지출액", "지출")),
    Measure("집행액", "money", ("집행액", "집행", "원인행위", "썼", "쓴 돈", "쓴 금액", "사용액", "사용했", "사용한"),
            ("집행액", "원인행위액", "원인행위", "집행실적", "집행")),
    Measure("예산현액", "money",
            ("예산현액", "예산액", "편성액", "예산 규모", "예산규모", "사업비", "투자비", "소요예산", "예산", "편성된", "편성",
             "책정", "배정"),
            ("예산현액", "예산액", "예산", "편성액", "사업예산", "최종", "투자비", "사업비")),
    Measure("증감", "money", ("증감", "증감액", "늘었", "줄었", "늘어", "줄어", "늘린", "줄인", "증가", "감소", "변동",
                           "올랐", "상승", "하락", "떨어졌", "떨어진", "높아졌", "낮아졌"),
            ("증감", "증원", "감원", "증액", "감액", "증가", "감소")),
    Measure("목표", "count", ("목표", "추진목표", "목표치"), ("목표", "추진목표", "목표액")),
    Measure("실적", "count", ("실적", "추진실적", "성과"), ("실적", "추진실적")),
    Measure("사업수", "count", ("사업수", "사업 수"), ("사업수",), slot="사업수"),
    Measure("면적", "count", ("면적", "넓이"), ("면적", "연면적")),
    Measure("점수", "count", ("점수", "몇 점"), ("점수",)),
)
BY_NAME = {m.name: m for m in MEASURES}

# Measures that one another answers: a question for 지출액 is answered by an 집행액 column where the
# table has no 지출액, and a rate question by a rate column of another name.
SATISFIES: dict[str, tuple[str, ...]] = {
    "지출액": ("집행액",),
    "집행액": ("지출액",),
    "지출률": ("집행률",),
    "집행률": ("지출률", "비율"),
    "비율": ("집행률", "달성률", "지출률"),
    "예산현액": ("금액",),
}

RATE_ONLY_ASKS = ("몇 %", "몇%", "퍼센트")
"""Words that ask for some rate without naming it: after a named rate ('지출률이 몇 %') they confirm
it, and alone they ask the execution rate."""

PAREN_UNITS: dict[str, str] = {"인원": "명", "명": "명", "인": "명", "건수": "건", "건": "건", "개소": "개소", "횟수": "회", "회": "회"}
"""A column that names its parenthesized part ('주의 (인원)' over '11(7)'): the unit of that part, 7 people."""

TOTALS = {"예산현액", "집행액", "지출액", "잔액", "집행계획"}
"""Amounts a programme has in all (its budget, what it spent): a figure a report states per person, per
time or per month ('1회 10만원') is never one of them."""

PLANNED_AND_DONE: tuple[str, str] = ("목표", "실적")
"""A planned figure and what was done, side by side in one row ('목표(건) | 실적(건)'): a question that
names neither ('몇 건 했어요?') asks what was done, so the target is never its answer."""

STATED_AS_TEXT = {"목표", "실적"}
"""Measures a plan also states as sentences ('목표: 함께 키우고 모두가 행복한 …'): asked beside a plan
part with 뭐 and no counter ('목표랑 추진전략이 뭐예요?'), they ask that text, not a number."""

# Measures that are a relation between two others: 증감 = later − earlier, 과부족 = 정원 − 현원.
DERIVED = {"증감", "과부족"}

RELATED_PAIR: dict[str, tuple[str, str]] = {"과부족": ("정원", "현원")}
"""A derived measure asked as a comparison ('정원보다 몇 명 모자라요?') compares these two measures of
the same item."""


@dataclass(frozen=True)
class Asked:
    """One measure a question asks for, with the word it was asked by."""

    name: str
    word: str
    position: int


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def satisfies(requested: str, provided: str | None) -> bool:
    if provided is None:
        return False
    return requested == provided or provided in SATISFIES.get(requested, ())


def kind_of(measure: str | None) -> str | None:
    m = BY_NAME.get(measure or "")
    return m.kind if m else ("money" if measure == "금액" else None)


def measure_word_spans(question: str, noun_spans: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Where the question writes a measure word, kept or merged into another: none of it is item."""
    return [(a.position, a.position + len(a.word)) for a in _found(question, noun_spans)]


def _found(question: str, noun_spans) -> list[Asked]:
    found: list[Asked] = []
    taken: list[tuple[int, int]] = []
    words = sorted(((w, m.name) for m in MEASURES for w in m.ask), key=lambda x: (-len(x[0]), x[0]))
    for word, name in words:
        for match in re.finditer(re.escape(word), question):
            span = (match.start(), match.end())
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            if re.match(r"[가-힣]", word[-1]) and any(a == span[1] and not _particle_like(question[a:b])
                                                    for a, b in noun_spans):
                continue  # another noun glued right after it: the word starts a longer name
            taken.append(span)
            found.append(Asked(name, word, span[0]))
    found.sort(key=lambda a: a.position)
    return found


def measures_in_question(question: str, noun_spans: list[tuple[int, int]] = ()) -> list[Asked]:
    """Canonical measures a question asks for, in the order they appear.

    A word that only starts a longer compound name ('예산심의위원회', '집행계획서') is not a measure,
    and 예산 before an execution measure ('예산 집행률', '예산을 얼마나 썼어요') is its subject.
    `noun_spans` are Kiwi's noun tokens of the question, used to see where a word is glued to a name.
    """
    found = _found(question, noun_spans)
    # a measure word glued to the noun before it ("신속집행", "국정목표") is part of a name when another
    # measure follows it, or when nothing in the question asks for a number
    asks_number = bool(re.search(r"얼마|몇|%|퍼센트|규모|금액|비율|수치|가장|제일|최대|최소|순위", question))
    kept = [a for i, a in enumerate(found)
            if not (a.position > 0 and re.match(r"[가-힣]", question[a.position - 1])
                    and not _total_prefix(question, a.position)
                    and (any(b.position > a.position for b in found[i + 1:]) or not asks_number))]
    out: list[Asked] = []
    for a in kept:
        if a.name not in [o.name for o in out]:
            out.append(a)
    # Two measures in one clause with nothing joining them ask for one thing, named by the last:
    # "예산 집행률", "실적 비율", "얼마나 썼는지 소진율로". Joined ("정원하고 현원") or in separate
    # sentences, each is asked.
    merged: list[Asked] = []
    for a in out:
        if merged and not _joined(question[merged[-1].position + len(merged[-1].word):a.position]):
            if a.word in RATE_ONLY_ASKS and kind_of(merged[-1].name) == "rate":
                continue  # "지출률이 몇 %": the % says a rate is asked, the word before says which
            merged[-1] = a
        else:
            merged.append(a)
    return merged


def _total_prefix(question: str, position: int) -> bool:
    """'총사업비', '총예산': 총 before a measure word makes it the total of that measure, not a name."""
    return question[position - 1] == "총" and (position < 2 or not re.match(r"[가-힣]", question[position - 2]))


def _particle_like(noun: str) -> bool:
    """A one-syllable 'noun' right after a measure word is a misspelt particle ('목표은') or a suffix
    ('집행계획액'), not the rest of a longer name."""
    return len(noun) == 1


def _joined(between: str) -> bool:
    """Whether the text between two measure words joins them as two things asked; a clause ending in
    고/며 ('정원이 어떻게 되고 여성은 몇 명') ends the first ask."""
    return bool(re.search(r"(와|과|랑|이랑|하고|및|그리고|,|·|[?？.!]|또는|이나|대비|보다|중|[고며]\s)", between))


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


def label_measure(label: str) -> str | None:
    """A short label that names a measure ('정 원', '예산액', '추진실적') rather than an item."""
    t = squash(label)
    if not t or len(t) > 8:
        return None
    for m in MEASURES:
        if any(t == w or (t.endswith(w) and len(t) <= len(w) + 2) for w in m.column):
            return m.name
    return None


def measure_word_score(asked: Asked, header: str, provided: str | None) -> float | None:
    """How well a column (or label) answers an asked measure: its own word 1.0, the same canonical
    measure 0.85, a measure that satisfies it 0.7; None when it does not answer it at all."""
    if provided is None:
        return None
    if asked.word.replace(" ", "") in squash(header) and asked.name == provided:
        return 1.0
    if asked.name == provided:
        return 0.85
    if satisfies(asked.name, provided):
        return 0.7
    return None
