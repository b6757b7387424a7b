"""Korean budget conventions: parsing cells and writing amounts in plain Korean."""

import pytest

from assistant.qa.amounts import korean_amount, korean_amounts_in_text
from assistant.evaluate import number_present
from ingest.dates import find_as_of, parse_dates
from ingest.numbers import parse_cell


@pytest.mark.parametrize("raw, value, extra", [
    ("545,239", 545239, []),
    ("38.5", 38.5, []),
    ("Δ 11", -11, []),
    ("△ 5", -5, []),
    ("-1,445,903", -1445903, []),
    ("−9,020", -9020, []),
    ("28 (26)", 28, [26]),
    ("39/38 (18)", 39, [38, 18]),
    ("31 / 31", 31, [31]),
    ("127,576 (37.4%)", 127576, [37.4]),
    ("1,438,735 (70)", 1438735, [70]),
    ("6,544 (-)", 6544, [None]),
    ("14건 (18건)", 14, [18]),
    ("Δ 2 행정6 1명 행정8 1명", -2, []),
])
def test_cells_parse_to_their_primary_value_and_parts(raw, value, extra):
    pv = parse_cell(raw)
    assert pv.value == pytest.approx(value)
    assert pv.extra == extra


def test_a_dash_means_none_not_zero():
    assert parse_cell("-").is_none and parse_cell("-").value is None
    assert parse_cell("0").value == 0 and not parse_cell("0").is_none


def test_jo_amounts_in_an_eok_table_become_eok():
    assert parse_cell("76조 2,131", "억원").value == 762131
    assert parse_cell("21조 3,539 (61.3%)", "억원").extra == [61.3]
    assert parse_cell("4조 4,326억원").value == 44326 and parse_cell("4조 4,326억원").own_unit == "억원"


def test_ranks_floors_and_quarters_are_labels_not_numbers():
    for raw in ("5급", "6급 이하", "3층", "~2/4"):
        assert parse_cell(raw).kind == "text" or raw == "~2/4"
    assert parse_cell("제206호").kind == "text"


@pytest.mark.parametrize("value, unit, text", [
    (814070, "천원", "8억 1,407만원"),
    (545239, "천원", "약 5억 4,524만원"),
    (762131, "억원", "76조 2,131억원"),
    (6222, "백만원", "62억 2,200만원"),
])
def test_money_is_written_in_plain_korean(value, unit, text):
    assert korean_amount(value, unit) == text


def test_non_money_units_get_no_korean_amount():
    assert korean_amount(28, "명") is None and korean_amount(38.5, "%") is None


def test_korean_amounts_are_read_back_for_checking_answers():
    assert korean_amounts_in_text("약 8억 1,407만원입니다") == [814_070_000]
    assert number_present(814070, "천원", "총 8억 1,407만원입니다")
    assert number_present(28.0, "%", "28%")
    assert not number_present(28.0, "%", "29.0%")


@pytest.mark.parametrize("caption, iso", [
    ("('21.4.25. 기준 / 단위:천원)", "2021-04-25"),
    ("(기준 / 단위 : ′22.9.20. / 명)", "2022-09-20"),
    ("(’21. 4. 25. 현재)", "2021-04-25"),
    ("(2021.4.25. 기준, 단위 : 백만원)", "2021-04-25"),
])
def test_as_of_dates_are_read_from_captions(caption, iso):
    assert find_as_of(caption) == iso


def test_a_date_far_from_its_mark_is_not_an_as_of_date():
    assert find_as_of("협약('15.8.17)에 따라 추진 중이며 현재 정부차원의 도입 추진") is None
    assert parse_dates("'20.12.27.~'21.6.27.") == ["2020-12-27", "2021-06-27"]


@pytest.mark.parametrize("written, spelled", [
    ("'20. 4. 9.(목)부터", "2020년 4월 9일(목)부터"),
    ("’25.12.1.~12.5.(5일간)", "2025년 12월 1일~12월 5일(5일간)"),
    ("2021. 3월", "2021. 3월"),  # a month already spelled keeps its form
    ("‘25. 3. 개소(예정)", "2025년 3월 개소(예정)"),  # a quoted year's month
    ("’24.11.", "2024년 11월"),
])
def test_a_dates_answer_spells_the_reports_date(written, spelled):
    from ingest.dates import spell_dates

    assert spell_dates(written) == spelled
