"""The page is Korean whatever the browser's language (assistant/korean_ui.py): served as
lang="ko", with Gradio's built-in labels in Korean; the API passes through untouched."""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, JSONResponse, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.korean_ui import FIXED_ENGLISH, KOREAN_LABELS, PAGE_SCRIPT, UI_I18N, KoreanPage, koreanize_page

PAGE = '<!doctype html>\n<html\n\tlang="en"\n\tstyle="margin: 0">\n\t<head>\n<meta charset="utf-8" /></head>' \
       '<body><gradio-app></gradio-app></body></html>'


def test_the_app_page_is_served_as_korean_with_the_language_pinned_before_gradio_starts():
    page = koreanize_page(PAGE.encode()).decode()
    assert '\tlang="ko"' in page and 'lang="en"' not in page
    head = page.index("<head>") + len("<head>")
    assert page[head:].startswith("<script>"), "first in <head>, before any Gradio script"
    assert 'pin("language", "ko-KR")' in page
    assert koreanize_page(page.encode()).decode() == page, "rewriting twice changes nothing"
    other = b'<html lang="en"><head></head><body>API docs</body></html>'
    assert koreanize_page(other) == other, "only the app page"


def test_the_built_in_labels_have_korean():
    assert UI_I18N.translations_dict == {"ko": KOREAN_LABELS}
    assert KOREAN_LABELS["chatbot"]["copy_message"] == "답 복사"
    for english in ("Toggle Sidebar", "Copy", "Liked", "Disliked", "Click to upload or drop files"):
        assert english in FIXED_ENGLISH
    assert all(not any("a" <= ch.lower() <= "z" for ch in korean) for korean in FIXED_ENGLISH.values())
    words = json.loads(PAGE_SCRIPT.split("const words = ", 1)[1].split(";\n", 1)[0])
    assert words == FIXED_ENGLISH


def test_the_middleware_rewrites_the_page_only():
    async def page(request):
        return HTMLResponse(PAGE)

    async def api(request):
        return JSONResponse({"html": '<html lang="en"><gradio-app>'})

    async def stream(request):
        async def chunks():
            yield b"data: 1\n\n"
            yield b"data: 2\n\n"
        return StreamingResponse(chunks(), media_type="text/event-stream")

    app = Starlette(routes=[Route("/", page), Route("/api", api), Route("/stream", stream)],
                    middleware=[Middleware(KoreanPage)])
    with TestClient(app) as client:
        r = client.get("/")
        assert 'lang="ko"' in r.text and int(r.headers["content-length"]) == len(r.content)
        assert client.get("/api").json() == {"html": '<html lang="en"><gradio-app>'}
        assert client.get("/stream").text == "data: 1\n\ndata: 2\n\n"
        assert client.post("/").status_code == 405
