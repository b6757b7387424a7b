"""The verifier decides what may be said: a number is said only when the question's item and measure
are bound to it. Each rule is shown here on a made-up line or cell, without an index."""

from __future__ import annotations

from assistant.qa.binding import bind_fact
from assistant.qa.types import Candidate, Fact, Frame, Term
from assistant.qa.verify import decide, rejection


def term(text, weight, generic=False):
    return Term(text, weight, False, generic=generic)


def prose(value, unit, label, near, context, line=10):
    return Fact(value, unit, f"{value:g}{unit}", None, "doc.txt", line, label, context, kind="prose", near=near,
                stated=near, header=label)


def candidate(frame, fact, score=0.8):
    b = bind_fact(frame, fact, "", frozenset())
    return Candidate("prose_number", "figure", score, facts=(fact,), binding=b)


COMMITTEE = Frame("도시재생 지원단은 몇 명 규모예요?", "number", counter="명",
                  terms=(term("도시", 2.0), term("재생", 3.0), term("지원단", 5.0), term("규모", 1.0, generic=True)))
HEADING = "도시재생 자문위원회 및 지원단 구성"


def test_a_number_of_a_neighbouring_item_under_the_same_heading_is_not_said():
    neighbour = prose(3, "명", "도시재생 자문위원 추천", "도시재생 자문위원 3명 추천 : 전문가 중 추천", HEADING)
    assert rejection(COMMITTEE, candidate(COMMITTEE, neighbour)) is not None


def test_a_number_whose_line_names_the_item_is_said():
    own = prose(41, "명", "", "(조직) 2과 41명 자문위원회 사무를 지원하는 '지원단' 구성", HEADING)
    assert rejection(COMMITTEE, candidate(COMMITTEE, own)) is None


def test_a_number_labelled_only_by_a_field_word_takes_the_item_of_its_heading():
    field = prose(41, "명", "인원/기간", "인원/기간 : 41명 / '24.1.1 ~ '25.12.31", "도시재생 지원단 운영")
    assert rejection(COMMITTEE, candidate(COMMITTEE, field)) is None


def test_a_figure_picked_only_by_words_every_row_has_is_refused():
    vague = Frame("운영 예산은?", "number", terms=(term("운영", 0.3, generic=True), term("예산", 0.4, generic=True)))
    fact = prose(5000, "천원", "청년교육 운영", "청년교육 운영 5,000천원", "예산 현황")
    fact = Fact(**{**fact.__dict__, "measure": "예산현액"})
    assert rejection(vague, candidate(vague, fact)) is not None


def test_another_edition_of_the_item_is_refused_and_the_item_without_edition_is_kept():
    frame = Frame("제4기 청년위원회 위원 임기는?", "number", counter="명",
                  terms=(term("제4기", 1.0, generic=True), term("청년", 2.0), term("위원회", 2.0)))
    other = prose(20, "명", "제5기 청년위원회 위원", "제5기 청년위원회 위원 20명", "제5기 청년위원회 구성")
    plain = prose(20, "명", "청년위원회 위원", "청년위원회 위원 20명", "청년위원회 운영")
    assert rejection(frame, candidate(frame, other)) is not None
    assert rejection(frame, candidate(frame, plain)) is None


def test_when_nothing_survives_the_part_is_refused_and_the_nearest_are_kept_to_show():
    neighbour = prose(3, "명", "도시재생 자문위원 추천", "도시재생 자문위원 3명 추천", HEADING)
    d = decide(COMMITTEE, [candidate(COMMITTEE, neighbour)])
    assert not d.chosen and d.refused and d.nearest


def test_a_question_repeating_the_tables_heading_names_the_row_by_the_words_after_it():
    from types import SimpleNamespace

    from assistant.qa.answerers.cell_lookup import _row_frame
    from assistant.qa.frame import analyze

    f = analyze("어르신 건강교실 및 가족 아카데미 운영 어르신 건강교실 운영 집행률은?")
    table = SimpleNamespace(title="예산현황", section=["Ⅱ. 업무계획", "11 어르신 건강교실 및 가족 아카데미 운영", "예산현황"])
    row = _row_frame(f, table)
    assert "아카데미" not in [t.text for t in row.terms] and "건강" in [t.text for t in row.terms]
    other = SimpleNamespace(title="예산현황", section=["다른 사업"])
    assert _row_frame(f, other) is f
