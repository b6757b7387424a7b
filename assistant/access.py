"""Who may use the app: optional users from ASSISTANT_AUTH or a users file, and the rule that a
server reachable from other machines must have them."""

from __future__ import annotations

import hmac
import ipaddress
import os
from pathlib import Path

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}


class AccessConfigError(ValueError):
    """The users configuration cannot be read; the message is for the operator, in Korean."""


def is_local(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _parse_pairs(items: list[str], where: str) -> dict[str, str]:
    users: dict[str, str] = {}
    for n, item in enumerate(items, start=1):
        item = item.strip()
        if not item or item.startswith("#"):
            continue
        user, sep, password = item.partition(":")
        if not sep or not user.strip() or not password:
            raise AccessConfigError(f"{where} {n}번째 항목을 읽을 수 없습니다. '사용자:비밀번호' 형식으로 적어 주세요.")
        users[user.strip()] = password
    return users


def load_users(environ: dict | None = None) -> dict[str, str]:
    """ASSISTANT_AUTH='user:pass[,user2:pass2]' and/or ASSISTANT_AUTH_FILE (one 'user:pass' per line)."""
    env = os.environ if environ is None else environ
    users: dict[str, str] = {}
    inline = env.get("ASSISTANT_AUTH", "").strip()
    if inline:
        users.update(_parse_pairs(inline.split(","), "ASSISTANT_AUTH의"))
    path = env.get("ASSISTANT_AUTH_FILE", "").strip()
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise AccessConfigError(f"사용자 파일을 읽을 수 없습니다({path}): {exc.strerror}") from exc
        users.update(_parse_pairs(text.splitlines(), f"사용자 파일({path})의"))
    return users


def refuse_reason(host: str, users: dict[str, str]) -> str | None:
    """Why the server must not start, or None."""
    if not is_local(host) and not users:
        return (f"'{host}'에서 실행하면 다른 컴퓨터에서도 접속할 수 있으므로 로그인이 필요합니다. "
                "ASSISTANT_AUTH='사용자:비밀번호' 또는 ASSISTANT_AUTH_FILE=사용자파일 을 설정한 뒤 다시 실행하세요. "
                "이 컴퓨터에서만 쓰려면 --host 127.0.0.1 로 실행하세요.")
    return None


def authenticator(users: dict[str, str]):
    """A Gradio auth callable that compares in constant time."""
    def check(username: str, password: str) -> bool:
        expected = users.get(username or "")
        return expected is not None and hmac.compare_digest(expected.encode(), (password or "").encode())
    return check
