"""The `/source` API's inputs, checked before anything reads them.

Clients send whatever they like: "abc" for a line, a highlight of 20,000 digits, negative or
astronomically large numbers, lists where strings belong. Each is refused with a Korean message
saying what is expected, never with Python's own words ("invalid literal for int()").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_DOC_CHARS = 300
MAX_TABLE_CHARS = 300
MAX_LINE_DIGITS = 9  # a billion lines: far beyond any report, far below int()'s digit limit
MAX_HIGHLIGHTS = 500
_SEPARATORS = re.compile(r"[\s,;]+")


class BadSourceRequest(ValueError):
    """The message is Korean and shown to the client as is."""


@dataclass(frozen=True)
class SourceRequest:
    doc: str
    first: int
    last: int
    table: str | None
    highlight: list[int]


def parse_source_request(doc, first, last, table="", highlight="") -> SourceRequest:
    doc_id = _text(doc, "문서 ID", MAX_DOC_CHARS)
    if not doc_id:
        raise BadSourceRequest("문서 ID가 비어 있습니다. 답변의 citations[].doc 값을 보내 주세요.")
    first_line = _line_number(first, "첫 행(first)")
    last_line = _line_number(last, "끝 행(last)")
    if last_line < first_line:
        raise BadSourceRequest(f"끝 행({last_line})이 첫 행({first_line})보다 앞입니다.")
    return SourceRequest(doc_id, first_line, last_line, _text(table, "표 ID", MAX_TABLE_CHARS) or None,
                         _highlights(highlight))


def _text(value, what: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadSourceRequest(f"{what}는 문자열이어야 합니다.")
    if len(value) > limit:
        raise BadSourceRequest(f"{what}가 너무 깁니다({len(value):,}자, 최대 {limit}자).")
    return value.strip()


def _line_number(value, what: str) -> int:
    # bool is an int in Python; true/false is not a line number
    if isinstance(value, bool) or value is None:
        raise BadSourceRequest(f"{what}는 1 이상의 정수여야 합니다.")
    if isinstance(value, float):
        if not value.is_integer():
            raise BadSourceRequest(f"{what}는 1 이상의 정수여야 합니다(받은 값: {value:g}).")
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise BadSourceRequest(f"{what}는 1 이상의 정수여야 합니다(받은 값: {_shown(text)}).")
        if len(text.lstrip("+-")) > MAX_LINE_DIGITS:
            raise BadSourceRequest(f"{what}가 너무 큽니다({len(text):,}자리). 보고서의 행 번호를 보내 주세요.")
        value = int(text)
    if not isinstance(value, int):
        raise BadSourceRequest(f"{what}는 1 이상의 정수여야 합니다.")
    if value < 1:
        raise BadSourceRequest(f"{what}는 1 이상의 정수여야 합니다(받은 값: {value:,}).")
    if value >= 10**MAX_LINE_DIGITS:
        raise BadSourceRequest(f"{what}가 너무 큽니다. 보고서의 행 번호를 보내 주세요.")
    return value


def _highlights(value) -> list[int]:
    """Lines to mark: "500" or "498, 500" (or a list of numbers)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        if len(value) > MAX_HIGHLIGHTS * (MAX_LINE_DIGITS + 2):
            raise BadSourceRequest(f"강조할 행(highlight)이 너무 깁니다({len(value):,}자).")
        items = [t for t in _SEPARATORS.split(value.strip()) if t]
    elif isinstance(value, list):
        items = value
    else:
        raise BadSourceRequest("강조할 행(highlight)은 '498,500'처럼 쉼표로 구분한 행 번호여야 합니다.")
    if len(items) > MAX_HIGHLIGHTS:
        raise BadSourceRequest(f"강조할 행이 너무 많습니다({len(items):,}개, 최대 {MAX_HIGHLIGHTS}개).")
    return [_line_number(item, "강조할 행(highlight)") for item in items]


def _shown(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"
