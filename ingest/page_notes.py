"""Summary lines for pages that were ingested without their text: a page is never silently
empty. A page drawn as a picture (a scan, an infographic exported as an image) needs OCR; a
blank page is only counted."""

from __future__ import annotations

import json


def summary_notes(documents: list[dict]) -> list[str]:
    """One Korean line per document with such pages, from the catalog's `page_notes`."""
    notes = []
    for d in documents:
        pages = json.loads(d.get("page_notes") or "{}")
        textless, blank = pages.get("textless") or [], pages.get("blank") or []
        if textless:
            notes.append(f"{d['doc_id']}: 텍스트가 없는 쪽 {len(textless)}개: OCR이 필요합니다 (쪽 {_pages(textless)})")
        if blank:
            notes.append(f"{d['doc_id']}: 빈 쪽 {len(blank)}개 (쪽 {_pages(blank)})")
    return notes


def _pages(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)
