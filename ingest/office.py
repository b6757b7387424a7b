"""Who wrote a report, and who it was given to, from the report's own evidence.

A cover names two bodies. The council committee the report was given to ("행정문화위원회")
sits beside the report date, in the meeting line ("제300회 임시회 운영위원회") or before
"보고"; the office that wrote it ("교통혁신국") stands alone, usually under the title. An
office may itself be a 위원회 (감사위원회), so the word alone decides nothing: the position
does.

Evidence for the office, strongest first:
1. the cover (title page);
2. the running header or footer printed on every page;
3. a "○○국 소관" line before the first section;
4. the file's own properties (Title, Subject, Author when it names an office);
5. the root of the organisation chart under "조직" in the first section (a cover may carry the
   office only as a logo picture).
"""

from __future__ import annotations

import re

from ingest.document import Document

# Most specific first; 위원회 last because covers also name the committee being reported to.
ORG_SUFFIXES = ("사무처", "비서실", "조정실", "본부", "담당관", "연구원", "공사", "공단", "센터", "실", "국", "청", "위원회")
TITLE_WORDS = ("주요업무보고", "업무보고", "주요업무계획", "업무계획", "추진계획")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[.．년]\s*\d{1,2}\s*[.．월]|['’‘′]\d{2}\s*[.．]\s*\d{1,2}")
_COMMITTEE = re.compile(r"([가-힣]{2,12}위원회)")
_MEETING = re.compile(r"제\d+회(?:임시회|정례회)?")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("#", ""))


def _bare(text: str) -> str:
    """A line as an office name would be printed: no spaces, no head count '(192명)', no markup."""
    t = squash(re.sub(r"\([^()]*\)", "", text))
    return t.replace("*", "").strip("·:：-")


def is_office_name(text: str) -> bool:
    t = _bare(text)
    if not (2 < len(t) <= 20) or re.search(r"\d", t) or any(w in t for w in TITLE_WORDS):
        return False
    return bool(re.fullmatch(r"[가-힣]+", t)) and t.endswith(ORG_SUFFIXES)


def _suffix_rank(name: str) -> int:
    return next(i for i, s in enumerate(ORG_SUFFIXES) if name.endswith(s))


def find_reported_to(cover: list[str]) -> str | None:
    """The council committee on the cover: in the meeting line, on the line of the report date
    or right beside it, or before "보고"."""
    lines = [squash(l) for l in cover]
    dated = [i for i, l in enumerate(lines) if _DATE.search(l)]
    for i, line in enumerate(lines):
        m = _COMMITTEE.search(_MEETING.sub("", line))
        if not m:
            continue
        near_date = any(abs(i - d) <= 1 for d in dated)
        if _MEETING.search(line) or near_date or re.search(r"위원회(?:에)?보고", line):
            return m.group(1)
    return None


def find_office(doc: Document, cover: list[str], reported_to: str | None,
                first_section: list[str]) -> tuple[str | None, str]:
    """The office and where it was found (Korean, for the documents list)."""
    found = _from_cover(cover, reported_to)
    if found:
        return found, "표지"
    found = _best([f for f in doc.furniture], reported_to, whole_line=False)
    if found:
        return found, "머리글·바닥글"
    found = _from_charge_lines(cover, reported_to)
    if found:
        return found, "소관 줄"
    found = _from_properties(doc.properties, reported_to)
    if found:
        return found, "파일 속성"
    found = _from_org_chart(first_section, reported_to)
    if found:
        return found, "조직도"
    return None, ""


def _from_cover(cover: list[str], reported_to: str | None) -> str | None:
    """Covers put the office last, under the title and the date."""
    candidates = []
    for n, line in enumerate(cover):
        name = _bare(line)
        if is_office_name(line) and name != reported_to and not _MEETING.search(squash(line)):
            candidates.append((_suffix_rank(name), -n, name))
    return min(candidates)[2] if candidates else None


def _best(lines: list[str], reported_to: str | None, whole_line: bool = True) -> str | None:
    names = []
    for line in lines:
        if whole_line:
            if is_office_name(line):
                names.append(_bare(line))
            continue
        for token in re.split(r"[\s|·/]+", line):
            if is_office_name(token):
                names.append(_bare(token))
    names = [n for n in names if n != reported_to]
    return names[0] if names else None


def _from_charge_lines(lines: list[str], reported_to: str | None) -> str | None:
    """'기획조정실 소관' before the first section names the office in charge."""
    for line in lines:
        m = re.search(r"([가-힣]{2,20})\s*소관", line)
        if m and is_office_name(m.group(1)) and _bare(m.group(1)) != reported_to:
            return _bare(m.group(1))
    return None


def _from_properties(props: dict[str, str], reported_to: str | None) -> str | None:
    for key in ("Title", "Subject", "Author", "Category", "Keywords"):
        value = props.get(key, "")
        for token in re.split(r"[\s,;/_()\-]+", value):
            if is_office_name(token) and _bare(token) != reported_to:
                return _bare(token)
    return None


def _from_org_chart(first_section: list[str], reported_to: str | None) -> str | None:
    """Under the "조직" item of the first section, the chart's first box is the office itself
    ("□ 조 직 : 1위원회 2담당관 9팀" → "감 사 위 원 회")."""
    for i, line in enumerate(first_section):
        t = squash(line)
        if not re.search(r"조직|기구", t) or len(t) > 60:
            continue
        for follow in first_section[i + 1 : i + 6]:
            if is_office_name(follow) and _bare(follow) != reported_to:
                return _bare(follow)
    return None
