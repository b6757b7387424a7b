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


def _letters(text):
    import re

    return re.sub(r"[^가-힣0-9A-Za-z]", "", text)


def _enumerated_sections(engine, limit=6):
    """Headings of the reports whose own list is numbered ① ② …, with that list (from the section tree)."""
    import re

    out = []
    for doc_id in sorted(engine.index.docs):
        tree = engine.res.trees.of(doc_id)
        for line, _, title in engine.index.docs[doc_id].outline:
            kids = [engine.index.line(doc_id, m).strip(" -") for m in tree.children(line)]
            kids = [k for k in kids if k]
            run = []
            for k in kids:
                if not k or ord(k[0]) - 0x2460 != len(run):
                    break
                run.append(k[1:].strip())
            name = re.sub(r"^\s*[\dⅠ-Ⅹ]+\.?\s*", "", title).strip()
            if len(run) >= 3 and 6 <= len(name) <= 30:
                out.append((name, run))
    return out[:limit]


def test_a_part_of_the_report_asked_for_its_gist_lists_its_numbered_tasks(engine):
    sections = _enumerated_sections(engine)
    assert len(sections) >= 3
    for name, run in sections:
        for ask in (f"{name} 분야는 한마디로 무엇을 하려는 건가요?", f"{name} 분야에서 추진하는 건 어떤 과제들이죠?"):
            a = engine.ask(ask)
            missing = [t for t in run if _letters(t)[:10] not in _letters(a.answer)]
            assert not missing, (ask, missing, a.answer)


def test_a_project_asked_by_name_shows_what_is_under_its_template_subheadings(engine):
    a = engine.ask("2022년 시장비서실 보고의 지방자치 구현 상호협력 항목에는 어떤 내용이 담겼나요?")
    assert "인사권 독립" in a.answer, "the points under 추진실적 및 계획, not only the subheading"


def test_a_plan_part_asked_with_what_is_an_outline_not_a_figure():
    from assistant.qa.frame import analyze

    f = analyze("○○국 2025년 업무계획의 목표랑 추진전략이 뭐예요?")
    assert f.answer_type == "overview" and not f.measures
    assert analyze("○○ 사업 목표는 몇 건이에요?").measures, "a target asked as a count stays a measure"
