"""The answer pipeline, top to bottom:

    normalize → resolve (follow-up) → analyze → scope → retrieve (once) → propose (answerers)
              → verify → compose → optional LLM polish → Answer

    engine = Engine.load()
    answer = engine.ask("○○ 사업 집행률 알려줘")
    print(engine.describe())   # the stages and the registered answerers

Each stage is a function of typed records (assistant/qa/types.py); scope and the conversation are
parameters, never thread state, so one engine serves every user of the app at once.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time

from assistant.index import LoadedIndex
from assistant.qa.answer import NOT_FOUND, Answer
from assistant.qa.answerers import default_answerers
from assistant.qa.citations import Citer
from assistant.qa.compose import Composer
from assistant.qa.frame import analyze, ask_clauses, attribute_then_count, date_alternatives, item_terms, own_unit_counter
from assistant.qa.normalize import input_problem, normalize_question
from assistant.qa.resolve import Conversation, ConversationStore
from assistant.qa.resources import Resources
from assistant.qa.retrieve import retrieve
from assistant.qa.scope import Filters, anchored_question, resolve_scope, year_before_named
from assistant.qa.types import Decision, Frame, Retrieved, Scope
from assistant.qa.verify import decide, decide_parts
from assistant.qa.vocab.cues import CONJUNCTION, COUNTERS, MONEY_QUESTION
from assistant.qa.vocab.measures import kind_of
from ingest.settings import Settings, load_settings

log = logging.getLogger(__name__)

STAGES = ("normalize", "resolve", "analyze", "scope", "retrieve", "propose", "verify", "compose", "polish")
EACH_ITEM_OWN = 0.99  # 'A랑 B': each item's figure carries all of that item's words in its own label
NEAREST_POOL = 6  # retrieved passages a refusal picks its three nearest from
PART_LABEL = {"예산현액": "예산", "date": "일시", "place": "장소", "person": "사람", "org": "기관"}


class _Asker:
    """What a combining answerer may ask of the pipeline: a part verified on its own."""

    def __init__(self, engine: "Engine", passages) -> None:
        self.engine = engine
        self.passages = passages

    def ask(self, frame: Frame, scope: Scope) -> Decision:
        return self.engine.decide_part(frame, scope, self.passages)

    def terms(self, text: str):
        return item_terms(text, [], self.engine.res.stats)[0]

    def scope(self, frame: Frame) -> Scope:
        return self.engine.scope(frame, None)


PART_LABEL_CHARS = 12  # a part named by more than this many letters of the question is named by its last word


def _part_label(frame: Frame, others: list[Frame]) -> str:
    """What a clause asks, to name its figure or say it is missing: the item word only it has
    ('방문'), else its measure, else nothing."""
    shared = {t.text for o in others for t in o.terms}
    own = [t.text for t in frame.terms if t.text not in shared]
    if own:
        # the words as the question writes them ('건의사항', not its last morpheme '사항'), when they
        # stand together in the clause
        at = [(frame.text.find(w), len(w)) for w in own]
        if all(a >= 0 for a, _ in at):
            start, end = min(a for a, _ in at), max(a + n for a, n in at)
            written = frame.text[start:end]
            if end - start <= PART_LABEL_CHARS and " " not in written.strip():
                return written
        return own[-1]
    if frame.measures:
        return PART_LABEL.get(frame.measures[0].name, frame.measures[0].word)
    return ""  # named by nothing of its own: the verifier names it by the figure it finds


class Engine:
    def __init__(self, index: LoadedIndex, embedder=None, llm=None, answerers: list | None = None) -> None:
        from assistant.qa.llm import LLMComposer

        self.index = index
        self.embedder = embedder
        self.llm = llm
        self.polisher = LLMComposer(llm) if llm is not None else None
        self.res = Resources.build(index, embedder)
        self.answerers = answerers if answerers is not None else default_answerers()
        self.composer = Composer(self.res)
        self.conversations = ConversationStore()
        self._reload_lock = threading.Lock()

    @classmethod
    def load(cls, settings: Settings | None = None, embedder=None, llm="auto", answerers=None) -> "Engine":
        """The engine over the current build; `llm="auto"` takes the LLM from ASSISTANT_LLM_* if set."""
        from assistant.qa.llm import make_llm

        settings = settings or load_settings()
        index = LoadedIndex(settings)
        if embedder is None:
            from ingest.embedding import get_embedder

            embedder = get_embedder()
        engine = cls(index, embedder, make_llm() if llm == "auto" else llm, answerers)
        engine.warm_up()
        return engine

    def describe(self) -> str:
        return " → ".join(STAGES) + "\nanswerers: " + ", ".join(a.name for a in self.answerers)

    def warm_up(self) -> None:
        """Kiwi's dictionary and the embedding model loaded once, before the first user waits for them."""
        t = time.perf_counter()
        polisher, self.polisher = self.polisher, None  # never call a remote LLM just to warm up
        try:
            self.ask("예산 현황 알려 주세요")
        finally:
            self.polisher = polisher
        log.info("warm-up took %.1f s", time.perf_counter() - t)

    def reload_if_stale(self) -> bool:
        """Pick up a newly published build (after an upload or an ingest in another process)."""
        if self.index.is_current():
            return False
        with self._reload_lock:
            if self.index.is_current():
                return False
            fresh = Engine(LoadedIndex(self.index.settings), self.embedder, self.llm, self.answerers)
            fresh.conversations = self.conversations
            self.__dict__.update(fresh.__dict__)
        return True

    # ------------------------------------------------------------------ stages
    def analyze(self, text: str) -> Frame:
        mentions = self.res.lexicon.mentions(text)
        return analyze(text, [(m.surface, m.span) for m in mentions], self.res.stats)

    def read(self, text: str, filters: Filters | None = None) -> tuple[str, Frame, Scope]:
        """Analyze and scope a question; '올해', '작년' become the years they are in the reports in
        scope, and the question is read again with them (its comparison, its sides)."""
        frame = self.analyze(text)
        scope = self.scope(frame, filters)
        anchored = None if scope.refusal else anchored_question(text, scope, self.index.docs)
        if anchored:
            text, frame = anchored, self.analyze(anchored)  # the scope stays: the years do not move it
        before = year_before_named(text)
        if before != text:
            text, frame = before, self.analyze(before)
        return text, frame, scope

    def scope(self, frame: Frame, filters: Filters | None) -> Scope:
        mentions = [m for m in self.res.lexicon.mentions(frame.text) if m.surface in frame.offices]
        return resolve_scope(frame, mentions, self.index.docs, filters)

    def parts(self, frame: Frame) -> list[tuple[str, Frame]]:
        """A compound question as its parts: one per measure ('정원하고 현원'), one per attribute
        ('일시와 장소'); each is answered or named as missing."""
        if frame.answer_type == "number" and frame.op is None and len(frame.measures) >= 2:
            return [(PART_LABEL.get(m.name, m.name), dataclasses.replace(frame, measures=(m,), counter=own_unit_counter(frame.counter, m.name)))
                    for m in frame.measures]
        clauses = ask_clauses(frame.text) if frame.answer_type == "number" and frame.op is None else []
        count = COUNTERS.search(frame.text) if frame.answer_type == "number" and frame.op is None and not clauses else None
        if count and frame.counter not in (None, "원") and MONEY_QUESTION.search(frame.text[count.end():]):
            # "몇 개 사업에 얼마 잡혔나요?": a count and an amount in one clause, each its own part
            counted = re.match(r"\s*([가-힣]{1,6}?)(?:에|을|를|이|가|은|는)?(?:\s|$)", frame.text[count.end():])
            label = f"{counted.group(1)} 수" if counted else "개수"
            money = [m for m in frame.measures if kind_of(m.name) == "money"]
            return [(label, dataclasses.replace(frame, measures=(), counter=frame.counter)),
                    (PART_LABEL.get(money[0].name, money[0].name) if money else "금액",
                     dataclasses.replace(frame, measures=tuple(money), counter="원"))]
        if clauses:
            # "예산은 얼마고 사업은 몇 개?": each clause is its own question about the shared subject
            frames = [self.analyze(c) for c in clauses]
            return [(_part_label(f, [o for o in frames if o is not f]), f) for f in frames]
        typed = [a for a in frame.attributes if a in ("date", "place", "person", "org")]
        by_attribute = [(PART_LABEL[a], dataclasses.replace(frame, answer_type=a, attributes=(a,))) for a in typed]
        if frame.answer_type in typed and len(typed) >= 2:
            return by_attribute
        if frame.answer_type == "number" and frame.op is None and typed and COUNTERS.search(frame.text):
            # "언제 출범하고 몇 명 규모예요?": a date and a count, each answered or named as missing;
            # asked in two clauses, each part reads only its own clause and the subject they share
            label = PART_LABEL.get(frame.measures[0].name, frame.measures[0].word) if frame.measures else "규모"
            split = attribute_then_count(frame.text) if len(typed) == 1 else None
            if split is not None:
                asked, counted = self.analyze(split[0]), self.analyze(split[1])
                return [(PART_LABEL[typed[0]], dataclasses.replace(asked, answer_type=typed[0], attributes=(typed[0],))),
                        (label, dataclasses.replace(counted, attributes=()))]
            return by_attribute + [(label, dataclasses.replace(frame, attributes=()))]
        return [("", frame)]

    def each_item(self, text: str, frame: Frame, scope: Scope, passages) -> list[Decision] | None:
        """'A랑 B 예산 알려줘': each item asked on its own, when the question joins two items and asks
        one figure of them. Kept only when both are answered from different evidence; a name that holds
        a 와 ('문화와 예술 지원사업') then stays one item."""
        if frame.answer_type != "number" or frame.op is not None or len(frame.measures) > 1:
            return None
        items = frame.parts  # analyze split the phrase of a figure question already
        if len(items) != 2:
            return None
        joined = re.search(rf"{re.escape(items[0])}\s*(?:{CONJUNCTION.pattern})\s*{re.escape(items[1])}", text)
        if joined is None:
            return None
        questions = [text[:joined.start()] + item + text[joined.end():] for item in items]
        frames = [self.analyze(q) for q in questions]
        # two items, each decided on its own (not one row for both, as two measures of one item are)
        decisions = [decide(f, self.propose(f, scope, passages), item, self.one_report(frame, scope))
                     for item, f in zip(items, frames)]
        # each item's figure must be named by the item itself, in its own row or label: a part that
        # only finds a neighbour ('택시 요금' → 어린이요금 무료화) says the two words were one name
        if not all(d.chosen and d.chosen[0].binding is not None and d.chosen[0].binding.own >= EACH_ITEM_OWN
                   and len({c.facts[0].label for c in d.chosen if c.facts}) == 1 for d in decisions):
            return None
        if len({(d.chosen[0].facts[0].doc_id, d.chosen[0].facts[0].line, d.chosen[0].facts[0].printed)
                for d in decisions if d.chosen[0].facts}) < len(decisions):
            return None  # one figure for both: the two words name one thing
        return decisions

    def each_date(self, text: str, filters: Filters | None) -> list[Decision] | None:
        """'1월 말이랑 3월 말 기준으로 각각': the question asked at each date (its own report or as-of
        scope), each part labelled by its date; kept only when both dates are answered."""
        alternatives = date_alternatives(text)
        if len(alternatives) != 2:
            return None
        decisions: list[Decision] = []
        for label, question in alternatives:
            _, frame, scope = self.read(question, filters)
            if scope.refusal:
                return None
            passages = retrieve(frame, scope, self.res.retriever, self.res.rows).passages
            got = decide_parts(self.proposed_parts(frame, scope, passages), True)
            if not any(d.chosen for d in got):
                return None
            decisions += [dataclasses.replace(d, part=f"{label} {d.part}".strip()) for d in got]
        return decisions

    def proposed_parts(self, frame: Frame, scope: Scope, passages) -> list[tuple[str, Frame, list]]:
        """Each part of the question with the candidates proposed for it over the passages retrieved once."""
        return [(label, f, self.propose(f, scope, passages)) for label, f in self.parts(frame)]

    def propose(self, frame: Frame, scope: Scope, passages=None) -> list:
        got = retrieve(frame, scope, self.res.retriever, self.res.rows, passages=passages)
        asker = _Asker(self, got.passages)
        return [c for a in self.answerers for c in a.propose(frame, scope, got, self.res, asker)]

    @staticmethod
    def one_report(frame: Frame, scope: Scope) -> bool:
        return bool(frame.report_refs) or (scope.docs is not None and len(scope.docs) == 1)

    def decide_part(self, frame: Frame, scope: Scope, passages=None) -> Decision:
        return decide(frame, self.propose(frame, scope, passages), one_report=self.one_report(frame, scope))

    # ------------------------------------------------------------------ entry point
    def ask(self, question: str, conversation: Conversation | str | None = None,
            filters: Filters | None = None) -> Answer:
        t0 = time.perf_counter()
        stages: dict[str, float] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            # a turn read twice (with the topic, then on its own) spends each stage twice
            stages[name] = round(stages.get(name, 0.0) + (now - since) * 1000, 1)
            return now

        q = normalize_question(question)
        problem = input_problem(q, question)
        if problem:
            return Answer(problem, abstained=True, rewritten_question=q, latency_ms=(time.perf_counter() - t0) * 1000)
        conv = conversation if isinstance(conversation, Conversation) else (
            self.conversations.get(conversation) if conversation else None)
        t = lap("normalize", t0)
        resolved = conv.resolve(q, self.analyze) if conv is not None else None
        t = lap("resolve", t)
        # a turn with words of its own may still be about the topic ('참여자 한 사람당 얼마?' after a
        # programme): read with the topic first; the verifier refuses that reading when the topic's
        # words are not where the turn's figure is, and then the turn is read on its own
        alt = conv.with_topic(resolved, self.analyze) if conv is not None else None
        readings = [alt, resolved] if alt is not None else [resolved]
        for reading in readings:
            text, frame, scope, ans, items = self._answer(reading.question if reading else q, filters, lap)
            if not ans.abstained:
                break
        if conv is not None and not scope.refusal:  # a refused turn still sets the topic the next one builds on
            conv.remember(reading, frame, sorted({c.doc for c in ans.citations}), items)
        t = time.perf_counter()
        if not scope.refusal:
            if self.polisher is not None and not ans.abstained:
                polished, reason = self.polisher.rewrite(text, ans)
                if polished:
                    ans.answer, ans.mode = polished, "llm"
                else:
                    log.warning("LLM answer rejected, showing the extractive one: %s", reason)
                    ans.notes.append(f"LLM 답변을 쓰지 않고 보고서 원문에서 뽑은 답을 보여 드립니다({reason}).")
                lap("polish", t)
        ans.rewritten_question = text
        ans.intent = frame.op or frame.answer_type
        ans.latency_ms = (time.perf_counter() - t0) * 1000
        ans.stages_ms = stages
        return ans

    def _answer(self, question: str, filters: Filters | None, lap) -> tuple:
        """One standalone reading of a turn: analyzed, retrieved once, proposed, verified, composed."""
        t = time.perf_counter()
        text, frame, scope = self.read(question, filters)
        t = lap("analyze", t)
        if scope.refusal:
            return text, frame, scope, self._refuse(frame, None, scope.refusal), []
        passages = retrieve(frame, scope, self.res.retriever, self.res.rows).passages
        t = lap("retrieve", t)
        # one thing at two dates is answered per date, and the whole question is then not proposed
        decisions = self.each_date(text, filters) if frame.answer_type == "number" and frame.op != "diff" else None
        if decisions is None:
            parts = self.proposed_parts(frame, scope, passages)
            t = lap("propose", t)
            decisions = decide_parts(parts, self.one_report(frame, scope))
            each = self.each_item(text, frame, scope, passages) if len(parts) == 1 else None
            if each is not None:
                decisions = each
        t = lap("verify", t)
        ans, items = self.composer.answer(decisions, list(scope.notes))
        if ans.abstained:
            ans = self._refuse(frame, scope, "", passages)
        lap("compose", t)
        return text, frame, scope, ans, items

    def _refuse(self, frame: Frame, scope: Scope | None, reason: str, passages=()) -> Answer:
        citer = Citer(self.index)
        # the nearest passages are those whose best line carries most of the question, among the top
        # retrieved (fused ranks of near-tied passages say little about which one is nearest)
        pool = list(passages)[:NEAREST_POOL]
        nearest = sorted(range(len(pool)), key=lambda i: (-(pool[i].lines[0][1] if pool[i].lines else 0.0), i))[:3]
        related = [citer.make_related(pool[i].chunk, [n for n, _ in pool[i].lines[:2]] or pool[i].chunk.line_ids[:2])
                   for i in nearest]
        text = NOT_FOUND + "." + (f" {reason}" if reason else "")
        if related:
            text += " 가까운 내용을 참고 자료로 보여 드립니다."
        return Answer(text, abstained=True, related=related)


__all__ = ["Engine", "Filters", "Retrieved"]
