"""Lists: the items of a list the report states — the child lines of a heading or bullet, the
parts of a 'label : A, B, C' line (or table cell), or the rows of a table."""

from __future__ import annotations

import re

from assistant.qa.binding import bind_span
from assistant.qa.cells import value_years
from assistant.qa.korean_text import clean_line, split_items, tidy_label
from assistant.qa.terms import coverage, squash
from assistant.qa.resources import Resources
from assistant.qa.types import Candidate, Frame, Retrieved, Scope, Span

RANK_BONUS = (0.08, 0.05, 0.03, 0.02, 0.01)
COUNT_MATCH = 0.2  # the list has as many items as the question or its heading says
COUNT_MISMATCH = 0.15
UNASKED = 0.1  # a list offered for a question that did not ask for one ('…를 알려줘')
ITEM_CHARS = 160
COMMA_ITEM_CHARS = 30  # the parts of a comma list under a line are names, not sentences
CANDIDATES = 20
TEMPLATE_SHARE = 0.5  # a list this much of whose items are template headings is a section's outline, not a list
PARENT_OWN = 0.9  # a list named by the heading right above its own line ('구·군 종합감사' over '(감사대상) 4개 기관')
FIELD_SHEET = 0.1  # a list of '(감사대상) …', '(감사방향) …' lines: one thing's attributes, not members of a set
_STATED_COUNT = re.compile(r"\(\s*(\d{1,2})\s*(?:개|명|건|곳|인)?\s*\)|(\d{1,2})\s*(?:개|가지|곳|인|명)(?![가-힣])")


_COUNTED_LIST = re.compile(r"(?P<n>\d{1,2})\s*(?:개소|개|명|곳|가지|종|건|인|개국)\s*\((?P<items>[^()]+)\)")


_BRACKETED_HEAD = re.compile(r"^\s*[【\[〔<〈]\s*([^】\]〕>〉]{2,30})[】\]〕>〉]\s*")
"""A line that opens with its own name in brackets ('【신설 BRT 노선(안)】 …'): what follows is that list."""


_GOES_ON = re.compile(r"^\s*[(,（]")
"""A line that opens mid-item ('(7.9㎞), 하단～주례(7㎞), …'): the rest of the line above."""
_SENTENCE_DONE = re.compile(r"(다|음|함|됨|[.。])\s*$")


def _stated_count(text: str) -> int | None:
    m = _STATED_COUNT.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def is_outline(res: Resources, doc_id: str, items: list[str]) -> bool:
    """A list whose items are mostly the report's template subheadings: the parts of one project's
    write-up, which answer no '무엇무엇' question."""
    template = sum(res.is_template_heading(doc_id, i) for i in items)
    return template >= TEMPLATE_SHARE * len(items)


_FIELD_ITEM = re.compile(r"^\s*[(（]\s*[^)）]{1,12}[)）]")


def _is_field_sheet(items: list[str]) -> bool:
    """Every item opens with its own field label ('(감사대상) 4개 기관', '(감사방향) …')."""
    fields = [m.group(0) for i in items if (m := _FIELD_ITEM.match(i))]
    return len(fields) == len(items) >= 2 and len(set(fields)) == len(fields)


def _trim(item: str) -> str:
    item = clean_line(item)
    return item if len(item) <= ITEM_CHARS else item[:ITEM_CHARS].rstrip() + "…"


_CIRCLED = re.compile(r"^[\s\-·]*([\u2460-\u2473])")


def _enumerated_run(lines: list[str]) -> int:
    """How many of the first lines are numbered ① ② ③ … in order: a heading's own list, when the
    write-ups of its items follow it under the same heading."""
    k = 0
    for line in lines:
        m = _CIRCLED.match(line)
        if not m or ord(m.group(1)) - 0x2460 != k:
            break
        k += 1
    return k


def line_lists(res: Resources, doc_id: str, n: int) -> list[tuple[str, tuple[int, ...], list[str]]]:
    """(head, lines, items) for the lists a line heads or holds."""
    raw = res.index.line(doc_id, n)
    out = []
    tree = res.trees.of(doc_id)
    kids = [m for m in tree.children(n) if res.index.line(doc_id, m).strip()]
    plain_kids = [m for m in kids if "\t" not in res.index.line(doc_id, m)]
    run = _enumerated_run([res.index.line(doc_id, m) for m in plain_kids])
    if 2 <= run < len(plain_kids):
        plain_kids = plain_kids[:run]  # '① … ④', then '1 …' with each one's write-up: the list is ①–④
    if len(plain_kids) >= 2:
        out.append((clean_line(raw), (n, *plain_kids), [_trim(res.index.line(doc_id, m)) for m in plain_kids]))
    for m in kids:
        kid = res.index.line(doc_id, m)
        note = clean_line(kid)
        items = split_items(note)
        if "\t" in kid or len(items) < 2:
            continue
        if re.match(r"^\s*[-\s]*[*＊※]", kid) or all(len(i) <= COMMA_ITEM_CHARS for i in items):
            # "…(6개 지자체*) …" then "* 전남 완도(…), 홍천(…), …": the footnote holds the list;
            # "○ (감사대상) 4개 기관" then "- A(2월), B(2월), …": the line under it names them
            out.append((clean_line(raw), (n, m), [_trim(x) for x in items]))
    cells = raw.split("\t")
    if len(cells) >= 2 and len(split_items(cells[-1])) >= 2:
        out.append((clean_line(" ".join(cells[:-1])), (n,), [_trim(x) for x in split_items(clean_line(cells[-1]))]))
    text = clean_line(raw)
    for m in _COUNTED_LIST.finditer(text):
        items = split_items(m.group("items"))
        if len(items) == int(m.group("n")) >= 2 and all(len(i) <= COMMA_ITEM_CHARS for i in items):
            # "전문임기제 6명(A, B, C, D, E, F) 별도": the parenthesis names the six
            head = " ".join((text[:m.start("items") - 1] + " " + text[m.end():]).split())
            out.append((head, (n,), [_trim(i) for i in items]))
    bracketed = _BRACKETED_HEAD.match(text)
    if bracketed and "\t" not in raw:
        # "【신설 BRT 노선(안)】 문현～수영(6.8㎞), 대티～하단(4.4㎞), …": the bracket names the list,
        # which a narrow page may wrap onto the next line ('… 구포～만덕' / '(7.9㎞), 하단～주례(7㎞), …')
        body, span_lines = text[bracketed.end():], (n,)
        follow = res.index.line(doc_id, n + 1)
        if follow.strip() and "\t" not in follow and _GOES_ON.match(follow) and not _SENTENCE_DONE.search(body):
            body, span_lines = body + clean_line(follow), (n, n + 1)
        items = split_items(body)
        if len(items) >= 2 and all(len(i) <= COMMA_ITEM_CHARS for i in items):
            out.append((bracketed.group(1).strip(), span_lines, [_trim(i) for i in items]))
    if ":" in text and "\t" not in raw:
        head, _, rest = text.partition(":")
        items = split_items(rest)
        if len(items) >= 2 and all(len(i) <= 60 for i in items):
            out.append((head.strip(), (n,), [_trim(i) for i in items]))
    return out


def table_lists(res: Resources, table) -> list[tuple[str, tuple[int, ...], list[str]]]:
    """A table read as a list: its item rows; or, when its few rows are attributes (사업명, 투자비)
    and its columns are the entities, each column with its values."""
    head = clean_line(table.title) or (table.section[-1] if table.section else "")
    rows = [r for r in table.rows if r.label_path]
    out = []
    labels = [tidy_label(" ".join(r.label_path)) for r in rows if r.kind == "item"]
    if len(labels) >= 2:
        out.append((head, tuple(sorted({r.line for r in rows})), [_trim(x) for x in labels]))
    header = [tidy_label(p[-1]) if p else "" for p in table.columns]
    if 0 < len(rows) <= 5 and len(header) >= 3 and all(len(squash(r.label_path[0])) <= 6 for r in rows):
        lines = res.index.lines(table.doc_id)
        body = [n for n in range(table.first_line, table.last_line + 1)
                if n not in table.header_lines and n - 1 < len(lines) and "\t" in lines[n - 1]]
        grid = [lines[n - 1].split("\t") for n in body]
        items = []
        for col in range(1, len(header)):
            values = [" ".join(g[col].split()) for g in grid if col < len(g) and g[col].strip()]
            if header[col] and values:
                items.append(_trim(f"{header[col]}: " + ", ".join(values)))
        if len(items) >= 2:
            out.append((head, tuple(body), items))
    return out


class Lists:
    name = "list"

    def propose(self, frame: Frame, scope: Scope, got: Retrieved, res: Resources, ask=None) -> list[Candidate]:
        if frame.answer_type not in ("list", "text", "what"):
            return []
        out: list[Candidate] = []
        seen: set[tuple[str, int]] = set()
        for rank, p in enumerate(got.passages):
            doc_ctx, doc_years = res.doc_context(p.doc_id), res.doc_years(p.doc_id)
            table = res.index.tables.get(p.chunk.table_id) if p.chunk.table_id else None
            if table is not None:
                for head, span_lines, items in table_lists(res, table):
                    span = Span("list", "", p.doc_id, span_lines, head, " ".join((head, p.chunk.section)), items=tuple(items))
                    b = bind_span(frame, span, doc_ctx, doc_years)
                    score = 0.5 * b.context + 0.3 * b.own + (RANK_BONUS[rank] if rank < len(RANK_BONUS) else 0.0)
                    score -= UNASKED if frame.answer_type != "list" else 0.0
                    out.append(Candidate(self.name, "list", round(score, 6), spans=(span,), binding=b,
                                         features=(("context", b.context), ("table", 1.0)), items=tuple(items)))
            lines = sorted(set(p.chunk.line_ids) | set(res.trees.of(p.doc_id).ancestors(p.chunk.line_ids[0], 2)))
            for n in lines:
                if (p.doc_id, n) in seen:
                    continue
                seen.add((p.doc_id, n))
                for head, span_lines, items in line_lists(res, p.doc_id, n):
                    if is_outline(res, p.doc_id, items):
                        continue
                    parents = res.line_context(p.doc_id, n)
                    # the year of a list is its heading's ('□ ’19년 추진실적'), else the report's
                    span = Span("list", "", p.doc_id, span_lines, head, " ".join((head, parents, p.chunk.section)),
                                items=tuple(items), years=value_years(" ".join((head, parents))))
                    b = bind_span(frame, span, doc_ctx, doc_years)
                    if b.year_ok is False:
                        continue
                    tree = res.trees.of(p.doc_id)
                    parent = tree.parent[n] if n < len(tree.parent) else 0
                    under = clean_line(res.index.line(p.doc_id, parent)) if parent else ""
                    own = max(b.own, PARENT_OWN * coverage(frame.terms, under + " " + head)) if under else b.own
                    score = 0.5 * b.context + 0.3 * own + (RANK_BONUS[rank] if rank < len(RANK_BONUS) else 0.0)
                    if frame.answer_type != "list":
                        score -= UNASKED
                    elif _is_field_sheet(items):
                        score -= FIELD_SHEET
                    want = frame.wanted_count or _stated_count(head)
                    if want:
                        score += COUNT_MATCH if want == len(items) else -COUNT_MISMATCH
                    out.append(Candidate(self.name, "list", round(score, 6), spans=(span,), binding=b,
                                         features=(("context", b.context), ("own", b.own), ("n", float(len(items)))),
                                         items=tuple(items)))
        out.sort(key=lambda c: c.key)
        return out[:CANDIDATES]
