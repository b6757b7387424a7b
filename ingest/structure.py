"""Section tree of a report, built from its own numbering: Roman numerals, "1." areas,
"1 title" items (also a bare "2" with its title on the next line), ①, □, label lines such as
"추진실적", ○ groups and markdown headings.

Reports are inconsistent (markdown levels jump around, the same list appears as a table of
contents before the sections, sub-lists restart at 1), so a heading's level comes from its kind
and its context, never from the markdown "#" count alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.document import Document

ROMAN = re.compile(r"^(?P<num>[IVX]{1,4}|[Ⅰ-Ⅻ])\s*[.．]\s*(?P<title>\S.*)$")
DOT_NUM = re.compile(r"^(?P<num>\d{1,2})\s*[.．]\s+(?P<title>\S.*)$")
ITEM_NUM = re.compile(r"^(?P<num>\d{1,2})\s+(?P<title>(?=.*[가-힣]).{2,})$")
BARE_NUM = re.compile(r"^(?P<num>\d{1,2})\s*[.．]?$")  # "4", or "3." boxed above its title
CIRCLED = re.compile(r"^(?P<num>[①-⑳])\s*(?P<title>\S.*)$")
SQUARE = re.compile(r"^[□■◆◇]\s*(?P<title>\S.*)$")
BOX = re.compile(r"^[【〈<《]\s*(?P<title>[^】〉>》]+?)\s*[】〉>》]$")
CIRCLE_BULLET = re.compile(r"^[○◯●◦]\s*(?P<title>\S.*)$")
MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*)$")
BULLET = re.compile(r"^\s*(?:[-−–‐·•▶▸►※＊*➔⇒→✓ㆍ－]|\d+\))\s*")
LABEL_SUFFIXES = (
    "목표", "계획", "실적", "일정", "현황", "개요", "내용", "방향", "근거", "자료", "기능",
    "사항", "결과", "구성", "조직", "운영", "배경", "문제점", "총괄", "과부족",
)

LEVEL_ROMAN, LEVEL_AREA, LEVEL_ITEM, LEVEL_SUB, LEVEL_GROUP = 1, 2, 3, 4, 5


@dataclass
class Heading:
    line: int  # 1-based line of the heading's title
    level: int
    kind: str  # roman | area | item | circled | square | label | box | markdown
    number: str
    title: str
    number_line: int | None = None  # a bare "2" line that precedes its title


@dataclass
class Outline:
    """Headings of a document and, for every line, the chain of headings it sits under."""

    headings: list[Heading]
    path_of_line: list[list[Heading]]  # index i -> headings enclosing line i + 1
    cover_end: int  # last line of the cover (title page) before the first real heading
    heading_lines: set[int] = field(default_factory=set)

    def breadcrumb(self, line: int) -> list[str]:
        return [h.title for h in self.path_of_line[line - 1]]


def clean_heading_text(text: str) -> str:
    """Strip markdown decoration so that '### □ 추진방향' and '**추진**' read as plain titles."""
    t = text.strip()
    m = MD_HEADING.match(t)
    if m:
        t = m.group("text").strip()
    t = t.replace("**", "").replace("\\*", "*").strip()
    t = re.sub(r"^[-–]{3,}$", "", t)
    return t


def squash_spaced(text: str) -> str:
    """'추 진 실 적' → '추진실적', '1 주 요 기 능' → '1 주요기능': runs of single Hangul syllables
    separated by spaces are one word spaced out for layout."""
    tokens = text.split(" ")
    out: list[str] = []
    run: list[str] = []
    for tok in tokens + [""]:
        if len(tok) == 1 and "가" <= tok <= "힣":
            run.append(tok)
            continue
        if run:
            out.append("".join(run) if len(run) >= 2 else run[0])
            run = []
        if tok:
            out.append(tok)
    return " ".join(out)


def is_label_line(text: str) -> bool:
    """A short stand-alone line such as '추진실적' or '예산현황 : 비예산사업' that titles what follows."""
    t = squash_spaced(text)
    core = t.split(":")[0].strip()
    if not (2 <= len(core) <= 20) or "\t" in text:
        return False
    if core.replace(" ", "").startswith(("구분", "연도", "항목")):  # a flattened table's header row
        return False
    if re.search(r"[.,。!?)(]$", core) or re.search(r"\d{2,}", core):
        return False
    if not re.fullmatch(r"[가-힣A-Za-z·\s&/]+", core):
        return False
    return core.replace(" ", "").endswith(LABEL_SUFFIXES)


def _next_nonblank(lines: list[str], i: int, limit: int = 3) -> int | None:
    j = i + 1
    while j < len(lines) and j <= i + limit:
        if lines[j].strip():
            return j
        j += 1
    return None


def boxed_cell(raw: str) -> str | None:
    """The text of a line that is one boxed cell of a PDF page ('\t사직야구장 재건축\t', '\t4\t': a
    section's number and title drawn in boxes), else None. A table row has more cells."""
    if not raw.startswith("\t"):
        return None
    cells = raw.split("\t")
    filled = [c.strip() for c in cells if c.strip()]
    return filled[0] if len(cells) <= 3 and len(filled) == 1 else None


def _unboxed(raw: str) -> str | None:
    """A line as text for heading detection: a boxed cell's text, None for any other table row."""
    if "\t" not in raw:
        return raw
    return boxed_cell(raw)


def _classify(lines: list[str], i: int) -> tuple[str, str, str, int | None] | None:
    """Return (kind, number, title, title_index) for a heading line, else None."""
    raw = _unboxed(lines[i])
    if raw is None:
        return None
    text = clean_heading_text(raw)
    if not text:
        return None
    is_md = bool(MD_HEADING.match(raw.strip()))
    for kind, rx in (("roman", ROMAN), ("circled", CIRCLED), ("square", SQUARE)):
        m = rx.match(text)
        if m:
            return kind, m.groupdict().get("num", "") or "", m.group("title").strip(), None
    m = DOT_NUM.match(text)
    if m and len(text) <= 60:
        return "area", m.group("num"), m.group("title").strip(), None
    m = BARE_NUM.match(text)
    if m:
        j = _next_nonblank(lines, i)
        if j is not None and _unboxed(lines[j]) is not None:
            title = clean_heading_text(_unboxed(lines[j]))
            if title and not BULLET.match(title) and len(title) <= 80 and re.search(r"[가-힣]", title):
                return "item", m.group("num"), title, j
        return None
    m = ITEM_NUM.match(text)
    if m and len(text) <= 80 and not re.match(r"^\d{1,2}\s+[\d,.%]+\s+[\d,.%△Δ-]", text):
        return "item", m.group("num"), m.group("title").strip(), None
    m = BOX.match(text)
    if m:
        return "box", "", m.group("title").strip(), None
    if is_label_line(text):
        return "label", "", squash_spaced(text), None
    if is_md:
        return "markdown", "", text, None
    return None


class _NumberingState:
    """Tells a top-level '2. 쌍방향 소통…' area apart from a '1. 주요 현안…' list inside an item."""

    def __init__(self) -> None:
        self.last_area: int | None = None
        self.last_inner_dot: int | None = None

    def area_level(self, num: int, inside_item: bool) -> int:
        if self.last_inner_dot is not None and num == self.last_inner_dot + 1 and inside_item:
            self.last_inner_dot = num
            return LEVEL_GROUP
        if inside_item and num == 1:
            self.last_inner_dot = 1
            return LEVEL_GROUP
        self.last_area = num
        self.last_inner_dot = None
        return LEVEL_AREA


def build_outline(doc: Document) -> Outline:
    lines = doc.lines
    headings: list[Heading] = []
    stack: list[Heading] = []
    path_of_line: list[list[Heading]] = []
    numbering = _NumberingState()
    skip_until = -1
    first_heading_line: int | None = None
    pending_title: dict[int, Heading] = {}

    for i in range(len(lines)):
        if i in pending_title:
            path_of_line.append(list(stack))
            continue
        if i <= skip_until:
            path_of_line.append(list(stack))
            continue
        found = _classify(lines, i)
        if found is None:
            path_of_line.append(list(stack))
            continue
        kind, number, title, title_index = found
        level = _level_for(kind, stack, numbering, number)
        if level is None:
            path_of_line.append(list(stack))
            continue
        heading = Heading(
            line=(title_index + 1) if title_index is not None else i + 1,
            level=level,
            kind=kind,
            number=number,
            title=_display_title(number, title, kind),
            number_line=(i + 1) if title_index is not None else None,
        )
        while stack and stack[-1].level >= level:
            stack.pop()
        stack.append(heading)
        headings.append(heading)
        if first_heading_line is None and kind in ("roman", "area", "item", "circled", "square"):
            first_heading_line = i + 1
        path_of_line.append(list(stack))
        if title_index is not None:
            pending_title[title_index] = heading
    cover_end = (first_heading_line - 1) if first_heading_line else 0
    heading_lines = {h.line for h in headings} | {h.number_line for h in headings if h.number_line}
    return Outline(headings, path_of_line, cover_end, heading_lines)


def _display_title(number: str, title: str, kind: str) -> str:
    title = squash_spaced(title)
    if kind in ("item", "circled") and number:
        return f"{number} {title}"
    if kind == "roman" and number:
        return f"{number}. {title}"
    if kind == "area" and number:
        return f"{number}. {title}"
    return title


def _level_for(kind: str, stack: list[Heading], numbering: _NumberingState, number: str) -> int | None:
    top = stack[-1].level if stack else 0
    inside_item = any(h.level >= LEVEL_ITEM for h in stack)
    if kind == "roman":
        numbering.last_inner_dot = None
        return LEVEL_ROMAN
    if kind == "area":
        return numbering.area_level(int(number), inside_item)
    if kind == "item":
        return LEVEL_ITEM
    if kind == "circled":
        return LEVEL_GROUP if top >= LEVEL_SUB else LEVEL_ITEM
    if kind in ("square", "label"):
        return LEVEL_SUB
    if kind == "box":
        return LEVEL_GROUP
    if kind == "markdown":
        return LEVEL_GROUP if top >= LEVEL_ITEM else LEVEL_SUB
    return None


def looks_like_heading(text: str) -> bool:
    """Whether a single line reads as a heading (used where the outline is not at hand)."""
    t = clean_heading_text(text)
    if not t or "\t" in text:
        return False
    if ROMAN.match(t) or CIRCLED.match(t) or SQUARE.match(t) or BARE_NUM.match(t):
        return True
    if DOT_NUM.match(t) and len(t) <= 60:
        return True
    m = ITEM_NUM.match(t)
    if m and len(t) <= 80:
        return True
    return is_label_line(t)
