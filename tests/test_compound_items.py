"""'A랑 B 예산 알려줘' asks one figure of each of two items: each is answered from its own row, and the
question is read as one item when a part finds only a neighbour or both parts find the same figure."""

from assistant.qa.frame import split_parts


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


def test_a_second_clause_without_a_measure_asks_the_other_figure_of_the_item(engine):
    # "정원은 몇 명이고 지금은 몇 명": the second clause names no measure; the figure the first clause
    # already gives is not what it asks, so it gets the other row's figure, never the same one twice
    checked = 0
    for quota, current in _head_count_rows(engine):
        for qc, cc in zip(quota.cells, current.cells):
            rank = qc.col_path[-1] if qc.col_path else ""
            if (qc.value is None or cc.value is None or qc.value == cc.value or not rank.endswith("상당")
                    or sum(c.col_path[-1:] == [rank] for c in quota.cells) != 1):
                continue
            a = engine.ask(f"2022년 시장비서실 {rank} 정원은 몇 명이고 지금은 몇 명이에요?")
            assert f"{qc.value:,.0f}명" in a.answer and f"{cc.value:,.0f}명" in a.answer, (rank, a.answer)
            checked += 1
    assert checked >= 2
