"""The deterministic Korean composer: figures in the report's unit with plain-Korean money and
their as-of date, numbered citation markers, lists that enumerate every item, and quotes of the
sentence that states a fact. No LLM involved; every number in the text comes from a cell, a
report line, or arithmetic over them."""

from __future__ import annotations

import re

from assistant.amounts import format_number, korean_amount
from assistant.index import LoadedIndex
from assistant.korean_text import josa, tidy_label
from assistant.table_qa import CellHit, TableAnswer
from ingest.dates import format_korean_date

MEASURE_LABEL = {
    "예산현액": "예산현액", "금액": "금액", "집행액": "집행액", "집행률": "집행률", "잔액": "잔액", "정원": "정원",
    "현원": "현원", "여성": "여성", "과부족": "과부족", "목표": "목표", "실적": "실적", "달성률": "달성률",
    "비율": "비율", "증감": "증감", "사업수": "사업 수", "건수": "건수", "횟수": "횟수", "집행계획": "집행계획",
}


def fmt_value(value: float | None, unit: str | None, is_none: bool = False, printed: str | None = None) -> str:
    """'545,239천원(약 5억 4,524만원)'; a number is shown as the report prints it ('38.0%')."""
    if value is None:
        return "'-'(해당 없음)" if is_none else "값 없음"
    text = (printed or format_number(value)) + (unit or "")
    plain = korean_amount(value, unit or "")
    if plain and unit not in ("원", "만원"):
        text += f"({plain})"
    return text


def date_note(as_of: str | None, doc_date: str | None = None) -> str:
    if as_of:
        return f"{format_korean_date(as_of)} 기준"
    if doc_date:
        return f"{format_korean_date(doc_date)} 보고서 기준"
    return ""


def hit_label(hit: CellHit) -> str:
    """What the figure is: '의정 정보화 지원 예산현액', '언론 정원', '2021년(사업수) 대외협력기금'."""
    row = tidy_label(hit.row.label) if hit.row.label else ""
    measure = MEASURE_LABEL.get(hit.val.measure or "", "")
    col = tidy_label(hit.cell.col_path[-1]) if hit.cell.col_path else ""
    col = re.sub(r"\s*\([^()]*\)$", "", col) if hit.val.part == "main" else col  # "2021년(사업수)" → "2021년"
    parts = [row] if row else [tidy_label(hit.table.title)]
    if col and (not measure or measure in ("금액", "비율")) and col not in parts:
        parts.append(col)
    elif measure and measure not in ("금액",):
        if hit.val.part == "main" and col and measure not in col.replace(" ", "") and len(hit.cell.col_path) > 1:
            parts.append(col)
        parts.append(measure)
    return " ".join(p for p in parts if p)


def compose_figure(index: LoadedIndex, ta: TableAnswer, cites: list[int]) -> str:
    best = ta.hits[0]
    docs = {h.doc_id for h in ta.hits}
    if len(docs) > 1 or len({hit_label(h) for h in ta.hits if h.val.measure == best.val.measure}) > 1:
        return _compose_multi(index, ta, cites)
    parts = []
    for hit, n in zip(ta.hits, cites):
        parts.append(f"{josa(hit_label(hit), '은/는')} {fmt_value(hit.val.value, hit.val.unit, hit.val.is_none, hit.val.text)}")
    text = ", ".join(parts) + "입니다"
    extras = [f"{MEASURE_LABEL.get(h.val.measure, h.val.measure)} {fmt_value(h.val.value, h.val.unit, h.val.is_none, h.val.text)}"
              for h in ta.related]
    note = date_note(best.cell.as_of or best.table.as_of, index.docs[best.doc_id].reference_date)
    tail = []
    if extras:
        tail.append(", ".join(extras))
    if note:
        tail.append(note)
    if tail:
        text += f"({'; '.join(tail)})"
    text += f" [{cites[0]}]."
    return text


def _compose_multi(index: LoadedIndex, ta: TableAnswer, cites: list[int]) -> str:
    groups: dict[str, list[tuple[CellHit, int]]] = {}
    for hit, n in zip(ta.hits, cites):
        groups.setdefault(hit_label(hit), []).append((hit, n))

    def entry(hit: CellHit, n: int, prefix: str) -> str:
        doc = index.docs[hit.doc_id]
        note = date_note(hit.cell.as_of or hit.table.as_of, doc.reference_date)
        return (f"{prefix}{doc.title}: {fmt_value(hit.val.value, hit.val.unit, hit.val.is_none, hit.val.text)}"
                f"{f' ({note})' if note else ''} [{n}]")

    if len(groups) == 1:
        label, entries = next(iter(groups.items()))
        return "\n".join([f"{josa(label, '은/는')} 보고서마다 다음과 같습니다."] + [entry(h, n, "- ") for h, n in entries])
    # the question fits several lines of the table: each is given, never one picked silently
    lines = [f"질문에 해당하는 항목이 {len(groups)}개라 모두 보여 드립니다."]
    for label, entries in groups.items():
        if len({h.doc_id for h, _ in entries}) == 1:
            lines.append(f"- {label}: " + entry(*entries[0], "").split(": ", 1)[1])
        else:
            lines.append(f"- {label}")
            lines.extend(entry(h, n, "  - ") for h, n in entries)
    return "\n".join(lines)


def compose_aggregate(index: LoadedIndex, ta: TableAnswer, cite: int) -> str:
    by_column = getattr(ta, "by_column", False)

    def item_name(h) -> str:  # a row's label, or the column's when the items are columns
        if by_column:
            return tidy_label(" ".join(p for p in h.cell.col_path[:-1]) or h.cell.col_path[-1])
        return tidy_label(h.row.label)

    if ta.agg == "sum" or ta.agg == "avg":
        label, total, unit = ta.computed[0]
        terms = " + ".join(f"{item_name(h)} {format_number(h.val.value)}" for h in ta.rows)
        text = f"{label}는 {fmt_value(total, unit)}입니다({terms}) [{cite}]."
        note = date_note(ta.rows[0].cell.as_of or ta.rows[0].table.as_of)
        if note:
            text = text[:-1] + f" ({note})."
        return text
    winner = ta.winner
    if hasattr(ta, "computed_rows"):
        gap, quota, current = ta.computed_rows[0]  # type: ignore[attr-defined]
        who = tidy_label(quota.row.label)
        word = "부족" if gap >= 0 else "초과"
        text = (f"{josa(who, '이/가')} 정원 {fmt_value(quota.val.value, quota.val.unit)}, "
                f"현원 {fmt_value(current.val.value, current.val.unit)}으로 {fmt_value(abs(gap), quota.val.unit)} "
                f"{word}해 가장 많습니다 [{cite}].")
        others = ", ".join(f"{tidy_label(q.row.label)} {format_number(g)}" for g, q, _ in ta.computed_rows[1:4])  # type: ignore[attr-defined]
        if others:
            text += f" (다음: {others})"
        return text
    who = item_name(winner)
    measure = MEASURE_LABEL.get(winner.val.measure or "", "")
    if winner.val.measure == "증감":
        word = "가장 많이 줄었습니다" if (winner.val.value or 0) < 0 else "가장 많이 늘었습니다"
    else:
        word = "가장 큽니다" if ta.agg == "max" else "가장 작습니다"
    text = f"{josa(who, '이/가')} {measure + ' ' if measure and measure != '금액' else ''}{josa(fmt_value(winner.val.value, winner.val.unit, printed=winner.val.text), '으로/로')} {word} [{cite}]."
    rest = ", ".join(f"{item_name(h)} {format_number(h.val.value)}" for h in ta.rows[1:4])
    if rest:
        text += f" (다음: {rest})"
    return text


def compose_compare(ta: TableAnswer, cite: int) -> str:
    a, b = ta.hits
    win = ta.winner
    lose = b if win is a else a
    diff_label, diff, unit = ta.computed[0]
    higher = "높습니다" if unit == "%p" or (win.val.unit == "%") else "많습니다"
    if win.val.value == lose.val.value:
        return (f"{tidy_label(a.row.label)}와 {tidy_label(b.row.label)} 모두 {fmt_value(a.val.value, a.val.unit)}로 "
                f"같습니다 [{cite}].")
    return (f"{josa(tidy_label(win.row.label), '이/가')} {josa(fmt_value(win.val.value, win.val.unit, printed=win.val.text), '으로/로')} "
            f"{tidy_label(lose.row.label)}({fmt_value(lose.val.value, lose.val.unit, printed=lose.val.text)})보다 "
            f"{format_number(round(diff, 4))}{unit or ''} {higher} [{cite}].")


def quote(text: str, limit: int = 220) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return f"「{text}」"


def enumerate_items(items: list[str]) -> str:
    marks = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
    return " ".join(f"{marks[i] if i < len(marks) else str(i + 1) + '.'} {it}" for i, it in enumerate(items))


def split_items(text: str) -> list[str]:
    """'행정자치혁신, 문화환경교통, 교육보건복지, 도시인프라개선' → four items; commas inside
    parentheses ('전남 완도(청년정책,3.30)') do not split."""
    items, depth, cur = [], 0, ""
    for ch in text:
        if ch in "(（[":
            depth += 1
        elif ch in ")）]":
            depth = max(0, depth - 1)
        if ch in ",/·" and depth == 0 and ch != "·":
            items.append(cur)
            cur = ""
            continue
        cur += ch
    items.append(cur)
    out = []
    for it in items:
        it = re.sub(r"\s*등\s*$", "", it.strip(" .*※-"))
        if it:
            out.append(it)
    return out
