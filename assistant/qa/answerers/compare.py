"""Comparisons: two figures found and verified each on its own — two reports, two years, two
measures of one item (목표 대비 실적), or two items — and their difference (and change in %)."""

from __future__ import annotations

import dataclasses

from assistant.qa.resources import Resources
from assistant.qa.types import Binding, Candidate, Frame, Retrieved, Scope
from assistant.qa.vocab.words import GENERIC_NOUNS
from ingest.dates import format_korean_date


def _sides(frame: Frame, scope: Scope, ask) -> list[tuple[str, Frame, Scope]]:
    base = dataclasses.replace(frame, op=None, parts=(), percent_change=False)
    if len(frame.report_refs) >= 2:
        out = []
        for ref in frame.report_refs[:2]:
            sub = dataclasses.replace(base, report_refs=(ref,))
            out.append((f"{format_korean_date(ref).rstrip('.')} 보고서", sub, ask.scope(sub)))
        return out
    if len(frame.years) >= 2:
        return [(f"{y}년", dataclasses.replace(base, years=(y,)), scope) for y in frame.years[:2]]
    if len(frame.parts) >= 2:
        shared = tuple(t for t in frame.terms if not any(t.text in p for p in frame.parts[:2]))
        sides = []
        for i, p in enumerate(frame.parts[:2]):
            other = frame.parts[1 - i]
            # the words that tell this side from the other must be in its evidence
            own = tuple(dataclasses.replace(t, local=t.text not in other and t.text not in GENERIC_NOUNS)
                        for t in ask.terms(p))
            theirs = tuple(dataclasses.replace(t, weight=0.0, local=True, foreign=True) for t in ask.terms(other)
                           if t.text not in p and t.text not in GENERIC_NOUNS)
            sides.append((p, dataclasses.replace(base, terms=own + shared + theirs, phrase=p), scope))
        return sides
    if len(frame.measures) >= 2:
        return [(m.word, dataclasses.replace(base, measures=(m,)), scope) for m in frame.measures[:2]]
    return []


class Compare:
    name = "compare"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.op != "diff" or frame.answer_type != "number" or ask is None:
            return []
        sides = _sides(frame, scope, ask)
        if len(sides) != 2:
            return []
        facts = []
        for _, sub, sub_scope in sides:
            if sub_scope.refusal:
                return []
            decision = ask.ask(sub, sub_scope)
            if not decision.chosen:
                return []
            facts.append(decision.chosen[0].facts[0])
        a, b = facts
        if a.key == b.key:
            return []  # one figure cannot be both sides
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
