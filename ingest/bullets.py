"""Bullet marks of Korean government reports, in one place.

Reports nest their lines with marks in a fixed order: □ (a task), ○ or ㅇ (its points; the jamo ㅇ
stands for ○ in many offices' PDFs, but only when set apart from the word after it), ◦, '-', '·', ▶,
※. The answer engine's line tree ranks lines by these marks, the quoting cleaner strips them, and the
field reader ('ㅇ 위 치 : …') skips them.
"""

from __future__ import annotations

import re

SQUARE = "□■◆◇❏❑▣▢" + "".join(chr(c) for c in range(0xF000, 0xF100))
"""Task marks. U+F000–U+F0FF are a symbol font's private code points (Wingdings and its kin): a PDF
whose task bullet is drawn in such a font gives that code point, not the glyph, and in the reports
seen it always heads ○ points, as □ does."""
SUMMARY = "❖◈◊"
"""Marks of a section's aims, set above its □ tasks ('◈ 사전예방 감사로 예산절감'): ranked with □ so
that the tasks after them are their siblings, not their children."""
CIRCLE = "○◯●❍"
SMALL_CIRCLE = "◦▪"
DASH = "-－–−‐"
DOT = "·•ㆍ∙"
ARROW = "▶▷▹▸►➔⇒→✓✔▴"
NOTE = "※*＊"
JAMO_CIRCLE = r"ㅇ(?=\s|\()"
"""ㅇ written for ○: a bullet only before a space or a parenthesis ('ㅇ (정책) …'), never in a word."""

MARK = rf"(?:[{re.escape(SQUARE + SUMMARY + CIRCLE + SMALL_CIRCLE + DASH + DOT + ARROW + NOTE)}]|{JAMO_CIRCLE})"
"""Any one bullet mark."""

LEADING_BULLET = re.compile(rf"^\s*(?:{MARK}|\d+\)|[①-⑳])\s*")
"""A line's leading bullet, numbered ones ('1)', '①') included: what a quote drops."""

MARKER_RANKS: tuple[tuple[re.Pattern, int], ...] = (
    (re.compile(rf"^[{SQUARE}{SUMMARY}]"), 60),
    (re.compile(r"^[①-⑳]"), 64),
    (re.compile(rf"^(?:[{CIRCLE}]|{JAMO_CIRCLE})"), 70),
    (re.compile(rf"^[{SMALL_CIRCLE}]"), 74),
    (re.compile(r"^\d{1,2}\)\s"), 76),
    (re.compile(r"^[가-하]\.\s"), 77),
    (re.compile(rf"^[{re.escape(DASH)}]"), 80),
    (re.compile(rf"^[{DOT}]"), 85),
    (re.compile(rf"^[{ARROW}]"), 88),
    (re.compile(r"^(예\)|예시\)|例\))"), 90),  # an example under the line above
    (re.compile(rf"^[{re.escape(NOTE)}]"), 92),
)
"""Rank of a line by its mark, in the order reports nest them: a lower rank holds a higher one."""
