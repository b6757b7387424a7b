"""Paragraph levels and the section tree every format shares.

In a text report a sub-bullet is set in by leading spaces. In DOCX, HWPX and PDF it is set in
by the paragraph's indentation (w:ind or a numbering level, hp:paraPr margins, the x-position
of the printed line) and the text itself starts at column 0. The readers turn that
indentation into a small integer per line, its depth among the document's indent stops, and
`section_parents` builds one tree from either:

- a heading's parent is the heading it sits under (`Outline`, from the report's numbering);
- any other line hangs under the nearest line above it, in the same section, that is set less
  deep; at equal depth the bullet kind decides (□ above ○ above - above ※ above plain text),
  as the reports use them.
"""

from __future__ import annotations

import re

from ingest.bullets import ARROW, CIRCLE, DASH, JAMO_CIRCLE, NOTE, SMALL_CIRCLE, SQUARE, SUMMARY
from ingest.structure import Outline

# Bullet kinds from the outermost to the innermost, as Korean reports nest them (ingest/bullets.py);
# the format's own depth comes first, so these ranks are coarser than the answer's line tree: • and
# ∙ sit with ◦, and a bare line is innermost.
_MARKER_RANKS = (
    (re.compile(rf"^[{SQUARE}{SUMMARY}]"), 0),
    (re.compile(rf"^(?:[{CIRCLE}]|{JAMO_CIRCLE})"), 1),
    (re.compile(rf"^[{SMALL_CIRCLE}•∙]"), 2),
    (re.compile(rf"^[{re.escape(DASH)}]"), 3),
    (re.compile(r"^[·ㆍ]"), 4),
    (re.compile(rf"^[{ARROW}]"), 5),
    (re.compile(rf"^[{re.escape(NOTE)}]"), 6),
)
PLAIN_RANK = 7


def levels_from_positions(xs: list[float | None], tolerance: float = 3.0) -> list[int | None]:
    """Depth of each printed line from its left x: the rank of its indent stop among all the
    document's stops (stops closer than `tolerance` are one)."""
    stops: list[float] = []
    for x in sorted(x for x in xs if x is not None):
        if not stops or x - stops[-1] > tolerance:
            stops.append(x)
    out: list[int | None] = []
    for x in xs:
        if x is None:
            out.append(None)
            continue
        out.append(min(range(len(stops)), key=lambda i: abs(stops[i] - x)))
    return out


def levels_from_indents(indents: list[float | None]) -> list[int | None]:
    """Depth of each paragraph from its indentation in the format's own unit (twips, HWPUNIT):
    the rank of its value among the document's distinct values."""
    values = sorted({round(v) for v in indents if v is not None})
    rank = {v: i for i, v in enumerate(values)}
    return [None if v is None else rank[round(v)] for v in indents]


def marker_rank(text: str) -> int:
    t = text.strip().lstrip("#").strip()
    for pattern, rank in _MARKER_RANKS:
        if pattern.match(t):
            return rank
    return PLAIN_RANK


def indent_of(line: str, level: int | None) -> int:
    """The format's depth where it has one, else the leading whitespace (a tab counts 4)."""
    if level is not None:
        return level
    stripped = line.lstrip(" \t\u3000")
    prefix = line[: len(line) - len(stripped)]
    return prefix.count(" ") + 4 * prefix.count("\t") + 2 * prefix.count("\u3000")


def section_parents(lines: list[str], levels: list[int | None] | None, outline: Outline) -> list[int | None]:
    """For each line (1-based index i + 1), the line number of its parent in the section tree;
    None for blank lines, table rows and lines at the top of the document."""
    parents: list[int | None] = [None] * len(lines)
    stack: list[tuple[tuple[int, int], int]] = []  # (depth key, line) of the open body lines
    section: int | None = None  # the innermost heading line over the current line
    for i, text in enumerate(lines):
        n = i + 1
        path = outline.path_of_line[i] if i < len(outline.path_of_line) else []
        if n in outline.heading_lines:
            heading = next((h for h in path if h.line == n or h.number_line == n), None)
            above = [h for h in path if h is not heading]
            parents[i] = above[-1].line if above else None
            if heading is not None and heading.number_line == n:
                continue  # a bare "2" line: its title line on the next line opens the section
            section, stack = n, []
            continue
        innermost = path[-1].line if path else None
        if innermost != section:
            section, stack = innermost, []
        if not text.strip() or "\t" in text:
            continue
        key = (indent_of(text, levels[i] if levels else None), marker_rank(text))
        while stack and stack[-1][0] >= key:
            stack.pop()
        parents[i] = stack[-1][1] if stack else section
        stack.append((key, n))
    return parents
