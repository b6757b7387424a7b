"""Parse untrusted files in a child process with a memory and a time limit.

The caps of ingest.limits stop the bombs we know of; this is the backstop for the ones we do not
(a parser that is slow or greedy on some input): the child's address space is limited with
setrlimit, each file has a wall-clock deadline, and a child that runs over either is killed and
replaced. The app process never parses an upload itself, so no upload can exhaust it.

    with ParseWorker() as worker:
        parsed = worker.parse(path, "보고서.pdf")   # Parsed, or IngestError in Korean
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ingest.document import IngestError

DEFAULT_SECONDS = 600.0  # a real 3 MB PDF takes up to ~2 minutes on a busy 2-core machine
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class WorkerLimits:
    seconds: float = DEFAULT_SECONDS  # wall clock per file
    memory_mb: int = DEFAULT_MEMORY_MB  # address space of the worker process


def limits_from_env() -> WorkerLimits:
    """$ASSISTANT_PARSE_TIMEOUT (seconds) and $ASSISTANT_PARSE_MEMORY_MB, read on every call."""
    return WorkerLimits(
        seconds=_positive(os.environ.get("ASSISTANT_PARSE_TIMEOUT"), DEFAULT_SECONDS),
        memory_mb=int(_positive(os.environ.get("ASSISTANT_PARSE_MEMORY_MB"), DEFAULT_MEMORY_MB)),
    )


def _positive(value: str | None, default: float) -> float:
    try:
        number = float(value) if value else 0.0
    except ValueError:
        return default
    return number if number > 0 else default


class ParseWorker:
    """One child process (`python -m ingest.parse_worker`), started on first use, that parses
    one file at a time. A plain subprocess rather than multiprocessing: spawning would re-run
    the caller's main script, and forking would copy the app's threads mid-step."""

    def __init__(self, limits: WorkerLimits | None = None) -> None:
        self.limits = limits or limits_from_env()
        self._process: subprocess.Popen | None = None
        self._send: Connection | None = None
        self._recv: Connection | None = None

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def parse(self, path: str | Path, doc_id: str, origin: str | Path | None = None):
        name = Path(path).name
        self._ensure_started()
        try:
            self._send.send((str(path), doc_id, str(origin) if origin else None))
            ready = self._recv.poll(self.limits.seconds)
        except (OSError, EOFError):
            ready = True  # the child is gone: recv below says so
        if not ready:
            self._stop(grace=0)
            raise IngestError(
                f"읽는 데 너무 오래 걸려 중단했습니다: {name} ({self.limits.seconds:g}초 제한). "
                "파일이 손상되었거나 지나치게 큰 문서일 수 있습니다."
            )
        try:
            status, payload = self._recv.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            self._stop(grace=0)
            raise IngestError(
                f"읽는 중 처리가 중단되었습니다: {name} (메모리 {self.limits.memory_mb:g}MB 한도를 "
                "넘었을 수 있습니다). 파일을 확인해 주세요."
            ) from None
        if status == "ok":
            return payload
        if status == "fatal":  # a MemoryError leaves the child in no state to go on
            self._stop(grace=0)
        raise IngestError(payload)

    def close(self) -> None:
        if self._send is not None:
            try:
                self._send.send(None)
            except (OSError, ValueError):
                pass
        self._stop(grace=5.0)

    def _ensure_started(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._stop(grace=0)
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # the child imports this very code, wherever the parent imported it from
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ingest.parse_worker", str(to_child_r), str(from_child_w),
             str(self.limits.memory_mb)],
            pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, env=env, close_fds=True,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._recv = Connection(from_child_r, writable=False)

    def _stop(self, grace: float) -> None:
        if self._process is not None:
            try:
                self._process.wait(grace)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(10)
        for conn in (self._send, self._recv):
            if conn is not None:
                conn.close()
        self._process = self._send = self._recv = None


def _serve(recv: Connection, send: Connection, memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from ingest.parsing import parse_document

    while True:
        try:
            request = recv.recv()
        except EOFError:
            return
        if request is None:
            return
        path, doc_id, origin = request
        name = Path(path).name
        try:
            reply = ("ok", parse_document(Path(path), doc_id, Path(origin) if origin else None))
        except IngestError as exc:
            reply = ("error", str(exc))
        except MemoryError:
            reply = None
        except Exception as exc:  # a parser bug on one file must not take the worker down
            reply = ("error", f"처리 중 오류가 발생했습니다: {name} ({type(exc).__name__})")
        try:
            if reply is None:
                raise MemoryError
            send.send(reply)
        except MemoryError:
            reply = None  # free what can be freed before the last message
            send.send(("fatal", f"읽는 중 메모리 한도({memory_mb:g}MB)를 넘었습니다: {name}. "
                                "파일이 손상되었거나 지나치게 큰 문서일 수 있습니다."))
            return


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False),
           int(sys.argv[3]))
