"""Words that carry no item: function words, generic nouns, fillers, particles; and the common
administrative abbreviations staff write.

An item term is what must be bound to an answer's evidence. These words never are: a question for
"사업 예산" about "전자결재시스템 고도화" is bound by 전자결재/시스템/고도화, not by 사업.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset({
    "가장", "제일", "많이", "적게", "많", "적", "크", "작", "높", "낮", "중", "어느", "어디", "더", "비교", "합", "모두", "전부",
    "총", "얼마", "얼마나", "몇", "무엇", "뭐", "어떻", "어떤", "누구", "언제", "알리", "주", "하", "되", "있", "없", "이", "그",
    "저", "것", "거", "수", "때", "등", "및", "쪽", "경우", "정도", "현재", "실제", "각각", "부터", "까지", "좀", "혹시", "다",
    "나열", "목록", "전체", "대비", "차이", "보다", "해당", "관련", "대한", "대해", "위", "아", "네", "음", "그럼", "요",
    "확인", "부탁", "궁금", "알려", "말씀", "내용", "적", "데", "곳", "분", "걸", "게", "건가", "번", "개", "명", "건",
    "사이", "가운데", "요약", "정리", "줄기", "간단히", "간단", "간략히", "간략", "설명", "소개", "요점", "한눈",
})
"""Morphemes that say how to answer ('요점만 간략히 정리해 주세요'), or nothing at all."""

GENERIC_NOUNS = frozenset({
    "사업", "현황", "계획", "운영", "추진", "관련", "서울", "서울시", "시", "보고서", "보고", "업무", "주요", "내용", "규모",
    "수", "년", "월", "일", "기준", "대상", "부분", "예산", "금액", "실적", "목표", "비율", "인원",
    "이름", "성함", "시기", "방법", "장소", "위치", "일시", "일정", "횟수", "건수", "종류", "항목", "분야", "자료", "표", "돈",
    "부서", "기관", "단체", "사람", "건", "명", "회", "개", "번", "가지", "총액", "합계", "전체", "기간", "정도", "쪽", "편",
    "것", "거", "데", "곳", "때", "경우", "얼마", "숫자", "수치", "통계", "결과", "상황", "부분", "측", "쪽", "해", "연도",
    "수준", "기준", "각각", "모두", "공무원", "직원", "몫", "자리", "것들", "대상군", "유형", "운영중",
})
"""Nouns that name no particular item: they may be missing from an answer's evidence without making
it an answer about something else."""

TIME_WORDS = frozenset({
    "연간", "연중", "매년", "올해", "금년", "당해", "작년", "지난해", "전년", "내년", "상반기", "하반기", "분기", "월별", "연도별",
    "현재", "지금", "최근", "당초", "이번", "지난", "그동안", "년도", "해당년도",
    "하루", "매일", "매달", "매월", "한달", "달",
})
"""Words of time that say when, not what: a question's period is read from its years, quarters and
report dates, never matched as an item. A rate's period ('하루 운행 횟수', '매달 받는') is written
'1일', '월' in a report, so it is no item word either."""

FILLERS = (
    "보고서에서는", "보고서에서", "보고서에", "보고서", "업무보고", "기준으로", "표에서", "부탁드립니다", "부탁해요", "부탁",
    "드립니다", "알려주세요", "알려 주세요", "알려줘요", "알려줘", "알려 줘", "확인해 주세요", "확인해줘", "궁금합니다",
    "궁금해요", "혹시", "좀", "말인데요", "말인데", "말이에요", "말이야",
)
"""Politeness and frame phrases removed before the item is read."""

PARTICLES = ("에서는", "에서도", "에서", "에는", "에게", "으로", "로는", "이랑", "하고", "이나", "까지", "부터", "은", "는",
             "이", "가", "을", "를", "의", "도", "에", "와", "과", "랑", "로", "만", "나", "요")
"""Josa that may be glued to the last word of a phrase, longest first."""

NEGATING_PREFIXES = frozenset({"비", "미", "불", "무", "반"})
"""Prefixes Kiwi reads apart (비/XPN 상설/NNG) that turn a noun into its opposite: 비상설 is not 상설
and 미반영 is not 반영, so the prefix stays on the item word."""

VERBAL_NOUN_VERB = re.compile(r"^(?P<noun>[가-힣]{2,6}?)(?:했|하였|하고|하는|한|하|됐|되었|되고|되는|된|되)[가-힣]*$")
"""A written word that is a noun with 하다/되다 ('재결했어요', '접수됐고'): where Kiwi misreads the noun
(재결 → 재/XPN 결하/VV), the noun is still an item word when the reports contain it."""

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "행감": ("행정사무감사",),
    "예결위": ("예산결산특별위원회",),
    "예결": ("예산결산",),
    "기조실": ("기획조정실",),
    "비서실": ("시장비서실",),
    "시장실": ("시장비서실",),
    "사무처": ("의회사무처",),
    "시의회": ("서울시의회", "서울특별시의회"),
    "코로나": ("코로나19",),
    "인권위": ("인권위원회",),
    "행안부": ("행정안전부",),
    "업추비": ("업무추진비",),
    "SH공사": ("주택도시공사",),
    "SH": ("주택도시공사",),
}
"""Short forms staff write for names that reports write out; a term also matches its long forms."""

_EDITION = r"제?\s*(\d+)\s*(기|차|대|회차|분기|단계)"
ORDINAL = re.compile(rf"^{_EDITION}$")
"""An edition or round that qualifies an item ('제3기 청년정책자문위원회', '3차 회의'): a row or line
that names the item without it may still answer (a budget line covers every term of a committee);
one that names another edition of the same kind does not."""

EDITION_IN_TEXT = re.compile(rf"{_EDITION}(?![가-힣])")
"""The same editions written inside a line ('제3기 청년정책자문위원회 구성'), with their number and kind."""
