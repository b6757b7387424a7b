"""Office names: the suffixes that make a word an office, the place prefixes they carry, and the
short names staff use for them."""

from __future__ import annotations

import re

ORG_WORD = re.compile(
    r"[가-힣A-Za-z0-9]{1,14}?(?:특별시의회사무처|의회사무처|사무처|비서실|조정실|홍보실|위원실|담당관실|담당관|본부|공사|공단|"
    r"재단|연구원|위원회|시의회|도의회|구의회|의회|시청|구청|도청|센터|경찰청|교육청|지방청|부처|협의회|국|실|과)(?![가-힣])"
)
"""A word that names an office or a body ('예산담당관', '교통혁신국', '행정문화위원회')."""

ISSUER_SUFFIX = re.compile(r"(국|실|본부|사무처|위원회|청|단|원|과)$")
"""Suffixes of a body that issues a work report (국/실/본부/위원회 …)."""

PLACE_PREFIXES = ("서울특별시", "서울시", "서울", "부산광역시", "부산시", "부산", "市")
"""City names that may precede an office name ('서울시 기획조정실'). A report of that city often never
writes its own name, so as question words they are generic: they name no item."""

ALIASES = {
    "기조실": "기획조정실",
    "비서실": "시장비서실",
    "사무처": "의회사무처",
    "시의회사무처": "의회사무처",
}
"""Short names for issuing offices."""


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def strip_place(name: str) -> str:
    for p in PLACE_PREFIXES:
        if name.startswith(p) and len(name) > len(p) + 1:
            return name[len(p):]
    return name
