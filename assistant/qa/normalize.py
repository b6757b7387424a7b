"""The question as text to read: NFC, no control, format, zero-width or bidi characters, no markup,
no terminal escapes, no SQL-looking tail, one space between words.

Noise around a valid question must not change its answer: "<script>…</script> 질문", "질문'; DROP
TABLE cells; --" and "질문\u200b" are all the question.
"""

from __future__ import annotations

import html
import re
import unicodedata

MAX_QUESTION_CHARS = 500

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
_SCRIPT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
# "…'; DROP TABLE x; --", "… OR 1=1 --": a statement tail pasted after the question
_SQL_TAIL = re.compile(
    r"['\"`]?\s*;?\s*(?:--|#|/\*).*$|['\"`]\s*;\s*(?:drop|delete|insert|update|select|union|alter|truncate)\b.*$"
    r"|\s(?:or|and)\s+['\"]?\d+['\"]?\s*=\s*['\"]?\d+.*$",
    re.IGNORECASE)


def _visible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if ch in "\t\n\r":
        return True
    return not (cat.startswith("C") or cat in ("Zl", "Zp"))  # Cc, Cf (zero-width, bidi), Co, Cn


def normalize_question(text: str | None) -> str:
    """The question a reader sees, without the noise around it; '' for nothing."""
    if not text:
        return ""
    t = unicodedata.normalize("NFC", text)
    t = _ANSI.sub(" ", t)
    t = "".join(ch if _visible(ch) else " " for ch in t)
    t = _SCRIPT.sub(" ", t)
    t = _TAG.sub(" ", t)
    t = html.unescape(t)
    t = _SQL_TAIL.sub(" ", t)
    t = t.replace("\u3000", " ")
    return " ".join(t.split())[:MAX_QUESTION_CHARS]


def input_problem(question: str | None, raw: str | None = None) -> str | None:
    """A Korean message for input that is not a question, or None."""
    if raw is not None and len(raw) > 5000:
        return "질문이 너무 깁니다(5,000자 초과). 궁금한 점을 한두 문장으로 줄여 다시 물어봐 주세요."
    if not question:
        return "질문을 입력해 주세요. 예: \"○○ 사업 예산현액이 얼마인가요?\""
    if not re.search(r"[가-힣A-Za-z0-9]", question):
        return "질문을 이해하지 못했습니다. 한국어 문장으로 물어봐 주세요. 예: \"○○ 사업 집행률은?\""
    if not re.search(r"[가-힣]", question):
        return ("이 도우미는 한국어 질문에 답합니다. 한국어로 물어봐 주세요. "
                "(This assistant answers questions in Korean.) 예: \"○○ 사업 집행액은 어떻게 돼요?\"")
    return None
