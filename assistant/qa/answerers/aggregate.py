"""Aggregates over the rows of one table (max, min, sum, average of the measure asked), over the
columns of a one-row table whose items are its columns, and sums of figures named in the question
('A·B·C를 다 합치면'), each addend found and verified as a figure of its own."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from assistant.qa.answerers.prose_number import prose_facts
from assistant.qa.binding import measure_score, unit_ok, year_ok
from assistant.qa.cells import common_suffix, squash, years_in
from assistant.qa.korean_text import clean_line, inline_items, line_head
from assistant.qa.prose import numbers_in
from assistant.qa.resources import Resources
from assistant.qa.terms import coverage, distribute_head, missing_strong
from assistant.qa.types import Binding, Candidate, Fact, Frame, Retrieved, Scope
from ingest.tables import SUBTOTAL_LABELS, TOTAL_LABELS

MAX_TABLES = 12  # tables (from the candidate rows, best first) an aggregate is tried over
LINES_PENALTY = 0.05  # sibling lines read as rows: a table that ranks the same items is read first
_LEADING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:년|\.)")
INLINE_WRAPS = 2  # lines below one that go on with its series ('→ 3단계(…)')


def _shortfall(facts: list[Fact]) -> Fact | None:
    """정원 − 현원 of a row, from the first cell that gives both (its 합계): a derived figure."""
    by_cell: dict[int, dict[str, Fact]] = {}
    for f in facts:
        if f.cell is not None and f.value is not None and f.measure in ("정원", "현원"):
            by_cell.setdefault(f.cell.col, {})[f.measure] = f
    for col in sorted(by_cell):
        pair = by_cell[col]
        if "정원" in pair and "현원" in pair:
            gap = pair["정원"].value - pair["현원"].value
            return dataclasses.replace(pair["정원"], value=gap, measure="과부족", part="derived",
                                       printed=f"{int(gap):,}" if float(gap).is_integer() else f"{gap:,}")
    return None


COUNT_MATCH = 0.1  # the table has as many items as the question says it ranks
COUNT_MISMATCH = 0.1
MAX_STATED_ITEMS = 50  # a number in the question this small may be the size of the set ranked
SHARED_ROWS = 0.5  # a word in at least this share of a table's item rows says what all its rows are
NAMED_ROW = 0.7  # a row is the one a question's part names when its label carries this much of it


def _shared_words(rows) -> str:
    """What a table's rows all are: the ending their labels share ('기획담당관', '법무담당관' →
    담당관) and the words most of them have."""
    labels = [squash(" ".join(r.label_path)) for r in rows]
    words = Counter(w for r in rows for w in set(" ".join(r.label_path).split()))
    common = [w for w, n in sorted(words.items()) if len(rows) >= 2 and n >= SHARED_ROWS * len(rows)]
    return " ".join([common_suffix(labels)] + common)


def _is_total_column(f: Fact) -> bool:
    return bool(f.cell and f.cell.col_path and squash(f.cell.col_path[-1]) in TOTAL_LABELS | SUBTOTAL_LABELS)


def _asked_group(asked: set[str], rows) -> str:
    """The row group a question names ('세출' in a table of 세입 and 세출 rows by office): the first
    label of some rows, not all, that is one of the question's (squashed) words."""
    firsts = {squash(r.label_path[0]) for r in rows if len(r.label_path) >= 2}
    if len(firsts) < 2:
        return ""
    hits = sorted(firsts & asked)
    return hits[0] if len(hits) == 1 else ""


def _named_rows(frame: Frame, rows, ask) -> list | None:
    """The row each part of the question names, when every part names one."""
    out = []
    for part in frame.parts:
        terms = ask.terms(part)
        best = max(rows, key=lambda r: coverage(terms, " ".join(r.label_path)), default=None)
        if best is None or coverage(terms, " ".join(best.label_path)) < NAMED_ROW or best in out:
            return None
        out.append(best)
    return out


COLUMN_FIT = 0.7  # a column whose measure fit is this good (a money column for 예산) may stand for the measure


def _pick(frame: Frame, facts: list[Fact]) -> Fact | None:
    """The fact of a row that stands for the measure asked, in the year asked."""
    best, best_key = None, None
    for f in facts:
        if f.value is None:
            continue
        m = measure_score(frame, f)
        if m is None or not unit_ok(frame.counter, f) or year_ok(frame, f.years, f.context_years) is False:
            continue
        latest = max(f.years) if f.years else 0
        named = coverage(frame.terms, f.header)  # the column the question names ('수행', '선정')
        # of columns that all fit the measure ('2020년 최종', '2021년'), the one the question names, then,
        # when no year is asked, the latest year, before the closer measure word
        key = (-(m >= COLUMN_FIT), -round(named, 3), -latest if not frame.years else 0, -m,
               0 if f.part == "main" or frame.measures else 1, f.cell.col if f.cell else 0)
        if best_key is None or key < best_key:
            best, best_key = f, key
    return best


def _compute(op: str, facts: list[Fact]) -> tuple[list[Fact], tuple[str, float, str | None]]:
    unit = facts[0].unit
    if op in ("sum", "avg"):
        total = sum(f.value for f in facts)
        value = total if op == "sum" else total / len(facts)
        return facts, (f"{len(facts)}개 항목 {'합계' if op == 'sum' else '평균'}", value, unit)
    ranked = sorted(facts, key=lambda f: (f.value if op == "min" else -f.value, f.key))
    return ranked, ("최댓값" if op == "max" else "최솟값", ranked[0].value, unit)


def _ranking(frame: Frame, facts: list[Fact], text: str) -> tuple[list[Fact], tuple, Binding, float] | None:
    """The op asked over one figure per item, bound to `text` (what the items are, as a whole): the
    items in order, the computed value, the binding and the base score; None when they rank nothing."""
    if len(facts) < max(2, frame.rank):
        return None
    if len({f.unit for f in facts}) > 1:
        return None  # '270,241명', '90%', '68회' in one column: indicators of different kinds rank nothing
    if frame.op in ("max", "min") and len({f.value for f in facts}) == 1:
        return None  # every item the same (all 0): no item is the largest
    fit = min(measure_score(frame, f) or 0.0 for f in facts)  # the measure asked, in every item
    b = Binding(own=1.0, context=coverage(frame.terms, text, required=True), precision=1.0,
                missing_strong=missing_strong(frame.terms, text), measure=fit, unit_ok=True, year_ok=None)
    ranked, computed = _compute(frame.op, facts)
    if frame.rank > 1:
        # "두 번째로 큰": the item at that place, and the ones before it shown after it
        nth = ranked[frame.rank - 1]
        ranked = [nth] + ranked[:frame.rank - 1] + ranked[frame.rank:]
        computed = (f"{frame.rank}번째", nth.value, computed[2])
    score = 0.6 * b.context + 0.2 * min(len(facts), 10) / 10 + 0.2 * (fit if frame.measures else 0.5)
    return ranked, computed, b, score


class Aggregate:
    name = "aggregate"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.answer_type != "number" or frame.op not in ("max", "min", "sum", "avg"):
            return []
        out: list[Candidate] = []
        if frame.op == "sum" and len(frame.parts) >= 2 and ask is not None:
            out += self._named_sum(frame, scope, ask)
        tables = []
        for table, _, _ in got.rows:
            if table not in tables:
                tables.append(table)
        for table in tables[:MAX_TABLES]:
            cand = self._over_table(frame, table, res, ask)
            if cand is not None:
                out.append(cand)
        out += self._over_lines(frame, got, res)
        out += self._over_inline(frame, got, res)
        out.sort(key=lambda c: c.key)
        return out

    def _over_inline(self, frame: Frame, got: Retrieved, res: Resources) -> list[Candidate]:
        """Items written inline, each named before its parenthesis ('인플루엔자: 65세이상(620,479명),
        6개월~13세어린이(184,655명), …', '1단계(’24.～’25. 416개소, 843백만원) → 2단계(…)'): each item
        the one figure of the unit (or measure) asked inside its own parenthesis."""
        if frame.counter is None and not frame.measures:
            return []
        out: list[Candidate] = []
        seen: set[tuple[str, int]] = set()
        for p in got.passages:
            tree = res.trees.of(p.doc_id)
            # a passage's lines and the lines under them: a chunk may end at the heading of the series
            lines_read = sorted(set(p.chunk.line_ids) | {m for n in p.chunk.line_ids for m in tree.children(n)})
            for n in lines_read:
                if (p.doc_id, n) in seen:
                    continue
                seen.add((p.doc_id, n))
                raw = res.index.line(p.doc_id, n)
                if "\t" in raw or "(" not in raw:
                    continue
                text, lines, starts = clean_line(raw), [n], [0]
                while lines[-1] + 1 <= n + INLINE_WRAPS and \
                        (go_on := re.match(r"\s*([→,])", res.index.line(p.doc_id, lines[-1] + 1))):
                    lines.append(lines[-1] + 1)  # '→ 3단계(…)': the series goes on on the next line
                    seen.add((p.doc_id, lines[-1]))
                    text += f" {go_on.group(1)} "
                    starts.append(len(text))
                    text += clean_line(res.index.line(p.doc_id, lines[-1]))
                items = inline_items(text)
                if len(items) < 2:
                    continue
                found = list(zip(prose_facts(res, p.doc_id, n, p.chunk.section, frame.counter, text=text),
                                 numbers_in(text, frame.counter)))
                facts = []
                for label, start, end in items:
                    fit = [dataclasses.replace(f, line=lines[sum(1 for x in starts if x <= num.start) - 1])
                           for f, num in found if start <= num.start < end and f.value is not None and unit_ok(frame.counter, f)
                           and measure_score(frame, f) is not None and year_ok(frame, f.years, f.context_years) is not False]
                    if len(fit) != 1:
                        break  # an item without the figure asked, or with two: not a list of such figures
                    facts.append(dataclasses.replace(fit[0], label=label, part="main"))
                else:
                    ctx = " ".join([text, res.line_context(p.doc_id, n), p.chunk.section, res.doc_context(p.doc_id)])
                    ranked_got = _ranking(frame, facts, ctx)
                    if ranked_got is None:
                        continue
                    ranked, computed, b, score = ranked_got
                    out.append(Candidate(self.name, "aggregate", round(score - LINES_PENALTY, 6), facts=tuple(ranked),
                                         computed=(computed,), binding=b, note=frame.op,
                                         items=tuple(f.label for f in ranked[:2]), rank=frame.rank))
        return out

    def _over_lines(self, frame: Frame, got: Retrieved, res: Resources) -> list[Candidate]:
        """Sibling bullets written as a table ('- 1호선(노포~다대포) : 39.9㎞, 40개역, 1일 354회' …):
        each line one item, named by its head, with one figure of the unit asked."""
        if frame.counter is None and not frame.measures:
            return []  # which of a line's numbers is the one ranked, only a unit or measure says
        out: list[Candidate] = []
        seen: set[tuple[str, int]] = set()
        for p in got.passages:
            tree = res.trees.of(p.doc_id)
            for n in p.chunk.line_ids:
                parent = tree.parent[n] if n < len(tree.parent) else 0
                if not parent or (p.doc_id, parent) in seen:
                    continue
                seen.add((p.doc_id, parent))
                facts = []
                for m in tree.children(parent):
                    raw = res.index.line(p.doc_id, m)
                    if "\t" in raw:
                        continue
                    text = clean_line(raw)
                    dated = _LEADING_YEAR.match(text)  # '2022. 1. ~ 12. : 8개구 12개소 …': a year's line
                    facts_here = prose_facts(res, p.doc_id, m, p.chunk.section, frame.counter)
                    if dated:
                        facts_here = [dataclasses.replace(f, years=frozenset({int(dated.group(1))})) for f in facts_here]
                    fit = [f for f in facts_here
                           if f.value is not None and f.part == "main" and unit_ok(frame.counter, f)
                           and measure_score(frame, f) is not None and year_ok(frame, f.years, f.context_years) is not False]
                    head = line_head(text) or (f"{dated.group(1)}년" if dated else "")
                    if len(fit) == 1 and head:
                        facts.append(dataclasses.replace(fit[0], label=head))
                heading = clean_line(res.index.line(p.doc_id, parent))
                text = " ".join([heading, res.line_context(p.doc_id, parent), p.chunk.section,
                                 res.doc_context(p.doc_id)] + [f.stated for f in facts])
                got = _ranking(frame, facts, text)
                if got is None:
                    continue
                ranked, computed, b, score = got
                score -= LINES_PENALTY
                out.append(Candidate(self.name, "aggregate", round(score, 6), facts=tuple(ranked), computed=(computed,),
                                     binding=b, note=frame.op, items=tuple(f.label for f in ranked[:2]), rank=frame.rank))
        return out

    def _over_table(self, frame: Frame, table, res: Resources, ask=None) -> Candidate | None:
        items = [r for r in table.rows if r.kind == "item" and r.label_path]
        named = _named_rows(frame, items, ask) if len(frame.parts) >= 2 and ask is not None else None
        if named is not None:
            items = named  # "A·B·C 중 가장 낮은": the rows the question names, and only those
        asked = {squash(t.text) for t in frame.terms}
        group = _asked_group(asked, items)
        if group:
            items = [r for r in items if squash(r.label_path[0]) == group]  # "세출 예산이 가장 큰 과"
        # what the table is about (title, caption, section, report) and what all its rows are
        # ('…담당관'), not one row's words: the rows are what is ranked
        text = " ".join((res.cells.table_context(table), res.doc_context(table.doc_id), _shared_words(items)))
        if named is not None:
            text += " " + " ".join(" ".join(r.label_path) for r in named)
        if group:
            text += " " + group
        per_row: list[Fact] = []
        derived = "과부족" in frame.measure_names
        if len(items) >= 2:
            seen = set()
            for row in items:
                facts = res.cells.row_facts(table, row)
                f = _shortfall(facts) if derived else _pick(frame, facts)
                key = (" ".join(row.label_path), f.value if f else None)
                if f is not None and key not in seen:  # a row repeated by the layout is one row
                    seen.add(key)
                    per_row.append(f)
        across = [r for r in table.rows if squash(" ".join(r.label_path)) in asked]
        if not across and frame.years:
            # "2023년 … 가장 높은 수단": a table of year rows whose columns are the items
            across = [r for r in table.rows if years_in(" ".join(r.label_path)) == frozenset(frame.years)]
        if len(across) == 1 and named is None:
            # "세출 예산이 가장 큰 과": the question names a row (세출) whose columns are the items
            columns = self._columns(frame, res, table, across[0])
            if len(columns) >= 2:
                per_row = columns
                text += " " + " ".join(across[0].label_path)
        elif len(items) < 2 and len(table.rows) == 1:
            per_row = self._columns(frame, res, table, table.rows[0])  # one row, its columns the items
        got = _ranking(frame, per_row, text)
        if got is None:
            return None
        ranked, computed, b, score = got
        counts = [int(v) for v in frame.stated if float(v).is_integer() and 2 <= v <= MAX_STATED_ITEMS]
        if counts:  # "사업소 7곳 가운데": the set has as many items as the question says
            score += COUNT_MATCH if len(per_row) in counts else -COUNT_MISMATCH
        return Candidate(self.name, "aggregate", round(score, 6), facts=tuple(ranked), computed=(computed,),
                         binding=b, note=frame.op, items=tuple(" ".join(f.row.label_path) for f in ranked[:2]),
                         rank=frame.rank)

    @staticmethod
    def _columns(frame: Frame, res: Resources, table, row) -> list[Fact]:
        """The cells of one row that give the measure asked, one per column, totals left out."""
        facts = [f for f in res.cells.row_facts(table, row) if f.part == "main" and f.value is not None
                 and not _is_total_column(f)]
        return [f for f in facts if measure_score(frame, f) is not None and unit_ok(frame.counter, f)
                and year_ok(frame, f.years, f.context_years) is not False]

    def _named_sum(self, frame: Frame, scope: Scope, ask) -> list[Candidate]:
        facts = []
        shared = tuple(t for t in frame.terms if not any(t.text in p for p in frame.parts))
        for part, terms in zip(frame.parts, distribute_head([ask.terms(p) for p in frame.parts])):
            sub = dataclasses.replace(frame, op=None, parts=(), terms=terms + shared, phrase=part)
            decision = ask.ask(sub, scope)
            if not decision.chosen:
                return []
            facts.append(decision.chosen[0].facts[0])
        if len({f.unit for f in facts}) > 1 or len({(f.key, f.label, f.value) for f in facts}) < len(facts):
            return []  # two parts that are one figure ('선정·수행' is one column) are no sum; three numbers
            # of one line ('국공립(346개소), 공공형(185개소), …') are three
        total = sum(f.value for f in facts)
        b = Binding(1.0, 1.0, 1.0, (), 1.0, True, None)
        return [Candidate(self.name, "aggregate", 1.0, facts=tuple(facts),
                          computed=((f"{len(facts)}개 항목 합계", total, facts[0].unit),), binding=b, note="sum",
                          items=tuple(frame.parts))]
