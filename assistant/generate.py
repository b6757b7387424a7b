"""The generated coverage suite: a question for every numeric cell (and every part of a compound
cell) of every table, built from the cell store, with paraphrases — spacing variants of the row name,
measure synonyms, office short names, report-date mentions, polite and casual endings.

A question names what identifies its cell: the office, the report when the office has several, the
row, the column or measure, and the table's item heading when the row and column alone would fit
another cell. A question that would still fit two cells with different values is not generated.

    python -m assistant generate --out eval/generated/cells.jsonl
    python -m assistant eval eval/generated/cells.jsonl
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict

from assistant.index import LoadedIndex
from assistant.qa.cells import CellFacts
from assistant.qa.korean_text import josa, tidy_label
from assistant.qa.terms import squash
from assistant.qa.vocab.measures import label_measure
from assistant.qa.vocab.orgs import ALIASES

MEASURE_WORDS = {
    "예산현액": ("예산현액", "예산", "예산액", "편성된 예산"),
    "집행액": ("집행액", "집행 금액", "집행된 돈"),
    "집행률": ("집행률", "집행율"),
    "지출액": ("지출액",),
    "지출률": ("지출률",),
    "잔액": ("잔액", "남은 예산"),
    "정원": ("정원",),
    "현원": ("현원", "현재 인원"),
    "여성": ("여성 인원",),
    "목표": ("목표",),
    "실적": ("실적",),
    "달성률": ("달성률",),
    "증감": ("증감", "증감액"),
    "사업수": ("사업 수",),
    "과부족": ("과부족", "부족 인원"),
    "비율": ("비율",),
    "건수": ("건수",),
    "금액": ("금액", "예산"),
}
ENDINGS = {
    "명": ("{은} 몇 명이에요?", " 몇 명이야?", " 인원 알려줘", "{은} 몇 명인가요?"),
    "%": ("{은} 몇 %예요?", " 몇 퍼센트야?", "{은} 얼마인가요?", " 알려 주세요"),
    "money": ("{은} 얼마예요?", " 얼마야?", " 궁금합니다", "{은} 얼마인가요?", " 알려줘"),
    "count": ("{은} 몇 {unit}이에요?", " 몇 {unit}야?", " 확인해 주세요", "{은} 어떻게 돼요?"),
    "other": ("{은} 얼마예요?", " 알려줘", " 궁금해요", "{은} 어떻게 돼요?"),
}
COUNTS = ("건", "회", "개", "곳", "개소", "일", "종", "권")
MONEY = ("천원", "백만원", "억원", "조원", "원", "만원")
SHORT_NAMES = {full: short for short, full in ALIASES.items()}


def _pick(options, key: str, salt: int = 0):
    return options[(zlib.crc32(key.encode()) + salt) % len(options)]


DATE_LABEL = re.compile(r"^['’′]?\d{2}\s*[.년]|^\d{1,2}\s*~\s*\d{1,2}\s*월|^\d{1,2}\s*월")


def short_title(title: str) -> str:
    """'2 인 력 현 황 (기준 / 단위 : ′22.9.20. / 명)' → '인력현황'; '부서별 인력현황 : 정원 343명 …' → '부서별 인력현황'."""
    t = re.split(r"[:(（]", title)[0]
    t = re.sub(r"^\s*(\d{1,2}|[IVXⅠ-Ⅻ]+\.)\s+", "", t)
    return tidy_label(t.strip(" 〈〉<>「」"))


def _row_name(fact, key: str) -> str:
    """The row as a person would name it: its labels without the description after ' - '; a total
    row, or a row that only names a measure, with its table's title."""
    labels = [re.split(r"\s+-\s+|<", tidy_label(x))[0].strip() for x in fact.row.label_path]
    labels = [x for x in labels if x and label_measure(x) is None and not DATE_LABEL.search(x)]
    name = " ".join(labels[-2:]) if len(labels) >= 2 and len(squash(labels[-1])) <= 3 else (labels[-1] if labels else "")
    if fact.row.kind in ("total", "subtotal") or not labels:
        name = f"{short_title(fact.table.title)} {name}".strip()
    if _pick((0, 1, 2), key, 7) == 1 and " " in name:
        name = name.replace(" ", "")  # '화상회의 시스템' → '화상회의시스템'
    return name


def _column_words(fact, key: str) -> str:
    """The column's own labels (a year, a category, a quarter) and the measure, by one of its names."""
    words = MEASURE_WORDS.get(fact.measure or "")
    path = [re.sub(r"\s*\([^()]*\)$", "", tidy_label(p)).strip() for p in (fact.cell.col_path if fact.cell else [])]
    plain = [p for p in path if p and (label_measure(p) != fact.measure or not words or re.search(r"(19|20)\d{2}", p))]
    measure = _pick(words, key, 3) if words else ""
    return " ".join(dict.fromkeys(plain + ([measure] if measure else [])))


def _scope_words(index: LoadedIndex, doc_id: str, key: str) -> str:
    doc = index.docs[doc_id]
    office = doc.organization or ""
    same = [d for d in index.docs.values() if d.organization == office]
    name = _pick((office, SHORT_NAMES.get(office, office)), key, 11) if office else ""
    if len(same) > 1:
        ref = doc.report_date or doc.reference_date or ""
        when = f"{ref[:4]}년 {int(ref[5:7])}월" if len(ref) >= 7 else f"{ref[:4]}년"
        return f"{when} 보고서에서 {name}".strip()
    return name


def cell_questions(index: LoadedIndex) -> list[dict]:
    cells = CellFacts(index)
    drafts = []
    for table_id in sorted(index.tables):
        table = index.tables[table_id]
        for row in table.rows:
            for fact in cells.row_facts(table, row):
                if fact.value is None or fact.part == "derived" or not row.label_path:
                    continue
                if fact.part != "main" and fact.measure is None:
                    continue
                drafts.append(fact)
    # a question fits every cell with the same scope, row name and column words
    by_key: dict[tuple, list] = defaultdict(list)
    for f in drafts:
        by_key[(f.doc_id, squash(" ".join(f.row.label_path)), squash(" ".join(f.cell.col_path)), f.measure)].append(f)
    out = []
    for n, f in enumerate(drafts):
        key = f"{f.table.table_id}|{f.row.index}|{f.cell.col}|{f.part}"
        same = by_key[(f.doc_id, squash(" ".join(f.row.label_path)), squash(" ".join(f.cell.col_path)), f.measure)]
        heading = ""
        generic_title = sum(1 for t in index.tables.values()
                            if t.doc_id == f.doc_id and squash(t.title) == squash(f.table.title)) > 1
        if generic_title:  # '예산현황', '추진목표': the item heading tells one from the other
            heading = next((short_title(s) for s in reversed(f.table.section[:-1]) if squash(s) != squash(f.table.title)), "")
        if len({x.value for x in same}) > 1:
            heading = next((s for s in reversed(f.table.section) if squash(s) != squash(f.table.title)), "")
            heading = short_title(heading)
            if not heading or len({x.table.table_id for x in same}) < len(same):
                continue  # two cells of one table, or of tables nothing tells apart
        unit_kind = f.unit if f.unit in ("명", "%") else (
            "money" if f.unit in MONEY else "count" if f.unit in COUNTS else "other")
        parts = [_scope_words(index, f.doc_id, key), heading, _row_name(f, key), _column_words(f, key)]
        text = " ".join(p for p in parts if p).strip()
        ending = _pick(ENDINGS[unit_kind], key, 5)
        if ending.startswith("{은}"):
            text, ending = josa(text, "은/는"), ending[3:]
        question = text + ending.replace("{unit}", f.unit or "")
        line = index.line(f.doc_id, f.row.line).strip()
        out.append({
            "id": f"g{n + 1:04d}", "type": "figure", "question": question, "answer": f"{f.printed}{f.unit or ''}",
            "numbers": [f.value], "unit": f.unit or "", "doc": f.doc_id, "evidence": [line],
            "notes": "generated", "difficulty": "generated", "layout": f.table.layout,
            "cell": {"table": f.table.table_id, "row": f.row.index, "col": f.cell.col, "part": f.part, "line": f.line},
        })
    return out
