"""Understanding a Korean question without an LLM: intent, measure, filters and the target phrase.

    "2020년 4월 보고서에서 시장비서실 업무추진비 집행률은?"
    → intent figure, measure 집행률, report 2020-04, office 시장비서실, target "업무추진비"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.lexicon import ORG_WORD, Lexicon, squash, strip_place
from assistant.measures import BY_NAME, MEASURES, measures_in_question
from ingest.korean import kiwi

AGG_MAX = re.compile(r"(가장|제일)\s*(많|크|큰|높|길|늘|비싸|넓)|최대|최고|최다|1위|많이 늘")
AGG_MIN = re.compile(r"(가장|제일)\s*(적|작|낮|짧|줄|싸|좁)|최소|최저|꼴찌")
AGG_SUM = re.compile(
    r"합(치|하|산|을)|합계(는|가|를)?\s*(얼마|몇)|모두 (더|합)|전부 (더|합)|총합|다 (더|합)|더하면|합쳐|통틀어|누적|"
    r"부터.*까지.*(모두|전부|총)\s*(몇|얼마)")
AGG_AVG = re.compile(r"평균")
DECREASE = re.compile(r"줄어|감소|줄었|삭감|깎")
INCREASE = re.compile(r"늘어|증가|늘었|증액")
COMPARE = re.compile(
    r"(중|가운데)\s*(어디|어느|누가|뭐가|무엇이|어떤 것이|어떤 쪽)|어느 쪽|더\s*(많|높|크|큰|적|낮|작|길|넓|좁|비싸|싸|늘|줄)|비교|차이|대비|보다")
LIST = re.compile(
    r"어떤\s*(것|거|게)들|무엇무엇|뭐뭐|어디어디|누구누구|목록|종류|어떤\s*\S+(들|이 있|가 있)|(세|네|다섯|두|여섯)\s*가지|"
    r"[0-9]+\s*(개|가지)\s*(지자체|기관|분야|사업|과제|항목)|들(이|은|을)?\s*(뭐|무엇|어디|알려)|있어요\?$|있나요|"
    r"(어떤\s*(게|거|것이|것)|뭐가|무엇이)\s*있"
)
OVERVIEW = re.compile(r"주요\s*(업무|사업|과제|내용|기능|추진)|무슨\s*일|어떤\s*일|개요|요약|전반|주요업무")
FACT = re.compile(r"누구|언제|어디|어떻게|무엇|뭐(야|예요|에요|죠|지)|이름|목적|방법|장소|일시|기간|근거|대상|구성")
FIGURE = re.compile(r"얼마|몇|금액|규모|수는|건수|%|퍼센트|비율|인원|명이|액은|률은|율은")
TOTAL_WORDS = re.compile(r"총|전체|합계|모두|전부|총액|총계")

QUESTION_TAIL = re.compile(
    r"(은|는|이|가|을|를|도|요)?\s*(얼마(나|예요|에요|인가요|입니까|야|지)?|몇\s*\S*|어떻게\s*\S*|언제\s*\S*|어디\S*|누구\S*|"
    r"무엇\S*|뭐\S*|알려\s*\S*|확인\s*\S*|인가요|입니까|이에요|예요|에요|이죠|나요|까요|돼요|되나요|있어요|있나요|해요|하나요)"
    r"[\s?？.!]*$"
)
FILLER = (
    "보고서에서", "보고서", "업무보고", "에서는", "기준으로", "기준", "표에서", "관련", "대해", "대한", "관해", "좀", "혹시",
    "부탁드립니다", "부탁", "드립니다", "알려주세요", "알려줘", "확인", "궁금", "해당", "그리고",
)
# Words that say how to answer, not what about.
FUNCTION_WORDS = {
    "가장", "제일", "많이", "적게", "많", "적", "크", "작", "높", "낮", "중", "어느", "어디", "더", "비교", "합", "모두", "전부",
    "총", "얼마", "얼마나", "몇", "무엇", "뭐", "어떻", "어떤", "누구", "언제", "알리", "주", "하", "되", "있", "없",
    "이", "그", "저", "것", "거", "수", "때", "등", "및", "쪽", "경우", "정도", "현재", "실제", "각각", "부터", "까지",
}


@dataclass
class Analysis:
    question: str
    intent: str = "fact"
    measures: list[str] = field(default_factory=list)
    agg: str | None = None  # max | min | sum | avg | diff
    direction: str | None = None  # increase | decrease
    asks_total: bool = False
    doc_filter: set[str] | None = None  # hard restriction to these documents
    orgs: list[str] = field(default_factory=list)  # offices named
    units: list[str] = field(default_factory=list)  # 담당관 … named
    unknown_orgs: list[str] = field(default_factory=list)  # offices no report mentions
    years: list[int] = field(default_factory=list)  # years mentioned (data years, soft)
    report_ref: str | None = None  # "2020-04", "2022" when the question names a report/as-of date
    report_ref_kind: str = "report"  # report: the report's own date; asof: "… 기준/현재" data date
    report_refs: list[str] = field(default_factory=list)  # every report named ("A 보고서하고 B 보고서")
    target: str = ""  # what the question is about, surface text
    terms: list[str] = field(default_factory=list)  # content morphemes of the target
    items: list[str] = field(default_factory=list)  # the two sides of a comparison
    unit_hint: str | None = None  # 명 / 건 / 회 / 개 / 원 / % from "몇 명" …

    @property
    def wants(self) -> str:
        return self.measures[0] if self.measures else ""


def _years(text: str) -> list[int]:
    out = []
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})\s*(?:년|회계연도|\.|$|\s)", text):
        out.append(int(m.group(1)))
    for m in re.finditer(r"['’‘′`]\s?(\d{2})(?:년|\.|\s|$)", text):
        out.append(2000 + int(m.group(1)))
    return list(dict.fromkeys(out))


_REPORT_REF = re.compile(
    r"((?:19|20)\d{2}|['’′]\d{2})\s*(?:년|\.)\s*(?:(\d{1,2})\s*(?:월|\.))?\s*(?:\d{1,2}\s*일?\.?\s*)?"
    r"(?:에\s*)?(?:나온\s*|발표된\s*|작성된\s*)?(보고서|업무보고)")


def report_refs(text: str) -> list[str]:
    """Every report a question names: '2020년 4월 보고서하고 '22년 보고서' → ['2020-04', '2022']."""
    out = []
    for m in _REPORT_REF.finditer(text):
        y = m.group(1)
        year = int(y) if y[0].isdigit() else 2000 + int(y[1:])
        out.append(f"{year:04d}-{int(m.group(2)):02d}" if m.group(2) else f"{year:04d}")
    return out


def _report_ref(text: str) -> str | None:
    """'2020년 4월 보고서', '2020.3 보고서', '2022년 9월 기준', '2022년 보고서' → '2020-04', '2022'."""
    m = re.search(
        r"((?:19|20)\d{2}|['’′]\d{2})\s*(?:년|\.)\s*(?:(\d{1,2})\s*(?:월|\.))?\s*(?:\d{1,2}\s*일?\.?\s*)?"
        r"(?:에\s*)?(?:나온\s*|발표된\s*|작성된\s*)?(보고서|업무보고|보고|기준|현재)",
        text,
    )
    if not m:
        return None
    y = m.group(1)
    year = int(y) if y[0].isdigit() else 2000 + int(y[1:])
    return f"{year:04d}-{int(m.group(2)):02d}" if m.group(2) else f"{year:04d}"


def _unit_hint(text: str) -> str | None:
    if FREQUENCY.search(text):
        return None
    if re.search(r"인원|인력|사람|참가자|참석자|명수|참여자", text) and not re.search(r"몇\s*(건|회|번|개)", text):
        return "명"
    m = re.search(r"몇\s*(명|건|회|번|개|곳|일|개월|년|%|퍼센트|가지|개교|종|권|톤|대|부|편|㎡|평|시간|팀|개국)", text)
    if m:
        return {"번": "회", "퍼센트": "%"}.get(m.group(1), m.group(1))
    if re.search(r"얼마(예요|에요|인가요|입니까|였|야|지|죠|나 (돼|되|들|편성|배정))|얼마\s*[?？]?$|금액|액수", text):
        return "원"
    return None


FREQUENCY = re.compile(r"몇\s*(년|달|개월|주)\s*(마다|에\s*한\s*번)|얼마나\s*자주|주기|빈도")


def _intent(q: str, measures: list[str]) -> tuple[str, str | None]:
    if FREQUENCY.search(q):
        return "fact", None  # "몇 년마다 열려?" asks how often, answered by '격년', not by a number
    if AGG_SUM.search(q):
        return "aggregate", "sum"
    if AGG_MAX.search(q):
        return "aggregate", "max"
    if AGG_MIN.search(q):
        return "aggregate", "min"
    if AGG_AVG.search(q):
        return "aggregate", "avg"
    if COMPARE.search(q) and re.search(r"(와|과|랑|하고|이랑)\s", q) or re.search(r"(중|가운데)\s*(어디|어느|누가|뭐가|어떤)", q):
        return "compare", "diff"
    if re.search(r"(와|과|랑|하고|이랑)\s.+\s중\s.*더\s", q):  # "A랑 B 중 연면적이 더 넓은 곳은?"
        return "compare", "diff"
    if re.search(r"대비|보다", q) and (measures or FIGURE.search(q)):
        return "compare", "diff"
    if LIST.search(q) and not FIGURE.search(q) and not measures:
        return "list", None
    if OVERVIEW.search(q) and not FIGURE.search(q) and not measures:
        return "overview", None
    if FIGURE.search(q) or measures:
        return "figure", None
    return "fact", None


def _compare_items(q: str) -> list[str]:
    """'… 본청과 자치구 중 어디가 더 높아요?' → ['본청', '자치구']: the word before 과/와 and the
    phrase after it; what comes before the first item is shared by both sides."""
    m = re.search(r"(\S+?)(?:와|과|랑|이랑|하고)\s+(.+?)\s*(?:중에서|중|가운데|어느|어디|누가|뭐가)(?:\s|$)", q)
    if not m:
        return []
    a, b = m.group(1).strip(), m.group(2).strip()
    return [a, b] if a and b else []


def _target(q: str, drop: list[str]) -> tuple[str, list[str]]:
    """The residue of the question once filters, measures and question words are removed."""
    text = q
    for phrase in sorted(drop, key=len, reverse=True):
        if phrase:
            # the particle glued to a removed word goes with it ("정원과 현원은" leaves nothing)
            text = re.sub(re.escape(phrase) + r"(과|와|은|는|이|가|을|를|도|의|만|이나|나|에는|에서는|에서|에)?(?=\s|$|[?,.])", " ", text)
            text = text.replace(phrase, " ")
    text = QUESTION_TAIL.sub(" ", text)
    for word in FILLER:
        text = text.replace(word, " ")
    terms: list[str] = []
    spans: list[tuple[int, int]] = []
    for tok in kiwi().tokenize(text):
        form, tag = tok.form, tok.tag
        keep = tag.startswith(("NNG", "NNP", "SL", "SH", "XR", "SN")) or (tag == "XSN" and spans)
        if tag == "NNB" and form in ("년", "월", "일", "회", "개", "명", "건"):
            keep = False
        if keep and form not in FUNCTION_WORDS and not (tag == "XSN" and form == "들"):
            if tag == "XSN" and spans and spans[-1][1] == tok.start:
                spans[-1] = (spans[-1][0], tok.start + tok.len)
                terms[-1] = terms[-1] + form
                continue
            spans.append((tok.start, tok.start + tok.len))
            terms.append(form)
    # surface text from the first to the last kept token keeps the phrase as written
    if not spans:
        return "", []
    surface = text[spans[0][0] : spans[-1][1]]
    surface = re.sub(r"\s+", " ", surface).strip(" ,.?")
    return surface, terms


def analyze(question: str, lexicon: Lexicon | None = None) -> Analysis:
    q = " ".join(question.replace("\u3000", " ").split())
    a = Analysis(question=q)
    a.measures = measures_in_question(q)
    a.intent, a.agg = _intent(q, a.measures)
    if DECREASE.search(q):
        a.direction = "decrease"
    elif INCREASE.search(q):
        a.direction = "increase"
    a.asks_total = bool(TOTAL_WORDS.search(q))
    a.years = _years(q)
    a.report_ref = _report_ref(q)
    a.report_refs = report_refs(q)
    if a.report_ref and re.search(r"기준|현재", q) and not re.search(r"보고서|업무보고", q):
        a.report_ref_kind = "asof"
    a.unit_hint = _unit_hint(q)
    if a.unit_hint is None and any(BY_NAME[m].kind == "money" for m in a.measures if m in BY_NAME):
        a.unit_hint = "원"
    drop: list[str] = []
    named = lexicon.orgs_in(q) if lexicon is not None else []
    for org, form in named:
        a.orgs.append(org)
        a.doc_filter = (a.doc_filter or set()) | lexicon.orgs[org]
        if form in q:
            drop.append(form)
    for m in ORG_WORD.finditer(q):
        name = m.group(0)
        if lexicon is None:
            continue
        if any(squash(name) in form for _, form in named):
            drop.append(name)  # part of an office named in full above
            continue
        docs = lexicon.docs_of_org(name)
        if docs:
            a.orgs.append(name)
            a.doc_filter = (a.doc_filter or set()) | docs
            drop.append(name)
        elif name in lexicon.units or squash(name) in lexicon.units:
            a.units.append(name)
        elif not lexicon.occurs(strip_place(name)) and not lexicon.occurs(name):
            a.unknown_orgs.append(name)
    for alias in ("기조실", "비서실", "사무처"):
        if alias in q and lexicon is not None and not a.orgs:
            docs = lexicon.docs_of_org(alias)
            if docs:
                a.orgs.append(alias)
                a.doc_filter = (a.doc_filter or set()) | docs
                drop.append(alias)
    if a.intent == "compare":
        a.items = _compare_items(q)
    measure_words = [w for m in MEASURES if m.name in a.measures for w in m.ask]
    report_phrase = re.findall(r"(?:(?:19|20)\d{2}|['’′]\d{2})\s*(?:년|\.)\s*(?:\d{1,2}\s*(?:월|\.))?\s*(?:\d{1,2}\s*일?\.?\s*)?(?:보고서|업무보고)(?:에서는|에서|에|의|는)?", q)
    a.target, a.terms = _target(q, drop + measure_words + report_phrase)
    return a
