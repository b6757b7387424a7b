"""'A랑 B 예산 알려줘' asks one figure of each of two items: each is answered from its own row, and the
question is read as one item when a part finds only a neighbour or both parts find the same figure."""

import re

from assistant.qa.frame import split_parts
from assistant.qa.korean_text import josa
from ingest.tables import SUBTOTAL_LABELS, TOTAL_LABELS


def test_a_colloquial_rang_between_two_nouns_joins_them():
    assert split_parts("기획담당관이랑 조직담당관") == ("기획담당관", "조직담당관")
    assert split_parts("○○시 합계출산율이랑 출생아") == ("합계출산율", "출생아")


def test_two_items_joined_get_a_figure_each_from_their_own_rows(engine):
    a = engine.ask("기획조정실 기획담당관이랑 조직담당관 예산 알려줘")
    assert "1,047" in a.answer and "101,929" in a.answer
    assert len(a.citations) == 2


def test_a_name_that_holds_a_conjunction_stays_one_item(engine):
    a = engine.ask("의회청사 공간재배치와 내진보강 예산현액은?")
    assert "8,940,200" in a.answer and a.answer.count("천원(") == 2, "one row's figure (and its 집행액), no split"


def _head_count_rows(engine):
    """The 정원 and 현원 rows of each head-count table whose rows are the measures (columns are ranks)."""
    for table in engine.index.tables.values():
        rows = {r.label: r for r in table.rows}
        if "정원" in rows and "현원" in rows:
            yield rows["정원"], rows["현원"]


def _rank_head_counts(engine):
    """(rank, 정원, 현원) of every '…상당' column named once, whose two head counts differ."""
    for quota, current in _head_count_rows(engine):
        for qc, cc in zip(quota.cells, current.cells):
            rank = qc.col_path[-1] if qc.col_path else ""
            if (qc.value is None or cc.value is None or qc.value == cc.value or not rank.endswith("상당")
                    or sum(c.col_path[-1:] == [rank] for c in quota.cells) != 1):
                continue
            yield rank, qc.value, cc.value


def test_a_second_clause_without_a_measure_asks_the_other_figure_of_the_item(engine):
    # "정원은 몇 명이고 지금은 몇 명": the second clause names no measure; the figure the first clause
    # already gives is not what it asks, so it gets the other row's figure, never the same one twice
    _answers_both_head_counts(engine, "2022년 시장비서실 {rank} 정원은 몇 명이고 지금은 몇 명이에요?")


def _answers_both_head_counts(engine, question):
    """Asked of every rank with two different head counts, the answer states both of that rank's."""
    checked = 0
    for rank, quota, current in _rank_head_counts(engine):
        a = engine.ask(question.format(rank=rank))
        assert f"{quota:,.0f}명" in a.answer and f"{current:,.0f}명" in a.answer, (rank, a.answer)
        checked += 1
    assert checked >= 2


def _budget_rows(engine, limit=5):
    """Item rows of budget tables that state both 예산현액 and 집행률, with those two values."""
    out = []
    for table in sorted(engine.index.tables.values(), key=lambda t: t.table_id):
        heads = [" ".join(p).replace(" ", "") for p in table.columns]
        if not any("예산현액" in h for h in heads) or not any("집행률" in h for h in heads):
            continue
        for row in table.rows:
            cells = {" ".join(c.col_path).replace(" ", ""): c for c in row.cells}
            budget = next((c for h, c in cells.items() if "예산현액" in h), None)
            rate = next((c for h, c in cells.items() if "집행률" in h), None)
            name = " ".join(row.label_path)
            if row.kind == "item" and budget and rate and budget.value and rate.value and 6 <= len(name) <= 20:
                out.append((name, budget.value, rate.value))
                break
    return out[:limit]


def test_how_much_asks_each_of_two_measures_in_its_own_unit(engine):
    # "예산현액이랑 집행률은 얼마예요?": 얼마 asks money of the budget and a rate of the 집행률
    rows = _budget_rows(engine)
    assert len(rows) >= 3
    for name, budget, rate in rows:
        a = engine.ask(f"{name} 예산현액하고 집행률 각각 얼마인가요?")
        assert f"{budget:,.0f}" in a.answer and f"{rate:g}%" in a.answer, (name, a.answer)
        assert "찾지 못했습니다" not in a.answer


def _compound_head_counts(engine, limit=6):
    """Rows of the 정원 (현원) tables whose 합계 cell holds two different head counts ('22 (23)')."""
    from assistant.qa.vocab.measures import label_measure

    out = []
    for table in sorted(engine.index.tables.values(), key=lambda t: t.table_id):
        if table.slot_paren != "현원":
            continue
        for row in table.rows:
            cell = next((c for c in row.cells if c.col_path and c.col_path[0].replace(" ", "") == "합계"), None)
            if (row.kind == "item" and cell and cell.value and cell.extra and cell.extra[0]
                    and cell.extra[0] != cell.value and len(row.label) >= 2
                    and label_measure(row.label) is None):  # '예산' names a measure before a department
                out.append((row.label, cell.value, cell.extra[0]))
    return out[:limit]


def test_a_part_named_by_no_word_takes_the_other_figure_of_the_same_cell(engine):
    # "정원이 몇 명이고 실제로는 몇 명": the second part names nothing, so it is the cell's other
    # figure (현원), never a figure of another column of the row
    rows = _compound_head_counts(engine)
    assert len(rows) >= 3
    for name, quota, current in rows:
        a = engine.ask(f"의회사무처 {name} 부서는 정원이 몇 명이고 실제로는 몇 명 있어요?")
        assert f"정원 {quota:,.0f}명" in a.answer and f"현원 {current:,.0f}명" in a.answer, (name, a.answer)


def test_a_part_named_by_no_word_over_a_table_whose_rows_are_measures(engine):
    # a '정원' row over a '현원' row: the unnamed part is the same column's figure in the other row,
    # never the next column of the 정원 row
    _answers_both_head_counts(engine, "'22년 9월 기준 시장비서실 {rank} 정원이 몇 명이고 실제로는 몇 명 있어요?")


def test_a_second_clause_named_by_its_verb_takes_its_column_of_the_row(engine):
    # "몇 건 들어왔고 몇 건 재결했어요": the second clause names 재결 by a verb; the first names nothing,
    # so it is another column of that one-row table, not a count from a line elsewhere
    table = next(t for t in engine.index.tables.values()
                 if any("재결" in " ".join(c) for c in t.columns) and len(t.rows) == 1)
    cells = {" ".join(c.col_path).replace(" ", ""): c.value for c in table.rows[0].cells}
    decided = next(v for h, v in cells.items() if "재결" in h)
    a = engine.ask("행정심판 올해 몇 건 들어왔고 몇 건 재결했어요?")
    assert f"{decided:,.0f}건" in a.answer
    assert all(n.replace(",", "").isdigit() and float(n.replace(",", "")) in cells.values()
               for n in __import__("re").findall(r"([\d,]+)건", a.answer)), a.answer


def test_a_count_and_an_amount_asked_in_one_clause_are_two_parts(engine):
    # "몇 개 사업에 얼마예요?": the (사업수) part of the cell and its amount, each named
    checked = 0
    for table in sorted(engine.index.tables.values(), key=lambda t: t.table_id):
        if not any("사업수" in " ".join(c) for c in table.columns):
            continue
        for row in table.rows:
            cell = next((c for c in row.cells if c.col_path and "2021" in " ".join(c.col_path)), None)
            if row.kind != "item" or cell is None or not cell.value or not cell.extra or not cell.extra[0] \
                    or len(row.label) < 4 or checked >= 4:
                continue
            a = engine.ask(f"기조실 {row.label} 2021년 일반회계는 몇 개 사업에 얼마예요?")
            assert f"{cell.extra[0]:,.0f}개" in a.answer and f"{cell.value:,.0f}" in a.answer, (row.label, a.answer)
            checked += 1
    assert checked >= 3


def _row_then_column_questions(engine):
    """(question, row value, column value) for count tables with a total row: the first clause names
    an item row, the second only a column, whose total-row figure differs from the item row's."""
    for table in sorted(engine.index.tables.values(), key=lambda t: t.table_id):
        totals = [r for r in table.rows if r.kind == "total"]
        items = [r for r in table.rows if r.kind == "item" and r.label_path and len(r.label) <= 12]
        if not totals or len(items) < 2:
            continue
        for row in items:
            cells = [c for c in row.cells if c.value is not None and c.unit in ("건", "명") and c.col_path
                     and c.col_path[-1].replace(" ", "") not in TOTAL_LABELS | SUBTOTAL_LABELS
                     and not re.search(r"[/(]", c.raw)]  # one figure per cell: no 정원/현원 pairs
            if len(cells) < 3:
                continue
            first, second = cells[0], cells[1]
            total = next((c for c in totals[0].cells if c.col == second.col), None)
            name = " ".join(second.col_path[-1].split())
            if total is None or total.value == second.value or len(name) > 8 or not re.fullmatch(r"[가-힣]+", name):
                continue
            title = table.title or (table.section[-1] if table.section else "")
            yield (f"{title} 중 {josa(' '.join(row.label.split()), '은/는')} {first.col_path[-1]} 몇 {first.unit}이고, "
                   f"{josa(name, '은/는')} 몇 {second.unit}이야?", first.value, second.value)
            break


def test_a_second_clause_that_names_only_a_column_asks_it_of_the_first_clauses_row(engine):
    # "건의사항은 몇 건이고, 추진완료된 건 몇 건?": the 추진완료 of 건의사항, not of the 계 row
    cases = list(_row_then_column_questions(engine))
    assert cases, "the reports have count tables with a total row"
    for question, a_value, b_value in cases[:4]:
        answer = engine.ask(question).answer
        assert f"{int(b_value):,}" in answer, (question, answer)
