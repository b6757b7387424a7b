"""Prompt templates live as text files in prompts/, loaded by name; none are buried in code."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

PROMPT_DIR = Path(__file__).resolve().parents[2] / "prompts"


@lru_cache(maxsize=None)
def load_prompt(name: str) -> str:
    path = PROMPT_DIR / f"{name}.txt"
    if not path.exists():
        raise FileNotFoundError(f"프롬프트 파일이 없습니다: {path}")
    return path.read_text(encoding="utf-8").strip()


def render(name: str, **values: str) -> str:
    """$-placeholders (not {}), so that braces in report text never break the template."""
    return Template(load_prompt(name)).safe_substitute(**values)
