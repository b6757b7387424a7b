"""Aggregates over the rows of one table (max, min, sum, average of the measure asked), over the
columns of a one-row table whose items are its columns, and sums of figures named in the question
('A·B·C를 다 합치면'), each addend found and verified as a figure of its own."""

from __future__ import annotations

import dataclasses

from assistant.qa.binding import measure_score, unit_ok, year_ok
from assistant.qa.resources import Resources
from assistant.qa.terms import coverage, missing_strong
from assistant.qa.types import Binding, Candidate, Fact, Frame, Retrieved, Scope

MAX_TABLES = 12  # tables (from the candidate rows, best first) an aggregate is tried over


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
        key = (-m, -round(named, 3), 0 if f.part == "main" or frame.measures else 1, -latest if not frame.years else 0,
               f.cell.col if f.cell else 0)
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
            cand = self._over_table(frame, table, res)
            if cand is not None:
                out.append(cand)
        out.sort(key=lambda c: c.key)
        return out

    def _over_table(self, frame: Frame, table, res: Resources) -> Candidate | None:
        items = [r for r in table.rows if r.kind == "item" and r.label_path]
        labels = " ".join(" ".join(r.label_path) for r in table.rows)
        text = " ".join((res.cells.table_context(table), labels, res.doc_context(table.doc_id)))
        b = Binding(own=1.0, context=coverage(frame.terms, text, required=True), precision=1.0,
                    missing_strong=missing_strong(frame.terms, text), measure=1.0, unit_ok=True, year_ok=None)
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
        elif len(table.rows) == 1:
            # one row, the items are its columns: every column that gives the measure
            facts = [f for f in res.cells.row_facts(table, table.rows[0]) if f.part == "main" and f.value is not None]
            per_row = [f for f in facts if measure_score(frame, f) is not None and unit_ok(frame.counter, f)
                       and year_ok(frame, f.years, f.context_years) is not False]
        if len(per_row) < 2:
            return None
        ranked, computed = _compute(frame.op, per_row)
        score = 0.6 * b.context + 0.2 * min(len(per_row), 10) / 10 + 0.2 * (1.0 if frame.measures else 0.5)
        return Candidate(self.name, "aggregate", round(score, 6), facts=tuple(ranked), computed=(computed,),
                         binding=b, note=frame.op, items=tuple(" ".join(f.row.label_path) for f in ranked[:2]))

    def _named_sum(self, frame: Frame, scope: Scope, ask) -> list[Candidate]:
        facts = []
        shared = tuple(t for t in frame.terms if not any(t.text in p for p in frame.parts))
        for part in frame.parts:
            sub = dataclasses.replace(frame, op=None, parts=(), terms=ask.terms(part) + shared, phrase=part)
            decision = ask.ask(sub, scope)
            if not decision.chosen:
                return []
            facts.append(decision.chosen[0].facts[0])
        if len({f.unit for f in facts}) > 1 or len({f.key for f in facts}) < len(facts):
            return []  # two parts that are one figure ('선정·수행' is one column) are no sum
        total = sum(f.value for f in facts)
        b = Binding(1.0, 1.0, 1.0, (), 1.0, True, None)
        return [Candidate(self.name, "aggregate", 1.0, facts=tuple(facts),
                          computed=((f"{len(facts)}개 항목 합계", total, facts[0].unit),), binding=b, note="sum",
                          items=tuple(frame.parts))]
