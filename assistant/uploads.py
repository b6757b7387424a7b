"""Reports uploaded through the app: checked, parsed once in a worker process with a memory and
time limit, saved under the data folder with a safe name, then ingested with that same parse.

A file that cannot be read is rejected before it is saved, so one bad upload never sits in the
data folder failing every later ingest. Names from the browser are never trusted as paths, and
the app process never parses an upload itself (ingest.parse_worker).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingest.document import IngestError
from ingest.parse_worker import ParseWorker
from ingest.parsing import Parsed
from ingest.pipeline import IngestReport, ingest
from ingest.readers import SUPPORTED_EXTENSIONS
from ingest.settings import Settings

MAX_NAME_CHARS = 100


def sanitize_filename(name: str) -> str:
    """A plain file name from whatever the browser sent: no folders, no control or shell
    characters, no leading dots, Korean kept (NFC)."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]  # 'C:\\x\\보고서.txt' and '../../etc/passwd' alike
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^\w가-힣()\-\s]", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or "보고서"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()
    stem = stem[: MAX_NAME_CHARS - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


@dataclass
class UploadResult:
    saved: list[str] = field(default_factory=list)  # file names now in the data folder
    skipped: list[str] = field(default_factory=list)  # identical to a report already there
    errors: list[str] = field(default_factory=list)  # Korean messages, one per rejected file
    report: IngestReport | None = None

    def message(self) -> str:
        lines = []
        if self.saved:
            lines.append(f"✅ {len(self.saved)}개 보고서를 추가했습니다: " + ", ".join(self.saved))
        if self.skipped:
            lines.append("ℹ️ 이미 있는 보고서라 건너뛰었습니다: " + ", ".join(self.skipped))
        for e in self.errors:
            lines.append(f"⚠️ {e}")
        if self.report is not None:
            r = self.report
            lines.append(f"색인: 문서 {r.documents}개 · 문단 {r.chunks}개 · 표 {r.tables}개 · 셀 {r.cells}개 "
                         f"(새로 임베딩 {r.embedded}개, {r.seconds:.1f}초)")
            for e in r.errors:
                lines.append(f"⚠️ {Path(e.get('path', '')).name}: {e.get('error')}")
        return "\n\n".join(lines) or "올린 파일이 없습니다."


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _target(folder: Path, name: str, digest: str) -> tuple[Path, bool]:
    """Where to save: the sanitized name, or name~2, name~3 … when another report holds it.
    Returns (path, already_there)."""
    stem, ext = os.path.splitext(name)
    for n in range(1, 1000):
        cand = folder / (name if n == 1 else f"{stem}~{n}{ext}")
        if not cand.exists():
            return cand, False
        if _sha(cand) == digest:
            return cand, True
    raise IngestError("같은 이름의 파일이 너무 많습니다. 파일 이름을 바꿔 다시 올려 주세요.")


def precheck_upload(path: Path, name: str, settings: Settings) -> str | None:
    """A Korean reason to reject the file before reading it: its type, size or emptiness."""
    ext = os.path.splitext(name)[1].lower()
    if ext not in SUPPORTED_EXTENSIONS:
        kinds = ", ".join(SUPPORTED_EXTENSIONS)
        hint = " HWP 파일은 HWPX나 PDF로 저장해 올려 주세요." if ext == ".hwp" else ""
        return f"{name}: 지원하지 않는 형식입니다({ext or '확장자 없음'}). 올릴 수 있는 형식: {kinds}.{hint}"
    size = path.stat().st_size
    if size == 0:
        return f"{name}: 빈 파일입니다."
    if size > settings.max_file_mb * 1024 * 1024:
        return f"{name}: 파일이 너무 큽니다({size / 1024 / 1024:.1f}MB, 한도 {settings.max_file_mb:g}MB)."
    return None


def parse_upload(worker: ParseWorker, path: Path, name: str, target: Path) -> Parsed | str:
    """The upload parsed as the report it will become at `target`, or a Korean reason to reject it."""
    try:
        parsed = worker.parse(path, target.name, origin=target)
    except IngestError as exc:
        return f"{name}: {exc}"
    if not any(line.strip() for line in parsed.doc.lines):
        return f"{name}: 내용이 없는 문서입니다."
    return parsed


class _ParseOnce:
    """ingest's parser for this upload: the uploads already parsed are reused as they are, and
    any other new file is parsed by the same worker, never in the app process."""

    def __init__(self, worker: ParseWorker, parsed: dict[Path, Parsed]) -> None:
        self.worker = worker
        self.parsed = parsed

    def __call__(self, path: Path, doc_id: str) -> Parsed:
        done = self.parsed.get(Path(path).resolve())
        if done is not None and done.doc.doc_id == doc_id:
            return done
        return self.worker.parse(path, doc_id)


def accept_uploads(files: list[str | Path], settings: Settings, progress: bool = True) -> UploadResult:
    """Check, parse, save and ingest uploaded files; the index is republished once for all of them."""
    result = UploadResult()
    folder = settings.data_dir
    folder.mkdir(parents=True, exist_ok=True)
    parsed: dict[Path, Parsed] = {}
    with ParseWorker() as worker:
        for f in files or []:
            src = Path(f)
            name = sanitize_filename(src.name)
            if not src.is_file():
                result.errors.append(f"{name}: 올린 파일을 찾을 수 없습니다. 다시 올려 주세요.")
                continue
            problem = precheck_upload(src, name, settings)
            if problem:
                result.errors.append(problem)
                continue
            target, already = _target(folder, name, _sha(src))
            if already:
                result.skipped.append(target.name)
                continue
            outcome = parse_upload(worker, src, name, target)
            if isinstance(outcome, str):
                result.errors.append(outcome)
                continue
            _save(src, target)
            parsed[target.resolve()] = outcome
            result.saved.append(target.name)
        if result.saved:
            result.report = ingest([folder], settings=settings, progress=progress, parse=_ParseOnce(worker, parsed))
    return result


def _save(src: Path, target: Path) -> None:
    # write beside the target and rename: a reader never sees half a file
    fd, tmp = tempfile.mkstemp(prefix=".upload-", dir=target.parent)
    with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
        for block in iter(lambda: inp.read(1 << 20), b""):
            out.write(block)
    os.replace(tmp, target)
