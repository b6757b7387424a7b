"""Field labels and shapes of typed spans: where a report states a date, a place or a person.

Reports write facts as labelled fields ('일 시 : '21. 7. 8.(목)', '장 소 : 의사당 중앙홀',
'(위원장) 김 경') or inline ('… 한국프레스센터에서 개최'). The answer type of a question decides
which of these is extracted.
"""

from __future__ import annotations

import re

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "date": ("일시", "기간", "개시", "시기", "일정", "임기", "개최", "운영기간", "활동기간", "추진시기", "추진기간", "개최일",
             "일자", "기한", "시행", "시행일", "추진일정", "행사일", "개최시기"),
    "place": ("장소", "위치", "개최장소", "장 소", "개최지", "소재지", "주소", "행사장"),
    "person": ("위원장", "의장", "대표", "단장", "주지사", "시장", "회장", "위원", "참석", "참석자", "성명", "구성"),
    "org": ("주관", "주최", "소관", "담당", "담당부서", "주관부서", "수행기관", "운영기관", "협력기관", "추진주체", "수행",
            "운영주체", "위탁기관", "수탁기관"),
    "how": ("방법", "절차", "방식", "운영방법", "추진방법", "선임", "내용"),
    "what": ("내용", "목적", "명칭", "주요내용", "사업내용", "개요"),
}
"""Labels of a 'label : value' field, by the answer type they state."""

QUOTE = "'’‘′`"
DATE = re.compile(
    rf"(?:[{QUOTE}]\s?\d{{2}}|(?:19|20)\d{{2}})\s*[.년]\s*\d{{1,2}}\s*(?:[.월]\s*(?:\d{{1,2}}\s*[.일]?)?)?(?:\s*\([월화수목금토일]\))?"
    rf"(?:\s*\d{{1,2}}:\d{{2}})?(?:\s*[~～∼\-]\s*(?:[{QUOTE}]?\d{{2,4}}\s*[.년]\s*)?\d{{1,2}}\s*[.월]?\s*(?:\d{{1,2}}\s*[.일]?)?"
    rf"(?:\s*\([월화수목금토일]\))?(?:\s*\d{{1,2}}:\d{{2}})?)?"
    rf"|\d{{1,2}}\s*월\s*\d{{1,2}}\s*일(?:\s*\([월화수목금토일]\))?|\d{{1,2}}\s*월\s*(?:초|중|말|중순|하순|초순)?"
    rf"|\d{{1,2}}\.\s?\d{{1,2}}\.?\s*\([월화수목금토일]\)"
    rf"|상반기|하반기|연중|매년|매월|분기별|수시|격년"
)
"""A date, a date range, a month or a period word."""

PLACE_WORDS = re.compile(
    r"[가-힣A-Za-z0-9·]{2,20}(?:홀|센터|회의실|청사|의사당|광장|공원|호텔|본관|별관|대회의장|회관|강당|체육관|경기장|시청|구청|도청|"
    r"대학교|학교|박물관|미술관|도서관|프레스센터)(?:\s*\d*층)?")
"""A place name by its ending ('의사당 중앙홀', '한국프레스센터')."""

PERSON = re.compile(
    r"(?:위원장|의장|대표|단장|주지사|회장|총장|장관)\s*[:：(]\s*([가-힣]\s?[가-힣]{1,3})\)?(?![가-힣])"
    r"|(?<![가-힣])([가-힣]\s?[가-힣]{1,2})\s+(?:위원장|의장|대표|단장|주지사|회장)(?![가-힣])"
    r"|\(([A-Z][a-z]+(?: [A-Z][a-z]+)+)\)")
"""A person named with a title ('위원장 김 경', '김 경 위원장', '(Beat Jans)')."""

FREQUENCY = re.compile(r"격년|매년|매월|매주|매분기|분기별|반기별|연\s*\d+\s*회|월\s*\d+\s*회|\d+\s*년마다|수시|정례|상시")
"""How often: '격년', '연 2회'."""

COUNT_LABELS = ("인원", "인력", "규모", "정원", "현원", "참석인원", "참여인원", "대상", "횟수", "건수", "개소", "수량")
"""Labels of a 'label : number' field that say what is counted, not whose count it is."""

MONEY_LABELS = ("사업비", "총사업비", "총예산", "예산", "소요예산", "사업예산", "소요액", "투자비", "총투자비")
"""Labels of a 'label : amount' field that say what the money is, not whose it is ('총사업비 : 2,974억원'
under a project's heading)."""

FIELD_WORDS = (frozenset(w.replace(" ", "") for labels in FIELD_LABELS.values() for w in labels)
               | frozenset(COUNT_LABELS) | frozenset(MONEY_LABELS))
"""Every field word, squashed: what a label may hold and still name only a field of its heading's item."""

_LABEL_SPLIT = re.compile(r"[\s/·ㆍ,]+")


def names_a_field(label: str) -> bool:
    """A line label made only of field words ('인원/기간', '일 시', '규모') names the field, not an item:
    the item is then the heading the line sits under."""
    known = FIELD_WORDS
    whole = re.sub(r"\s+", "", label or "")
    if whole in known:
        return True  # '일 시' is 일시 spaced out
    words = [w for w in _LABEL_SPLIT.split(label or "") if w]
    return bool(words) and all(w in known for w in words)
