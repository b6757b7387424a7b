"""argparse that reports a wrong command line in Korean.

argparse writes its errors in English ("the following arguments are required: question"); a staff
member who typed `python -m assistant ask` should read what is missing and how to write it. A
parser may name, for each of its required arguments, the Korean sentence to show when it is missing
(`missing={"question": "질문을 적어 주세요. 예: …"}`); other errors are translated from argparse's
own messages, and one it does not know keeps its text after a Korean lead.
"""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

# argparse's messages (Python 3.11), as regular expressions, and their Korean.
MESSAGES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "꼭 필요한 인자가 빠졌습니다: {names}"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "알 수 없는 인자입니다: {args}"),
    (re.compile(r"one of the arguments (?P<names>.+) is required"), "다음 중 하나가 필요합니다: {names}"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
     "옵션 {option}이(가) 여러 옵션({matches})에 해당합니다. 옵션 이름을 끝까지 적어 주세요"),
    (re.compile(r"argument (?P<arg>.+?): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"),
     "{arg}에 {value}은(는) 쓸 수 없습니다. 쓸 수 있는 값: {choices}"),
    (re.compile(r"argument (?P<arg>.+?): invalid (?P<type>\w+) value: (?P<value>.+)"),
     "{arg}의 값 {value}을(를) {type}(으)로 읽을 수 없습니다"),
    (re.compile(r"argument (?P<arg>.+?): expected one argument"), "{arg} 뒤에 값 하나를 적어 주세요"),
    (re.compile(r"argument (?P<arg>.+?): expected at least one argument"), "{arg} 뒤에 값을 하나 이상 적어 주세요"),
    (re.compile(r"argument (?P<arg>.+?): expected at most one argument"), "{arg} 뒤에는 값을 하나까지만 적을 수 있습니다"),
    (re.compile(r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)"), "{arg}와(과) {other}는 함께 쓸 수 없습니다"),
    (re.compile(r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)"), "{arg}에는 값을 붙일 수 없습니다: {value}"),
]
TYPE_NAMES = {"int": "정수", "float": "숫자"}
_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.+)")


def korean_message(message: str, missing: dict[str, str] | None = None) -> str:
    """The Korean for one argparse error message."""
    required = _REQUIRED.fullmatch(message)
    if required and missing:
        names = [n.strip() for n in required.group("names").split(",")]
        known = [missing[n] for n in names if n in missing]
        rest = [n for n in names if n not in missing]
        if known and not rest:
            return " ".join(known)
    for pattern, korean in MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            parts = m.groupdict()
            if "type" in parts:
                parts["type"] = TYPE_NAMES.get(parts["type"], parts["type"])
            return korean.format(**parts)
    return f"명령줄을 읽을 수 없습니다: {message}"


class KoreanArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are Korean; its sub-commands' parsers are too (argparse makes
    them of the parent's class)."""

    def __init__(self, *args, missing: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.missing = missing or {}

    def error(self, message: str) -> NoReturn:
        usage = self.format_usage().strip()
        usage = re.sub(r"^usage:", "사용법:", usage)
        self.exit(2, f"{usage}\n오류: {korean_message(message, self.missing)}\n"
                     f"도움말과 예시: {self.prog} --help\n")
