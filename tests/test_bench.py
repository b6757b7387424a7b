"""The benchmark: the synthetic corpus behind the scale curve, the naive baseline, latency
summaries, the switch that turns table QA off, and the JSON / docs the command writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.synthetic import city_names, generate, scale_numbers

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
PLAIN_NUMBER = re.compile(r"^[△Δ\-]?\s*\d[\d,]*(?:\.\d+)?\s*(?:\(\s*[\d,.]+%?\s*\))?\s*%?$")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # 10 reports: every source twice, with factors 2 and 3
    return generate(REPORTS, tmp_path_factory.mktemp("synthetic"), 10, seed=0)


@pytest.fixture(scope="module")
def parsed(corpus):
    from ingest.pipeline import parse_document

    sources = {p.name: parse_document(p, p.name) for p in sorted(REPORTS.iterdir())}
    generated = {r.doc_id: parse_document(corpus.reports_dir / r.doc_id, r.doc_id) for r in corpus.reports}
    return sources, generated


# ---------------------------------------------------------------- rewriting one line


@pytest.mark.parametrize("line, factor, shift, expected", [
    ("□ 인력현황 : 정원 343명, 현원 332명 (’21. 4. 25. 현재)", 2, -1, "□ 인력현황 : 정원 686명, 현원 664명 (’20. 4. 25. 현재)"),
    ("의정 정보화 지원\t545,239\t210,133\t38.5", 3, 0, "의정 정보화 지원\t1,635,717\t630,399\t38.5"),
    ("계 341,200 127,576 (37.4%)", 2, 0, "계 682,400 255,152 (37.4%)"),
    ("계\t76조 2,131\t8,329", 2, 0, "계\t152조 4,262\t16,658"),
    ("예산 총 규모 : 1조 4,387억원", 3, 0, "예산 총 규모 : 4조 3,161억원"),
    ("Δ 11\t△1,234\t-9,020", 3, 0, "Δ 33\t△3,702\t-27,060"),
    ("임 기 : 2018. 7. 1 ~ 2022. 6. 30(4년)", 5, 3, "임 기 : 2021. 7. 1 ~ 2025. 6. 30(4년)"),
    ("2 0 2 1 . 5 . 3 . (월)", 2, -6, "2 0 1 5 . 5 . 3 . (월)"),
    ("제 3 0 0 회 임시회, 제3조의4, 5급 Δ1명, 코로나19, 1/4분기, 2050 탄소중립", 2, 1,
     "제 3 0 0 회 임시회, 제3조의4, 5급 Δ2명, 코로나19, 1/4분기, 2050 탄소중립"),
    ("1 주 요 기 능", 7, 0, "1 주 요 기 능"),
    ("- 위 원 : 9명(시의원3, 외부전문가4, 내부위원2)", 2, 0, "- 위 원 : 18명(시의원6, 외부전문가8, 내부위원4)"),
])
def test_a_line_keeps_dates_grades_and_rates_and_scales_quantities(line, factor, shift, expected):
    assert scale_numbers(line, factor, shift) == expected


def test_city_names_are_distinct_and_avoid_the_source_text():
    text = "\n".join(p.read_text(encoding="utf-8") for p in REPORTS.iterdir())
    names = city_names(200, seed=0, avoid=text)
    assert len(set(names)) == 200
    assert all(n.endswith("시") and n[:-1] not in text for n in names)
    assert city_names(10, seed=0, avoid=text) == names[:10]  # deterministic


# ---------------------------------------------------------------- the generated corpus


def test_every_report_is_issued_by_its_own_new_office(corpus, parsed):
    _, generated = parsed
    orgs = [r.rewrite.organization for r in corpus.reports]
    assert len(set(orgs)) == len(orgs)
    for r in corpus.reports:
        assert "서울" not in r.text
        assert r.rewrite.organization in r.text
        # the ingestion pipeline reads the new office from the cover, even for the source that never names its own
        meta = generated[r.doc_id].doc.metadata
        assert meta.organization == r.rewrite.organization and not meta.organization_inferred


def test_years_move_by_the_report_offset(corpus, parsed):
    sources, generated = parsed
    for r in corpus.reports:
        assert r.rewrite.year_shift != 0
        src, gen = sources[r.source].doc.metadata, generated[r.doc_id].doc.metadata
        assert src.as_of_dates and gen.as_of_dates
        assert int(gen.as_of_dates[0][:4]) == int(src.as_of_dates[0][:4]) + r.rewrite.year_shift
        assert gen.as_of_dates[0][4:] == src.as_of_dates[0][4:]
        if src.report_date:
            assert int(gen.report_date[:4]) == int(src.report_date[:4]) + r.rewrite.year_shift


def test_table_amounts_are_multiplied_and_rates_kept(corpus, parsed):
    sources, generated = parsed
    checked = 0
    for r in corpus.reports:
        src, gen = sources[r.source], generated[r.doc_id]
        assert len(src.tables) == len(gen.tables)
        for t1, t2 in zip(src.tables, gen.tables):
            assert len(t1.rows) == len(t2.rows)
            for r1, r2 in zip(t1.rows, t2.rows):
                for c1, c2 in zip(r1.cells, r2.cells):
                    if c1.value is None or c1.kind != "number" or not PLAIN_NUMBER.match(c1.raw.strip()):
                        continue
                    expected = c1.value if c1.unit == "%" else c1.value * r.rewrite.factor
                    assert c2.value == pytest.approx(expected), (r.doc_id, c1.raw, c2.raw)
                    checked += 1
    assert checked > 1000


def _total_columns(parsed_doc) -> dict:
    """(table, column) → (total row value, sum of the top-level item rows)."""
    out = {}
    for t in parsed_doc.tables:
        totals = [row for row in t.rows if row.kind == "total"]
        items = [row for row in t.rows if row.kind == "item" and len(row.label_path) == 1]
        if len(totals) != 1 or not items:
            continue
        for c in totals[0].cells:
            vals = [x.value for row in items for x in row.cells if x.col == c.col and x.value is not None]
            if c.value is not None and vals:
                out[(t.index, c.col)] = (c.value, sum(vals))
    return out


def test_tables_that_added_up_still_add_up(corpus, parsed):
    sources, generated = parsed
    adding = 0
    for r in corpus.reports:
        src, gen = _total_columns(sources[r.source]), _total_columns(generated[r.doc_id])
        for key, (total, items) in src.items():
            if total == pytest.approx(items):
                adding += 1
                assert key in gen, (r.doc_id, key)
                assert gen[key][0] == pytest.approx(gen[key][1]), (r.doc_id, key, gen[key])
                assert gen[key][0] == pytest.approx(total * r.rewrite.factor)
    assert adding > 50


def test_two_reports_from_the_same_source_say_different_things(corpus):
    by_source: dict[str, list] = {}
    for r in corpus.reports:
        by_source.setdefault(r.source, []).append(r)
    for reps in by_source.values():
        a, b = reps[:2]
        assert a.rewrite.factor != b.rewrite.factor
        assert a.text != b.text and a.rewrite.organization != b.rewrite.organization
        # every line that states a quantity states a different one
        source = (REPORTS / a.source).read_text(encoding="utf-8").split("\n")
        off = a.cover_lines_added
        stating = [k for k, line in enumerate(source) if scale_numbers(line, 2, 0) != line]
        assert len(stating) > 10
        for k in stating:
            assert a.lines[k + off] != b.lines[k + off], source[k]


def test_generated_questions_are_answered_by_their_own_report_only(corpus):
    assert len(corpus.questions) >= 16
    lines = {r.doc_id: r.lines for r in corpus.reports}
    by_doc = {r.doc_id: r for r in corpus.reports}
    written = [json.loads(x) for x in corpus.questions_path.read_text(encoding="utf-8").splitlines()]
    assert written == corpus.questions
    for q in corpus.questions:
        assert set(q) >= {"id", "type", "question", "answer", "numbers", "unit", "doc", "evidence"}
        rep = by_doc[q["doc"]]
        assert rep.rewrite.organization in q["question"]
        (evidence,) = q["evidence"]
        assert evidence in lines[q["doc"]]  # verbatim line of the generated report
        (gold,) = q["numbers"]
        printed = f"{abs(gold):,}"
        assert re.search(rf"(?<![\d,]){re.escape(printed)}(?![\d,])", evidence), (printed, evidence)
        assert printed in q["answer"]
        # a sibling made from the same source does not hold that row
        for other in corpus.reports:
            if other.source == rep.source and other.doc_id != rep.doc_id:
                assert evidence not in other.lines


# ---------------------------------------------------------------- bench pieces


def test_latency_summary_takes_the_median_of_runs():
    from assistant.bench import summarize_latency

    def run(scale):
        return [(scale * t, {"analyze": 1.0, "retrieve": scale * t - 3.0}) for t in (10, 20, 30, 40, 50)]

    s = summarize_latency([run(1), run(2), run(3)])
    assert s["p50_ms"] == 60.0  # p50 of the runs: 30, 60, 90
    assert s["runs"][0]["p95_ms"] == 48.0
    assert s["n_queries"] == 5
    assert set(s["stages_ms"]) >= {"analyze", "propose", "retrieve", "compose", "other"}
    assert s["stages_ms"]["propose"]["mean_ms"] == 0.0, "a stage no call ran counts 0"
    assert s["stages_ms"]["other"]["p50_ms"] == 2.0


def test_table_qa_switch_answers_from_passages_only(engine):
    from assistant.bench import tables_off

    q = "의정 정보화 지원 사업 예산현액은 얼마예요?"
    with_tables = engine.ask(q)
    assert any(f.table for f in with_tables.figures)
    real = tables_off(engine)
    try:
        without = engine.ask(q)
    finally:
        engine.answerers = real
    assert not any(f.table for f in without.figures)
    assert engine.answerers is real


def test_measure_engine_returns_scorable_outputs_and_stage_latencies(engine):
    from assistant.bench import QUALITY_KEYS, measure_engine, score
    from assistant.evaluate import load_questions

    items = [q for q in load_questions(ROOT / "eval" / "dev.jsonl") if q["id"] in ("d001", "d033", "d037")]
    m = measure_engine(engine, items, repeats=2, progress=False)
    assert [o["id"] for o in m["outputs"]] == ["d001", "d033", "d037"]
    lat = m["latency"]
    assert len(lat["runs"]) == 2 and lat["n_queries"] == 1 + len(items[1]["turns"]) + 1
    assert 0 < lat["p50_ms"] <= lat["p95_ms"]
    assert lat["stages_ms"]["retrieve"]["mean_ms"] > 0
    s = score(items, m["outputs"])
    assert set(QUALITY_KEYS) <= set(s)
    assert s["n"] == 3 and s["cite_chars"] > 0


def test_naive_pipeline_answers_with_its_top_chunk_and_cites_five(tmp_path):
    from assistant.baseline import NaivePipeline
    from assistant.evaluate import score_one

    docs = tmp_path / "reports"
    docs.mkdir()
    for i in range(3):
        body = "\n".join(f"사업{i}-{k} 예산현액은 {1000 * i + k:,}천원입니다. 집행률은 {k}.5%입니다." for k in range(60))
        (docs / f"r{i}.txt").write_text(body, encoding="utf-8")
    pipe = NaivePipeline(docs, tmp_path / "chroma")
    build = pipe.build()
    assert build.documents == 3 and build.chunks >= 3
    out = pipe.ask("사업2-7 예산현액은 얼마예요?")
    assert len(out["citations"]) == 5
    assert out["answer"] == out["citations"][0]["text"]
    for c in out["citations"]:
        assert c["doc"].startswith("r") and c["text"] and c["lines"][0] <= c["lines"][1]
    gold = {"id": "x", "type": "figure", "numbers": [2007], "unit": "천원", "evidence": ["사업2-7 예산현액은 2,007천원입니다."]}
    s = score_one(gold, {"id": "x", **out})
    assert s.cited is True


def _fake_result(p95=250.0, ours_cited=0.97, base_cited=0.94):
    quality = {"n": 40, "correct": 0.95, "numbers": 0.97, "cited": ours_cited, "cited_first": 0.9, "cited_all": 0.8,
               "cite_chars": 150.0, "abstained_unanswerable": 1.0, "false_abstention": 0.0,
               "by_type": {"figure": {"n": 12, "correct": 1.0}}}
    base = dict(quality, cited=base_cited, numbers=0.6, cite_chars=4000.0, cited_first=0.7,
                build={"documents": 5, "chunks": 111, "seconds": 70.0}, query_p50_ms=30.0, query_p95_ms=40.0)
    point = lambda n, p50: {  # noqa: E731
        "n": n, "documents": n, "chunks": 100 * n, "tables": 20 * n, "cells": 200 * n, "ingest_seconds": 10.0 * n,
        "embed_seconds": 8.0 * n, "embeddings_per_s": 12.5, "chunks_per_s": 10.0, "ingest_peak_rss_mb": 900 + n,
        "index_mb": 5.0 * n, "index_breakdown_mb": {}, "engine_load_seconds": 5 + 0.1 * n,
        "query_rss_after_load_mb": 800 + 2 * n, "query_peak_rss_mb": 800 + 2 * n, "query_p50_ms": p50,
        "query_p95_ms": 2 * p50, "query_stages_ms": {"retrieve": p50 / 2}, "open_p50_ms": p50, "open_p95_ms": 2 * p50,
        "questions": 40, "accuracy": 0.9, "numbers": 0.9, "cited": 0.9, "cited_first": 0.9, "cite_chars": 120.0}
    from assistant.bench import add_ratios, query_growth

    pts = [point(5, 100.0), point(50, 110.0), point(200, 130.0)]
    add_ratios(pts)
    ing = {"documents": 5, "chunks": 506, "tables": 100, "cells": 926, "embedded": 506, "errors": 0, "seconds": 40.0,
           "embed_seconds": 30.0, "other_seconds": 10.0, "model_load_seconds": 3.0, "documents_per_s": 0.125,
           "chunks_per_s": 12.6, "embeddings_per_s": 16.9, "peak_rss_mb": 1200.0, "index_mb": 25.0,
           "index_breakdown_mb": {"chroma": 19.0}}
    stage = {"mean_ms": 10.0, "p50_ms": 9.0, "p95_ms": 20.0}
    return {
        "created": "2026-01-01T00:00:00", "machine": {"cpus_usable": 2, "memory_total_mb": 16000, "disk_free_mb": 50000},
        "repeats": 3, "embed_model": "e5", "ingest_seconds": 40.0, "query_p50_ms": 120.0, "query_p95_ms": p95,
        "peak_rss_mb": 1200.0, "ingest": ing,
        "query": {"p50_ms": 120.0, "p95_ms": p95, "mean_ms": 130.0, "runs": [{"p50_ms": 120.0, "p95_ms": p95}],
                  "n_queries": 48, "repeats": 3, "engine_load_seconds": 20.0, "peak_rss_mb": 1100.0},
        "stages_ms": {k: stage for k in ("analyze", "propose", "retrieve", "compose", "other")},
        "ours": quality, "no_table_qa": dict(quality, correct=0.7), "baseline": base,
        "scale": pts, "query_growth": query_growth(pts),
    }


def test_acceptance_checks_follow_issue_5():
    from assistant.bench import acceptance

    ok = {c["check"]: c["pass"] for c in acceptance(_fake_result())}
    assert all(ok.values()) and len(ok) == 6
    bad = {c["check"]: c["pass"] for c in acceptance(_fake_result(p95=301.0, ours_cited=0.94))}
    assert bad["cited above baseline"] is False  # a tie is not "above"
    assert bad["query p95 ≤ 300 ms warm (dev, 5 reports)"] is False


def test_docs_render_every_section_keep_hand_notes_and_plot(tmp_path):
    from assistant.bench import acceptance, write_docs

    result = _fake_result()
    result["acceptance"] = acceptance(result)
    md, png = write_docs(result, tmp_path)
    text = md.read_text(encoding="utf-8")
    for heading in ("## 합격 기준", "## 수집", "## 질문 지연 시간", "## 품질", "## 규모 곡선",
                    "### 질문 시간은 N과 함께 늘어나는가", "## 무엇이 먼저 바닥나는가"):
        assert heading in text
    assert "| 단순 파이프라인 (baseline) |" in text and "| 표 QA 끔 (no_table_qa) |" in text
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"]({png.name})" in text
    # hand-written notes survive a regeneration
    md.write_text(text.replace("(아직 없음)", "메모리가 먼저 바닥난다."), encoding="utf-8")
    write_docs(result, tmp_path)
    assert "메모리가 먼저 바닥난다." in md.read_text(encoding="utf-8")


def test_bench_command_line():
    from assistant.cli import build_parser

    p = build_parser()
    args = p.parse_args(["bench", "--scale", "5", "50", "--json"])
    assert args.scale == [5, 50] and args.json and args.func.__name__ == "cmd_bench"
    assert p.parse_args(["bench", "--scale"]).scale == []
    assert p.parse_args(["bench"]).scale is None and p.parse_args(["bench"]).out == "bench-results"
    assert "예시" in p._subparsers._group_actions[0].choices["bench"].format_help()
