"""The web app, end to end through gradio_client against a live `python app.py`: the `/ask` and
`/source` APIs, follow-ups per session, eight users at once, uploads, and start-up safety."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import ROOT

gradio_client = pytest.importorskip("gradio_client")


@pytest.fixture(scope="module")
def client(live_app):
    return gradio_client.Client(live_app.url, verbose=False)


def ask(client, question: str, session: str = "") -> dict:
    return client.predict(question, session, api_name="/ask")


def test_ask_returns_the_figure_with_its_table_row_cited(client):
    out = ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?")
    assert "545,239" in out["answer"] and "[1]" in out["answer"]
    first = out["citations"][0]
    assert "545,239" in first["text"] and first["table"]
    assert out["session_id"], "the reply names the session to continue"
    # the same JSON keys as `python -m assistant ask --json`
    for key in ("answer", "abstained", "citations", "figures", "rewritten_question", "intent", "related", "notes"):
        assert key in out


def test_a_follow_up_uses_its_own_session_and_no_other(client):
    a = ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?")
    b = ask(client, "의정모니터 운영 예산은 얼마예요?")
    a2 = ask(client, "그 항목 집행률은요?", a["session_id"])
    assert "의정 정보화" in a2["rewritten_question"]
    assert "38.5" in a2["answer"]
    b2 = ask(client, "그 항목 집행률은요?", b["session_id"])
    assert "의정 정보화" not in b2["rewritten_question"]
    assert "의정모니터" in b2["rewritten_question"]
    fresh = ask(client, "그 항목 집행률은요?")  # no session: nothing to lean on
    assert "의정 정보화" not in fresh["rewritten_question"]


def test_eight_users_at_once_each_get_their_own_correct_answers(client, live_app):
    topics = [
        ("의정 정보화 지원 사업 예산현액은 얼마예요?", "545,239"),
        ("의정모니터 운영 예산은 얼마예요?", None),
        ("시장비서실 업무추진비는 보고서마다 얼마였나요?", None),
        ("화상회의시스템 구축 집행률은?", None),
    ] * 2
    # answers asked one at a time are the reference
    expected = [ask(client, q)["answer"] for q, _ in topics]

    def user(i: int):
        own = gradio_client.Client(live_app.url, verbose=False)
        q, _ = topics[i]
        first = own.predict(q, "", api_name="/ask")
        follow = own.predict("그 항목 집행률은요?", first["session_id"], api_name="/ask")
        return first, follow

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(user, range(8)))
    for i, (first, follow) in enumerate(results):
        assert first["answer"] == expected[i]
        if topics[i][1]:
            assert topics[i][1] in first["answer"]
        # each follow-up is read against its own user's question
        topic_word = topics[i][0].split()[0]
        assert topic_word in follow["rewritten_question"], (topics[i][0], follow["rewritten_question"])
    assert len({f["session_id"] for f, _ in results}) == 8


def test_source_opens_the_cited_lines_of_an_ingested_report_only(client):
    out = ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?")
    c = out["citations"][0]
    src = client.predict(c["doc"], c["lines"][0], c["lines"][1], c.get("table", ""),
                         ",".join(map(str, c.get("highlight", []))), api_name="/source")
    marked = [ln for ln in src["lines"] if ln["highlight"]]
    assert marked and any("545,239" in ln["text"] for ln in marked)
    assert len(src["lines"]) > len(marked), "a few lines of context around the cited ones"
    assert src["cells"] == [] or all(cell["unit"] for cell in src["cells"])
    assert 'class="hl' in src["html"]
    for bad in ("../../etc/passwd", "/etc/passwd", str(ROOT / "pyproject.toml"), "없는문서.txt"):
        with pytest.raises(Exception) as err:
            client.predict(bad, 1, 3, "", "", api_name="/source")
        assert "색인에 없는 문서" in str(err.value)
    with pytest.raises(Exception) as err:
        client.predict(c["doc"], 999999, 1000000, "", "", api_name="/source")
    assert "행이 없습니다" in str(err.value)


NEW_REPORT = """서울특별시 시민안전실 2023년 주요업무보고
(2023. 2. 10.)

Ⅰ. 일반현황
1. 예산현황
('23.1.31. 기준 / 단위:천원)
사업명\t예산액\t집행액
도시침수 예방사업\t9,876,543\t1,234,567
지진 대비 시설 보강\t2,468,135\t135,790
"""


def test_an_uploaded_report_is_answerable_at_once(client, live_app, tmp_path):
    path = tmp_path / "../시민안전실 보고서 (2023).txt"
    path = tmp_path / "시민안전실 보고서 (2023).txt"
    path.write_text(NEW_REPORT, encoding="cp949")  # a legacy encoding, as old reports are saved
    status, table, *_ = client.predict([gradio_client.handle_file(str(path))], api_name="/upload")
    assert "추가했습니다" in status, status
    assert any("시민안전실" in " ".join(map(str, row)) for row in table["data"])
    assert (live_app.data_dir / "시민안전실 보고서 (2023).txt").exists()
    out = ask(client, "도시침수 예방사업 예산액은 얼마예요?")
    assert "9,876,543" in out["answer"]
    assert out["citations"][0]["doc"] == "시민안전실 보고서 (2023).txt"


def test_a_bad_upload_is_refused_in_korean_and_the_app_keeps_answering(client, live_app, tmp_path):
    bad = tmp_path / "악성.exe"
    bad.write_bytes(b"MZ\x90\x00" * 100)
    hwp = tmp_path / "옛보고서.hwp"
    hwp.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    empty = tmp_path / "빈파일.txt"
    empty.write_bytes(b"")
    before = sorted(p.name for p in live_app.data_dir.iterdir())
    status, *_ = client.predict([gradio_client.handle_file(str(p)) for p in (bad, hwp, empty)], api_name="/upload")
    assert "지원하지 않는 형식" in status and "HWPX" in status and "빈 파일" in status, status
    assert sorted(p.name for p in live_app.data_dir.iterdir()) == before, "nothing bad is saved"
    assert "545,239" in ask(client, "의정 정보화 지원 사업 예산현액은 얼마예요?")["answer"]


def test_the_app_refuses_to_listen_beyond_this_machine_without_users():
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("ASSISTANT_AUTH")}
    proc = subprocess.run([sys.executable, str(ROOT / "app.py"), "--host", "0.0.0.0", "--port", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "로그인이 필요합니다" in proc.stderr and "ASSISTANT_AUTH" in proc.stderr


def test_users_come_from_the_environment_or_a_file_and_are_checked_exactly(tmp_path):
    from assistant.access import AccessConfigError, authenticator, load_users, refuse_reason

    f = tmp_path / "users.txt"
    f.write_text("# 직원\nkim:비밀1\nlee:pw2\n", encoding="utf-8")
    users = load_users({"ASSISTANT_AUTH": "admin:secret", "ASSISTANT_AUTH_FILE": str(f)})
    assert users == {"admin": "secret", "kim": "비밀1", "lee": "pw2"}
    check = authenticator(users)
    assert check("kim", "비밀1") and not check("kim", "비밀") and not check("nobody", "") and not check("", "")
    assert refuse_reason("0.0.0.0", {}) and refuse_reason("0.0.0.0", users) is None
    assert refuse_reason("127.0.0.1", {}) is None and refuse_reason("::1", {}) is None
    with pytest.raises(AccessConfigError):
        load_users({"ASSISTANT_AUTH": "no-colon"})
    with pytest.raises(AccessConfigError):
        load_users({"ASSISTANT_AUTH_FILE": str(tmp_path / "missing.txt")})


def test_upload_names_are_made_safe():
    from assistant.uploads import sanitize_filename

    assert sanitize_filename("../../etc/passwd") == "passwd"
    assert sanitize_filename("C:\\Users\\x\\보고서 2023.TXT") == "보고서 2023.txt"
    assert sanitize_filename(".hidden.md") == "hidden.md"
    assert sanitize_filename("a;rm -rf $HOME.txt") == "a_rm -rf _HOME.txt"
    assert sanitize_filename("") == "보고서"
    long = sanitize_filename("가" * 300 + ".pdf")
    assert long.endswith(".pdf") and len(long) <= 100
