"""Verify: one place decides what may be said.

A candidate is kept only if the question's item words are carried by its evidence (most of them,
every rare one, some by the figure's own label), its figure gives the measure asked in the unit
asked, and a year asked is the year of the figure. Among the survivors the best score wins, ties
broken by an explicit key; the same figure in other reports, or rows the question fits equally, are
shown beside it. Otherwise the part is refused, and the nearest candidates are kept to show.

Thresholds are named here and calibrated by `scripts/calibrate_verifier.py` on the calibration split
of the question sets (see eval/README.md); precision comes first.
"""

from __future__ import annotations

import dataclasses

import re

from assistant.qa.binding import LONG_PASSAGE_CHARS, without_measure_words
from assistant.qa.terms import label_precision, squash
from assistant.qa.types import Candidate, Decision, Frame
from assistant.qa.vocab.cues import LIMIT_WORD, PER_BASE, PER_UNIT_STATED
from assistant.qa.vocab.fields import FIELD_WORDS, names_a_field
from assistant.qa.vocab.measures import PLANNED_AND_DONE, TOTALS, label_measure

MIN_CONTEXT = 0.7  # share of the item's weight the evidence must carry
MIN_OWN = 0.15  # share of it the figure's own label must carry (unless the label is a total or a measure)
MIN_OWN_UNNAMED = 0.5  # a cell none of whose label the question names needs at least this own share
SOLE_MIN_CONTEXT = 0.85  # a prose number whose own words name nothing: only if alone in its line and well placed
MIN_SPAN_CONTEXT = 0.6  # typed spans, lists and quotes: the share their heading and line must carry
MULTI_REPORT_MARGIN = 0.08  # the same figure in another report, this close, is shown beside it
SIBLING_MARGIN = 0.03  # another row of the same table, this close and as well named, is shown too
TOTAL_CONTEXT_MARGIN = 0.05  # a question for a total takes a total row whose context is this close
SAME_ITEM_OWN = 0.5  # a number in a line is the same item in two reports when its own words name this much
RAREST_BAND = 0.9  # the question's rarest words: those weighing this share of the rarest one or more
NEAR_CARRIES = 0.6  # a line (with the bullet above it) carrying this share of the named words is the item's own
JOINT_MARGIN = 0.08  # per part: the parts of one question from one row, unless that costs more than this
# A figure whose evidence carries every item word beats a slightly better-scored one that lacks some
# ('버스 수송분담률': the 버스 cell over a line on 수송분담률 alone): lacking a word another answer has
# is a sign of another item.
DOMINANCE_GAP = 0.15  # the fuller one carries at least this much more of the item's weight
DOMINANCE_MARGIN = 0.05  # and scores at most this much less


def _is_total_row(c: Candidate) -> bool:
    row = c.facts[0].row
    return row is not None and row.kind in ("total", "subtotal")


def _label_is_generic(c: Candidate) -> bool:
    fact = c.facts[0]
    if fact.row is not None:
        if fact.row.kind in ("total", "subtotal") or not fact.row.label_path:
            return True
        return label_measure(fact.row.label) is not None
    return not fact.label or names_a_field(fact.label) or label_measure(fact.label) is not None


_FIELD_WORDS_LONGEST_FIRST = tuple(sorted(FIELD_WORDS, key=lambda w: (-len(w), w)))


def _label_names_more(frame: Frame, label: str) -> bool:
    """Whether a label has words beyond the question's own and field words ('추천' in '자치경찰위원
    추천'), i.e. it names some other thing; '심사횟수' asked with 심사 names only the field."""
    rest = squash(label)
    for t in sorted(frame.terms, key=lambda t: -len(t.text)):
        rest = rest.replace(squash(t.text), " ")
    for word in _FIELD_WORDS_LONGEST_FIRST:
        rest = rest.replace(word, " ")
    return any(len(w) >= 2 for w in rest.split())


def _rarest_term_far(frame: Frame, c: Candidate) -> bool:
    """A number in a line whose own words name something (not a field like '인원'), while the rarest
    word of the question is neither in its line nor in the bullet it is under: it is a number of a
    neighbouring item ('위원 2명' under a heading that also names the 사무국 asked)."""
    fact = c.facts[0]
    if fact.kind != "prose" or _label_is_generic(c):
        return False
    # a one-syllable word ('한 장에', '한 통') is a measure word of the figure, not the name of an item
    named = [t for t in frame.terms if not t.generic and not t.foreign and len(t.text) >= 2]
    if len(named) < 2:
        return False
    label = PER_BASE.sub(" ", fact.label) if frame.per_unit else fact.label  # '출생아 당': what it is per
    if not _label_names_more(frame, label):
        return False
    top = max(t.weight for t in named)
    rarest = [t for t in named if t.weight >= RAREST_BAND * top]
    here = squash(fact.near) + squash(fact.label)
    carried = sum(t.weight for t in named if squash(t.text) in here) / sum(t.weight for t in named)
    if carried >= NEAR_CARRIES:
        return False  # the question reworded its rarest word ('요금' for '운임'), the line holds the rest
    return not any(squash(t.text) in here for t in rarest)


def _stated_per_unit(fact) -> bool:
    """A number stated per person or per month: the mark is in its own clause ('출생아 당 최대 100만원';
    not the '(7천원 인상)' beside '월 최대 43.2만원'), or in a parenthesis that opens the line and
    qualifies all of it ('(1일 대당 운행시 연료비) 전기버스 (115천원)'). A cell: its row or column."""
    text = fact.stated or fact.label
    at = text.find(fact.printed) if fact.kind == "prose" and fact.printed else -1
    if at < 0:
        return bool(PER_UNIT_STATED.search(text))
    if PER_UNIT_STATED.search(re.split(r"[,(（)）;]", text[:at])[-1]):
        return True
    lead = re.match(r"^\W*[(（]([^)）]*)[)）]", text)
    return bool(lead and PER_UNIT_STATED.search(lead.group(1)))


def rejection(frame: Frame, c: Candidate) -> str | None:
    """Why a candidate may not be said, or None."""
    b = c.binding
    if b is None:
        return "근거 없음"
    if b.missing_strong:
        return "질문의 낱말이 근거에 없음: " + ", ".join(b.missing_strong)
    if b.missing_local:
        return "비교 대상의 이름이 숫자 옆에 없음: " + ", ".join(b.missing_local)
    if b.year_ok is False:
        return "연도가 다름"
    if c.kind in ("figure",):
        if dict(c.features).get("outnamed"):
            return "같은 줄에서 질문의 대상은 다른 숫자의 이름"  # '총사업비 2,974억원(… 의료장비 955 …)': 의료장비 asked
        if frame.per_unit and not _stated_per_unit(c.facts[0]):
            return "질문은 하나(한 달)당 값인데 근거의 숫자는 총액"  # '한 명당 얼마': not the 사업예산 60억원
        if not frame.per_unit and c.facts[0].kind == "prose" and frame.measures \
                and frame.measures[0].name in TOTALS and _stated_per_unit(c.facts[0]):
            return "질문은 총액(예산)인데 근거의 숫자는 하나당 값"  # '… 예산은?': not the '(1회 10만원)'
        if c.facts[0].value is not None and c.facts[0].value in frame.stated:
            return "질문에 이미 있는 숫자"  # "37건 중에 … 몇 건?": the 37 is given, not asked
        if b.measure is None:
            return "물은 항목(측정값)이 아님"
        if c.facts[0].value is None and not frame.measures:
            return "빈 칸은 물은 측정값의 칸일 때만 답"  # '몇 군데?' is no question about a '-' in a 진료시간 column
        if not b.unit_ok:
            return "단위가 다름"
        if frame.terms and all(t.generic or LIMIT_WORD.fullmatch(t.text) for t in frame.terms) and not (_is_total_row(c) and (frame.offices or frame.report_refs)):
            return "질문이 항목을 이름 짓지 않음"  # '운영 예산은?' picks a row by a word every row has
        if not frame.terms and not (frame.offices or frame.report_refs):
            return "질문이 항목도 기관도 이름 짓지 않음"  # '월 최대 얼마?': any pension's figure would do
        if b.context < MIN_CONTEXT:
            return f"질문의 대상이 근거에 부족함 ({b.context:.2f})"
        if _rarest_term_far(frame, c):
            return "질문의 대상이 숫자가 있는 줄 근처에 없음"
        fact = c.facts[0]
        if fact.kind == "prose" and frame.terms and not fact.label.strip() and len(fact.stated) > LONG_PASSAGE_CHARS:
            return "숫자 옆에 이름이 없음"  # one of many numbers in a long passage: the line's words are not its
        if fact.kind == "cell" and frame.terms and b.own < MIN_OWN_UNNAMED and b.precision == 0 and not _label_is_generic(c):
            return "숫자의 이름을 질문이 부르지 않음"  # '해운대푸른바다어린이병원 참여 약국' for a question on 달빛어린이병원
        if frame.terms and b.own < MIN_OWN and not _label_is_generic(c):
            sole = dict(c.features).get("sole", 0.0) > 0
            if not (sole and b.context >= SOLE_MIN_CONTEXT):
                return "숫자 바로 옆 이름이 질문의 대상이 아님"
        return None
    if c.kind == "aggregate" and b.context < MIN_CONTEXT:
        return f"질문의 대상이 표에 부족함 ({b.context:.2f})"
    if c.kind == "aggregate" and frame.wanted_count and len(c.facts) != frame.wanted_count:
        return "질문이 말한 개수와 다름"  # "7곳 중에 제일 큰 데": a max over 3 rows is over another set
    if c.kind in ("span", "list", "overview", "quote"):
        if c.kind == "list" and frame.wanted_count and len(c.items) != frame.wanted_count:
            return "질문이 말한 개수와 다름"  # "9개 유산을 알려줘": a list of 5 is another list
        if b.context < MIN_SPAN_CONTEXT:
            return f"질문의 대상이 근거에 부족함 ({b.context:.2f})"
        return None
    return None  # composite candidates (aggregate, compare) are built from verified parts


def _same_figure_label(a: Candidate, b: Candidate) -> bool:
    """The same figure in another report: the same row name and measure; for a number in a line, the
    question named by its own words as fully in both."""
    fa, fb = a.facts[0], b.facts[0]
    if fa.measure != fb.measure or fa.unit != fb.unit:
        return False
    if fa.row is not None and fb.row is not None:
        la, lb = squash(" ".join(fa.row.label_path)), squash(" ".join(fb.row.label_path))
        return bool(la) and la == lb
    return a.binding.own >= SAME_ITEM_OWN and b.binding.own >= a.binding.own - 0.05


def decide(frame: Frame, candidates: list[Candidate], part: str = "", one_report: bool = False) -> Decision:
    ranked = sorted(candidates, key=lambda c: c.key)
    kept = [c for c in ranked if rejection(frame, c) is None]
    if not kept:
        return Decision(part, (), refused="근거를 찾지 못함", nearest=tuple(ranked[:3]))
    best = kept[0]
    if best.kind == "figure":
        fuller = [c for c in kept[1:] if c.kind == "figure" and c.binding.context >= best.binding.context + DOMINANCE_GAP
                  and c.binding.context >= 0.99 and c.score >= best.score - DOMINANCE_MARGIN]
        if fuller:
            best = fuller[0]
    if frame.asks_total and best.kind == "figure" and not _is_total_row(best):
        # "… 예산 총액": a total row that fits nearly as well is what was asked
        totals = [c for c in kept if c.kind == "figure" and _is_total_row(c)
                  and c.binding.context >= best.binding.context - TOTAL_CONTEXT_MARGIN]
        if totals:
            best = totals[0]
    planned, done = PLANNED_AND_DONE
    if best.kind == "figure" and best.facts[0].measure == planned and not any(
            m.name in PLANNED_AND_DONE for m in frame.measures):
        # "몇 건 했어요?" over a '목표 | 실적' row: the row's 실적, which ties with the 목표 beside it
        actual = [c for c in kept if c.kind == "figure" and c.facts[0].measure == done
                  and c.facts[0].row is not None and _evidence_key(c) == _evidence_key(best)]
        if actual:
            best = actual[0]
    chosen = [best]
    if best.kind == "figure":
        # the same figure, stated again (a prose line repeating a cell), is one figure
        rest = [c for c in kept[1:] if not (c.facts[0].doc_id == best.facts[0].doc_id
                                           and c.facts[0].value == best.facts[0].value)]
        if not one_report:
            docs = {best.facts[0].doc_id}
            for c in rest:
                d = c.facts[0].doc_id
                close = c.score >= best.score - MULTI_REPORT_MARGIN or (
                    c.binding.own >= best.binding.own - 0.05 and c.binding.context >= best.binding.context - 0.05)
                if d not in docs and close and _same_figure_label(c, best):
                    docs.add(d)
                    chosen.append(c)
        bf = best.facts[0]
        if bf.row is not None and best.binding.precision < 0.9 and not _is_total_row(best):
            for c in rest:
                f = c.facts[0]
                if (f.table is bf.table and f.row is not bf.row and f.measure == bf.measure and f.row.kind == "item"
                        and c.score >= best.score - SIBLING_MARGIN and c.binding.own >= best.binding.own
                        and f.header == bf.header and c not in chosen):
                    chosen.append(c)
    if best.kind == "span" and not one_report:
        # the same statement in another report (a later report repeating a schedule) is cited too
        said = squash(best.spans[0].text)
        docs = {best.spans[0].doc_id}
        for c in kept[1:]:
            sp = c.spans[0] if c.spans else None
            if sp and sp.doc_id not in docs and squash(sp.text) == said and c.binding.context >= best.binding.context - 0.05:
                docs.add(sp.doc_id)
                chosen.append(c)
    return Decision(part, tuple(chosen))


def _row_key(f) -> tuple:
    """Where a figure stands: its table row, or its line."""
    return (f.table.table_id, f.row.index) if f.row is not None else (f.doc_id, f.line)


def _evidence_key(c: Candidate):
    return _row_key(c.facts[0])


def _as_close(c: Candidate, chosen: Candidate, question_terms: tuple = ()) -> bool:
    """Whether a candidate's own label names the item as closely as the chosen one's does. The words
    of the question's other parts name it too: in '건의사항은 몇 건이고, 추진완료된 건 몇 건' the
    건의사항 row's 추진완료 names the second part's item as closely as the 계 row's does."""
    if c.binding is None or chosen.binding is None:
        return True
    if c.binding.precision >= chosen.binding.precision - 1e-9:
        return True
    return bool(question_terms) and c.facts and label_precision(
        question_terms, without_measure_words(c.facts[0].label)) >= chosen.binding.precision - 1e-9


def _asked_once(parts: list[tuple[str, Frame, list[Candidate]]], decisions: list[Decision],
                one_report: bool) -> list[Decision]:
    """Two parts of one question ask two things. A later part whose figure an earlier part already
    gives ('정원은 몇 명이고 지금은 몇 명') asks another figure of that item, so that figure is set
    aside for it; a part named by no word of its own is then named by the measure of what it found
    (or by its last item word, when that has none)."""
    taken: set[tuple] = set()
    out = []
    for (label, frame, cands), d in zip(parts, decisions):
        if len(parts) > 1 and d.chosen and d.chosen[0].facts and d.chosen[0].facts[0].key in taken:
            d = decide(frame, [c for c in cands if not (c.facts and c.facts[0].key in taken)], label, one_report)
        if not d.part and d.chosen and d.chosen[0].facts:
            name = d.chosen[0].facts[0].measure or (frame.terms[-1].text if frame.terms else "")
            d = dataclasses.replace(d, part=name)
        taken.update(c.facts[0].key for c in d.chosen if c.facts)
        out.append(d)
    return out


def _row_mate_rank(c: Candidate, anchor) -> int | None:
    """How a figure is another measure of the item whose cell another part answered: 0 the same cell's
    other part ('22 (23)': 정원 and 현원); 1 another column of its row, when the row is the item (a
    one-row table, or columns that are measures); 2 the same column in another row, when the rows are
    measures (a '정원' row over a '현원' row). None for a figure of another item."""
    f = c.facts[0] if c.kind == "figure" and c.facts else None
    if f is None or f.row is None or f.table.table_id != anchor.table.table_id or f.key == anchor.key:
        return None
    same_row = _row_key(f) == _row_key(anchor)
    if same_row and f.line == anchor.line and f.cell is not None and anchor.cell is not None and f.cell.col == anchor.cell.col:
        return 0
    other_measure = bool(f.measure and anchor.measure and f.measure != anchor.measure)
    if same_row:
        if not anchor.row.label_path:
            return 1
        return 1 if other_measure and label_measure(f.header) and label_measure(anchor.header) else None
    if f.header == anchor.header and other_measure and label_measure(f.row.label) and label_measure(anchor.row.label):
        return 2
    return None


def _as_anchored(c: Candidate) -> Candidate:
    """The other part of a cell whose first part answered the question's item ('11(7)': 11건, then
    7명): the item is that of the part already verified, so its evidence need not carry it again."""
    return dataclasses.replace(c, binding=dataclasses.replace(c.binding, context=1.0, missing_strong=()))


def _unnamed_from_row(parts: list[tuple[str, Frame, list[Candidate]]], decisions: list[Decision],
                      one_report: bool) -> list[Decision]:
    """A part with no word of its own ('몇 명이고 실제로는 몇 명', '몇 건 들어왔고 몇 건 재결했어요')
    asks another figure of the item a named part found in a table: it is answered from that cell's
    other part or its row, never from a line elsewhere that merely shares the subject."""
    if len(parts) < 2:
        return decisions
    anchors = [d.chosen[0].facts[0] for (label, _, _), d in zip(parts, decisions)
               if label and d.chosen and d.chosen[0].kind == "figure" and d.chosen[0].facts
               and d.chosen[0].facts[0].row is not None]
    if not anchors:
        return decisions
    anchor = anchors[0]
    taken = {c.facts[0].key for d in decisions for c in d.chosen if c.facts}
    out = []
    for (label, frame, cands), d in zip(parts, decisions):
        if label:
            out.append(d)
            continue
        own_keys = {f.key for f in (d.chosen[0].facts if d.chosen else ())}
        mates = []
        for c in cands:
            rank = _row_mate_rank(c, anchor)
            if rank is None or c.facts[0].key in taken - own_keys:
                continue
            c = _as_anchored(c) if rank == 0 else c
            if rejection(frame, c) is None:
                mates.append((rank, c))
        if not mates:
            out.append(d)
            continue
        best = min(rank for rank, _ in mates)
        pick = decide(frame, [c for rank, c in mates if rank == best], label, one_report)
        if pick.chosen and pick.chosen[0].facts:
            pick = dataclasses.replace(pick, part=pick.chosen[0].facts[0].measure or pick.chosen[0].facts[0].header or "")
        out.append(pick)
    return out


def decide_parts(parts: list[tuple[str, Frame, list[Candidate]]], one_report: bool = False) -> list[Decision]:
    """Each part of a compound question decided; parts of one figure question ('정원하고 현원') taken
    from one row or one line when one holds them all nearly as well, since they ask about one item."""
    decisions = _asked_once(parts, [decide(frame, cands, label, one_report) for label, frame, cands in parts],
                            one_report)
    decisions = _unnamed_from_row(parts, decisions, one_report)
    if len(parts) < 2 or not all(d.chosen and d.chosen[0].kind == "figure" for d in decisions):
        return decisions
    # a row for all parts may give each part a figure of a neighbour ('4급상당' for '5급상당'): only
    # figures that name the part's item as closely as its own choice does are taken from it
    question_terms = tuple({t.text: t for _, frame, _ in parts for t in frame.terms}.values())
    kept = [[c for c in sorted(cands, key=lambda c: c.key) if c.kind == "figure" and rejection(frame, c) is None
             and _as_close(c, d.chosen[0], question_terms)]
            for (_, frame, cands), d in zip(parts, decisions)]

    def joint(key) -> list[Candidate] | None:
        # one row for all parts, and from it a different figure for each ('정원이 … 실제로는')
        got: list[Candidate] = []
        for k in kept:
            taken = {c.facts[0].key for c in got}
            c = next((c for c in k if _evidence_key(c) == key and c.facts[0].key not in taken), None)
            if c is None:
                return None
            got.append(c)
        return got

    joints = {k: j for k in sorted(set.intersection(*[{_evidence_key(c) for c in k} for k in kept]))
              if (j := joint(k)) is not None}
    if not joints or len({_evidence_key(d.chosen[0]) for d in decisions}) == 1:
        return decisions
    best_each = sum(d.chosen[0].score for d in decisions)
    key = max(sorted(joints), key=lambda k: sum(c.score for c in joints[k]))
    together = joints[key]
    if sum(c.score for c in together) >= best_each - JOINT_MARGIN * len(parts):
        return [Decision(d.part, (c,)) for d, c in zip(decisions, together)]
    return decisions
