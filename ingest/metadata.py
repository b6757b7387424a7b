"""Report metadata read from the content, never from the file name: the office that wrote it,
the committee it was given to, title, report date, meeting and as-of dates. Each field keeps
where it was found (`DocMetadata.evidence`). A sidecar `NAME.meta.json` overrides any field.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from ingest.dates import find_as_of, format_korean_date, parse_dates, parse_month
from ingest.document import DocMetadata, Document
from ingest.office import ORG_SUFFIXES, TITLE_WORDS, find_office, find_reported_to  # noqa: F401 (re-exported)
from ingest.structure import Outline

DEFAULT_TITLE = "주요업무보고"
# A report that names no office takes the office of the most similar report only when they
# share this much: two real reports of one office share hundreds of content words, a stray
# test file or a one-page memo a handful.
MIN_SHARED_TERMS = 40
MIN_SIMILARITY = 0.08


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cover_lines(doc: Document, outline: Outline | None) -> list[str]:
    """Lines of the title page: the first printed page of a PDF, else the lines before the first
    section heading; none when the text starts with a section."""
    if doc.pages:
        first_page = next((p for line, p in zip(doc.lines, doc.pages) if line.strip()), None)
        return [l for l, p in zip(doc.lines, doc.pages) if p == first_page and l.strip()]
    end = outline.cover_end if outline is not None else min(len(doc.lines), 20)
    return [line for line in doc.lines[:end] if line.strip()]


def _front_lines(doc: Document, outline: Outline | None) -> list[str]:
    """Cover and table of contents (보고순서/목차): everything before the first section."""
    end = outline.cover_end if outline is not None and outline.cover_end else min(len(doc.lines), 40)
    return [line for line in doc.lines[:end] if line.strip()]


def _first_section(doc: Document, outline: Outline | None) -> list[str]:
    """The first section's lines (기본현황, 일반현황), where the organisation chart is."""
    start = outline.cover_end if outline is not None else 0
    lines = doc.lines[start : start + 120]
    return [line for line in lines if line.strip() and "\t" not in line]


def find_organization(cover: list[str]) -> str | None:
    """The issuing office named on the cover (the committee it was given to excluded)."""
    from ingest.office import _from_cover

    return _from_cover(cover, find_reported_to(cover))


def find_report_date(cover: list[str]) -> str | None:
    for line in cover:
        t = _squash(line)
        full = parse_dates(t)
        if full:
            return full[0]
        month = parse_month(t)
        if month:
            return month
    return None


def find_meeting(cover: list[str]) -> str | None:
    """'제300회 임시회 운영위원회'; without a session number, the committee the report was given to."""
    joined = " ".join(_squash(line) for line in cover[:8])
    m = re.search(r"제\d+회(?:임시회|정례회)", joined)
    if not m:
        return find_reported_to(cover)
    meeting = m.group(0).replace("회임시회", "회 임시회").replace("회정례회", "회 정례회")
    committee = re.search(r"[가-힣]+위원회", joined[m.end():])
    return f"{meeting} {committee.group(0)}" if committee else meeting


def find_title_phrase(cover: list[str]) -> str:
    """What the cover calls the report, spacing removed: 주요업무보고, 주요업무계획, 주요업무추진계획."""
    for line in cover:
        t = re.sub(r"[()（）]", "", _squash(line))
        t = re.sub(r"^(?:(?:19|20)\d{2}년도?)", "", t)
        if any(w in t for w in TITLE_WORDS) and len(t) <= 20 and re.fullmatch(r"[가-힣]+", t):
            return t
    return DEFAULT_TITLE


def find_as_of_dates(doc: Document) -> list[str]:
    """Dates of '기준'/'현재' captions, most frequent first."""
    counts: Counter[str] = Counter()
    for line in doc.lines:
        d = find_as_of(line)
        if d:
            counts[d] += 1
    return [d for d, _ in counts.most_common()]


def find_year(cover: list[str]) -> int | None:
    """The year the cover names on its own line or in front of the title ("2025년도 주요 업무계획")."""
    for line in cover:
        t = re.sub(r"[()（）#]", "", line).strip()
        m = re.fullmatch(r"((?:19|20)\d{2})\s*년도?", t) or re.match(r"((?:19|20)\d{2})\s*년도?\s*(?=\S*[가-힣])", t)
        if m and (re.fullmatch(r"((?:19|20)\d{2})\s*년도?", t) or any(w in _squash(t) for w in TITLE_WORDS)):
            return int(m.group(1))
    return None


def extract_metadata(doc: Document, outline: Outline | None) -> DocMetadata:
    cover = _cover_lines(doc, outline)
    reported_to = find_reported_to(cover)
    org, where = find_office(doc, _front_lines(doc, outline) or cover, reported_to, _first_section(doc, outline))
    report_date = find_report_date(cover)
    meta = DocMetadata(
        organization=org,
        organization_inferred=False,
        title="",
        report_date=report_date,
        as_of_dates=find_as_of_dates(doc),
        meeting=find_meeting(cover),
        reported_to=reported_to,
    )
    meta.evidence = {k: v for k, v in {
        "organization": where,
        "reported_to": "표지" if reported_to else "",
        "report_date": "표지" if report_date else "",
    }.items() if v}
    meta.title = make_title(meta, find_year(cover), find_title_phrase(cover))
    return meta


def make_title(meta: DocMetadata, year: int | None = None, phrase: str | None = None) -> str:
    """'서울특별시 재무국 2018년 주요업무보고 (2018.10.8.)'; '기관 미상 …' when no office is known."""
    org = meta.organization or "기관 미상"
    if meta.organization_inferred:
        org = f"{org}(추정)"
    parts = [org]
    if year:
        parts.append(f"{year}년")
    parts.append(phrase or _title_phrase_of(meta.title) or DEFAULT_TITLE)
    title = " ".join(parts)
    if meta.report_date:
        title += f" ({format_korean_date(meta.report_date)})"
    elif meta.as_of_dates:
        title += f" ({format_korean_date(meta.as_of_dates[0])} 기준)"
    return title


def _title_phrase_of(title: str) -> str | None:
    """The report kind in a title made earlier, kept when the title is made again."""
    for word in title.split():
        if any(w in word for w in TITLE_WORDS):
            return word
    return None


def _year_of(title: str) -> int | None:
    m = re.search(r"(?<!\d)((?:19|20)\d{2})년", title)
    return int(m.group(1)) if m else None


def reference_date(meta: DocMetadata) -> str | None:
    """The date a report speaks for: its own date, else the as-of date of most of its figures."""
    return meta.report_date or (meta.as_of_dates[0] if meta.as_of_dates else None)


def apply_sidecar(doc: Document, path: Path) -> None:
    """`NAME.meta.json` beside a report overrides any metadata field."""
    sidecar = path.with_name(path.name + ".meta.json")
    if not sidecar.exists():
        sidecar = path.with_suffix(".meta.json")
    if not sidecar.exists():
        return
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    for key, value in data.items():
        if hasattr(doc.metadata, key):
            setattr(doc.metadata, key, value)
    if "organization" in data and "organization_inferred" not in data:
        doc.metadata.organization_inferred = False
    if "title" not in data:
        doc.metadata.title = make_title(doc.metadata, _year_of(doc.metadata.title))
    for key in data:
        if hasattr(doc.metadata, key) and key not in ("evidence", "title"):
            doc.metadata.evidence[key] = "메타 파일"


def infer_missing_organizations(docs: list[Document], profiles: dict[str, set[str]]) -> None:
    """A report that never names its office takes the office of the most similar report, when
    the two share enough of their content to support the guess; otherwise it stays 기관 미상.

    `profiles` maps doc_id to its set of content terms (nouns); similarity is Jaccard over them.
    The value is marked as inferred, and the title says so.
    """
    known = [d for d in docs if d.metadata.organization and not d.metadata.organization_inferred]
    for doc in docs:
        if doc.metadata.organization:
            continue
        best, best_score = None, 0.0
        mine = profiles.get(doc.doc_id, set())
        for other in known:
            theirs = profiles.get(other.doc_id, set())
            if not mine or not theirs:
                continue
            score = len(mine & theirs) / len(mine | theirs)
            if score > best_score:
                best, best_score = other, score
        shared = len(mine & profiles.get(best.doc_id, set())) if best is not None else 0
        if best is not None and best_score >= MIN_SIMILARITY and shared >= MIN_SHARED_TERMS:
            doc.metadata.organization = best.metadata.organization
            doc.metadata.organization_inferred = True
            doc.metadata.evidence["organization"] = "비슷한 보고서에서 추정"
            doc.metadata.title = make_title(doc.metadata, _year_of(doc.metadata.title))
