"""Turn an uploaded or stored report file into a `Document` of NFC text lines.

`read_document` checks size and emptiness, decides the format from the content's magic bytes
when they clearly name a supported format (a PDF saved as .txt is still a PDF) and from the
extension otherwise, then hands the bytes to one reader per format. Every failure is an
`IngestError` whose Korean message can be shown to the user as is.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import zipfile
from pathlib import Path

from ingest.document import Document, IngestError, ReaderOutput
from ingest.limits import check_lines, check_zip_sizes
from ingest.readers.text import split_lines

SUPPORTED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".hwpx")
MAX_BYTES = 50 * 1024 * 1024
MAX_BYTES_ENV = "ASSISTANT_MAX_FILE_MB"
# A zip that inflates beyond this many times the upload limit is treated as a zip bomb, even
# below the fixed caps of ingest.limits (which bound the work whatever the upload limit is).
MAX_INFLATION = 20

HWP5_MESSAGE = (
    "지원하지 않는 형식입니다: HWP 5(.hwp) 파일은 한글에서 HWPX 또는 PDF로 저장한 뒤 올려 주세요."
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_EXT_FORMAT = {
    ".txt": "txt", ".md": "md", ".html": "html", ".htm": "html",
    ".pdf": "pdf", ".docx": "docx", ".hwpx": "hwpx",
}
_OLD_OFFICE = (".doc", ".xls", ".ppt")

__all__ = [
    "HWP5_MESSAGE", "MAX_BYTES", "SUPPORTED_EXTENSIONS", "max_bytes", "read_document",
    "sniff_format", "unsupported_message",
]


def max_bytes() -> int:
    """The upload limit; $ASSISTANT_MAX_FILE_MB overrides MAX_BYTES (read on every call)."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    try:
        mb = float(value) if value else 0.0
    except ValueError:
        mb = 0.0
    return int(mb * 1024 * 1024) if mb > 0 else MAX_BYTES


def read_document(path: str | Path, doc_id: str | None = None) -> Document:
    path = Path(path)
    raw = _read_checked(path)
    fmt = sniff_format(raw, path.suffix.lower(), path.name)
    out = _normalize(_read_format(fmt, raw, path.name))
    check_lines(out.lines, path.name)
    if not any(line.strip() for line in out.lines):
        raise IngestError(_no_text_message(fmt, path.name))
    return Document(
        doc_id=doc_id or path.name,
        source_path=str(path),
        fmt=fmt,
        lines=out.lines,
        pages=out.pages,
        content_hash=hashlib.sha256(raw).hexdigest(),
        levels=out.levels,
        properties=out.properties,
        furniture=out.furniture,
        textless_pages=out.textless_pages,
        blank_pages=out.blank_pages,
        covers={i + 1: c for i, c in enumerate(out.covers or []) if c},
    )


def _read_checked(path: Path) -> bytes:
    """The file's bytes, after the size check: a huge upload is refused before it is read."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError(f"파일을 찾을 수 없습니다: {path.name}") from None
    except OSError as exc:
        raise IngestError(f"파일을 열 수 없습니다: {path.name} ({exc.strerror})") from exc
    if not path.is_file():
        raise IngestError(f"일반 파일이 아닙니다: {path.name}")
    limit = max_bytes()
    if size > limit:
        raise IngestError(
            f"파일이 너무 큽니다: {path.name} ({size / 1024 / 1024:.1f}MB). "
            f"최대 {limit / 1024 / 1024:g}MB까지 올릴 수 있습니다."
        )
    if size == 0:
        raise IngestError(f"빈 파일입니다: {path.name} (내용이 없습니다).")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"파일을 읽을 수 없습니다: {path.name} ({exc.strerror})") from exc


def sniff_format(raw: bytes, ext: str, name: str = "") -> str:
    """The format to read `raw` as. Content wins when its magic bytes clearly name a supported
    format; otherwise the extension decides, and an unknown one is refused."""
    name = name or f"파일{ext}"
    if raw.startswith(b"%PDF-") or (ext == ".pdf" and b"%PDF-" in raw[:1024]):
        return "pdf"
    if raw.startswith(_OLE_MAGIC):
        raise IngestError(_ole_message(ext))
    if raw.startswith(_ZIP_MAGICS):
        return _zip_format(raw, ext, name)
    if ext == ".hwp":
        raise IngestError(HWP5_MESSAGE)
    if ext in (".docx", ".hwpx"):
        raise IngestError(
            f"파일이 손상되었거나 {ext[1:].upper()} 형식이 아닙니다: {name} (zip 압축 형식이 아닙니다)."
        )
    if ext not in _EXT_FORMAT:
        raise IngestError(unsupported_message(name, ext))
    return _EXT_FORMAT[ext]


def _ole_message(ext: str) -> str:
    if ext in _OLD_OFFICE:
        return (
            f"지원하지 않는 형식입니다: 예전 오피스 형식({ext}) 파일은 DOCX 또는 PDF로 "
            "저장한 뒤 올려 주세요."
        )
    return HWP5_MESSAGE


def _zip_format(raw: bytes, ext: str, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            sizes = [info.file_size for info in zf.infolist()]
            mimetype = _zip_mimetype(zf, names)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IngestError(
            f"파일이 손상되었습니다: {name} (DOCX/HWPX의 zip 압축 구조를 읽을 수 없습니다)."
        ) from exc
    check_zip_sizes(sizes, name, limit_total=MAX_INFLATION * max_bytes())
    if "word/document.xml" in names:
        return "docx"
    if "Contents/section0.xml" in names or mimetype == "application/hwp+zip":
        return "hwpx"
    if ext in (".docx", ".hwpx"):
        raise IngestError(
            f"파일이 손상되었거나 {ext[1:].upper()} 형식이 아닙니다: {name} (본문 XML이 없습니다)."
        )
    raise IngestError(
        f"지원하지 않는 형식입니다: {name}은(는) DOCX나 HWPX가 아닌 zip 압축 파일입니다."
    )


def _zip_mimetype(zf: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" not in names or zf.getinfo("mimetype").file_size > 200:
        return ""
    try:
        return zf.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return ""


def unsupported_message(name: str, ext: str) -> str:
    kinds = ", ".join(SUPPORTED_EXTENSIONS)
    shown = ext or "(확장자 없음)"
    return f"지원하지 않는 파일 형식입니다: {name} [{shown}]. 올릴 수 있는 형식: {kinds}"


def _read_format(fmt: str, raw: bytes, name: str) -> ReaderOutput:
    if fmt == "pdf":
        from ingest.readers.pdf import read_pdf

        return read_pdf(raw, name)
    if fmt == "docx":
        from ingest.readers.docx import read_docx

        return read_docx(raw, name)
    if fmt == "hwpx":
        from ingest.readers.hwpx import read_hwpx

        return read_hwpx(raw, name)
    if fmt == "html":
        from ingest.readers.html import read_html

        return ReaderOutput(read_html(raw, name))
    from ingest.readers.text import read_text

    return ReaderOutput(read_text(raw, name))


def _normalize(out: ReaderOutput) -> ReaderOutput:
    """NFC everywhere, and no line may hide a newline: a cell or run that still holds one
    is split so that line numbers stay true (its page and level go with every part)."""
    lines: list[str] = []
    pages: list[int] | None = [] if out.pages is not None else None
    levels: list[int | None] | None = [] if out.levels is not None else None
    covers: list[str | None] | None = [] if out.covers is not None else None
    for i, line in enumerate(out.lines):
        parts = split_lines(unicodedata.normalize("NFC", line)) or [""]
        lines.extend(parts)
        if pages is not None:
            pages.extend([out.pages[i]] * len(parts))
        if levels is not None:
            levels.extend([out.levels[i]] * len(parts))
        if covers is not None:
            covers.extend([out.covers[i] if len(parts) == 1 else None] * len(parts))
    out.lines, out.pages, out.levels, out.covers = lines, pages, levels, covers
    return out


def _no_text_message(fmt: str, name: str) -> str:
    if fmt == "pdf":
        return (
            f"PDF에서 글자를 찾을 수 없습니다: {name}. 스캔한 이미지 PDF라면 "
            "글자 인식(OCR)을 거친 뒤 올려 주세요."
        )
    if fmt in ("txt", "md"):
        return f"빈 파일입니다: {name} (공백만 있고 내용이 없습니다)."
    return f"문서에서 글자를 찾을 수 없습니다: {name} (본문이 비어 있습니다)."
