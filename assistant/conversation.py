"""Follow-up questions, resolved against the previous turns of one conversation.

    "제2기 예산정책연구위원회 위원장이 누구예요?"  then  "그 위원회 운영 예산 집행률은 얼마나 돼요?"
    → "제2기 예산정책연구위원회 운영 예산 집행률은 얼마나 돼요?"

The standalone question is returned with every answer (`rewritten_question`), so a reader sees
how a follow-up was understood. Each conversation keeps its own turns; nothing is shared.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass, field

ANAPHORA = re.compile(
    r"^(그중(에서|에)?|그 중(에서|에)?|그럼|그러면|그리고|그건|그거|이건|이거|그것|이것|거기(서|에서)?|그곳|그때|"
    r"해당|둘 중|두 (개|곳|가지) 중|이 중|그 (항목|사업|위원회|기관|부서|표|행|기금|중))\s*"
)
DEMONSTRATIVE = re.compile(r"(?:^|\s)(그|이|해당|위|앞의?)\s+([가-힣]{1,8}?)(?:의|은|는|이|가|에서|에|을|를)?(?=\s|$)")
REPORT_ONLY = re.compile(r"^((?:19|20)\d{2}|['’′]\d{2})\s*(?:년|\.)\s*(?:\d{1,2}\s*(?:월|\.))?\s*(?:보고서|업무보고|자료)?(?:에서는|에서|에는|은|는|엔)?\s*[?？]?$")
BOTH = re.compile(r"^(둘|두\s*(개|곳|쪽|가지))\s*중")
# "홍보효과 분석조사랑 둘 중 어느 쪽이 더 많아?": a new item compared with the previous one
WITH_PREVIOUS = re.compile(r"^(?P<item>.+?)(?:이랑|랑|와|과|하고)\s*(?:둘|두\s*(?:개|곳|쪽|가지))\s*중\s*(?P<rest>.*)$")
# "유튜브 경진대회는?": the same question about another item
WHAT_ABOUT = re.compile(r"^(?P<item>[^?？]{2,30}?)(?:은|는|도|의 경우는|은요|는요|도요)\s*[?？]?$")


@dataclass
class Turn:
    question: str
    rewritten: str
    target: str  # what the turn was about (surface phrase)
    docs: list[str]  # documents the answer cited
    items: list[str] = field(default_factory=list)  # the labels of the figures given
    measures: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)  # offices the question named


@dataclass
class Resolution:
    question: str  # standalone form
    is_followup: bool
    prefer_docs: list[str] = field(default_factory=list)
    focus: str = ""  # what this turn itself adds ("중학생")


class Conversation:
    def __init__(self, conversation_id: str | None = None) -> None:
        self.id = conversation_id or uuid.uuid4().hex
        self.turns: list[Turn] = []

    def resolve(self, question: str) -> Resolution:
        q = " ".join(question.split())
        if not self.turns:
            return Resolution(q, False, focus=q)
        prev = self.turns[-1]
        topic = prev.target or prev.rewritten
        measure_words = " ".join(prev.measures[:1])
        if BOTH.match(q) and len(prev.items) >= 2:
            rest = BOTH.sub("", q).strip()
            from assistant.korean_text import josa

            return Resolution(f"{topic} {josa(prev.items[0], '과/와')} {prev.items[1]} 중 {rest}".strip(), True, prev.docs, rest)
        m = WITH_PREVIOUS.match(q)
        if m and prev.items:
            orgs = " ".join(prev.orgs)
            from assistant.korean_text import josa

            return Resolution(f"{orgs} {josa(prev.items[0], '과/와')} {m.group('item')} 중 {measure_words} {m.group('rest')}".strip(),
                              True, prev.docs, m.group("item"))
        if REPORT_ONLY.match(q):
            report = re.sub(r"(에서는|에서|에는|은|는|엔)?\s*[?？]?$", "", q).strip()
            if not re.search(r"보고서|업무보고", report):
                report += " 보고서"
            base = _strip_report(prev.rewritten)
            return Resolution(f"{report}에서 {base}", True, [], q)
        m = ANAPHORA.match(q)
        if m:
            rest = q[m.end():].strip()
            head = m.group(0).strip()
            noun = re.sub(r"^(그|이|해당)\s*", "", head) if head.startswith(("그 ", "이 ", "해당")) else ""
            entity = _entity_ending_with(noun, [t.target for t in reversed(self.turns)]) if noun else None
            if entity:
                return Resolution(f"{entity} {rest}".strip(), True, prev.docs, rest)
            if head.startswith(("그중", "그 중", "이 중")):
                return Resolution(f"{topic} 중 {rest}".strip(), True, prev.docs, rest)
            return Resolution(f"{topic} {rest}".strip(), True, prev.docs, rest)
        dm = DEMONSTRATIVE.search(q)
        if dm:
            entity = _entity_ending_with(dm.group(2), [t.target for t in reversed(self.turns)])
            if entity:
                return Resolution(q.replace(dm.group(0).strip(), entity, 1), True, prev.docs, q)
        m = WHAT_ABOUT.match(q)
        if m and prev.measures and not ANAPHORA.match(q) and _names_something(m.group("item")):
            # the previous question again, about another item: keep its office and measure
            orgs = " ".join(prev.orgs)
            return Resolution(f"{orgs} {m.group('item')} {measure_words}은?".strip(), True, prev.docs, m.group("item"))
        if _looks_elliptical(q):
            return Resolution(f"{topic} {q}", True, prev.docs, q)
        return Resolution(q, False, focus=q)

    def add(self, turn: Turn) -> None:
        self.turns.append(turn)
        del self.turns[:-10]  # a conversation remembers its last ten turns


def topic_of(question: str, fallback: str = "") -> str:
    """What a question is about, for the turns that follow: the phrase marked as topic
    ('…학습지원 사업에는 대학생이 몇 명' → '…학습지원 사업'), else the subject ('…위원회 위원장이 누구')."""
    words = question.rstrip(" ?？.!").split()
    body = words[:-1]  # the last word is the predicate
    for particles in (("에서는", "에는", "은", "는"), ("이", "가")):
        for i in range(len(body) - 1, -1, -1):
            w = body[i]
            for p in particles:
                if w.endswith(p) and len(w) > len(p) + 1:
                    head = w[: -len(p)]
                    if re.search(r"(얼마|몇|무엇|어디|누구|언제|어떤|어느)", head):
                        continue
                    return " ".join(body[:i] + [head])
    return fallback


def _strip_report(text: str) -> str:
    return re.sub(r"((?:19|20)\d{2}|['’′]\d{2})\s*(?:년|\.)\s*(?:\d{1,2}\s*(?:월|\.))?\s*(보고서|업무보고)(에서는|에서|의|에)?\s*", "", text).strip()


def _entity_ending_with(noun: str, targets: list[str]) -> str | None:
    """The phrase in an earlier turn that 'the 위원회' refers to: '제2기 예산정책연구위원회'."""
    if not noun:
        return None
    for target in targets:
        for word in re.findall(r"[^\s]+", target or ""):
            clean = re.sub(r"(의|은|는|이|가|을|를|에서|에|과|와)$", "", word)
            if clean.endswith(noun) and len(clean) > len(noun):
                # keep the words that lead up to it ("제2기 예산정책연구위원회")
                idx = target.find(word)
                before = target[:idx].split()
                lead = [w for w in before[-2:] if re.match(r"^(제?\d+기|[가-힣A-Za-z0-9·\-]+)$", w)]
                return " ".join(lead[-1:] + [clean]) if lead and re.match(r"^제?\d+기$", lead[-1]) else clean
    return None


def _names_something(phrase: str) -> bool:
    from ingest.korean import nouns

    return bool([n for n in nouns(phrase) if len(n) >= 2]) and not re.search(r"(얼마|몇|언제|어디|누구|무엇|뭐)", phrase)


def _looks_elliptical(q: str) -> bool:
    """A short question that names nothing of its own ('중학생은 몇 명이야?', '심사는 1년에 몇 번 해요?')."""
    from ingest.korean import content_terms

    terms = [t for t in content_terms(q) if not re.fullmatch(r"\d+", t)]
    generic = {"명", "건", "회", "번", "개", "년", "월", "일", "몇", "얼마", "총", "모두", "정도", "해", "하", "되"}
    own = [t for t in terms if t not in generic]
    return len(q) <= 22 and len(own) <= 2


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
