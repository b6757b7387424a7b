"""Report metadata read from the content, never from the file name: organization, title,
report date, meeting and as-of dates. A sidecar `NAME.meta.json` overrides any field.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from ingest.dates import find_as_of, format_korean_date, parse_dates, parse_month
from ingest.document import DocMetadata, Document
from ingest.structure import Outline

# Most specific first; 위원회 is last because covers also name the committee being reported to.
ORG_SUFFIXES = ("사무처", "비서실", "조정실", "본부", "담당관", "연구원", "공사", "공단", "센터", "실", "국", "청", "위원회")
ORG_PREFIXES = ("서울특별시", "서울시")
TITLE_WORDS = ("주요업무보고", "업무보고", "주요업무계획")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cover_lines(doc: Document, outline: Outline | None) -> list[str]:
    """Lines of the title page, before the first section heading; none when the text starts with a section."""
    end = outline.cover_end if outline is not None else min(len(doc.lines), 20)
    return [line for line in doc.lines[:end] if line.strip()]


def find_organization(cover: list[str]) -> str | None:
    """The issuing office named on the cover; covers put it last, under the title and date."""
    candidates = []
    for line in cover:
        t = _squash(line.replace("#", ""))
        if not (2 < len(t) <= 20) or re.search(r"\d", t) or any(w in t for w in TITLE_WORDS):
            continue
        if re.fullmatch(r"[가-힣]+", t):
            for rank, suffix in enumerate(ORG_SUFFIXES):
                if t.endswith(suffix):
                    candidates.append((rank, -len(candidates), t))
                    break
    return min(candidates)[2] if candidates else None


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
    joined = " ".join(_squash(line) for line in cover[:6])
    m = re.search(r"제\d+회(?:임시회|정례회)", joined)
    if not m:
        return None
    meeting = m.group(0).replace("회임시회", "회 임시회").replace("회정례회", "회 정례회")
    committee = re.search(r"[가-힣]+위원회", joined[m.end():])
    return f"{meeting} {committee.group(0)}" if committee else meeting


def find_as_of_dates(doc: Document) -> list[str]:
    """Dates of '기준'/'현재' captions, most frequent first."""
    counts: Counter[str] = Counter()
    for line in doc.lines:
        d = find_as_of(line)
        if d:
            counts[d] += 1
    return [d for d, _ in counts.most_common()]


def find_year(cover: list[str]) -> int | None:
    for line in cover:
        m = re.fullmatch(r"((?:19|20)\d{2})\s*년", line.strip().replace("#", "").strip())
        if m:
            return int(m.group(1))
    return None


def extract_metadata(doc: Document, outline: Outline | None) -> DocMetadata:
    cover = _cover_lines(doc, outline)
    org = find_organization(cover)
    report_date = find_report_date(cover)
    as_of = find_as_of_dates(doc)
    meta = DocMetadata(
        organization=org,
        organization_inferred=False,
        title="",
        report_date=report_date,
        as_of_dates=as_of,
        meeting=find_meeting(cover),
    )
    meta.title = make_title(meta, find_year(cover))
    return meta


def make_title(meta: DocMetadata, year: int | None = None) -> str:
    """'서울특별시의회사무처 2021년 주요업무보고 (2021.5.3.)'"""
    org = meta.organization or "기관 미상"
    if meta.organization_inferred:
        org = f"{org}(추정)"
    parts = [org]
    if year:
        parts.append(f"{year}년")
    parts.append("주요업무보고")
    title = " ".join(parts)
    if meta.report_date:
        title += f" ({format_korean_date(meta.report_date)})"
    elif meta.as_of_dates:
        title += f" ({format_korean_date(meta.as_of_dates[0])} 기준)"
    return title


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
        doc.metadata.title = make_title(doc.metadata)


def infer_missing_organizations(docs: list[Document], profiles: dict[str, set[str]]) -> None:
    """A report that never names its office takes the office of the most similar report.

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
        if best is not None and best_score >= 0.08:
            doc.metadata.organization = best.metadata.organization
            doc.metadata.organization_inferred = True
            doc.metadata.title = make_title(doc.metadata)
