"""Numbers in report lines, bound to the words next to them: the figure asked where the report
states it in a sentence ("정원 343명, 현원 332명", "총 923개 사업", "(’22년) 시의원 33명, 45건 처리")."""

from __future__ import annotations

import re

from assistant.qa.answerers.cell_lookup import W_CONTEXT, W_MEASURE, W_OWN, W_PRECISION
from assistant.qa.binding import bind_fact
from assistant.qa.cells import value_years, years_in
from assistant.qa.korean_text import clean_line
from assistant.qa.prose import numbers_in, wrapped_lead
from assistant.qa.resources import Resources
from assistant.qa.types import Candidate, Fact, Frame, Retrieved, Scope
from assistant.qa.vocab.measures import column_measure, label_measure
from ingest.dates import find_as_of
from ingest.numbers import parse_cell

RANK_BONUS = (0.06, 0.04, 0.03, 0.02, 0.01)  # the passage retrieval ranked first speaks of it most
SOLE_BONUS = 0.05  # the only number of the asked unit in its line
LATEST_IN_LINE = 0.02  # of one label's numbers by year ('’24년 1,901명 → ’25년 1,972명'), the latest, when no year is asked
INNER_PART = 0.15  # a number in parentheses after one of the same unit, whose own words the question does not name
CANDIDATES = 40
ROW_LABEL_CHARS = 30  # a row label longer than this is a sentence (a 건의사항), not the name of a figure
LINES_PER_PASSAGE = 30


def text_cell_facts(res: Resources, doc_id: str, n: int, raw: str, counter: str | None = None) -> list[Fact]:
    """Numbers written inside the text cells of a table row ('정책위원회 활동 15회' under 추진목표): named
    by the row's label and the column's header, which the cell store (numeric cells only) lacks."""
    table = res.table_at(doc_id, n)
    if table is None or n in table.header_lines:
        return []
    cells = raw.split("\t")
    row_label = clean_line(cells[0]) if cells else ""
    context = res.cells.table_context(table)
    out = []
    for i, cell in enumerate(cells[1:], start=1):
        text = clean_line(cell)
        if not re.search(r"[가-힣]", text) or not re.search(r"\d", text) or parse_cell(text).kind != "text":
            continue  # a number ('110일', '14건 (18건)') is a cell of the cell store
        header = " ".join(table.columns[i]) if i < len(table.columns) else ""
        short_row = row_label if len(row_label) <= ROW_LABEL_CHARS else ""  # a long row is context, not a name
        for num in numbers_in(text, counter):
            label = " ".join(x for x in (short_row, num.label) if x)
            measure = column_measure([header]) if header else None
            measure = measure or num.measure
            out.append(Fact(num.value, num.unit, num.printed, measure, doc_id, n, label, " ".join((context, row_label, text)),
                            years=frozenset({num.year}) if num.year else frozenset(),
                            context_years=years_in(context + " " + raw), as_of=table.as_of, header=header,
                            kind="prose", near=" ".join((row_label, header, text)), stated=text))
    return out


def prose_facts(res: Resources, doc_id: str, n: int, section: str, counter: str | None = None,
                text: str | None = None) -> list[Fact]:
    """The numbers of line `n`, each a fact named by its words; `text`, the line already joined with
    the lines that go on with it, is read instead of the line alone."""
    raw = res.index.line(doc_id, n)
    text = text if text is not None else clean_line(raw)
    if not text:
        return []
    if "\t" in raw:
        return text_cell_facts(res, doc_id, n, raw, counter)
    parents = res.line_context(doc_id, n)
    context = " ".join((text, parents, section))
    tree = res.trees.of(doc_id)
    above = {p for p in (tree.parent[n], tree.lead_bullet(n, window=4)) if p and n - p <= 6}
    near = " ".join([text] + [clean_line(res.index.line(doc_id, p)) for p in sorted(above)])
    ctx_years = value_years(text) | res.section_years(doc_id, n)
    as_of = find_as_of(raw)  # '인력현황 : 정원 343명 … (’21. 4. 25. 현재)'
    numbers = numbers_in(text, counter)
    above_lines = [res.index.line(doc_id, p) for p in (n - 1, n - 2) if p >= 1] if numbers else []
    lead = wrapped_lead(next((line for line in above_lines if line.strip()), ""), raw) if numbers else ""
    first_word = re.match(r"\s*([가-힣A-Za-z]+)", text)
    out = []
    for num in numbers:
        label = " ".join(x for x in (num.field, num.label) if x)
        if lead and label and first_word and label.split()[0] == first_word.group(1):
            label = f"{lead} {label}"  # the sentence began on the line above: its words name the number
        measure = num.measure or column_measure([label]) if label else num.measure
        if measure is None and num.unit in ("천원", "백만원", "억원", "원", "만원", "조원"):
            measure = "금액"
        if measure is None and num.unit == "%":
            measure = "비율"
        out.append(Fact(num.value, num.unit, num.printed, measure, doc_id, n, label, context,
                        years=frozenset({num.year}) if num.year else frozenset(), context_years=frozenset(ctx_years),
                        header=label, kind="prose", near=near, stated=text, part="paren" if num.depth else "main",
                        as_of=as_of))
    return out


class ProseNumber:
    name = "prose_number"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.answer_type != "number" or frame.op is not None:
            return []
        out: list[Candidate] = []
        seen: set[tuple[str, int]] = set()
        for rank, p in enumerate(got.passages):
            doc_ctx, doc_years = res.doc_context(p.doc_id), res.doc_years(p.doc_id)
            for n in sorted(p.chunk.line_ids)[:LINES_PER_PASSAGE * 4]:
                if (p.doc_id, n) in seen:
                    continue
                seen.add((p.doc_id, n))
                facts = prose_facts(res, p.doc_id, n, p.chunk.section, frame.counter)
                bindings = [bind_fact(frame, fact, doc_ctx, doc_years) for fact in facts]
                for fact, b in zip(facts, bindings):
                    if b.measure is None or not b.unit_ok or b.year_ok is False:
                        continue
                    same_unit = sum(1 for f in facts if f.unit == fact.unit and f.part == "main"
                                    and (not frame.years or not f.years or set(frame.years) & f.years))
                    score = W_OWN * b.own + W_CONTEXT * b.context + W_PRECISION * b.precision + W_MEASURE * (b.measure or 0)
                    score += RANK_BONUS[rank] if rank < len(RANK_BONUS) else 0.0
                    sole = same_unit == 1 and fact.part == "main"
                    if sole:
                        score += SOLE_BONUS
                    if b.year_ok:
                        score += 0.05
                    series = [f for f in facts if f.unit == fact.unit and f.label == fact.label and f.years]
                    if not frame.years and fact.years and len({min(f.years) for f in series}) > 1 \
                            and min(fact.years) == max(min(f.years) for f in series):
                        score += LATEST_IN_LINE
                    inner = fact.part == "paren" and b.own < 0.5 and any(
                        f.part == "main" and f.unit == fact.unit for f in facts)
                    if inner:
                        score -= INNER_PART  # '56명(… 경찰 16명 포함)': 16 is a part of the 56
                    # a number whose own words name nothing, beside one labelled by the question's item
                    # words, is the whole or a neighbour of the part asked
                    # ('사 업 비) 108억원(공사비 105, …)' asked as '… 공사 사업비': a number named by the
                    # measure asked is that measure of the item, whatever its parts are called
                    named_measure = label_measure(fact.label) in frame.measure_names if fact.label else False
                    outnamed = b.own == 0 and not named_measure and any(
                        o.own > 0 and f.unit == fact.unit and f is not fact for f, o in zip(facts, bindings))
                    feats = (("own", b.own), ("context", b.context), ("sole", float(sole)), ("rank", float(rank)),
                             ("inner", float(inner)), ("outnamed", float(outnamed)))
                    out.append(Candidate(self.name, "figure", round(score, 6), facts=(fact,), binding=b, features=feats,
                                         items=(fact.label,)))
        out.sort(key=lambda c: c.key)
        return out[:CANDIDATES]
