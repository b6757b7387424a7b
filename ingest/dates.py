"""Korean report dates: "'21.4.25.", "’21. 4. 25.", "′22.9.20.", "2021.5.3.", "'21.4월", "'19년 말"."""

from __future__ import annotations

import re

QUOTES = "'’‘′`´＇"
_Q = f"[{QUOTES}]"

# Full dates: 2021.4.25 / 2021. 5. 3 / '21.4.25 / ’21. 4. 25 (a trailing dot is optional)
_FULL = re.compile(
    rf"(?:(?P<y4>(?:19|20)\d{{2}})|{_Q}\s?(?P<y2>\d{{2}}))\s*[.．]\s*(?P<m>\d{{1,2}})\s*[.．]\s*(?P<d>\d{{1,2}})(?!\d)"
)
# Year-month: 2020. 3. / '21.4월 / '21. 4월 / 2021년 4월
_MONTH = re.compile(
    rf"(?:(?P<y4>(?:19|20)\d{{2}})|{_Q}\s?(?P<y2>\d{{2}}))\s*(?:[.．]|년)\s*(?P<m>\d{{1,2}})\s*(?:월|[.．](?!\s*\d))"
)
_AS_OF_MARK = re.compile(r"기준|현재")


def _year(m: re.Match) -> int:
    if m.group("y4"):
        return int(m.group("y4"))
    return 2000 + int(m.group("y2"))


def _valid(y: int, mo: int, d: int | None = None) -> bool:
    return 1990 <= y <= 2100 and 1 <= mo <= 12 and (d is None or 1 <= d <= 31)


def parse_dates(text: str) -> list[str]:
    """All full dates in a text, in ISO form, in order of appearance."""
    out = []
    for m in _FULL.finditer(text):
        y, mo, d = _year(m), int(m.group("m")), int(m.group("d"))
        if _valid(y, mo, d):
            out.append(f"{y:04d}-{mo:02d}-{d:02d}")
    return out


def parse_month(text: str) -> str | None:
    m = _MONTH.search(text)
    if m:
        y, mo = _year(m), int(m.group("m"))
        if _valid(y, mo):
            return f"{y:04d}-{mo:02d}"
    return None


def find_as_of(text: str) -> str | None:
    """The as-of date of a caption such as "('21.4.25. 기준 / 단위:천원)" or "(기준 / 단위 : ′22.9.20. / 명)".

    The date must sit next to its 기준/현재 mark (same parenthesis), so that an unrelated date in a
    sentence that also says "현재" is not taken for the as-of date.
    """
    if not _AS_OF_MARK.search(text):
        return None
    for m in _FULL.finditer(text):
        y, mo, d = _year(m), int(m.group("m")), int(m.group("d"))
        if not _valid(y, mo, d):
            continue
        before = text[max(0, m.start() - 16) : m.start()]
        after = text[m.end() : m.end() + 8]
        if _AS_OF_MARK.search(after) or re.search(r"기준\s*/\s*단위", before) or (
            _AS_OF_MARK.search(before) and "(" in before
        ):
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return _as_of_month(text)


# "(기준 : ’24. 12. / 단위 : 대)", "(’23. 12. 기준)": a month, when the caption gives no day.
_MONTH_ONLY = re.compile(
    rf"(?:(?P<y4>(?:19|20)\d{{2}})|{_Q}\s?(?P<y2>\d{{2}}))\s*[.．년]\s*(?P<m>\d{{1,2}})\s*(?:[.．]|월)?(?!\s*\d)"
)


# "(기준 : ’25년 본예산 / …)", "(2025년 기준, …)": a year, when the caption gives only that.
_YEAR_ONLY = re.compile(rf"(?:(?P<y4>(?:19|20)\d{{2}})|{_Q}\s?(?P<y2>\d{{2}}))\s*년(?:도)?(?!\s*\d)")


def _in_parentheses(text: str, at: int) -> bool:
    return text[:at].count("(") > text[:at].count(")")


def _next_to_mark(text: str, m: re.Match) -> bool:
    before = text[max(0, m.start() - 8) : m.start()]
    after = text[m.end() : m.end() + 8]
    return bool(re.search(r"기준\s*:?\s*$", before) or re.match(r"\s*(?:말\s*|본예산\s*)?(?:기준|현재)", after))


def _as_of_month(text: str) -> str | None:
    """A caption's year-month or year next to its 기준 mark, inside its parentheses:
    "(기준 : ’24. 12.)" → 2024-12, "(기준 : ’25년 본예산 / 단위 : 억원)" → 2025."""
    for m in _MONTH_ONLY.finditer(text):
        y, mo = _year(m), int(m.group("m"))
        if _valid(y, mo) and _in_parentheses(text, m.start()) and _next_to_mark(text, m):
            return f"{y:04d}-{mo:02d}"
    for m in _YEAR_ONLY.finditer(text):
        y = _year(m)
        if 1990 <= y <= 2100 and _in_parentheses(text, m.start()) and _next_to_mark(text, m):
            return f"{y:04d}"
    return None


def format_korean_date(iso: str | None) -> str:
    """'2021-04-25' → '2021.4.25.', '2020-03' → '2020.3.'"""
    if not iso:
        return ""
    parts = [int(p) for p in iso.split("-")]
    return ".".join(str(p) for p in parts) + "."


_FULL_DOTTED = re.compile(_FULL.pattern + r"\s*[.．]?(?P<end>\s*[~∼～]\s*(?P<em>\d{1,2})\s*[.．]\s*(?P<ed>\d{1,2})(?!\d)\s*[.．]?)?")


def spell_dates(text: str) -> str:
    """Report dates in a span spelled out for reading: "'20. 4. 9.(목)부터" → "2020년 4월 9일(목)부터".
    Full dates, a range's end day and a quoted year's month ("‘25. 3." → "2025년 3월") are spelled."""
    def spelled(m: re.Match) -> str:
        y, mo, d = _year(m), int(m.group("m")), int(m.group("d"))
        if not _valid(y, mo, d):
            return m.group(0)
        end = f"~{int(m.group('em'))}월 {int(m.group('ed'))}일" if m.group("end") else ""
        return f"{y}년 {mo}월 {d}일{end}"

    def month(m: re.Match) -> str:
        y, mo = 2000 + int(m.group(1)), int(m.group(2))
        return f"{y}년 {mo}월" if _valid(y, mo) else m.group(0)

    return _QUOTED_MONTH.sub(month, _FULL_DOTTED.sub(spelled, text))


# "‘25. 3." — a quoted two-digit year and a month, with no day after it: 2025년 3월
_QUOTED_MONTH = re.compile(r"['’‘′`]\s?(\d{2})\s*[.．]\s*(\d{1,2})\s*[.．](?!\s*\d)")
