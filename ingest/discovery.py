"""Which files under the ingested folders are reports, and why each of the others is left out.

Every entry found gets an answer: a file to read, or a skip with a Korean reason (hidden files,
links, sidecars, files of another kind), so that nothing in the data folder vanishes without a
word. Links are never followed: one pointing outside the folder would pull in a file nobody
put there (a link to /etc/passwd), and one pointing inside names a file that is read anyway.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ingest.readers import SUPPORTED_EXTENSIONS, unsupported_message

# Report formats we recognise but cannot read: read anyway, so the reader's message says how
# to convert them (an HWP 5 file is a report the user expects to be in the index).
KNOWN_UNREADABLE = (".hwp", ".doc")
NOT_REPORTS = (".json", ".md5", ".sha256")  # checksums and data files that travel with reports


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)  # to read, in a stable order
    skipped: list[dict] = field(default_factory=list)  # {"path", "status": "skipped", "reason"}

    def skip(self, path: Path, reason: str) -> None:
        self.skipped.append({"path": str(path), "status": "skipped", "reason": reason})


def discover(paths: list[Path]) -> Found:
    """Report files under the given paths. A path named explicitly is always read (a bad one
    then gets its reader's error instead of being ignored); folders are walked."""
    found = Found()
    for p in paths:
        if p.is_dir():  # a folder named as a link is the user's choice: its target is the root
            _walk(p, p.resolve(), found)
        elif p.exists() or p.is_symlink():
            found.files.append(p)
        else:
            found.skip(p, "파일이나 폴더가 없습니다.")
    found.files.sort()
    return found


def _walk(folder: Path, root: Path, found: Found) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found.skip(folder, f"폴더를 읽을 수 없습니다({exc.strerror}).")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            found.skip(path, _link_reason(path, root))
        elif entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):
                found.skip(path, "숨김 폴더(이름이 점으로 시작)라 안의 파일을 읽지 않습니다.")
            else:
                _walk(path, root, found)
        elif not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
            found.skip(path, "일반 파일이 아니라(장치, 파이프 등) 건너뜁니다.")
        else:
            _classify(path, found)


def _classify(path: Path, found: Found) -> None:
    name, ext = path.name, path.suffix.lower()
    if name.startswith("."):
        found.skip(path, "숨김 파일(이름이 점으로 시작)이라 건너뜁니다.")
    elif name.endswith(".meta.json"):
        found.skip(path, "보고서 메타데이터 파일입니다(같은 이름의 보고서를 읽을 때 함께 씁니다).")
    elif ext in SUPPORTED_EXTENSIONS or ext in KNOWN_UNREADABLE:
        found.files.append(path)
    elif ext in NOT_REPORTS:
        found.skip(path, f"보고서가 아닌 파일({ext})이라 건너뜁니다.")
    else:
        found.skip(path, unsupported_message(name, ext))


def _link_reason(path: Path, root: Path) -> str:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop of links
        return "끊어졌거나 순환하는 링크라 건너뜁니다."
    if not target.is_relative_to(root):
        return "수집 폴더 밖을 가리키는 링크라 건너뜁니다."
    return "링크라 건너뜁니다(가리키는 파일이 폴더 안에 있으면 그 파일로 수집됩니다)."
