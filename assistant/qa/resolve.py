"""Resolve: a follow-up made standalone from the conversation's slots (its topic, measure, office and
report words, the items of its last answer), carried on purpose and reset by a new topic.

    "어린이 안전교육 지원 예산현액은?"  then  "그 항목 집행률은요?"  → "어린이 안전교육 지원 집행률은요?"
    "…시설유지비 집행률은?"            then  "2018년 10월 보고서로는?" → "2018년 10월 보고서에서 …시설유지비 집행률은?"

A turn that names an item of its own keeps only its own words; a turn that names none (only a
measure, a year, a report, "그중 …") takes the topic; a bare "X는?" asks the last measure about X.
The rewritten question is returned with every answer, so a reader sees how it was understood.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import replace

from assistant.qa.frame import report_refs, strip_particle, strip_report_refs
from assistant.qa.korean_text import josa, tidy_label
from assistant.qa.types import Frame, Resolved, Slots
from assistant.qa.vocab.cues import ANAPHORA, BOTH, NEW_TOPIC, RELATIVE_YEAR, RELATIVE_YEAR_ONLY, SPOKEN_YEAR, TOTAL
from assistant.qa.vocab.fields import names_a_field
from ingest.tables import SUBTOTAL_LABELS, TOTAL_LABELS

REPORT_ONLY = re.compile(
    r"^(?P<ref>((?:19|20)\d{2}|['’′]?\d{2})\s*(?:년|\.)\s*(?:\d{1,2}\s*(?:월|\.))?\s*(?:보고서|업무보고|자료)?)"
    r"(?:에서는|에서|에는|은|는|엔|이면|으로는|로는)?\s*(?:요|어때요?|어땠어요?|는요)?\s*[?？]?$")
MONTH_ONLY = re.compile(
    r"^(?P<month>\d{1,2})\s*월\s*(?P<what>보고서|업무보고|자료)?\s*(?:말\s*)?(?:기준)?"
    r"(?:에서는|에서|에는|은|는|엔|이면|으로는|로는|으론)?\s*(?:요|어때요?|어땠어요?|는요)?\s*[?？]?$")
WITH_PREVIOUS = re.compile(
    r"^(?P<item>.+?)(?:이랑|랑|와|과|하고)\s*(?:비교하면|비교해서|비교해|견주면|(?:둘|두\s*(?:개|곳|쪽|가지))\s*중)\s*(?P<rest>.*)$")
WHAT_ABOUT = re.compile(
    r"^(?P<item>[^?？]{2,30}?)(?:은|는|도|의 경우는|은요|는요|도요|만\s*(?:놓고\s*)?보면|만\s*따로\s*보면|만요|만)\s*[?？]?$")
_REPORT_WORDS = re.compile(r"((?:19|20)\d{2}|['’′]\d{2})\s*(?:년|\.)\s*(?:\d{1,2}\s*(?:월|\.))?\s*(보고서|업무보고)(에서는|에서|의|에)?\s*")
DEMONSTRATIVE = re.compile(r"(?:^|(?<=\s))(이|그|해당|위|앞의?)\s+([가-힣]{1,8}?)(?=(?:의|은|는|이|가|에서|에|을|를|도)?(?:\s|$))")
MAX_TURNS = 10
LAST_ITEM_CHARS = 20  # a longer answered label is a sentence (a 건의사항), not an item to point back at
TOPIC_TURN_MAX_WORDS = 2  # a turn naming more item words than this is a question of its own


def entity_ending_with(noun: str, topic: str) -> str | None:
    """The phrase of the topic that 'the 위원회' points to: '제3기 청년정책자문위원회'."""
    words = topic.split()
    for i, word in enumerate(words):
        clean = re.sub(r"(의|은|는|이|가|을|를|에서|에|과|와)$", "", word)
        if clean.endswith(noun) and len(clean) > len(noun):
            lead = words[i - 1] if i > 0 and re.fullmatch(r"제?\d+기|\d{4}년?", words[i - 1]) else ""
            return f"{lead} {clean}".strip()
    return None


def has_item(frame: Frame) -> bool:
    """Whether a question names a thing of its own (not only a measure, a year or a report)."""
    return any(t.weight > 0 and not t.text.isdigit() for t in frame.terms if len(t.text) >= 2)


def part_of_topic(frame: Frame, topic: str) -> bool:
    """Whether a turn's item words are inside the topic's own words, save field words ('구성', '일시'):
    the turn asks about a part or a member of the topic."""
    words = [t.text for t in frame.terms if not t.generic and len(t.text) >= 2 and not t.text.isdigit()]
    squashed = re.sub(r"\s+", "", topic)
    inside = [w for w in words if w in squashed]
    return bool(inside) and squashed not in "".join(words) and all(
        names_a_field(w) for w in words if w not in inside)


def topic_of(frame: Frame) -> str:
    """The thing a turn is about: its item phrase without the field words it ends on
    ('제3기 청년정책자문위원회 위원장' → '제3기 청년정책자문위원회')."""
    words = frame.phrase.split()
    while len(words) > 1 and names_a_field(strip_particle(words[-1])):
        words.pop()
    return " ".join(words)


def _year_written(year: int) -> str:
    """A pattern for a year as reports and questions write it: '2021' or '’21'."""
    return rf"(?<!\d)(?:{year}|['’′]{year % 100})"


def _with_year(question: str, old: int, new: int) -> str:
    """The question with its year moved ('2021년 … 대외협력기금은?' → '2020년 …'); the year of a report
    it names ("'22년 9월 보고서 보면 …") stays: that report is still the one asked."""
    kept = [span for _, span in report_refs(question)]
    def move(m: re.Match) -> str:
        return m.group(0) if any(a <= m.start() < b for a, b in kept) else str(new)
    moved = re.sub(_year_written(old) + r"(?=\s*년)", move, question)
    return moved if moved != question else f"{new}년 {question}"


_AS_OF_NOTE = re.compile(r"[(（][^()（）]*기준[^()（）]*[)）](?:에서는|에서|에는|의)?")
"""An as-of date written in parentheses ("('20.1.31. 기준)에서"): it belongs to the report it qualified."""

_SPOKEN_BY_OFFSET = {-2: "재작년", -1: "작년", 0: "올해", 1: "내년"}


def _spoken_year_moved(question: str, delta: int) -> str:
    """The question with its relative year words moved by `delta` years ('올해' → '작년')."""
    def move(m: re.Match) -> str:
        return _SPOKEN_BY_OFFSET.get(RELATIVE_YEAR[m.group(1)] + delta, m.group(0))
    return SPOKEN_YEAR.sub(move, question)


class Conversation:
    def __init__(self, conversation_id: str | None = None) -> None:
        self.id = conversation_id or uuid.uuid4().hex
        self.slots = Slots()
        self.turns: list[tuple[str, str]] = []  # (question, rewritten)

    def resolve(self, question: str, frame_of) -> Resolved:
        q = " ".join(question.split())
        if not self.turns:
            return Resolved(q, q)
        s = self.slots
        if NEW_TOPIC.match(q):
            rest = NEW_TOPIC.sub("", q).lstrip(" ,")
            self.slots = Slots()
            return Resolved(rest or q, q)
        scope = s.scope_words
        asked = frame_of(q)
        if s.year and not asked.years and not RELATIVE_YEAR_ONLY.match(q) \
                and not re.search(_year_written(s.year) + r"(?!\d)", f"{s.topic} {scope}"):
            scope = f"{scope} {s.year}년".strip()  # "그중 X는?" after a 2021 figure: still 2021
        m = BOTH.match(q)
        if m and len(s.items) >= 2:
            rest = q[m.end():].strip()
            return self._made(f"{scope} {s.topic} {josa(s.items[0], '과/와')} {s.items[1]} 중 {rest}", q)
        m = WITH_PREVIOUS.match(q)
        if m and s.topic:
            other = m.group("item").strip()
            rest = m.group("rest").strip()
            measure = "" if frame_of(rest).measures else s.measure
            mine = s.items[0] if s.items and len(s.items[0]) <= 40 else s.topic  # the item last answered
            return self._made(f"{scope} {josa(mine, '과/와')} {other} 중 {measure} {rest}", q)
        m = RELATIVE_YEAR_ONLY.match(q)
        if m and s.year:
            # "작년엔?": the last question again, about the year before the one it asked
            return self._made(_with_year(self.turns[-1][1], s.year, s.year + RELATIVE_YEAR[m.group(1)]), q)
        if m and SPOKEN_YEAR.search(self.turns[-1][1]):
            # "올해 몇 번 했어?" then "작년엔요?": the year words move, and scope reads them as before
            return self._made(_spoken_year_moved(self.turns[-1][1], RELATIVE_YEAR[m.group(1)]), q)
        m = MONTH_ONLY.match(q)
        if m and self.turns:
            # "2020년 3월 업무보고 …" then "5월 자료로는?": the same question, in that month's report
            last = self.turns[-1][1]
            year = next((r[:4] for r in frame_of(last).report_refs), None) or (str(s.year) if s.year else None)
            if year:
                base = _AS_OF_NOTE.sub(" ", strip_report_refs(last))
                kind = "보고서" if m.group("what") in (None, "보고서", "업무보고") else m.group("what")
                return self._made(f"{year}년 {int(m.group('month'))}월 {kind}에서 {base}", q)
        m = REPORT_ONLY.match(q)
        if m and self.turns:
            base = strip_report_refs(self.turns[-1][1])
            ref = m.group("ref")
            if not re.search(r"보고서|업무보고|자료", ref):
                ref += " 보고서"
            return self._made(f"{ref}에서 {base}", q)
        said = q
        d = DEMONSTRATIVE.search(q)
        if d and s.topic:
            entity = entity_ending_with(d.group(2), s.topic)
            if entity:
                q = q[:d.start()] + entity + q[d.end():]
            elif not ANAPHORA.match(q):
                # "그 발행 사업": the topic's own name goes where 그 points ('서울의회보 발행 사업')
                head = strip_particle(s.topic.split()[0]) if s.topic.split() else ""
                if head:
                    q = q[:d.start()] + f"{head} {d.group(2)}" + q[d.end():]
        m = ANAPHORA.match(q)
        if m:
            rest = q[m.end():].strip()
            among = m.group(0).strip().startswith(("그중", "그 중", "이 중"))
            own = frame_of(rest)
            if among:
                # "…예산 총액" then "그중 X 몫은?": X is a part, not the total
                whole = " ".join(w for w in s.topic.split() if not TOTAL.fullmatch(strip_particle(w)))
                bare = WHAT_ABOUT.match(rest)
                if bare and s.measure and not own.measures and not own.counter:
                    rest = f"{bare.group('item')} {josa(s.measure, '은/는')}?"  # "그중 X는?": the measure asked, of X
                return self._made(f"{scope} {whole} 중 {rest}", q)
            kind = re.search(r"그\s+([가-힣]+?)(은|는|의|에서)?\s*$", m.group(0).strip())
            kind_elsewhere = bool(kind) and kind.group(1) not in re.sub(r"\s+", "", s.topic)
            if has_item(own) and (kind_elsewhere or any(not t.generic for t in own.terms)):
                # "그 위원회 …" when the topic names no 위원회: the thing pointed at is not the topic
                return self._made(f"{scope} {rest}", q)
            # "거기 여성 공무원은?": only generic words of its own ('공무원'): 거기 is what was last answered
            return self._made(f"{scope} {s.topic} {self._last_item()} {rest}", q)
        frame = asked if q == said else frame_of(q)
        m = WHAT_ABOUT.match(q)
        if m and not frame.measures and has_item(frame) and s.measure:
            return self._made(f"{scope} {m.group('item')} {josa(s.measure, '은/는')}?", q)
        if not has_item(frame) and s.topic and (frame.measures or frame.years or frame.attributes or frame.counter):
            return self._made(f"{scope} {s.topic} {q}", q)
        if q != said:  # '그 위원회' now names the topic's committee
            return self._made(f"{scope} {q}", q)
        if has_item(frame) and s.topic and part_of_topic(frame, s.topic):
            # "…위원회 위원장 이름은?" then "위원은 모두 몇 분이죠?": 위원 is the committee's, not a new topic
            return replace(self._made(f"{scope} {s.topic} {q}", q), keeps_topic=True)
        return Resolved(q, q)

    def with_topic(self, resolved: Resolved | None, frame_of) -> Resolved | None:
        """The turn read as being about the conversation's topic, when it was taken as a new topic of
        its own but names only a few words and no office or report ('참여자 한 사람당 얼마까지
        지원받아요?' after '올리브 마켓이 어떤 사업이에요?'); None when there is no such reading."""
        s = self.slots
        if resolved is None or resolved.is_followup or not self.turns or not s.topic or NEW_TOPIC.match(resolved.original):
            return None
        frame = frame_of(resolved.question)
        own = [t for t in frame.terms if not t.generic and len(t.text) >= 2 and not t.text.isdigit()]
        squashed = re.sub(r"\s+", "", s.topic)
        if (not own or len(own) > TOPIC_TURN_MAX_WORDS or frame.offices or frame.report_refs
                or all(t.text in squashed for t in own)):
            return None
        return replace(self._made(f"{s.scope_words} {s.topic} {resolved.question}", resolved.original), keeps_topic=True)

    def _last_item(self) -> str:
        """The one item the last answer was about, when it is a part of the topic the conversation
        keeps ('기획조정실 인력 현황' → '예산담당관은 정원이?' → '거기 여성은?': 거기 is 예산담당관);
        '' when the last answer named no single item, a total, or the topic itself."""
        s = self.slots
        if len(s.items) != 1:
            return ""
        item = tidy_label(s.items[0])
        bare = re.sub(r"\s+", "", item)
        if len(item) > LAST_ITEM_CHARS or bare in TOTAL_LABELS | SUBTOTAL_LABELS or bare in re.sub(r"\s+", "", s.topic):
            return ""
        return item

    def _made(self, text: str, original: str) -> Resolved:
        return Resolved(" ".join(text.split()), original, True, self.slots.docs)

    def remember(self, resolved: Resolved, frame: Frame, docs: list[str], items: list[str]) -> None:
        """The slots after a turn: its own item, measure and scope words, else the ones carried."""
        s = self.slots
        topic = topic_of(frame) if has_item(frame) and not resolved.keeps_topic else s.topic
        measure = frame.measures[0].word if frame.measures else (s.measure if not has_item(frame) else "")
        named = list(frame.offices) + [m.group(0).strip() for m in _REPORT_WORDS.finditer(resolved.question)]
        if frame.asof_ref:  # "22년 9월 기준으로 …": the next turn asks as of the same date
            y, _, mo = frame.asof_ref.partition("-")
            named.append(f"{y}년 {int(mo)}월 기준" if mo else f"{y}년 기준")
        scope = " ".join(named) if named else (s.scope_words if resolved.is_followup else "")
        year = frame.years[0] if len(frame.years) == 1 else (s.year if resolved.is_followup and not frame.years else None)
        self.slots = replace(s, topic=topic, measure=measure, scope_words=scope.strip(), docs=tuple(docs),
                             items=tuple(items[:2]), attribute=frame.answer_type, year=year)
        self.turns.append((resolved.original, resolved.question))
        del self.turns[:-MAX_TURNS]


class ConversationStore:
    """Conversations by id, isolated from each other; old ones are forgotten first."""

    def __init__(self, limit: int = 1000) -> None:
        self._items: dict[str, Conversation] = {}
        self._lock = threading.Lock()
        self.limit = limit

    def get(self, conversation_id: str | None) -> Conversation:
        with self._lock:
            if conversation_id and conversation_id in self._items:
                conv = self._items.pop(conversation_id)
                self._items[conversation_id] = conv  # most recently used last
                return conv
            conv = Conversation(conversation_id)
            self._items[conv.id] = conv
            while len(self._items) > self.limit:
                self._items.pop(next(iter(self._items)))
            return conv

    def reset(self, conversation_id: str) -> None:
        with self._lock:
            self._items.pop(conversation_id, None)
