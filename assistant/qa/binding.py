"""Binding: how much of the question a piece of evidence carries — its item words (by its own label,
then by what it sits under), the measure asked, the unit the answer must have, and the year.

This is the one place where "the question's item and measure are bound to the number" is decided:
answerers score with it, and the verifier keeps only what it binds.
"""

from __future__ import annotations

from assistant.qa.cells import MONEY_UNITS
from assistant.qa.terms import codes, coverage, label_precision, missing_local, missing_strong, other_edition
from assistant.qa.types import Binding, Fact, Frame, Span
from assistant.qa.vocab.measures import DERIVED, MEASURES, kind_of, measure_word_score

MEASURE_COLUMN_WORDS = sorted({w for m in MEASURES for w in m.column if len(w) >= 2}, key=len, reverse=True)

MEASURE_IN_CONTEXT = 0.7  # a number in a line whose heading, not its own words, names the measure asked
LONG_PASSAGE_CHARS = 120  # a text longer than this holds numbers of many things: its words bind none of them

SCALE_PREFIXES = "천만백"  # a count printed in thousands or ten-thousands ('천명', '만건', '백만원' is money)
KNOWN_COUNTERS = frozenset({"개", "개소", "곳", "회", "건", "명", "일", "원", "%", "대", "종", "권", "편", "부", "팀",
                            "배", "세대", "가구", "석", "시간", "톤", "㎡", "km", "차례", "년", "월", "주"})
"""Units that are counters of their own; any other counter a question asks is a noun counted."""
COUNT_UNITS = {"개": ("개", "개소", "개교", "개국", "개사", "곳", "종"), "곳": ("곳", "개소", "개"), "회": ("회", "차례"),
               "건": ("건",), "명": ("명",), "일": ("일",)}


def without_measure_words(label: str) -> str:
    """A label without the words that name its measure ('청년창업 지원 예산현액' → '청년창업 지원'):
    what is left names the item, and precision is how much of it the question names."""
    out = label
    for word in MEASURE_COLUMN_WORDS:
        out = out.replace(word, " ")
    return out if out.strip() else label


def unit_ok(counter: str | None, fact: Fact) -> bool:
    """Whether a fact's unit is the one the question's counter asks for ('몇 명' → 명)."""
    if counter is None:
        return True
    unit, kind = fact.unit, kind_of(fact.measure)
    if counter == "원":
        return unit in MONEY_UNITS or (unit is None and kind == "money")
    if counter == "%":
        return unit == "%" or kind == "rate"
    if unit and unit[0] in SCALE_PREFIXES and len(unit) > 1:
        unit = unit[1:]  # '780천명' answers '몇 명' in thousands, as '5만건' answers '몇 건'
    if counter == "명":
        return unit == "명" or (unit is None and kind == "people")
    # a noun counted ('병상') is written as its own counter ('50병상') or counted in 개 ('병상 50개')
    allowed = COUNT_UNITS.get(counter, (counter, "개") if counter not in KNOWN_COUNTERS else (counter,))
    return unit in allowed


def measure_score(frame: Frame, fact: Fact) -> float | None:
    """1.0 when nothing is asked; the best fit over the asked measures; None when it gives none."""
    if not frame.measures:
        return 1.0
    best = None
    for i, asked in enumerate(frame.measures):
        if asked.name in DERIVED and fact.measure != asked.name:
            continue
        if asked.name not in DERIVED and not _unit_of_kind(kind_of(asked.name), fact.unit):
            continue  # '총사업비가 가장 큰 곳' is never read off a ㎡ column
        s = measure_word_score(asked, fact.header + " " + fact.label, fact.measure)
        if s is None and _measure_in_heading(frame, fact, asked.word):
            s = MEASURE_IN_CONTEXT  # '375건' in a line under '추진실적': the section names the measure
        if s is not None:
            s -= 0.05 * i
            best = s if best is None else max(best, s)
    return best


KIND_UNITS = {"money": MONEY_UNITS, "rate": ("%",), "people": ("명",)}


def _unit_of_kind(kind: str | None, unit: str | None) -> bool:
    """Whether a figure's unit can be the asked measure's: an amount in 원, a rate in %, people in 명
    (a figure without a unit may be any)."""
    return unit is None or kind not in KIND_UNITS or unit in KIND_UNITS[kind]


def _measure_in_heading(frame: Frame, fact: Fact, word: str) -> bool:
    """A number of the counter asked ('몇 건'), alone in a short line under a heading that names the
    measure, or a cell without a measure of its own in a table whose caption names it: the heading (or
    caption) is its label's measure. Without a counter, or in a long passage, nothing
    ties the number to the measure."""
    if fact.kind == "cell":
        # '자료수집 및 이용실적 (단위:건)' over columns that name only things (전자책, 방문대출): the
        # caption names the measure of every cell without one of its own
        return (fact.measure is None and frame.counter is not None and fact.table is not None
                and word in fact.table.title.replace(" ", ""))
    return (fact.kind == "prose" and fact.measure is None and frame.counter is not None
            and len(fact.stated) <= LONG_PASSAGE_CHARS and word in fact.context.replace(" ", ""))


def year_ok(frame: Frame, years: frozenset[int], context_years: frozenset[int]) -> bool | None:
    """A year asked must be the year of the value: its own (column, clause), else of what it sits
    under (caption, section, report)."""
    if not frame.years:
        return None
    asked = set(frame.years)
    if years:
        return bool(asked & years)
    if context_years:
        return bool(asked & context_years)
    return None


def bind_fact(frame: Frame, fact: Fact, doc_context: str, doc_years: frozenset[int]) -> Binding:
    full = " ".join((fact.label, fact.context, doc_context))
    context_years = fact.context_years or doc_years
    return Binding(
        own=coverage(frame.terms, fact.label),
        context=coverage(frame.terms, full, required=True),
        precision=label_precision(frame.terms, without_measure_words(fact.label), codes(frame.text)),
        missing_strong=missing_strong(frame.terms, full) + other_edition(frame.terms, fact.label + " " + fact.context),
        missing_local=missing_local(frame.terms, fact.near or fact.label, fact.stated or fact.label),
        measure=measure_score(frame, fact),
        unit_ok=unit_ok(frame.counter, fact),
        year_ok=year_ok(frame, fact.years, context_years),
    )


def bind_span(frame: Frame, span: Span, doc_context: str, doc_years: frozenset[int]) -> Binding:
    full = " ".join((span.label, span.context, doc_context))
    return Binding(
        own=coverage(frame.terms, span.label),
        context=coverage(frame.terms, full, required=True),
        precision=label_precision(frame.terms, span.label),
        missing_strong=missing_strong(frame.terms, full) + other_edition(frame.terms, span.label + " " + span.context),
        measure=1.0,
        unit_ok=True,
        year_ok=year_ok(frame, span.years, doc_years),
    )
