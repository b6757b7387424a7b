"""Cell lookup: the table cells (or cell parts) that state the figure asked, scored by how the
question's item is bound to the cell's row and column labels and its measure to the column."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from assistant.qa.binding import bind_fact
from assistant.qa.resources import Resources
from assistant.qa.terms import squash
from assistant.qa.types import Binding, Candidate, Fact, Frame, Retrieved, Scope
from assistant.qa.vocab.measures import DERIVED, label_measure

# Weights of the figure score (a weighted sum of binding features; see answerers/README in DESIGN).
W_OWN, W_CONTEXT, W_PRECISION, W_MEASURE = 0.35, 0.25, 0.2, 0.15
TOTAL_ROW_PENALTY = 0.15  # a 계/합계 row when the question names an item and no total
QUARTER_MISMATCH = 0.12  # a quarterly plan column when no quarter was asked
SECONDARY_PART = 0.05  # the (현원) or (count) part when the question asked no measure
LATEST_YEAR_BONUS = 0.04  # among year columns, the latest when no year was asked
TOTAL_ASKED_PENALTY = 0.2  # an item row when the question names the 계/합계/소계 row
DERIVED_UNASKED = 0.15  # a 증감/과부족 column when no measure was asked
EXPLICIT_YEAR_BONUS = 0.08  # a column headed by the asked year over one that only sits under it
CANDIDATES = 40
# A row that spells a compound word of the question as written ('재정안정화계정') over one that only
# holds its parts apart ('통합재정안정화기금(통합계정)' has 재정, 안정화 and 계정 too): more than the
# sibling margin, so the other row is no equal sibling.
WRITTEN_WORD_BONUS = 0.08
WRITTEN_WORD_MIN = 4  # squashed characters of a written word worth this check


def _quarter_of(header: str) -> int | None:
    t = header.replace(" ", "")
    m = re.search(r"~?([1-4])/4", t)
    return int(m.group(1)) if m else None


def _is_total(fact: Fact) -> bool:
    row = fact.row
    return row is not None and (row.kind in ("total", "subtotal") or (bool(row.label_path) and label_measure(row.label) is not None
                                                                      and len(row.label_path) == 1 and fact.table.slot_slash != []))


HEADING_CHARS = 6  # a heading this long (squashed) repeated in the question places the row, not names it


def _total_column(fact: Fact) -> bool:
    """A cell under a 소계/계/합계 column: the total the question names may be the column's."""
    path = fact.cell.col_path if fact.cell is not None else []
    return any(re.fullmatch(r"(소\s*계|합\s*계|총\s*계|계)", label.strip()) for label in path)


def figure_score(frame: Frame, fact: Fact, b: Binding) -> tuple[float, tuple[tuple[str, float], ...]]:
    s = W_OWN * b.own + W_CONTEXT * b.context + W_PRECISION * b.precision + W_MEASURE * (b.measure or 0.0)
    feats = [("own", b.own), ("context", b.context), ("precision", b.precision), ("measure", b.measure or 0.0)]
    total = _is_total(fact)
    if total:
        if frame.asks_total or not frame.terms:
            s += 0.05
        elif b.own < 0.5:
            s -= TOTAL_ROW_PENALTY
            feats.append(("total_row", -TOTAL_ROW_PENALTY))
    elif frame.asks_total and fact.row is not None and frame.names_total and not _total_column(fact):
        s -= TOTAL_ASKED_PENALTY  # "… 계 집행률": the question names the total row, not an item
        feats.append(("not_total", -TOTAL_ASKED_PENALTY))
    if not frame.measures and fact.measure in DERIVED:
        s -= DERIVED_UNASKED  # a 증감 column is not the value of the item
    if frame.years and fact.years and b.year_ok:
        s += EXPLICIT_YEAR_BONUS  # the column itself is of the year asked
    quarter = _quarter_of(fact.header)
    if quarter is not None:
        hit = frame.quarter is not None and (quarter == frame.quarter or (frame.quarter == 2 and quarter <= 2))
        delta = 0.1 if hit else -QUARTER_MISMATCH
        s += delta
        feats.append(("quarter", delta))
    if fact.part != "main" and not frame.measures:
        s -= SECONDARY_PART
    if not frame.years and fact.years and fact.table is not None:
        table_years = {y for p in fact.table.columns for y in _years(" ".join(p))}
        if table_years and max(table_years) in fact.years:
            s += LATEST_YEAR_BONUS
    if b.year_ok:
        s += 0.05
    written = _split_written_words(frame.terms)
    if written and fact.row is not None:
        label = squash(" ".join(fact.row.label_path))
        share = sum(1 for w in written if w in label) / len(written)
        if share:
            s += WRITTEN_WORD_BONUS * share
            feats.append(("written", share))
    return s, tuple(feats)


@lru_cache(maxsize=256)
def _split_written_words(terms: tuple) -> tuple[str, ...]:
    """The question's written words that matching took apart ('재정안정화계정' → 재정, 안정화, 계정);
    once per question, not once per scored cell."""
    words = {squash(t.word) for t in terms if t.word and not t.generic}
    return tuple(sorted(w for w in words if len(w) >= WRITTEN_WORD_MIN
                        and not any(squash(t.text) == w for t in terms)))


def _years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}


def _row_frame(frame: Frame, table) -> Frame:
    """The question as it names a row of this table: when it repeats the table's own heading
    ('어르신 건강교실 및 가족 아카데미 운영, 그중 어르신 건강교실 운영 집행률'), the heading is where the
    row is, and only the words after it name the row; else the question as it is."""
    phrase = squash(frame.phrase)
    for heading in (table.title, *reversed(table.section or [])):
        head = squash(re.sub(r"^\s*[\dⅠ-Ⅻ①-⑳IVX]+\s*[.)]?\s+", "", heading or ""))  # '11 어르신 …' → '어르신 …'
        if len(head) < HEADING_CHARS or head not in phrase:
            continue
        rest = frame.phrase
        # drop one written copy of the heading (spacing may differ): the words up to its end
        at = phrase.index(head) + len(head)
        kept = [i for i, ch in enumerate(rest) if squash(ch)]
        rest = rest[kept[at - 1] + 1:] if at <= len(kept) else ""
        left = squash(rest)
        terms = tuple(t for t in frame.terms if squash(t.text) in left)
        if any(not t.generic for t in terms):
            return dataclasses.replace(frame, terms=terms)
    return frame


def _change_column_asked(frame: Frame) -> bool:
    """'X은 2020년보다 얼마나 줄었어?': the change against the year beside it, which a table of two
    years states in its own 증감 column; the comparison computes it only where no such column is."""
    return frame.op == "diff" and len(frame.years) == 1 and not frame.parts and \
        any(m.name in DERIVED for m in frame.measures)


class CellLookup:
    name = "cell_lookup"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        change_only = _change_column_asked(frame)
        if frame.answer_type != "number" or (frame.op is not None and not change_only):
            return []
        out: list[Candidate] = []
        within: dict[str, Frame] = {}
        for table, row, _ in got.rows:
            doc_ctx, doc_years = res.doc_context(table.doc_id), res.doc_years(table.doc_id)
            if table.table_id not in within:
                within[table.table_id] = _row_frame(frame, table)
            row_frame = within[table.table_id]
            for fact in res.cells.row_facts(table, row):
                if (fact.value is None and not fact.is_none) or (change_only and fact.measure not in DERIVED):
                    continue
                b = bind_fact(row_frame, fact, doc_ctx, doc_years)
                if b.measure is None or not b.unit_ok or b.year_ok is False:
                    continue
                score, feats = figure_score(frame, fact, b)
                out.append(Candidate(self.name, "figure", round(score, 6), facts=(fact,), binding=b, features=feats,
                                     items=(" ".join(row.label_path),)))
        out.sort(key=lambda c: c.key)
        return out[:CANDIDATES]
