"""Optional LLM mode, through llama-index: an OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp
server: ASSISTANT_LLM_BASE_URL / _MODEL / _API_KEY) or a local GGUF via llama-cpp-python
(ASSISTANT_LLM_GGUF).

The LLM only rephrases: it sees the retrieved evidence and the engine's computed figures, never
the index. Its answer is accepted only if every number in it appears in a cited source or among
the computed figures, its citation markers exist, and its words come from the evidence; otherwise
the extractive answer stands and the reason is logged. Report text is framed as data, so an
instruction inside a document ("이전 지시를 무시하고 …") is not followed — and if a model follows
it anyway, the check above throws the answer out.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from assistant.qa.amounts import WON_PER_UNIT, format_number, korean_amount, korean_amounts_in_text
from assistant.qa.answer import NOT_FOUND, Answer
from assistant.qa.prompts import load_prompt, render

log = logging.getLogger(__name__)

# Nouns an answer may use without finding them in the evidence.
ALLOWED_WORDS = {
    "보고서", "자료", "기준", "답변", "경우", "내용", "현재", "해당", "정보", "다음", "각각", "이상", "이하", "합계", "차이",
    "비율", "정도", "약", "원", "천원", "백만원", "억원", "명", "건", "회", "개", "만원", "억", "조",
}


@dataclass
class LLMSettings:
    base_url: str | None
    model: str | None
    api_key: str | None
    gguf: str | None
    timeout: float = 60.0

    @property
    def enabled(self) -> bool:
        return bool((self.base_url and self.model) or self.gguf)


def llm_settings() -> LLMSettings:
    return LLMSettings(
        base_url=os.environ.get("ASSISTANT_LLM_BASE_URL") or None,
        model=os.environ.get("ASSISTANT_LLM_MODEL") or None,
        api_key=os.environ.get("ASSISTANT_LLM_API_KEY") or None,
        gguf=os.environ.get("ASSISTANT_LLM_GGUF") or None,
        timeout=float(os.environ.get("ASSISTANT_LLM_TIMEOUT") or 60),
    )


def make_llm(settings: LLMSettings | None = None):
    """A llama-index LLM for the configured backend, or None when no LLM is configured."""
    settings = settings or llm_settings()
    if settings.base_url and settings.model:
        from llama_index.llms.openai_like import OpenAILike

        return OpenAILike(
            model=settings.model,
            api_base=settings.base_url,
            api_key=settings.api_key or "not-needed",
            is_chat_model=True,
            context_window=8192,
            max_tokens=512,
            temperature=0.0,
            timeout=settings.timeout,
            max_retries=1,
        )
    if settings.gguf:
        try:
            from llama_index.llms.llama_cpp import LlamaCPP
        except ImportError as exc:
            raise RuntimeError(
                "ASSISTANT_LLM_GGUF를 쓰려면 llama-cpp-python이 필요합니다: `make llm`으로 설치하세요."
            ) from exc
        return LlamaCPP(model_path=settings.gguf, temperature=0.0, max_new_tokens=512, context_window=8192,
                        verbose=False)
    return None


def _numbers(text: str) -> list[float]:
    text = re.sub(r"\[\d+\]", " ", text)  # citation markers are not figures
    out = []
    for m in re.finditer(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", text):
        out.append(float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else "")))
    return out


def _allowed_numbers(sources: list[str], figures, question: str, draft: str) -> tuple[set[float], set[float]]:
    plain: set[float] = set()
    won: set[float] = set()
    for text in sources + [question, draft]:
        plain.update(_numbers(text))
        won.update(korean_amounts_in_text(text))
    for f in figures:
        if f.value is None:
            continue
        plain.add(round(float(f.value), 6))
        plain.update(_numbers(format_number(f.value)))
        factor = WON_PER_UNIT.get(f.unit or "")
        if factor:
            won.add(f.value * factor)
            plain.update(_numbers(korean_amount(f.value, f.unit) or ""))
    return plain, won


INSTRUCTION_LIKE = re.compile(
    r"(이전|앞의|위의|모든)\s*(지시|명령|규칙|지침)[을를]?\s*(무시|잊)|ignore\s+(all\s+|the\s+)?(previous|prior|above)\s+"
    r"instructions|system\s*prompt|시스템\s*프롬프트|(라고|이라고)\s*(답|대답|출력|말)하(라|세요|십시오)|"
    r"(답변|출력)(을|은)?\s*다음과\s*같이",
    re.IGNORECASE,
)


def neutralize(text: str) -> str:
    """Lines of a report that read like instructions to a model are withheld from the prompt."""
    return "\n".join("[지시문처럼 보이는 문장이라 생략함]" if INSTRUCTION_LIKE.search(line) else line
                     for line in text.split("\n"))


def check_grounded(text: str, sources: list[str], figures, question: str, draft: str, n_citations: int) -> str | None:
    """None when the LLM answer may be shown; otherwise the reason it may not (Korean)."""
    if not text.strip():
        return "빈 답변"
    stated = [f for f in figures if not f.computed and f.value is not None][:1]
    for f in stated:  # the engine's own figure must survive the rephrasing
        shown = set(_numbers(text)) | {w / WON_PER_UNIT[f.unit] for w in korean_amounts_in_text(text) if f.unit in WON_PER_UNIT}
        if not any(abs(abs(f.value) - n) < 1e-6 or abs(abs(f.value) - n) <= 10 for n in shown):
            return f"엔진이 찾은 수치 {format_number(f.value)}{f.unit or ''}가 빠짐"
    plain, won = _allowed_numbers(sources, figures, question, draft)
    for n in _numbers(text):
        if not any(abs(n - p) < 1e-6 for p in plain):
            return f"근거에 없는 숫자 {format_number(n)}"
    for w in korean_amounts_in_text(text):
        if not any(abs(w - x) <= 10_000 for x in won):
            return f"근거에 없는 금액 {korean_amount(w, '원') or w}"
    for m in re.findall(r"\[(\d+)\]", text):
        if not 1 <= int(m) <= n_citations:
            return f"없는 인용 번호 [{m}]"
    if NOT_FOUND in text and NOT_FOUND not in draft:
        return "근거가 있는데도 답을 거절함"
    from ingest.korean import nouns

    pool = re.sub(r"\s+", "", " ".join(sources + [question, draft]))
    words = [w for w in nouns(text) if len(w) >= 2 and w not in ALLOWED_WORDS]
    unknown = [w for w in words if w not in pool]
    if words and len(unknown) / len(words) > 0.15:
        return f"근거에 없는 표현: {', '.join(unknown[:3])}"
    return None


class LLMComposer:
    def __init__(self, llm) -> None:
        self.llm = llm
        self.system = load_prompt("answer_system")

    def rewrite(self, question: str, answer: Answer) -> tuple[str | None, str | None]:
        """(text, None) when the LLM's answer passes the checks, else (None, reason)."""
        from llama_index.core.llms import ChatMessage

        sources = [c.text for c in answer.citations]
        evidence = "\n\n".join(
            f"[{i}] {c.title} › {c.section}\n<<<보고서 발췌 시작>>>\n{neutralize(c.text)}\n<<<보고서 발췌 끝>>>"
            for i, c in enumerate(answer.citations, start=1))
        figures = "\n".join(
            f"- {f.row} {f.column}: {format_number(f.value)}{f.unit or ''}"
            + (f" ({korean_amount(f.value, f.unit)})" if korean_amount(f.value, f.unit or "") else "")
            + (f", {f.as_of} 기준" if f.as_of else "") + (" [계산값]" if f.computed else "")
            for f in answer.figures if f.value is not None) or "(없음)"
        user = render("answer_user", question=question, evidence=evidence, figures=figures, draft=answer.answer)
        try:
            response = self.llm.chat([ChatMessage(role="system", content=self.system),
                                      ChatMessage(role="user", content=user)])
        except Exception as exc:  # an unreachable endpoint must not cost the user the answer
            return None, f"LLM 호출 실패: {type(exc).__name__}: {exc}"[:300]
        text = (response.message.content or "").strip()
        reason = check_grounded(text, sources, answer.figures, question, answer.answer, len(answer.citations))
        if reason:
            return None, reason
        return text, None
