"""The typed records that flow through the answer pipeline.

    resolve → Resolved → analyze → Frame → scope → Scope → retrieve → Retrieved
            → answerers → [Candidate] → verify → Decision → compose → Answer

Every stage takes these and returns these; nothing is attached to a record after it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.index import CellRec, ChunkRec, RowRec, TableRec
from assistant.qa.vocab.measures import Asked


@dataclass(frozen=True)
class Slots:
    """What a conversation carries from one turn to the next."""

    topic: str = ""  # the item phrase of the last turn ("어린이 안전교육 지원")
    measure: str = ""  # the measure word it asked ("집행률")
    scope_words: str = ""  # the office/report words it named ("2018년 10월 보고서 재무국")
    docs: tuple[str, ...] = ()  # documents its answer came from
    items: tuple[str, ...] = ()  # the labels its answer gave (two items: "둘 중 …")
    attribute: str = ""  # the fact attribute it asked (date, place …)
    year: int | None = None  # the data year it asked, or carried ("2021년")


@dataclass(frozen=True)
class Resolved:
    """A question made standalone: what the turn says, plus what it takes from the turn before."""

    question: str
    original: str
    is_followup: bool = False
    prefer_docs: tuple[str, ...] = ()
    keeps_topic: bool = False  # the turn asks about a part of the topic, which stays the topic


@dataclass(frozen=True)
class Term:
    """An item word of the question with its weight (rarer words weigh more)."""

    text: str
    weight: float
    strong: bool  # rare or unknown: an answer without it is about something else
    local: bool = False  # must be in the words next to the answer (its line or own label), not only a heading
    foreign: bool = False  # names the other side of a comparison: evidence next to all of these is not this side's
    word: str = ""  # the written word it is part of ('언론홍보실' for 홍보실): a table may abbreviate it
    generic: bool = False  # names no particular item ('사업', '부서'): scored, never required


@dataclass(frozen=True)
class Frame:
    """What a question asks, read without an LLM."""

    text: str
    answer_type: str  # number | date | place | person | org | how | what | list | overview | text
    op: str | None = None  # max | min | sum | avg | diff | change
    measures: tuple[Asked, ...] = ()
    counter: str | None = None  # the unit the answer's number must carry: 명, 건, 회, 원, % …
    terms: tuple[Term, ...] = ()
    phrase: str = ""  # the item as written
    parts: tuple[str, ...] = ()  # the sides of a compare, the addends of a sum
    attributes: tuple[str, ...] = ()  # fact attributes asked, in order (date, place …)
    years: tuple[int, ...] = ()  # data years asked
    quarter: int | None = None
    report_refs: tuple[str, ...] = ()  # report dates named ("2020-04")
    asof_ref: str | None = None  # "… 기준/현재" data date named
    offices: tuple[str, ...] = ()  # office mentions
    asks_total: bool = False  # 총/전체/합계/계 …
    names_total: bool = False  # the question names the total row itself (계, 소계, 합계, 총계)
    direction: str | None = None  # increase | decrease
    percent_change: bool = False
    wanted_count: int | None = None  # "다섯 가지" in a list question
    stated: tuple[float, ...] = ()  # counts and amounts the question itself gives ("37건 중에 …")
    rank: int = 1  # "두 번째로 큰": the place in the order that max/min asks for
    event_words: tuple[str, ...] = ()  # "언제 문을 열어요?" → 개소·개관…: the words a line names that event by
    per_unit: bool = False  # "한 명당 얼마", "한 달에 최대": a figure per person, thing or month, not a total

    @property
    def measure_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.measures)


@dataclass(frozen=True)
class Scope:
    """Where an answer may come from: documents, and why."""

    docs: frozenset[str] | None  # None: every document
    refusal: str = ""  # non-empty: the question names something no report covers
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passage:
    chunk: ChunkRec
    score: float
    lines: tuple[tuple[int, float], ...] = ()  # (line, relevance), best first

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id


@dataclass(frozen=True)
class Retrieved:
    passages: tuple[Passage, ...]
    rows: tuple[tuple[TableRec, RowRec, float], ...]  # candidate rows, best first


@dataclass(frozen=True)
class Fact:
    """One stated number with what names it: a table cell (or one part of it), or a number in a line
    with the words next to it."""

    value: float | None
    unit: str | None
    printed: str  # as the report prints it
    measure: str | None  # canonical measure of the value
    doc_id: str
    line: int
    label: str  # its own label: row path + column path, or the words right next to it in the line
    context: str  # what it sits under: table title, caption, section; or the line and its parents
    years: frozenset[int] = frozenset()  # years the value itself is of (its column, its clause)
    context_years: frozenset[int] = frozenset()  # years of what it sits under (caption, as-of, section)
    as_of: str | None = None
    is_none: bool = False  # '-': nothing (yet)
    table: TableRec | None = None
    row: RowRec | None = None
    cell: CellRec | None = None
    part: str = "main"  # main | slash1 | paren …
    header: str = ""  # the column path or prose label text, for measure words
    kind: str = "cell"  # cell | prose
    near: str = ""  # the words right around it: its row and column, or its line and the bullet it is under
    stated: str = ""  # the line (or row and column) that states it, and nothing above it

    @property
    def key(self) -> tuple:
        """A total order for ties: report, line, column."""
        return (self.doc_id, self.line, self.cell.col if self.cell else 0, self.part)


@dataclass(frozen=True)
class Span:
    """A typed piece of a line: a date, a place, a person, a list of items, a quoted statement."""

    kind: str
    text: str
    doc_id: str
    lines: tuple[int, ...]  # the lines that state it (first is the main one)
    label: str  # the field label or the words next to it
    context: str  # the line, its parents and section
    items: tuple[str, ...] = ()
    years: frozenset[int] = frozenset()

    @property
    def key(self) -> tuple:
        return (self.doc_id, self.lines[0] if self.lines else 0)


@dataclass(frozen=True)
class Binding:
    """How much of the question the evidence carries."""

    own: float  # item coverage by the fact's own label
    context: float  # item coverage by label + context + document
    precision: float  # how much of the own label the question names
    missing_strong: tuple[str, ...]  # rare question words found nowhere in the evidence
    measure: float | None  # None: a measure was asked and this evidence does not give it
    unit_ok: bool
    year_ok: bool | None  # None: no year asked or none known
    missing_local: tuple[str, ...] = ()  # words that must be next to the answer and are not


@dataclass(frozen=True)
class Candidate:
    """What an answerer proposes: an answer of one kind, with its evidence and the features behind
    its score. The verifier decides."""

    answerer: str
    kind: str  # figure | aggregate | compare | span | list | overview
    score: float
    facts: tuple[Fact, ...] = ()
    spans: tuple[Span, ...] = ()
    computed: tuple[tuple[str, float, str | None], ...] = ()  # (label, value, unit)
    items: tuple[str, ...] = ()  # labels of the items answered (for follow-ups)
    binding: Binding | None = None
    features: tuple[tuple[str, float], ...] = ()
    note: str = ""
    rank: int = 1  # an aggregate's place asked: 1 the largest (or smallest), 2 the one after it …

    @property
    def key(self) -> tuple:
        first = self.facts[0].key if self.facts else (self.spans[0].key if self.spans else ())
        return (-round(self.score, 6), self.answerer, first)


@dataclass(frozen=True)
class Decision:
    """The verifier's verdict on one part of a question."""

    part: str  # what this part asked ("정원", "장소", or "")
    chosen: tuple[Candidate, ...]  # one, or several when reports or rows differ
    refused: str = ""  # why nothing was kept
    nearest: tuple[Candidate, ...] = ()


@dataclass
class Trace:
    """What each stage did, for `ask --explain` and the bench; timings in ms."""

    stages: dict[str, float] = field(default_factory=dict)
    candidates: int = 0
    rejected: list[str] = field(default_factory=list)
