"""Where a table's unit comes from: the 단위 line, the header, or a number of the table written with
its unit in the sentence above — never a number of something else in that sentence."""

from __future__ import annotations

from pathlib import Path

from ingest.parsing import parse_document

REPORT = """Ⅰ. 일반현황
ㅇ 1인 가구는 2019년 423,227가구에서 5년만에 532,509가구로 급속하게 증가(↑25.8%)
 - 한부모 가구는 매년 감소
구 분\t2019년\t2020년\t2021년\t2022년\t2023년
1인 가구\t423,227\t455,207\t487,362\t511,745\t532,509
한부모 가구\t122,595\t120,854\t118,178\t115,532\t114,534

ㅇ 출산율은 계속 낮아짐(↓12.5%)
구 분\t2022년\t2023년
출생아\t15,000\t14,100
"""


def _tables(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return parse_document(path, path.name).tables


def test_a_unit_written_above_with_one_of_the_tables_own_numbers_is_the_tables_unit(tmp_path):
    households = _tables(tmp_path)[0]
    assert {c.unit for r in households.rows for c in r.cells} == {"가구"}


def test_a_percent_of_something_else_in_the_sentence_above_is_not_the_tables_unit(tmp_path):
    births = _tables(tmp_path)[1]
    assert all(c.unit != "%" for r in births.rows for c in r.cells)


def test_a_column_that_names_its_parenthesized_part_gives_that_part_its_unit():
    # '주의 (인원)' over '11(7)': 11 cases, 7 people
    from assistant.qa.cells import _column_paren
    from assistant.qa.vocab.measures import PAREN_UNITS

    assert PAREN_UNITS[_column_paren(["본처분", "주의 (인원)"])] == "명"
    assert PAREN_UNITS[_column_paren(["처리 (건수)"])] == "건"
    assert _column_paren(["2021년(사업수)"]) not in PAREN_UNITS, "사업수 keeps its own rule (개)"


def test_a_totals_name_has_no_section_number_and_no_bare_percent_column(engine):
    # every total-row figure of the cell store: '일반 현황 총계 지출률', not 'I. 일반 현황 총계 % 지출률'
    import re

    from assistant.qa.compose import fact_label

    named = 0
    for table in engine.index.tables.values():
        for row in table.rows:
            if row.kind != "total":
                continue
            for fact in engine.res.cells.row_facts(table, row):
                label = fact_label(fact)
                assert not re.match(r"^(?:[IVXⅠ-Ⅻ]+\.|\d+\.)\s", label), label
                assert " % " not in f" {label} ", label
                named += 1
    assert named > 20
