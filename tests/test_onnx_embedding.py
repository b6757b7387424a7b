"""The ONNX Runtime int8 backend (ASSISTANT_EMBED_BACKEND=onnx): the same model, prompts and pooling as
the torch backend, within quantization error, under its own model id so the two never mix."""

from __future__ import annotations

import numpy as np
import pytest

from ingest import embedding
from tests.test_embedding import KOREAN_SENTENCES


@pytest.fixture(scope="module")
def onnx_embedder():
    from ingest.onnx_embedding import OnnxEmbedder

    return OnnxEmbedder()


@pytest.fixture(scope="module")
def torch_embedder():
    return embedding.get_embedder()


def test_int8_vectors_point_where_the_torch_model_points(onnx_embedder, torch_embedder):
    a = onnx_embedder.embed_passages(KOREAN_SENTENCES)
    b = torch_embedder.embed_passages(KOREAN_SENTENCES)
    cos = (a * b).sum(axis=1)
    assert cos.min() >= 0.98 and cos.mean() >= 0.99, cos
    q = onnx_embedder.embed_query(KOREAN_SENTENCES[0])
    assert float(q @ torch_embedder.embed_query(KOREAN_SENTENCES[0])) >= 0.98


def test_unit_vectors_of_the_model_dimension_whatever_the_batching(onnx_embedder, torch_embedder):
    vecs = onnx_embedder.embed_passages(KOREAN_SENTENCES, batch_size=3)
    assert vecs.dtype == np.float32 and vecs.shape == (len(KOREAN_SENTENCES), torch_embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    # Dynamic quantization scales activations per batch, so a text's vector moves slightly with
    # its batch mates; it must not move far enough to change what it matches.
    one_by_one = np.stack([onnx_embedder.embed_passages([s])[0] for s in KOREAN_SENTENCES[:4]])
    assert ((one_by_one * vecs[:4]).sum(axis=1) >= 0.99).all()


def test_queries_and_passages_get_the_e5_prompts(onnx_embedder):
    assert (onnx_embedder.query_prompt, onnx_embedder.passage_prompt) == ("query: ", "passage: ")
    text = "의정 정보화 지원 사업 예산현액"
    assert float(onnx_embedder.embed_query(text) @ onnx_embedder.embed_passages([text])[0]) < 0.999


def test_a_long_passage_is_truncated_not_refused(onnx_embedder):
    vec = onnx_embedder.embed_passages(["예산현액 1,234백만원 " * 400])
    assert vec.shape == (1, onnx_embedder.dim) and np.isfinite(vec).all()


def test_its_model_id_differs_and_is_known_before_loading(onnx_embedder, torch_embedder, monkeypatch):
    assert onnx_embedder.model_id != torch_embedder.model_id
    assert onnx_embedder.model_id.startswith(torch_embedder.model_id)
    monkeypatch.setenv("ASSISTANT_EMBED_BACKEND", "onnx")
    assert embedding.configured_embedder_id() == onnx_embedder.model_id
    monkeypatch.setenv("ASSISTANT_EMBED_BACKEND", "tensorflow")
    with pytest.raises(RuntimeError, match="ASSISTANT_EMBED_BACKEND"):
        embedding.configured_backend()


def test_switching_backend_makes_a_new_build(monkeypatch, tmp_path):
    from ingest.pipeline import embed_spec
    from ingest.settings import load_settings

    settings = load_settings(tmp_path)
    monkeypatch.setenv("ASSISTANT_EMBED_BACKEND", "torch")
    torch_spec = embed_spec(settings)
    monkeypatch.setenv("ASSISTANT_EMBED_BACKEND", "onnx")
    assert embed_spec(settings) != torch_spec
