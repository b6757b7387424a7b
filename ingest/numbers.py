"""Korean report number conventions, parsed once at ingestion so that every later stage
works with exact values.

- "1,234" / "38.5" / "100.4%"            plain numbers
- "△ 11", "Δ 11", "▲", "-9,020", "−9,020"  negatives (△/Δ are the Korean budget minus signs)
- "-" / "–" / "" / "0" handled: a lone dash means none (not yet executed), not zero
- "76조 2,131" in a 억원 table           762,131억원 (조 = 10,000억)
- "1,438,735 (70)"                       an amount with a count
- "127,576 (37.4%)"                      an amount with a rate
- "39/38 (18)", "31 / 31"                slash pairs (정원/현원) with an optional parenthesised part
- "14건 (18건)", "1,363권", "3,509㎡(1,061평)" numbers carrying their own unit
- "(83.9)", "(+5.2)"                      a lone number in parentheses (scores beside a grade)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Quantity units a number may carry inside a cell. Anything else after a number ("4급", "3층",
# "제206호") is an ordinal label, not a quantity, and the cell is read as text.
KNOWN_UNITS = {
    "조원", "억원", "백만원", "천원", "만원", "원", "억", "조", "명", "건", "개", "회", "일", "톤", "%", "권", "종",
    "부", "대", "팀", "편", "점", "㎡", "평", "시간", "곳", "개소", "개교", "개국", "개월", "개사", "명분", "배", "km",
    "㎞", "m", "%p", "p", "가구", "세대", "석", "천명", "만명", "천건", "만건", "주", "학교", "분",
}

NONE_MARKS = {"-", "–", "—", "−", "－", "―", "ㅡ"}
NEG_MARKS = "△Δ▲∆"
MINUS_CHARS = "-−－–"

# A single number, optionally with a Korean 조/억/만 composition ("76조 2,131", "1조1,137억").
_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"
_KOREAN_COMPOSED = re.compile(
    rf"^(?P<jo>{_NUM})\s*조(?:\s*(?P<eok>{_NUM})\s*억?)?$"
)
_SIGNS = re.escape(NEG_MARKS + MINUS_CHARS + "+")
_PLAIN = re.compile(rf"^(?P<sign>[{_SIGNS}]?)\s*(?P<num>{_NUM})\s*(?P<unit>[^\d\s()/,.][^\d()/]*)?$")
_PAREN = re.compile(r"^(?P<head>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


@dataclass
class ParsedValue:
    """A cell's numbers. `value` is the primary one; `extra` holds the rest in reading order."""

    value: float | None
    extra: list[float | None] = field(default_factory=list)
    is_none: bool = False  # the cell says "-": nothing (yet), which is not the same as 0
    own_unit: str | None = None  # a unit written in the cell itself ("14건", "37.4%")
    extra_units: list[str | None] = field(default_factory=list)
    kind: str = "empty"  # empty | none | number | composite | text

    @property
    def numeric(self) -> bool:
        return self.value is not None


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def _strip_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    unit = unit.strip()
    return unit or None


def parse_number(text: str, table_unit: str | None = None) -> tuple[float | None, str | None]:
    """Parse one simple number with an optional sign and unit. Returns (value, unit written in it)."""
    t = text.strip().replace("\u00a0", " ")
    if not t:
        return None, None
    composed = _KOREAN_COMPOSED.match(t.replace("억원", "억"))
    if composed:
        if composed.group("eok") and "억" in t:  # "4조 4,326억원" carries its own unit
            return _korean_composed_value(composed, "억원"), "억원"
        return _korean_composed_value(composed, table_unit), None
    neg = False
    while t and t[0] in NEG_MARKS:
        neg = True
        t = t[1:].strip()
    composed = _KOREAN_COMPOSED.match(t)
    if composed:
        v = _korean_composed_value(composed, table_unit)
        return (-v if neg else v), None
    m = _PLAIN.match(t)
    if not m:
        return None, None
    value = _to_float(m.group("num"))
    sign = m.group("sign")
    if neg or (sign and sign in MINUS_CHARS):
        value = -value
    unit = _strip_unit(m.group("unit"))
    if unit is not None and unit not in KNOWN_UNITS:
        return None, None
    return value, unit


def _korean_composed_value(m: re.Match, table_unit: str | None) -> float:
    """'76조 2,131' means 76조 + 2,131억. In a 억원 table that is 762,131; otherwise convert to 원."""
    jo = _to_float(m.group("jo"))
    eok = _to_float(m.group("eok")) if m.group("eok") else 0.0
    total_eok = jo * 10_000 + eok
    factor = {"억원": 1, "백만원": 100, "천원": 100_000, "원": 100_000_000}.get(table_unit or "억원", 1)
    return total_eok * factor


def parse_cell(text: str, table_unit: str | None = None) -> ParsedValue:
    """Parse a table cell into its primary value and secondary numbers."""
    t = " ".join(text.replace("\u00a0", " ").split())
    if not t:
        return ParsedValue(None, kind="empty")
    if t in NONE_MARKS:
        return ParsedValue(None, is_none=True, kind="none")
    head, inner = t, None
    m = _PAREN.match(t)
    if m and m.group("head").strip():
        head, inner = m.group("head").strip(), m.group("inner").strip()
    elif m and not m.group("head").strip():
        head = m.group("inner").strip()  # "(83.9)", "(+5.2)": a score printed in parentheses
    if re.fullmatch(r"/+", head.replace(" ", "")) and inner is None:
        return ParsedValue(None, is_none=True, kind="none")  # "/" in a 정원/현원 table: both slots empty
    values: list[float] = []
    units: list[str | None] = []
    none_head = False
    for part in _split_slash(head):
        if part in NONE_MARKS:
            none_head = True
            continue
        if part == "":
            continue
        v, u = parse_number(part, table_unit)
        if v is None:
            return _annotated(t, table_unit)
        values.append(v)
        units.append(u)
    if inner is not None:
        if inner in NONE_MARKS:
            if values:  # "6,544 (-)": the count slot exists but is empty
                values.append(None)  # type: ignore[arg-type]
                units.append(None)
        elif inner == "":
            pass
        else:
            v, u = parse_number(inner, table_unit)
            if v is None:
                return ParsedValue(None, kind="text")
            values.append(v)
            units.append(u)
    if not values:
        if none_head:
            return ParsedValue(None, is_none=True, kind="none")
        return ParsedValue(None, kind="text")
    kind = "number" if len(values) == 1 else "composite"
    return ParsedValue(
        value=values[0],
        extra=values[1:],
        own_unit=units[0],
        extra_units=units[1:],
        kind=kind,
    )


_ANNOTATED = re.compile(rf"^(?P<num>[{_SIGNS}]?\s*{_NUM}\s*[^\d\s()/,.]{{0,3}})(?:\s+|(?=\())(?P<rest>.*[가-힣].*)$")


def _annotated(text: str, table_unit: str | None) -> ParsedValue:
    """'Δ 2 행정6 1명 행정8 1명' or '12회(매월)': a number followed by a note; the number is the value."""
    m = _ANNOTATED.match(text)
    if m:
        v, u = parse_number(m.group("num"), table_unit)
        if v is not None:
            return ParsedValue(v, own_unit=u, kind="number")
    return ParsedValue(None, kind="text")


def _split_slash(head: str) -> list[str]:
    # "39/38" and "31 / 31" are pairs; a date-like "3/4" never reaches here as a value because
    # header rows are parsed as labels, not cells.
    if "/" not in head:
        return [head]
    return [p.strip() for p in head.split("/")]


_NUMBER_IN_TEXT = re.compile(rf"(?<![\d.])({_NUM})")


def numbers_in_text(text: str) -> list[float]:
    """Every plain number written in a text, commas removed (used to check answers)."""
    out = []
    for m in _NUMBER_IN_TEXT.finditer(text):
        try:
            out.append(_to_float(m.group(1).rstrip(",")))
        except ValueError:
            continue
    return out
