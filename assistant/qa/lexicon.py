"""What the corpus knows about itself: the offices that issued reports (and the committees they were
reported to), and a squashed copy of every document's text for "is this name anywhere?" checks.
Built once per loaded index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.index import LoadedIndex
from assistant.qa.vocab.orgs import ALIASES, ORG_WORD, squash, strip_place
from assistant.qa.vocab.words import ABBREVIATIONS


@dataclass(frozen=True)
class OfficeMention:
    surface: str  # as written in the question
    span: tuple[int, int]
    docs: frozenset[str]  # the reports it selects; empty: an office no report covers


@dataclass
class Lexicon:
    offices: dict[str, set[str]] = field(default_factory=dict)  # issuing office (or committee) → doc ids
    doc_text: dict[str, str] = field(default_factory=dict)  # doc id → squashed text
    corpus: str = ""

    @classmethod
    def build(cls, index: LoadedIndex) -> "Lexicon":
        lex = cls()
        for doc_id in sorted(index.docs):
            doc = index.docs[doc_id]
            for name in (doc.organization, getattr(doc, "reported_to", None)):
                if name:
                    lex.offices.setdefault(name, set()).add(doc_id)
            lex.doc_text[doc_id] = squash("\n".join(index.lines(doc_id)))
        lex.corpus = "\n".join(lex.doc_text[d] for d in sorted(lex.doc_text))
        return lex

    def occurs(self, text: str) -> bool:
        return bool(squash(text)) and squash(text) in self.corpus

    def docs_of(self, mention: str) -> set[str]:
        """Reports whose issuing office a mention names: '의회사무처' → 서울특별시의회사무처's reports."""
        m = strip_place(ALIASES.get(squash(mention), squash(mention)))
        out: set[str] = set()
        for office, docs in self.offices.items():
            o = strip_place(squash(office))
            if len(m) >= 2 and (m == o or (len(m) >= 3 and (o.endswith(m) or m.endswith(o)))):
                out |= docs
        return out

    def mentions(self, question: str) -> list[OfficeMention]:
        """Every office the question names: ingested offices in full, their short names, and office-like
        words that no report contains at all (an office the reports do not cover)."""
        found: list[OfficeMention] = []
        for office in sorted(self.offices, key=lambda o: -len(o)):
            for form in dict.fromkeys((office, strip_place(office))):
                pattern = r"\s*".join(re.escape(ch) for ch in form)
                m = re.search(pattern, question)
                if m and len(form) >= 3 and not any(_overlaps(m.span(), f.span) for f in found):
                    found.append(OfficeMention(m.group(0), m.span(), frozenset(self.offices[office])))
                    break
        for alias in sorted(ALIASES, key=lambda a: -len(a)):
            for m in re.finditer(re.escape(alias) + r"(?P<rest>[가-힣]*)", question):
                if any(_overlaps(m.span(), f.span) for f in found) or not _particle(m.group("rest")):
                    continue  # '비서실장' is a person, not the office
                docs = self.docs_of(alias)
                if docs:
                    found.append(OfficeMention(alias, m.span(), frozenset(docs)))
        for m in ORG_WORD.finditer(question):
            if any(_overlaps(m.span(), f.span) for f in found):
                continue
            name = m.group(0)
            docs = self.docs_of(name)
            if docs:
                found.append(OfficeMention(name, m.span(), frozenset(docs)))
            elif not self.occurs(strip_place(name)) and not any(self.occurs(long) for long in ABBREVIATIONS.get(name, ())) \
                    and len(strip_place(name)) >= 3 and _issuer_like(name):
                # 'SH공사' is written out in the reports ('주택도시공사'): an item, not an office without a report
                found.append(OfficeMention(name, m.span(), frozenset()))
        return sorted(found, key=lambda f: f.span)


PARTICLE_TAILS = ("", "에서는", "에서", "에는", "의", "은", "는", "이", "가", "을", "를", "에", "도", "과", "와", "랑", "하고", "이랑")


def _particle(rest: str) -> bool:
    return rest in PARTICLE_TAILS


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _issuer_like(name: str) -> bool:
    """A body that could issue a report of its own ('행정국', '경기도의회'), not a thing ('협의회' of a
    programme is an item); only these are refused when no report names them."""
    return bool(re.search(r"(국|실|본부|사무처|의회|청|위원회|공사|공단|재단)$", name))
