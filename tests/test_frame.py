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
    ("△△국 업무계획 큰 틀만 짚어 줘", "overview"),
    ("○○실 보고서는 무슨 내용이야?", "overview"),
    ("○○국 비전하고 추진과제 위주로 정리해 줘", "overview"),
    ("○○ 행사는 무슨 내용이야?", "what"),
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


@pytest.mark.parametrize("question, op, term", [
    ("월 최대 얼마 받을 수 있나요?", None, "최대"),  # the fact's own limit: the word is in the evidence
    ("1인당 최고 한도는 얼마예요?", None, "최고"),
    ("사업 중 예산이 최대인 곳은?", "max", None),  # a set to choose from: an aggregate
    ("가장 많은 사업은 뭐예요?", "max", None),
])
def test_a_limit_word_is_an_aggregate_only_over_a_set(question, op, term):
    f = analyze(question)
    assert f.op == op
    if term:
        assert term in [t.text for t in f.terms]


@pytest.mark.parametrize("question", ["처리기간이 며칠로 단축됐나요?", "참여자가 몇 명으로 늘었나요?",
                                      "내년부터 수수료가 얼마로 달라지나요?"])
def test_a_change_to_a_value_asks_the_value_reached(question):
    f = analyze(question)
    assert f.op is None and not any(m.name == "증감" for m in f.measures)


def test_a_count_of_days_is_not_a_date():
    f = analyze("심사기간은 며칠로 줄었나요?")
    assert f.counter == "일" and "date" not in f.attributes


@pytest.mark.parametrize("question", ["매달 얼마씩 주나요?", "비용을 얼마나 절약했나요?", "투자액 확인 부탁해요"])
def test_money_asked_without_a_measure_word(question):
    assert analyze(question).counter == "원"


def test_a_measure_named_in_a_remark_is_not_asked():
    f = analyze("○○기금은 얼마로 편성됐나요? 작년보다 늘었다던데요.")
    assert not any(m.name == "증감" for m in f.measures)


def test_a_measure_word_inside_an_office_name_is_the_office():
    f = analyze("여성가족국 보육과 예산은?", [("여성가족국", (0, 5))])
    assert [m.name for m in f.measures] == ["예산현액"]


def test_request_words_are_not_item_words():
    assert terms("○○실 주요업무 요점만 간략히 정리해 주세요") == terms("○○실 주요업무")


def test_two_asks_in_two_clauses_are_two_questions_about_one_subject():
    from assistant.qa.frame import ask_clauses

    assert ask_clauses("○○담당관 일반회계 예산은 얼마고 사업은 몇 개인가요?") == [
        "○○담당관 일반회계 예산은 얼마고", "○○담당관 일반회계 사업은 몇 개인가요?"]
    assert ask_clauses("○○ 사업 몇 건 했고 참여자는 몇 명이야?")[1] == "○○ 사업 참여자는 몇 명이야?"
    assert ask_clauses("정원과 현원은 몇 명이에요?") == []  # one ask, two measures: split by measure


def test_a_clause_ending_keeps_both_measures():
    f = analyze("○○과 정원, 현원이 어떻게 되고 여성은 몇 명이야?")
    assert [m.name for m in f.measures] == ["정원", "현원", "여성"]


def test_a_category_no_report_writes_is_the_kind_of_answer():
    from assistant.qa.terms import TermStats

    stats = TermStats([["대사", "참석"], ["회의"]], "대사 참석 회의")
    f = analyze("회의에는 어느 나라 대사들이 참석하나요?", stats=stats)
    nara = [t for t in f.terms if t.text == "나라"]
    assert nara and not nara[0].strong and nara[0].generic


@pytest.mark.parametrize("question, counter", [
    ("봉안기수는 몇 기를 확보하나요?", "기"),  # the particle is not part of the counter
    ("납골 시설은 몇 기나 들어가요?", "기"),
    ("참석자는 몇 명쯤이에요?", "명"),
    ("몇 나라가 참여해?", "나라"),  # a counter that starts like a particle is still whole
    ("긴급치료병상은 몇 병상 운영해?", "병상"),
    ("평일 저녁에도 진료하는 곳은 몇 군데예요?", "곳"),  # 군데 is 곳
    ("홍보 사업 지출액은 몇 백만원이에요?", "원"),  # an amount in the report's unit, not a counter 백
    ("의원회관은 몇 년도에 지어졌어?", "년"),
])
def test_the_counter_is_the_word_after_몇_without_its_particle(question, counter):
    assert analyze(question).counter == counter


def test_preparing_for_something_is_no_comparison():
    assert analyze("감염병 대규모 유행에 대비해서 긴급치료병상은 몇 병상 운영해?").op is None
    assert analyze("목표 대비 실적은?").op == "diff"


def test_a_noun_ending_in_a_counted_noun_is_what_is_counted_not_a_required_word():
    seats = {t.text: t for t in analyze("사직야구장 관람석이 몇 석 규모야?").terms}
    assert seats["관람석"].generic  # '21,000석' need not write 관람석
    assert not seats["야구장"].generic
    members = {t.text: t for t in analyze("의원 교육연수 예산은 몇 백만원이에요?").terms}
    assert not members["의원"].generic  # 원 ends many nouns: 의원 is no count of 원


def test_a_count_the_question_states_for_a_list_is_kept():
    assert analyze("세계유산 등재를 추진하는 9개 유산을 알려줘.").wanted_count == 9


def test_a_date_question_names_its_event_by_the_words_a_report_uses():
    opening = analyze("중부산아동보호전문기관은 언제 문 열어요?").event_words
    assert "개소" in opening and "체결" not in opening
    assert analyze("착공은 언제 해요?").event_words == ("착공",)
    assert analyze("예산은 얼마예요?").event_words == ()  # only a date question has an event


def test_a_head_count_word_under_another_counter_names_the_item():
    # '여성' asks a head count only where people are counted; '몇 곳' counts places for women
    f = analyze("임산부 여성 검진은 지정 보건소 몇 곳에서 받을 수 있나요?")
    assert f.counter == "곳" and not f.measures
    assert "여성" in [t.text for t in f.terms]
    assert [m.name for m in analyze("보육과 여성 직원은 몇 명이야?").measures] == ["여성"]


def test_a_word_ending_in_율_does_not_turn_a_money_question_into_a_rate():
    assert analyze("버스 환승 할인율이 맞는지 보는 연구에 예산이 얼마 들어가요?").counter == "원"
    assert analyze("홍보 사업 예산 집행률이 얼마야?").counter == "%"


@pytest.mark.parametrize("question, counter", [
    ("도매시장 수입 과일 물량은 2018년에 얼마였지?", None),  # tonnes, whatever unit the table gives
    ("청사 연면적은 얼마나 돼?", None),
    ("도매시장 수입 과일 거래금액은 2018년에 얼마였지?", "원"),
    ("거래물량 대비 예산은 얼마야?", "원"),
])
def test_얼마_of_a_quantity_that_is_not_money_asks_its_own_unit(question, counter):
    assert analyze(question).counter == counter


@pytest.mark.parametrize("question", [
    "청년 취업률이 2015년하고 2022년에 각각 얼마였고 얼마나 올랐지?",
    "다자녀 가구는 2018년에서 2022년 사이 얼마나 줄었나?",
    "청렴도 점수가 2023년하고 2024년 사이에 얼마나 떨어졌어?",
])
def test_a_change_between_two_named_years_is_a_comparison(question):
    assert analyze(question).op == "diff"


def test_얼마를_받아요_asks_money():
    assert analyze("자원봉사에 나가면 하루 수당으로 얼마를 받나요?").counter == "원"


def test_an_asked_증감_column_is_read_not_computed():
    assert analyze("총무과 특별회계, 19년 대비 20년 증감액은 얼마지?").op is None
    assert analyze("시민 만족도가 2022년보다 얼마나 올랐나?").op == "diff"


def test_the_words_that_say_which_outline_are_no_item_words_of_an_overview():
    assert terms("올해 역점과제를 큰 틀에서 요약해 줘") == []
    assert "비전" not in terms("○○국 비전과 정책과제 중심으로 개요 알려줘")
    assert "비전" in terms("비전센터 예산은 얼마예요?"), "outside an overview the word names an item"


def test_a_year_after_boda_is_the_base_of_a_change_not_a_second_item():
    f = analyze("△△기금은 2020년보다 얼마나 줄었어?")
    assert f.op == "diff" and f.parts == () and f.years == (2020,)


def test_a_figure_per_person_or_month_is_marked_and_what_it_is_per_is_no_item():
    f = analyze("○○ 돌봄비는 출생아 1명당 최대 얼마 나와요?")
    assert f.per_unit and "출생아" not in [t.text for t in f.terms]
    assert analyze("○○연금은 한 달에 최대 얼마예요?").per_unit
    assert analyze("연구 과제당 최대 얼마까지 지원해요?").per_unit
    assert not analyze("○○ 사업 예산은 얼마예요?").per_unit


def test_a_measure_word_dotted_to_a_word_that_is_no_measure_is_half_of_a_name():
    f = analyze("기조실 예산·재정 분야에서는 어떤 과제들을 추진하나요?")
    assert not f.measures and "예산" in terms("기조실 예산·재정 분야에서는 어떤 과제들을 추진하나요?")
    assert [m.name for m in analyze("서울의회보 예산·집행액 알려줘").measures] == ["예산현액", "집행액"]


def test_the_kind_a_list_asks_for_is_no_required_item_word():
    f = analyze("교류협력 분야에서는 어떤 과제들을 추진하나요?")
    kind = [t for t in f.terms if t.text == "과제"]
    assert kind and kind[0].generic


def test_the_base_of_a_comparison_is_no_item_word():
    f = analyze("7급은 정원에 비해 현원이 얼마나 모자라요?")
    assert f.op == "diff" and "비" not in [t.text for t in f.terms]


def test_what_a_question_sets_aside_with_ppaen_or_jeoehan_is_no_item():
    assert "실용신안" not in terms("직무발명 특허권 가운데 실용신안·디자인을 뺀 특허 건수는?")
    assert "디자인" not in terms("직무발명 특허권 중 디자인을 제외한 건수는?")


def test_a_particle_left_after_an_as_of_date_is_no_item_word():
    f = analyze("2020년 3월 업무보고('20.1.31. 기준)에서 ○○실 현원이 몇 명이었어?")
    assert "에서" not in [t.text for t in f.terms]
    assert f.asof_ref == "2020-01"


@pytest.mark.parametrize("question, ref", [
    ("2020년 3월 말 기준으로 업무추진비 집행액은?", "2020-03"),
    ("'21년 6월말 기준 현원은?", "2021-06"),
])
def test_an_as_of_month_end_is_that_month(question, ref):
    assert analyze(question).asof_ref == ref


def test_a_noun_with_hada_that_kiwi_misreads_is_still_an_item_word(engine):
    # Kiwi reads '재결했어요' as 재/XPN 결하/VV; the reports write 재결, so it is the item asked
    frame = engine.analyze("행정심판 올해 몇 건 재결했어요?")
    assert "재결" in [t.text for t in frame.terms]
    assert "결하" not in [t.text for t in engine.analyze("행정심판 몇 건 처리했어요?").terms]


def test_a_clause_that_only_sets_the_scene_asks_nothing():
    # "…정원보다 현원이 많던데, 정원이랑 현원이 각각 몇 명?": no comparison is asked, two figures are
    f = analyze("○○국 인력이 정원보다 현원이 많던데, 정원이랑 현원이 각각 몇 명이에요?")
    assert f.op is None and [m.name for m in f.measures] == ["정원", "현원"]


def test_the_unit_a_figure_is_per_is_not_the_unit_asked():
    f = analyze("참여자 한 사람당 얼마까지 지원받아요?")
    assert f.per_unit and f.counter != "명"


def test_one_thing_asked_at_two_dates_is_one_question_per_date():
    from assistant.qa.frame import date_alternatives
    alts = date_alternatives("2020년 ○○실 △△ 집행률, 1월 말이랑 3월 말 기준으로 각각 어땠어요?")
    assert [label for label, _ in alts] == ["2020년 1월 말 기준", "2020년 3월 말 기준"]
    assert [analyze(q).asof_ref for _, q in alts] == ["2020-01", "2020-03"]
    alts = date_alternatives("2020년 4월 업무보고랑 '22년 9월 20일 기준 업무보고, △△ 정원이 각각 몇 명?")
    assert analyze(alts[0][1]).report_refs == ("2020-04",) and analyze(alts[1][1]).asof_ref == "2022-09"
    assert date_alternatives("3월과 4월에 연 행사는?") == [] and date_alternatives("2021년 예산은?") == []


def test_a_change_asked_against_one_year_with_bigyo_is_a_comparison():
    # "2019년이랑 올해 비교하면 얼마나 줄었어?": the year named against the latest one beside it
    assert analyze("○○ 평균 처리기간, 2019년이랑 올해 비교하면 얼마나 줄었어?").op == "diff"


def test_two_dates_without_a_year_are_not_split():
    from assistant.qa.frame import date_alternatives
    assert date_alternatives("○○ 집행액이 1월 말이랑 3월 말 보고서에서 각각 얼마였어?") == []


def test_an_aggregate_over_n_named_things_wants_that_many():
    assert analyze("○○국 7개 사업소 세출예산을 다 합치면 얼마야?").wanted_count == 7
    assert analyze("가장 예산이 많은 사업은?").wanted_count is None


def test_a_negating_prefix_stays_on_its_noun():
    # Kiwi reads 비상설 as 비/XPN 상설/NNG: 비상설 위원회 are not the 상설 ones
    assert "비상설" in [t.text for t in analyze("비상설 특별위원회는 어떤 것들이 있어?").terms]
    assert "상설" not in [t.text for t in analyze("비상설 특별위원회는 어떤 것들이 있어?").terms]
    assert "미반영" in [t.text for t in analyze("건의사항 중 미반영은 몇 건?").terms]


def test_a_count_the_question_states_before_what_it_asks_is_a_list_question():
    # "전문임기제 6명, 무슨 직책들이에요?": the 6 are given, their names are asked
    assert analyze("○○실 전문임기제 6명, 무슨 직책들이에요?").answer_type == "list"
    assert analyze("○○실 전문임기제는 몇 명이에요?").answer_type == "number"


def test_a_change_between_two_dates_is_a_comparison_of_them():
    # "1월말이랑 3월말 기준 … 얼마나 늘었어?": the second date takes the first one's year
    from assistant.qa.frame import date_alternatives
    q = "2020년 1월말이랑 3월말 기준 ○○실 예산 집행액, 두 달 사이에 얼마나 늘었어?"
    assert [label for label, _ in date_alternatives(q)] == ["2020년 1월 말 기준", "2020년 3월 말 기준"]
    f = analyze(q)
    assert f.op == "diff" and "달" not in [t.text for t in f.terms]


def test_the_year_before_the_one_named_is_written_as_that_year():
    from assistant.qa.scope import year_before_named
    assert year_before_named("○○ 2024년 결과가 그 전해보다 얼마나 좋아졌어요?") == "○○ 2024년 결과가 2023년보다 얼마나 좋아졌어요?"
    assert year_before_named("그 전해보다 늘었어?") == "그 전해보다 늘었어?", "no year named: nothing to count from"


def test_where_and_how_many_in_two_clauses_are_two_questions_with_one_subject():
    from assistant.qa.frame import attribute_then_count
    assert attribute_then_count("○○ 어린이병원은 어디에 들어서고 병상은 몇 개 규모예요?") == (
        "○○ 어린이병원은 어디에 들어서고", "○○ 어린이병원은 병상은 몇 개 규모예요?")
    assert attribute_then_count("○○센터는 언제 몇 명 규모로 출범해요?") is None, "one clause asks both"


def test_a_report_asked_how_it_is_made_up_is_an_overview():
    assert analyze("○○실 2021년 업무보고는 어떤 분야로 짜여 있어?").answer_type == "overview"


def test_a_clause_that_describes_the_thing_named_is_a_gloss(engine):
    terms = engine.analyze("밤이나 휴일에 애들 데려갈 수 있는 의회 전문도서관 어디 있어요?").terms
    assert all(t.generic for t in terms if t.text in ("밤", "휴일"))
    assert any(not t.generic for t in terms if t.text in ("의회", "전문", "도서관", "전문도서관"))


def test_an_increase_verb_that_names_what_is_added_up_is_no_change_asked():
    f = analyze("○○ 사업으로 2022년부터 2024년까지 늘린 체육시설이 모두 몇 개소예요?")
    assert f.op == "sum" and "증감" not in f.measure_names
    assert "증감" in analyze("○○ 체육시설은 작년보다 몇 개소 늘었어요?").measure_names


def test_a_spoken_topic_marker_is_no_item_word():
    assert "말" not in [t.text for t in analyze("○○ 점수 말인데, 2024년이랑 2023년 점수를 비교하면?").terms]


def test_a_noun_counted_with_myeot_gae_is_the_counter_a_report_may_write():
    # "병상은 몇 개 규모": reports write '50병상' as well as '병상 50개'
    from assistant.qa.binding import unit_ok
    from assistant.qa.types import Fact

    assert analyze("○○병원 병상은 몇 개 규모예요?").counter == "병상"
    assert analyze("○○ 사업은 몇 개예요?").counter == "개", "a generic noun is counted in 개"
    fact = lambda unit: Fact(50, unit, f"50{unit}", None, "d", 1, "병상", "")
    assert unit_ok("병상", fact("병상")) and unit_ok("병상", fact("개")) and not unit_ok("병상", fact("명"))


def test_a_numbered_branch_is_one_item_word_and_where_it_is_asks_a_place():
    f = analyze("○○센터 3호점은 어디 있고 누가 운영해요?")
    assert "3호점" in [t.text for t in f.terms]
    assert f.attributes[:2] == ("place", "person")
