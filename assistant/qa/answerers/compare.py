"""Comparisons: two figures found and verified each on its own — two reports, two years, two
measures of one item (목표 대비 실적), or two items — and their difference (and change in %)."""

from __future__ import annotations

import dataclasses
import re

from assistant.qa.cells import years_in
from assistant.qa.frame import analyze, date_alternatives
from assistant.qa.binding import without_measure_words
from assistant.qa.resources import Resources
from assistant.qa.terms import distribute_head, squash
from assistant.qa.types import Binding, Candidate, Fact, Frame, Retrieved, Scope
from assistant.qa.vocab.measures import DERIVED, RELATED_PAIR, Asked, label_measure, measures_in_question
from assistant.qa.vocab.words import GENERIC_NOUNS
from ingest.dates import format_korean_date


def _side_frame(frame: Frame) -> Frame:
    """One side of a comparison asks the figure itself: the change ('줄었', '증감') is what the
    comparison computes."""
    return dataclasses.replace(frame, op=None, parts=(), percent_change=False,
                               measures=tuple(m for m in frame.measures if m.name not in DERIVED))


def _sides(frame: Frame, scope: Scope, ask) -> list[tuple[str, Frame, Scope]]:
    base = _side_frame(frame)
    if len(frame.report_refs) >= 2:
        out = []
        for ref in frame.report_refs[:2]:
            sub = dataclasses.replace(base, report_refs=(ref,))
            out.append((f"{format_korean_date(ref).rstrip('.')} 보고서", sub, ask.scope(sub)))
        return out
    dates = date_alternatives(frame.text)
    if len(dates) == 2:
        # "1월말이랑 3월말 기준": each side the figure as of its date (its report, or its as-of scope)
        out = []
        for label, question in dates:
            at = analyze(question)
            sub = dataclasses.replace(base, asof_ref=at.asof_ref, report_refs=at.report_refs)
            out.append((label, sub, ask.scope(sub)))
        return out
    if len(frame.offices) >= 2:
        out = []
        for office in frame.offices[:2]:
            sub = dataclasses.replace(base, offices=(office,))
            out.append((office, sub, ask.scope(sub)))
        return out
    if len(frame.years) >= 2:
        return [(f"{y}년", dataclasses.replace(base, years=(y,)), scope) for y in frame.years[:2]]
    items = [p for p in frame.parts if not _names_a_measure(p) and not _YEAR_ONLY.match(p)]
    if len(items) >= 2:
        shared = tuple(t for t in frame.terms if not any(t.text in p for p in items[:2]))
        sides = []
        own_terms = distribute_head([ask.terms(p) for p in items[:2]])
        for i, p in enumerate(items[:2]):
            other = items[1 - i]
            # the words that tell this side from the other must be in its evidence
            own = tuple(dataclasses.replace(t, local=t.text not in other and t.text not in GENERIC_NOUNS)
                        for t in own_terms[i])
            theirs = tuple(dataclasses.replace(t, weight=0.0, local=True, foreign=True) for t in own_terms[1 - i]
                           if t.text not in p and t.text not in GENERIC_NOUNS and t not in own_terms[i])
            sides.append((p, dataclasses.replace(base, terms=own + shared + theirs, phrase=p), scope))
        return sides
    measures = _measure_pair(frame)
    if measures:
        return [(m.word, dataclasses.replace(base, measures=(m,)), scope) for m in measures]
    return []


_YEAR_ONLY = re.compile(r"^\s*(?:(?:19|20)\d{2}|['’′]\d{2})\s*년?\s*(?:도)?\s*$")


def _same_item_other_year(res: Resources, first: Fact, year: int | None) -> Fact | None:
    """The figure of the same item and measure for another year, from the same table: the same row
    under another year's column ('2024년 점수' beside '2023년 점수'), or the same column in the row of
    that year. With `year` None, the latest other year the row has."""
    if first.row is None or first.table is None or first.cell is None:
        return None
    mine = [w for w in first.cell.col_path if not years_in(w)]
    best, best_key = None, None
    for fact in res.cells.row_facts(first.table, first.row):
        if fact.value is None or fact.key == first.key or fact.measure != first.measure or fact.cell is None:
            continue
        ys = fact.years - first.years
        if not ys or (year is not None and year not in ys) or fact.part != first.part:
            continue
        rest = [w for w in fact.cell.col_path if not years_in(w)]
        if rest != mine:
            continue  # '2024년 등급' is not '2023년 점수' of another year
        key = (-max(ys), fact.cell.col)
        if best_key is None or key < best_key:
            best, best_key = fact, key
    if best is not None or year is None:
        return best
    mine_row = [w for w in first.row.label_path if not years_in(w)]
    for row in first.table.rows:
        if row is first.row or year not in years_in(" ".join(row.label_path)):
            continue
        if [w for w in row.label_path if not years_in(w)] != mine_row:
            continue
        for fact in res.cells.row_facts(first.table, row):
            if fact.cell is not None and fact.cell.col == first.cell.col and fact.part == first.part \
                    and fact.value is not None:
                return fact
    return None


def _names_a_measure(part: str) -> bool:
    """'정원' in '… 정원보다 몇 명 모자라요?' is a measure, not a second item."""
    if label_measure(part) is not None:
        return True
    rest = part
    for asked in measures_in_question(part):
        rest = rest.replace(asked.word, " ")
    return rest != part and not rest.strip()


def _measure_pair(frame: Frame) -> tuple[Asked, ...]:
    """The two measures of one item a question compares: named both ('목표 대비 실적'), or one named
    with the relation between them ('정원보다 … 모자라' → 정원, 현원)."""
    named = [m for m in frame.measures if m.name not in RELATED_PAIR and m.name not in DERIVED]
    for m in frame.measures:
        if m.name in RELATED_PAIR:
            pair = RELATED_PAIR[m.name]
            named += [Asked(name, name, m.position) for name in pair if name not in {x.name for x in named}]
    return tuple(named[:2]) if len(named) >= 2 else ()


def _same_place(res: Resources, first: Fact, asked: Asked) -> Fact | None:
    """The other measure of the same item: another part of the same cell ('115 (103)'), else the
    cell of the same row whose column path differs from the first one's the least."""
    if first.row is None or first.table is None or first.cell is None:
        return None
    mine = set(first.cell.col_path)
    best, best_key = None, None
    for fact in res.cells.row_facts(first.table, first.row):
        if fact.measure != asked.name or fact.value is None or fact.key == first.key:
            continue
        same_cell = fact.cell is not None and fact.cell.col == first.cell.col
        shared = len(mine & set(fact.cell.col_path)) if fact.cell is not None else 0
        key = (not same_cell, -shared, abs(fact.cell.col - first.cell.col) if fact.cell else 0)
        if best_key is None or key < best_key:
            best, best_key = fact, key
    if best is None:
        # a table whose rows are the measures ('정원' row, '현원' row): the same column of another row
        for row in first.table.rows:
            if row is first.row:
                continue
            for fact in res.cells.row_facts(first.table, row):
                if fact.measure == asked.name and fact.value is not None and fact.cell is not None \
                        and fact.cell.col == first.cell.col and fact.part == first.part:
                    return fact
    return best


def _same_item(res: Resources, a: Fact, b: Fact) -> bool:
    """Two figures of one item: the same line; two sibling lines of one list, each of its own year
    ('2021년도 22회 …' and '2022년도 11회 …'); or labels that differ only by their years."""
    if a.doc_id == b.doc_id and a.line == b.line:
        return True
    if a.kind == b.kind == "prose" and a.doc_id == b.doc_id and a.unit == b.unit and a.years and b.years \
            and a.years != b.years:
        tree = res.trees.of(a.doc_id)
        if tree.parent[a.line] and tree.parent[a.line] == tree.parent[b.line]:
            return True
    def bare(f: Fact) -> str:
        # squashed first: a letter-spaced measure word ('예 산 액') is still a measure word
        return squash(re.sub(r"(?:19|20)\d{2}\s*년?|['’′]\d{2}\s*년?", " ", without_measure_words(squash(f.label))))
    return a.measure == b.measure and bool(bare(a)) and bare(a) == bare(b)


class Compare:
    name = "compare"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.op != "diff" or frame.answer_type != "number" or ask is None:
            return []
        sides = _sides(frame, scope, ask)
        implicit = False
        if not sides and len(frame.years) == 1:
            # "2023년보다 얼마나 올랐어요?": the year named against the latest one beside it
            y = frame.years[0]
            sides = [(f"{y}년", _side_frame(frame), scope), ("", None, scope)]
            implicit = True
        if len(sides) != 2:
            return []
        facts: list[Fact] = []
        one_item = not implicit and [sub.measures for _, sub, _ in sides] == [(m,) for m in _measure_pair(frame)]
        by_year = implicit or (len(frame.years) >= 2 and not frame.report_refs and len(frame.offices) < 2)
        for i, (_, sub, sub_scope) in enumerate(sides):
            if sub_scope.refusal:
                return []
            if i == 1 and by_year:
                # two years of one item: the second is the same row's (or column's) other year
                other = _same_item_other_year(res, facts[0], None if implicit else sub.years[0])
                if other is None:
                    if implicit:
                        return []
                    decision = ask.ask(sub, sub_scope)
                    if not decision.chosen or not _same_item(res, facts[0], decision.chosen[0].facts[0]):
                        return []
                    other = decision.chosen[0].facts[0]
                facts.append(other)
                continue
            if i == 1 and one_item:
                # two measures of one item: the second is bound to the first one's row
                other = _same_place(res, facts[0], sub.measures[0])
                if other is None:
                    decision = ask.ask(sub, sub_scope)
                    same_line = decision.chosen and decision.chosen[0].facts[0].doc_id == facts[0].doc_id and \
                        decision.chosen[0].facts[0].line == facts[0].line
                    if not same_line:
                        return []
                    other = decision.chosen[0].facts[0]
                facts.append(other)
                continue
            decision = ask.ask(sub, sub_scope)
            if not decision.chosen:
                return []
            facts.append(decision.chosen[0].facts[0])
        a, b = facts
        if implicit:
            a, b = sorted(facts, key=lambda f: min(f.years) if f.years else 0)
            sides = [(f"{min(a.years)}년" if a.years else "", None, scope), (f"{min(b.years)}년" if b.years else "", None, scope)]
        elif by_year and frame.years[0] > frame.years[1]:
            a, b, sides = b, a, [sides[1], sides[0]]  # "2025년은 2024년보다": told in time order, the change from the earlier
        if a.key == b.key and a.printed == b.printed and a.value == b.value:
            return []  # one figure cannot be both sides (two numbers of one line share a key)
        if a.value is None or b.value is None or (a.unit and b.unit and a.unit != b.unit):
            return []
        unit = a.unit or b.unit
        diff_unit = "%p" if unit == "%" else unit
        computed = [("차이", abs(a.value - b.value), diff_unit)]
        if frame.percent_change and a.value:
            computed.append(("증감률", (b.value - a.value) / abs(a.value) * 100, "%"))
        binding = Binding(1.0, 1.0, 1.0, (), 1.0, True, None)
        return [Candidate(self.name, "compare", 1.0, facts=(a, b), computed=tuple(computed), binding=binding,
                          items=tuple(label for label, _, _ in sides))]
