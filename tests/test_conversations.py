"""Conversations that last (assistant/history.py, a real SQLite file) and their Markdown export
(assistant/conversation_export.py): what staff asked and were shown is kept whole, per user, and
comes back after the app is gone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from assistant.conversation_export import conversation_markdown, export_file_name
from assistant.history import ConversationLog, history_path
from ingest.settings import load_settings

BUDGET_ROW = "의정 정보화 지원\t545,239\t210,133\t38.5"


def record(question: str, answer: str, text: str = BUDGET_ROW, title: str = "서울특별시의회사무처 2021년 주요업무보고",
           lines=(494, 500), **extra) -> dict:
    """An answer as the app stores it: `ask --json` plus the question."""
    return {"question": question, "answer": answer, "abstained": False, "rewritten_question": question,
            "citations": [{"doc": "000.txt", "title": title, "section": "예산현황", "lines": list(lines), "text": text,
                           "table": "000.txt#t18", "highlight": [lines[1]]}],
            "figures": [{"value": 545239.0, "unit": "천원", "row": "의정 정보화 지원", "line": lines[1]}], **extra}


def test_a_turn_comes_back_whole_from_the_file_in_the_index_folder(tmp_path):
    settings = load_settings(tmp_path / "index")
    ConversationLog.for_settings(settings).add_turn("", "c1", record("의정 정보화 지원 예산현액은?", "545,239천원입니다 [1]."))

    again = ConversationLog(history_path(settings))  # another process, after a restart
    assert history_path(settings) == settings.index_dir / "conversations.sqlite"
    [turn] = again.turns("", "c1")
    assert (turn.n, turn.question, turn.answer) == (1, "의정 정보화 지원 예산현액은?", "545,239천원입니다 [1].")
    cited = turn.citations[0]
    assert cited["text"] == BUDGET_ROW and cited["title"].startswith("서울특별시의회사무처") and cited["lines"] == [494, 500]
    assert turn.record["figures"][0]["value"] == 545239.0, "the whole answer is kept, to redraw it"
    assert turn.to_json() == {"question": turn.question, "answer": turn.answer, "citations": turn.citations}


def test_a_conversation_is_titled_by_its_first_question_and_listed_newest_first(tmp_path):
    log = ConversationLog(tmp_path / "c.sqlite")
    log.add_turn("", "old", record("의정모니터 운영 예산은?", "82,980천원"))
    log.add_turn("", "new", record("화상회의시스템 구축 집행률은? " + "아주 긴 질문 " * 10, "…"))
    log.add_turn("", "new", record("그 항목 예산은?", "…"))
    listed = log.conversations("")
    assert [c.id for c in listed] == ["new", "old"]
    assert listed[0].turns == 2 and listed[1].turns == 1
    assert listed[0].title.startswith("화상회의시스템 구축 집행률은?") and listed[0].title.endswith("…")
    assert len(listed[0].title) <= 40
    assert listed[1].title == "의정모니터 운영 예산은?", "a follow-up does not retitle it"

    log.add_turn("", "old", record("그 항목 집행률은요?", "61.8%"))
    assert [c.id for c in log.conversations("")] == ["old", "new"], "asking again moves it to the top"


def test_rename_and_delete(tmp_path):
    log = ConversationLog(tmp_path / "c.sqlite")
    log.add_turn("", "c1", record("의정 정보화 지원 예산현액은?", "545,239천원"))
    assert log.rename("", "c1", "  정보화   예산 검토  ")
    assert log.summary("", "c1").title == "정보화 예산 검토"
    assert not log.rename("", "c1", "   "), "an empty name is refused"
    assert not log.rename("", "없는대화", "이름")

    assert log.delete("", "c1")
    assert log.turns("", "c1") == [] and log.conversations("") == [] and log.summary("", "c1") is None
    assert not log.delete("", "c1")
    log.add_turn("", "c1", record("새 질문", "답"))  # the id may start over, from turn 1
    assert [t.n for t in log.turns("", "c1")] == [1]


def test_users_never_see_each_others_conversations_even_with_the_same_id(tmp_path):
    log = ConversationLog(tmp_path / "c.sqlite")
    log.add_turn("kim", "공용", record("김 주무관의 질문", "답 1"))
    log.add_turn("lee", "공용", record("이 주무관의 질문", "답 2"))
    assert [t.question for t in log.turns("kim", "공용")] == ["김 주무관의 질문"]
    assert [t.question for t in log.turns("lee", "공용")] == ["이 주무관의 질문"]
    assert log.turns("", "공용") == [], "without login, no one's"
    assert not log.delete("lee", "없는") and log.delete("lee", "공용")
    assert [c.title for c in log.conversations("kim")] == ["김 주무관의 질문"]


def test_turns_written_at_once_by_many_users_are_all_kept_in_order(tmp_path):
    log = ConversationLog(tmp_path / "c.sqlite")

    def ask(i: int) -> None:
        log.add_turn(f"user{i % 4}", "같은-id", record(f"질문 {i}", f"답 {i} " + "가" * 3000))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(ask, range(48)))
    for u in range(4):
        turns = log.turns(f"user{u}", "같은-id")
        assert [t.n for t in turns] == list(range(1, 13)), "numbered without gaps or repeats"
        assert sorted(int(t.question.split()[1]) for t in turns) == list(range(u, 48, 4))


def test_the_markdown_export_holds_every_answer_with_its_cited_text_title_and_lines(tmp_path):
    log = ConversationLog(tmp_path / "c.sqlite")
    log.add_turn("", "c1", record("의정 정보화 지원 예산현액은?", "545,239천원(약 5억 4,524만원)입니다 [1]."))
    log.add_turn("", "c1", record("그 항목 집행률은요?", "38.5%입니다 [1].",
                                  rewritten_question="의정 정보화 지원 집행률은요?"))
    refusal = record("없는 사업 예산은?", "보고서에서 해당 정보를 찾지 못했습니다.", abstained=True)
    refusal["related"], refusal["citations"] = refusal["citations"], []
    log.add_turn("", "c1", refusal)

    md = conversation_markdown("정보화 예산", log.turns("", "c1"), "c1", exported_at=datetime(2026, 12, 2, 9, 30))
    assert md.startswith("# 정보화 예산\n") and "2026-12-02 09:30" in md and "질문 3개" in md
    for heading, answer in (("## 1. 의정 정보화 지원 예산현액은?", "545,239천원(약 5억 4,524만원)입니다 [1]."),
                            ("## 2. 그 항목 집행률은요?", "38.5%입니다 [1]."),
                            ("## 3. 없는 사업 예산은?", "보고서에서 해당 정보를 찾지 못했습니다.")):
        assert heading in md and answer in md
    assert "(질문 해석: 의정 정보화 지원 집행률은요?)" in md
    assert md.count("[1] 서울특별시의회사무처 2021년 주요업무보고 › 예산현황 (494–500행)") == 3
    assert md.count("의정 정보화 지원 | 545,239 | 210,133 | 38.5") == 3, "each cited row, its cells apart"
    assert "**참고 자료**" in md, "a refusal exports the passages it showed"


def test_report_text_stays_literal_in_the_export():
    from assistant.history import Turn

    text = "## 2. 추진계획\n**중점** ~2/4분기\n```코드처럼 보이는 줄```"
    turn = Turn(1, "추진계획은?", "답 [1]", record("추진계획은?", "답", text=text)["citations"], {}, "")
    md = conversation_markdown("t", [turn])
    fence = md[md.index("text\n## 2.") - 4:md.index("text\n## 2.")]
    assert fence == "````", "a longer fence than any run of backticks in the report"
    assert "\n## 2. 추진계획\n**중점** ~2/4분기\n" in md


def test_the_download_is_named_after_the_conversation():
    assert export_file_name("정보화 예산: 검토/비교?") == "대화-정보화_예산_검토_비교.md"
    assert export_file_name("...") == "대화-대화.md"
