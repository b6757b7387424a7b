"""How large one document may grow while it is read, whatever its file size.

A 300 KB DOCX can inflate into millions of paragraphs and take minutes and gigabytes to parse:
the upload size limit alone does not bound the work. These caps are checked while a file is
read (zip members before they are inflated, lines and table fields as they accumulate), so a
file that would exceed one is refused early with a Korean message instead of being parsed.

Each cap can be changed with an environment variable, read on every call; the defaults are
far above what a real report needs (the largest development report is under 2,000 lines).
"""

from __future__ import annotations

import os

from ingest.document import IngestError

MB = 1024 * 1024

# name → (environment variable, default)
_CAPS = {
    "part_bytes": ("ASSISTANT_MAX_PART_MB", 50 * MB),  # one member of a DOCX/HWPX zip, inflated
    "inflated_bytes": ("ASSISTANT_MAX_INFLATED_MB", 100 * MB),  # all members together, inflated
    "lines": ("ASSISTANT_MAX_LINES", 100_000),  # lines of one document
    "cells": ("ASSISTANT_MAX_CELLS", 200_000),  # table fields (tab-separated) of one document
}


def cap(name: str) -> int:
    env, default = _CAPS[name]
    value = os.environ.get(env, "").strip()
    try:
        number = float(value) if value else 0.0
    except ValueError:
        number = 0.0
    if number <= 0:
        return default
    return int(number * MB) if name.endswith("bytes") else int(number)


def check_zip_sizes(sizes: list[int], name: str, limit_total: int | None = None) -> None:
    """Refuse a zip whose members would inflate beyond the caps (sizes from its directory;
    zipfile never inflates a member past its declared size, so the check holds)."""
    part, total = cap("part_bytes"), cap("inflated_bytes")
    if limit_total is not None:
        total = min(total, limit_total)
    biggest = max(sizes, default=0)
    if biggest > part:
        raise IngestError(
            f"압축을 풀면 너무 큰 파일입니다: {name} (압축 해제 크기 제한 초과: 한 부분이 "
            f"{biggest / MB:.0f}MB, 한도 {part / MB:g}MB)."
        )
    if sum(sizes) > total:
        raise IngestError(
            f"압축을 풀면 너무 큰 파일입니다: {name} (압축 해제 크기 제한 초과: 모두 "
            f"{sum(sizes) / MB:.0f}MB, 한도 {total / MB:g}MB)."
        )


class LineBudget:
    """Counts lines and table fields as a reader produces them, and stops the reader as soon
    as a cap is passed: a bomb is refused after reading a cap's worth, not all of it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.max_lines, self.max_cells = cap("lines"), cap("cells")
        self.lines = 0
        self.cells = 0

    def add(self, line: str) -> None:
        self.lines += 1
        if "\t" in line:
            self.cells += line.count("\t") + 1
        if self.lines > self.max_lines:
            self.refuse_lines()
        if self.cells > self.max_cells:
            raise IngestError(
                f"표가 너무 큽니다: {self.name} (표 칸 {self.max_cells:,}개 초과). "
                "보고서를 나누어 올려 주세요."
            )

    def extend(self, lines: list[str]) -> list[str]:
        for line in lines:
            self.add(line)
        return lines

    def expect(self, at_least: int) -> None:
        """A reader that can count what is coming (paragraphs in a parsed tree) refuses
        before it spends the time to read them."""
        if at_least > self.max_lines:
            self.refuse_lines()

    def refuse_lines(self) -> None:
        raise IngestError(
            f"문서가 너무 깁니다: {self.name} ({self.max_lines:,}줄 초과). 보고서를 나누어 올려 주세요."
        )


def check_lines(lines: list[str], name: str) -> None:
    """The caps applied to a reader's finished output (formats that are not read line by line)."""
    LineBudget(name).extend(lines)


def check_cells(n_cells: int, name: str) -> None:
    """Table parsing may find cells in text without tabs (columns flattened into spaces)."""
    limit = cap("cells")
    if n_cells > limit:
        raise IngestError(
            f"표가 너무 큽니다: {name} (표 칸 {limit:,}개 초과). 보고서를 나누어 올려 주세요."
        )
