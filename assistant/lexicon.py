"""What the corpus knows about itself: the offices that issued reports, the units (담당관 …) that
appear inside them, report dates, and a squashed copy of all text for "is this name anywhere?"
checks. Built once per loaded index; the question analyzer reads it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.index import LoadedIndex

ORG_WORD = re.compile(
    r"[가-힣A-Za-z0-9]{1,14}?(?:특별시의회사무처|의회사무처|사무처|비서실|조정실|홍보실|위원실|담당관실|담당관|본부|공사|공단|재단|"
    r"연구원|위원회|시의회|도의회|구의회|의회|시청|구청|도청|센터|경찰청|교육청|지방청|부처|협의회)"
)
PLACE_PREFIXES = ("서울특별시", "서울시", "서울", "市")
# Common short names staff use for the issuing offices.
ALIASES = {
    "기조실": "기획조정실",
    "비서실": "시장비서실",
    "사무처": "서울특별시의회사무처",
    "의회사무처": "서울특별시의회사무처",
    "시의회사무처": "서울특별시의회사무처",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def strip_place(name: str) -> str:
    for p in PLACE_PREFIXES:
        if name.startswith(p) and len(name) > len(p) + 1:
            return name[len(p):]
    return name


@dataclass
class Lexicon:
    orgs: dict[str, set[str]] = field(default_factory=dict)  # organization → doc ids
    units: set[str] = field(default_factory=set)  # unit names seen in the text (예산담당관 …)
    corpus: str = ""  # all text, squashed
    doc_text: dict[str, str] = field(default_factory=dict)  # doc id → squashed text

    @classmethod
    def build(cls, index: LoadedIndex) -> "Lexicon":
        lex = cls()
        for doc in index.docs.values():
            if doc.organization:
                lex.orgs.setdefault(doc.organization, set()).add(doc.doc_id)
            text = squash("\n".join(index.lines(doc.doc_id)))
            lex.doc_text[doc.doc_id] = text
        lex.corpus = "\n".join(lex.doc_text.values())
        unit = re.compile(r"^[가-힣]{1,10}(?:담당관|홍보실|위원실|비서실|조정실|사무처|실|과|팀)$")
        for table in index.tables.values():
            for row in table.rows:
                for label in row.label_path:
                    name = squash(label)
                    if unit.match(name) and len(name) <= 12:
                        lex.units.add(name)
        for doc in index.docs.values():
            for line in index.lines(doc.doc_id):
                for m in re.finditer(r"(?<![가-힣])([가-힣]{2,10}(?:담당관|홍보실|비서실|조정실))(?![가-힣])", line):
                    lex.units.add(m.group(1))
        return lex

    def occurs(self, text: str) -> bool:
        return squash(text) in self.corpus

    def orgs_in(self, question: str) -> list[tuple[str, str]]:
        """(organization, the form written) for every ingested office the question names in full
        ('누온시의회사무처', '서울특별시의회사무처' or '의회사무처'), longest names only: the pattern
        over office suffixes alone would read '누온시의회사무처' as '…시의회' + '사무처' and let
        every 사무처 report in."""
        sq = squash(question)
        hits = []
        for org in self.orgs:
            full = squash(org)
            for form in (full, strip_place(full)):
                if len(form) >= 4 and form in sq:
                    hits.append((org, form))
                    break
        return [h for h in hits if not any(h[1] != o[1] and h[1] in o[1] for o in hits)]

    def docs_of_org(self, mention: str) -> set[str]:
        """Documents whose issuing office a mention names ('의회사무처' → 서울특별시의회사무처)."""
        m = ALIASES.get(squash(mention), squash(mention))
        m = strip_place(m)
        out: set[str] = set()
        for org, docs in self.orgs.items():
            o = strip_place(squash(org))
            if len(m) >= 3 and (m == o or o.endswith(m) or m.endswith(o)):
                out |= docs
        return out
