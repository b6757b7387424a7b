"""HTML fragments inside report text (<ul>, <p>, <table>, <input …>): stripped for matching and
quoting, while the text a citation shows stays exactly as in the report."""

from __future__ import annotations

import html
import re

# Only real tags: "<52일간>" and "<서울의회보>" in the reports are text, not markup.
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


def strip_tags(text: str) -> str:
    return html.unescape(TAG.sub(" ", text))
