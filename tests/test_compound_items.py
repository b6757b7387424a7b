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
