"""Summing up a report: a summary asked in any words gets the report's own outline, the plan's
parts under the heading that holds them; '올해' and '작년' are the years of the reports asked about;
bullets drawn in a symbol font still nest the lines under them."""

import pytest

from assistant.index import DocInfo
from assistant.qa.linetree import line_rank
from assistant.qa.scope import anchored_question
from assistant.qa.types import Scope


def _doc(doc_id, date):
    return DocInfo(doc_id, doc_id, "○○국", False, date, [], None, "pdf", 10, 0, 1)


DOCS = {"a": _doc("a", "2025-02-10"), "b": _doc("b", "2025-02-11"), "c": _doc("c", "2021-04-19")}


def test_this_year_and_last_year_are_the_year_of_the_reports_in_scope():
    scope = Scope(frozenset({"a", "b"}))
    assert anchored_question("작년이랑 비교해서 올해는 얼마나 늘어?", scope, DOCS) == "2024년이랑 비교해서 2025년은 얼마나 늘어?"
    assert anchored_question("내년 목표는?", Scope(frozenset({"c"})), DOCS) == "2022년 목표는?"


def test_reports_of_different_years_leave_this_year_unread():
    assert anchored_question("올해 예산은?", Scope(None), DOCS) is None
    assert anchored_question("2024년 예산은?", Scope(frozenset({"a"})), DOCS) is None, "nothing to anchor"


def test_a_base_year_word_of_a_column_is_not_a_year_asked():
    assert anchored_question("전년 대비 증감은?", Scope(frozenset({"a"})), DOCS) is None
    assert anchored_question("작년대비 증감률은?", Scope(frozenset({"a"})), DOCS) is None


@pytest.mark.parametrize("task, point", [
    ("\uf000 맞춤형 시민교육 지원", "○ 전 연령 대상별 교육"),
    ("▣ 2024년 신청 추진 공모사업", "○ 세부 내용"),
    ("▢ 장사시설 안정적 수급", "○ 봉안당 증축"),
])
def test_a_task_bullet_in_a_symbol_font_holds_the_points_under_it_like_a_square(task, point):
    assert line_rank(task, None) == line_rank("□ 과제", None) < line_rank(point, None)


def test_a_sections_aims_above_its_tasks_are_their_siblings():
    assert line_rank("◈ 사전예방 감사로 예산절감", None) == line_rank("□ 사전 컨설팅감사", None)


def test_a_summary_in_other_words_lists_the_plans_parts(engine):
    a = engine.ask("기획조정실 업무보고 내용을 한눈에 짚어 줘")
    assert not a.abstained
    for part in ("시정의 안정적 운영 지원", "대내외 교류협력 강화로 도시위상 제고"):
        assert part in a.answer


def test_a_summary_of_a_report_as_a_whole_gives_its_top_level_parts_with_the_plan_under_them(engine):
    a = engine.ask("시장비서실 2020년 4월 보고서에는 무슨 내용이 담겼어?")
    assert not a.abstained
    assert "일반 현황" in a.answer and "주요 업무" in a.answer
    assert "민생 중심의 현장방문 일정 기획" in a.answer, "the plan's parts are named, not only its heading"


def test_a_heading_the_question_names_wins_over_the_whole_report(engine):
    a = engine.ask("2022년 보고서에서 시장비서실 주요 기능을 정리해 줘")
    assert "민생현장 중심 시장 일정기획" in a.answer and "일반현황:" not in a.answer
