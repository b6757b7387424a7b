"""A number in a report line is a fact only together with the words that name it."""

from assistant.qa.prose import numbers_in


def labelled(text):
    return [(n.value, n.unit, n.label, n.year) for n in numbers_in(text)]


def test_the_label_is_the_clause_before_the_number():
    assert labelled("인력현황 : 정원 343명, 현원 332명 (’21. 4. 25. 현재)") == [
        (343, "명", "정원", None), (332, "명", "현원", None)]


def test_the_year_is_the_nearest_year_before_it():
    got = labelled("(’21년) 시의원 79명, 195건 처리, (’22년) 시의원 33명, 45건 처리")
    assert [(v, y) for v, _, _, y in got] == [(79, 2021), (195, 2021), (33, 2022), (45, 2022)]


def test_a_counted_noun_after_the_counter_names_it():
    assert labelled("16개 지자체와 협약 체결")[0][2].endswith("지자체")


def test_parts_of_a_total_in_parentheses_inherit_its_counter():
    got = labelled("현 원 : 110명(더불어민주당 101, 국민의힘 7)")
    assert got[1] == (101, "명", "더불어민주당", None) and got[2][:3] == (7, "명", "국민의힘")


def test_a_parenthesis_part_belongs_to_what_precedes_it():
    got = labelled("시의원 개별 면담 실시(′21년 11회, ′22년 3회)")
    assert [(v, y) for v, _, _, y in got] == [(11, 2021), (3, 2022)] and all("면담" in lab for _, _, lab, _ in got)


def test_dates_ordinals_times_and_years_are_not_quantities():
    assert labelled("제2차 심의위원회 개최 : '21. 4. 21.") == []
    assert labelled("일반직 5급 이상(30명)")[0][:2] == (30, "명")
    assert labelled("2050 탄소중립과 정의로운 전환") == []
    assert labelled("서북병원(4.7), 서울의료원(4.3)") == []


def test_korean_composed_amounts_and_negatives():
    assert labelled("예산 총 규모 : 1조 4,387억원")[0][:2] == (14387, "억원")
    assert labelled("8급 Δ2명 : 장애지원 2")[0][:2] == (-2, "명")


def test_a_counter_the_question_asks_is_read_even_when_no_list_knows_it():
    from assistant.qa.prose import numbers_in
    line = "감염병관리기관 29개소, 긴급치료병상 6개 의료기관 78병상 운영"
    assert all(n.unit != "병상" for n in numbers_in(line))
    beds = [n for n in numbers_in(line, "병상") if n.unit == "병상"]
    assert [n.value for n in beds] == [78]


def test_a_series_of_years_shares_the_label_of_its_first_number():
    nums = numbers_in("※ 민생현장 방문 : ’21년 14회, ’22년 23회")
    assert [(n.label, n.year, n.value) for n in nums] == [("민생현장 방문", 2021, 14), ("민생현장 방문", 2022, 23)]
    # a number of another year with words of its own keeps them
    other = numbers_in("’21년 방문 14회, ’22년 간담회 3회")
    assert other[1].label == "간담회"


def test_a_line_that_opens_with_its_topic_in_a_parenthesis_names_its_bare_numbers():
    got = labelled("ㅇ (재정지원 일자리 확대) (’24년) 1,901명, 302억원 → (‘25년) 1,972명, 315억원")
    assert got[0] == (1901, "명", "재정지원 일자리 확대", 2024)
    assert got[2] == (1972, "명", "재정지원 일자리 확대", 2025)
    assert labelled("ㅇ (’24년) 100명")[0][2] == "", "a year in the parenthesis is no topic"


def test_a_part_in_a_parenthesis_is_named_with_what_it_is_a_part_of():
    got = labelled("(택 시) 23,333대 (법인 9,524, 개인 13,809)")
    assert got[0][2] == "택시" and got[2][2] == "택시 개인"  # letter-spaced field words joined


def test_a_sentence_wrapped_onto_the_next_line_names_its_numbers_from_its_start():
    from assistant.qa.prose import wrapped_lead
    above = "○ 의장단 현안설명회를 통한 주요 시책 설명 및"
    assert "현안설명회를" in wrapped_lead(above, "협력방안 논의(′21년 5회, ′22년 3회)")
    assert wrapped_lead("○ 현안설명회를 개최함", "협력방안 논의(3회)") == ""  # the line above ended
    assert wrapped_lead(above, "- 참석 : 의장 등 5명") == ""  # a bullet of its own


def test_a_series_linked_by_eseo_and_euro_shares_the_label_of_its_first_year():
    nums = numbers_in("- 운영손실 '19년 5,865억원에서 '20년 1조1,137억원으로 80.6% 증가")
    assert [(n.label, n.year) for n in nums[:2]] == [("운영손실", 2019), ("운영손실", 2020)]


def test_bullets_run_together_in_one_line_each_name_their_own_numbers():
    # a PDF line holding several 'ㅇ (field) value' bullets: a number takes the field right before it
    got = labelled("ㅇ (사업내용) 봉안당 증축, 연면적 2,991㎡ ㅇ (사업기간) 2021년 ~ 2025년 ㅇ (사 업 비) 108억원(공사비 105, 설계비 3)")
    assert got[0][2] == "연면적" and got[1][:3] == (108, "억원", "사업비")


def test_a_parenthesis_after_a_word_glosses_it_and_is_no_field():
    assert labelled("- 민관 협의체(간담회) 7회, 민원현장조사 25회")[0][2] != "간담회"


def test_a_figure_in_parentheses_after_a_clause_is_named_by_the_whole_clause():
    got = labelled("ㅇ (경영개선) 택시 적정 운임 및 요율 산정을 위한 용역(67,450천원)")
    assert got[0][2].startswith("택시 적정 운임"), "not only its last words ('산정을 위한 용역')"
    items = labelled("(재정지원) 환승손실금(170.1억원), 통합관리제(56억원), 어린이요금 무료화(4.36억원)")
    assert [label for _, _, label, _ in items] == ["환승손실금", "통합관리제", "어린이요금 무료화"]
