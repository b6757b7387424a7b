"""What the engine returns: an answer with numbered citations and the figures it used."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

NOT_FOUND = "보고서에서 해당 정보를 찾지 못했습니다"


@dataclass
class Citation:
    doc: str
    title: str
    section: str
    lines: list[int]  # [first, last], 1-based
    text: str  # the cited passage or table row as it stands in the report
    page: int | None = None
    chunk_id: str | None = None
    table: str | None = None
    highlight: list[int] = field(default_factory=list)  # the lines that hold the answer

    def to_json(self) -> dict:
        d = {"doc": self.doc, "title": self.title, "section": self.section, "lines": self.lines, "text": self.text}
        if self.page is not None:
            d["page"] = self.page
        if self.table:
            d["table"] = self.table
        if self.highlight:
            d["highlight"] = self.highlight
        return d


@dataclass
class Figure:
    value: float | None
    unit: str | None
    as_of: str | None
    doc: str
    table: str | None
    row: str
    column: str
    line: int
    raw: str = ""
    computed: bool = False  # derived by the engine (sum, difference, rate), not printed in the report

    def to_json(self) -> dict:
        d = asdict(self)
        if not self.computed:
            d.pop("computed")
        return d


@dataclass
class Answer:
    answer: str
    abstained: bool = False
    citations: list[Citation] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    rewritten_question: str = ""
    intent: str = ""
    related: list[Citation] = field(default_factory=list)  # nearest passages shown when abstaining
    notes: list[str] = field(default_factory=list)  # consistency warnings, LLM fallback reasons
    latency_ms: float = 0.0
    stages_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"  # extractive | llm

    def to_json(self) -> dict:
        return {
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "figures": [f.to_json() for f in self.figures],
            "rewritten_question": self.rewritten_question,
            "intent": self.intent,
            "related": [c.to_json() for c in self.related],
            "notes": self.notes,
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
        }
