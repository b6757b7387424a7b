"""Typed spans in a report line: the date, place, person or organisation it states.

The answer type decides what is extracted. A labelled field ('장 소 : 의사당 중앙홀') states its
type by its label; an unlabelled line states a date by its shape ("'21. 7. 8.(목)"), a place by its
ending ('…프레스센터', '…에서 개최') and a person by a title next to a name ('김 경 위원장').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.qa.vocab.fields import DATE, FIELD_LABELS, FREQUENCY, PERSON, PLACE_WORDS
from ingest.bullets import MARK

_FIELD = re.compile(rf"^(?:\s|#|{MARK})*[(〈<]?\s*([가-힣][가-힣\s/·]{{0,14}}?)\s*[)〉>]?\s*[:：]\s*(.+)$")
TEMPORAL = r"이후|이전|까지|부터|중순|초순|하순|상반기|하반기|연중|수시|예정|종료|완료|\d+\s*월|\d{1,2}\.\s?\d{1,2}\."
_PAREN_FIELD = re.compile(rf"^(?:\s|{MARK})*\(\s*([가-힣/·]{{2,10}})\s*\)\s*(.+)$")


@dataclass(frozen=True)
class Found:
    text: str  # the span as written
    field: str  # the field label that states it, '' when found by shape
    strength: float  # 1.0 for a labelled field, less for a shape


def field_of(line: str) -> tuple[str, str]:
    """('일시', "'21. 7. 8.(목) 10:00") for '일 시 : '21. 7. 8.(목) 10:00'; ('', line) otherwise."""
    for pattern in (_FIELD, _PAREN_FIELD):
        m = pattern.match(line)
        if m:
            return re.sub(r"\s+", "", m.group(1)), m.group(2).strip()
    return "", line.strip()


def _field_kinds(label: str) -> set[str]:
    out = set()
    for kind, labels in FIELD_LABELS.items():
        for lab in labels:
            key = lab.replace(" ", "")
            if label == key or label.endswith(key) or (len(label) <= 8 and key in label.split("/")):
                out.add(kind)
    return out


def _split_field_value(label: str, value: str, kind: str) -> str:
    """'일시/장소 : '21. 9월/ 서울시청(화상회의)' holds two values: the one for this kind."""
    names = [n for n in label.split("/") if n]
    parts = [p.strip() for p in re.split(r"\s*/\s*", value)]
    if len(names) >= 2 and len(parts) >= len(names):
        for name, part in zip(names, parts):
            if kind in _field_kinds(name):
                return part
    return value


def find(line: str, kind: str) -> Found | None:
    """The span of `kind` (date | place | person | org | how | what | frequency) in a line."""
    label, value = field_of(line)
    if label and kind in _field_kinds(label):
        span = _split_field_value(label, value, kind)
        # "시민참여 공모전 개최 : 타임캡슐 수장품 …": a label ending in 개최 whose value holds no time
        # is what was held, not when
        if kind != "date" or DATE.search(span) or re.search(TEMPORAL, span):
            return Found(span, label, 1.0)
    if kind == "date":
        subject, colon, after = line.partition(":")
        if colon and len(subject) <= 40 and re.search(TEMPORAL, after) and not DATE.search(after):
            return Found(after.strip(), "", 0.6)  # "…MOU 체결 : 코로나19 종식 이후": the subject, then when
        m = DATE.search(line)
        if m and re.search(r"\d|반기|연중", m.group(0)):
            tail = re.match(r"\s*(부터|까지|이후|이전|중|예정|개최)(?![가-힣])", line[m.end():])
            return Found(m.group(0).strip() + (tail.group(1) if tail else ""), "", 0.7)
    if kind == "frequency":
        m = FREQUENCY.search(line)
        if m:
            return Found(m.group(0), "", 0.8)
    if kind == "place":
        m = PLACE_WORDS.search(line)
        if m:
            return Found(m.group(0).strip(), "", 0.7)
        m = re.search(r"([가-힣A-Za-z0-9·]{2,20})\s*(?:에서|에서의)\s*(?:개최|열|진행|실시|시행)", line)
        if m:
            return Found(m.group(1), "", 0.6)
    if kind == "person":
        m = PERSON.search(line)
        if m:
            name = next(g for g in m.groups() if g)
            return Found(name.strip(), "", 0.8)
    if kind == "org":
        m = re.search(r"([가-힣]{2,12}(?:담당관|과|팀|국|실|본부|위원회|센터|재단|공사|공단))(?:\s*(?:주관|주최|담당|소관))", line)
        if m:
            return Found(m.group(1), "", 0.7)
    return None
