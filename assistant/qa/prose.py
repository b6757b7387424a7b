"""Numbers in report lines, each bound to the words that name it.

A number in a sentence is a fact only together with its label: the words right before it in its
clause ("정원 343명"), the field it fills ("구성인원 : 25명"), the word it follows in parentheses
("공연단(256명)"), or the noun it counts ("16개 지자체와 협약"). The year it belongs to is the nearest
year mention before it ("(’22년) 시의원 33명, 45건 처리" → 45건 is ’22). A bare number in a list of
parts ("110명(더불어민주당 101, 국민의힘 7 …)") takes its counter from the number it breaks down.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from assistant.qa.korean_text import clean_line
from assistant.qa.vocab.measures import label_measure
from ingest.structure import squash_spaced

UNIT = (r"조\s*\d[\d,]*\s*억\s*원|\d*\s*조\s*원|억\s*원|백만\s*원|천만\s*원|천\s*원|만\s*원|원|개소|개교|개국|개월|개사|개|명|건|회|번|곳|%p|%|"
        r"일간|일|종|권|편|부|팀|대|배|세대|가구|석|시간|톤|㎡|km|차례|년간|주간")
_NUMBER_FORM = (r"(?<![\d.,:/~∼])(?P<sign>[△Δ\-−])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
                r"(?:\s*(?P<unit>UNITS))?(?![\d:]|\.\d)")
NUMBER = re.compile(_NUMBER_FORM.replace("UNITS", UNIT))


@lru_cache(maxsize=64)
def _number_with(counter: str) -> re.Pattern:
    """NUMBER that also reads the counter a question asks when UNIT does not know it ('몇 병상' →
    '78병상', '몇 기' → '33,498기'): the counter list can never be complete, the question names it."""
    return re.compile(_NUMBER_FORM.replace("UNITS", re.escape(counter) + "|" + UNIT))
_HARD = re.compile(r"[,;(){}\[\]:=+→⇒]|\s-\s|ㆍ\s")
_YEAR_MARK = re.compile(r"['’‘′`]\s?(\d{2})\s*(?:년도|년)?|(?<!\d)((?:19|20)\d{2})\s*(?:년도|년|회계연도)")
_ORDINAL_AFTER = re.compile(r"^\s*(차|기|대|급|호|층|위|등|번째|주년|주차|세기|학년|단계|인|분기|월|일|시|분|년|/|\.)")
_ORDINAL_BEFORE = re.compile(r"(?<![가-힣])(제|第)$")
_QUOTE_BEFORE = re.compile(r"['’‘′`]\s*$")
_WORD = re.compile(r"[가-힣A-Za-z][가-힣A-Za-z0-9·]*")
WRAPPED_LEAD_WORDS = 10  # words of a wrapped sentence's first line that name what its second line states
_SERIES_LINKS = ("에서", "에서는", "부터", "으로", "로", "대비")
"""Words that link the years of one series ("'19년 5,865억원에서 '20년 1조1,137억원으로"): no label."""
_SOFT_PREFIX = ("총", "약", "연", "월", "각", "모두", "누적", "기존", "최대", "최소", "평균")


@dataclass(frozen=True)
class ProseNumber:
    value: float
    unit: str | None
    printed: str
    start: int
    end: int
    label: str  # the words that name it
    field: str  # the field label of its line ('구성인원' in '구성인원 : 25명')
    year: int | None
    measure: str | None
    depth: int = 0  # inside how many parentheses: a part of the number before them


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    u = re.sub(r"\s+", "", raw)
    return {"번": "회", "차례": "회", "일간": "일", "천만원": "천만원"}.get(u, u)


def _value(m: re.Match) -> tuple[float, str | None]:
    unit = _unit(m.group("unit"))
    num = float(m.group("num").replace(",", "") + (m.group("dec") or ""))
    if unit and unit.startswith("조"):
        eok = re.findall(r"\d[\d,]*", unit)
        num = num * 10_000 + (float(eok[0].replace(",", "")) if eok else 0.0)
        unit = "억원"
    if m.group("sign"):
        num = -num
    return num, unit


def _left_label(text: str, start: int) -> str:
    """The words of the clause before a number: back to the previous delimiter or number."""
    left = _YEAR_MARK.sub(lambda m: " " * len(m.group(0)), text[:start])
    cut = _clause_start(left)
    clause = re.sub(r"\d+\s*(차|기|대|급|호|층|위|등|번째|주년|년도|년)", " ", left[cut:]).strip()
    words = _WORD.findall(clause)
    words = [w for w in words if w not in _SOFT_PREFIX and w not in _SERIES_LINKS]
    sentence = False  # the words are a whole sentence, not the clause right before the number
    if not words and left.count("(") > left.count(")"):
        # "…모색(′21년 11회, ′22년 3회)": parts of a parenthesis belong to what precedes it; a parenthesis
        # of yearly figures that ends the line counts what the whole sentence does ("시의원 개별 면담을
        # 통해 … 모색(′21년 11회, …)" counts 면담), so the sentence's words name them, not its last three
        open_at = left.rfind("(")
        head = left[:open_at]
        before_paren = _WORD.findall(head[_clause_start(head):])
        # "택시 적정 운임 및 요율 산정을 위한 용역(67,450천원)": the clause names the figure, not only its
        # last three words ('산정을 위한 용역'); a sentence's year series, from its start
        whole = _YEAR_MARK.search(text[open_at:]) and _closes_line(text, open_at)
        words = before_paren[:WRAPPED_LEAD_WORDS] if whole else before_paren[-WRAPPED_LEAD_WORDS:]
        sentence = True
    if not words:
        # "공연단(256명)": the word before the parenthesis; "구성 : 19명": the field before the colon
        m = re.search(r"([가-힣A-Za-z][가-힣A-Za-z0-9·\s]{0,20}?)\s*[(:]\s*(?:총|약|연)?\s*$", left)
        if m:
            words = _WORD.findall(m.group(1))[-3:]
    if not words:
        # "… ㅇ (사 업 비) 108억원(공사비 105, …)": bullets run together in one line, each opening with
        # its field in a parenthesis; the number is named by the field right before it
        m = _FIELD_BEFORE.search(left)
        if m:
            words = _WORD.findall(squash_spaced(m.group(1)))[-3:]
    if not words:
        topic = _lead_topic(text)
        if topic and _LEAD_TOPIC.match(text).end() <= start:
            return topic
    return " ".join(words if sentence else words[-3:])


def _clause_start(text: str) -> int:
    """Where the clause that ends `text` begins: after its last delimiter or number."""
    return max([m.end() for m in _HARD.finditer(text)] + [m.end() for m in NUMBER.finditer(text)] + [0])


def _closes_line(text: str, open_at: int) -> bool:
    """The parenthesis opened at `open_at` closes at the end of the line (only punctuation after it)."""
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return not re.search(r"[가-힣A-Za-z0-9]", text[i + 1:])
    return True


_FIELD_BEFORE = re.compile(r"(?:^|[ㅇ○◦●□■▪•\-–※*▶►❍]\s*)[(（]\s*([가-힣A-Za-z][가-힣A-Za-z\s·]{0,14}?)\s*[)）]\s*$")
"""A bullet's field in parentheses right before its number ('ㅇ (사 업 비) 108억원'); a parenthesis after
a word ('민관 협의체(간담회) 7회') glosses that word and is no field."""


_LEAD_TOPIC = re.compile(r"^[\sㅇ○◦●□■▪•·\-–※*▶►]*[(（]([^()（）]{2,30})[)）]")


def _lead_topic(text: str) -> str:
    """'ㅇ (재정지원 일자리 확대) (’24년) 1,901명 → (’25년) 1,972명': a line that opens with its topic in
    a parenthesis; a number with no words of its own before it is that topic's."""
    m = _LEAD_TOPIC.match(text)
    if not m:
        return ""
    words = _WORD.findall(_YEAR_MARK.sub(" ", m.group(1)))
    return " ".join(words[-4:])


def _right_label(text: str, end: int) -> str:
    """'16개 지자체와 협약': the noun a counter counts, right after it."""
    m = re.match(r"\s*([가-힣A-Za-z][가-힣A-Za-z0-9·]*)", text[end:])
    if not m:
        return ""
    word = re.sub(r"(와|과|을|를|이|가|은|는|의|에|로|으로|에서)$", "", m.group(1))
    return word if len(word) >= 2 else ""


def _field(text: str) -> str:
    m = re.match(r"^\s*[-○□◦·※▶*]*\s*([^:：\d()]{1,24}?)\s*[:：]", text)
    return " ".join(_WORD.findall(m.group(1))) if m else ""


_SENTENCE_END = re.compile(r"(다|음|함|됨|임|요|[.。:：)）\]」』>〉》])\s*$")


def wrapped_lead(previous: str, raw: str) -> str:
    """The words of a sentence that the line above began and this line finishes ('○ 의장단‧상임위원장단
    현안설명회를 통한 … 설명 및' / '협력방안 논의(′21년 5회, ′22년 3회)'): a line with no bullet of its
    own under a line that stops mid-sentence. '' when the line starts a sentence of its own."""
    line = raw.strip()
    if not line or not re.match(r"[가-힣A-Za-z]", line) or "\t" in raw or "\t" in previous:
        return ""
    prev = clean_line(previous)
    if not prev or not re.search(r"[가-힣]$", prev) or _SENTENCE_END.search(prev):
        return ""
    return " ".join(_WORD.findall(_YEAR_MARK.sub(" ", prev))[-WRAPPED_LEAD_WORDS:])


def numbers_in(text: str, counter: str | None = None) -> list[ProseNumber]:
    """Every quantity in a cleaned line, with its label, field and year; dates, ordinals ('제2차',
    '5급'), times and years are not quantities. `counter`, a unit the question asks, is read too."""
    field = _field(text)
    out: list[ProseNumber] = []
    years = [(m.start(), int(m.group(2)) if m.group(2) else 2000 + int(m.group(1))) for m in _YEAR_MARK.finditer(text)]
    year_spans = [m.span() for m in _YEAR_MARK.finditer(text)]
    parent_unit: tuple[int, str] | None = None  # the counter of a number whose parenthesis follows
    pattern = _number_with(counter) if counter and re.fullmatch(r"[가-힣]{1,3}", counter) else NUMBER
    for m in pattern.finditer(text):
        if any(a <= m.start() < b for a, b in year_spans):
            continue
        unit_raw = m.group("unit")
        before, after = text[:m.start()], text[m.end():]
        if _QUOTE_BEFORE.search(before) or _ORDINAL_BEFORE.search(before):
            continue
        if not unit_raw and _ORDINAL_AFTER.match(after):
            continue
        if re.fullmatch(r"(19|20)\d{2}", m.group("num")) and not unit_raw:
            continue  # a year ("2050 탄소중립")
        value, unit = _value(m)
        if unit in ("년간", "주간"):
            unit = unit[0]
        if unit is None:
            # a bare number counts only as a part of a counted total ("110명(더불어민주당 101, …)");
            # "(4.7)" after a place is a date, not a part
            depth = before.count("(") - before.count(")")
            if parent_unit is None or depth <= 0 or m.group("dec"):
                continue
            unit = parent_unit[1]
        if unit is not None and re.search(r"\(\s*$", text[m.end():m.end() + 2]) is not None:
            parent_unit = (m.start(), unit)
        elif unit is not None and after.lstrip().startswith("("):
            parent_unit = (m.start(), unit)
        label = _left_label(text, m.start())
        right = _right_label(text, m.end()) if m.group("unit") else ""
        if right and right not in label:
            label = (label + " " + right).strip()
        year = next((y for pos, y in reversed(years) if pos < m.start()), None)
        if not label and year is not None and out and out[-1].unit == unit and out[-1].label \
                and out[-1].year not in (None, year) \
                and not re.sub(r"[\s,·/→⇒~∼]|" + "|".join(_SERIES_LINKS), "", _YEAR_MARK.sub("", text[out[-1].end:m.start()])):
            label = out[-1].label  # '방문 : ’21년 14회, ’22년 23회': a series of years of one label
        depth = max(0, before.count("(") - before.count(")"))
        whole = next((o for o in reversed(out) if parent_unit and o.start == parent_unit[0]), None)
        if depth and whole is not None and whole.label and label and whole.label not in label \
                and whole.start < m.start() and not label_measure(whole.label):
            # '(택 시) 23,333대 (법인 9,524, 개인 13,809)': a part is named with what it is a part of
            # (not with a measure: '현원 110명(더불어민주당 101, …)' is no 현원 of each party)
            label = f"{whole.label} {label}"
        measure = label_measure(label.split()[-1]) if label else None
        out.append(ProseNumber(value, unit, m.group(0).strip(), m.start(), m.end(), label, field, year,
                               measure or (label_measure(field) if field else None), depth))
    return out
