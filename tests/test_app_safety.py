"""The app under hostile but careful use, through its real API (gradio_client against a live
`python app.py`): uploads that name server files or links, conversation ids that differ only
after 64 characters, `/source` with nonsense inputs, and an upload that is a zip bomb."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from hostile import docx_bomb

gradio_client = pytest.importorskip("gradio_client")

PYTHON_SPEAK = re.compile(r"invalid literal|Exceeds the limit|Traceback|NoneType|object is not|unhashable|"
                          r"int\(\)|has raised an exception")


@pytest.fixture(scope="module")
def client(live_app):
    return gradio_client.Client(live_app.url, verbose=False)


def ask(client, question: str, session: str = "") -> dict:
    return client.predict(question, session, api_name="/ask")


def cited_texts(out: dict) -> str:
    return "\n".join(c["text"] for c in (out.get("citations") or []) + (out.get("related") or []))


# ---------------------------------------------------------------------- 1. the upload hole
def test_an_upload_that_names_a_server_file_or_a_link_indexes_nothing(client, live_app, tmp_path, monkeypatch):
    outside = tmp_path / "server-secret.md"
    outside.write_text("# 서버 파일\n서버에만 있는 비밀 문장 OUTSIDE-5521 입니다.\n", encoding="utf-8")
    # a file in Gradio's own upload folder that no one uploaded (another component's cache,
    # another process's file), and links inside that folder
    planted_dir = live_app.upload_dir / "planted"
    planted_dir.mkdir(parents=True, exist_ok=True)
    planted = planted_dir / "planted.md"
    planted.write_text("# 심어 둔 파일\n캐시에만 있는 비밀 문장 PLANTED-8812 입니다.\n", encoding="utf-8")
    (planted_dir / "link-in.md").symlink_to(planted)
    (planted_dir / "link-out.md").symlink_to(outside)
    before = sorted(p.name for p in live_app.data_dir.iterdir())

    # A client on another machine has none of these files: it names the path and uploads nothing
    # (gradio_client would otherwise upload its own copy of a local file, a legitimate upload).
    monkeypatch.setattr(gradio_client.client.Endpoint, "_upload_file", lambda self, f, data_index: f)
    statuses = {}
    for path in (outside, planted, planted_dir / "link-in.md", planted_dir / "link-out.md"):
        try:
            statuses[path.name] = client.predict([{"path": str(path), "meta": {"_type": "gradio.FileData"}}],
                                                 api_name="/upload")[0]
        except Exception as exc:  # Gradio itself refuses paths outside its upload folder
            statuses[path.name] = f"refused by Gradio: {exc}"
    monkeypatch.undo()

    assert sorted(p.name for p in live_app.data_dir.iterdir()) == before, statuses
    for name in ("planted.md", "link-in.md"):  # these pass Gradio's own check: ours refuses them
        assert "⚠️" in statuses[name] and re.search(r"[가-힣]", statuses[name]), statuses
    for secret in ("OUTSIDE-5521", "PLANTED-8812"):
        out = ask(client, f"{secret} 비밀 문장은 무엇인가요?")
        assert secret not in cited_texts(out)


# ---------------------------------------------------------------------- 2. conversation ids
def test_conversation_ids_that_share_their_first_64_characters_do_not_share_a_conversation(client):
    prefix = "팀-공용-대화-" + "x" * 60
    first, second = prefix + "-김주무관", prefix + "-이주무관"
    assert first[:64] == second[:64]
    try:
        ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?", first)
    except Exception as exc:  # refused: then it must say why, in Korean
        message = getattr(exc, "message", str(exc))
        assert "대화 id" in message and not PYTHON_SPEAK.search(message), message
        return
    follow = ask(client, "그 항목 집행률은요?", second)
    assert "의정 정보화" not in follow["rewritten_question"], follow["rewritten_question"]


def test_ids_up_to_64_characters_keep_their_own_conversations(client):
    a, b = "y" * 63 + "1", "y" * 63 + "2"
    ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?", a)
    ask(client, "의정모니터 운영 예산은 얼마예요?", b)
    assert "의정 정보화" in ask(client, "그 항목 집행률은요?", a)["rewritten_question"]
    assert "의정모니터" in ask(client, "그 항목 집행률은요?", b)["rewritten_question"]


# ---------------------------------------------------------------------- 9. /source inputs
BAD_SOURCE_INPUTS = {
    "a line that is not a number": ("{doc}", "abc", 3, "", ""),
    "a 20,000-digit highlight": ("{doc}", 1, 3, "", "9" * 20_000),
    "a negative line": ("{doc}", -5, 3, "", ""),
    "a zero line": ("{doc}", 0, 0, "", ""),
    "a reversed range": ("{doc}", 10, 3, "", ""),
    "a huge range": ("{doc}", 1, 10**30, "", ""),
    "a huge first line": ("{doc}", 10**30, 10**30 + 5, "", ""),
    "a fractional line": ("{doc}", 1.5, 3, "", ""),
    "a line given as a list": ("{doc}", [1], 3, "", ""),
    "a missing document": (None, 1, 3, "", ""),
    "a document id that is a number": (123, 1, 3, "", ""),
    "a table id that is an object": ("{doc}", 1, 3, {"id": 1}, ""),
    "a highlight of words": ("{doc}", 1, 3, "", "첫째 줄"),
    "ten thousand highlights": ("{doc}", 1, 3, "", ",".join(["2"] * 10_000)),
    "a path for a document": ("../../etc/passwd", 1, 3, "", ""),
}


@pytest.mark.parametrize("case", list(BAD_SOURCE_INPUTS))
def test_source_answers_bad_inputs_with_a_korean_error(client, case):
    doc = "000_acfb0ae351bc7fb8.txt"
    args = [a.format(doc=doc) if isinstance(a, str) else a for a in BAD_SOURCE_INPUTS[case]]
    with pytest.raises(Exception) as err:
        client.predict(*args, api_name="/source")
    message = getattr(err.value, "message", str(err.value))
    assert re.search(r"[가-힣]", message) and not PYTHON_SPEAK.search(message), f"{case}: {message[:300]}"
    assert len(message) < 400, "the error names the problem, it does not echo the input"


def test_source_still_serves_good_inputs(client):
    src = client.predict("000_acfb0ae351bc7fb8.txt", 498, 500, "", "500", api_name="/source")
    assert [ln["n"] for ln in src["lines"] if ln["highlight"]] == [500]


# ---------------------------------------------------------------------- 3. an upload bomb
def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_an_uploaded_zip_bomb_is_refused_in_korean_quickly_without_the_app_growing(client, live_app, tmp_path):
    bomb = docx_bomb(tmp_path / "폭탄 보고서.docx", 1_200_000)  # ~170 KB, ~1.2 million paragraphs
    before = sorted(p.name for p in live_app.data_dir.iterdir())
    peak_before = _peak_rss_mb(live_app.pid)
    started = time.perf_counter()
    job = client.submit([gradio_client.handle_file(str(bomb))], api_name="/upload")
    status = job.result(timeout=120)[0]
    seconds = time.perf_counter() - started
    grown = _peak_rss_mb(live_app.pid) - peak_before
    print(f"\nupload bomb {bomb.stat().st_size:,} bytes: refused in {seconds:.1f} s, "
          f"app peak memory grew {grown:.0f} MB: {status!r}")
    assert "⚠️" in status and "너무 깁니다" in status, status
    assert sorted(p.name for p in live_app.data_dir.iterdir()) == before
    assert seconds < 60
    assert grown < 200, "the app process never parses an upload itself"
    assert "545,239" in ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?")["answer"]


def test_the_upload_guard_accepts_only_received_regular_files_inside_the_upload_folder(tmp_path):
    from assistant.upload_guard import received_files

    uploads, elsewhere = tmp_path / "uploads", tmp_path / "elsewhere"
    (uploads / "abc").mkdir(parents=True)
    elsewhere.mkdir()
    good = uploads / "abc" / "보고서.txt"
    good.write_text("보고서", encoding="utf-8")
    planted = uploads / "abc" / "planted.txt"
    planted.write_text("심은 파일", encoding="utf-8")
    (elsewhere / "x.txt").write_text("밖", encoding="utf-8")
    (uploads / "linked").symlink_to(elsewhere)  # a linked folder on the way
    (uploads / "abc" / "link.txt").symlink_to(good)
    received = {str(good), str(uploads / "linked" / "x.txt"), str(uploads / "abc" / "link.txt")}
    asked = [str(good), str(planted), str(uploads / "linked" / "x.txt"), str(uploads / "abc" / "link.txt"),
             str(elsewhere / "x.txt"), str(uploads / "abc" / ".." / ".." / "elsewhere" / "x.txt"), str(uploads)]
    accepted, refused = received_files(asked, uploads, received)
    assert accepted == [good]
    assert len(refused) == len(asked) - 1 and all(re.search(r"[가-힣]", m) for m in refused)
