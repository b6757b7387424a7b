"""`python -m assistant bench`: ingestion throughput, warm query latency by stage, quality side by
side with the naive LlamaIndex pipeline, and a scale curve over a synthetic corpus.

Every measured phase runs in its own child process (`python -m assistant.bench worker …`), so that
its peak resident memory (getrusage ru_maxrss) is its own and a fresh index folder means a fresh
embedding cache: every vector is really computed. The parent only generates corpora, scores and
writes the results.

Latency is wall-clock time around `Engine.ask` on a warm engine: one warm-up pass over the
questions, then `repeats` timed passes; p50 and p95 are taken per pass and the median over passes
is reported. Each call of `ask` is one query (a follow-up question with three turns is three).
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.evaluate import percentile  # the same p50/p95 as `eval` reports

ROOT = Path(__file__).resolve().parent.parent
from assistant.qa.pipeline import STAGES  # the engine's own stage names, in order
LATENCY_SAMPLE = 40  # questions timed per scale point, the same count at every N


# ====================================================================== helpers


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def dir_size_mb(path: Path) -> float:
    total = 0
    for p in Path(path).rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return round(total / 1e6, 2)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1) if values else 0.0


def bench_settings(index_dir: Path):
    """Settings for a private index: its own SQLite catalog and embedded Chroma, whatever the
    environment says, so that a benchmark never writes into the user's index or server."""
    from ingest.settings import load_settings

    s = load_settings(index_dir)
    return dataclasses.replace(s, chroma_url=None, table_db_url=f"sqlite:///{Path(index_dir).resolve() / 'catalog.sqlite'}")


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    info["memory_total_mb"] = round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    try:
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    try:
        info["disk_free_mb"] = round(shutil.disk_usage(tempfile.gettempdir()).free / 1e6)
    except OSError:
        pass
    return info


# ====================================================================== workers (child processes)


class _TimedEmbedder:
    """Wraps the embedder given to `ingest` to time the model alone."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.seconds = 0.0

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    def embed_passages(self, texts, batch_size=32):
        t = time.perf_counter()
        try:
            return self.inner.embed_passages(texts, batch_size=batch_size)
        finally:
            self.seconds += time.perf_counter() - t


def worker_ingest(spec: dict) -> dict:
    from ingest.embedding import get_embedder
    from ingest.pipeline import ingest

    index_dir = Path(spec["index_dir"])
    settings = bench_settings(index_dir)
    t = time.perf_counter()
    embedder = _TimedEmbedder(get_embedder())
    model_seconds = time.perf_counter() - t
    report = ingest([Path(p) for p in spec["paths"]], rebuild=True, settings=settings,
                    progress=spec.get("progress", True), embedder=embedder)
    seconds = report.seconds or 1e-9
    return {
        "documents": report.documents, "chunks": report.chunks, "tables": report.tables, "cells": report.cells,
        "embedded": report.embedded, "errors": len(report.errors),
        "seconds": round(report.seconds, 2),
        "embed_seconds": round(embedder.seconds, 2),
        "other_seconds": round(report.seconds - embedder.seconds, 2),
        "model_load_seconds": round(model_seconds, 2),
        "documents_per_s": round(report.documents / seconds, 3),
        "chunks_per_s": round(report.chunks / seconds, 2),
        "embeddings_per_s": round(report.embedded / embedder.seconds, 2) if embedder.seconds else None,
        "peak_rss_mb": _peak_rss_mb(),
        "index_mb": dir_size_mb(index_dir),
        "index_breakdown_mb": {p.name: dir_size_mb(p) if p.is_dir() else round(p.stat().st_size / 1e6, 2)
                               for p in sorted(index_dir.iterdir()) if not p.name.startswith(".")},
        "embed_model": embedder.model_id,
    }


def tables_off(engine):
    """The engine's answerers with the cell store switched off (no figure, aggregate or comparison from
    table cells): the ablation that shows what table QA adds. Returns the answerers to restore."""
    from assistant.qa.answerers import without_tables

    real = engine.answerers
    engine.answerers = without_tables()
    return real


def _ask_item(engine, item: dict) -> tuple[object, list[tuple[float, dict]]]:
    from assistant.qa.resolve import Conversation

    turns = item.get("turns") or [item.get("question", "")]
    conv = Conversation()
    calls = []
    answer = None
    for turn in turns:
        t = time.perf_counter()
        answer = engine.ask(turn, conv)
        calls.append(((time.perf_counter() - t) * 1000, dict(answer.stages_ms)))
    return answer, calls


def _timed_passes(run_one, items: list[dict], repeats: int, desc: str, progress: bool) -> dict:
    from tqdm import tqdm

    runs = []
    for r in range(repeats):
        calls: list[tuple[float, dict]] = []
        for item in tqdm(items, desc=f"{desc} {r + 1}/{repeats}", disable=not progress, file=sys.stderr,
                         unit="개", leave=False):
            calls.extend(run_one(item))
        runs.append(calls)
    return summarize_latency(runs)


def summarize_latency(runs: list[list[tuple[float, dict]]]) -> dict:
    """Median over runs of each run's p50/p95; per stage the same (a stage a call skipped counts 0)."""
    if not runs or not runs[0]:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "runs": [], "n_queries": 0, "stages_ms": {}}
    per_run = [{"p50_ms": percentile([c[0] for c in calls], 0.5), "p95_ms": percentile([c[0] for c in calls], 0.95),
                "mean_ms": round(statistics.mean(c[0] for c in calls), 1)} for calls in runs]
    stages: dict[str, dict] = {}
    names = list(STAGES) + sorted({k for calls in runs for _, st in calls for k in st} - set(STAGES))
    for name in names + ["other"]:
        p50s, p95s, means = [], [], []
        for calls in runs:
            if name == "other":
                vals = [max(0.0, total - sum(st.values())) for total, st in calls]
            else:
                vals = [st.get(name, 0.0) for _, st in calls]
            p50s.append(percentile(vals, 0.5))
            p95s.append(percentile(vals, 0.95))
            means.append(statistics.mean(vals))
        stages[name] = {"mean_ms": _median(means), "p50_ms": _median(p50s), "p95_ms": _median(p95s)}
    return {
        "p50_ms": _median([r["p50_ms"] for r in per_run]),
        "p95_ms": _median([r["p95_ms"] for r in per_run]),
        "mean_ms": _median([r["mean_ms"] for r in per_run]),
        "runs": per_run,
        "n_queries": len(runs[0]),
        "stages_ms": stages,
    }


def measure_engine(engine, items: list[dict], repeats: int = 3, progress: bool = True,
                   latency_items: list[dict] | None = None, desc: str = "질문") -> dict:
    """Answers to every item (the warm-up pass, used for scoring), then `repeats` timed passes
    over `latency_items` (default: the same items)."""
    from tqdm import tqdm

    outputs = []
    for item in tqdm(items, desc=f"{desc} 준비(워밍업)", disable=not progress, file=sys.stderr, unit="개", leave=False):
        answer, calls = _ask_item(engine, item)
        out = {"id": item["id"], **answer.to_json()}
        out["latency_ms"] = round(sum(c[0] for c in calls), 1)
        outputs.append(out)
    timed = latency_items if latency_items is not None else items  # a subset of items: already warm
    latency = _timed_passes(lambda it: _ask_item(engine, it)[1], timed, repeats, desc, progress)
    return {"outputs": outputs, "latency": latency}


def worker_query(spec: dict) -> dict:
    from assistant.qa.pipeline import Engine
    from assistant.evaluate import load_questions
    from ingest.embedding import get_embedder

    settings = bench_settings(Path(spec["index_dir"]))
    progress = spec.get("progress", True)
    t = time.perf_counter()
    engine = Engine.load(settings, get_embedder(), llm=None)
    load_seconds = time.perf_counter() - t
    rss_loaded = _peak_rss_mb()
    items = load_questions(spec["questions"])
    latency_items = items
    if spec.get("latency_sample"):
        latency_items = spread(items, spec["latency_sample"])
    result = {"engine_load_seconds": round(load_seconds, 2), "rss_after_load_mb": rss_loaded}
    result["ours"] = measure_engine(engine, items, spec.get("repeats", 3), progress, latency_items, "질문")
    if spec.get("open_questions"):
        # questions that name no generated office: retrieval over the whole corpus
        opens = [dict(it, id=f"open-{it['id']}") for it in load_questions(spec["open_questions"])]
        result["open"] = measure_engine(engine, opens, spec.get("repeats", 3), progress, desc="열린 질문")
        result["open"].pop("outputs")
    if spec.get("no_table_qa"):
        real = tables_off(engine)
        try:
            result["no_table_qa"] = measure_engine(engine, items, 1, progress, desc="표 QA 끔")
        finally:
            engine.answerers = real
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def worker_baseline(spec: dict) -> dict:
    from assistant.baseline import NaivePipeline
    from assistant.evaluate import load_questions
    from tqdm import tqdm

    progress = spec.get("progress", True)
    pipe = NaivePipeline(spec["reports"], spec["persist_dir"])
    build = pipe.build(show_progress=progress)
    items = load_questions(spec["questions"])

    def run_one(item):
        t = time.perf_counter()
        out = pipe.ask_turns(item["turns"]) if item.get("turns") else pipe.ask(item["question"])
        return out, [((time.perf_counter() - t) * 1000, {"retrieval": out["latency_ms"]})]

    outputs = []
    for item in tqdm(items, desc="기준선 준비(워밍업)", disable=not progress, file=sys.stderr, unit="개", leave=False):
        out, _ = run_one(item)
        outputs.append({"id": item["id"], **out})
    latency = _timed_passes(lambda it: run_one(it)[1], items, spec.get("repeats", 3), "기준선", progress)
    return {"build": dataclasses.asdict(build), "outputs": outputs, "latency": latency,
            "peak_rss_mb": _peak_rss_mb()}


WORKERS = {"ingest": worker_ingest, "query": worker_query, "baseline": worker_baseline}


def spread(items: list, k: int) -> list:
    """k items spread evenly over the list (all of them if there are fewer)."""
    if len(items) <= k:
        return list(items)
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


def run_worker(task: str, spec: dict, workdir: Path) -> dict:
    """Run one phase in a child process and return what it measured."""
    workdir.mkdir(parents=True, exist_ok=True)
    spec_path = workdir / f"{task}.spec.json"
    out_path = workdir / f"{task}.result.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    if out_path.exists():
        out_path.unlink()
    env = dict(os.environ)
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    proc = subprocess.run([sys.executable, "-m", "assistant.bench", "worker", task, str(spec_path), str(out_path)],
                          cwd=str(ROOT), env=env)
    if proc.returncode != 0 or not out_path.exists():
        raise RuntimeError(f"벤치마크 단계 '{task}'가 실패했습니다 (종료 코드 {proc.returncode})")
    return json.loads(out_path.read_text(encoding="utf-8"))


def worker_main(argv: list[str]) -> int:
    task, spec_path, out_path = argv
    import logging

    logging.basicConfig(level=logging.WARNING)
    # bm25s logs every index build at DEBUG, and SimpleDirectoryReader warns that the optional
    # llama-index-readers-file is missing (the reports are plain text, which it reads itself)
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    logging.getLogger("llama_index.core.readers.file.base").setLevel(logging.ERROR)
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    result = WORKERS[task](spec)
    Path(out_path).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


# ====================================================================== scoring


QUALITY_KEYS = ("n", "correct", "numbers", "cited", "cited_first", "cited_all", "cite_chars",
                "abstained_unanswerable", "false_abstention")


def score(items: list[dict], outputs: list[dict]) -> dict:
    from assistant.evaluate import score_one, summarize

    by_id = {o["id"]: o for o in outputs}
    scored = [score_one(g, by_id[g["id"]]) for g in items if g["id"] in by_id]
    s = summarize(scored)
    out = {k: s.get(k) for k in QUALITY_KEYS}
    out["by_type"] = s.get("by_type", {})
    return out


# ====================================================================== orchestration


def _say(msg: str, quiet: bool = False) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


def _ratio(a, b) -> float | None:
    if a is None or b in (None, 0):
        return None
    return round(a / b, 2)


def run_scale_point(n: int, reports: Path, questions_dev: Path, root: Path, repeats: int, seed: int,
                    progress: bool, keep: bool) -> dict:
    from assistant.evaluate import load_questions
    from ingest.synthetic import generate

    point_dir = root / f"scale-{n}"
    t = time.perf_counter()
    corpus = generate(reports, point_dir / "corpus", n, seed=seed)
    gen_seconds = time.perf_counter() - t
    index_dir = point_dir / "index"
    ing = run_worker("ingest", {"paths": [str(corpus.reports_dir)], "index_dir": str(index_dir),
                                "progress": progress}, point_dir)
    q = run_worker("query", {"index_dir": str(index_dir), "questions": str(corpus.questions_path),
                             "repeats": repeats, "latency_sample": LATENCY_SAMPLE,
                             "open_questions": str(questions_dev), "progress": progress}, point_dir)
    quality = score(load_questions(corpus.questions_path), q["ours"]["outputs"])
    point = {
        "n": n,
        "generate_seconds": round(gen_seconds, 2),
        "documents": ing["documents"], "chunks": ing["chunks"], "tables": ing["tables"], "cells": ing["cells"],
        "ingest_seconds": ing["seconds"], "embed_seconds": ing["embed_seconds"],
        "embeddings_per_s": ing["embeddings_per_s"], "chunks_per_s": ing["chunks_per_s"],
        "ingest_peak_rss_mb": ing["peak_rss_mb"],
        "index_mb": ing["index_mb"], "index_breakdown_mb": ing["index_breakdown_mb"],
        "engine_load_seconds": q["engine_load_seconds"], "query_rss_after_load_mb": q["rss_after_load_mb"],
        "query_peak_rss_mb": q["peak_rss_mb"],
        "query_p50_ms": q["ours"]["latency"]["p50_ms"], "query_p95_ms": q["ours"]["latency"]["p95_ms"],
        "query_stages_ms": {k: v["mean_ms"] for k, v in q["ours"]["latency"]["stages_ms"].items()},
        "open_p50_ms": q["open"]["latency"]["p50_ms"], "open_p95_ms": q["open"]["latency"]["p95_ms"],
        "questions": quality["n"], "accuracy": quality["correct"], "numbers": quality["numbers"],
        "cited": quality["cited"], "cited_first": quality["cited_first"], "cite_chars": quality["cite_chars"],
    }
    point["_outputs"] = q["ours"]["outputs"]  # kept in the detailed file only
    if not keep:
        shutil.rmtree(index_dir, ignore_errors=True)
    return point


def add_ratios(points: list[dict]) -> None:
    if not points:
        return
    base = points[0]
    for p in points:
        p["ratios"] = {
            "vs_n": base["n"],
            "n": _ratio(p["n"], base["n"]),
            "chunks": _ratio(p["chunks"], base["chunks"]),
            "ingest_seconds": _ratio(p["ingest_seconds"], base["ingest_seconds"]),
            "index_mb": _ratio(p["index_mb"], base["index_mb"]),
            "ingest_peak_rss_mb": _ratio(p["ingest_peak_rss_mb"], base["ingest_peak_rss_mb"]),
            "query_peak_rss_mb": _ratio(p["query_peak_rss_mb"], base["query_peak_rss_mb"]),
            "engine_load_seconds": _ratio(p["engine_load_seconds"], base["engine_load_seconds"]),
            "query_p50_ms": _ratio(p["query_p50_ms"], base["query_p50_ms"]),
            "query_p95_ms": _ratio(p["query_p95_ms"], base["query_p95_ms"]),
            "open_p50_ms": _ratio(p["open_p50_ms"], base["open_p50_ms"]),
            "open_p95_ms": _ratio(p["open_p95_ms"], base["open_p95_ms"]),
        }


def query_growth(points: list[dict]) -> dict | None:
    """Does query time grow with N? Compare the largest N with the smallest, for both workloads."""
    if len(points) < 2:
        return None
    a, b = points[0], points[-1]
    named = _ratio(b["query_p50_ms"], a["query_p50_ms"])
    opened = _ratio(b["open_p50_ms"], a["open_p50_ms"])
    grows = any(r is not None and r >= 1.25 for r in (named, opened))
    return {"from_n": a["n"], "to_n": b["n"], "named_p50_ratio": named,
            "named_p95_ratio": _ratio(b["query_p95_ms"], a["query_p95_ms"]),
            "open_p50_ratio": opened, "open_p95_ratio": _ratio(b["open_p95_ms"], a["open_p95_ms"]),
            "grows": grows}


def acceptance(result: dict) -> list[dict]:
    ours, base = result.get("ours") or {}, result.get("baseline") or {}
    checks = []

    def check(name, ok, detail):
        checks.append({"check": name, "pass": bool(ok) if ok is not None else None, "detail": detail})

    if base:
        check("cited above baseline", ours.get("cited", 0) > base.get("cited", 0),
              f"{ours.get('cited')} vs {base.get('cited')}")
        check("numbers above baseline", ours.get("numbers", 0) > base.get("numbers", 0),
              f"{ours.get('numbers')} vs {base.get('numbers')}")
        shorter = _ratio(base.get("cite_chars"), ours.get("cite_chars"))
        check("citations ≥5× shorter (cite_chars)", shorter is not None and shorter >= 5,
              f"{base.get('cite_chars')} / {ours.get('cite_chars')} = {shorter}×")
    check("cited_first ≥ 0.85", (ours.get("cited_first") or 0) >= 0.85, f"{ours.get('cited_first')}")
    check("query p95 ≤ 300 ms warm (dev, 5 reports)", result.get("query_p95_ms", 1e9) <= 300,
          f"{result.get('query_p95_ms')} ms")
    pts = {p["n"]: p for p in result.get("scale") or []}
    if 5 in pts and 200 in pts:
        r = _ratio(pts[200]["query_p95_ms"], pts[5]["query_p95_ms"])
        check("N=200 p95 within 2× of N=5", r is not None and r <= 2, f"{pts[200]['query_p95_ms']} / "
              f"{pts[5]['query_p95_ms']} ms = {r}×")
    return checks


def run_bench(scales: list[int], out_dir: Path, reports: Path, questions: Path, repeats: int = 3,
              seed: int = 0, baseline: bool = True, dev: bool = True, progress: bool = True,
              keep: bool = False, workdir: Path | None = None, quiet: bool = False,
              pdfs: Path | None | bool = None) -> tuple[dict, dict]:
    """Run everything; returns (summary, details). The summary is what `--json` prints."""
    from assistant.evaluate import load_questions

    started = time.time()
    root = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="bench-"))
    root.mkdir(parents=True, exist_ok=True)
    items = load_questions(questions)
    result: dict = {"version": 1, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine_info(),
                    "reports": str(reports), "questions": str(questions), "repeats": repeats}
    details: dict = {}
    try:
        if dev:
            _say(f"[1/4] 수집: {reports} → 새 색인 (임베딩 캐시 없음)", quiet)
            ing = run_worker("ingest", {"paths": [str(reports)], "index_dir": str(root / "dev" / "index"),
                                        "progress": progress}, root / "dev")
            _say(f"      {ing['documents']}개 문서, 문단 {ing['chunks']}개, {ing['seconds']}초 "
                 f"(임베딩 {ing['embeddings_per_s']}개/초)", quiet)
            _say("[2/4] 질문 지연 시간과 품질 (워밍업 1회 + 반복 측정), 표 QA를 끈 엔진", quiet)
            q = run_worker("query", {"index_dir": str(root / "dev" / "index"), "questions": str(questions),
                                     "repeats": repeats, "no_table_qa": True, "progress": progress}, root / "dev")
            lat = q["ours"]["latency"]
            result.update({
                "embed_model": ing.pop("embed_model"),
                "ingest_seconds": ing["seconds"],
                "query_p50_ms": lat["p50_ms"], "query_p95_ms": lat["p95_ms"],
                "peak_rss_mb": max(ing["peak_rss_mb"], q["peak_rss_mb"]),
                "ingest": ing,
                "query": {"p50_ms": lat["p50_ms"], "p95_ms": lat["p95_ms"], "mean_ms": lat["mean_ms"],
                          "runs": lat["runs"], "n_queries": lat["n_queries"], "repeats": repeats,
                          "engine_load_seconds": q["engine_load_seconds"], "peak_rss_mb": q["peak_rss_mb"]},
                "stages_ms": lat["stages_ms"],
                "ours": score(items, q["ours"]["outputs"]),
                "no_table_qa": score(items, q["no_table_qa"]["outputs"]),
            })
            details["ours_outputs"] = q["ours"]["outputs"]
            details["no_table_qa_outputs"] = q["no_table_qa"]["outputs"]
        if dev and baseline:
            _say("[3/4] 기준선: LlamaIndex 시작 예제 파이프라인 (SentenceSplitter 기본값, 같은 임베딩, Chroma, top-5)", quiet)
            b = run_worker("baseline", {"reports": str(reports), "persist_dir": str(root / "baseline" / "chroma"),
                                        "questions": str(questions), "repeats": repeats, "progress": progress},
                           root / "baseline")
            result["baseline"] = score(items, b["outputs"])
            result["baseline"].update({"build": b["build"], "query_p50_ms": b["latency"]["p50_ms"],
                                       "query_p95_ms": b["latency"]["p95_ms"], "peak_rss_mb": b["peak_rss_mb"]})
            details["baseline_outputs"] = b["outputs"]
        if pdfs is not False:
            _say("[PDF] PDF 읽기 속도 (PDFium, 표·머리글 처리 포함, 임베딩 제외)", quiet)
            from assistant.bench_pdf import measure_pdf_reading

            result["pdf_reading"] = measure_pdf_reading(pdfs or None)
        points = []
        for n in scales:
            _say(f"[4/4] 규모 곡선: 합성 보고서 {n}개", quiet)
            p = run_scale_point(n, reports, questions, root, repeats, seed, progress, keep)
            details[f"scale_{n}_outputs"] = p.pop("_outputs")
            points.append(p)
            _say(f"      수집 {p['ingest_seconds']}초, 색인 {p['index_mb']}MB, p50 {p['query_p50_ms']}ms, "
                 f"p95 {p['query_p95_ms']}ms, 정답률 {p['accuracy']}", quiet)
        add_ratios(points)
        result["scale"] = points
        result["query_growth"] = query_growth(points)
        result["acceptance"] = acceptance(result)
        result["bench_seconds"] = round(time.time() - started, 1)
    finally:
        if not keep and workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "bench-details.json").write_text(json.dumps(details, ensure_ascii=False), encoding="utf-8")
    return result, details


def summary_lines(result: dict) -> list[str]:
    """The human-readable summary `bench` prints without --json."""
    out = []
    ing = result.get("ingest")
    if ing:
        out.append(f"수집: 문서 {ing['documents']}개, 문단 {ing['chunks']:,}개, {ing['seconds']}초 "
                   f"(문서 {ing['documents_per_s']}개/초, 문단 {ing['chunks_per_s']}개/초, 임베딩 {ing['embeddings_per_s']}개/초), "
                   f"최대 RSS {ing['peak_rss_mb']} MB, 색인 {ing['index_mb']} MB")
    if result.get("query"):
        q = result["query"]
        out.append(f"질문 지연(워밍업 후, {q['repeats']}회 중앙값): p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms")
        out.append("  단계별 평균: " + ", ".join(f"{k} {v['mean_ms']} ms" for k, v in result["stages_ms"].items()))
    head = f"{'':<14}{'correct':>8}{'numbers':>9}{'cited':>7}{'first':>7}{'chars':>8}"
    rows = [(k, result.get(k)) for k in ("ours", "no_table_qa", "baseline") if result.get(k)]
    if rows:
        out.append(head)
        for name, v in rows:
            out.append(f"{name:<14}{_fmt(v['correct'], 3):>8}{_fmt(v['numbers'], 3):>9}{_fmt(v['cited'], 3):>7}"
                       f"{_fmt(v['cited_first'], 3):>7}{_fmt(v['cite_chars'], 0):>8}")
    pr = result.get("pdf_reading")
    if pr:
        out.append(f"PDF 읽기: {pr['files']}개 파일 {pr['pages']}쪽, {pr['seconds']}초 ({pr['pages_per_s']}쪽/초), "
                   f"쪽마다 한 번씩 읽음: {'예' if pr['each_page_once'] else '아니오'} ({pr['source']})")
    for p in result.get("scale") or []:
        r = p.get("ratios") or {}
        out.append(f"N={p['n']:<4} 수집 {p['ingest_seconds']}초 ({r.get('ingest_seconds')}×), 색인 {p['index_mb']} MB "
                   f"({r.get('index_mb')}×), p50 {p['query_p50_ms']} ms ({r.get('query_p50_ms')}×), "
                   f"p95 {p['query_p95_ms']} ms ({r.get('query_p95_ms')}×), 정답률 {p['accuracy']} ({p['questions']}문항)")
    g = result.get("query_growth")
    if g:
        out.append(f"질문 시간이 N과 함께 늘어나는가: {'예' if g['grows'] else '아니오'} "
                   f"(N {g['from_n']}→{g['to_n']}: p50 {g['named_p50_ratio']}×, 열린 질문 p50 {g['open_p50_ratio']}×)")
    for c in result.get("acceptance") or []:
        out.append(f"{'통과' if c['pass'] else '미달'}: {c['check']} ({c['detail']})")
    return out


# ====================================================================== docs

NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"
LATENCY_BUDGET_MS = 300
REBUILD_BUDGET_H = 8.0  # a full re-embedding (new model) should fit in one night
STARTUP_BUDGET_S = 60.0


def _fmt(v, nd=2) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "예" if v else "아니오"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _slope(points: list[dict], key: str) -> tuple[float, float] | None:
    """Least-squares line value = a + b·N over the scale points."""
    pts = [(p["n"], p[key]) for p in points if p.get(key) is not None]
    if len(pts) < 2:
        return None
    n = len(pts)
    mx = sum(x for x, _ in pts) / n
    my = sum(y for _, y in pts) / n
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in pts) / sxx
    return my - b * mx, b


def runs_out_first(result: dict, disk_free_mb: float | None = None) -> list[dict]:
    """For each resource, the N at which the fitted line meets this machine's limit; smallest first."""
    points = result.get("scale") or []
    machine = result.get("machine") or {}
    ram = machine.get("memory_total_mb")
    limits = []

    def add(resource, key, limit, unit, note):
        fit = _slope(points, key)
        if fit is None or limit is None:
            return
        a, b = fit
        if b <= 0:
            n_at = None
        else:
            n_at = max(0, int((limit - a) / b))
        limits.append({"resource": resource, "key": key, "per_report": round(b, 4), "intercept": round(a, 2),
                       "limit": limit, "unit": unit, "n_at_limit": n_at, "note": note})

    add("메모리(질문 프로세스 RSS)", "query_peak_rss_mb", ram, "MB", "엔진은 표·셀·문단·줄을 모두 메모리에 올립니다")
    add("메모리(수집 프로세스 RSS)", "ingest_peak_rss_mb", ram, "MB", "수집은 보고서를 모두 파싱해 둔 뒤 저장합니다")
    add("디스크(색인 크기)", "index_mb", disk_free_mb, "MB", "Chroma(HNSW) + SQLite 카탈로그 + BM25 + 임베딩 캐시")
    add("전체 재수집 시간(임베딩 포함)", "ingest_seconds", REBUILD_BUDGET_H * 3600, "s",
        f"모델을 바꾸면 전부 다시 임베딩합니다; 예산 {REBUILD_BUDGET_H:g}시간")
    add("질문 p95 지연", "query_p95_ms", LATENCY_BUDGET_MS, "ms", f"목표 {LATENCY_BUDGET_MS} ms")
    add("엔진 시작(색인 적재) 시간", "engine_load_seconds", STARTUP_BUDGET_S, "s",
        f"앱 시작·새 빌드 반영 때마다; 예산 {STARTUP_BUDGET_S:g}초")
    limits.sort(key=lambda x: (x["n_at_limit"] is None, x["n_at_limit"] if x["n_at_limit"] is not None else 0))
    return limits


def plot_scale(result: dict, path: Path) -> Path | None:
    points = result.get("scale") or []
    if len(points) < 2:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [p["n"] for p in points]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    ax1.plot(ns, [p["query_p50_ms"] for p in points], "o-", label="p50, office named")
    ax1.plot(ns, [p["query_p95_ms"] for p in points], "o--", label="p95, office named")
    ax1.plot(ns, [p["open_p50_ms"] for p in points], "s-", label="p50, dev questions (open)")
    ax1.plot(ns, [p["open_p95_ms"] for p in points], "s--", label="p95, dev questions (open)")
    ax1.axhline(LATENCY_BUDGET_MS, color="grey", lw=0.8, ls=":", label=f"{LATENCY_BUDGET_MS} ms target")
    ax1.set_xscale("log")
    ax1.set_xticks(ns, [str(n) for n in ns])
    ax1.set_xlabel("reports in the index (N)")
    ax1.set_ylabel("warm query latency (ms)")
    ax1.set_title("Query latency vs N")
    ax1.legend(fontsize=8)
    ax2.plot(ns, [p["ingest_seconds"] for p in points], "o-", label="ingest (total)")
    ax2.plot(ns, [p["embed_seconds"] for p in points], "s--", label="of which embedding")
    ax2.set_xscale("log")
    ax2.set_yscale("log")
    ax2.set_xticks(ns, [str(n) for n in ns])
    ax2.set_xlabel("reports in the index (N)")
    ax2.set_ylabel("seconds")
    ax2.set_title("Ingest time vs N (fresh index, no cache)")
    ax2.legend(fontsize=8)
    m = result.get("machine") or {}
    fig.suptitle(f"bogoseo bench · {m.get('cpus_usable')} CPU · {m.get('processor', '')} · {result.get('created', '')[:10]}",
                 fontsize=9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def render_markdown(result: dict, plot_name: str | None, notes: str = "", disk_free_mb: float | None = None) -> str:
    m = result.get("machine") or {}
    L: list[str] = []
    add = L.append
    add("# 벤치마크 / benchmarks")
    add("")
    add("`python -m assistant bench` (`make bench`)가 재는 것: 수집 처리량, 워밍업된 질문 지연 시간과 단계별 분해, "
        "dev 세트에서 LlamaIndex 시작 예제 파이프라인과의 품질 비교, 합성 보고서 N개에 대한 규모 곡선. "
        "이 파일은 `--docs`로 다시 만들어지며, 아래 '해석' 블록만 손으로 쓴 내용으로 보존됩니다.")
    add("")
    add("```")
    add("python -m assistant bench --scale 5 50 200 --json --docs   # 이 문서의 숫자")
    add("make bench                                                 # = python -m assistant bench (N = 5, 50)")
    add("```")
    add("")
    add(f"- 측정: {result.get('created', '')}, {m.get('platform')}, CPU {m.get('cpus_usable')}개 "
        f"({m.get('processor', '')}), 메모리 {_fmt(m.get('memory_total_mb'))} MB, Python {m.get('python')}; "
        f"측정 시작 때 load average {m.get('load_average')}")
    add(f"- 임베딩 모델: `{result.get('embed_model', '–')}` (기본 임베더), 반복 {result.get('repeats')}회의 중앙값, "
        f"벤치마크 전체 {_fmt(result.get('bench_seconds'), 0)}초")
    add("- 초 단위 수치는 기계마다 다릅니다. 기계끼리 비교할 때는 비율(ratio) 열을 보세요.")
    add("")
    if result.get("acceptance"):
        add("## 합격 기준 (issue 5)")
        add("")
        add("| 기준 | 결과 | 값 |")
        add("|---|---|---|")
        for c in result["acceptance"]:
            add(f"| {c['check']} | {'✅ 통과' if c['pass'] else '❌ 미달'} | {c['detail']} |")
        add("")
    ing = result.get("ingest")
    if ing:
        add("## 수집 (data/reports, 새 색인, 임베딩 캐시 없음)")
        add("")
        add("| 문서 | 문단(chunk) | 표 | 셀 | 임베딩 | 전체 초 | 임베딩 초 | 나머지 초 | 문서/초 | 문단/초 | 임베딩/초 | 최대 RSS MB | 색인 MB |")
        add("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        add(f"| {ing['documents']} | {ing['chunks']} | {ing['tables']} | {ing['cells']} | {ing['embedded']} | "
            f"{_fmt(ing['seconds'])} | {_fmt(ing['embed_seconds'])} | {_fmt(ing['other_seconds'])} | "
            f"{_fmt(ing['documents_per_s'], 3)} | {_fmt(ing['chunks_per_s'])} | {_fmt(ing['embeddings_per_s'])} | "
            f"{_fmt(ing['peak_rss_mb'], 0)} | {_fmt(ing['index_mb'])} |")
        add("")
        add(f"모델 적재 {_fmt(ing['model_load_seconds'])}초는 수집 시간에 넣지 않았습니다. 최대 RSS는 수집 자식 프로세스의 "
            "`getrusage(RUSAGE_SELF).ru_maxrss`(모델 포함)입니다. 색인 구성(MB): "
            + ", ".join(f"{k} {_fmt(v)}" for k, v in ing["index_breakdown_mb"].items()))
        add("")
    q = result.get("query")
    if q:
        add("## 질문 지연 시간 (dev 세트, 워밍업 후)")
        add("")
        add(f"dev 세트 {q['n_queries']}개 호출(후속 질문은 턴마다 1회)을 워밍업 1회 뒤 {q['repeats']}회 반복, "
            "각 회의 p50/p95의 중앙값. 엔진 적재(워밍업 질문 포함) "
            f"{_fmt(q['engine_load_seconds'])}초, 질문 프로세스 최대 RSS {_fmt(q['peak_rss_mb'], 0)} MB.")
        add("")
        add("| | p50 ms | p95 ms | 평균 ms |")
        add("|---|---|---|---|")
        add(f"| 전체 | {_fmt(q['p50_ms'], 1)} | {_fmt(q['p95_ms'], 1)} | {_fmt(q['mean_ms'], 1)} |")
        for name, v in (result.get("stages_ms") or {}).items():
            label = {"analysis": "질문 분석 (analysis)", "table_qa": "표 QA (table_qa)",
                     "retrieval": "문단 검색 (retrieval)", "composition": "답 작성 (composition)",
                     "other": "기타 (후속 질문 해석, 거절 등)"}.get(name, name)
            add(f"| {label} | {_fmt(v['p50_ms'], 1)} | {_fmt(v['p95_ms'], 1)} | {_fmt(v['mean_ms'], 1)} |")
        add("")
        add("회별: " + "; ".join(f"p50 {r['p50_ms']} / p95 {r['p95_ms']}" for r in q["runs"]))
        add("")
    if result.get("ours"):
        add("## 품질: 우리 엔진 vs 단순 파이프라인 (dev 세트)")
        add("")
        add("`baseline`은 LlamaIndex 시작 예제 그대로입니다: SimpleDirectoryReader, SentenceSplitter 기본값, 같은 임베딩 "
            "모델, Chroma, top-5 벡터 검색; 답은 1위 문단, 인용은 5개 문단. `no_table_qa`는 우리 엔진에서 표 셀 "
            "저장소(표 QA)만 끈 것입니다. 채점은 `python -m assistant eval`과 같은 `score_one`입니다.")
        add("")
        add("| | 정답률 correct | 수치 numbers | 인용 cited | 첫 인용 cited_first | 모든 근거 cited_all | 답당 인용 글자 cite_chars | 답 없는 질문 거절 | 잘못된 거절 |")
        add("|---|---|---|---|---|---|---|---|---|")
        for key, label in (("ours", "우리 엔진 (ours)"), ("no_table_qa", "표 QA 끔 (no_table_qa)"),
                           ("baseline", "단순 파이프라인 (baseline)")):
            v = result.get(key)
            if not v:
                continue
            add(f"| {label} | {_fmt(v['correct'], 3)} | {_fmt(v['numbers'], 3)} | {_fmt(v['cited'], 3)} | "
                f"{_fmt(v['cited_first'], 3)} | {_fmt(v['cited_all'], 3)} | {_fmt(v['cite_chars'], 1)} | "
                f"{_fmt(v['abstained_unanswerable'], 2)} | {_fmt(v['false_abstention'], 2)} |")
        add("")
        b = result.get("baseline")
        if b:
            add(f"기준선 색인: 문서 {b['build']['documents']}개 → 문단 {b['build']['chunks']}개, {_fmt(b['build']['seconds'])}초; "
                f"질문 p50 {_fmt(b['query_p50_ms'], 1)} ms, p95 {_fmt(b['query_p95_ms'], 1)} ms (검색만, 답 작성 없음).")
            add("")
        types = sorted(set((result["ours"].get("by_type") or {})) | set(((result.get("no_table_qa") or {}).get("by_type") or {})))
        if types:
            add("유형별 정답률:")
            add("")
            add("| 유형 | 질문 수 | ours | no_table_qa | baseline |")
            add("|---|---|---|---|---|")
            for t in types:
                row = [((result.get(k) or {}).get("by_type") or {}).get(t, {}) for k in ("ours", "no_table_qa", "baseline")]
                add(f"| {t} | {row[0].get('n', '–')} | " + " | ".join(_fmt(r.get('correct'), 2) for r in row) + " |")
            add("")
    points = result.get("scale") or []
    if points:
        add("## 규모 곡선 (합성 보고서 N개)")
        add("")
        add("`ingest/synthetic.py`가 다섯 보고서로 N개를 만듭니다: 가상의 시 이름으로 기관명을 바꾸고(예: 누리시기획조정실), "
            "연도를 보고서마다 같은 폭으로 옮기고, 수량을 보고서마다 같은 정수배로 곱합니다(비율·날짜·직급·차수는 그대로), "
            "그래서 표의 합계는 그대로 맞고 두 보고서가 같은 사실을 말하지 않습니다. 질문은 생성에서 답이 정해진 "
            "수치 질문(생성된 기관명 + 표의 행 × 열)이며, 정답은 생성된 값, 근거는 생성된 행입니다. 지연 시간은 "
            f"N마다 같은 {LATENCY_SAMPLE}개 질문으로 잽니다: '기관 지정'은 생성 질문(기관명으로 문서가 좁혀짐), "
            "'열린 질문'은 dev 세트 질문 문장(전체 색인 검색).")
        add("")
        add("| N | 문서 | 문단 | 셀 | 수집 초 | 임베딩/초 | 색인 MB | 수집 RSS MB | 엔진 적재 초 | 질문 RSS MB | p50 ms | p95 ms | 열린 p50 | 열린 p95 | 질문 수 | 정답률 | 인용 | 첫 인용 |")
        add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for p in points:
            add(f"| {p['n']} | {p['documents']} | {_fmt(p['chunks'])} | {_fmt(p['cells'])} | {_fmt(p['ingest_seconds'], 1)} | "
                f"{_fmt(p['embeddings_per_s'], 1)} | {_fmt(p['index_mb'], 1)} | {_fmt(p['ingest_peak_rss_mb'], 0)} | "
                f"{_fmt(p['engine_load_seconds'], 1)} | {_fmt(p['query_peak_rss_mb'], 0)} | {_fmt(p['query_p50_ms'], 1)} | "
                f"{_fmt(p['query_p95_ms'], 1)} | {_fmt(p['open_p50_ms'], 1)} | {_fmt(p['open_p95_ms'], 1)} | "
                f"{p['questions']} | {_fmt(p['accuracy'], 3)} | {_fmt(p['cited'], 3)} | {_fmt(p['cited_first'], 3)} |")
        add("")
        base = points[0]["n"]
        add(f"비율 (N = {base} 대비):")
        add("")
        add("| N | N 배 | 문단 | 수집 시간 | 색인 크기 | 수집 RSS | 질문 RSS | 엔진 적재 | p50 | p95 | 열린 p50 | 열린 p95 |")
        add("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for p in points:
            r = p["ratios"]
            add(f"| {p['n']} | {_fmt(r['n'], 1)}× | {_fmt(r['chunks'], 1)}× | {_fmt(r['ingest_seconds'], 1)}× | "
                f"{_fmt(r['index_mb'], 1)}× | {_fmt(r['ingest_peak_rss_mb'], 2)}× | {_fmt(r['query_peak_rss_mb'], 2)}× | "
                f"{_fmt(r['engine_load_seconds'], 1)}× | {_fmt(r['query_p50_ms'], 2)}× | {_fmt(r['query_p95_ms'], 2)}× | "
                f"{_fmt(r['open_p50_ms'], 2)}× | {_fmt(r['open_p95_ms'], 2)}× |")
        add("")
        add("단계별 평균 ms (기관 지정 질문): " + "; ".join(
            f"N={p['n']}: " + ", ".join(f"{k} {v}" for k, v in p["query_stages_ms"].items()) for p in points))
        add("")
        if plot_name:
            add(f"![latency and ingest time against N]({plot_name})")
            add("")
        g = result.get("query_growth")
        if g:
            add("### 질문 시간은 N과 함께 늘어나는가")
            add("")
            verdict = "늘어납니다" if g["grows"] else "거의 늘지 않습니다"
            add(f"N = {g['from_n']} → {g['to_n']} ({g['to_n'] / g['from_n']:.0f}배)에서 질문 시간은 {verdict}: "
                f"기관 지정 p50 {g['named_p50_ratio']}×, p95 {g['named_p95_ratio']}×; 열린 질문 p50 {g['open_p50_ratio']}×, "
                f"p95 {g['open_p95_ratio']}× (1.25× 이상이면 '늘어남'으로 판정).")
            add("")
        limits = runs_out_first(result, disk_free_mb)
        if limits:
            add("## 무엇이 먼저 바닥나는가 / what runs out first")
            add("")
            add("규모 곡선의 점들에 직선(값 = a + b·N)을 맞추고, 이 기계의 한계에 닿는 N을 계산했습니다 "
                "(작은 N부터). 한계: 메모리 = 이 기계의 전체 RAM, 디스크 = 측정 때 남은 공간, "
                f"재수집 = {REBUILD_BUDGET_H:g}시간, 질문 p95 = {LATENCY_BUDGET_MS} ms, 엔진 시작 = {STARTUP_BUDGET_S:g}초.")
            add("")
            add("| 자원 | 보고서 1개당 | 한계 | 한계에 닿는 N | 비고 |")
            add("|---|---|---|---|---|")
            for x in limits:
                n_at = "늘지 않음" if x["n_at_limit"] is None else f"≈ {x['n_at_limit']:,}"
                add(f"| {x['resource']} | {x['per_report']:+,.3f} {x['unit']} | {_fmt(float(x['limit']), 0)} {x['unit']} | "
                    f"{n_at} | {x['note']} |")
            add("")
    add("## 해석 (손으로 쓴 부분)")
    add("")
    add(NOTES_START)
    add(notes.strip("\n") if notes.strip() else "(아직 없음)")
    add(NOTES_END)
    add("")
    add("## 측정 방법")
    add("")
    add("- 각 단계(수집, 질문, 기준선)는 자식 프로세스에서 돌아, 최대 RSS가 그 단계만의 값입니다. 색인은 임시 폴더에 새로 "
        "만들고(사용자의 `index/`, `ASSISTANT_CHROMA_URL`, `ASSISTANT_TABLE_DB_URL`은 쓰지 않음) 끝나면 지웁니다. "
        "색인 폴더가 새것이므로 임베딩 캐시도 비어 있어 모든 벡터를 실제로 계산합니다.")
    add("- 지연 시간은 `Engine.ask` 호출 하나의 벽시계 시간이고, 단계별 시간은 `Answer.stages_ms`입니다(그 단계를 건너뛴 "
        "호출은 0으로 셈). '기타'는 전체에서 네 단계를 뺀 나머지입니다. LLM은 쓰지 않습니다(추출식 답).")
    add("- 채점은 `assistant/evaluate.py`의 `score_one`/`summarize`입니다. `cite_chars`는 답할 수 있는 질문에서 답 하나가 "
        "인용한 글자 수의 평균입니다.")
    add("- 결과 JSON은 `--out`(기본 `bench-results/`)의 `bench.json`, 질문별 답은 `bench-details.json`에 있습니다.")
    add("")
    return "\n".join(L)


def existing_notes(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    if NOTES_START in text and NOTES_END in text:
        return text.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0].strip("\n")
    return ""


def write_docs(result: dict, docs_dir: Path) -> list[Path]:
    docs_dir = Path(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    md = docs_dir / "benchmarks.md"
    plot = plot_scale(result, docs_dir / "bench_scale.png")
    free = (result.get("machine") or {}).get("disk_free_mb")
    text = render_markdown(result, plot.name if plot else None, existing_notes(md), free)
    md.write_text(text, encoding="utf-8")
    return [md] + ([plot] if plot else [])


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "worker":
        sys.exit(worker_main(sys.argv[2:]))
    print("사용법: python -m assistant bench --help", file=sys.stderr)
    sys.exit(2)
