"""The command line says in Korean what is wrong with it (assistant/korean_args.py), and says so
when there is nothing to export rather than print nothing."""

from __future__ import annotations

import json
import re

import pytest

from assistant.cli import main
from assistant.korean_args import korean_message

ENGLISH = re.compile(r"error:|required|invalid|unrecognized|usage:|argument")


def failing(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert not ENGLISH.search(err), err
    return err


def test_ask_without_a_question_says_how_to_ask(capsys):
    err = failing(["ask"], capsys)
    assert "오류: 질문을 적어 주세요" in err and 'python -m assistant ask "' in err
    assert err.startswith("사용법: python -m assistant ask") and "python -m assistant ask --help" in err


def test_other_mistakes_are_explained_in_korean(capsys):
    assert "답을 쓸 파일을 --out으로 적어 주세요" in failing(["batch", "질문.jsonl"], capsys)
    assert "명령에 'asx'은(는) 쓸 수 없습니다" in failing(["asx", "질문"], capsys)
    assert "'ask'" in failing(["asx"], capsys), "the commands that exist are listed"
    assert "--scale의 값 'x'을(를) 정수(으)로 읽을 수 없습니다" in failing(["bench", "--scale", "x"], capsys)
    assert "알 수 없는 인자입니다: --bogus" in failing(["ask", "질문", "--bogus"], capsys)
    assert "python -m assistant feedback export" in failing(["feedback"], capsys)


def test_a_message_argparse_may_add_later_keeps_its_text_after_a_korean_lead():
    assert korean_message("something new") == "명령줄을 읽을 수 없습니다: something new"
    assert korean_message("the following arguments are required: a, b", {"a": "A를 적어 주세요."}) == \
        "꼭 필요한 인자가 빠졌습니다: a, b", "a hint for only some of them would hide the others"


def test_feedback_export_with_nothing_to_export_says_so(tmp_path, capsys):
    out = tmp_path / "fb.jsonl"
    assert main(["feedback", "export", "--index", str(tmp_path / "index"), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "내보낼 피드백이 없습니다" in captured.err and captured.out == ""
    assert not out.exists(), "no empty question set is written"

    liked = {"time": "2026-12-01T10:00:00", "rating": "up", "question": "의정 정보화 지원 예산은?", "answer": "…"}
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "feedback.jsonl").write_text(json.dumps(liked, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["feedback", "export", "--index", str(tmp_path / "index")]) == 0
    captured = capsys.readouterr()
    assert "내보낼 피드백이 없습니다: 👎 답변이 없습니다" in captured.err and "--all" in captured.err
    assert captured.out == ""
    assert main(["feedback", "export", "--all", "--index", str(tmp_path / "index")]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == "의정 정보화 지원 예산은?"


def test_the_readme_shows_the_real_error(capsys, monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps the usage to the terminal's width
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ .venv/bin/python -m assistant ask\n", 1)[1].split("```", 1)[0]
    assert failing(["ask"], capsys) == shown
