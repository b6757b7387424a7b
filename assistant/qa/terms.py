"""Item terms and how much of them a piece of evidence carries.

A question's item words (nouns of what it is about) are weighted by how rare they are in the
reports: '화상회의' says more than '사업'. Evidence is matched on squashed text, so '화상회의 시스템'
and '화상회의시스템' are the same; a long compound also matches by most of its character bigrams.
A word that occurs in no report at all is 'strong': an answer that lacks it is about something else;
a rare word weighs so much that an answer lacking it falls below the verifier's coverage bar.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from assistant.qa.types import Term
from assistant.qa.vocab.orgs import PLACE_PREFIXES
from assistant.qa.vocab.words import ABBREVIATIONS, EDITION_IN_TEXT, GENERIC_NOUNS, ORDINAL

# Generic nouns still count a little: "사업" in "정보화 사업" tells the row from "정보화 지원".
GENERIC_WEIGHT = 0.25
# A compound (4+ characters) matches, in part, text that holds this share of its character bigrams.
COMPOUND_MATCH = 0.5

# One-syllable endings that make a noun of an amount or a kind ('운영비', '집행계획액', '사업량'):
# the stem names the same item.
NOUN_SUFFIXES = "비액금료분량"
SUFFIX_MATCH = 0.8

_DROP = re.compile(r"[\s·ㆍ‧・,.()\[\]「」『』｢｣〈〉<>《》【】\-–—_/~:;'\"’‘′“”*#]+")


@lru_cache(maxsize=200_000)
def squash(text: str) -> str:
    """Text without spaces and punctuation, lower case: what matching compares."""
    return _DROP.sub("", text or "").lower()


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def match(term: str, text_sq: str) -> float:
    """1.0 when the term is in the (squashed) text, a part for a compound most of whose bigrams are."""
    t = squash(term)
    if not t:
        return 0.0
    if t in text_sq:
        return 1.0
    for long in ABBREVIATIONS.get(term, ()):
        if squash(long) in text_sq:
            return 1.0
    if len(t) >= 4:
        grams = _bigrams(t)
        share = sum(1 for g in grams if g in text_sq) / len(grams)
        if share >= COMPOUND_MATCH:
            return share
    if len(t) >= 3 and t[-1] in NOUN_SUFFIXES and t[:-1] in text_sq:
        return SUFFIX_MATCH  # '운영비' asked, '…운영' written
    return 0.0


class TermStats:
    """Passage frequencies of the corpus's morphemes (from the BM25 tokens stored per chunk)."""

    def __init__(self, token_lists: list[list[str]], corpus_text: str) -> None:
        df: Counter[str] = Counter()
        for tokens in token_lists:
            df.update(set(tokens))
        self.df = df
        self.n = max(len(token_lists), 1)
        self.corpus = squash(corpus_text)

    def occurs(self, word: str) -> bool:
        return squash(word) in self.corpus

    def split(self, word: str) -> list[str]:
        """A compound no passage has as one token, as the known words it is made of ('기념사업' →
        '기념', '사업'), so that a report writing it apart or in part still matches."""
        w = word.lower()
        if self.df.get(w, 0) > 0 or len(w) < 4 or not re.fullmatch(r"[가-힣]+", w):
            return [word]
        best = None
        for k in range(2, len(w) - 1):
            a, b = w[:k], w[k:]
            if self.df.get(a, 0) > 0 and self.df.get(b, 0) > 0:
                key = min(self.df[a], self.df[b])
                if best is None or key > best[0]:
                    best = (key, [word[:k], word[k:]])
        return best[1] if best else [word]

    def term(self, word: str, gloss: bool = False) -> Term:
        """A question word with its weight; 'strong' when no report contains it at all. A gloss (a
        word the question puts in parentheses, '민원(민원상담실)') only helps: it weighs less and is
        never strong."""
        df = self.df.get(word.lower(), 0)
        idf = math.log(1 + self.n / (1 + df))
        generic = word in GENERIC_NOUNS or word in PLACE_PREFIXES or bool(ORDINAL.match(word))  # see other_edition
        weight = idf * (GENERIC_WEIGHT if generic or gloss else 1.0)
        strong = not generic and not gloss and len(word) >= 2 and not self.occurs(word) and not (
            len(word) >= 4 and self.occurs(word[:2]) and self.occurs(word[-2:])) and not (  # a compound written apart
            len(word) >= 3 and word[-1] in NOUN_SUFFIXES and self.occurs(word[:-1]))  # '교육비' asked, '(교육) … 30만원' written
        return Term(word, round(weight, 6), strong, generic=generic or gloss)


OFFICE_END = re.compile(r"(실|과|관|팀|국|단|처|센터|본부)$")
_LABEL_WORD = re.compile(r"[가-힣A-Za-z0-9]{2,}")


def abbreviated(term: Term, text: str) -> bool:
    """A table that names units by their first word ('언론' for 언론홍보실, '의사' for 의사담당관) carries
    every word of the unit's name."""
    if not term.word or not OFFICE_END.search(term.word) or len(term.word) < 4:
        return False
    return any(term.word.startswith(w) and len(w) < len(term.word) for w in _LABEL_WORD.findall(text))


def term_match(term: Term, text: str, sq: str) -> float:
    got = match(term.text, sq)
    return 1.0 if got < 1.0 and abbreviated(term, text) else got


def coverage(terms: tuple[Term, ...], text: str, required: bool = False) -> float:
    """Weighted share of the terms that the text carries (1.0 when there are no terms). With
    `required`, only the words that name an item count (generic words and glosses are optional)."""
    if required:
        terms = tuple(t for t in terms if not t.generic)
    total = sum(t.weight for t in terms)
    if total <= 0:
        return 1.0
    sq = squash(text)
    return sum(t.weight * term_match(t, text, sq) for t in terms) / total


def missing_strong(terms: tuple[Term, ...], text: str) -> tuple[str, ...]:
    sq = squash(text)
    return tuple(t.text for t in terms if t.strong and term_match(t, text, sq) < 1.0)


def other_edition(terms: tuple[Term, ...], text: str) -> tuple[str, ...]:
    """Editions the question names ('제2기') where the evidence names another edition of the same kind
    ('제3기') and not the one asked: that evidence is about another term or round."""
    asked = [(t.text, m) for t in terms if (m := ORDINAL.match(t.text))]
    if not asked:
        return ()  # most questions name no edition: the evidence need not be read
    found = [(m.group(1), m.group(2)) for m in EDITION_IN_TEXT.finditer(text or "")]
    out = []
    for text_, m in asked:
        same_kind = {n for n, kind in found if kind == m.group(2)}
        if same_kind and m.group(1) not in same_kind:
            out.append(text_)
    return tuple(out)


def missing_local(terms: tuple[Term, ...], near: str, stated: str = "") -> tuple[str, ...]:
    """Words that must be next to the answer and are not; and, when every word naming the other side
    of a comparison is in the answer's own line too, those: a line that names both sides is neither's."""
    sq = squash(near)
    missing = tuple(t.text for t in terms if t.local and not t.foreign and match(t.text, sq) < 1.0)
    foreign = [t for t in terms if t.foreign]
    own = squash(stated or near)
    if foreign and all(match(t.text, own) >= 1.0 for t in foreign):
        missing += tuple(t.text for t in foreign)
    return missing


# a number with its one-syllable counter ('2023년', not '2023년보다'), or a name ending in a number
_CODE = re.compile(r"[~∼]?\d+(?:\s*/\s*\d+)?[가-힣]?|[A-Za-z가-힣]+\d+")


@lru_cache(maxsize=4096)
def codes(text: str) -> frozenset[str]:
    """Words of a text that hold a digit, squashed ('4/4', '~2/4', '열1999', '2021년'): column labels
    that are codes are named by the whole code, never by a part of it ('열1' is not '열1999')."""
    return frozenset(squash(m.group(0)) for m in _CODE.finditer(text or ""))


def label_precision(terms: tuple[Term, ...], label: str, asked_codes: frozenset[str] = frozenset()) -> float:
    """How much of a label the question names: 1.0 for '정보화 사업' asked as '정보화 사업', 0.4 for
    '의정 정보화 지원' asked as '정보화'. Lets the row the question names beat a row that only contains it.
    A code in the label ('4/4') counts when the question has the same whole code."""
    sq = squash(re.sub(r"\([^()]*\)", "", label)) or squash(label)
    if not sq:
        return 0.0
    covered = [False] * len(sq)
    named = [w for w in codes(label) if w in asked_codes]
    for text in named + [t.text for t in terms]:
        w = squash(text)
        if not w:
            continue
        start = sq.find(w)
        while start >= 0:
            for i in range(start, start + len(w)):
                covered[i] = True
            start = sq.find(w, start + 1)
    return sum(covered) / len(sq)


def distribute_head(groups: list[tuple[Term, ...]]) -> list[tuple[Term, ...]]:
    """The terms of the items of 'A·B·C어린이집', where the last item's head noun is every item's:
    when the last item has two or more terms and each other item only one, the others take the last
    item's final term too (공공형 → 공공형 어린이집). Items that name their own head keep their terms."""
    if len(groups) < 2 or len(groups[-1]) < 2 or any(len(g) != 1 for g in groups[:-1]):
        return groups
    head = groups[-1][-1]
    return [g + (head,) if all(t.text != head.text for t in g) else g for g in groups[:-1]] + [groups[-1]]
