"""Plain text and markdown: decode the bytes, keep every line verbatim."""

from __future__ import annotations

import codecs
import re
import unicodedata

from ingest.document import IngestError

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE BOM
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_KOREAN_FAMILY = {"cp949", "euc_kr", "euc-kr", "uhc", "ks_c_5601-1987", "johab", "iso2022_kr"}
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def decode_text(raw: bytes, name: str, sniff_html: bool = False) -> str:
    """Decode text of unknown encoding; Korean legacy files (CP949/EUC-KR) are the usual case."""
    text = _decode(raw, sniff_html)
    if text is None or _looks_binary(text):
        raise IngestError(
            f"텍스트 파일로 읽을 수 없습니다: {name} (문자 인코딩을 알 수 없거나 이진 데이터입니다)."
        )
    return text


def _decode(raw: bytes, sniff_html: bool) -> str | None:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding)
    for encoding in ("utf-8", _declared_charset(raw) if sniff_html else None):
        text = _strict(raw, encoding) if encoding else None
        if text is not None:
            return text
    damaged = _damaged_utf8(raw)
    if damaged is not None:
        return damaged
    korean = _strict(raw, "cp949")
    if korean is not None and _mostly_hangul(korean):
        return korean
    return _guess(raw)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _damaged_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a file cut mid-character, one stray byte) keeps its text,
    the broken bytes shown as U+FFFD, instead of being guessed as some other encoding."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    multibyte = sum(1 for c in text if ord(c) > 0x7F) - bad
    return text if bad <= max(2, len(text) // 1000) and multibyte >= 20 * bad else None


def _declared_charset(raw: bytes) -> str | None:
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def _mostly_hangul(text: str) -> bool:
    """A strict CP949 decode that yields mostly Hangul is CP949: checked before the generic
    detector, which may otherwise call short Korean files Big5 or a Cyrillic code page."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    hangul = sum(1 for c in non_ascii if "가" <= c <= "힣" or "ㄱ" <= c <= "ㆎ")
    return bool(non_ascii) and hangul >= 0.5 * len(non_ascii)


def _guess(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    encoding = "cp949" if best.encoding.lower() in _KOREAN_FAMILY else best.encoding
    return _strict(raw, encoding) or str(best)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:200_000]
    bad = sum(
        1
        for c in sample
        if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS)
    )
    return "\x00" in sample or bad > 0.01 * len(sample)


def read_text(raw: bytes, name: str) -> list[str]:
    return split_lines(decode_text(raw, name))


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: a final newline ends the last line, it adds none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines
