"""Which paths of an upload request are files a user really uploaded.

A Gradio upload event names its files by server path. A client can name any path in that
request, and Gradio only checks that it lies in its upload folder: a file someone else left
there (another component's cache, a file planted by another process) or a link inside it would
be read, indexed and then served by /source and /ask. So a path is accepted only when Gradio's
own upload route received it (Blocks.upload_file_set), it is a regular file and not a link, and
its real path lies inside the upload folder.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Collection
from pathlib import Path

from assistant.uploads import sanitize_filename

log = logging.getLogger(__name__)


def received_files(paths: list[str], upload_dir: str | Path, received: Collection[str]) -> tuple[list[Path], list[str]]:
    """(accepted paths, Korean messages for the refused ones)."""
    named = Path(os.path.abspath(upload_dir))
    roots = (named, named.resolve())  # the folder as configured, and as it really is
    received_abs = {os.path.abspath(p) for p in received}
    accepted: list[Path] = []
    refused: list[str] = []
    for raw in paths:
        path = Path(os.path.abspath(raw))
        problem = _problem(path, roots, received_abs)
        if problem is None:
            accepted.append(path)
        else:
            log.warning("upload refused: %s (%s)", path, problem)
            refused.append(f"{sanitize_filename(path.name)}: {problem}")
    return accepted, refused


NOT_RECEIVED = "이 앱이 받은 업로드 파일이 아닙니다. 파일을 다시 올려 주세요."


def _problem(path: Path, roots: tuple[Path, Path], received: set[str]) -> str | None:
    base = next((r for r in roots if path != r and path.is_relative_to(r)), None)
    if base is None:
        return NOT_RECEIVED
    current = base
    for part in path.relative_to(base).parts:  # no link between the upload folder and the file
        current = current / part
        if os.path.islink(current):
            return "링크(바로 가기) 파일은 받을 수 없습니다. 원본 파일을 올려 주세요."
    try:
        info = os.lstat(path)
    except OSError:
        return "올린 파일을 찾을 수 없습니다. 다시 올려 주세요."
    if not stat.S_ISREG(info.st_mode):
        return "일반 파일이 아니라 받을 수 없습니다."
    if not path.resolve().is_relative_to(roots[1]) or str(path) not in received:
        return NOT_RECEIVED
    return None
