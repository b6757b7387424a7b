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


def test_a_list_with_another_count_than_the_question_states_is_refused():
    from assistant.qa.binding import bind_span
    from assistant.qa.types import Span
    frame = Frame("피란유산 9개를 알려줘", "list", terms=(term("피란", 3.0), term("유산", 3.0)), wanted_count=9)
    items = ("사업개요", "추진상황", "현안 및 대책", "향후계획", "기타")
    span = Span("list", "", "doc.txt", (5, 6), "피란유산 등재", "피란유산 등재", items=items)
    c = Candidate("list", "list", 0.9, spans=(span,), binding=bind_span(frame, span, "", frozenset()), items=items)
    assert rejection(frame, c) == "질문이 말한 개수와 다름"
    nine = Span("list", "", "doc.txt", (5, 6), "피란유산 등재", "피란유산 등재", items=tuple("가나다라마바사아자"))
    ok = Candidate("list", "list", 0.9, spans=(nine,), binding=bind_span(frame, nine, "", frozenset()), items=nine.items)
    assert rejection(frame, ok) is None


def test_an_empty_cell_answers_only_a_question_for_its_column_measure():
    frame = Frame("달빛어린이병원 평일 진료하는 곳은 몇 곳?", "number", counter="곳",
                  terms=(term("달빛어린이병원", 5.0), term("평일", 5.0)))
    dash = Fact(None, "개소", "-", "", "doc.txt", 7, "달빛어린이병원 진료시간 평일", "달빛어린이병원 평일", kind="cell",
                near="달빛어린이병원 진료시간 평일", stated="-", header="진료시간 평일")
    assert rejection(frame, candidate(frame, dash)) == "빈 칸은 물은 측정값의 칸일 때만 답"


def test_a_date_is_read_without_the_first_syllable_of_the_next_word():
    from assistant.qa.spans import find
    assert find("‘25. 3. 중부산아동보호전문기관 개소(예정)", "date").text == "‘25. 3."
    assert find("’25. 3. 중 착수", "date").text == "’25. 3.중"


def test_a_field_labelled_as_an_event_states_its_date_only_when_its_value_holds_a_time():
    from assistant.qa.spans import find
    assert find("시민참여 공모전 개최 : 타임캡슐 수장품, 그림·슬로건 공모", "date") is None
    assert find("일 시 : '21. 7. 8(목) 10:00~11:00", "date").text.startswith("'21. 7. 8")


HOMECARE = Frame("○○ 돌봄비는 출생아 1명당 최대 얼마 나와요?", "number", counter="원", per_unit=True,
                 terms=(term("돌봄비", 5.0), term("지원", 1.0)))


def test_a_figure_asked_per_person_is_never_the_programmes_total():
    total = prose(60, "억원", "사업예산", "사업예산 : 60억원(시비 30억원, 구·군비 30억원)", "○○ 돌봄비 지원")
    per_head = prose(100, "만원", "지원규모 출생아 당", "지원규모 : 출생아 당 최대 100만원", "○○ 돌봄비 지원")
    assert rejection(HOMECARE, candidate(HOMECARE, total)) is not None
    assert rejection(HOMECARE, candidate(HOMECARE, per_head)) is None


def test_a_budget_asked_is_never_a_figure_stated_per_time_or_per_person():
    from assistant.qa.vocab.measures import Asked

    budget = Frame("○○ 예방접종 지원사업 예산은 얼마예요?", "number", counter="원",
                   measures=(Asked("예산현액", "예산", 10),), terms=(term("예방접종", 5.0), term("지원", 1.0)))
    line = "○○ 예방접종 비용 지원(1회 10만원), 소요예산 6.96억원"
    per_dose = Fact(10, "만원", "10만원", "금액", "doc.txt", 10, "예방접종 비용 지원", "○○ 예방접종", kind="prose",
                    near=line, stated=line, header="비용")
    total = Fact(6.96, "억원", "6.96억원", "예산현액", "doc.txt", 10, "소요예산", "○○ 예방접종", kind="prose",
                 near=line, stated=line, header="소요예산")
    assert rejection(budget, candidate(budget, per_dose)) is not None
    assert rejection(budget, candidate(budget, total)) is None


def test_the_per_unit_mark_belongs_to_the_numbers_own_clause():
    line = "지급액 월 최대 43.2만원(7천원 인상), 25천명 965억원 지원"
    monthly = Frame("○○연금 지급액은 한 달에 최대 얼마예요?", "number", counter="원", per_unit=True,
                    terms=(term("지급액", 5.0),))
    rise = Fact(7, "천원", "7천원", "금액", "doc.txt", 10, "지급액 인상", "○○연금 인상", kind="prose", near=line, stated=line)
    cap = Fact(43.2, "만원", "43.2만원", "금액", "doc.txt", 10, "지급액", "○○연금 인상", kind="prose", near=line, stated=line)
    assert rejection(monthly, candidate(monthly, rise)) is not None
    assert rejection(monthly, candidate(monthly, cap)) is None


def test_a_figure_for_a_question_that_names_no_item_and_no_office_is_not_said():
    bare = Frame("월 최대 얼마 받아요?", "number", counter="원", per_unit=True)
    fact = prose(43.2, "만원", "지급액", "지급액 월 최대 43.2만원", "○○연금")
    assert rejection(bare, candidate(bare, fact)) is not None


def test_a_count_printed_in_thousands_answers_how_many():
    from assistant.qa.binding import unit_ok

    assert unit_ok("명", prose(780, "천명", "노인인구", "노인인구 780천명", "사회복지 수요"))
    assert unit_ok("건", prose(5, "만건", "민원", "민원 5만건", "민원"))
    assert not unit_ok("명", prose(780, "천원", "노인인구", "780천원", "예산")), "money is no head count"


def test_a_ratios_base_is_no_comparison():
    from assistant.qa.frame import analyze

    assert analyze("○○시 장애인 수와 인구 대비 비중을 보여 주세요").op is None
    assert analyze("A사업 대비 B사업 예산은?").op == "diff"


def _plan_row():
    """A one-row table '목표(건) | 실적(건)' as cell facts of one row, scored alike."""
    from assistant.index import CellRec, RowRec, TableRec
    table = TableRec("t", "doc.txt", "grid", "△△ 추진 현황", [], 1, 2, [1], [], "건", None,
                     [["목표(건)"], ["실적(건)"]], [], None, [])
    row = RowRec("t", 0, [], "item", 2)
    facts = []
    for col, (head, measure, value) in enumerate((("목표(건)", "목표", 3150), ("실적(건)", "실적", 3164))):
        cell = CellRec(col, [head], f"{value:,}", value, [], False, "건", None, 2, "number")
        row.cells.append(cell)
        facts.append(Fact(value, "건", f"{value:,}", measure, "doc.txt", 2, head, "△△ 추진 현황", table=table,
                          row=row, cell=cell, header=head, near=head, stated=head))
    table.rows.append(row)
    return facts


def test_a_target_is_not_what_was_done():
    # "△△ 몇 건 했어요?" names neither 목표 nor 실적: the row's 실적 is the answer, not the target beside it
    from assistant.qa.vocab.measures import Asked
    asked = Frame("△△ 몇 건 했어요?", "number", counter="건", terms=(term("△△", 3.0),))
    cands = [Candidate("cell_lookup", "figure", 0.45, facts=(f,), binding=bind_fact(asked, f, "", frozenset()))
             for f in _plan_row()]
    assert decide(asked, cands).chosen[0].facts[0].measure == "실적"
    target = Frame("△△ 목표는 몇 건이에요?", "number", counter="건", terms=(term("△△", 3.0),),
                   measures=(Asked("목표", "목표", 3),))
    cands = [Candidate("cell_lookup", "figure", 0.45, facts=(f,), binding=bind_fact(target, f, "", frozenset()))
             for f in _plan_row()]
    assert decide(target, cands).chosen[0].facts[0].measure == "목표"


def test_an_aggregate_over_a_set_of_another_size_than_the_question_says_is_refused():
    # "7곳 중에 제일 큰 데": a maximum over three rows is over some other set
    from assistant.qa.frame import analyze
    frame = analyze("△△ 7곳 중에 총사업비가 제일 큰 데는 어디예요?")
    assert frame.wanted_count == 7 and frame.op == "max"
    facts = _plan_row() + _plan_row()[:1]
    b = bind_fact(frame, facts[0], "", frozenset())
    b = type(b)(1.0, 1.0, 1.0, (), 1.0, True, None)
    three = Candidate("aggregate", "aggregate", 0.7, facts=tuple(facts), binding=b, note="max")
    seven = Candidate("aggregate", "aggregate", 0.7, facts=tuple(facts * 3)[:7], binding=b, note="max")
    assert rejection(frame, three) == "질문이 말한 개수와 다름"
    assert rejection(frame, seven) is None


def test_a_schedule_rows_date_cell_is_its_date_said_as_a_date():
    from assistant.qa.answerers.typed_span import _DATE_CELL, _month_day

    assert _DATE_CELL.match("5.17.") and _DATE_CELL.match("10.24.~10.25.") and not _DATE_CELL.match("5,240")
    assert _month_day("10.24.~10.25.") == "10월 24일~10월 25일"


def test_the_fields_of_one_box_run_together_in_a_line_are_each_about_its_head():
    from assistant.qa.answerers.typed_span import _RUN_TOGETHER

    runs = _RUN_TOGETHER.split("➌ 3호점 개요 - 위치 : 해운대구 반송순환로158 - 면적 : 336㎡ - 수행 : 해운대시니어클럽")
    assert runs == ["➌ 3호점 개요", "위치 : 해운대구 반송순환로158", "면적 : 336㎡", "수행 : 해운대시니어클럽"]
    assert len(_RUN_TOGETHER.split("노후 시설 교체 - 시설 개선")) == 1, "a dash inside a sentence parts nothing"
