"""Running headers, footers and page numbers: printed on every page, part of no paragraph.

Left in the body they cut a table continued on the next page in two and glue "- 3 -" to the
end of a paragraph. They are taken out of the body and kept, once each, as evidence for the
report's metadata (a running header often names the office).
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.readers.pdf_layout import PageItem

# The top and bottom strips of a page where running headers and footers sit.
ZONE = 0.085
PAGE_NUMBER = re.compile(
    r"^(?:[-–—‐·]\s*)?(?:\d{1,4}|[ivxlcdm]{1,6}|[IVX]{1,6})(?:\s*[-–—‐·])?$|^\d{1,4}\s*/\s*\d{1,4}$|^\(\s*\d{1,4}\s*\)$"
)
MIN_REPEATS = 3
MIN_SHARE = 0.3


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


def _shape(text: str) -> str:
    """A running line with its page number masked: '교통혁신국 - 3 -' ~ '교통혁신국 - 4 -'."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def strip_furniture(pages: list[list[PageItem]], heights: list[float]) -> tuple[list[list[PageItem]], list[str]]:
    """The pages without their running lines, and the distinct running texts (page numbers
    aside) in order of first appearance."""
    zoned = [[item for item in items if item.kind == "line" and _in_zone(item, h)] for items, h in zip(pages, heights)]
    counts = Counter(shape for items in zoned for shape in {_shape(i.text) for i in items})
    with_text = sum(1 for items in pages if items) or 1
    running = {s for s, n in counts.items() if n >= MIN_REPEATS and n >= MIN_SHARE * with_text}
    furniture: list[str] = []
    out: list[list[PageItem]] = []
    for items, zone_items in zip(pages, zoned):
        drop = {id(i) for i in zone_items if is_page_number(i.text) or _shape(i.text) in running}
        for i in zone_items:
            if id(i) in drop and not is_page_number(i.text) and i.text not in furniture:
                furniture.append(_without_page_number(i.text))
        out.append([i for i in items if id(i) not in drop])
    return out, list(dict.fromkeys(f for f in furniture if f))


def _in_zone(item: PageItem, height: float) -> bool:
    return item.bottom <= ZONE * height or item.top >= (1 - ZONE) * height


def _without_page_number(text: str) -> str:
    return re.sub(r"[-–—‐·]?\s*\d{1,4}\s*[-–—‐·]?\s*$", "", text).strip()
