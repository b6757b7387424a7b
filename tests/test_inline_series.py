"""Figures a line states inline, each named before its own parenthesis ('국공립(346개소), 공공형(185개소)'),
or a year series in a parenthesis that ends a sentence, are facts of their own: a sum over them adds
exactly those, and each is named by the words the report gives it."""

import re

import pytest

from assistant.qa.korean_text import clean_line, inline_items
from assistant.qa.prose import numbers_in
from assistant.qa.terms import Term, distribute_head


def test_an_inline_list_is_its_named_parentheses():
    text = "인플루엔자: 65세이상(620,479명), 6개월~13세어린이(184,655명), 임신부(7,710명)"
    got = [(label, text[a:b]) for label, a, b in inline_items(text)]
    assert got == [("65세이상", "(620,479명)"), ("6개월~13세어린이", "(184,655명)"), ("임신부", "(7,710명)")]


def test_arrows_part_the_steps_of_a_series_too():
    text = "1단계(’24.～’25. 416개소, 843백만원) → 2단계(’25.～’26. 250개소, 510백만원)"
    assert [label for label, _, _ in inline_items(text)] == ["1단계", "2단계"]


def test_a_sentence_with_a_parenthesis_in_it_is_no_list():
    assert inline_items("시의원 개별 면담을 통해 의견 청취(′21년 11회), 해결방안 모색") == []
    assert inline_items("공연단(256명) 참여로 행사 개최") == []


def test_a_line_final_year_series_counts_what_the_whole_sentence_does():
    got = numbers_in("○ 시의원 개별 면담을 통해 지역 현장의 의견 청취 및 해결방안 모색(′21년 11회, ′22년 3회)")
    assert [(n.value, n.year) for n in got] == [(11, 2021), (3, 2022)]
    assert all(n.label.startswith("시의원 개별 면담") for n in got), "the sentence names them, not its last words"


def test_a_parenthesis_inside_the_line_keeps_the_words_right_before_it():
    got = numbers_in("현장 방문 실시(′21년 3회) 및 후속 조치 점검")
    assert got[0].label == "방문 실시" or got[0].label.endswith("방문 실시")


def _term(text):
    return Term(text, 1.0, False)


def test_the_last_items_head_noun_is_every_items():
    groups = distribute_head([(_term("국공립"),), (_term("공공형"),), (_term("직장"), _term("어린이집"))])
    assert [[t.text for t in g] for g in groups] == [["국공립", "어린이집"], ["공공형", "어린이집"], ["직장", "어린이집"]]


def test_items_that_name_their_own_head_keep_their_words():
    groups = [(_term("감사"), _term("담당관")), (_term("청렴"), _term("담당관"))]
    assert distribute_head(groups) == groups


def _inline_count_lines(engine):
    """Every report line that is an inline list of counts, one count of one unit per item."""
    for doc_id in engine.index.docs:
        for n, raw in enumerate(engine.index.lines(doc_id), start=1):
            if "\t" in raw:
                continue
            text = clean_line(raw)
            items = inline_items(text)
            if len(items) < 2:
                continue
            numbers = numbers_in(text)
            per = [[x for x in numbers if a <= x.start < b and x.unit] for _, a, b in items]
            if all(len(p) == 1 for p in per) and len({p[0].unit for p in per}) == 1 and per[0][0].unit in ("건", "회", "명"):
                yield doc_id, n, [label for label, _, _ in items], [p[0].value for p in per], per[0][0].unit


def test_the_reports_have_inline_count_lists(engine):
    assert len(list(_inline_count_lines(engine))) >= 3


@pytest.mark.parametrize("k", range(3))
def test_a_sum_over_named_inline_items_adds_exactly_them(engine, k):
    lines = list(_inline_count_lines(engine))
    if k >= len(lines):
        pytest.skip("fewer inline lists")
    doc_id, n, labels, values, unit = lines[k]
    names = [re.sub(r".*:\s*", "", label) for label in labels]
    a = engine.ask(f"{', '.join(names)} 다 합치면 몇 {unit}이에요?" if len(names) > 2
                   else f"{names[0]}이랑 {names[1]} 합치면 몇 {unit}이에요?")
    total = sum(values)
    stated = f"{int(total):,}" if float(total).is_integer() else f"{total:,}"
    assert f"{stated}{unit}" in a.answer, (names, a.answer)
    assert any(c.doc == doc_id and c.lines[0] <= n <= c.lines[1] for c in a.citations)



def test_sibling_lines_that_open_with_a_year_are_that_years_items():
    from assistant.qa.answerers.aggregate import _LEADING_YEAR

    assert _LEADING_YEAR.match("2022. 1. ~ 12. : 8개구 12개소 체육시설 확충(50억원)").group(1) == "2022"
    assert _LEADING_YEAR.match("2023년 : 11개소").group(1) == "2023"
    assert _LEADING_YEAR.match("20개소 확충") is None
