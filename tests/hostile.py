"""Bad files, generated at test time: zip and XML bombs, XXE, forged DOCX, links, and a whole
hostile data folder mixed with good reports (`build_hostile_corpus`).

Every generator is small and fast: a bomb is a few hundred kilobytes that would inflate into
millions of lines, never a large file on disk.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docgen

_TINY_PARAGRAPH = "<w:p><w:r><w:t>가</w:t></w:r></w:p>"


def _docx_base(folder: Path) -> Path:
    return docgen.make_docx(folder / ".base.docx", ["@BODY@"], [], [])


def docx_with_document_xml(path: Path, edit) -> Path:
    """A real python-docx package whose word/document.xml is rewritten by `edit(str) -> str`."""
    base = _docx_base(path.parent)
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    base.unlink()
    return path


def docx_bomb(path: Path, paragraphs: int) -> Path:
    """A DOCX of `paragraphs` one-character paragraphs: ~36 bytes each inflated, ~0.1 compressed."""
    def edit(xml: str) -> str:
        start = xml.index("<w:body>") + len("<w:body>")
        return xml[:start] + _TINY_PARAGRAPH * paragraphs + xml[start:]

    return docx_with_document_xml(path, edit)


def docx_with_doctype(path: Path, doctype: str, text: str) -> Path:
    """A DOCX whose first paragraph reads `text` (entity references allowed) under `doctype`."""
    def edit(xml: str) -> str:
        prolog_end = xml.index("?>") + 2
        xml = xml[:prolog_end] + doctype + xml[prolog_end:]
        return xml.replace("@BODY@", text)

    return docx_with_document_xml(path, edit)


def billion_laughs(root: str = "w:document") -> str:
    levels = ['<!ENTITY l0 "하하하하하하하하하하">']
    levels += [f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE {root} [{''.join(levels)}]>"


def xxe(target: Path, root: str = "w:document") -> str:
    return f'<!DOCTYPE {root} [<!ENTITY secret SYSTEM "file://{target}">]>'


def hwpx_with_section(path: Path, section_xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/hwp+zip")
        zf.writestr("Contents/section0.xml", section_xml)
    return path


def docx_with_big_member(path: Path, sizes_mb: list[int]) -> Path:
    """A valid small DOCX plus members of zeros of the given inflated sizes (they compress ~1000×)."""
    base = docgen.make_docx(path.parent / ".base-big.docx", ["보고서"], [], [])
    shutil.copy(base, path)
    base.unlink()
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i, mb in enumerate(sizes_mb):
            with zf.open(f"word/media/filler{i}.bin", "w") as out:
                block = b"\0" * (1 << 20)
                for _ in range(mb):
                    out.write(block)
    return path


# ------------------------------------------------------------------ the hostile data folder
GOOD_REPORT = """서울특별시 {office} 2024년 주요업무보고
(2024. 2. 1.)

Ⅰ. 일반현황
1. 예산현황
('24.1.31. 기준 / 단위:천원)
사업명\t예산액\t집행액
{project}\t{budget}\t{spent}
"""


@dataclass
class HostileCorpus:
    folder: Path
    good: list[str] = field(default_factory=list)  # paths (relative) of reports that must be ingested
    bad: dict[str, str] = field(default_factory=dict)  # relative path → the kind of badness
    either: dict[str, str] = field(default_factory=dict)  # may be ingested or refused
    secrets: list[str] = field(default_factory=list)  # text that must never reach the index

    def entries(self) -> set[str]:
        return set(self.good) | set(self.bad) | set(self.either)


def build_hostile_corpus(folder: Path, outside: Path, reports: Path) -> HostileCorpus:
    """`folder` gets the good reports of `reports`, new good reports in other formats and
    encodings, and one file of every bad kind; `outside` holds what links point to."""
    folder.mkdir(parents=True)
    outside.mkdir(parents=True)
    c = HostileCorpus(folder)
    secret = outside / "secret.txt"
    secret.write_text("서버 밖 비밀 문장 SECRET-7731 입니다.\n", encoding="utf-8")
    c.secrets.append("SECRET-7731")

    for report in sorted(reports.iterdir()):
        shutil.copy(report, folder / report.name)
        c.good.append(report.name)
    _good_reports(c)
    _bad_texts(c)
    _bad_pdfs(c)
    _bad_zips(c, secret)
    _bad_entries(c, secret)
    return c


def _add_good(c: HostileCorpus, rel: str, write) -> None:
    path = c.folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path)
    c.good.append(rel)


def _add_bad(c: HostileCorpus, rel: str, kind: str, write) -> None:
    path = c.folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    write(path)
    c.bad[rel] = kind


def _report(office: str, project: str) -> str:
    return GOOD_REPORT.format(office=office, project=project, budget="1,234,567", spent="234,567")


def _good_reports(c: HostileCorpus) -> None:
    _add_good(c, "레거시/cp949 보고서.txt",
              lambda p: p.write_bytes(_report("재난안전실", "빗물펌프장 증설").encode("cp949")))
    _add_good(c, "깊은/폴더/안의/보고서.md", lambda p: p.write_text(_report("교통실", "버스정류장 개선"), encoding="utf-8"))
    _add_good(c, "이상한 이름 ; $(rm -rf) '보고서'.txt",
              lambda p: p.write_text(_report("문화본부", "도서관 확충"), encoding="utf-8"))
    _add_good(c, "budget.docx", lambda p: docgen.make_docx(
        p, ["# 복지정책실 주요업무보고", "2024. 3.", docgen.BUDGET_CAPTION], docgen.BUDGET_ROWS, []))
    _add_good(c, "budget.hwpx", lambda p: docgen.make_hwpx(
        p, ["# 환경정책실 주요업무보고", "2024. 3.", docgen.BUDGET_CAPTION], docgen.BUDGET_ROWS, []))
    _add_good(c, "budget.html", lambda p: docgen.make_html(
        p, ["# 경제정책실 주요업무보고", "2024. 3."], docgen.BUDGET_ROWS, [], caption=docgen.BUDGET_CAPTION))
    _add_good(c, "sidecar.txt", lambda p: p.write_text(_report("행정국", "청사 보수"), encoding="utf-8"))
    (c.folder / "sidecar.txt.meta.json").write_text('{"organization": "행정국"}', encoding="utf-8")
    c.bad["sidecar.txt.meta.json"] = "metadata sidecar (skipped, used with its report)"


def _bad_texts(c: HostileCorpus) -> None:
    _add_bad(c, "empty.txt", "empty", lambda p: p.write_bytes(b""))
    _add_bad(c, "blank.md", "whitespace only", lambda p: p.write_text(" \n\t\n", encoding="utf-8"))
    _add_bad(c, "garbage.txt", "binary garbage with .txt", lambda p: p.write_bytes(bytes(range(256)) * 40))
    _add_bad(c, "nul.md", "NUL bytes", lambda p: p.write_bytes("보고서\0\0\0예산".encode("utf-8") * 50))
    _add_bad(c, "oversize.txt", "over the size limit", lambda p: p.write_text("가나다라\n" * 200_000, encoding="utf-8"))
    _add_bad(c, "too-many-lines.md", "over the line cap",
             lambda p: p.write_text("가\n" * 120_000, encoding="utf-8"))
    _add_bad(c, "too-many-cells.txt", "over the cell cap",
             lambda p: p.write_text(("\t".join(["1"] * 120) + "\n") * 2_000, encoding="utf-8"))
    _add_bad(c, "notes.xyz", "unknown extension", lambda p: p.write_text("알 수 없는 형식", encoding="utf-8"))
    _add_bad(c, "readme", "no extension", lambda p: p.write_text("설명 파일", encoding="utf-8"))
    _add_bad(c, "old.hwp", "HWP 5", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    _add_bad(c, "old.doc", "Word 97", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    _add_bad(c, "checksums.sha256", "checksum file", lambda p: p.write_text("abc  budget.docx\n", encoding="ascii"))
    # may be read (CP949 is detected despite the declaration) or refused: either, but no crash
    (c.folder / "wrong-charset.html").write_bytes(
        ('<meta charset="utf-8"><p>' + _report("감사위원회", "청렴 교육") + "</p>").encode("cp949"))
    c.either["wrong-charset.html"] = "declares UTF-8, is CP949"


def _bad_pdfs(c: HostileCorpus) -> None:
    from fpdf import FPDF

    def pdf(path: Path, encrypt: bool = False, text: bool = True) -> None:
        doc = FPDF()
        doc.add_page()
        doc.set_font("helvetica", size=12)
        if text:
            doc.cell(text="Budget report 2024")
        if encrypt:
            doc.set_encryption(owner_password="owner", user_password="user")
        doc.output(str(path))

    _add_bad(c, "corrupt.pdf", "corrupt PDF", lambda p: p.write_bytes(b"%PDF-1.7\n" + os.urandom(3000)))
    _add_bad(c, "encrypted.pdf", "password-protected PDF", lambda p: pdf(p, encrypt=True))
    _add_bad(c, "scan.pdf", "PDF without text", lambda p: pdf(p, text=False))

    def truncated(path: Path) -> None:
        pdf(path)
        raw = path.read_bytes()
        path.write_bytes(raw[: len(raw) // 2])

    _add_bad(c, "truncated.pdf", "truncated PDF", truncated)


def _bad_zips(c: HostileCorpus, secret: Path) -> None:
    _add_bad(c, "zip-bomb.docx", "zip bomb below the inflation cap (500,000 paragraphs)",
             lambda p: docx_bomb(p, 500_000))
    _add_bad(c, "entity-bomb.docx", "billion laughs DOCX",
             lambda p: docx_with_doctype(p, billion_laughs(), "&l9;"))
    _add_bad(c, "xxe.docx", "XXE DOCX", lambda p: docx_with_doctype(p, xxe(secret), "앞 &secret; 뒤"))
    _add_bad(c, "entity-ref.docx", "DOCX with an entity reference",
             lambda p: docx_with_doctype(p, '<!DOCTYPE w:document [<!ENTITY org "서울시">]>', "앞 &org; 뒤"))
    section = ('<?xml version="1.0"?>{doctype}<hs:sec xmlns:hs="x" xmlns:hp="y"><hp:p><hp:run>'
               "<hp:t>{text}</hp:t></hp:run></hp:p></hs:sec>")
    _add_bad(c, "entity-bomb.hwpx", "billion laughs HWPX", lambda p: hwpx_with_section(
        p, section.format(doctype=billion_laughs("hs:sec"), text="&l9;")))
    _add_bad(c, "xxe.hwpx", "XXE HWPX", lambda p: hwpx_with_section(
        p, section.format(doctype=xxe(secret, "hs:sec"), text="&secret;")))
    _add_bad(c, "corrupt.hwpx", "corrupt zip", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00\xff" * 500))
    _add_bad(c, "text-as.docx", "text saved as .docx", lambda p: p.write_text("그냥 글자", encoding="utf-8"))

    def not_office(path: Path) -> None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("a.txt", "사진")

    _add_bad(c, "photos.docx", "zip that is not DOCX", not_office)


def _bad_entries(c: HostileCorpus, secret: Path) -> None:
    _add_bad(c, ".hidden.txt", "dot file", lambda p: p.write_text(_report("숨김실", "숨은 사업"), encoding="utf-8"))
    _add_bad(c, ".git", "dot folder", lambda p: (p.mkdir(), (p / "config").write_text("[core]\n")))
    _add_bad(c, "link-out.txt", "symlink out of the folder", lambda p: p.symlink_to(secret))
    _add_bad(c, "link-in.txt", "symlink to a report inside", lambda p: p.symlink_to(c.folder / c.good[0]))
    _add_bad(c, "linked-folder", "symlink to a folder outside", lambda p: p.symlink_to(secret.parent))
    _add_bad(c, "loop-a.txt", "symlink loop", lambda p: p.symlink_to(c.folder / "loop-b.txt"))
    _add_bad(c, "loop-b.txt", "symlink loop", lambda p: p.symlink_to(c.folder / "loop-a.txt"))
    _add_bad(c, "dangling.md", "dangling symlink", lambda p: p.symlink_to(c.folder / "없는 파일.md"))
    _add_bad(c, "pipe.txt", "named pipe (a read would block)", lambda p: os.mkfifo(p))
