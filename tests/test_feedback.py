"""Feedback: what staff rate in the app becomes the start of a new question set."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from assistant.feedback import append_feedback, export_skeleton, read_feedback
from ingest.settings import load_settings
from tests.conftest import ROOT

QUESTION_SET_FIELDS = {"id", "type", "question", "answer", "numbers", "unit", "doc", "evidence", "notes", "difficulty"}


def _rating(question, rating, answer="답", rewritten=None, doc="000.txt", time="2026-11-30T10:00:00"):
    return {"time": time, "rating": rating, "question": question, "rewritten_question": rewritten or question,
            "answer": answer, "citations": [{"doc": doc, "lines": [3, 4], "text": f"{question}의 근거 줄"}]}


def test_ratings_from_many_users_at_once_are_whole_lines(tmp_path):
    settings = load_settings(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: append_feedback(settings, _rating(f"질문 {i} " + "가" * 2000, "down")), range(64)))
    log = read_feedback(settings.feedback_path)
    assert len(log.records) == 64 and log.skipped_lines == []


def test_only_disliked_answers_are_exported_and_the_latest_rating_wins():
    records = [
        _rating("의정 정보화 지원 예산은?", "down", answer="545,239천원"),
        _rating("업무추진비는?", "up"),
        _rating("화상회의 예산은?", "down"),
        _rating("화상회의 예산은?", "up"),  # changed their mind: no longer a failure
    ]
    lines = export_skeleton(records)
    assert [line["question"] for line in lines] == ["의정 정보화 지원 예산은?"]
    line = lines[0]
    assert QUESTION_SET_FIELDS <= set(line)
    assert line["id"] == "fb001" and line["doc"] == "000.txt"
    assert line["answer"] == "확인 필요", "the gold answer is for a person to write"
    assert "545,239천원" in line["notes"], "the answer that was shown is kept for the reviewer"
    assert line["cited_candidates"] == ["의정 정보화 지원 예산은?의 근거 줄"]
    assert [line["question"] for line in export_skeleton(records, include_liked=True)] == [
        "의정 정보화 지원 예산은?", "업무추진비는?", "화상회의 예산은?"]


def test_a_follow_up_is_exported_as_the_question_it_was_read_as():
    line = export_skeleton([_rating("그 항목 집행률은요?", "down", rewritten="의정 정보화 지원 집행률은?")])[0]
    assert line["question"] == "의정 정보화 지원 집행률은?"
    assert "그 항목 집행률은요?" in line["notes"]


def test_export_command_writes_a_question_set_that_eval_can_load(tmp_path):
    settings = load_settings(tmp_path / "index")
    append_feedback(settings, _rating("의정 정보화 지원 예산은?", "down"))
    settings.feedback_path.open("a", encoding="utf-8").write("{망가진 줄\n")
    out = tmp_path / "fb.jsonl"
    cmd = [sys.executable, "-m", "assistant", "feedback", "export", "--index", str(tmp_path / "index"), "--out", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "2행을 읽지 못해" in done.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["question"] for x in lines] == ["의정 정보화 지원 예산은?"]

    from assistant.evaluate import load_questions
    assert load_questions(out)[0]["question"] == "의정 정보화 지원 예산은?"

    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 2 and "덮어쓰지 않습니다" in again.stderr, "an existing set is never overwritten"
