"""Scoring a batch of answers against a question set (the format of eval/dev.jsonl).

Per question:
- numbers: every gold number appears in the answer, as printed ("545,239"), plainly (545239),
  or in Korean notation ("8억 1,407만원" for 814,070천원);
- cited: some citation's text contains a gold evidence string (whitespace-insensitive);
  cited_first: the first citation does; cited_all: every evidence string is cited;
- abstention: an unanswerable question is declined; false abstention: an answerable one is;
- correct: unanswerable → declined; otherwise not declined, every gold number present, and for
  answers without numbers most of the gold answer's content words present.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from assistant.qa.amounts import WON_PER_UNIT, korean_amounts_in_text

GENERIC = {"입니다", "있습니다", "합니다", "됩니다", "보고서", "해당", "정보", "경우", "등", "및"}


def _ws(text: str) -> str:
    return " ".join((text or "").split())


def numbers_in_answer(text: str) -> list[float]:
    """Every number in an answer, with its sign when one is written ('-2,255', '△12')."""
    out = []
    for m in re.finditer(r"(?<![\d.])([-−△Δ]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?", text):
        whole = m.group(2).replace(",", "")
        value = float(whole + ("." + m.group(3) if m.group(3) else ""))
        out.append(value)
        if m.group(1):
            out.append(-value)
    return out


def number_present(gold: float, unit: str, answer: str) -> bool:
    for n in numbers_in_answer(answer):
        if abs(n - gold) < 1e-6 or abs(n - gold) <= 0.05 * max(1e-9, 10 ** -_decimals(gold)):
            return True
    factor = WON_PER_UNIT.get(unit or "")
    if factor:
        target = gold * factor
        for won in korean_amounts_in_text(answer):
            if abs(won - target) <= 10_000:  # Korean notation rounds to 만원
                return True
    return False


def _decimals(x: float) -> int:
    s = repr(float(x))
    return len(s.split(".")[1].rstrip("0")) if "." in s else 0


def content_words(text: str) -> list[str]:
    from ingest.korean import nouns

    words = [w for w in nouns(text) if len(w) >= 2 and w not in GENERIC]
    return list(dict.fromkeys(words))


def term_recall(gold: str, answer: str) -> float:
    words = content_words(gold)
    if not words:
        return 1.0
    squashed = re.sub(r"\s+", "", answer)
    return sum(1 for w in words if w in squashed) / len(words)


@dataclass
class Scored:
    id: str
    type: str
    question: str
    expected: str
    given: str
    abstained: bool
    answerable: bool
    numbers_ok: bool | None
    cited: bool | None
    cited_first: bool | None
    cited_all: bool | None
    correct: bool
    recall: float
    latency_ms: float
    citations: list[dict] = field(default_factory=list)
    rewritten: str = ""


def score_one(gold: dict, out: dict) -> Scored:
    answerable = gold.get("type") != "unanswerable" and bool(gold.get("evidence") or gold.get("numbers"))
    answer = out.get("answer", "")
    abstained = bool(out.get("abstained"))
    cits = out.get("citations") or []
    texts = [_ws(c.get("text", "")) for c in cits]
    evidence = [_ws(e) for e in gold.get("evidence") or []]
    cited = cited_first = cited_all = None
    if evidence:
        cited = any(e in t for e in evidence for t in texts)
        cited_first = bool(texts) and any(e in texts[0] for e in evidence)
        cited_all = all(any(e in t for t in texts) for e in evidence)
    numbers_ok = None
    if gold.get("numbers"):
        numbers_ok = all(number_present(float(n), gold.get("unit", ""), answer) for n in gold["numbers"])
    recall = term_recall(gold.get("answer", ""), answer) if answerable else 1.0
    if not answerable:
        correct = abstained
    elif abstained:
        correct = False
    elif numbers_ok is not None:
        correct = numbers_ok
    else:
        correct = recall >= 0.6
    question = gold.get("question") or " / ".join(gold.get("turns") or [])
    return Scored(gold["id"], gold.get("type", ""), question, gold.get("answer", ""), answer, abstained, answerable,
                  numbers_ok, cited, cited_first, cited_all, correct, recall, float(out.get("latency_ms", 0.0)), cits,
                  out.get("rewritten_question", ""))


def _rate(values: list[bool | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return round(values[lo] + (values[hi] - values[lo]) * (k - lo), 1)


def summarize(scored: list[Scored]) -> dict:
    answerable = [s for s in scored if s.answerable]
    unanswerable = [s for s in scored if not s.answerable]
    by_type: dict[str, dict] = {}
    for t in sorted({s.type for s in scored}):
        group = [s for s in scored if s.type == t]
        by_type[t] = {"n": len(group), "correct": _rate([s.correct for s in group])}
    cites = [len(" ".join(c.get("text", "") for c in s.citations)) for s in answerable if s.citations]
    lat = [s.latency_ms for s in scored]
    answered = [s for s in scored if not s.abstained]
    return {
        "n": len(scored),
        "correct": _rate([s.correct for s in scored]),
        "numbers": _rate([s.numbers_ok for s in answerable]),
        "cited": _rate([s.cited for s in answerable]),
        "cited_first": _rate([s.cited_first for s in answerable]),
        "cited_all": _rate([s.cited_all for s in answerable]),
        "abstained_unanswerable": _rate([s.abstained for s in unanswerable]),
        "false_abstention": _rate([s.abstained for s in answerable]),
        # precision: of the answers given (not declined), the share that were right; an answer to an
        # unanswerable question counts as a wrong one
        "answered_right": _rate([s.correct for s in answered]),
        "wrong_answers": sum(1 for s in answered if not s.correct),
        "cite_chars": round(statistics.mean(cites), 1) if cites else 0.0,
        "latency_p50_ms": percentile(lat, 0.5),
        "latency_p95_ms": percentile(lat, 0.95),
        "by_type": by_type,
    }


def load_questions(path: str | Path) -> list[dict]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n}: JSON 형식이 아닙니다 ({exc.msg})") from exc
        if "id" not in item or not (item.get("question") or item.get("turns")):
            raise ValueError(f"{path}:{n}: 'id'와 'question'(또는 'turns')이 필요합니다")
        items.append(item)
    return items


def report_markdown(summary: dict, scored: list[Scored]) -> str:
    lines = ["# 평가 보고서", "", "| 지표 | 값 |", "|---|---|"]
    labels = {
        "n": "질문 수", "correct": "정답률", "numbers": "수치 일치율", "cited": "근거 인용률(하나 이상)",
        "cited_first": "첫 인용에 근거 포함", "cited_all": "근거 모두 인용", "abstained_unanswerable": "답 없는 질문 거절률",
        "false_abstention": "잘못된 거절률",
        "answered_right": "답한 것 중 맞은 비율", "wrong_answers": "틀린 답(사실처럼 말한 것)", "cite_chars": "답당 인용 글자 수(평균)", "latency_p50_ms": "지연 p50 (ms)",
        "latency_p95_ms": "지연 p95 (ms)",
    }
    for key, label in labels.items():
        lines.append(f"| {label} | {summary.get(key)} |")
    lines += ["", "## 유형별 정답률", "", "| 유형 | 질문 수 | 정답률 |", "|---|---|---|"]
    for t, v in summary["by_type"].items():
        lines.append(f"| {t} | {v['n']} | {v['correct']} |")
    failures = [s for s in scored if not s.correct or s.cited is False]
    lines += ["", f"## 실패 목록 ({len(failures)}건)", ""]
    for s in failures:
        lines += [
            f"### {s.id} ({s.type}) {'오답' if not s.correct else '인용 누락'}",
            f"- 질문: {s.question}",
            f"- 재작성: {s.rewritten}" if s.rewritten and s.rewritten != s.question else "",
            f"- 기대 답: {s.expected}",
            f"- 실제 답: {s.given}",
        ]
        for i, c in enumerate(s.citations[:3], start=1):
            lines.append(f"- 인용 [{i}] {c.get('doc')} {c.get('lines')}: {_ws(c.get('text', ''))[:200]}")
        lines.append("")
    return "\n".join(line for line in lines if line is not None)
