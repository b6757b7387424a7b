"""Fuzzy matching of Korean phrases by weighted character bigrams.

"전자 결재 시스템", "전자결재시스템 고도화사업" and "전자결재시스템 고도화" share most of their bigrams
once spaces are dropped; rare bigrams (those in few row labels) weigh more than common ones
("사업", "운영"), so a question's distinctive words decide the match.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

_DROP = re.compile(r"[\s·ㆍ‧・,.()\[\]「」『』｢｣〈〉<>《》【】\-–—_/~:;'\"’‘′“”]+")
_NUMBERING = re.compile(r"^[①-⑳]|^\d{1,2}\s+(?=[가-힣])")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Squashed, punctuation-free, lower-case text for matching."""
    t = _NUMBERING.sub("", (text or "").strip())
    return _DROP.sub("", t).lower()


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    t = norm(text)
    if len(t) < 2:
        return frozenset([t]) if t else frozenset()
    return frozenset(t[i : i + 2] for i in range(len(t) - 1))


class BigramWeights:
    """IDF weights of bigrams over a collection of descriptors (row labels, table titles)."""

    def __init__(self, texts: list[str]) -> None:
        df: Counter[str] = Counter()
        for t in texts:
            df.update(bigrams(t))
        self.n = max(len(texts), 1)
        self.df = df

    def w(self, bg: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(bg, 0)))

    def total(self, grams) -> float:
        return sum(self.w(g) for g in grams)

    def coverage(self, part, whole) -> float:
        """Weighted share of `whole`'s bigrams that also occur in `part`."""
        whole = set(whole)
        if not whole:
            return 0.0
        return self.total(whole & set(part)) / self.total(whole)
