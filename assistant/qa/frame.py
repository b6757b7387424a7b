"""Analyze: what a question asks (answer type, measures, operation, years, offices) and what it is
about (its item terms), read without an LLM.

The item is what is left of the question once the office and report words, the measures, the
question cues and the politeness are taken out; its nouns become weighted terms that an answer's
evidence must carry.
"""

from __future__ import annotations

import dataclasses
import re

from assistant.qa.prose import numbers_in
from assistant.qa.terms import TermStats
from assistant.qa.types import Frame, Term
from assistant.qa.vocab import cues
from assistant.qa.vocab.measures import DERIVED, STATED_AS_TEXT, Asked, kind_of, measure_word_spans, measures_in_question
from assistant.qa.vocab.words import FILLERS, FUNCTION_WORDS, GENERIC_NOUNS, NEGATING_PREFIXES, PARTICLES, TIME_WORDS, VERBAL_NOUN_VERB
from ingest.korean import kiwi

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:년|회계연도|\.|$|\s|에|도)|['’‘′`]\s?(\d{2})(?=년|\.|\s|$|도)|(?<![\d.])(\d{2})년")
_REPORT = re.compile(
    r"((?:19|20)\d{2}|['’′]?\d{2})\s*(?:년|\.)\s*(?:(\d{1,2})\s*(?:월|\.))?\s*(?:\d{1,2}\s*일?\.?\s*)?(?:에\s*)?"
    r"(?:나온\s*|발표된\s*|작성된\s*|자\s*)?(?:[가-힣]{2,10}(?:실|국|처|청|원|회|과)\s*)?(보고서|업무보고|자료|보고)"
    r"(?:\s*기준(?:으로)?)?")
_ASOF = re.compile(r"((?:19|20)\d{2}|['’′]?\d{2})\s*(?:년|\.)\s*(?:(\d{1,2})\s*(?:월|\.))?\s*(?:\d{1,2}\s*일?\.?\s*)?(?:말일?\s*|초\s*)?(기준|현재)")
_QUARTER = re.compile(r"([1-4])\s*/\s*4(?:\s*분기)?|([1-4])\s*분기|(상반기)|(하반기)")
_NUMBER_WORDS = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")
_CONTENT_TAGS = ("NN", "VV", "VA", "VX", "XR", "SL", "SH", "SN", "MAG", "MM", "NP", "NR", "VCP", "XSV", "XSA")


def _year_of(text: str) -> int:
    t = text.lstrip("'’′")
    return int(t) if len(t) == 4 else 2000 + int(t)


def report_refs(q: str) -> list[tuple[str, tuple[int, int]]]:
    """Reports a question names ('2018년 10월 보고서', "'23년 2월 보고서") → ('2018-10', span)."""
    out = []
    for m in _REPORT.finditer(q):
        y = _year_of(m.group(1))
        ref = f"{y:04d}-{int(m.group(2)):02d}" if m.group(2) else f"{y:04d}"
        out.append((ref, m.span()))
    return out


def strip_report_refs(text: str) -> str:
    """The text without the reports it names ('23년 2월 재무국 보고서에서 …' → '…'), keeping the office."""
    def keep_office(m: re.Match) -> str:
        office = re.search(r"[가-힣]{2,10}(?:실|국|처|청|원|회|과)(?=\s*(?:보고서|업무보고|자료|보고))", m.group(0))
        return f" {office.group(0)} " if office else " "
    out = _REPORT.sub(keep_office, text)
    out = re.sub(r"^\s*(에서는|에서|의|에)\s+", "", out)
    out = re.sub(r"\s+(에서는|에서|의|에)(?=\s)", "", out)
    return " ".join(out.split())


_DATE = r"(?:(?:(?:19|20)\d{2}|['’′]\d{2})\s*년\s*)?\d{1,2}\s*월(?:\s*\d{1,2}\s*일)?"
_TWO_DATES = re.compile(
    rf"(?P<a>{_DATE})\s*(?P<aend>말일?|초)?\s*(?P<atail>기준|보고서|업무보고)?\s*(?:이랑|랑|하고|과|와|,)\s*"
    rf"(?P<b>{_DATE})\s*(?P<bend>말일?|초)?\s*(?P<btail>기준|보고서|업무보고)")


def date_alternatives(q: str) -> list[tuple[str, str]]:
    """A question that asks one thing at two dates ('1월 말이랑 3월 말 기준으로 각각', '2020년 4월
    업무보고랑 '22년 9월 20일 기준 업무보고'), as one question per date, each labelled by its date;
    [] when it names one date. A date without its year takes the year the question names."""
    m = _TWO_DATES.search(q)
    if not m:
        return []
    # the year the question names outside the two dates, else the first date's ('2020년 1월말이랑 3월말')
    year = cues.FULL_YEAR.search(q[:m.start()] + q[m.end():]) or cues.FULL_YEAR.search(m.group("a"))
    if year is None and not all("년" in m.group(side) for side in ("a", "b")):
        return []  # '1월 말이랑 3월 말 보고서': of which year, the question does not say
    rest = (q[:m.start()] + " {date} " + q[m.end():])
    if year:
        rest = rest.replace(year.group(0), " ", 1) if not year.group(0) in m.group(0) else rest
    out = []
    for side in ("a", "b"):
        date = " ".join(m.group(side).split())
        if "년" not in date and year:
            date = f"{year.group(1)}년 {date}"
        tail = m.group(f"{side}tail") or m.group("btail")
        end = m.group(f"{side}end") or ""
        label = f"{date} {end}".strip() + (" 기준" if tail == "기준" else " 보고서")
        out.append((label, " ".join(rest.replace("{date}", f"{date} {end} {tail}").split())))
    return out


def _asof_ref(q: str) -> tuple[str, tuple[int, int]] | None:
    m = _ASOF.search(q)
    if not m:
        return None
    y = _year_of(m.group(1))
    return (f"{y:04d}-{int(m.group(2)):02d}" if m.group(2) else f"{y:04d}"), m.span()


def _years(q: str, taken: list[tuple[int, int]]) -> list[int]:
    out = []
    for m in _YEAR.finditer(q):
        if any(a <= m.start() < b for a, b in taken):
            continue
        y = _year_of(m.group(1) or m.group(2) or m.group(3))
        if 1990 <= y <= 2100 and y not in out:
            out.append(y)
    return out


def _counter(q: str) -> str | None:
    if cues.FREQUENCY.search(q):
        return None
    if cues.MONEY_IN_UNIT.search(q):
        return "원"
    m = cues.COUNTERS.search(q)
    if m:
        word = m.group(1) or m.group(2)
        return cues.COUNTER_ALIASES.get(word, word)
    m = cues.ANY_COUNTER.search(q)
    written = q[m.start(1):m.start(1) + 2] if m else ""  # '몇 년도': the word written, not its first syllable
    if m and m.group(1) not in cues.NOT_COUNTERS and written not in cues.NOT_COUNTERS and not (cues.AGG_MAX.search(q) or cues.AGG_MIN.search(q)):
        return cues.COUNTER_ALIASES.get(m.group(1), m.group(1))  # "몇 석": the unit asked, known or not ("몇 호선이 제일 …" names a row instead)
    m = cues.COUNT_NOUNS.search(q)
    if m:
        return cues.COUNT_NOUN_UNITS[m.group(1).replace(" ", "")]  # "운행 횟수가 제일 많은": a count of 회
    if cues.PEOPLE_WORDS.search(q):
        return "명"
    if re.search(r"%|퍼센트|비율|률은|율은|률이|율이", q):
        return "%"
    if cues.QUANTITY_WORDS.search(q) and not cues.MONEY_WORDS.search(q):
        return None  # '물량이 얼마야?': the quantity's own unit (톤), not money
    if cues.MONEY_QUESTION.search(q):
        return "원"
    return None


def _event_words(q: str) -> tuple[str, ...]:
    words: list[str] = []
    for pattern, names in cues.EVENTS:
        if pattern.search(q):
            words += [w for w in names if w not in words]
    return tuple(words)


def _counted_noun_optional(terms: tuple[Term, ...], counter: str | None) -> tuple[Term, ...]:
    """A noun that names what is counted is written as the counter ('관람석이 몇 석' → '21,000석';
    '운행 횟수' → '354회'), so a line need not write it: kept as a generic word, scored, never
    required. That is a count noun (횟수, 건수), or a noun ending in a counter no common noun ends in."""
    ends = bool(counter and re.fullmatch(r"[가-힣]+", counter) and counter not in cues.SYLLABLE_COUNTERS)

    def counted(t: Term) -> bool:
        return t.text in cues.COUNT_NOUN_UNITS or (ends and len(t.text) > len(counter) and t.text.endswith(counter))

    return tuple(dataclasses.replace(t, generic=True, strong=False) if counted(t) else t for t in terms)


def ask_clauses(q: str) -> list[str]:
    """A question asking two numbers in two clauses ('… 예산은 얼마고 사업은 몇 개인가요?') as two
    questions, the second with the first's shared subject ('… 사업은 몇 개인가요?'); [] when it asks
    once. The subject is what comes before the first clause's topic word, or before its ask."""
    asks = list(cues.ASK_POINT.finditer(q))
    if len(asks) < 2:
        return []
    end = cues.CLAUSE_END.search(q, asks[0].end() - 1)
    if end is None or end.start() > asks[1].start():
        return []
    words = q[:asks[0].start()].split()
    if words and cues.TOPIC.search(words[-1]) and len(words) >= 2:
        words = words[:-1]
    subject = " ".join(words)
    return [q[:end.end()].strip(), f"{subject} {q[end.end():]}".strip()]


def _adnominal(q: str, m) -> bool:
    """A measure word written as a modifier of the noun after it ('늘린 체육시설', '줄어든 인원')."""
    return m.word.endswith(("린", "난", "한", "인", "든", "른", "진")) and \
        bool(re.match(r"\s+[가-힣]{2,}", q[m.position + len(m.word):]))


def attribute_then_count(q: str) -> tuple[str, str] | None:
    """'부산 어린이병원은 어디에 들어서고 병상은 몇 개 규모예요?': a clause asking where (when, who)
    and a clause asking how many, as two questions about the subject both share (the words before the
    first ask); None when one clause asks both."""
    first = cues.ATTRIBUTE_ASK.search(q)
    if first is None:
        return None
    end = cues.CLAUSE_END.search(q, first.end() - 1)
    count = cues.ASK_POINT.search(q, end.end()) if end is not None else None
    if count is None:
        return None
    subject = " ".join(q[:first.start()].split())
    return q[:end.end()].strip(), f"{subject} {q[end.end():]}".strip()


def _remarks(q: str) -> list[tuple[int, int]]:
    """Spans of the sentences that ask nothing, when another sentence of the question does."""
    starts = [0] + [m.end() for m in cues.SENTENCE_END.finditer(q)]
    spans = [(a, b) for a, b in zip(starts, starts[1:] + [len(q)])]
    asking = [bool(cues.ASKS.search(q[a:b])) for a, b in spans]
    if len(spans) < 2 or not any(asking):
        return []
    return [span for span, asks in zip(spans, asking) if not asks]


def _is_limit(q: str) -> bool:
    """'월 최대 얼마 받을 수 있나요?': 최대 is the fact's own limit, not the largest of several items."""
    extremes = [m for p in (cues.AGG_MAX, cues.AGG_MIN) for m in p.finditer(q)]
    return bool(extremes) and all(cues.LIMIT_WORD.fullmatch(m.group(0)) for m in extremes) \
        and not cues.SET_ASK.search(q)


def _op(q: str, measures: tuple[Asked, ...], years: list[int] = (), limit: bool = False) -> tuple[str | None, str | None]:
    direction = "decrease" if cues.DECREASE.search(q) else "increase" if cues.INCREASE.search(q) else None
    if cues.FREQUENCY.search(q) or limit:
        return None, direction
    # "증감액은?": reports state the change in a column of its own; "2019년에서 2023년 사이 몇 가구
    # 늘었나요?" asks the difference of the two years
    # "작년(그 해)보다 얼마나 늘었나?" compares that year with the latest one beside it
    if any(m.name == "증감" for m in measures) and not (cues.AGG_MAX.search(q) or cues.AGG_MIN.search(q)) \
            and (any("증감" in m.word for m in measures if m.name == "증감")
                 or (len(years) < 2 and not (years and re.search(r"보다|대비|비교", q)))):
        return None, direction
    ranked = cues.RANK_ORDINAL.search(q)
    if ranked:
        return ("min" if ranked.group(2) in "적작낮짧싸좁" else "max"), direction
    if cues.AGG_SUM.search(q):
        return "sum", direction
    if cues.AGG_MAX.search(q):
        return "max", direction
    if cues.AGG_MIN.search(q):
        return "min", direction
    if cues.AGG_AVG.search(q) and re.search(r"평균\s*(은|이|을|내|값|얼마|몇)", q):
        return "avg", direction
    change = cues.CHANGE.search(q)
    if change and cues.CHANGED_TO.search(q[:change.start()]):
        change = None  # "내년부터 수수료가 얼마로 달라지나요?": the value reached
    # "A년하고 B년에 각각 얼마였고 얼마나 늘었어?": a change between the two years named
    if cues.COMPARE.search(q) or (change and (re.search(r"대비|보다|비교|에서|→|부터", q) or len(years) >= 2)) or (
            cues.DIFFERENCE.search(q) and cues.CONJUNCTION.search(q)):
        return "diff", direction
    return None, direction


def _attributes(q: str) -> tuple[str, ...]:
    found = []
    days = cues.COUNTERS.search(q)
    for name, pattern in cues.WH:
        m = pattern.search(q)
        if m and name == "date" and days and days.group(0) == "며칠":
            continue  # "처리기간이 며칠로 단축됐나요?": a number of days, not a date
        if m:
            found.append((m.start(), name))
    names = [n for _, n in sorted(found)]
    if len(names) > 1 and "what" in names:
        names.remove("what")  # "언제 무엇을": the typed attribute is the answer
    return tuple(names)


def _answer_type(q: str, measures, counter, op, attributes) -> str:
    if cues.FREQUENCY.search(q):
        return "frequency"
    summary = cues.OVERVIEW.search(q) or cues.PLAN_PART_ASKED.search(q) or (cues.SUMMARY.search(q) and (
        cues.PLAN_PART.search(q) or cues.REPORT_ITSELF.search(q) or cues.SECTION_WORD.search(q)))
    if summary and not measures and not counter and not re.search(r"몇", q):
        return "overview"
    if cues.LIST.search(q) and not re.search(r"몇\s*(개|명|건|곳|가지)", q) and not op:
        return "list"
    if op:
        return "number"  # "언제가 더 적었나요?": which of two figures, not a date
    days = counter == "일" and re.search(r"기간|일수|동안|걸리|걸렸|소요|평균|며칠", q)
    if measures or (counter and (counter != "일" or days)) or cues.NUMBER_WORDS.search(q) or "얼마" in q:
        if not (attributes and attributes[0] in ("date", "place", "person", "org") and not measures and not counter):
            return "number"
    if attributes:
        return attributes[0]
    return "text"


def _wanted_count(q: str, op: str | None = None) -> int | None:
    if op in ("sum", "max", "min", "avg"):
        m = re.search(r"(?<![\d,.])(\d{1,2})\s*(?:개|곳|개소|군데)\s*[가-힣]", q)
        if m:  # "7개 사업소 세출예산을 다 합치면": the set has 7
            return int(m.group(1))
    m = re.search(r"(두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(가지|개|곳|군데|명|건)", q) or re.search(
        r"(\d+)\s*(가지|개|명|대)\s*[가-힣]*\s*(은|는|의|이|가|을|를)?\s*(어떤|무엇|뭐|누구|나열|모두|전부|알려|말해|보여)", q) or re.search(
        r"(\d+)\s*(곳|개소|개|군데|명|건)\s*(?:중|가운데)", q)  # "7곳 중에 제일 큰 데": the set has 7
    if not m:
        return None
    return _NUMBER_WORDS.get(m.group(1)) or int(m.group(1))


def _stated(q: str) -> tuple[float, ...]:
    """Numbers the question gives with their counter ('37건 중에', '10개 사업'): what it starts from,
    never what it asks."""
    out = []
    for num in numbers_in(q):
        if num.unit and num.value is not None and num.unit not in ("년", "월", "일"):
            out.append(num.value)
    return tuple(out)


def _blanked(q: str, spans: list[tuple[int, int]]) -> str:
    """The question with these spans blanked out, every other character at its place."""
    return "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(q))


def _spans_of(q: str, patterns) -> list[tuple[int, int]]:
    out = []
    for p in patterns:
        out.extend(m.span() for m in p.finditer(q))
    return out


_NUMBERED_NAME = re.compile(r"\s*(호점|호선|호관|호기|단계|급|호|차|기|층|대|종|인)(?![가-힣])"
                            r"|\s*(호점|호선|호관|호기|단계)(?=[은는이가을를의에도](?![가-힣]))")
"""A number that is part of a name ('5급', '제2기', '3호점은', '2호선'): a longer suffix may take a particle."""


def item_terms(q: str, removed: list[tuple[int, int]], stats: TermStats | None) -> tuple[tuple[Term, ...], str]:
    """Nouns of the question outside the removed spans, with noun+suffix joined ('정보'+'화')."""
    kept: list[tuple[int, int, str]] = []
    glosses = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", q)]
    glosses += [(m.start(), m.end()) for m in cues.DESCRIBING_CLAUSE.finditer(q)]
    tokens = kiwi().tokenize(q)
    content_at = [(t.start, t.start + t.len) for t in tokens if t.tag.startswith(_CONTENT_TAGS)]
    negated = None  # a negating prefix right before this token ('비' of 비상설)
    for tok in tokens:
        negated, prefix = None, negated
        if tok.tag == "XPN" and tok.form in NEGATING_PREFIXES:
            negated = (tok.start, tok.start + tok.len)
        start, end = tok.start, tok.start + tok.len
        if any(a <= start < b or a < end <= b for a, b in removed) or (kept and start < kept[-1][1]):
            continue
        if tok.tag == "XSN" and tok.form in ("들", "별"):
            continue  # a plural ('사업들') or a breakdown ('수단별') says nothing about the item
        if tok.tag == "XSN" and kept and kept[-1][1] == start:
            s, _, form = kept[-1]
            kept[-1] = (s, end, form + tok.form)
            continue
        if tok.form == "중" and tok.tag == "NNB" and kept and 0 <= start - kept[-1][1] <= 1 and re.match(r"\s*(인|이|에\s*있)", q[end:]):
            s, _, form = kept[-1]  # "추진 중인": a state of the noun ('추진중'), not "among"
            kept[-1] = (s, end, form + "중")
            continue
        named = _NUMBERED_NAME.match(q[end:]) if tok.tag == "SN" else None
        if named:
            first = start - 1 if start > 0 and q[start - 1] == "제" else start
            suffix = named.group(1) or named.group(2)
            kept.append((first, end + named.end(), q[first:start] + tok.form + suffix))  # '5급', '제2기', '3호점': names
            continue
        glued = kept and kept[-1][1] == start
        if glued and (tok.tag in ("SN", "SL") and kept[-1][2][-1:].isascii()
                      or tok.tag.startswith("NN") and len(tok.form) == 1 and tok.form not in "중등및"):
            s, _, form = kept[-1]  # 'U'+'20' → 'U20'; '행정'+'국' → '행정국': one name
            kept[-1] = (s, end, form + tok.form)
            continue
        if tok.tag.startswith(_NOUN_TAGS) and tok.form not in FUNCTION_WORDS and tok.form not in TIME_WORDS:
            if tok.tag.startswith("NN") and len(tok.form) == 1 and tok.form in "년월일중곳분쪽번":
                continue
            if prefix is not None and prefix[1] == start:
                kept.append((prefix[0], end, q[prefix[0]:start] + tok.form))  # '비상설' is no 상설
                continue
            stem = strip_particle(tok.form)
            if tok.tag == "NNP" and stem != tok.form and stats is not None and stats.occurs(stem) \
                    and not stats.occurs(tok.form):
                kept.append((start, start + len(stem), stem))  # '구성은' read as one proper noun: 구성 + 은
                continue
            kept.append((start, end, tok.form))
    # a word Kiwi read as particles ('의정' after an office name → 의/JKG 정/XPN) is still a word
    noun_at = [(t.start, t.start + t.len) for t in tokens if t.tag.startswith("NN")]
    for m in re.finditer(r"[가-힣A-Za-z0-9]+", q):
        a, b = m.span()
        verbal = VERBAL_NOUN_VERB.match(m.group(0))
        noun_end = a + len(verbal.group("noun")) if verbal else b
        if any(x < noun_end and a < y for x, y in removed):
            continue
        if (verbal and stats is not None and not any(x < b and a < y for x, y in noun_at)
                and stats.occurs(verbal.group("noun")) and verbal.group("noun") not in FUNCTION_WORDS):
            kept.append((a, noun_end, verbal.group("noun")))  # '재결했어요' → 재결 (Kiwi: 재/XPN 결하/VV)
            continue
        if any(x < b and a < y for x, y in removed + content_at):
            continue  # only a word of which Kiwi found no content at all
        if m.group(0) in PARTICLES:
            continue  # a particle left after a removed span ("('20.1.31. 기준)에서"): no word
        stem = strip_particle(m.group(0))
        if (len(stem) >= 2 and re.search(r"[가-힣]", stem) and stem not in FUNCTION_WORDS and stem not in TIME_WORDS
                and not re.search(r"\d", stem)):
            kept.append((a, a + len(stem), stem))
    kept.sort()
    if not kept:
        return (), ""
    start = kept[0][0]
    year = re.search(r"((?:19|20)\d{2}|['’′]\d{2})\s*년?\s*$", q[max(0, start - 8):start])
    if year:  # '2022 주민참여예산 …': the year the topic is of stays with it
        start = max(0, start - 8) + year.start()
    phrase = " ".join(q[start:kept[-1][1]].split()).strip(" ,.?")
    seen: dict[str, Term] = {}
    for start, _, form in kept:
        gloss = any(a <= start < b for a, b in glosses)
        category = bool(cues.WHICH.search(q[:start]))
        kind = bool(cues.SUPERLATIVE_KIND.search(q[:start]))
        word = _word_at(q, start)
        for part in (stats.split(form) if stats else [form]):
            if part not in seen or (kind and stats):
                term = stats.term(part, gloss) if stats else Term(part, 1.0, False)
                if category and term.strong and stats:
                    term = stats.term(part, True)  # "어느 나라": the kind of answer, not in the evidence
                elif kind and stats:
                    term = stats.term(part, True)  # "가장 높은 수단": the kind of the rows ranked
                seen[part] = dataclasses.replace(term, word=word)
    return tuple(seen.values()), phrase


def _word_at(q: str, pos: int) -> str:
    """The written word (without its particle) a token starts in: '언론홍보실' for '홍보실'."""
    a = q.rfind(" ", 0, pos) + 1
    b = q.find(" ", pos)
    return strip_particle(re.sub(r"[^\w]", "", q[a:b if b >= 0 else len(q)]))


def strip_particle(word: str) -> str:
    for p in PARTICLES:
        if word.endswith(p) and len(word) > len(p) + 1:
            return word[: -len(p)]
    return word


def _conjunction_split(text: str) -> list[str]:
    """Split at the conjunctive particles Kiwi finds (와/과/랑/하고, 및): '효과' does not end in one."""
    toks = kiwi().tokenize(text)
    cuts = [(t.start, t.start + t.len) for t in toks if t.tag == "JC" or (t.tag == "MAJ" and t.form == "및")]
    for prev, t, nxt in zip(toks, toks[1:], toks[2:]):
        # "담당관하고 …": Kiwi reads 하고 after a noun as the verb 하다, but it joins two nouns
        if (t.form, t.tag, nxt.form, nxt.tag) == ("하", "VV", "고", "EC") and prev.tag.startswith("NN") \
                and prev.start + prev.len == t.start and nxt.start + nxt.len < len(text):
            cuts.append((t.start, nxt.start + nxt.len))
    for prev, t, nxt in zip(toks, toks[1:], toks[2:]):
        # "A이랑 B 예산": Kiwi reads 랑 as the case 'with' (JKB); before a noun it joins two nouns
        if t.tag == "JKB" and t.form in ("랑", "이랑") and nxt.tag.startswith("NN"):
            start = prev.start if (prev.form, prev.tag) == ("이", "XSN") and prev.start + prev.len == t.start else t.start
            cuts.append((start, t.start + t.len))
    cuts.sort()
    out, last = [], 0
    for a, b in cuts:
        out.append(text[last:a])
        last = b
    out.append(text[last:])
    return out


def split_parts(phrase: str) -> tuple[str, ...]:
    """The items of a compound phrase: 'A·B·C'; 'A와 B' (the left item as long as the right one,
    '신청 인원 기준으로 어르신 건강교실이랑 청년 취업캠프' → 어르신 건강교실, 청년 취업캠프);
    'A가 B보다'; three or more joined by commas. What follows 중/가운데 is shared."""
    items = re.split(r"\s(?:중에서|중에|중|가운데)\s", " " + phrase + " ", maxsplit=1)[0].strip()
    commas = [p.strip() for p in items.split(",") if p.strip()]
    if len(commas) >= 3:
        return tuple(commas)  # "A, B·C, D": the commas part the items, the dot is inside a name
    dotted = [p.strip() for p in re.split(r"\s*·\s*", items) if p.strip()]
    joined = [p.strip(" ,") for p in _conjunction_split(items) if p and p.strip(" ,")]
    if len(dotted) >= 2 and not (len(joined) == 2 and all("·" in p for p in joined)):
        # "A·B·C": the dots part the items; "A·B랑 C·D": a 랑 parts two
        # items whose names hold the dots
        return tuple(dotted)
    than = re.match(r"^(?P<a>.+?)(?:이|가|은|는)\s+(?P<b>\S+(?:\s\S+)?)\s*보다", items)
    if than:
        return (than.group("a").strip(), than.group("b").strip())
    if len(joined) == 2 and "," not in joined[1]:
        left, right = joined[0].split(), joined[1].split()
        # "A랑 B 하루 연료비": the words after B that A lacks are shared by both sides
        return (" ".join(left[-max(len(right), 1):]), " ".join(right[:max(len(left), 1)]))
    return tuple(joined) if len(joined) > 2 else ()


def own_unit_counter(counter: str | None, measure: str) -> str | None:
    """얼마 asks a measure in its own unit: % for a rate, 명 for people; money stays 원."""
    if counter == "원" and kind_of(measure) != "money":
        return {"rate": "%", "people": "명"}.get(kind_of(measure) or "")
    return counter


_DOT = "·ㆍ‧・"


def _in_dotted_name(q: str, a, asked) -> bool:
    """Whether a measure word is one side of 'X·Y' whose other side is no measure word."""
    start, end = a.position, a.position + len(a.word)
    others = [(b.position, b.position + len(b.word)) for b in asked if b is not a]
    if end < len(q) and q[end] in _DOT:
        m = re.match(r"[가-힣A-Za-z]+", q[end + 1:])
        return bool(m) and not any(x <= end + 1 < y for x, y in others)
    if start > 0 and q[start - 1] in _DOT:
        m = re.search(r"[가-힣A-Za-z]+$", q[:start - 1])
        return bool(m) and not any(x <= m.start() < y for x, y in others)
    return False


def analyze(question: str, offices: list[tuple[str, tuple[int, int]]] = (), stats: TermStats | None = None) -> Frame:
    """The frame of a normalized standalone question. `offices` are the office mentions the lexicon
    found in it, with their spans, so that they are scope and not item."""
    q = question
    noun_spans = [(t.start, t.start + t.len) for t in kiwi().tokenize(q) if t.tag.startswith(("NNG", "NNP"))]
    negated = [m.span() for m in cues.NEGATION.finditer(q)]
    # a measure word inside an office's name ('여성' in 여성가족국) is the office, not a measure; one in
    # a remark beside the question ('… 얼마예요? 작년보다 늘었다던데요.') is not asked; and "몇 명으로
    # 늘었나요?" asks the value reached: its verb of change names no 증감 measure
    remarks = _remarks(q)
    not_asked = negated + [span for _, span in offices] + remarks
    # "한 사람당 얼마": the unit a figure is per is not the unit asked
    counter = _counter(_blanked(q, _spans_of(q, [cues.PER_UNIT_ASK])))
    counted = cues.COUNTED_NOUN.search(q) if counter == "개" else None
    if counted and counted.group(1) not in GENERIC_NOUNS and not measures_in_question(counted.group(1)):
        counter = counted.group(1)  # "병상은 몇 개": '50병상' or '병상 50개' (the unit check takes both)
    # a head count measure under another counter names who the item is for ('여성 … 몇 곳에서' asks
    # places, not women): the word stays an item word
    asking = _blanked(q, remarks)  # the question without its remarks, positions kept
    asked = measures_in_question(asking, noun_spans)  # a measure named in a remark and asked again counts
    item_measures = [(a.position, a.position + len(a.word)) for a in asked
                     if kind_of(a.name) == "people" and counter and counter not in ("명", "원")]
    not_asked += item_measures
    # '예산·재정 분야': a measure word joined by a middle dot to a word that is no measure is half of a
    # name, not a measure asked ('예산·집행액' joins two measures and asks both)
    named = [(a.position, a.position + len(a.word)) for a in asked if _in_dotted_name(q, a, asked)]
    not_asked += named
    item_measures += named
    measures_t = tuple(a for a in asked
                       if not any(x <= a.position < y for x, y in not_asked)
                       and not (a.name == "증감" and cues.CHANGE.fullmatch(a.word[:2])
                                and cues.CHANGED_TO.search(q[:a.position])))
    if cues.PLAN_PART_ASKED.search(q) and not counter and not re.search(r"몇|얼마", q):
        measures_t = tuple(a for a in measures_t if a.name not in STATED_AS_TEXT)  # '목표랑 추진전략이 뭐예요?'
    refs = report_refs(q)
    asof = _asof_ref(q)
    removed: list[tuple[int, int]] = [span for _, span in refs] + [span for _, span in offices] + negated
    if asof:
        removed.append(asof[1])
    years = _years(q, removed)
    if asof and len(asof[0]) == 4 and int(asof[0]) not in years:
        years.insert(0, int(asof[0]))  # "2023년 기준 …": a year alone is the year the figure is of
    for a in measures_t:
        removed.append((a.position, a.position + len(a.word)))
    removed += [sp for sp in measure_word_spans(q, noun_spans)
                if not any(x <= sp[0] < y for x, y in negated + item_measures)]
    # cue spans that may hold an item word ('3대 추진전략이 뭐', 'A 중 어디가 더') are left to the
    # function-word list instead
    limit = _is_limit(q)
    extremes = [] if limit else [cues.AGG_MAX, cues.AGG_MIN]  # a limit word is item: it is in the evidence
    removed += _spans_of(q, [cues.QUESTION_TAIL, cues.COUNTERS, *extremes, cues.AGG_SUM, cues.RANK_ORDINAL,
                             cues.FREQUENCY, cues.PERCENT_CHANGE, cues.HOW_MUCH_CHANGE, cues.COMPARED_WITH])
    removed += _spans_of(q, [re.compile(re.escape(f)) for f in FILLERS])
    removed += _spans_of(q, [p for _, p in cues.WH])
    if counter == "%" and measures_t and measures_t[0].name not in DERIVED and kind_of(measures_t[0].name) == "money" \
            and not re.search(r"%|퍼센트", q):
        # "할인율을 검토하는 연구에 예산이 얼마": a word ending in 율 names the item; the money asked decides
        counter = "원" if cues.MONEY_QUESTION.search(q) else None
    if measures_t:
        counter = own_unit_counter(counter, measures_t[0].name)  # "집행률 얼마야?": a rate, not money
    op, direction = _op(asking, measures_t, years, limit)  # '…보다 많던데, 각각 몇 명?' compares nothing
    if op == "sum":
        # "3년 동안 늘린 체육시설이 모두 몇 개소": 늘린 says which things are added up, not a change asked
        measures_t = tuple(m for m in measures_t if not (m.name == "증감" and _adnominal(q, m)))
    if op is None and any(m.name == "증감" for m in measures_t) and len(date_alternatives(q)) == 2:
        op = "diff"  # "1월말이랑 3월말 기준 … 얼마나 늘었어?": the change between the two dates
    attributes = _attributes(q)
    answer_type = _answer_type(q, measures_t, counter, op, attributes)
    per_unit = answer_type == "number" and bool(cues.PER_UNIT_ASK.search(q))
    if per_unit:
        removed += _spans_of(q, [cues.PER_UNIT_ASK])  # "아이 한 명당": what a figure is per, not the item
    if answer_type == "overview":
        # "비전이랑 정책과제 중심으로 개요": the words that say which outline are no item words
        removed += _spans_of(q, [cues.OVERVIEW, cues.PLAN_PART, cues.SUMMARY, cues.REPORT_ITSELF, cues.SECTION_WORD])
    terms, phrase = item_terms(q, removed, stats)
    terms = _counted_noun_optional(terms, counter)
    if answer_type == "list":
        kinds = {m.group(1) for m in cues.LIST_KIND.finditer(q)}  # '어떤 과제들을': what the items are
        terms = tuple(dataclasses.replace(t, generic=True, strong=False) if t.text in kinds else t for t in terms)
    quarter = None
    qm = _QUARTER.search(q)
    if qm:
        quarter = int(qm.group(1) or qm.group(2)) if (qm.group(1) or qm.group(2)) else (2 if qm.group(3) else 4)
    names_total = bool(re.search(r"(?<![가-힣])(소계|합계|총계|계)(?![가-힣])", q)) and op != "sum"
    data_years = tuple(years)  # years inside a report or as-of mention were taken out above
    if len(years) == 2 and re.search(r"부터|에서|~|∼", q) and 0 < years[1] - years[0] <= 20 and op == "sum":
        data_years = tuple(range(years[0], years[1] + 1))  # "2017년부터 2019년까지 모두"
    parts = split_parts(phrase) if op in ("sum", "diff") or answer_type == "number" else ()
    than = re.search(r"(?P<a>[^\s,]+(?:\s[^\s,]+)?)(?:이|가|은|는)\s+(?P<b>[^\s,]+(?:\s[^\s,]+)?)\s*보다", q)
    if than and not _YEAR.sub("", than.group("b")).strip():
        than = None  # "X은 2020년보다": a year against the latest, not two items
    if op == "diff" and not parts and than:
        parts = (than.group("a"), than.group("b"))  # "민원상담이 현장방문보다 많은가요?"
    return Frame(
        text=q, answer_type=answer_type, op=op, measures=measures_t, counter=counter, terms=terms, phrase=phrase,
        parts=parts, attributes=attributes, years=data_years, quarter=quarter,
        report_refs=tuple(r for r, _ in refs), asof_ref=asof[0] if asof else None,
        offices=tuple(name for name, _ in offices), asks_total=bool(cues.TOTAL.search(q) or names_total), names_total=names_total, direction=direction,
        percent_change=bool(cues.PERCENT_CHANGE.search(q)), wanted_count=_wanted_count(q, op), stated=_stated(q),
        rank=_rank(q), event_words=_event_words(q) if answer_type == "date" else (), per_unit=per_unit,
    )


def _rank(q: str) -> int:
    m = cues.RANK_ORDINAL.search(q)
    if not m:
        return 1
    return cues.RANK_NUMBER.get(m.group(1)) or int(m.group(1))
