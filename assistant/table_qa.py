"""Exact figures from the cell store: lookups, and aggregates computed in code.

No LLM-written SQL or code is ever executed; every number comes from a parsed cell or from
arithmetic in this module over parsed cells. A cell is found by scoring its row label, column
path and table context against the question's target phrase, and its column (or compound-cell
part, such as the 현원 in "28 (26)") against the measure the question asks for.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from assistant.analysis import Analysis
from assistant.index import CellRec, LoadedIndex, RowRec, TableRec
from assistant.matching import BigramWeights, bigrams, norm
from assistant.measures import BY_NAME, SOFT_MEASURES, column_measure, row_label_measure

MONEY_UNITS = ("천원", "백만원", "억원", "조원", "원", "만원")
RATE_MEASURES = ("집행률", "달성률", "비율")
MEASURE_ROW_LABELS = ("정원", "현원", "과부족", "예산액", "집행액", "잔액", "목표", "실적")
YEAR_IN_LABEL = re.compile(r"((?:19|20)\d{2})")


@dataclass
class Value:
    """One number a cell provides, with the measure it stands for."""

    measure: str | None
    value: float | None
    unit: str | None
    part: str  # main | slash1 | paren
    is_none: bool = False
    text: str | None = None  # the number as the report prints it ("38.0"), when it is a plain number


@dataclass
class CellHit:
    table: TableRec
    row: RowRec
    cell: CellRec
    val: Value
    score: float
    row_score: float
    label_cov: float
    q_cov: float

    @property
    def doc_id(self) -> str:
        return self.table.doc_id

    @property
    def column(self) -> str:
        return " > ".join(self.cell.col_path)

    @property
    def row_label(self) -> str:
        return " > ".join(self.row.label_path)


@dataclass
class TableAnswer:
    kind: str  # figure | aggregate | compare
    hits: list[CellHit]  # the figures the answer states, best first
    related: list[CellHit] = field(default_factory=list)  # other figures of the same row (집행액, 집행률 …)
    computed: list[tuple[str, float, str | None]] = field(default_factory=list)  # (label, value, unit)
    rows: list[CellHit] = field(default_factory=list)  # every row an aggregate used
    confidence: float = 0.0
    checks: list[str] = field(default_factory=list)  # consistency notes (집행률 recomputed …)
    agg: str | None = None
    winner: CellHit | None = None


def satisfies(requested: str, provided: str | None) -> bool:
    if provided is None:
        return False
    if requested == provided:
        return True
    if (requested, provided) in (("지출액", "집행액"), ("집행액", "지출액"), ("지출률", "집행률"), ("집행률", "지출률")):
        return True
    if requested == "비율" and provided in RATE_MEASURES:
        return True
    if requested == "집행률" and provided == "비율":
        return True
    if requested == "예산현액" and provided == "금액":
        return True
    return False


def _row_measure(row: RowRec) -> str | None:
    return row_label_measure(row.label) if row.label else None


def cell_values(table: TableRec, row: RowRec, cell: CellRec) -> list[Value]:
    """The numbers a cell offers: "28 (26)" in a 정원 (현원) table → 정원 28 and 현원 26.

    Kept on the cell after the first call: a cell belongs to one row of one table and never changes
    once loaded, and every question scans many cells (at 200 reports this was half of table QA)."""
    cached = cell.__dict__.get("_values")
    if cached is None:
        cached = _cell_values(table, row, cell)
        cell.__dict__["_values"] = cached
    return list(cached)


def _cell_values(table: TableRec, row: RowRec, cell: CellRec) -> list[Value]:
    if cell.kind not in ("number", "composite", "none"):
        return []
    col_m = column_measure(cell.col_path)
    if cell.col_path and norm(cell.col_path[-1]) == "%":  # a bare % column is the rate of its left neighbour
        left = next((c for c in row.cells if c.col == cell.col - 1), None)
        left_m = column_measure(left.col_path) if left is not None else None
        col_m = {"집행액": "집행률", "지출액": "지출률"}.get(left_m or "", "비율")
    row_m = _row_measure(row)
    main_m = col_m or row_m
    if main_m is None and cell.unit in MONEY_UNITS:
        main_m = "금액"
    if main_m is None and cell.unit == "%":
        main_m = "비율"
    head = cell.raw.split("(")[0]
    n_slash = head.count("/") + 1 if "/" in head else 1
    out: list[Value] = []
    if table.slot_slash and (n_slash > 1 or ("(" in cell.raw and table.slot_paren)):
        # "28 (26)" under a "정원 (현원)" label, "39/38 (18)" under "정원/현원": the slots name the parts
        main_m = table.slot_slash[0] if not col_m or col_m in ("정원", "현원") else main_m
    printed = re.findall(r"[△Δ\-−]?\s*\d[\d,]*(?:\.\d+)?", cell.raw) if "조" not in cell.raw else []
    out.append(Value(main_m, cell.value, cell.unit, "main", cell.is_none, _printed(printed, 0, cell.value)))
    for i, extra in enumerate(cell.extra):
        if i < n_slash - 1:
            name = table.slot_slash[i + 1] if len(table.slot_slash) > i + 1 else None
            out.append(Value(name, extra, cell.unit, f"slash{i + 1}", text=_printed(printed, i + 1, extra)))
            continue
        paren_name = table.slot_paren or _column_paren(cell.col_path)
        is_rate = "%" in cell.raw.split("(", 1)[-1]
        if is_rate:
            name = "집행률" if main_m == "집행액" else "비율"
            out.append(Value(name, extra, "%", "paren", text=_printed(printed, i + 1, extra)))
        else:
            name = paren_name
            unit = cell.unit if name in ("현원", "정원", "여성") else None
            if name is None and cell.unit in ("건", "명", "회"):
                unit = cell.unit
            out.append(Value(name, extra, unit if name != "사업수" else "개", "paren",
                             text=_printed(printed, i + 1, extra)))
    return out


def _printed(tokens: list[str], i: int, value: float | None) -> str | None:
    """The i-th number as printed, if it is the same number ('38.0' for 38.0)."""
    if value is None or i >= len(tokens):
        return None
    tok = tokens[i].replace(" ", "")
    try:
        num = float(re.sub(r"[^\d.]", "", tok))
    except ValueError:
        return None
    if abs(abs(value) - num) > 1e-9:
        return None
    digits = re.sub(r"^[△Δ\-−]", "", tok)
    return ("-" if value < 0 else "") + digits


GENERIC_TARGET_WORDS = ("규모", "현황", "관련", "내용", "금액", "액수", "얼마", "정도", "전체", "모두", "각각")


def _row_target(target: str) -> str:
    """The target without years, stray particles and words that name no row ('규모', '현황'):
    years are matched against columns instead."""
    t = re.sub(r"((?:19|20)\d{2}|['’′]\d{2})\s*(년도?|회계연도)?", " ", target)
    t = re.sub(r"(?<=[가-힣])(랑|이랑|하고|과|와)(?=\s|$)", " ", t)
    particles = {"랑", "이랑", "하고", "과", "와", "은", "는", "이", "가", "을", "를", "의", "도", "중", "및"}
    words = [w for w in t.split() if w not in GENERIC_TARGET_WORDS and w not in particles]
    return " ".join(words)


def _unit_aliases(a: Analysis) -> list[str]:
    from assistant.lexicon import ORG_WORD

    return list(a.units) + [m.group(0) for m in ORG_WORD.finditer(a.question)]


def _quarter(question: str) -> int | None:
    m = re.search(r"([1-4])\s*/\s*4\s*분기|([1-4])\s*분기", question)
    if m:
        return int(m.group(1) or m.group(2))
    if "상반기" in question:
        return 2
    return None


def _is_quarter_col(label: str, quarter: int) -> bool:
    t = label.replace(" ", "")
    return bool(re.fullmatch(rf"~?{quarter}/4", t)) or (quarter <= 2 and t == "~2/4")


def _column_paren(path: list[str]) -> str | None:
    for label in reversed(path):
        m = re.search(r"\(([가-힣]+)\)\s*$", label)
        if m:
            return m.group(1)
    return None


class TableQA:
    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self.tables = list(index.tables.values())
        descriptors = []
        for t in self.tables:
            descriptors.append(t.title)
            descriptors.extend(" ".join(r.label_path) for r in t.rows)
        self.weights = BigramWeights(descriptors)
        self._ctx: dict[str, frozenset[str]] = {}
        # per-question state, kept per thread: several users share one engine
        self._local = threading.local()
        for t in self.tables:
            # a question may name a table by its title, section, caption or its column headers
            headers = " ".join(" ".join(p) for p in t.columns)
            ctx = " ".join([t.title] + t.section[-3:] + [index.line(t.doc_id, n) for n in t.caption_lines] + [headers])
            self._ctx[t.table_id] = bigrams(ctx)

    # ------------------------------------------------------------------ scoring
    def _row_scores(self, table: TableRec, row: RowRec, q: frozenset[str],
                    aliases: list[str] = ()) -> tuple[float, float, float]:
        label = bigrams(" ".join(row.label_path))
        ctx = self._ctx[table.table_id]
        w = self.weights
        # '의사담당관' in the question, '의사' as the row: the table abbreviates unit names
        short = norm(row.label)
        expanded = next((u for u in aliases if 2 <= len(short) <= 4 and norm(u).startswith(short)), None)
        if expanded:
            label = label | bigrams(expanded)
        label_cov = w.coverage(q, label) if label else 0.0
        question_grams = getattr(self._local, "question_grams", None)
        if label and question_grams is not None:
            # the row's name written out in the question ('연면적'), even where it is also a measure word
            label_cov = max(label_cov, 0.9 * w.coverage(question_grams, label))
        q_cov = w.coverage(label | ctx, q) if q else 0.0
        q_by_label = w.coverage(label, q) if q and label else 0.0
        score = 0.45 * label_cov + 0.35 * q_cov + 0.2 * q_by_label
        return score, label_cov, q_cov

    def _allowed(self, table: TableRec, docs: set[str] | None) -> bool:
        return docs is None or table.doc_id in docs

    def scored_cells(self, a: Analysis, docs: set[str] | None, phrase: str | None = None,
                     measures: list[str] | None = None) -> list[CellHit]:
        target = phrase if phrase is not None else a.target
        q = bigrams(_row_target(target))
        self._local.question_grams = bigrams(_row_target(a.question))
        aliases = _unit_aliases(a)
        measures = a.measures if measures is None else measures
        years = [str(y) for y in a.years if not (a.report_ref and a.report_ref.startswith(str(y)))]
        quarter = _quarter(a.question)
        hits: list[CellHit] = []
        for table in self.tables:
            if not self._allowed(table, docs):
                continue
            table_years = {y for p in table.columns for y in YEAR_IN_LABEL.findall(" ".join(p))}
            if years and table_years and not (set(years) & table_years):
                continue  # the table covers other years than the one asked about
            for row in table.rows:
                row_score, label_cov, q_cov = self._row_scores(table, row, q, aliases)
                if row.kind in ("total", "subtotal"):
                    if not a.asks_total and not (row_score > 0 and q_cov > 0.6 and label_cov == 0):
                        row_score *= 0.7
                    else:
                        row_score = max(row_score, 0.45 * 1.0 + 0.35 * q_cov) if q_cov > 0.5 else row_score
                for cell in row.cells:
                    col_text = " ".join(cell.col_path)
                    col_grams = bigrams(col_text) if col_text else frozenset()
                    cell_grams = cell.__dict__.get("_grams")  # what names the cell: row, table, column
                    if cell_grams is None:
                        cell_grams = bigrams(" ".join(row.label_path)) | self._ctx[table.table_id] | col_grams
                        cell.__dict__["_grams"] = cell_grams
                    cell_q_cov = self.weights.coverage(cell_grams, q) if q else 0.0
                    for val in cell_values(table, row, cell):
                        m_score = self._measure_score(val, measures, a)
                        if m_score is None:
                            continue
                        year_bonus = 0.0
                        col_years = YEAR_IN_LABEL.findall(col_text)
                        if years and col_years:
                            year_bonus = 0.15 if any(y in col_years for y in years) else -0.25
                        elif not years and col_years and table_years and max(table_years) in col_years:
                            year_bonus = 0.05  # no year asked: the latest one
                        col_cov = self.weights.coverage(q, col_grams) if col_text else 0.0
                        total_col = 0.03 if norm(cell.col_path[-1] if cell.col_path else "") in ("계", "합계", "총계") else 0.0
                        q_bonus = 0.0
                        if quarter and cell.col_path:
                            q_bonus = 0.3 if _is_quarter_col(cell.col_path[-1], quarter) else -0.1
                        score = (row_score + 0.25 * m_score + year_bonus + 0.15 * col_cov + total_col + q_bonus
                                 + 0.1 * max(0.0, cell_q_cov - q_cov) - 0.002 * cell.col)
                        hits.append(CellHit(table, row, cell, val, score, row_score, label_cov, max(q_cov, cell_q_cov)))
        hits.sort(key=lambda h: -h.score)
        return hits

    def _measure_score(self, val: Value, measures: list[str], a: Analysis) -> float | None:
        if not measures:
            if val.part != "main":
                return None
            if a.unit_hint == "원" and val.unit not in MONEY_UNITS:
                return 0.2
            if a.unit_hint and a.unit_hint not in ("원",) and val.unit and val.unit != a.unit_hint:
                return 0.3
            return 0.6
        for i, m in enumerate(measures):
            if satisfies(m, val.measure):
                return (1.0 if m == val.measure else 0.85) - 0.2 * i
        return None

    # ------------------------------------------------------------------ answers
    def figure(self, a: Analysis, docs: set[str] | None) -> TableAnswer | None:
        hits = self.scored_cells(a, docs)
        hits = [h for h in hits if h.val.value is not None or h.val.is_none]
        hard = [m for m in a.measures if m not in SOFT_MEASURES]
        if (not hits or not self._confident(hits[0], a)) and hard != a.measures:
            hits = self.scored_cells(a, docs, measures=hard)
            hits = [h for h in hits if h.val.value is not None or h.val.is_none]
        if not hits:
            return None
        best = hits[0]
        if not self._confident(best, a):
            return None
        chosen = [best]
        wanted = a.measures[1:] if len(a.measures) > 1 else []
        for m in wanted:  # "정원과 현원은": one figure per measure, same row
            same_row = [h for h in hits if h.row is best.row and satisfies(m, h.val.measure)]
            if same_row:
                chosen.append(same_row[0])
        # the same row in other reports or dates ("시장비서실 업무추진비" in 2020.3, 2020.4, 2022)
        labels = [norm(best.row_label)] + self._sibling_labels(best, hits)
        for label in labels:
            for h in hits[1:]:
                if norm(h.row_label) != label or h.val.measure != best.val.measure or h in chosen:
                    continue
                if any(h.doc_id == c.doc_id and norm(c.row_label) == label for c in chosen):
                    continue  # one figure per report: a table repeated inside a report is the same figure
                if h.score >= best.score - 0.15 or label != labels[0]:
                    chosen.append(h)
        answer = TableAnswer("figure", chosen, self.related(best, chosen), confidence=best.score)
        answer.checks = self._rate_check(best)
        return answer

    @staticmethod
    def _sibling_labels(best: CellHit, hits: list[CellHit]) -> list[str]:
        """Other rows the question fits just as well: "업무추진비" names both 기관운영업무추진비 and
        시책추진업무추진비. Silently picking one would state a figure for the wrong line, so each is
        answered. Only when the question names part of the label, and only for near-equal scores."""
        if best.label_cov >= 0.9:
            return []
        key = norm(best.row_label)
        out: list[str] = []
        for h in hits[1:]:
            label = norm(h.row_label)
            if (label and label != key and label not in out and h.table is best.table
                    and h.val.measure == best.val.measure and h.q_cov >= best.q_cov
                    and h.score >= best.score - 0.05 and h.row.kind == "item"):
                out.append(label)
        return out

    def related(self, best: CellHit, chosen: list[CellHit]) -> list[CellHit]:
        """The other budget figures of the same row (예산현액, 집행액, 집행률), shown beside the answer."""
        have = {c.val.measure for c in chosen}
        out: list[CellHit] = []
        best_years = set(YEAR_IN_LABEL.findall(" ".join(best.cell.col_path)))
        for cell in sorted(best.row.cells, key=lambda c: c.col):
            years = set(YEAR_IN_LABEL.findall(" ".join(cell.col_path)))
            if best_years and years and years != best_years:
                continue  # the 2020 column is not a figure about the 2021 budget
            for v in cell_values(best.table, best.row, cell):
                if v.part != "main" or v.measure in have or v.measure not in ("예산현액", "집행액", "집행률", "잔액"):
                    continue
                if v.value is None and not v.is_none:
                    continue
                have.add(v.measure)
                out.append(CellHit(best.table, best.row, cell, v, 0, 0, 0, 0))
        return out[:3]

    def _confident(self, best: CellHit, a: Analysis) -> bool:
        if not a.target and not a.measures:
            return False
        if not _row_target(a.target).strip() and a.measures and a.doc_filter:
            # "시장비서실 정원은?": everything but the measure was a filter; the measure decides
            return best.val.measure is not None and best.val.measure in a.measures
        if best.label_cov >= 0.6 and best.q_cov >= 0.5:
            return True
        if best.row.kind in ("total", "subtotal") and best.q_cov >= 0.7:
            return True
        if _row_measure(best.row) and best.q_cov >= 0.6:
            return True
        if not best.row.label_path and best.q_cov >= 0.55:  # a label-less row: the table title names it
            return True
        return best.row_score >= 0.72

    def _rate_check(self, hit: CellHit) -> list[str]:
        """집행률 = 집행액 / 예산현액 recomputed; a report that disagrees with itself is flagged."""
        row = hit.row
        by_m: dict[str, float] = {}
        for cell in row.cells:
            for v in cell_values(hit.table, row, cell):
                if v.measure and v.value is not None and v.measure not in by_m and v.part == "main":
                    by_m[v.measure] = v.value
        budget, spent, rate = by_m.get("예산현액"), by_m.get("집행액"), by_m.get("집행률")
        if budget and spent is not None and rate is not None and budget > 0:
            computed = spent / budget * 100
            if abs(computed - rate) > 0.15:
                return [f"보고서의 집행률 {rate:g}%와 집행액/예산현액으로 다시 계산한 {computed:.1f}%가 다릅니다."]
        return []

    def best_table(self, a: Analysis, docs: set[str] | None, phrase: str | None = None) -> tuple[TableRec, float] | None:
        """The table an aggregate is about: its title, section and row labels cover the target."""
        q = bigrams(phrase if phrase is not None else a.target)
        best, best_score = None, 0.0
        for table in self.tables:
            if not self._allowed(table, docs) or not table.rows:
                continue
            labels = frozenset().union(*(bigrams(" ".join(r.label_path)) for r in table.rows))
            ctx = self._ctx[table.table_id]
            cov_ctx = self.weights.coverage(ctx, q)
            cov_all = self.weights.coverage(ctx | labels, q)
            wanted = [m for m in a.measures if m not in ("과부족",) + SOFT_MEASURES]
            provided = {v.measure for r in table.rows for c in r.cells for v in cell_values(table, r, c)}
            have = [m for m in wanted if any(satisfies(m, p) for p in provided)]
            if wanted and not have:
                continue
            # a table that has the measure itself (지출률) beats one with a near synonym (집행률)
            m_frac = sum(1.0 if m in provided else 0.6 for m in have) / len(wanted) if wanted else 0.5
            # a measure few tables provide (정원/현원) says more than the wording of the question
            score = 0.25 * cov_ctx + 0.25 * cov_all + 0.5 * m_frac if wanted else 0.6 * cov_ctx + 0.4 * cov_all
            if score > best_score:
                best, best_score = table, score
        return (best, best_score) if best is not None else None

    def aggregate(self, a: Analysis, docs: set[str] | None) -> TableAnswer | None:
        found = self.best_table(a, docs)
        if found is None:
            return None
        table, score = found
        if score < 0.5 if a.measures else score < 0.45:
            return None
        measures = a.measures or []
        items = [r for r in table.rows if r.kind == "item" and r.label_path]
        if len(items) <= 1 and a.agg in ("sum", "avg", "max", "min"):
            across = self._across_columns(a, table, score)  # one row, the items are its columns
            if across is not None:
                return across
        if not items:
            return None
        if "과부족" in measures or ("정원" in measures and "현원" in measures):
            return self._shortfall(a, table, items, score)
        measure = next((m for m in measures if m not in ("과부족",)), None)
        if "증감" in measures and (a.direction or a.agg in ("max", "min")):
            measure = "증감"  # "예산이 가장 많이 늘어난": the change, not the budget
        per_row: list[CellHit] = []
        for row in items:
            cands = []
            for cell in row.cells:
                for v in cell_values(table, row, cell):
                    if v.value is None:
                        continue
                    ms = self._measure_score(v, [measure] if measure else [], a)
                    if ms is None:
                        continue
                    year_ok = 0.0
                    col_years = YEAR_IN_LABEL.findall(" ".join(cell.col_path))
                    if a.years and col_years:
                        year_ok = 0.2 if any(str(y) in col_years for y in a.years[-1:]) else -0.2
                    cands.append((ms + year_ok - 0.01 * cell.col, CellHit(table, row, cell, v, ms, 1.0, 1.0, 1.0)))
            if cands:
                cands.sort(key=lambda x: -x[0])
                per_row.append(cands[0][1])
        if not per_row:
            return None
        answer = TableAnswer("aggregate", [], rows=per_row, confidence=score, agg=a.agg)
        if a.agg == "sum":
            total = sum(h.val.value for h in per_row)
            unit = per_row[0].val.unit
            answer.computed.append((f"{len(per_row)}개 항목 합계", total, unit))
            totals = [r for r in table.rows if r.kind == "total"]
            for r in totals:
                for cell in r.cells:
                    if cell.col == per_row[0].cell.col and cell.value is not None and abs(cell.value - total) > 0.5:
                        answer.checks.append(
                            f"보고서의 합계 행({cell.raw})과 항목을 더한 값({total:,.0f})이 다릅니다.")
            return answer
        if a.agg == "avg":
            avg = sum(h.val.value for h in per_row) / len(per_row)
            answer.computed.append((f"{len(per_row)}개 항목 평균", avg, per_row[0].val.unit))
            return answer
        reverse = a.agg == "max"
        if a.direction == "decrease" and measure == "증감":
            reverse = False  # "가장 많이 줄어든" = the most negative change
        ranked = sorted(per_row, key=lambda h: h.val.value, reverse=reverse)
        answer.winner = ranked[0]
        answer.hits = [ranked[0]]
        answer.rows = ranked
        return answer

    def _across_columns(self, a: Analysis, table: TableRec, score: float) -> TableAnswer | None:
        """'2016년부터 2020년까지 모두 몇 건 선정·수행됐어요?': a single row whose columns are the
        items (years); the cells whose column names the target are added up (or ranked)."""
        rows = [r for r in table.rows if r.cells]
        if len(rows) != 1:
            return None
        row = rows[0]
        q = bigrams(_row_target(a.target))
        scored = []
        for cell in row.cells:
            if cell.value is None:
                continue
            leaf = cell.col_path[-1] if cell.col_path else ""
            cov = self.weights.coverage(q, bigrams(leaf)) if leaf else 0.0
            scored.append((cov, cell))
        if not scored:
            return None
        top = max(c for c, _ in scored)
        if top < 0.5:
            return None
        chosen = [cell for cov, cell in scored if cov >= top - 1e-9]
        if a.unit_hint and a.unit_hint != "원":
            chosen = [c for c in chosen if c.unit == a.unit_hint] or chosen
        hits = [CellHit(table, row, c, cell_values(table, row, c)[0], score, 1, 1, 1) for c in chosen]
        if len(hits) < 2:
            return None
        answer = TableAnswer("aggregate", [], rows=hits, confidence=score, agg=a.agg)
        answer.by_column = True  # type: ignore[attr-defined]
        if a.agg in ("sum", "avg"):
            total = sum(h.val.value for h in hits)
            value = total if a.agg == "sum" else total / len(hits)
            answer.computed.append((f"{len(hits)}개 항목 {'합계' if a.agg == 'sum' else '평균'}", value, hits[0].val.unit))
            return answer
        ranked = sorted(hits, key=lambda h: h.val.value, reverse=a.agg == "max")
        answer.winner, answer.hits, answer.rows = ranked[0], [ranked[0]], ranked
        return answer

    def _shortfall(self, a: Analysis, table: TableRec, items: list[RowRec], score: float) -> TableAnswer | None:
        """정원 − 현원 per row, from the first column that holds both (합계)."""
        per_row: list[tuple[float, CellHit, CellHit]] = []
        for row in items:
            for cell in sorted(row.cells, key=lambda c: c.col):
                vals = {v.measure: v for v in cell_values(table, row, cell)}
                if "정원" in vals and "현원" in vals and vals["정원"].value is not None and vals["현원"].value is not None:
                    quota = CellHit(table, row, cell, vals["정원"], 1, 1, 1, 1)
                    current = CellHit(table, row, cell, vals["현원"], 1, 1, 1, 1)
                    per_row.append((vals["정원"].value - vals["현원"].value, quota, current))
                    break
        if not per_row:
            return None
        reverse = a.agg != "min"
        per_row.sort(key=lambda x: -x[0] if reverse else x[0])
        gap, quota, current = per_row[0]
        answer = TableAnswer("aggregate", [quota, current], rows=[q for _, q, _ in per_row], confidence=score,
                             agg=a.agg)
        answer.winner = quota
        answer.computed.append(("정원 − 현원", gap, quota.val.unit))
        answer.computed_rows = per_row  # type: ignore[attr-defined]
        return answer

    def compare(self, a: Analysis, docs: set[str] | None) -> TableAnswer | None:
        if len(a.items) != 2:
            return None
        shared = a.target
        for item in a.items:
            shared = shared.replace(item, " ")
        sides: list[CellHit] = []
        measures = [a.measures[-1]] if a.measures else []  # "신속집행 실적 비율이 … 더 높아요": 비율
        for item in a.items:
            hits = self.scored_cells(a, docs, phrase=f"{shared} {item}", measures=measures)
            hits = [h for h in hits if h.val.value is not None and norm(item) and
                    self.weights.coverage(bigrams(h.row_label + " " + h.column), bigrams(item)) >= 0.6]
            if a.unit_hint and a.unit_hint != "원":  # "모집 인원" compares people, not budgets
                hits = [h for h in hits if h.val.unit == a.unit_hint]
            if not hits:
                return None
            sides.append(hits[0])
        if sides[0].table is not sides[1].table:
            return None
        answer = TableAnswer("compare", sides, confidence=min(h.score for h in sides))
        v0, v1 = sides[0].val.value, sides[1].val.value
        unit = sides[0].val.unit
        answer.computed.append(("차이", abs(v0 - v1), "%p" if unit == "%" else unit))
        answer.winner = sides[0] if v0 >= v1 else sides[1]
        return answer
