"""Conversations through the API of a live `python app.py` (gradio_client): `/ask` writes every turn
into the conversation store, `/history` and `/export` read it back, and both, like the follow-up
context, survive an app restart."""

from __future__ import annotations

import shutil
import uuid

import pytest

from tests.conftest import running_app

gradio_client = pytest.importorskip("gradio_client")

FIGURE = "의정 정보화 지원 사업 예산현액은 얼마예요?"
FOLLOW_UP = "그 항목 집행률은요?"


@pytest.fixture(scope="module")
def client(live_app):
    return gradio_client.Client(live_app.url, verbose=False)


def ask(client, question: str, session: str) -> dict:
    return client.predict(question, session, api_name="/ask")


def fresh_id() -> str:
    return f"기록-{uuid.uuid4().hex[:12]}"


def test_every_turn_asked_through_ask_is_in_its_history(client):
    sid = fresh_id()
    first, second = ask(client, FIGURE, sid), ask(client, FOLLOW_UP, sid)
    assert first["session_id"] == sid == second["session_id"]

    history = client.predict(sid, api_name="/history")
    assert history["title"] == FIGURE, "titled by its first question"
    assert [t["question"] for t in history["turns"]] == [FIGURE, FOLLOW_UP]
    for turn, shown in zip(history["turns"], (first, second)):
        assert {"question", "answer", "citations"} <= set(turn)
        assert turn["answer"] == shown["answer"] and turn["citations"] == shown["citations"]
    cited = history["turns"][1]["citations"][0]
    assert "38.5" in cited["text"] and cited["title"] and cited["lines"][0] <= cited["lines"][1]


def test_history_of_an_unknown_id_is_refused_in_korean(client):
    for bad in ("없는-대화-id", "", "x" * 65):
        with pytest.raises(Exception) as err:
            client.predict(bad, api_name="/history")
        message = str(err.value)
        assert "대화" in message and "Traceback" not in message, message


def test_the_export_holds_every_answer_with_its_citation_text_title_and_lines(client):
    sid = fresh_id()
    answers = [ask(client, FIGURE, sid), ask(client, FOLLOW_UP, sid), ask(client, "의정모니터 운영 예산은 얼마예요?", sid)]
    md = client.predict(sid, api_name="/export")
    assert md.startswith(f"# {FIGURE}")
    for n, out in enumerate(answers, start=1):
        assert out["answer"] in md
        for c in out["citations"]:
            assert c["title"] in md
            assert f"({c['lines'][0]}–{c['lines'][1]}행)" in md or f"({c['lines'][0]}행)" in md
            for line in c["text"].splitlines():
                assert " | ".join(line.split("\t")).rstrip(" |") in md, line
    assert md.index("## 1.") < md.index("## 2.") < md.index("## 3.")


def test_history_and_the_follow_up_context_survive_an_app_restart(client, live_app, tmp_path_factory):
    sid = fresh_id()
    first = ask(client, FIGURE, sid)
    before = client.predict(sid, api_name="/history")

    # The app started again from the files the first one left: nothing of it in memory.
    base = tmp_path_factory.mktemp("restarted")
    shutil.copytree(live_app.index_dir, base / "index", ignore=shutil.ignore_patterns(".ingest.lock"))
    shutil.copytree(live_app.data_dir, base / "reports")
    with running_app(base, base / "index", base / "reports") as again:
        other = gradio_client.Client(again.url, verbose=False)
        assert other.predict(sid, api_name="/history") == before
        follow = ask(other, FOLLOW_UP, sid)
        assert "의정 정보화" in follow["rewritten_question"] and "38.5" in follow["answer"], follow
        after = other.predict(sid, api_name="/history")
    assert [t["question"] for t in after["turns"]] == [FIGURE, FOLLOW_UP]
    assert after["turns"][0]["answer"] == first["answer"]


def test_with_login_each_user_has_their_own_conversations_even_under_one_id(client, live_app, tmp_path_factory):
    without_login = fresh_id()
    ask(client, FIGURE, without_login)
    base = tmp_path_factory.mktemp("login")
    shutil.copytree(live_app.index_dir, base / "index", ignore=shutil.ignore_patterns(".ingest.lock"))
    shutil.copytree(live_app.data_dir, base / "reports")
    with running_app(base, base / "index", base / "reports",
                     {"ASSISTANT_AUTH": "kim:pw-kim,lee:pw-lee"}) as app:
        kim = gradio_client.Client(app.url, auth=("kim", "pw-kim"), verbose=False)
        lee = gradio_client.Client(app.url, auth=("lee", "pw-lee"), verbose=False)
        ask(kim, FIGURE, "공용-1")
        ask(lee, "의정모니터 운영 예산은 얼마예요?", "공용-1")
        assert "의정 정보화" in ask(kim, FOLLOW_UP, "공용-1")["rewritten_question"]
        assert "의정모니터" in ask(lee, FOLLOW_UP, "공용-1")["rewritten_question"]
        assert [t["question"] for t in kim.predict("공용-1", api_name="/history")["turns"]] == [FIGURE, FOLLOW_UP]
        assert [t["question"] for t in lee.predict("공용-1", api_name="/history")["turns"]] == [
            "의정모니터 운영 예산은 얼마예요?", FOLLOW_UP]
        with pytest.raises(Exception) as err:
            kim.predict(without_login, api_name="/history")
        assert "대화 기록에 없는" in str(err.value), "a conversation from before login is no one's"
