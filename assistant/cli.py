"""Command-line interface: `python -m assistant <command>`.

Every command has `--help` with an example; `--json` output is one line per result so that
evaluation scripts can consume it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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
        for err in report.errors:
            print(f"  ✗ {err['path']}: {err['error']}")
    return 1 if report.errors and report.documents == 0 else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description=DESCRIPTION,
        epilog="명령마다 --help 로 예시를 볼 수 있습니다. 예: python -m assistant ask --help",
        formatter_class=_Formatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="명령")
    _add_ingest(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)
