"""Reading a question without an LLM: what it asks (answer type, measure, counter, operation,
years, report), what it is about (its item terms) and what it names only to exclude."""

import pytest

from assistant.qa.frame import analyze, report_refs, split_parts


def terms(q):
    return [t.text for t in analyze(q).terms]


@pytest.mark.parametrize("question, answer_type", [
    ("○○ 사업 예산현액은 얼마예요?", "number"),
    ("담당관 중 현원이 가장 많은 부서는?", "number"),
    ("소위원회에는 어떤 것들이 있어요?", "list"),
    ("△△ 특별위원회를 전부 나열해 줘", "list"),
    ("신임 주지사 이름이 뭐예요?", "person"),
    ("기념식은 언제 열려요?", "date"),
    ("학술세미나는 어디서 해?", "place"),
    ("시장비서실 주요업무는?", "overview"),
    ("심사는 몇 년마다 열려?", "frequency"),
    ("예산 규모를 알려 주세요", "number"),
])
def test_the_answer_type_comes_from_the_question_words(question, answer_type):
    assert analyze(question).answer_type == answer_type


@pytest.mark.parametrize("question, op", [
    ("예산이 가장 많은 사업은?", "max"),
    ("집행률이 제일 낮은 곳은?", "min"),
    ("세 항목을 다 합치면 얼마야?", "sum"),
    ("본청과 자치구 중 어디가 더 높아요?", "diff"),
    ("A가 B보다 많은가요?", "diff"),
    ("예산액은 얼마예요?", None),
    ("증감액은 얼마야?", None),  # a 증감 column is read, not computed
])
def test_the_operation(question, op):
    assert analyze(question).op == op


@pytest.mark.parametrize("question, counter", [
    ("정원은 몇 명이에요?", "명"), ("몇 번 열렸어?", "회"), ("몇 %예요?", "%"), ("얼마예요?", "원"),
    ("참석 인원은?", "명"), ("몇 개 사업이야?", "개"), ("얼마나 돼?", None),
])
def test_the_counter_the_answer_must_carry(question, counter):
    assert analyze(question).counter == counter


def test_two_measures_joined_are_two_parts_but_a_measure_naming_another_is_one():
    assert analyze("정원하고 현원은 몇 명이에요?").measure_names == ("정원", "현원")
    assert analyze("편성된 예산이 얼마야? 집행은 좀 됐어?").measure_names == ("예산현액", "집행액")
    assert analyze("○○ 예산 집행률은?").measure_names == ("집행률",)
    assert analyze("얼마나 집행됐는지 집행 비율로 알려 주세요").measure_names == ("집행률",)


def test_years_report_dates_and_quarters():
    f = analyze("22년 9월 비서실 보고서 기준으로, 21년에 몇 번 했어?")
    assert f.report_refs == ("2022-09",) and f.years == (2021,)
    assert analyze("2020년 4월 보고서에서 업무추진비 집행률은?").report_refs == ("2020-04",)
    assert analyze("집행계획 3/4 얼마야?").quarter == 3
    assert analyze("상반기 목표액은?").quarter == 2
    assert report_refs("'22년 보고서하고 2020년 3월 보고서")[0][0] == "2022"


def test_item_terms_leave_out_measures_cues_and_politeness():
    assert terms("의정 정보화 지원 사업 예산현액은 얼마예요?") == ["의정", "정보화", "지원", "사업"]
    assert "얼마" not in terms("화상회의 시스템 구축 예산 알려주세요")


def test_names_stay_whole():
    assert "U20" in terms("U20 시장회의 일시는?")
    assert "5급" in terms("일반직 행정직군 5급 정원은?")
    assert "행정국" in terms("행정국 인력 정원은 몇 명이에요?")
    assert "추진중" in terms("그중 아직 추진 중인 건 몇 건이야?")


def test_what_is_named_only_to_be_excluded_is_not_an_item():
    f = analyze("○○시스템 유지관리 말고 △△ 지원 쪽 예산액은?")
    assert "유지관리" not in [t.text for t in f.terms] and "지원" in [t.text for t in f.terms]
    assert analyze("2020년 최종 말고 2021년 규모는?").years == (2021,)


def test_a_gloss_in_parentheses_only_helps():
    f = analyze("언론(언론홍보실) 정원은?")
    gloss = {t.text: t for t in f.terms}["홍보실"]
    assert not gloss.strong and gloss.weight < {t.text: t for t in f.terms}["언론"].weight + 1


@pytest.mark.parametrize("phrase, parts", [
    ("본청과 자치구", ("본청", "자치구")),
    ("현안설명회·간담회·개별 면담", ("현안설명회", "간담회", "개별 면담")),
    ("참여학교 모집 인원 기준으로 청소년 의회교실이랑 민주시민 아카데미 중 모집 인원", ("청소년 의회교실", "민주시민 아카데미")),
    ("신속집행 실적 비율, 본청이랑 자치구", ("본청", "자치구")),
    ("정보화 사업 예산", ()),
])
def test_the_items_of_a_compound_phrase(phrase, parts):
    assert split_parts(phrase) == parts
