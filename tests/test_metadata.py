"""Report metadata from the document's own evidence: the office that wrote it apart from the
council committee it was given to, the report's own title, its date, and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.document import DocMetadata, Document
from ingest.metadata import apply_sidecar, extract_metadata, infer_missing_organizations, make_title
from ingest.structure import build_outline


def meta_of(lines: list[str], **extra) -> DocMetadata:
    doc = Document("r.txt", "r.txt", "txt", lines, **extra)
    return extract_metadata(doc, build_outline(doc))


BODY = ["Ⅰ. 기본현황", "□ 조 직 : 4과 20팀", "교 통 혁 신 국 (192명)", "□ 인 력 : 정원 192명"]


def test_the_committee_beside_the_cover_date_is_who_it_was_given_to_not_who_wrote_it():
    m = meta_of(["2025. 2. 11.(화)", "건설교통위원회", "(2025년도) 주요 업무 추진 계획", "교 통 혁 신 국", *BODY])
    assert (m.organization, m.reported_to) == ("교통혁신국", "건설교통위원회")
    assert m.report_date == "2025-02-11"
    assert m.title == "교통혁신국 2025년 주요업무추진계획 (2025.2.11.)"
    assert m.evidence == {"organization": "표지", "reported_to": "표지", "report_date": "표지"}


def test_an_office_that_is_itself_a_committee_is_told_apart_by_position():
    # the office's name on this cover is a picture; the chart under 조직 names it
    cover = ["2025. 2. 7. (금)", "행정문화위원회", "2025년도 주요 업무계획"]
    body = ["Ⅰ. 기본현황", "□ 조 직 : 1위원회 2담당관 9팀", "(2025. 1. 1. 기준)", "감 사 위 원 회", "감사담당관"]
    m = meta_of(cover + body)
    assert (m.organization, m.reported_to) == ("감사위원회", "행정문화위원회")
    assert m.evidence["organization"] == "조직도"
    assert m.title == "감사위원회 2025년 주요업무계획 (2025.2.7.)"


def test_the_meeting_line_names_the_committee_and_the_session():
    m = meta_of(["제 300 회\t임 시 회", "운 영 위 원 회", "2021. 5. 3.(월)", "2021년", "주요 업무 보고",
                 "서울특별시의회사무처", "I. 일반 현황"])
    assert (m.organization, m.reported_to, m.meeting) == ("서울특별시의회사무처", "운영위원회", "제300회 임시회 운영위원회")
    assert m.title == "서울특별시의회사무처 2021년 주요업무보고 (2021.5.3.)"


def test_running_header_and_file_properties_name_the_office_when_the_cover_does_not():
    body = ["Ⅰ. 일반 현황", "□ 예산 : 100백만원"]
    m = meta_of(["2025. 3. 4.", *body], furniture=["부산광역시 시민건강국 | 2025 주요업무계획"])
    assert (m.organization, m.evidence["organization"]) == ("시민건강국", "머리글·바닥글")
    m = meta_of(["2025. 3. 4.", *body], properties={"Author": "홍길동", "Subject": "문화체육국 업무보고"})
    assert (m.organization, m.evidence["organization"]) == ("문화체육국", "파일 속성")


def test_a_charge_line_before_the_first_section_names_the_office():
    m = meta_of(["2024. 11.", "주요업무보고", "기획조정실 소관", "I. 일반 현황"])
    assert m.organization == "기획조정실"


def test_no_office_in_the_text_stays_unknown_instead_of_a_guess():
    m = meta_of(["주요업무보고", "2022. 9.", "I. 일반 현황", "1 주요 기능"])
    assert m.organization is None and m.title.startswith("기관 미상")


def test_an_inferred_office_needs_a_report_that_shares_enough_to_support_it():
    known = Document("a.txt", "a.txt", "txt", [], metadata=DocMetadata(organization="시장비서실", title="시장비서실 주요업무보고"))
    alike = Document("b.txt", "b.txt", "txt", [], metadata=DocMetadata(title="기관 미상 2022년 주요업무보고"))
    stray = Document("c.txt", "c.txt", "txt", [], metadata=DocMetadata(title="기관 미상 주요업무보고"))
    shared = {f"단어{i}" for i in range(60)}
    profiles = {"a.txt": shared | {"의전"}, "b.txt": shared | {"메시지"}, "c.txt": {"단어1", "예산", "집행"}}
    infer_missing_organizations([known, alike, stray], profiles)
    assert (alike.metadata.organization, alike.metadata.organization_inferred) == ("시장비서실", True)
    assert alike.metadata.title == "시장비서실(추정) 2022년 주요업무보고"
    assert alike.metadata.evidence["organization"] == "비슷한 보고서에서 추정"
    assert stray.metadata.organization is None  # three shared words support no guess


def test_a_sidecar_overrides_reported_to_and_says_so(tmp_path: Path):
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF-")
    (tmp_path / "r.pdf.meta.json").write_text(json.dumps({"reported_to": "기획재경위원회"}), encoding="utf-8")
    doc = Document("r.pdf", str(path), "pdf", [], metadata=DocMetadata(organization="재정관", reported_to="다른위원회",
                                                                          title="재정관 2025년 주요업무계획"))
    apply_sidecar(doc, path)
    assert doc.metadata.reported_to == "기획재경위원회"
    assert doc.metadata.evidence["reported_to"] == "메타 파일"
    assert doc.metadata.title == make_title(doc.metadata, 2025, "주요업무계획")
