"""What a list answer may be: the members of a set the report names, not the outline of one
project's write-up, and not one thing's attributes when the question asks for members."""

from assistant.qa.answerers.lists import _is_field_sheet, is_outline
from assistant.qa.korean_text import heading_key


class _Headings:
    """A report whose template subheadings recur under every project."""

    def __init__(self, counts):
        self.counts = counts

    def is_template_heading(self, doc_id, text):
        return self.counts.get(heading_key(text), 0) >= 3


def test_a_heading_key_sets_aside_bullet_numbering_and_parentheses():
    assert heading_key("□ 사업개요(2015~2030)") == "사업개요"
    assert heading_key("2. 추진 상황") == "추진상황"
    assert heading_key("① 향후계획") == "향후계획"


def test_a_list_of_template_subheadings_is_an_outline():
    res = _Headings({"사업개요": 12, "추진상황": 12, "현안및대책": 11, "향후계획": 12})
    assert is_outline(res, "d", ["사업개요(2025)", "추진상황", "현안 및 대책", "향후계획"])
    assert not is_outline(res, "d", ["해운대구(4월)", "강서구(5월)", "수영구(7월)", "동구(9월)"])


def test_lines_each_opening_with_their_own_field_are_one_things_attributes():
    assert _is_field_sheet(["(감사대상) 기초지자체 4개 기관", "(감사방향) 인사 및 조직운영"])
    assert not _is_field_sheet(["해운대구(4월)", "강서구(5월)"])
    assert not _is_field_sheet(["(국비) 10억", "(국비) 5억"])  # one field repeated is a list of its values


def test_a_line_that_opens_with_its_name_in_brackets_is_that_list():
    from assistant.qa.answerers.lists import _BRACKETED_HEAD, _GOES_ON

    text = "【신설 BRT 노선(안)】 문현～수영(6.8㎞), 대티～하단(4.4㎞), 하단～진해(15.9㎞), 구포～만덕"
    assert _BRACKETED_HEAD.match(text).group(1) == "신설 BRT 노선(안)"
    assert _GOES_ON.match("(7.9㎞), 하단～주례(7㎞), 명지신도시(3㎞)"), "a wrapped line goes on with the list"
    assert not _GOES_ON.match("- 다음 사업 추진")
