"""Korean morpheme analysis with Kiwi, shared by the keyword index and the question analyzer.

Whitespace splitting is useless for Korean search ("예산현액은" never matches "예산현액"), so
every text is reduced to content morphemes: nouns, numbers, foreign words and verb stems.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

CONTENT_TAGS = ("NNG", "NNP", "NNB", "NR", "SL", "SN", "SH", "XR", "VV", "VA", "MAG", "XSN", "W_SERIAL")
NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")
# Frequent words that carry no meaning for retrieval in these reports.
STOP = {
    "및", "등", "것", "수", "중", "위", "관련", "통해", "대한", "하다", "되다", "있다", "없다", "이", "그", "저",
    "얼마", "몇", "무엇", "뭐", "어디", "언제", "누구", "어떻다", "알리다", "주다", "보다", "대하", "하", "되",
    "있", "없", "알", "주", "보", "대", "요", "좀", "부탁", "확인", "드리다", "드리", "싶", "싶다",
}
# Derivational suffixes that glue a noun together ("정보화", "집행률") are kept joined to the noun.
_JOIN_SUFFIXES = ("XSN",)

_lock = threading.Lock()
_kiwi = None


def kiwi():
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi(num_workers=-1)
    return _kiwi


_tokenize_lock = threading.Lock()


def _tokens(text: str):
    k = kiwi()
    with _tokenize_lock:  # one Kiwi is shared by every user's thread
        return k.tokenize(text)


@lru_cache(maxsize=4096)
def content_terms(text: str) -> tuple[str, ...]:
    """Content morphemes of a text, lower-cased, with noun+suffix compounds joined ("집행률")."""
    out: list[str] = []
    prev_noun = False
    for tok in _tokens(text):
        form, tag = tok.form.lower(), tok.tag
        if tag in _JOIN_SUFFIXES and prev_noun and out:
            out[-1] = out[-1] + form
            continue
        if tag.startswith(CONTENT_TAGS) and form not in STOP and not re.fullmatch(r"\W+", form):
            out.append(form)
            prev_noun = tag.startswith(("NN", "XR", "SL", "SH"))
        else:
            prev_noun = False
    return tuple(out)


def nouns(text: str) -> list[str]:
    return [t.form for t in _tokens(text) if t.tag.startswith(NOUN_TAGS) and t.form not in STOP]


def keyword_tokens(text: str) -> list[str]:
    """Tokens for BM25: content morphemes plus their character bigrams for compounds, so that
    '화상회의시스템' and '영상회의 시스템' still share evidence."""
    terms = list(content_terms(text))
    extra = []
    for t in terms:
        if len(t) >= 4 and re.fullmatch(r"[가-힣]+", t):
            extra.extend(t[i : i + 2] for i in range(len(t) - 1))
    return terms + extra
