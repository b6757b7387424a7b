"""The section tree every format shares: headings from the report's numbering, every other line
under the nearest line above it that is set less deep (leading spaces in text, the format's
indentation elsewhere), bullet kinds breaking ties."""

from __future__ import annotations

from ingest.document import Document
from ingest.levels import (
    PLAIN_RANK,
    indent_of,
    levels_from_indents,
    levels_from_positions,
    marker_rank,
    section_parents,
)
from ingest.structure import build_outline


def tree(lines: list[str], levels: list[int | None] | None = None) -> dict[str, str | None]:
    doc = Document("t.txt", "t.txt", "txt", lines, levels=levels)
    parents = section_parents(lines, levels, build_outline(doc))
    return {line.strip(): (lines[p - 1].strip() if p else None) for line, p in zip(lines, parents) if line.strip()}


TEXT = [
    "I. 일반 현황",
    "□ 조직 현황",
    "○ 행정직군 : 152명",
    "- 행정 110, 세무 2",
    " - 속기 19",
    "○ 기술직군 : 27명",
    "※ 별도 정원 포함",
    "□ 예산 현황",
    "- 세입 28백만원",
]


def test_text_nesting_comes_from_bullet_kind_and_leading_spaces():
    t = tree(TEXT)
    assert t["□ 조직 현황"] == "I. 일반 현황"
    assert t["○ 행정직군 : 152명"] == "□ 조직 현황"
    assert t["- 행정 110, 세무 2"] == "○ 행정직군 : 152명"
    assert t["- 속기 19"] == "- 행정 110, 세무 2"  # one leading space deeper
    assert t["○ 기술직군 : 27명"] == "□ 조직 현황"  # a sibling closes the deeper lines
    assert t["※ 별도 정원 포함"] == "○ 기술직군 : 27명"
    assert t["- 세입 28백만원"] == "□ 예산 현황"  # a new section starts a new list


def test_format_levels_give_the_same_tree_as_leading_spaces():
    flat = [line.strip() for line in TEXT]
    levels = [None, None, 0, 1, 2, 0, 1, None, 0]
    assert tree(flat, levels) == tree(TEXT)


def test_without_levels_a_flattened_export_loses_the_sub_bullet():
    flat = [line.strip() for line in TEXT]
    assert tree(flat)["- 속기 19"] == "○ 행정직군 : 152명"  # what the readers used to produce


def test_table_rows_and_blank_lines_have_no_parent():
    lines = ["□ 예산", "", "구분\t예산", "합계\t100"]
    doc = Document("t.txt", "t.txt", "txt", lines)
    assert section_parents(lines, None, build_outline(doc))[1:] == [None, None, None]


def test_positions_become_ranks_of_indent_stops():
    xs = [56.6, 76.2, 76.9, 95.8, None, 56.9, 200.0]
    assert levels_from_positions(xs) == [0, 1, 1, 2, None, 0, 3]


def test_indents_become_ranks_of_distinct_values():
    assert levels_from_indents([0, 400, None, 800, 400, 0]) == [0, 1, None, 2, 1, 0]


def test_bullet_kinds_rank_from_outermost_to_innermost():
    ranks = [marker_rank(t) for t in ("□ 과제", "○ 추진", "ㅇ (정책) 내용", "- 세부", "· 항목", "※ 참고", "본문")]
    assert ranks == sorted(ranks) and ranks[-1] == PLAIN_RANK
    assert marker_rank("ㅇ이라는 글자로 시작하는 문장") == PLAIN_RANK  # ㅇ is a bullet only when set apart


def test_indent_counts_tabs_and_full_width_spaces():
    assert indent_of("  - 항목", None) == 2
    assert indent_of("\t- 항목", None) == 4
    assert indent_of("- 항목", 3) == 3  # the format's level wins
