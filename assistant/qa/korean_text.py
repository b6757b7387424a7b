"""Small Korean text helpers for the composer: particles that agree with the word before them,
and report lines cleaned for quoting."""

from __future__ import annotations

import html
import re
from ingest.bullets import LEADING_BULLET
from ingest.markup import TAG as _TAG

PAIRS = {"은/는": ("은", "는"), "이/가": ("이", "가"), "을/를": ("을", "를"), "과/와": ("과", "와"), "으로/로": ("으로", "로"),
         "이다": ("이다", "다"), "입니다": ("입니다", "입니다"), "이에요/예요": ("이에요", "예요")}


def has_batchim(word: str) -> bool:
    """Whether the last syllable ends in a consonant; digits are read as Korean numerals."""
    w = re.sub(r"[\s)\]」』'\"%]+$", "", word or "")
    if not w:
        return False
    ch = w[-1]
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch.isdigit():
        return ch in "013678"  # 영, 일, 삼, 육, 칠, 팔 end in a consonant
    if ch.isalpha():
        return ch.lower() in "lmnr"
    return False


def josa(word: str, pair: str) -> str:
    """word + the right particle: josa('예산현액', '은/는') → '예산현액은'."""
    with_b, without_b = PAIRS[pair]
    if pair == "으로/로":
        w = re.sub(r"[\s)\]」』'\"]+$", "", word or "")
        if w and "가" <= w[-1] <= "힣" and (ord(w[-1]) - 0xAC00) % 28 == 8:  # ㄹ받침 → 로
            return word + without_b
        if w and w[-1] == "%":
            return word + "로"  # 퍼센트로
    return word + (with_b if has_batchim(word) else without_b)


def clean_line(text: str) -> str:
    """A report line without HTML, markdown emphasis and its leading bullet, for quoting."""
    t = html.unescape(_TAG.sub(" ", text)).replace("\\*", "*").replace("**", "")
    t = re.sub(r"^\s*#{1,6}\s*", "", t)  # markdown heading marks
    t = re.sub(r"^\s*[<〈《]\s*(.*?)\s*[>〉》]\s*$", r"\1", t)  # '< 시민 소통 강화 방안 >'
    t = LEADING_BULLET.sub("", t.strip())
    t = re.sub(r"^[-－–]\s*", "", t)
    return " ".join(t.split())


def heading_key(text: str) -> str:
    """A heading as the report's template names it: without its bullet, numbering, parentheses and
    spaces ('□ 사업개요(2015~2030)' → '사업개요'), so that the same subheading of two projects is one key."""
    t = re.sub(r"[(\[（【][^)\]）】]*[)\]）】]", "", clean_line(text))
    t = re.sub(r"^(?:\d{1,2}|[가-하]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+)[.)]\s*|^[①-⑳]\s*", "", t.strip())
    return re.sub(r"\s+", "", t)


def line_head(text: str) -> str:
    """What a bullet line is about: its words before the first colon, parenthesis or number
    ('1호선(노포~다대포) : 39.9㎞, …' → '1호선'); '' when it opens with a number or is a sentence."""
    m = re.match(r"\s*([^:：(（,]{1,30}?)\s*(?:[:：(（,]|\s\d)", text)
    head = m.group(1).strip() if m else ""
    return head if re.search(r"[가-힣A-Za-z]", head) else ""


def tidy_label(label: str) -> str:
    """'기 획 담 당 관' → '기획담당관'; other labels keep their spaces."""
    tokens = label.split()
    if len(tokens) >= 2 and sum(len(t) == 1 for t in tokens) >= len(tokens) - 1:
        return "".join(tokens)
    return " ".join(tokens)


def split_items(text: str) -> list[str]:
    """'행정자치혁신, 문화환경교통, 교육보건복지' → three items; commas inside parentheses
    ('전남 완도(청년정책,3.30)') do not split."""
    items, depth, cur = [], 0, ""
    for ch in text:
        if ch in "(（[":
            depth += 1
        elif ch in ")）]":
            depth = max(0, depth - 1)
        if (ch in ",，;" or (ch == "/" and cur.strip())) and depth == 0:
            items.append(cur)
            cur = ""
            continue
        cur += ch
    items.append(cur)
    out = []
    for it in items:
        it = re.sub(r"\s*등\s*$", "", it.strip(" .*※-"))
        if it:
            out.append(it)
    return out


_INLINE_FIELD = re.compile(r"^[^:：()]{1,20}[:：]\s*")
_INLINE_ITEM = re.compile(r"^[\s\-–·✓ㅇ○◦●□■▪•※*▶►]*(?P<label>[^()]{1,30}?)\s*\((?P<inner>.*)\)$")


def inline_items(text: str) -> list[tuple[str, int, int]]:
    """The items of a line that names each before its own parenthesis, parted by commas or arrows
    ('인플루엔자: 65세이상(620,479명), 임신부(7,710명)', '1단계(…) → 2단계(…)'): each item's name
    and the span of its parenthesis. [] unless every part of the line (after a 'field :') is such an
    item: a sentence with a parenthesis in it is no list."""
    field = _INLINE_FIELD.match(text)
    start = field.end() if field else 0
    segments, depth, seg = [], 0, start
    for i, ch in enumerate(text[start:], start):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and ch in ",→":
            segments.append((seg, i))
            seg = i + 1
    segments.append((seg, len(text)))
    out = []
    for a, b in segments:
        piece = text[a:b].rstrip()
        m = _INLINE_ITEM.match(piece)
        if not m or not re.search(r"[가-힣A-Za-z]", m.group("label")):
            return []
        out.append((m.group("label").strip(), a + m.start("inner") - 1, a + m.end("inner") + 1))
    return out
