"""Answer sentences for each kind of decision: figures, aggregates, comparisons, typed spans, lists
and overviews."""

from __future__ import annotations

import re

from assistant.qa.amounts import format_number
from assistant.qa.answer import Figure
from assistant.qa.binding import without_measure_words
from assistant.qa.citations import Citer
from assistant.qa.compose import Composer, fact_label, figure_fact, fmt_value, quote
from assistant.qa.korean_text import clean_line, josa, tidy_label
from assistant.qa.types import Candidate, Decision
from assistant.qa.vocab.measures import label_measure
from ingest.dates import spell_dates

ATTRIBUTE_WORD = {"date": "일시", "place": "장소", "person": "사람", "org": "기관", "how": "방법", "what": "내용",
                  "frequency": "주기"}


def decision_text(comp: Composer, d: Decision, citer: Citer, figures: list[Figure]) -> str:
    c = d.chosen[0]
    if c.kind == "figure":
        return comp.figures_text(d, citer, figures)
    if c.kind == "aggregate":
        return aggregate_text(comp, c, citer, figures)
    if c.kind == "compare":
        return compare_text(comp, c, citer, figures)
    if c.kind in ("list", "overview"):
        return list_text(comp, c, citer)
    return span_text(comp, d, citer)


def _name(comp: Composer, fact, by_column: bool = False) -> str:
    """An aggregate's item: its row, or its column when the table's items are its columns (a table
    without row labels, or the cells of one row ranked: '2023년' row → 승용차, 버스 …)."""
    if fact.cell is not None and fact.cell.col_path and (by_column or (fact.row is not None and not fact.row.label_path)):
        return tidy_label(fact.cell.col_path[-1] if by_column else fact.cell.col_path[0])
    return fact_label(fact).replace(f" {fact.measure}", "") if fact.measure else fact_label(fact)


def aggregate_text(comp: Composer, c: Candidate, citer: Citer, figures: list[Figure]) -> str:
    label, value, unit = c.computed[0]
    rows = list(c.facts)
    table_rows = [f for f in rows if f.table is not None]
    k = citer.cite_rows(table_rows[0].table, [f.row for f in table_rows]) if table_rows else None
    marks = f" [{k}]" if k else ""
    for f in rows:
        if f.table is None:
            kk = comp.cite(citer, f)
            if f" [{kk}]" not in marks:  # three figures of one line are one source
                marks += f" [{kk}]"
        figures.append(figure_fact(f))
    figures.append(Figure(value, unit, rows[0].as_of, rows[0].doc_id, rows[0].table.table_id if rows[0].table else None,
                          label, "계산값", 0, computed=True))
    note = comp.note(rows[0])
    when = f" ({note})" if note else ""
    one_row = len(rows) >= 2 and len({(f.doc_id, f.line) for f in rows}) == 1 and all(
        f.cell is not None and f.cell.col_path for f in rows)
    if c.note in ("sum", "avg"):
        # the question's own names for its addends ('A, B, C 다 합치면') when it named
        # each, not the long sentences the figures were found in
        names = list(c.items) if len(c.items) == len(rows) and all(c.items) and not one_row \
            else [_name(comp, f, one_row) for f in rows]
        terms = " + ".join(f"{name} {format_number(f.value)}" for name, f in zip(names, rows))
        return f"{label}는 {fmt_value(value, unit)}입니다({terms}){when}{marks}."
    winner = rows[0]
    word = "가장 많습니다" if c.note == "max" else "가장 적습니다"
    if unit == "%":
        word = "가장 높습니다" if c.note == "max" else "가장 낮습니다"
    if c.rank > 1:
        word = word.replace("가장", f"{c.rank}번째로")
    measure = winner.measure if winner.measure not in (None, "금액", "비율") else ""  # the unit says it
    head = f"{josa(_name(comp, winner, one_row), '이/가')} {measure + ' ' if measure else ''}"
    rest = ", ".join(f"{_name(comp, f, one_row)} {comp.value_text(f)}" for f in rows[1:4])
    return f"{head}{josa(comp.value_text(winner), '으로/로')} {word}{when}{marks}." + (f" (다음: {rest})" if rest else "")


_YEAR_SIDE = re.compile(r"^\s*((?:19|20)\d{2})\s*년\s*$")


def _side_year(side: str) -> int | None:
    m = _YEAR_SIDE.match(side or "")
    return int(m.group(1)) if m else None


def compare_text(comp: Composer, c: Candidate, citer: Citer, figures: list[Figure]) -> str:
    a, b = c.facts[:2]
    ka, kb = comp.cite(citer, a), comp.cite(citer, b)
    marks = f"[{ka}]" if ka == kb else f"[{ka}][{kb}]"  # both sides in one cited line: one marker
    figures += [figure_fact(a), figure_fact(b)]
    sides = c.items if len(c.items) >= 2 else (fact_label(a), fact_label(b))
    diff_label, diff, unit = c.computed[0]
    figures.append(Figure(diff, unit, None, a.doc_id, None, diff_label, "계산값", 0, computed=True))
    na, nb = comp.note(a), comp.note(b)
    left = f"{sides[0]} {comp.value_text(a)}" + (f"({na})" if na and na != nb else "")
    right = f"{sides[1]} {comp.value_text(b)}" + (f"({nb})" if nb and na != nb else "")
    if all(label_measure(side) for side in sides[:2]):
        # two measures of one item: say whose they are
        subject = " ".join(without_measure_words(tidy_label(a.label)).split())
        left = f"{subject}: {left}" if subject else left
    if a.value == b.value:
        return f"{left}, {josa(right, '으로/로')} 같습니다 {marks}."
    years = [_side_year(side) for side in sides[:2]]
    amount = f"{format_number(round(diff, 4))}{unit or ''}"
    if all(years) and years[0] != years[1]:
        # two years of one item: the change from the earlier to the later, in the question's own terms
        later_bigger = ((b.value or 0) > (a.value or 0)) == (years[1] > years[0])
        if unit in ("%p", "%"):
            word = "높아졌습니다" if later_bigger else "낮아졌습니다"
        else:
            word = "늘었습니다" if later_bigger else "줄었습니다"
        text = f"{left}, {josa(right, '으로/로')} {amount} {word} {marks}."
    else:
        higher = "높습니다" if unit in ("%p", "%") else "많습니다"
        bigger = sides[0] if (a.value or 0) > (b.value or 0) else sides[1]
        text = f"{left}, {josa(right, '으로/로')} {josa(bigger, '이/가')} {amount} {higher} {marks}."
    for label, value, u in c.computed[1:]:
        text += f" ({label} {format_number(round(value, 1))}{u or ''})"
    return text


def list_text(comp: Composer, c: Candidate, citer: Citer) -> str:
    span = c.spans[0]
    k = comp.cite_lines(citer, span.doc_id, list(span.lines), head=False)
    head = clean_line(span.label) if span.label else ""
    stated = re.search(rf"(?<!\d){len(span.items)}\s*(명|인|곳|개소|건|가지|개국|개)", head)
    counter = stated.group(1) if stated else "개"  # "전문임기제 6명 …" is six people, not six things
    if c.kind == "overview" and span.label == comp.index.docs[span.doc_id].title:
        lines = [f"{josa(head, '은/는')} 다음 {len(span.items)}개 부분으로 되어 있습니다 [{k}]."]  # the report's own outline
    else:
        lines = [f"{josa(head, '은/는')} {len(span.items)}{counter}입니다 [{k}]." if head else f"{len(span.items)}{counter}입니다 [{k}]."]
    lines += [f"- {item}" for item in span.items]
    return "\n".join(lines)


def span_text(comp: Composer, d: Decision, citer: Citer) -> str:
    c = d.chosen[0]
    span = c.spans[0]
    k = comp.cite_lines(citer, span.doc_id, list(span.lines))
    stated = " / ".join(t for t in (clean_line(comp.index.line(span.doc_id, n)) for n in span.lines) if t)
    subject = clean_line(span.label) if span.label else ""
    if len(subject) > 40:
        subject = subject[:40].rstrip() + "…"
    also = ""
    if len(d.chosen) > 1:
        titles = [f"{comp.index.docs[c.spans[0].doc_id].title} [{comp.cite_lines(citer, c.spans[0].doc_id, list(c.spans[0].lines))}]"
                  for c in d.chosen[1:]]
        also = f" 같은 내용이 {', '.join(titles)}에도 있습니다."
    if span.kind in ATTRIBUTE_WORD and span.text and span.text != stated.split(" / ")[0]:
        what = ATTRIBUTE_WORD[span.kind]
        lead = f"{subject} {what}" if subject else what
        value = spell_dates(span.text) if span.kind == "date" else span.text  # the quote keeps the report's form
        return f"{josa(lead, '은/는')} {value}입니다. 보고서에 따르면 {quote(stated)}입니다 [{k}].{also}"
    lead = f"{subject}: " if subject and subject not in stated else ""
    return f"보고서에 따르면 {lead}{quote(stated)}입니다 [{k}].{also}"
