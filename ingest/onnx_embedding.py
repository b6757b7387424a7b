"""The embedding model through ONNX Runtime with int8 dynamic quantization.

Embedding is the cost that grows with the corpus (issue 5): a new model or a rebuild re-embeds every
passage. The same sentence-transformers folder that the torch backend loads is exported once to ONNX,
its weights quantized to int8 per output channel (`onnxruntime.quantization.quantize_dynamic`), and
cached beside the model. Tokenization, pooling and normalization follow the folder's own
sentence-transformers configuration, so the two backends differ only by quantization error.

Vectors from the two backends are not interchangeable, so the ONNX model has its own `model_id`:
the embedding cache and the Chroma collection keep them apart.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np

from ingest.embedding import Embedder, _enforce_offline, _say, configured_model_id, embed_threads, resolve_prompts

# Bump when the export or quantization recipe changes: cached ONNX files and vectors are then rebuilt.
ONNX_RECIPE = 1
ONNX_FILE = "model.int8.onnx"
ONNX_SUFFIX = f".onnx-int8-r{ONNX_RECIPE}"
# Small batches run fastest here: int8 matmuls gain little from width, and padding costs in full
# (measured on 2 cores: 33 passages/s at 4, 25 at 8, 17 at 32).
MAX_BATCH = 4


def onnx_dir(cache_root: Path, base_model_id: str) -> Path:
    return cache_root / "onnx" / f"{base_model_id}.int8-r{ONNX_RECIPE}"


def export_int8(model_dir: Path, dest: Path) -> Path:
    """Export the transformer of a sentence-transformers folder to ONNX and quantize it to int8.

    Written into a temporary folder and moved into place, so an interrupted export never leaves a
    half-written model that a later run would trust.
    """
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".onnx-", dir=dest.parent))
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()

        class LastHidden(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

        sample = tokenizer(["query: 예산 집행률", "passage: 두 번째 문장입니다"], padding=True, return_tensors="pt")
        fp32 = tmp / "model.onnx"
        axes = {0: "batch", 1: "tokens"}
        import warnings

        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the TorchScript exporter's tracer warnings are expected
            # dynamo=False: the TorchScript exporter needs no onnxscript and handles XLM-R's masks
            torch.onnx.export(LastHidden(model), (sample["input_ids"], sample["attention_mask"]), str(fp32),
                              input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                              dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
                              opset_version=17, dynamo=False)
        # per_channel: one scale per output row keeps cosine to the fp32 model at ≈0.996 on Korean
        # report lines, against ≈0.985 with one scale per tensor.
        quantize_dynamic(str(fp32), str(tmp / ONNX_FILE), weight_type=QuantType.QInt8, per_channel=True)
        fp32.unlink()
        for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "sentencepiece.bpe.model"):
            if (model_dir / name).exists():
                shutil.copy(model_dir / name, tmp / name)
        (tmp / "onnx_export.json").write_text(json.dumps({"recipe": ONNX_RECIPE, "source": str(model_dir)}), "utf-8")
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _st_config(model_dir: Path) -> tuple[str, bool, int, dict, str | None]:
    """(pooling mode, normalize, max tokens, prompts, default prompt) from a sentence-transformers folder."""

    def read(rel: str) -> dict:
        p = model_dir / rel
        return json.loads(p.read_text("utf-8")) if p.exists() else {}

    modules = read("modules.json") or []
    pooling, normalize = "mean", False
    for m in modules:
        kind = m.get("type", "")
        if kind.endswith("Pooling"):
            cfg = read(f"{m.get('path', '')}/config.json")
            if cfg.get("pooling_mode_cls_token"):
                pooling = "cls"
            elif cfg.get("pooling_mode_mean_tokens", True):
                pooling = "mean"
            else:
                raise RuntimeError(f"ONNX 백엔드가 지원하지 않는 풀링 방식입니다: {cfg}")
        elif kind.endswith("Normalize"):
            normalize = True
    st = read("config_sentence_transformers.json")
    max_len = int(read("sentence_bert_config.json").get("max_seq_length") or 512)
    return pooling, normalize, max_len, st.get("prompts") or {}, st.get("default_prompt_name")


class OnnxEmbedder(Embedder):
    """Same interface and conventions as :class:`Embedder`; inference through ONNX Runtime int8."""

    backend = "onnx-int8"

    def __init__(self, model: str | None = None) -> None:  # noqa: D107 - see the class docstring
        _enforce_offline()
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from ingest import e5_convert

        spec = model or os.environ.get("ASSISTANT_EMBED_MODEL") or None
        if spec is None:
            folder = e5_convert.ensure_converted(e5_convert.default_model_dir(), progress=_say)
        else:
            folder = Path(spec).expanduser()
            if not folder.exists():
                raise RuntimeError(f"ONNX 백엔드는 이 컴퓨터에 있는 모델 폴더가 필요합니다: {spec}")
        folder = folder.resolve()
        base_id = configured_model_id(str(folder))
        target = onnx_dir(e5_convert.cache_root(), base_id)
        if not (target / ONNX_FILE).exists():
            _say("임베딩 모델을 ONNX int8로 처음 한 번 변환합니다 (1분쯤 걸립니다)…")
            export_int8(folder, target)

        self.pooling, self.normalize, self.max_seq_length, prompts, default = _st_config(folder)
        self.query_prompt, self.passage_prompt = resolve_prompts(prompts, default, str(folder))
        self._tokenizer = Tokenizer.from_file(str(target / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        pad_id = self._tokenizer.token_to_id("<pad>")
        self._tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token="<pad>")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, embed_threads())
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(target / ONNX_FILE), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()
        self.model_id = base_id + ONNX_SUFFIX
        self.dim = int(self._encode(["dim"], self.passage_prompt, 1, False).shape[1])

    def _encode(self, texts: list[str], prompt: str, batch_size: int, show_progress: bool) -> np.ndarray:
        texts = [prompt + t.strip() for t in texts]
        # Longest first and batched by length, as sentence-transformers does: padding is the waste.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out: list[np.ndarray | None] = [None] * len(texts)
        with self._lock:
            step = max(1, min(batch_size, MAX_BATCH))
            for start in range(0, len(order), step):
                idx = order[start:start + step]
                encs = self._tokenizer.encode_batch([texts[i] for i in idx])
                ids = np.array([e.ids for e in encs], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
                hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
                if self.pooling == "cls":
                    vecs = hidden[:, 0]
                else:
                    m = mask[..., None].astype(np.float32)
                    vecs = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
                if self.normalize:
                    vecs = vecs / np.clip(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12, None)
                for i, v in zip(idx, vecs):
                    out[i] = v
        return np.ascontiguousarray(np.vstack(out), dtype=np.float32)

    def __repr__(self) -> str:
        return f"OnnxEmbedder(model_id={self.model_id!r}, dim={self.dim})"
