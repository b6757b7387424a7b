"""Vocabulary is data: every word list and pattern of the answer path lives in assistant/qa/vocab,
has a docstring, and behaves as its docstring says."""

import inspect
import re

import pytest

from assistant.qa.vocab import cues, fields, measures, orgs, words
from assistant.qa.vocab.measures import column_measure, label_measure, measures_in_question, satisfies


@pytest.mark.parametrize("module", [cues, fields, words, orgs])
def test_every_list_and_pattern_is_documented(module):
    src = inspect.getsource(module)
    for name, value in vars(module).items():
        if name.isupper() and not name.startswith("_") and isinstance(value, (re.Pattern, frozenset, dict)):
            block = re.split(rf"\n{name}(?::[^=\n]*)? = ", src, maxsplit=1)[1]
            end = block.find("\n\n")
            stated = block[: end if end > 0 else len(block)]
            assert '"""' in stated, f"{module.__name__}.{name} has no docstring"


def test_time_words_are_not_generic_items():
    assert not (words.TIME_WORDS & words.GENERIC_NOUNS), words.TIME_WORDS & words.GENERIC_NOUNS


@pytest.mark.parametrize("question, names", [
    ("○○ 운영 예산은 얼마나 집행됐어요?", ["집행액"]),
    ("○○ 구축 집행율은?", ["집행률"]),
    ("편성액이 얼마예요?", ["예산현액"]),
    ("언론 정원과 현원은 몇 명이에요?", ["정원", "현원"]),
    ("예산정책연구위원회 위원장이 누구예요?", []),  # 예산 starts a name here
    ("노후시설 개선 예산 집행률은?", ["집행률"]),  # 예산 is the subject of 집행률
    ("목표 대비 실적은?", ["목표", "실적"]),
    ("운영 목표은 얼마예요?", ["목표"]),  # a misspelt particle is not a name
    ("세출예산 지출률이 몇 %나 돼?", ["지출률"]),  # the % confirms the rate named, it does not replace it
    ("○○ 사업은 몇 %예요?", ["집행률"]),  # alone, a % asks the execution rate
])
def test_measures_a_question_asks(question, names):
    from ingest.korean import kiwi

    spans = [(t.start, t.start + t.len) for t in kiwi().tokenize(question) if t.tag.startswith(("NNG", "NNP"))]
    assert [a.name for a in measures_in_question(question, spans)] == names


@pytest.mark.parametrize("path, measure", [
    (["집행액 (원인행위)"], "집행액"), (["집행률 (%)"], "집행률"), (["예 산 액"], "예산현액"),
    (["2021년 예산", "원인행위액"], "집행액"), (["2021년(사업수)"], None), (["2020년 최종(사업수)"], "예산현액"),
])
def test_table_headers_name_measures(path, measure):
    assert column_measure(path) == measure


def test_labels_that_name_a_measure_and_what_satisfies_what():
    assert label_measure("정 원") == "정원" and label_measure("의정 정보화 지원") is None
    assert satisfies("지출액", "집행액") and satisfies("예산현액", "금액") and not satisfies("정원", "현원")


@pytest.mark.parametrize("pattern, yes, no", [
    (cues.AGG_MAX, "예산이 가장 많은", "가장자리"),
    (cues.AGG_SUM, "다 합치면", "합계액 표"),
    (cues.LIST, "모두 나열해 줘", "목록표 예산"),
    (cues.FREQUENCY, "몇 년마다 열려", "몇 년 동안"),
    (cues.NEGATION, "A 말고 B", "말고기"),
    (cues.NEW_TOPIC, "아 그건 됐고, 다른 거", "그건 얼마야"),
    (cues.ANAPHORA, "그중 정보화 사업은?", "그림 전시"),
    (fields.DATE, "'21. 7. 8.(목)", "7개 도시"),
    (fields.PLACE_WORDS, "의사당 중앙홀", "중앙 정부"),
    (fields.PERSON, "김 경 위원장 등", "위원장단 간담회"),
    (orgs.ORG_WORD, "예산담당관", "예산"),
])
def test_patterns_match_what_they_are_for_and_not_the_rest(pattern, yes, no):
    assert pattern.search(yes), yes
    assert not pattern.search(no) or pattern.search(no).group(0) != no, no


def test_word_lists_do_not_overlap_where_they_would_contradict():
    assert all(isinstance(w, str) and w for w in words.FUNCTION_WORDS | words.GENERIC_NOUNS | words.TIME_WORDS)
    for short, longs in words.ABBREVIATIONS.items():
        assert all(len(long) > len(short) for long in longs)
    assert set(measures.BY_NAME) >= set(measures.SATISFIES)


@pytest.mark.parametrize("label, is_field", [
    ("인원/기간", True), ("일 시", True), ("인원 기간", True), ("일시", True), ("규모", True), ("장소 · 일시", True),
    ("의정모니터", False), ("인원 및 예산정책", False), ("", False),
])
def test_a_label_of_field_words_names_the_field_not_an_item(label, is_field):
    assert fields.names_a_field(label) is is_field


@pytest.mark.parametrize("word, edition", [("제2기", True), ("3차", True), ("제10대", True), ("2분기", True),
                                           ("2기관", False), ("제2", False), ("기획", False)])
def test_editions_and_rounds_are_read_as_qualifiers(word, edition):
    assert bool(words.ORDINAL.match(word)) is edition


def test_evidence_naming_another_edition_is_about_something_else():
    from assistant.qa.terms import other_edition
    from assistant.qa.types import Term

    asked = (Term("제2기", 1.0, False), Term("위원회", 1.0, False))
    assert other_edition(asked, "제3기 예산정책연구위원회 구성 및 운영") == ("제2기",)
    assert other_edition(asked, "제2기·제3기 위원회") == ()
    assert other_edition(asked, "예산정책연구위원회 운영 3차 회의") == (), "another kind of round says nothing"


def test_a_comparison_base_year_is_not_the_year_of_a_line():
    from assistant.qa.cells import value_years, years_in

    line = "월 최대 34만원 지급(’24년 대비 7천원 인상), 2025년 시행"
    assert years_in(line) == {2024, 2025}
    assert value_years(line) == {2025}
    assert value_years("2019년보다 2020년 증가") == {2020}


@pytest.mark.parametrize("line, text", [
    ("ㅇ (지원) 1식 9,500원", "(지원) 1식 9,500원"),
    ("❏ 사업개요", "사업개요"),
    ("▹ 세부 내용", "세부 내용"),
    ("ㅇ이라는 글자", "ㅇ이라는 글자"),  # ㅇ inside a word is not a bullet
])
def test_bullets_are_one_vocabulary(line, text):
    from assistant.qa.korean_text import clean_line
    from assistant.qa.spans import field_of

    assert clean_line(line) == text
    assert field_of("ㅇ 위 치 : 동래구 ○○로 1") == ("위치", "동래구 ○○로 1")


def test_the_items_a_counted_noun_names_in_parentheses_are_a_list():
    from assistant.qa.answerers.lists import _COUNTED_LIST

    m = _COUNTED_LIST.search("※ 협의된 전문임기제 3명(가특보, 나특보, 다수석) 별도")
    assert m and m.group("n") == "3" and m.group("items").count(",") == 2


def test_total_prefix_makes_a_measure_not_a_name():
    from ingest.korean import kiwi

    q = "△△센터 5곳 중 총사업비가 가장 큰 곳은?"
    spans = [(t.start, t.start + t.len) for t in kiwi().tokenize(q) if t.tag.startswith(("NNG", "NNP"))]
    assert [m.name for m in measures_in_question(q, spans)] == ["예산현액"]


def test_an_asked_measure_binds_only_figures_of_its_kind():
    from assistant.qa.binding import _unit_of_kind

    assert _unit_of_kind("money", "억원") and _unit_of_kind("money", None)
    assert not _unit_of_kind("money", "㎡") and not _unit_of_kind("rate", "명") and not _unit_of_kind("people", "%")
