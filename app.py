"""보고서 질의응답 도우미 — the web app.

    python app.py                      # http://127.0.0.1:7860
    python app.py --port 8080
    ASSISTANT_AUTH=staff:비밀번호 python app.py --host 0.0.0.0

On start it brings the index up to date with data/reports (a no-op when nothing changed), loads
the engine once, and serves the chat through Gradio's queue.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

EXAMPLES = """예시:
  python app.py
  python app.py --port 8080
  ASSISTANT_AUTH=staff:비밀번호 python app.py --host 0.0.0.0
  ASSISTANT_AUTH_FILE=users.txt python app.py --host 0.0.0.0   # 한 줄에 '사용자:비밀번호'
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from assistant.korean_args import KoreanArgumentParser

    p = KoreanArgumentParser(
        prog="python app.py",
        description="보고서 질의응답 도우미 웹 앱을 실행합니다. 색인이 없거나 보고서가 바뀌었으면 먼저 수집합니다.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default=os.environ.get("ASSISTANT_HOST", "127.0.0.1"),
                   help="접속을 받을 주소 (기본: 127.0.0.1, 이 컴퓨터에서만)")
    p.add_argument("--port", type=int, default=int(os.environ.get("ASSISTANT_PORT", "7860")), help="포트 (기본: 7860)")
    p.add_argument("--no-ingest", action="store_true", help="시작할 때 보고서 수집을 건너뜁니다")
    p.add_argument("--concurrency", type=int, default=8, help="동시에 답할 질문 수 (기본: 8)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from assistant.access import AccessConfigError, authenticator, load_users, refuse_reason

    try:
        users = load_users()
    except AccessConfigError as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    reason = refuse_reason(args.host, users)
    if reason:
        print(f"오류: {reason}", file=sys.stderr)
        return 2

    from assistant.qa.pipeline import Engine
    from assistant.index import IndexMissing
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    settings = load_settings()
    started = time.perf_counter()
    if not args.no_ingest:
        print(f"보고서 확인 중: {settings.data_dir}", flush=True)
        report = ingest([settings.data_dir], settings=settings, progress=True)
        if report.embedded or report.removed or report.skipped_unchanged != report.documents:
            print(f"수집 완료: 문서 {report.documents}개 · 문단 {report.chunks}개 · 표 {report.tables}개 "
                  f"({report.seconds:.1f}초)", flush=True)
        for e in report.errors:
            print(f"경고: {e['path']}: {e['error']}", file=sys.stderr)
        for f in report.files:
            if f["status"] == "skipped":
                print(f"건너뜀: {f['path']}: {f['reason']}", file=sys.stderr)
    try:
        engine = Engine.load(settings)
    except IndexMissing as exc:
        print(f"오류: {exc}", file=sys.stderr)
        return 2
    print(f"엔진 준비 완료 ({time.perf_counter() - started:.1f}초, 문서 {len(engine.index.docs)}개)", flush=True)

    from starlette.middleware import Middleware

    from assistant.korean_ui import UI_I18N, KoreanPage
    from assistant.webapp import APP_CSS, build_app

    demo = build_app(engine, settings)
    demo.queue(default_concurrency_limit=max(1, args.concurrency))
    import gradio as gr

    demo.launch(
        server_name=args.host,
        server_port=args.port,
        share=False,
        auth=authenticator(users) if users else None,
        auth_message="보고서 질의응답 도우미에 로그인하세요." if users else None,
        max_file_size=f"{settings.max_file_mb:g}mb",
        theme=gr.themes.Soft(),
        css=APP_CSS,
        footer_links=["api"],
        show_error=False,
        i18n=UI_I18N,
        app_kwargs={"middleware": [Middleware(KoreanPage)]},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
