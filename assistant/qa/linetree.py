"""Every line of a report in its section tree: its parent line and its children.

A line's rank comes from the report's own structure: section headings first (by their outline
level), then bullet kinds in the order reports nest them (□ ○ - · ▶ ※), then indentation. A line's
parent is the nearest line above it of a lower rank. Lists ("…를 모두 나열해 줘") are the children of
a line; a number's context is its line and the lines above it in this tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index import LoadedIndex
from ingest.bullets import CIRCLE, MARKER_RANKS, SQUARE
from ingest.structure import boxed_cell

# Ranks: a lower rank holds the lines of a higher one. Headings are 10 × their outline level; bullet
# marks rank from 60 (ingest/bullets.py).
LEAD_MARK = re.compile(rf"^[{SQUARE}{CIRCLE}◦①-⑳]")
PLAIN_RANK = 66  # a bare line under a heading: an item of it, above its own '-' details
TABLE_RANK = 98  # a table row: a leaf under the line that introduces the table
# A line that is one boxed cell ('\t사직야구장 재건축\t', '\t4\t'): a PDF page's boxed section title or
# its number, above the □ lines that follow it.
BOX_RANK = 30  # level 3 of the outline: under a roman-numbered part, above its □ headings
_BOX_TITLE = re.compile(r"^(?:\d{1,2}|.*[가-힣].{2,})$")
_DECORATION = re.compile(r"^(?:#{1,6}\s*)?(?:\*\*)?\s*")


@dataclass(frozen=True)
class DocTree:
    parent: tuple[int, ...]  # parent[n] = parent line of line n (0: none); index 0 unused
    rank: tuple[int, ...]
    lead: tuple[bool, ...] = ()  # lead[n]: line n opens with □, ○ or ① (it introduces what follows)

    def ancestors(self, n: int, limit: int = 6) -> list[int]:
        out = []
        p = self.parent[n] if 0 < n < len(self.parent) else 0
        while p and len(out) < limit:
            out.append(p)
            p = self.parent[p]
        return out

    def lead_bullet(self, n: int, window: int = 10) -> int:
        """The nearest □/○/① line within a few lines above n (0: none)."""
        for m in range(n - 1, max(0, n - window) - 1, -1):
            if 0 < m < len(self.lead) and self.lead[m]:
                return m
        return 0

    def children(self, n: int) -> list[int]:
        return [m for m in range(n + 1, len(self.parent)) if self.parent[m] == n]

    def headings(self) -> list[int]:
        """The lines that have lines under them."""
        return sorted({p for p in self.parent[1:] if p})

    def subtree_end(self, n: int) -> int:
        """The last line under line n."""
        end = n
        for m in range(n + 1, len(self.parent)):
            p, inside = self.parent[m], False
            while p:
                if p == n:
                    inside = True
                    break
                p = self.parent[p] if p < m else 0
            if not inside and self.rank[m] != 0:
                break
            end = m
        return end


def line_rank(text: str, heading_level: int | None) -> int:
    if heading_level is not None:
        return 10 * heading_level
    if "\t" in text:
        box = boxed_cell(text)
        if box is not None and len(box) <= 60 and _BOX_TITLE.match(box):
            return BOX_RANK
        return TABLE_RANK
    indent = len(text) - len(text.lstrip(" "))
    t = _DECORATION.sub("", text.strip())
    t = re.sub(r"^[-－–−]\s*(?=[*＊※▶])", "", t)  # "- * …", "- ※ …": a note, whatever bullet it wears
    for pattern, rank in MARKER_RANKS:
        if pattern.match(t):
            return rank + min(indent, 6)
    return PLAIN_RANK + min(indent, 6)


class LineTrees:
    """The tree of each document, built on first use."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self._trees: dict[str, DocTree] = {}

    def of(self, doc_id: str) -> DocTree:
        tree = self._trees.get(doc_id)
        if tree is None:
            tree = self._build(doc_id)
            self._trees[doc_id] = tree
        return tree

    def _build(self, doc_id: str) -> DocTree:
        lines = self.index.lines(doc_id)
        levels = {line: level for line, level, _ in self.index.docs[doc_id].outline}
        parent = [0] * (len(lines) + 1)
        rank = [0] * (len(lines) + 1)
        stack: list[tuple[int, int]] = []  # (rank, line)
        for n, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            r = line_rank(text, levels.get(n))
            rank[n] = r
            while stack and stack[-1][0] >= r:
                stack.pop()
            parent[n] = stack[-1][1] if stack else 0
            stack.append((r, n))
        lead = [False] + [bool(LEAD_MARK.match(_DECORATION.sub("", t.strip()))) for t in lines]
        return DocTree(tuple(parent), tuple(rank), tuple(lead))
