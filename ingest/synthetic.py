"""A synthetic corpus for the scale benchmark: N reports made from the reports in a folder.

Report i is report `i mod 5` (of the sources, sorted by name) rewritten so that its facts differ:
- organization: a made-up city ("누리시") replaces 서울특별시/서울시/서울 everywhere, and the issuing
  office becomes "<city><office>" ("누리시기획조정실"); a source that never names its office on
  the cover gets a cover line naming the new one, so every generated report can be asked about by
  name;
- years: every year (2021, '21, ′22.9.20., 2 0 2 1 . 5 . 3 .) moves by the same offset;
- numbers: every quantity (amounts, head counts, counts of cases, areas …) is multiplied by the
  same integer factor; rates, percentages, decimals, dates, grades (5급), ordinals, floors,
  article numbers (제3조) and the like are left alone. Multiplying every quantity by one integer
  keeps totals, remainders and differences exact, and ratios unchanged, so a table that added up
  still adds up and its rate column still matches.
Two generated reports never share an organization, and two made from the same source also differ
in factor (and usually in year offset).

The questions are known from the generation: a figure question names a generated report's
organization and asks for one cell (row label × column header) of one of its tab-separated
tables; the gold number is the generated value and the evidence is the generated row, verbatim.
Only cells whose value was rescaled are asked about, so an answer read from a sibling report (same
source, other city) is wrong.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

# ------------------------------------------------------------------ names

_FIRST = "가나다라마보소아주하새한온늘솔별달빛미누"
_SECOND = "람온솜빛결들내뫼울솔샘터누리랑음찬봄길숲"
_SEOUL_PLACES = ("서울특별시", "서울시")


def city_names(n: int, seed: int = 0, avoid: str = "") -> list[str]:
    """n distinct made-up city names ('누리시'), none of whose stems occurs in `avoid`."""
    stems = [a + b for a in _FIRST for b in _SECOND if a != b]
    stems = [s for s in stems if s not in avoid and s + "시" not in avoid and "서울" not in s]
    random.Random(f"cities:{seed}").shuffle(stems)
    if n > len(stems):
        raise ValueError(f"도시 이름은 {len(stems)}개까지 만들 수 있습니다 (요청: {n})")
    return [s + "시" for s in stems[:n]]


# ------------------------------------------------------------------ numbers

_TOKEN = re.compile(
    r"""
     (?P<tag><[^<>]*>)
    |(?P<spyear>(?<![\d ])[12]\ [09]\ \d\ \d(?=\ ?[.년]))
    |(?P<spaced>(?<=제\ )\d(?:\ \d)+)
    |(?P<y4>(?<![\d,.])(?:19|20)\d{2}(?!\d)(?=\s*(?:년|\.|회계|학년|~|∼|\)|-|/|’|'|부터|까지)|\s*$))
        (?P<y4tail>\s*\.\s*\d{1,2}(?:\s*\.\s*\d{1,2})?\.?)?
    |(?P<y2q>['’′‘`])(?P<y2>\d{2})(?![\d,])(?=\s*(?:[.년월~∼\-),]|\s|$))
        (?P<y2tail>\s*\.\s*\d{1,2}(?:\s*\.\s*\d{1,2})?\.?)?
    |(?P<time>\d{1,2}:\d{2})
    |(?P<phone>\d{2,4}-\d{3,4}-\d{4})
    |(?P<dotted>\d+\ ?\.\ ?\d+(?:\ ?\.\ ?\d+)*)
    |(?P<quarter>(?<![\d,])(?:[1-4]/4|1/[23]|2/3)(?![\d,]))
    |(?P<jo>(?P<jo_a>\d{1,3}(?:,\d{3})+|\d+)\s*조(?P<jo_sp>\s*)(?P<jo_b>\d{1,3}(?:,\d{3})+|\d{1,4})?(?![\d.,])
        (?=\s|$|[),.억원/]))
    |(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)
    """,
    re.X,
)

# A number followed by one of these is a date part, a grade, an ordinal or a duration: not a quantity.
_KEEP_UNITS = (
    "개월", "개년", "주년", "주간", "일간", "년간", "년도", "학년", "분기", "단계", "회차", "권역", "등급",
    "월", "일", "년", "주", "차", "급", "호", "층",
)
# ... and these only as a word of their own: "10대" (a term) but "8대학" (eight universities).
_KEEP_SHORT = re.compile(r"[동위등기세시분초번대선항조](?![가-힣])")
_LIST_TAIL = re.compile(r"(?:\s*[,·‧・~∼\-]\s*\d{1,3}(?!\d))*\s?")
_PERCENT = re.compile(r"\s?(?:%|％|퍼센트|배)")
_ORDINAL_HEAD = re.compile(r"[\s#*>\-]*")
_RATE_WORD = re.compile(r"률|율|%|비율|비중")


@dataclass
class Rewrite:
    """How one generated report differs from its source."""

    city: str
    organization: str
    source_organization: str
    year_shift: int
    factor: int


def _fmt(value: int, original: str) -> str:
    if "," in original or (value >= 1000 and not (len(original) >= 4 and original.isdigit())):
        return f"{value:,}"
    return str(value)


def scale_numbers(text: str, factor: int, year_shift: int, scale: bool = True, line_start: bool = True) -> str:
    """Rewrite one line (or one table cell): years move by `year_shift`, quantities are multiplied."""

    def repl(m: re.Match) -> str:
        kind = m.lastgroup
        whole = m.group(0)
        if m.group("tag") is not None or m.group("spaced") is not None:
            return whole
        if m.group("spyear") is not None:
            year = int(whole.replace(" ", "")) + year_shift
            return " ".join(str(year))
        if m.group("y4") is not None:
            return str(int(m.group("y4")) + year_shift) + (m.group("y4tail") or "")
        if m.group("y2") is not None:
            yy = (int(m.group("y2")) + year_shift) % 100
            return f"{m.group('y2q')}{yy:02d}" + (m.group("y2tail") or "")
        if kind in ("time", "phone", "dotted", "quarter"):
            return whole
        if m.group("jo") is not None:
            if not scale or _kept_by_context(text, m.start(), m.end(), whole):
                return whole
            a = int(m.group("jo_a").replace(",", ""))
            b_raw = m.group("jo_b")
            b = int(b_raw.replace(",", "")) if b_raw else 0
            total = (a * 10000 + b) * factor
            hi, lo = divmod(total, 10000)
            if b_raw is None and lo == 0:
                return f"{hi:,}조"
            return f"{hi:,}조{m.group('jo_sp')}{lo:,}"
        raw = m.group("num")
        if not scale or "." in raw:
            return whole
        if _kept_by_context(text, m.start(), m.end(), raw) or (line_start and _is_ordinal(text, m.start(), m.end(), raw)):
            return whole
        value = int(raw.replace(",", ""))
        if "," not in raw and len(raw) == 4 and 1900 <= value <= 2099:
            return whole  # a year outside a date context ("2050 탄소중립"): neither moved nor scaled
        if len(raw) > 1 and raw.startswith("0"):
            return whole  # codes such as "02"
        return _fmt(value * factor, raw)

    return _TOKEN.sub(repl, text)


def _kept_by_context(text: str, start: int, end: int, raw: str) -> bool:
    before = text[max(0, start - 3):start]
    if re.search(r"(?<![가-힣])제\s?$|조의\s?$", before) or re.search(r"[가-힣](?:로|길)\s$", before):
        return True  # 제300회, 제3조의4; street numbers (세종대로 125)
    if re.search(r"[A-Za-z]-?$", before) or re.search(r"코로나\s?-?$", text[:start]):
        return True  # COVID-19, G20, 코로나19
    after = text[end:]
    if _PERCENT.match(after):
        return True
    tail = _LIST_TAIL.match(after)
    rest = after[tail.end():] if tail else after
    return rest.startswith(_KEEP_UNITS) or bool(_KEEP_SHORT.match(rest))


def _is_ordinal(text: str, start: int, end: int, raw: str) -> bool:
    """'1 주요 기능', '## 2. 인력 현황', '3) …' at the start of a line: a section number."""
    head = _ORDINAL_HEAD.match(text)
    if head is None or head.end() != start or "," in raw or len(raw) > 2:
        return False
    # a bare "2" line is the number of the heading on the next line
    return bool(re.match(r"[.)]?[ \u3000]+\S|[.)][가-힣]|\s*$", text[end:]))


# ------------------------------------------------------------------ tables

_NUMERIC_CELL = re.compile(r"^[\s△Δ▲+\-]*\d[\d,]*(?:\.\d+)?\s*(?:\([^()]*\))?\s*%?\s*"
                           r"(?:천원|백만원|억원|만원|원|명|건|개|회|곳|개소|개교|개국|㎡|톤)?\s*$")
_TOTAL_WORDS = {"계", "합계", "소계", "총계", "총합계", "누계"}
_GENERIC_COLUMNS = {"구분", "비고", "내용", "사업명", "주요업무", "담당업무", "부서", "회기", "회수", "주요일정",
                    "추진시기", "추진내용", "세부내용", "조치결과", "기간", "일시", "장소", "대상"}


@dataclass
class TableBlock:
    first: int  # 0-based line index of the first tab-separated line
    header: list[int]  # line indexes of the header rows
    rows: list[int]  # line indexes of the data rows


def _is_numeric_cell(cell: str) -> bool:
    return bool(_NUMERIC_CELL.match(cell)) and bool(re.search(r"\d", cell))


def table_blocks(lines: list[str]) -> list[TableBlock]:
    """Runs of consecutive tab-separated lines; header rows are those before the first row with a
    numeric cell."""
    blocks: list[TableBlock] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        idx = list(range(i, j))
        first_data = next((k for k in idx if any(_is_numeric_cell(c) for c in lines[k].split("\t")[1:])), None)
        header = idx if first_data is None else [k for k in idx if k < first_data]
        rows = [] if first_data is None else [k for k in idx if k >= first_data]
        blocks.append(TableBlock(i, header, rows))
        i = j
    return blocks


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _letter_spaced(text: str) -> bool:
    return bool(re.fullmatch(r"(?:\S )+\S", text.strip()))


def _column_name(lines: list[str], block: TableBlock, col: int, width: int) -> str | None:
    """The header of a column when exactly one header row names it (no merged sub-headers) and that
    row has as many cells as the data row (no label column shifting the values)."""
    named = []
    for k in block.header:
        cells = lines[k].split("\t")
        if col < len(cells) and cells[col].strip():
            named.append(cells[col])
            if len(cells) != width:
                return None
    if len(named) != 1:
        return None
    name = re.sub(r"\([^()]*\)", "", _squash(named[0]))
    if not re.fullmatch(r"[가-힣]{2,8}", name) or name in _GENERIC_COLUMNS or _RATE_WORD.search(name):
        return None
    return name


def _unit_near(lines: list[str], block: TableBlock, cell: str, column: str) -> str:
    for k in range(block.first - 1, max(-1, block.first - 7), -1):
        m = re.search(r"단위[^)]*", lines[k])
        if m:
            units = re.findall(r"천원|백만원|억원|만원|원|명|건|개|회|㎡|톤|%", m.group(0))
            if units:
                return units[-1]
    m = re.search(r"(천원|백만원|억원|원|명|건|개|회)\s*$", cell.strip())
    if m:
        return m.group(1)
    m = re.search(r"\((천원|백만원|억원|원|명|건|개|회)\)", column)
    return m.group(1) if m else ""


# ------------------------------------------------------------------ one report

@dataclass
class SyntheticReport:
    doc_id: str
    source: str
    rewrite: Rewrite
    text: str
    lines: list[str]
    cover_lines_added: int = 0


@dataclass
class SourceInfo:
    organization: str  # the issuing office as the ingestion pipeline reads it
    named: bool  # False: the text never names it; it was inferred from the most similar report
    rate_cells: set[tuple[int, str]]  # (0-based line, cell text) of table cells that hold a rate


def source_info(paths: list[Path]) -> dict[str, SourceInfo]:
    """What the ingestion pipeline reads from each source: its office, and which table cells are
    rates (a column or row about 률/율/%), which must not be rescaled with the amounts."""
    from ingest.korean import nouns
    from ingest.metadata import infer_missing_organizations
    from ingest.pipeline import parse_document

    parsed = [parse_document(p, p.name) for p in paths]
    docs = [x.doc for x in parsed]
    named = {d.doc_id: bool(d.metadata.organization) for d in docs}
    profiles = {d.doc_id: set(nouns("\n".join(d.lines))) for d in docs}
    infer_missing_organizations(docs, profiles)
    out = {}
    for x in parsed:
        rates = {(c.line - 1, c.raw.strip()) for t in x.tables for r in t.rows for c in r.cells if c.unit == "%"}
        out[x.doc.doc_id] = SourceInfo(x.doc.metadata.organization or "", named[x.doc.doc_id], rates)
    return out


def office_of(org: str) -> str:
    for place in _SEOUL_PLACES:
        if org.startswith(place) and len(org) > len(place) + 1:
            return org[len(place):]
    return org


def rewrite_report(text: str, rw: Rewrite, name_on_cover: bool,
                   rate_cells: set[tuple[int, str]] = frozenset()) -> tuple[str, int]:
    """The generated text, and how many cover lines were added at the top."""
    office = office_of(rw.source_organization)
    stem = rw.city[:-1]
    if office:
        for place in _SEOUL_PLACES:
            text = text.replace(place + office, rw.organization)
        text = re.sub(rf"(?<![가-힣]){re.escape(office)}", rw.organization, text)
    text = text.replace("서울특별시", rw.city).replace("서울시", rw.city).replace("서울", stem)
    lines = text.split("\n")
    out = list(lines)
    blocks = table_blocks(lines)
    for block in blocks:
        for k in block.header + block.rows:
            out[k] = "\t".join(
                scale_numbers(c, rw.factor, rw.year_shift, scale=(k, c.strip()) not in rate_cells, line_start=False)
                for col, c in enumerate(lines[k].split("\t")))
    in_table = {k for b in blocks for k in b.header + b.rows}
    for k, line in enumerate(lines):
        if k not in in_table:
            out[k] = scale_numbers(line, rw.factor, rw.year_shift)
    added = 0
    if name_on_cover:
        out = [rw.organization, ""] + out
        added = 2
    return "\n".join(out), added


# ------------------------------------------------------------------ questions

_TEMPLATES = (
    "{org} 보고서에서 {row} {col}{eun} 얼마예요?",
    "{org}의 {row} {col} 알려줘.",
    "{org} 자료 기준으로 {row}의 {col}{eun} 얼마인가요?",
)


def _josa_eun(word: str) -> str:
    last = word[-1]
    if "가" <= last <= "힣":
        return "은" if (ord(last) - 0xAC00) % 28 else "는"
    return "은(는)"


def _first_int(cell: str) -> int | None:
    m = re.search(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+", cell)
    if m is None or re.match(r"\.\d", cell[m.end():]):
        return None
    sign = -1 if re.match(r"^\s*[△Δ▲\-]", cell) else 1
    return sign * int(m.group(0).replace(",", ""))


def question_candidates(source_lines: list[str], gen_lines: list[str], offset: int,
                        rate_cells: set[tuple[int, str]] = frozenset()) -> list[dict]:
    """Cells of the generated report that a figure question can ask about unambiguously."""
    labels: dict[str, int] = {}
    blocks = table_blocks(source_lines)
    for b in blocks:
        for k in b.rows:
            label = _squash(source_lines[k].split("\t")[0])
            labels[label] = labels.get(label, 0) + 1
    out = []
    for b in blocks:
        for k in b.rows:
            src = source_lines[k].split("\t")
            gen = gen_lines[k + offset].split("\t")
            if len(src) != len(gen):
                continue
            label_raw = gen[0].strip()
            label = _squash(label_raw)
            if (labels.get(_squash(src[0]), 0) != 1 or not re.search(r"[가-힣]{2}", label) or label in _TOTAL_WORDS
                    or _RATE_WORD.search(label) or re.search(r"\d", label) or len(label) > 30):
                continue
            row_name = label if _letter_spaced(label_raw) else " ".join(label_raw.split())
            for col in range(1, len(src)):
                if ((k, src[col].strip()) in rate_cells or not _is_numeric_cell(src[col])
                        or src[col].strip() == gen[col].strip()):
                    continue
                shifted = TableBlock(b.first + offset, [h + offset for h in b.header], [])
                column = _column_name(gen_lines, shifted, col, len(gen))
                value = _first_int(gen[col])
                if column is None or value is None or value == 0:
                    continue
                out.append({"row": row_name, "column": column, "value": value, "cell": gen[col].strip(),
                            "line": k + offset + 1, "evidence": gen_lines[k + offset],
                            "unit": _unit_near(gen_lines, shifted, gen[col], column)})
    return out


def make_questions(report: SyntheticReport, candidates: list[dict], k: int, rng: random.Random) -> list[dict]:
    # one question per (row, column) pair, spread over rows
    chosen = rng.sample(candidates, min(k, len(candidates)))
    items = []
    for n, c in enumerate(chosen):
        tpl = _TEMPLATES[rng.randrange(len(_TEMPLATES))]
        q = tpl.format(org=report.rewrite.organization, row=c["row"], col=c["column"], eun=_josa_eun(c["column"]))
        items.append({
            "id": f"{Path(report.doc_id).stem}-q{n + 1}",
            "type": "figure",
            "question": q,
            "answer": f"{c['cell']}{c['unit'] if not c['cell'].endswith(c['unit']) else ''}",
            "numbers": [c["value"]],
            "unit": c["unit"],
            "doc": report.doc_id,
            "evidence": [c["evidence"]],
            "notes": f"생성 문서 {report.doc_id} {c['line']}행 ({report.source}에서 ×{report.rewrite.factor}, "
                     f"연도 {report.rewrite.year_shift:+d})",
            "difficulty": "synthetic",
        })
    return items


# ------------------------------------------------------------------ corpus

@dataclass
class SyntheticCorpus:
    reports_dir: Path
    questions_path: Path
    reports: list[SyntheticReport]
    questions: list[dict]

    def manifest(self) -> list[dict]:
        return [{"doc_id": r.doc_id, "source": r.source, **asdict(r.rewrite)} for r in self.reports]


def generate(source_dir: str | Path, out_dir: str | Path, n: int, seed: int = 0,
             min_questions: int = 40, per_report: int = 2) -> SyntheticCorpus:
    """Write n generated reports under out_dir/reports and their questions to out_dir/questions.jsonl.

    Each report gets `per_report` questions, more when n is small, so that the set has at least
    `min_questions` (as far as the tables allow).
    """
    sources = sorted(p for p in Path(source_dir).iterdir() if p.is_file() and not p.name.startswith("."))
    if not sources:
        raise ValueError(f"원본 보고서가 없습니다: {source_dir}")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sources}
    info = source_info(sources)
    cities = city_names(n, seed, avoid="\n".join(texts.values()))
    out = Path(out_dir)
    rdir = out / "reports"
    rdir.mkdir(parents=True, exist_ok=True)
    for old in rdir.iterdir():
        old.unlink()
    shifts = [s for s in range(-9, 8) if s != 0]
    k = max(per_report, -(-min_questions // n))
    reports, questions = [], []
    for i in range(n):
        src = sources[i % len(sources)]
        rng = random.Random(f"{seed}:{i}")
        city = cities[i]
        si = info[src.name]
        rw = Rewrite(city=city, organization=city + (office_of(si.organization) or "기관"),
                     source_organization=si.organization, year_shift=rng.choice(shifts),
                     factor=2 + i // len(sources))
        text, added = rewrite_report(texts[src.name], rw, name_on_cover=not si.named, rate_cells=si.rate_cells)
        doc_id = f"syn{i:04d}{src.suffix}"
        (rdir / doc_id).write_text(text, encoding="utf-8")
        rep = SyntheticReport(doc_id, src.name, rw, text, text.split("\n"), added)
        reports.append(rep)
        cands = question_candidates(texts[src.name].split("\n"), rep.lines, added, si.rate_cells)
        questions.extend(make_questions(rep, cands, k, rng))
    qpath = out / "questions.jsonl"
    with open(qpath, "w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    (out / "manifest.json").write_text(
        json.dumps([{"doc_id": r.doc_id, "source": r.source, **asdict(r.rewrite)} for r in reports],
                   ensure_ascii=False, indent=1), encoding="utf-8")
    return SyntheticCorpus(rdir, qpath, reports, questions)
