"""Follow-ups made standalone from the conversation's slots: carried on purpose, reset by a new topic."""

import dataclasses

from assistant.qa.frame import analyze
from assistant.qa.resolve import Conversation
from assistant.qa.types import Resolved


def turn(conv, question):
    r = conv.resolve(question, analyze)
    conv.remember(r, analyze(r.question), ["doc.txt"], [])
    return r


def test_a_measure_alone_asks_it_about_the_last_topic():
    conv = Conversation()
    turn(conv, "의정 정보화 지원 예산현액은 얼마예요?")
    r = conv.resolve("그 항목 집행률은요?", analyze)
    assert r.is_followup and "의정 정보화 지원" in r.question and "집행률" in r.question


def test_a_demonstrative_takes_the_entity_it_points_to():
    conv = Conversation()
    turn(conv, "제2기 예산정책연구위원회 위원장이 누구예요?")
    r = conv.resolve("그 위원회 운영 예산 집행률은 얼마나 돼요?", analyze)
    assert "제2기 예산정책연구위원회" in r.question


def test_among_narrows_the_last_topic():
    conv = Conversation()
    turn(conv, "2019 행정사무감사 건의사항은 총 몇 건이었어?")
    r = conv.resolve("그중 아직 추진 중인 건 몇 건이야?", analyze)
    assert r.question.startswith("2019 행정사무감사 건의사항 중")


def test_another_report_repeats_the_last_question_there():
    conv = Conversation()
    turn(conv, "22년 9월 비서실 보고서에서 업무추진비 집행률 얼마야?")
    r = conv.resolve("2020년 3월 보고서에서는?", analyze)
    assert r.question.startswith("2020년 3월 보고서에서") and "22년 9월" not in r.question
    assert "업무추진비" in r.question


def test_what_about_x_asks_the_last_measure_about_x():
    conv = Conversation()
    turn(conv, "의정모니터 운영 집행률은?")
    r = conv.resolve("의회보 발행은?", analyze)
    assert "의회보 발행" in r.question and "집행률" in r.question
    turn(conv, "○○ 사업 목표는 몇 건이에요?")
    assert conv.resolve("△△ 사업은?", analyze).question.endswith("목표는?"), "the particle fits the measure word"


def test_a_new_topic_keeps_its_own_measure_and_nothing_else():
    conv = Conversation()
    turn(conv, "의정모니터 운영 집행률은?")
    r = conv.resolve("화상회의시스템 구축 예산은?", analyze)
    assert not r.is_followup and "집행률" not in r.question
    r = conv.resolve("아 그건 됐고, 서울의회보 발행 예산은?", analyze)
    assert not r.is_followup and r.question.startswith("서울의회보") and "의정모니터" not in r.question


def test_a_year_alone_continues_the_topic_with_its_own_measure():
    conv = Conversation()
    turn(conv, "법률지원담당관 집행률은?")
    r = conv.resolve("2019년 예산은?", analyze)
    assert "법률지원담당관" in r.question and "예산" in r.question and "집행률" not in r.question


def test_a_first_question_is_taken_as_it_is():
    assert Conversation().resolve("  예산은  얼마?", analyze) == Resolved("예산은 얼마?", "예산은 얼마?")


def test_a_member_of_the_topic_is_asked_about_the_topic_which_stays():
    conv = Conversation()
    turn(conv, "제4기 도시재생자문위원회 위원장은 누구예요?")
    r = turn(conv, "위원은 몇 명이에요?")
    assert r.question.startswith("제4기 도시재생자문위원회 위원") and r.keeps_topic
    assert conv.slots.topic == "제4기 도시재생자문위원회", "the asked field (위원장) is not part of the topic"
    r = conv.resolve("그 위원회 예산 집행률은?", analyze)
    assert r.question.count("도시재생자문위원회") == 1


def test_a_turn_about_something_else_is_not_glued_to_the_topic():
    conv = Conversation()
    turn(conv, "제4기 도시재생자문위원회 위원장은 누구예요?")
    r = conv.resolve("청년정책 예산은 얼마예요?", analyze)
    assert not r.is_followup and "도시재생" not in r.question


def test_a_moved_year_asks_the_last_question_about_that_year():
    conv = Conversation()
    turn(conv, "○○과 2021년 △△기금 규모는 얼마예요?")
    r = conv.resolve("작년엔?", analyze)
    assert "2020년 △△기금" in r.question and "2021" not in r.question


def test_the_year_and_the_measure_carry_into_a_part():
    conv = Conversation()
    turn(conv, "○○과 기금들 2021년 예산 합계는요?")
    r = conv.resolve("그중에 △△기금은?", analyze)
    assert "2021년" in r.question and "△△기금 예산" in r.question


def test_an_item_alone_asks_the_last_measure_as_of_the_same_date():
    conv = Conversation()
    turn(conv, "○○실 운영비 집행률, 21년 6월 기준으로 알려줘")
    r = conv.resolve("△△운영비만 보면?", analyze)
    assert "2021년 6월 기준" in r.question and r.question.endswith("△△운영비 집행률은?")


def test_a_month_alone_asks_the_last_question_in_that_months_report_of_the_same_year():
    conv = Conversation()
    turn(conv, "2020년 3월 업무보고('20.1.31. 기준)에서 ○○실 현원이 몇 명이었어?")
    r = conv.resolve("5월 보고서로는요?", analyze)
    assert r.question.startswith("2020년 5월 보고서에서") and "○○실 현원" in r.question
    assert "3월" not in r.question and "1.31" not in r.question  # the old report and its as-of date are gone


def test_a_moved_year_after_a_relative_year_moves_the_relative_word():
    conv = Conversation()
    turn(conv, "○○ 보고서 보면 △△ 설명회 올해 몇 번 했어?")
    r = conv.resolve("작년엔요?", analyze)
    assert "작년 몇 번" in r.question and "올해" not in r.question


def test_a_moved_year_keeps_the_year_of_the_report_asked():
    conv = Conversation()
    turn(conv, "'22년 9월 보고서 보면 △△ 설명회 2022년 몇 번 했어?")
    r = conv.resolve("작년엔요?", analyze)
    assert "'22년 9월 보고서" in r.question and "2021년 몇 번" in r.question


def test_a_turn_of_a_few_words_of_its_own_is_first_read_about_the_topic():
    conv = Conversation()
    turn(conv, "○○국에서 하는 △△ 마켓이 어떤 사업이에요?")
    r = conv.resolve("참여자 한 사람당 얼마까지 지원받아요?", analyze)
    alt = conv.with_topic(r, analyze)
    assert alt is not None and alt.keeps_topic and "△△ 마켓 참여자 한 사람당" in alt.question
    # a turn that names an office of its own, or many words, is a question of its own
    assert conv.with_topic(conv.resolve("□□국 청년 일자리 주거 지원 예산은?", analyze), analyze) is None


def test_there_points_at_the_item_last_answered_inside_the_topic(engine):
    # the engine's reading, which knows 공무원 is a generic word
    conv, read = Conversation(), engine.analyze
    r = conv.resolve("○○실 인력 현황 좀 알려줘", read)
    conv.remember(r, read(r.question), ["doc.txt"], [])
    r = conv.resolve("○○실 인력 현황 예산담당관은 정원이 몇 명이야?", read)
    conv.remember(dataclasses.replace(r, keeps_topic=True), read(r.question), ["doc.txt"], ["예 산 담 당 관"])
    r = conv.resolve("거기 여성 공무원은 몇 명이고?", read)
    assert "예산담당관" in r.question and "인력 현황" in r.question, r.question
    conv.remember(r, read(r.question), ["doc.txt"], ["계"])
    assert "계" not in conv.resolve("거기 현원은?", read).question.split(), "a total is no place to point at"
