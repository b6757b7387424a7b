"""Understanding questions without an LLM: intent, measure, filters, target; and follow-ups."""

import pytest

from assistant.analysis import analyze
from assistant.conversation import Conversation, Turn
from assistant.measures import column_measure, measures_in_question


@pytest.mark.parametrize("question, intent", [
    ("의정 정보화 지원 사업 예산현액은 얼마예요?", "figure"),
    ("기획조정실 담당관 중 현원이 가장 많은 부서는?", "aggregate"),
    ("의원 교육연수활동 지원 예산 4개 항목을 합하면 얼마예요?", "aggregate"),
    ("청소년 의회교실과 민주시민 아카데미 중 어느 쪽이 더 많아요?", "compare"),
    ("정책위원회 소위원회에는 어떤 것들이 있어요?", "list"),
    ("우호협정을 추진하는 바젤슈타트 신임 주지사 이름이 뭐예요?", "fact"),
])
def test_intent(question, intent):
    assert analyze(question).intent == intent


@pytest.mark.parametrize("question, measures", [
    ("의정모니터 운영 예산은 얼마나 집행됐어요?", ["집행액"]),
    ("화상회의시스템 구축 집행율은?", ["집행률"]),
    ("편성액이 얼마예요?", ["예산현액"]),
    ("언론 정원과 현원은 몇 명이에요?", ["정원", "현원"]),
    ("제2기 예산정책연구위원회 위원장이 누구예요?", []),  # 예산 starts a name here
    ("노후시설 개선 예산 집행률은?", ["집행률"]),  # 예산 is the subject of 집행률
])
def test_measures_through_the_synonym_table(question, measures):
    assert measures_in_question(question) == measures


@pytest.mark.parametrize("path, measure", [
    (["집행액 (원인행위)"], "집행액"),
    (["집행률 (%)"], "집행률"),
    (["예 산 액"], "예산현액"),
    (["2021년 예산", "원인행위액"], "집행액"),
    (["2021년(사업수)"], None),
])
def test_table_headers_map_to_measures(path, measure):
    assert column_measure(path) == measure


def test_report_and_year_filters(engine):
    a = analyze("2020년 4월 보고서에서 시장비서실 업무추진비 집행률은?", engine.lexicon)
    assert a.report_ref == "2020-04"
    assert a.doc_filter and all(engine.index.docs[d].organization == "시장비서실" for d in a.doc_filter)
    assert "업무추진비" in a.target
    a = analyze("'22년 9월 기준 비서실 정원은?", engine.lexicon)
    assert a.report_ref == "2022-09" and a.doc_filter


def test_offices_the_reports_do_not_cover_are_recognized(engine):
    assert analyze("경기도의회 2021년 세출 예산 규모는?", engine.lexicon).unknown_orgs == ["경기도의회"]
    a = analyze("의회사무처 정보화 사업 예산은?", engine.lexicon)
    assert a.unknown_orgs == [] and a.doc_filter == {"000_acfb0ae351bc7fb8.txt"}


def test_an_office_named_in_full_selects_its_own_reports_not_every_office_of_its_kind():
    from assistant.lexicon import Lexicon

    lex = Lexicon(orgs={"누온시의회사무처": {"a.txt"}, "다리시의회사무처": {"b.txt"},
                        "서울특별시의회사무처": {"c.txt"}, "시장비서실": {"d.txt", "e.txt"}})
    a = analyze("누온시의회사무처 보고서에서 자체교육운영 예산현액은 얼마예요?", lex)
    assert a.doc_filter == {"a.txt"} and a.orgs == ["누온시의회사무처"]
    assert "누온" not in a.target and "사무처" not in a.target
    assert analyze("의회사무처 정보화 사업 예산은?", lex).doc_filter == {"c.txt"}  # 서울특별시 is the place
    assert analyze("시장비서실 업무추진비는?", lex).doc_filter == {"d.txt", "e.txt"}


def _conv_with(question, target, docs=("000_acfb0ae351bc7fb8.txt",), items=()):
    conv = Conversation()
    conv.add(Turn(question, question, target, list(docs), items=list(items)))
    return conv


def test_follow_up_with_a_demonstrative_takes_the_entity_of_the_previous_turn():
    conv = _conv_with("제2기 예산정책연구위원회 위원장이 누구예요?", "제2기 예산정책연구위원회 위원장")
    r = conv.resolve("그 위원회 운영 예산 집행률은 얼마나 돼요?")
    assert r.is_followup and r.question.startswith("제2기 예산정책연구위원회 운영")


def test_follow_up_with_geujung_narrows_the_previous_topic():
    conv = _conv_with("2019 행정사무감사 처리결과에서 건의사항은 총 몇 건이었어?", "2019 행정사무감사 처리결과에서 건의사항")
    r = conv.resolve("그중 아직 추진 중인 건 몇 건이야?")
    assert r.question == "2019 행정사무감사 처리결과에서 건의사항 중 아직 추진 중인 건 몇 건이야?"


def test_follow_up_naming_only_another_report_repeats_the_question_there():
    conv = _conv_with("2020년 3월 보고서에서 업무추진비 집행액은?", "업무추진비")
    r = conv.resolve("2020년 4월 보고서에서는?")
    assert r.is_followup and r.question.startswith("2020년 4월 보고서에서") and "업무추진비 집행액" in r.question


def test_follow_up_both_compares_the_two_previous_figures():
    conv = _conv_with("청소년 의회교실과 민주시민 아카데미 예산은?", "청소년 예산", items=["청소년 의회교실", "민주시민 아카데미"])
    r = conv.resolve("둘 중 어느 쪽이 더 많아?")
    assert "청소년 의회교실과 민주시민 아카데미 중" in r.question


def test_an_elliptical_question_continues_the_topic_but_a_full_question_does_not():
    conv = _conv_with("서울-지방 연계 온라인 방과 후 학습지원 사업에는 대학생이 몇 명 참여해?",
                      "서울-지방 연계 온라인 방과 후 학습지원 사업")
    assert conv.resolve("중학생은 몇 명이야?").is_followup
    assert not conv.resolve("의정모니터 운영 예산현액은 얼마예요?").is_followup


def test_conversations_are_isolated(engine):
    a, b = engine.conversations.get("alice"), engine.conversations.get("bob")
    engine.ask("제2기 예산정책연구위원회 위원장이 누구예요?", a)
    answer_b = engine.ask("그 위원회 운영 예산 집행률은 얼마나 돼요?", b)
    assert "예산정책연구위원회" not in answer_b.rewritten_question
    answer_a = engine.ask("그 위원회 운영 예산 집행률은 얼마나 돼요?", a)
    assert "예산정책연구위원회" in answer_a.rewritten_question and "38.0" in answer_a.answer
