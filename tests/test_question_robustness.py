"""A question is answered as written, whatever surrounds it, and a column is the one it names.

Noise around a valid question (markup, an SQL-looking tail, terminal escapes, zero-width and bidi
characters) changes nothing in the answer; a column label in a table of thousands of columns is
matched whole ('열1999' is never '열1' or '열19')."""

from __future__ import annotations

import pytest

CLEAN = "의정모니터 운영 집행액은?"


@pytest.mark.parametrize("noisy", [
    f"<script>alert(1)</script>{CLEAN}",
    f"{CLEAN}'; DROP TABLE cells; --",
    f"\x1b[31m{CLEAN}\x1b[0m",
    f"\u200b{CLEAN}\u200b",
    f"\u202e{CLEAN}\u202c",
    f"<b>{CLEAN}</b>\ufeff",
    f"{CLEAN[:4]}\u200d{CLEAN[4:]}",
])
def test_noise_around_a_valid_question_changes_nothing(engine, noisy):
    clean = engine.ask(CLEAN)
    ans = engine.ask(noisy)
    assert not clean.abstained
    assert ans.answer == clean.answer, (noisy, ans.answer)
    assert [c.lines for c in ans.citations] == [c.lines for c in clean.citations]


def _wide_report(n_columns: int) -> str:
    head = "| 사업명 | " + " | ".join(f"열{j}" for j in range(1, n_columns + 1)) + " |"
    sep = "|" + "---|" * (n_columns + 1)
    rows = [f"| {name} | " + " | ".join(f"{(r + 1) * 100000 + j * 7:,}" for j in range(1, n_columns + 1)) + " |"
            for r, name in enumerate(["시범사업 운영", "표본조사 지원"])]
    return "\n".join(["# 서울특별시 시험담당관 주요업무보고", "", "## 예산 현황", "", "(단위 : 천원)", "",
                      head, sep, *rows, ""])


@pytest.fixture(scope="module")
def wide_engine(tmp_path_factory):
    from assistant.qa.pipeline import Engine
    from ingest.pipeline import ingest
    from ingest.settings import load_settings

    root = tmp_path_factory.mktemp("wide")
    (root / "data").mkdir()
    (root / "data" / "wide.md").write_text(_wide_report(2000), encoding="utf-8")
    settings = load_settings(root / "index")
    ingest([root / "data"], settings=settings, progress=False)
    return Engine.load(settings)


@pytest.mark.parametrize("column", [1, 2, 19, 20, 199, 200, 1000, 1999, 2000])
@pytest.mark.parametrize("row, base", [("시범사업 운영", 100000), ("표본조사 지원", 200000)])
def test_a_column_of_a_2000_column_table_is_the_one_named_whole(wide_engine, row, base, column):
    ans = wide_engine.ask(f"{row} 열{column} 예산은 얼마예요?")
    assert f"{base + column * 7:,}천원" in ans.answer, ans.answer
    assert [f.value for f in ans.figures] == [base + column * 7]
