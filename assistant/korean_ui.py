"""The page speaks Korean whatever the browser's language: `<html lang="ko">`, and Gradio's own
buttons (copy, like, dislike, clear, the upload area) in Korean.

Gradio picks the language of its built-in labels from `navigator.language`, and its Korean
catalogue lacks a few of them ("Copy message"). The reports, answers and every label of ours are
Korean, so a browser set to English would show a Korean page with English buttons. Two pieces:

- `UI_I18N`: Korean for the built-in labels that Gradio's Korean catalogue lacks (`gr.I18n`);
- `KoreanPage`: an ASGI middleware that serves the page as `lang="ko"` (screen readers and the
  browser's own spell checking and fonts follow it) and makes the page read the browser's language
  as Korean before Gradio starts, so Gradio's Korean catalogue and `UI_I18N` are the ones used;
  the few labels Gradio writes in English with no catalogue key get Korean as they are drawn.
"""

from __future__ import annotations

import json
import re

import gradio as gr

# Keys of Gradio's frontend catalogue (gradio/templates/frontend/assets/ko-*.js) that it has no
# Korean for. Keys it has in Korean cannot be replaced this way: its catalogue is merged last.
KOREAN_LABELS = {
    "chatbot": {
        "copy_message": "답 복사",
        "copied_message": "복사했습니다",
        "complete": "완료",
    },
    "common": {
        "download_all": "모두 내려받기",
        "runs": "실행 기록",
        "runs_description": "이 브라우저에 저장된 실행 기록",
        "back_to_app": "앱",
        "back_to_app_description": "앱으로 돌아가기",
        "progress": "진행",
        "record": "녹음",
        "stop_recording": "녹음 중지",
        "run": "실행",
    },
    "status": {"queue_position": "대기 순서: {size}개 중 {position}번째"},
    "chat_interface": {"new_chat": "새 대화", "message_placeholder": "질문을 입력하세요…",
                       "chatbot": "대화", "conversation": "대화"},
}

UI_I18N = gr.I18n(ko=KOREAN_LABELS)

# Labels that Gradio writes in English whatever the language (no catalogue key), on the components
# this app uses: the sidebar and tab-overflow buttons, copy and full-screen buttons, the state of a
# rated answer, the upload list.
FIXED_ENGLISH = {
    "Toggle Sidebar": "대화 목록 열기·닫기",
    "More tabs": "탭 더 보기",
    "Copy": "복사",
    "Copied": "복사했습니다",
    "Copied!": "복사했습니다",
    "Copy conversation": "대화 복사",
    "Copied conversation": "대화를 복사했습니다",
    "Liked": "좋아요 누름",
    "Disliked": "싫어요 누름",
    "Share": "공유",
    "Download": "내려받기",
    "Clear": "지우기",
    "Close": "닫기",
    "Dismiss": "닫기",
    "Fullscreen": "전체 화면",
    "View full screen": "전체 화면으로 보기",
    "Exit fullscreen mode": "전체 화면 닫기",
    "Close full screen": "전체 화면 닫기",
    "Copy table data": "표 복사",
    "Copied to clipboard": "복사했습니다",
    "Table actions": "표 메뉴",
    "Open cell menu": "칸 메뉴 열기",
    "Upload file": "파일 올리기",
    "Upload a file": "파일 올리기",
    "File upload": "파일 올리기",
    "Uploaded files": "올린 파일",
    "Uploading": "올리는 중",
    "Click to upload or drop files": "눌러서 올리거나 파일을 끌어다 놓으세요",
    "Paste from clipboard": "클립보드에서 붙여넣기",
    "chatbot conversation": "대화",
    "Empty value": "빈 값",
    "Remove file": "파일 빼기",
    "Remove this file": "이 파일 빼기",
    "Scroll down": "아래로 가기",
    "Loading response": "답을 불러오는 중",
    "Resize sidebar": "대화 목록 폭 조절",
}

_HTML_LANG = re.compile(rb'(<html\b[^>]*?\blang=")[^"]*(")')
_HEAD = re.compile(rb"<head\b[^>]*>")
# First thing in <head>, before Gradio's scripts: Gradio reads navigator.language once, when it
# starts, to choose its catalogue. The observer puts Korean on the fixed English labels as Gradio
# draws them (the chat redraws its buttons with every message).
PAGE_SCRIPT = """<script>(() => {
  const pin = (name, value) => Object.defineProperty(navigator, name, { get: () => value, configurable: true });
  pin("language", "ko-KR");
  pin("languages", ["ko-KR", "ko"]);
  const words = %s;
  const fix = (el) => {
    for (const name of ["aria-label", "title"]) {
      const value = el.getAttribute(name);
      if (value && Object.hasOwn(words, value)) el.setAttribute(name, words[value]);
    }
  };
  const sweep = (node) => {
    if (node.nodeType !== 1) return;
    fix(node);
    node.querySelectorAll("[aria-label], [title]").forEach(fix);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") fix(change.target);
      else change.addedNodes.forEach(sweep);
    }
  }).observe(document.documentElement,
             { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"] });
})();</script>""" % json.dumps(FIXED_ENGLISH, ensure_ascii=False)


def koreanize_page(html: bytes) -> bytes:
    """The app page with lang="ko" and the language pin; other HTML is returned as it is."""
    if b"<gradio-app" not in html:
        return html
    html = _HTML_LANG.sub(rb"\1ko\2", html, count=1)
    head = _HEAD.search(html)
    script = PAGE_SCRIPT.encode("utf-8")
    if head and script not in html:
        html = html[:head.end()] + script + html[head.end():]
    return html


class KoreanPage:
    """ASGI middleware: rewrites the app page (an uncompressed text/html response); everything else,
    the API and the event stream included, passes through untouched and unbuffered."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        held: dict = {}
        chunks: list[bytes] = []

        async def send_page(message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers") or []
                html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
                encoded = any(k.lower() == b"content-encoding" for k, _ in headers)
                if html and not encoded:
                    held["start"] = message
                    return
                await send(message)
                return
            if message["type"] == "http.response.body" and "start" in held:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = koreanize_page(b"".join(chunks))
                start = held.pop("start")
                headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, send_page)
