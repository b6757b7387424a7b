"""Command-line interface: `python -m assistant <command>`.

Every command has `--help` with an example; `--json` output is one line per result so that
evaluation scripts can consume it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.korean_args import KoreanArgumentParser

DESCRIPTION = "보고서 질의응답 도우미: 서울시 주요업무보고를 수집하고, 출처와 함께 질문에 답합니다."


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _add_ingest(sub) -> None:
    p = sub.add_parser(
        "ingest",
        help="보고서를 읽어 색인(Chroma, 키워드, 표 셀)을 만듭니다",
        description="보고서 파일을 읽어 문단·표·셀을 색인합니다. 바뀐 파일만 다시 처리합니다.",
        epilog=(
            "예시:\n"
            "  python -m assistant ingest                     # data/reports 전체\n"
            "  python -m assistant ingest 새보고서.pdf --json\n"
            "  python -m assistant ingest --rebuild           # 처음부터 다시 만들기\n"
        ),
        formatter_class=_Formatter,
    )
    p.add_argument("paths", nargs="*", help="보고서 파일 또는 폴더 (기본: data/reports)")
    p.add_argument("--rebuild", action="store_true", help="바뀌지 않은 파일도 모두 다시 처리")
    p.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로 출력")
    p.add_argument("--index", help="색인 폴더 (기본: index/ 또는 $ASSISTANT_INDEX_DIR)")
    p.set_defaults(func=cmd_ingest)


def cmd_ingest(args) -> int:
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    settings = load_settings(args.index)
    paths = [Path(p) for p in args.paths] or None
    missing = [str(p) for p in (paths or []) if not p.exists()]
    if missing:
        print(f"오류: 파일이나 폴더가 없습니다: {', '.join(missing)}", file=sys.stderr)
        return 2
    report = ingest(paths, rebuild=args.rebuild, settings=settings, progress=not args.json or sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        print(
            f"수집 완료: 문서 {report.documents}개, 문단 {report.chunks:,}개, 표 {report.tables:,}개, 셀 {report.cells:,}개\n"
            f"새로 임베딩 {report.embedded:,}개, 변경 없음 {report.skipped_unchanged}개, 삭제 {report.removed}개, "
            f"오류 {len(report.errors)}개 ({report.seconds:.1f}초)"
        )
        for line in report.files:
            print(file_line(line))
        for note in report.notes:
            print(f"  ! {note}")
    return 1 if report.errors and report.documents == 0 else 0


FILE_STATUS = {"ingested": ("✓", "수집"), "unchanged": ("=", "변경 없음"), "skipped": ("-", "건너뜀"),
               "failed": ("✗", "실패")}


def file_line(line: dict) -> str:
    """One file of the ingest summary, e.g. '  - 건너뜀 data/reports/.hidden.txt: 숨김 파일…'."""
    mark, label = FILE_STATUS.get(line["status"], ("?", line["status"]))
    reason = f": {line['reason']}" if line.get("reason") else ""
    return f"  {mark} {label} {_shown_path(line['path'])}{reason}"


def _shown_path(path: str) -> str:
    """Relative to the current folder when inside it: the lines stay short and copyable."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _engine(args):
    from assistant.qa.pipeline import Engine
    from assistant.index import IndexMissing
    from ingest.settings import load_settings

    try:
        return Engine.load(load_settings(getattr(args, "index", None)))
    except IndexMissing as exc:
        print(f"오류: {exc}", file=sys.stderr)
        raise SystemExit(2)


def _add_ask(sub) -> None:
    p = sub.add_parser(
        "ask",
        help="질문 하나에 답합니다 (출처 포함)",
        missing={"question": "질문을 적어 주세요. 예: python -m assistant ask \"본관 연면적은?\""},
        description="보고서에 질문하고 번호 붙은 출처와 함께 답을 받습니다.",
        epilog=(
            "예시:\n"
            "  python -m assistant ask \"서울의회보 발행에 잡힌 예산현액이 궁금해요\"\n"
            "  python -m assistant ask \"의회 전문도서관 운영 집행률 알려 줘\" --json\n"
        ),
        formatter_class=_Formatter,
    )
    p.add_argument("question", help="질문 (한국어)")
    p.add_argument("--json", action="store_true", help="답을 JSON 한 줄로 출력")
    p.add_argument("--explain", action="store_true", help="단계별 해석과 후보(검증에서 남은 것과 버린 이유)도 출력")
    p.add_argument("--index", help="색인 폴더 (기본: index/)")
    p.set_defaults(func=cmd_ask)


def cmd_ask(args) -> int:
    engine = _engine(args)
    if getattr(args, "explain", False):
        from assistant.qa.explain import explain

        print(explain(engine, args.question), end="\n\n")
    answer = engine.ask(args.question)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return 0
    print(answer.answer)
    if answer.citations:
        print()
        for i, c in enumerate(answer.citations, start=1):
            where = f"{c.lines[0]}–{c.lines[1]}행" if c.lines[0] != c.lines[1] else f"{c.lines[0]}행"
            page = f", {c.page}쪽" if c.page else ""
            print(f"[{i}] {c.title} › {c.section.split(' › ')[-1]} ({where}{page})")
            for line in c.text.splitlines():
                print("    " + " | ".join(part for part in line.split("\t")).rstrip(" |"))
    if answer.related:
        print("\n참고 자료:")
        for c in answer.related:
            print(f"  - {c.title} ({c.lines[0]}행): {' '.join(c.text.split())[:120]}")
    return 0


def _add_batch(sub) -> None:
    p = sub.add_parser(
        "batch",
        help="질문 목록(JSONL)에 한꺼번에 답합니다",
        missing={"input": "질문 파일(JSONL)을 적어 주세요.", "--out": "답을 쓸 파일을 --out으로 적어 주세요."},
        description="각 줄이 {\"id\", \"question\"} 또는 {\"id\", \"turns\": [...]} 인 JSONL을 읽어 답을 JSONL로 씁니다.",
        epilog="예시:\n  python -m assistant batch eval/dev.jsonl --out answers.jsonl\n",
        formatter_class=_Formatter,
    )
    p.add_argument("input", help="질문 JSONL 파일")
    p.add_argument("--out", required=True, help="답을 쓸 JSONL 파일")
    p.add_argument("--index", help="색인 폴더 (기본: index/)")
    p.set_defaults(func=cmd_batch)


def run_batch(engine, items: list[dict], progress: bool = True) -> list[dict]:
    from tqdm import tqdm

    from assistant.qa.resolve import Conversation

    outputs = []
    for item in tqdm(items, desc="질문 처리 중", disable=not progress, file=sys.stderr, unit="개", leave=False):
        if "error" in item:  # a line that could not be asked keeps its place, with the reason
            outputs.append(error_output(item))
            continue
        turns = item.get("turns") or [item.get("question", "")]
        conv = Conversation()
        answer = None
        for turn in turns:
            answer = engine.ask(turn, conv)
        out = {"id": item["id"], **answer.to_json()}
        outputs.append(out)
    return outputs


def error_output(item: dict) -> dict:
    """The output line of an input line that could not be asked: the documented fields, empty,
    plus `error` (Korean) and `line` (its line in the input file)."""
    return {"id": item.get("id"), "answer": "", "abstained": True, "citations": [], "figures": [],
            "latency_ms": 0.0, "error": item["error"], "line": item.get("line")}


def cmd_batch(args) -> int:
    from assistant.batch_input import read_batch_items

    try:
        items = read_batch_items(args.input)
    except (OSError, ValueError) as exc:
        print(f"오류: 질문 파일을 읽을 수 없습니다: {exc}", file=sys.stderr)
        return 2
    for item in items:
        if "error" in item:
            print(f"경고: {args.input} {item['error']}", file=sys.stderr)
    engine = _engine(args)
    outputs = run_batch(engine, items)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        for out in outputs:
            fh.write(json.dumps(out, ensure_ascii=False) + "\n")
    failed = sum(1 for out in outputs if "error" in out)
    note = f" (질문할 수 없는 줄 {failed}개는 error로 표시)" if failed else ""
    print(f"{len(outputs) - failed}개 질문에 답했습니다{note} → {args.out}", file=sys.stderr)
    return 0


def _add_eval(sub) -> None:
    p = sub.add_parser(
        "eval",
        help="정답이 있는 질문 목록으로 정확도를 평가합니다",
        missing={"questions": "정답이 있는 질문 파일을 적어 주세요. 예: python -m assistant eval eval/dev.jsonl"},
        description="batch를 실행하고 정답(numbers, evidence, answer)과 비교해 지표와 실패 목록을 보고합니다.",
        epilog="예시:\n  python -m assistant eval eval/dev.jsonl --out eval-report\n",
        formatter_class=_Formatter,
    )
    p.add_argument("questions", help="정답이 있는 질문 JSONL (eval/dev.jsonl 형식)")
    p.add_argument("--out", default="eval-report", help="report.md, report.json, answers.jsonl을 쓸 폴더")
    p.add_argument("--json", action="store_true", help="요약을 JSON 한 줄로 출력")
    p.add_argument("--index", help="색인 폴더 (기본: index/)")
    p.set_defaults(func=cmd_eval)


def cmd_eval(args) -> int:
    from dataclasses import asdict

    from assistant.evaluate import load_questions, report_markdown, score_one, summarize

    try:
        items = load_questions(args.questions)
    except (OSError, ValueError) as exc:
        print(f"오류: 질문 파일을 읽을 수 없습니다: {exc}", file=sys.stderr)
        return 2
    engine = _engine(args)
    outputs = run_batch(engine, items)
    scored = [score_one(g, o) for g, o in zip(items, outputs)]
    summary = summarize(scored)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(
        json.dumps({"summary": summary, "questions": [asdict(s) for s in scored]}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    (out / "report.md").write_text(report_markdown(summary, scored), encoding="utf-8")
    with open(out / "answers.jsonl", "w", encoding="utf-8") as fh:
        for o in outputs:
            fh.write(json.dumps(o, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"정답률 {summary['correct']:.2f} · 수치 {summary['numbers']:.2f} · 인용 {summary['cited']:.2f} "
              f"(첫 인용 {summary['cited_first']:.2f}) · 답한 것 중 맞음 {summary['answered_right']} "
              f"(틀린 답 {summary['wrong_answers']}개) · 거절 {summary['abstained_unanswerable']} · "
              f"잘못된 거절 {summary['false_abstention']} · p50 {summary['latency_p50_ms']}ms · p95 {summary['latency_p95_ms']}ms")
        for t, v in summary["by_type"].items():
            print(f"  {t:<13} {v['correct']:.2f} ({v['n']}개)")
        print(f"보고서: {out / 'report.md'}")
    return 0


def _add_bench(sub) -> None:
    p = sub.add_parser(
        "bench",
        help="수집·질문 속도, 단순 파이프라인 대비 품질, 규모 곡선을 잽니다",
        description=(
            "벤치마크: (1) data/reports를 새 임시 색인으로 수집(처리량, 최대 메모리), (2) dev 질문의 워밍업된 지연 시간 "
            "p50/p95와 단계별 분해, (3) LlamaIndex 시작 예제 파이프라인·표 QA를 끈 엔진과의 품질 비교, (4) 합성 보고서 "
            "N개에 대한 규모 곡선(수집 시간, 색인 크기, 지연 시간, 생성 질문 정답률). 사용자의 index/는 건드리지 않습니다."
        ),
        epilog=(
            "예시:\n"
            "  python -m assistant bench                          # N = 5, 50 (make bench)\n"
            "  python -m assistant bench --scale 5 50 200 --docs  # docs/benchmarks.md와 그래프까지\n"
            "  python -m assistant bench --scale --json           # 규모 곡선 없이, JSON 한 줄\n"
            "  python -m assistant bench --scale 5 --no-baseline --repeats 1   # 빠르게 한 번\n"
        ),
        formatter_class=_Formatter,
    )
    p.add_argument("--scale", nargs="*", type=int, metavar="N", default=None,
                   help="합성 보고서 수 (기본: 5 50; 값 없이 쓰면 규모 곡선을 건너뜀)")
    p.add_argument("--json", action="store_true", help="결과를 JSON 한 줄로 stdout에 출력")
    p.add_argument("--out", default="bench-results", help="bench.json, bench-details.json을 쓸 폴더 (기본: bench-results/)")
    p.add_argument("--docs", action="store_true", help="docs/benchmarks.md와 docs/bench_scale.png를 다시 만듦")
    p.add_argument("--docs-dir", default=None, help=argparse.SUPPRESS)
    p.add_argument("--repeats", type=int, default=3, help="지연 시간 측정 반복 횟수 (기본: 3, 워밍업 1회 별도)")
    p.add_argument("--reports", default=None, help="원본 보고서 폴더 (기본: data/reports)")
    p.add_argument("--questions", default=None, help="dev 질문 세트 (기본: eval/dev.jsonl)")
    p.add_argument("--no-baseline", action="store_true", help="LlamaIndex 기준선 파이프라인을 건너뜀")
    p.add_argument("--scale-only", action="store_true", help="dev 세트 측정(수집·지연·품질)을 건너뛰고 규모 곡선만")
    p.add_argument("--seed", type=int, default=0, help="합성 보고서 생성 시드 (기본: 0)")
    p.add_argument("--keep", action="store_true", help="임시 색인과 합성 보고서를 지우지 않음")
    p.add_argument("--pdfs", default=None, help="PDF 읽기 속도를 잴 PDF 폴더 (기본: ../shared/corpus/busan2025, 없으면 생성한 PDF)")
    p.add_argument("--no-pdf", action="store_true", help="PDF 읽기 속도 측정을 건너뜀")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args) -> int:
    from assistant.bench import ROOT, run_bench, summary_lines, write_docs

    scales = [5, 50] if args.scale is None else args.scale
    if any(n < 1 for n in scales):
        print("오류: --scale 값은 1 이상이어야 합니다", file=sys.stderr)
        return 2
    reports = Path(args.reports) if args.reports else ROOT / "data" / "reports"
    questions = Path(args.questions) if args.questions else ROOT / "eval" / "dev.jsonl"
    for path in (reports, questions):
        if not path.exists():
            print(f"오류: 파일이나 폴더가 없습니다: {path}", file=sys.stderr)
            return 2
    try:
        result, _ = run_bench(sorted(set(scales)), Path(args.out), reports, questions, repeats=max(1, args.repeats),
                              seed=args.seed, baseline=not args.no_baseline, dev=not args.scale_only,
                              progress=sys.stderr.isatty() or not args.json, keep=args.keep,
                              pdfs=False if args.no_pdf else (Path(args.pdfs) if args.pdfs else None))
    except RuntimeError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 1
    if args.docs:
        for path in write_docs(result, Path(args.docs_dir) if args.docs_dir else ROOT / "docs"):
            print(f"문서: {path}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("\n".join(summary_lines(result)))
        print(f"결과: {Path(args.out) / 'bench.json'}")
    return 0


def _add_feedback(sub) -> None:
    p = sub.add_parser(
        "feedback",
        help="앱에서 받은 👍/👎 피드백을 질문 세트 초안으로 내보냅니다",
        missing={"action": "무엇을 할지 적어 주세요. 예: python -m assistant feedback export"},
        description=(
            "앱의 👎 답변(index/feedback.jsonl)을 질문 세트 형식(eval/dev.jsonl과 같은 필드)의 초안으로 내보냅니다. "
            "정답(answer, numbers, unit, type)과 근거(evidence)는 직원이 채워 넣어야 합니다."
        ),
        epilog=(
            "예시:\n"
            "  python -m assistant feedback export                       # 👎 답변을 stdout으로\n"
            "  python -m assistant feedback export --out eval/fb.jsonl   # 파일로\n"
            "  python -m assistant feedback export --all                 # 👍 답변도 포함\n"
        ),
        formatter_class=_Formatter,
    )
    p.add_argument("action", choices=["export"], help="export: 질문 세트 초안 만들기")
    p.add_argument("--all", action="store_true", help="👍 답변도 포함")
    p.add_argument("--out", help="쓸 파일 (기본: stdout)")
    p.add_argument("--index", help="색인 폴더 (기본: index/ 또는 $ASSISTANT_INDEX_DIR)")
    p.set_defaults(func=cmd_feedback)


def cmd_feedback(args) -> int:
    from assistant.feedback import export_skeleton, read_feedback
    from ingest.settings import load_settings

    settings = load_settings(args.index)
    log = read_feedback(settings.feedback_path)
    for no in log.skipped_lines:
        print(f"경고: {settings.feedback_path} {no}행을 읽지 못해 건너뜁니다", file=sys.stderr)
    lines = export_skeleton(log.records, include_liked=args.all)
    if not lines:  # say so rather than print nothing; no empty file is written
        why = (f"피드백 기록이 없습니다({settings.feedback_path})" if not log.records else
               "👎 답변이 없습니다" + ("" if args.all else " (👍 답변도 내보내려면 --all)"))
        print(f"내보낼 피드백이 없습니다: {why}", file=sys.stderr)
        return 0
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    if args.out:
        out = Path(args.out)
        if out.exists() and out.stat().st_size:
            print(f"오류: 이미 있는 파일은 덮어쓰지 않습니다: {out}", file=sys.stderr)
            return 2
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"질문 {len(lines)}개를 썼습니다: {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _add_generate(sub) -> None:
    p = sub.add_parser(
        "generate",
        help="표의 모든 숫자 칸에서 질문 세트를 만듭니다 (생성 커버리지 세트)",
        missing={"--out": "질문을 쓸 파일을 --out으로 적어 주세요."},
        description=("셀 저장소의 모든 숫자 칸(복합 칸의 각 부분 포함)마다, 그 칸을 가리키는 질문을 만듭니다. 행 이름의 띄어쓰기, "
                     "측정값 동의어, 기관 약칭, 보고서 날짜, 존댓말·반말 어미를 바꿔 가며 씁니다. 같은 질문이 값이 다른 두 칸에 "
                     "맞으면 만들지 않습니다."),
        epilog="예시:\n  python -m assistant generate --out eval/generated/cells.jsonl\n"
               "  python -m assistant eval eval/generated/cells.jsonl --out gen-report\n",
        formatter_class=_Formatter,
    )
    p.add_argument("--out", required=True, help="질문을 쓸 JSONL 파일")
    p.add_argument("--index", help="색인 폴더 (기본: index/)")
    p.set_defaults(func=cmd_generate)


def cmd_generate(args) -> int:
    from assistant.generate import cell_questions
    from assistant.index import IndexMissing, LoadedIndex
    from ingest.settings import load_settings

    try:
        index = LoadedIndex(load_settings(getattr(args, "index", None)))
    except IndexMissing as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    items = cell_questions(index)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"질문 {len(items)}개를 {out}에 썼습니다.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = KoreanArgumentParser(
        prog="python -m assistant",
        description=DESCRIPTION,
        epilog="명령마다 --help 로 예시를 볼 수 있습니다. 예: python -m assistant ask --help",
        formatter_class=_Formatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="명령")
    _add_ingest(sub)
    _add_ask(sub)
    _add_batch(sub)
    _add_eval(sub)
    _add_bench(sub)
    _add_feedback(sub)
    _add_generate(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)
