"""Compose: the verifier's decisions as a Korean answer with numbered citations.

Figures in the report's unit, money also in plain Korean, with their as-of date; each part of a
compound question on its own line, a part not found named as such; lists as bullet lines. No LLM:
every number in the text comes from a cell, a report line, or arithmetic over them.
"""

from __future__ import annotations

import re

from assistant.index import LoadedIndex
from assistant.qa.amounts import format_number, korean_amount
from assistant.qa.answer import NOT_FOUND, Answer, Figure
from assistant.qa.cells import years_in
from assistant.qa.citations import Citer
from assistant.qa.korean_text import clean_line, josa, tidy_label
from assistant.qa.types import Candidate, Decision, Fact
from assistant.qa.vocab.measures import column_measure, label_measure
from ingest.dates import format_korean_date
from ingest.tables import SUBTOTAL_LABELS, TOTAL_LABELS

MEASURE_LABEL = {"금액": "", "비율": "비율", "사업수": "사업 수"}
RELATED_MEASURES = ("예산현액", "집행액", "집행률", "지출액", "지출률", "잔액")


def fmt_value(value: float | None, unit: str | None, is_none: bool = False, printed: str | None = None) -> str:
    """'545,239천원(약 5억 4,524만원)'; a number is shown as the report prints it ('38.0%')."""
    if value is None:
        return "'-'(해당 없음)" if is_none else "값 없음"
    num = printed if printed and re.fullmatch(r"-?[\d,]+(\.\d+)?", printed) else format_number(value)
    text = num + (unit or "")
    plain = korean_amount(value, unit or "")
    if plain and unit not in ("원", "만원") and plain.replace("약 ", "") != text:
        text += f"({plain})"  # '-56억원' needs no '(-56억원)' beside it
    return text


def date_note(as_of: str | None, doc_date: str | None = None) -> str:
    if as_of:
        return f"{format_korean_date(as_of)} 기준"
    if doc_date:
        return f"{format_korean_date(doc_date)} 보고서 기준"
    return ""


def quote(text: str, limit: int = 220) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"「{text}」"


_SECTION_NUMBER = re.compile(r"^(?:[\d①-⑳]+\.?|[IVXⅠ-Ⅻ]+\.)\s*")
"""A section's number ('1', '①', 'I.', 'Ⅱ.'): no part of what a total totals."""


def fact_label(fact: Fact) -> str:
    """What a figure is: '청년창업 지원 예산현액', '총무과 정원', '도시재생담당관 2018년'."""
    if fact.row is None:
        return tidy_label(fact.label) if fact.label else ""
    row = tidy_label(" ".join(fact.row.label_path[-2:])) if fact.row.label_path else tidy_label(fact.table.title)
    if fact.row.kind in ("total", "subtotal"):
        # '계' alone says nothing: the item heading the table sits under names what it totals
        heading = next((_SECTION_NUMBER.sub("", s) for s in reversed(fact.table.section[:-1])
                        if s and s != fact.table.title), "")
        row = f"{tidy_label(heading)} {row}".strip() if heading else row
    measure = MEASURE_LABEL.get(fact.measure or "", fact.measure or "")
    col = tidy_label(fact.cell.col_path[-1]) if fact.cell and fact.cell.col_path else ""
    if fact.part == "main":
        col = re.sub(r"\s*\([^()]*\)$", "", col)  # "2021년(사업수)" → "2021년"
    if col and fact.row.kind == "item" and label_measure(row) and not column_measure([col]) and not years_in(col) \
            and col.replace(" ", "") not in TOTAL_LABELS | SUBTOTAL_LABELS:
        return f"{col} {row}"  # a row of a measure, a column of an item: '주택도시공사 투자비'
    parts = [row]
    if col.replace(" ", "") in ("%", "(%)") and measure:
        col = ""  # '2021년 예산 | %' under 지출률: the measure says what the % is
    if col and (not measure or measure.replace(" ", "") not in col.replace(" ", "")) and len(fact.cell.col_path) > 1:
        parts.append(col)
    elif col and not measure:
        parts.append(col)
    if measure and measure.replace(" ", "") not in row.replace(" ", ""):
        parts.append(measure)
    return " ".join(dict.fromkeys(p for p in parts if p))


def figure_fact(fact: Fact) -> Figure:
    return Figure(
        value=fact.value, unit=fact.unit, as_of=fact.as_of, doc=fact.doc_id,
        table=fact.table.table_id if fact.table else None,
        row=" > ".join(fact.row.label_path) if fact.row is not None else fact.label,
        column=(" > ".join(fact.cell.col_path) if fact.cell else "본문") + ("" if fact.part == "main" else f" ({fact.measure or fact.part})"),
        line=fact.line, raw=fact.printed,
    )


class Composer:
    def __init__(self, res) -> None:
        self.res = res
        self.index: LoadedIndex = res.index

    # ------------------------------------------------------------------ citations
    def cite(self, citer: Citer, fact: Fact) -> int:
        if fact.table is not None:
            return citer.cite_rows(fact.table, [fact.row])
        return self.cite_lines(citer, fact.doc_id, [fact.line])

    def cite_lines(self, citer: Citer, doc_id: str, lines: list[int], head: bool = True) -> int:
        """The stating lines, with the line they sit under when it is close (the item a bullet is of)."""
        parent = self.res.trees.of(doc_id).parent[lines[0]] if head else 0
        shown = sorted(set(lines) | ({parent} if parent and 0 < lines[0] - parent <= 12 else set()))
        return citer.cite_doc_lines(doc_id, shown, highlight=lines, section=self.section(doc_id, lines[0]))

    def section(self, doc_id: str, n: int) -> str:
        doc = self.index.docs[doc_id]
        heads = [t for line, _, t in doc.outline if line <= n]
        return " › ".join([doc.title] + heads[-2:])

    # ------------------------------------------------------------------ figures
    def related(self, fact: Fact) -> list[Fact]:
        """The other budget figures of the same row (예산현액, 집행액, 집행률), shown beside the answer."""
        if fact.row is None or fact.measure not in RELATED_MEASURES:
            return []
        out, have = [], {fact.measure}
        for f in self.res.cells.row_facts(fact.table, fact.row):
            if f.part != "main" or f.measure in have or f.measure not in RELATED_MEASURES:
                continue
            if f.years and fact.years and f.years != fact.years:
                continue
            if f.value is None and not f.is_none:
                continue
            have.add(f.measure)
            out.append(f)
        return out[:3]

    def value_text(self, fact: Fact) -> str:
        return fmt_value(fact.value, fact.unit, fact.is_none, fact.printed)

    def note(self, fact: Fact) -> str:
        return date_note(fact.as_of, self.index.docs[fact.doc_id].reference_date)

    def figure_text(self, fact: Fact, k: int) -> str:
        value, note = self.value_text(fact), self.note(fact)
        if fact.row is None:
            line = clean_line(self.index.line(fact.doc_id, fact.line))
            return f"{value}입니다" + (f"({note})" if note else "") + f". 보고서에 따르면 {quote(line)}입니다 [{k}]."
        extras = [f"{MEASURE_LABEL.get(r.measure, r.measure)} {self.value_text(r)}" for r in self.related(fact)]
        tail = "; ".join(x for x in (", ".join(extras), note) if x)
        label = fact_label(fact)
        head = f"{josa(label, '은/는')} " if label else ""
        return f"{head}{value}입니다" + (f"({tail})" if tail else "") + f" [{k}]."

    def figures_text(self, d: Decision, citer: Citer, figures: list[Figure]) -> str:
        if len(d.chosen) == 1:
            fact = d.chosen[0].facts[0]
            figures.append(figure_fact(fact))
            figures.extend(figure_fact(r) for r in self.related(fact))
            return self.figure_text(fact, self.cite(citer, fact))
        labels = {fact_label(c.facts[0]) for c in d.chosen}
        docs = {c.facts[0].doc_id for c in d.chosen}
        if len(labels) == 1 and len(docs) > 1:
            lines = [f"{josa(next(iter(labels)) or '이 항목', '은/는')} 보고서마다 다음과 같습니다."]
        else:
            lines = [f"질문에 해당하는 항목이 {len(d.chosen)}개라 모두 보여 드립니다."]
        order = sorted(d.chosen, key=lambda c: (self.index.docs[c.facts[0].doc_id].reference_date or "", c.facts[0].key))
        for c in order:
            f = c.facts[0]
            k = self.cite(citer, f)
            figures.append(figure_fact(f))
            title = self.index.docs[f.doc_id].title
            who = title if len(labels) == 1 else (f"{fact_label(f)} ({title})" if len(docs) > 1 else fact_label(f))
            note = self.note(f)
            said = f" — {quote(clean_line(self.index.line(f.doc_id, f.line)), 90)}" if f.row is None else ""
            lines.append(f"- {who}: {self.value_text(f)}" + (f" ({note})" if note else "") + said + f" [{k}]")
        return "\n".join(lines)

    def one_row(self, decisions: list[Decision], citer: Citer, figures: list[Figure]) -> str:
        """'정원하고 현원은?' answered from one row (or one line): one sentence, one citation."""
        if len(decisions) < 2 or any(len(d.chosen) != 1 or d.chosen[0].kind != "figure" for d in decisions):
            return ""
        facts = [d.chosen[0].facts[0] for d in decisions]
        same = ({(f.table.table_id, f.row.index) for f in facts if f.row is not None} if all(f.row is not None for f in facts)
                else {(f.doc_id, f.line) for f in facts})
        if len(same) != 1:
            return ""
        k = self.cite(citer, facts[0])
        figures.extend(figure_fact(f) for f in facts)
        parts = ", ".join(f"{d.part} {self.value_text(f)}" for d, f in zip(decisions, facts))
        note = self.note(facts[0])
        if facts[0].row is None:
            line = clean_line(self.index.line(facts[0].doc_id, facts[0].line))
            return f"{parts}입니다" + (f"({note})" if note else "") + f". 보고서에 따르면 {quote(line)}입니다 [{k}]."
        item = fact_label(facts[0]).replace(MEASURE_LABEL.get(facts[0].measure or "", facts[0].measure or ""), "").strip()
        return f"{item}: {parts}입니다" + (f"({note})" if note else "") + f" [{k}]."

    # ------------------------------------------------------------------ the answer
    def answer(self, decisions: list[Decision], notes: list[str]) -> tuple[Answer, list[str]]:
        from assistant.qa.compose_text import decision_text

        citer = Citer(self.index)
        texts, figures, items = [], [], []
        if not any(d.chosen for d in decisions):
            return Answer(NOT_FOUND + ".", abstained=True), []
        joined = self.one_row(decisions, citer, figures)
        if joined:
            return Answer(joined, citations=citer.citations, figures=figures, notes=list(notes)), [
                x for d in decisions for c in d.chosen for x in c.items]
        for d in decisions:
            if not d.chosen:
                texts.append(f"{josa(d.part, '은/는')} 보고서에서 찾지 못했습니다." if d.part else f"{NOT_FOUND}.")
                continue
            text = decision_text(self, d, citer, figures)
            if d.part and len(decisions) > 1:
                text = f"{d.part}: {text}"
            texts.append(text)
            items += [x for c in d.chosen for x in c.items]
        sep = "\n" if len(decisions) > 1 or any("\n" in t for t in texts) else " "
        return Answer(sep.join(texts), citations=citer.citations, figures=figures, notes=list(notes)), items
