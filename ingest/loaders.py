"""Loaders: one function per file format, each returning the document's title and its sections.

A section is a run of text under one heading path (for example "Install > Linux") or on one PDF page; chunks
never straddle sections, so every chunk can say where in the document it comes from.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from ingest.office import PdfPiece

MARKDOWN = {".md", ".markdown"}
TEXT = {".txt", ".text"}
HTML = {".html", ".htm"}
PDF = {".pdf"}
DOCX = {".docx"}
PPTX = {".pptx"}
SPREADSHEETS = {".xlsx", ".xlsm"}
CSV = {".csv", ".tsv"}
IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}  # read by OCR (`ingest.ocr`)
SUPPORTED_SUFFIXES = MARKDOWN | TEXT | HTML | PDF | DOCX | PPTX | SPREADSHEETS | CSV | IMAGES


@dataclass(frozen=True)
class Section:
    text: str
    heading_path: str = ""
    page: int | None = None


@dataclass(frozen=True)
class LoadedDocument:
    title: str
    sections: list[Section] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(section.text for section in self.sections)


def load_file(path: Path, *, max_bytes: int) -> LoadedDocument:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise RagloopError(ErrorCode.UNSUPPORTED, f"unsupported file type {suffix or '(none)'}; "
                           f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))} and .zip archives")
    size = path.stat().st_size
    if size > max_bytes:
        raise RagloopError(ErrorCode.TOO_LARGE, f"file is {size} bytes, over the {max_bytes}-byte limit")
    return load_bytes(path.read_bytes(), suffix=suffix, fallback_title=path.stem)


def load_bytes(data: bytes, *, suffix: str, fallback_title: str) -> LoadedDocument:
    if not data.strip():
        raise RagloopError(ErrorCode.BAD_INPUT, "the file is empty")
    if suffix in PDF:
        title, sections = load_pdf(data)
    elif suffix in DOCX:
        title, sections = load_docx(data)
    elif suffix in IMAGES:
        from ingest.ocr import read_image_file

        title, sections = "", [Section(read_image_file(data), page=1)]
    elif suffix in PPTX | SPREADSHEETS | CSV:
        from ingest.office import load_csv, load_pptx, load_xlsx

        title, sections = (load_pptx(data) if suffix in PPTX else load_xlsx(data) if suffix in SPREADSHEETS
                           else load_csv(decode_text(data)))
    elif suffix in HTML:
        title, sections = load_html(decode_text(data))
    elif suffix in MARKDOWN:
        title, sections = load_markdown(decode_text(data))
    else:
        title, sections = load_text(decode_text(data))
    # a section's text, its lines kept as far in as each other (a plain text indents whole sections, and a list's
    # first item left of its second would read as an item with another under it), its steps numbered (a plain text
    # and a PDF page number them before their headings are read)
    sections = [Section(textwrap.dedent(_steps_numbered(s.text)).strip(), s.heading_path, s.page)
                for s in sections if s.text.strip()]
    if not sections:
        raise RagloopError(ErrorCode.BAD_INPUT, "the file holds no text")
    return LoadedDocument(title=title or fallback_title.replace("_", " ").replace("-", " "),
                          sections=sections)


# a line's circled or bracketed number, as Korean notices number their steps: "① 관리사무소 방문", "⑵ 신청서 작성"
_CIRCLED_NUMBER = re.compile(r"^([ \t]*)([\u2460-\u2473\u2474-\u2487])[ \t]*(?=\S)", re.MULTILINE)
# a step written out: "Step 1. Sign in …", "STEP 2: …", "1단계: 통합포털 로그인 …"
_STEP_MARK = re.compile(r"^([ \t]*)(?:(?:Step|STEP)\s+(\d{1,2})\s*[.:)]\s+|(\d{1,2})\s*단계\s*[.:)]\s*"
                        r"|\((\d{1,2})\)\s*)(?=\S)", re.MULTILINE)


def _steps_numbered(text: str) -> str:
    """The text with each line opening with a circled number ("① …", "⑵ …"), a number in brackets ("(1) …") or a
    step's mark ("Step 1. …", "1단계: …") an item of a numbered list ("1. …"), as the steps they are."""
    def circled(found: re.Match) -> str:
        mark = ord(found.group(2))
        return f"{found.group(1)}{mark - (0x2460 if mark < 0x2474 else 0x2474) + 1}. "

    stepped = _STEP_MARK.sub(lambda found: f"{found.group(1)}{found.group(2) or found.group(3) or found.group(4)}. ",
                             text)
    return _CIRCLED_NUMBER.sub(circled, stepped)


def decode_text(data: bytes) -> str:
    """Text in any common encoding; binary data is refused rather than indexed as noise."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RagloopError(ErrorCode.BAD_INPUT, "the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise RagloopError(ErrorCode.BAD_INPUT, "the text encoding could not be detected")
    # Single-byte Western code pages often decode a text equally well; prefer the one most files are written in.
    first = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (first.chaos, first.coherence)]
    latin = [m for m in tied if m.encoding in WESTERN_ENCODINGS]
    if first.encoding in WESTERN_ENCODINGS and latin:
        first = min(latin, key=lambda m: WESTERN_ENCODINGS.index(m.encoding))
    return str(first)


WESTERN_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp1250", "cp1257", "iso8859_10"]

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s{0,3}(={3,}|-{3,})\s*$")  # a setext heading's underline: "===" level 1, "---" level 2
# a plain text's underline may be drawn with box-drawing characters too: "═══", "━━━" as "===", "───" as "---"
_TEXT_UNDERLINE = re.compile(r"^\s{0,3}(={3,}|-{3,}|═{3,}|━{3,}|─{3,})\s*$")
_FIRST_LEVEL_RULE = "=═━"
_NO_HEADING_TEXT = re.compile(r"\s*(?:[-*+•>|#]\s|```|~~~|$)")  # a bullet, quote, table row, fence or blank line
# a plain text's heading in capitals: "3. HOW TO REQUEST NEW SOFTWARE", "OPENING HOURS" (no full stop)
_CAPITALS_HEADING = re.compile(r"^\s*(?:\d{1,2}[.)]?\s+|[\[(]\d{1,2}[\])]\s*)?[A-Z][A-Z0-9&/,:'()\- ]*[A-Z0-9)]\s*$")
CAPITALS_HEADING_WORDS = 10
# a mark a plain text's heading may open with: "■ 화재가 났을 때", "◆ Opening hours"
_HEADING_MARKS = "[■□◆◇▣▶▷●◎○]"
_MARKED = re.compile(r"^\s*" + _HEADING_MARKS + r"\s*")
_MARKED_ITEM = re.compile(r"^(\s*)(?:(?:" + _HEADING_MARKS + r"|[▪·∙◦▸►])\s*|(?=※))(?=\S)")
# a label in brackets on a line of its own: "[연습면허]", "【준비물】"
_BRACKETED_LABEL = re.compile(r"^\s*[\[【]([^\]】\d][^\]】]{0,29})[\]】]\s*$")
_RULE_ONLY = re.compile(r"^\s*(?:[-=─━═_~*]\s*){3,}$")
# a plain text's heading in ordinary letters: a short line standing alone, ending in no stop, colon or comma, nor as a
# Korean sentence ends ("How to book a school visit", "Arriving and lunch", "3. 음식물 쓰레기")
_PLAIN_HEADING = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|[\[(]\d{1,2}[\])]\s*|" + _HEADING_MARKS + r"\s*)?"
                            r"[A-Z가-힣][^|]{1,58}(?<![.!?:;,다요])\s*$")
PLAIN_HEADING_WORDS = 8
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s")
_LIST_LINE = re.compile(r"^(?:\d{1,3}\.|-) ")  # an item of a list a loader writes
_BRACKETED = re.compile(r"^\s*\[\d{1,2}\]\s")
# the rule under a plain text's table header: a run of dashes over each column, "----  ---------  -----", or one
# between columns parted by "|", "-----+------"
_COLUMN_RULE = re.compile(r"^\s*-{3,}(?:(?:[ \t]+|\+)-{3,})+\s*$")
# a whole line of dashes, ruling off a table's header
_FULL_RULE = re.compile(r"^\s*(?:-{12,}|─{12,}|={12,}|═{12,}|━{12,})\s*$")
Line = str | tuple[int, str]  # a line of text, or a heading: (level, its text)


def load_markdown(text: str) -> tuple[str, list[Section]]:
    """Sections under each heading ("## …", or a setext one: a line underlined with "=" or "-"); the path holds the
    headings above it (the level-1 title excluded)."""
    lines: list[Line] = []
    in_code = False
    for line in _with_setext_headings(text.splitlines()):
        if isinstance(line, str) and line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        match = None if in_code or not isinstance(line, str) else _MD_HEADING.match(line)
        lines.append((len(match.group(1)), match.group(2)) if match else line)
    return _sections_under_headings(lines)


def load_text(text: str) -> tuple[str, list[Section]]:
    """A plain text's sections under its headings: a line underlined with "=" or "-" (a setext heading; "=" under the
    first line is the title), a short line in capitals standing alone between blank lines ("HOW TO REQUEST NEW
    SOFTWARE"), as plain-text manuals are written, or a short one in ordinary letters ending in no stop ("How to book
    a school visit", `_plain_heading`), under the last in capitals; a line opening with "#" stays text. "Step 1. …"
    is the first item of a numbered list."""
    lines = _with_setext_headings(_with_column_tables(_lettered_as_numbered(_steps_numbered(text).splitlines())),
                                  boxed=True)
    lines = _with_title_block(lines)
    numbered = _numbered_headings(lines)
    text_before = False  # whether a line of text (not a heading) came before this one
    marks: list[str] = []  # the marks headings open with, in the order they first do
    for at, line in enumerate(lines):
        before, after = lines[at - 1] if at else "", lines[at + 1] if at + 1 < len(lines) else ""
        alone = ((not isinstance(before, str) or not before.strip())
                 and (not isinstance(after, str) or not after.strip()))
        if (alone and isinstance(line, str) and _CAPITALS_HEADING.match(line)
                and len(line.split()) <= CAPITALS_HEADING_WORDS and sum(c.isalpha() for c in line) >= 3):
            lines[at] = (2, line.strip())
        elif alone and isinstance(line, str) and _plain_heading(line, islice(lines, at + 1, None),
                                                                 first=not text_before):
            lines[at] = (_marked_level(line, marks, 3), _heading_text(line))
        elif text_before and isinstance(line, str) and _labels_indented_text(before, line, after):
            lines[at] = (_marked_level(line, marks, 4), _heading_text(line))
        elif isinstance(line, str) and _marks_its_list(before, line, after):
            lines[at] = (_marked_level(line, marks, 3), _heading_text(line))
        elif at in numbered:
            lines[at] = (3, line.strip())
        text_before = text_before or (isinstance(lines[at], str) and bool(lines[at].strip()))
    # what is left of the marks and rules: a marked line is a list's item ("■ 인원 추가 : …", "※ 성수기 : …"), which
    # a line of its own ends, and a rule is no text
    return _sections_under_headings([line if not isinstance(line, str) else _MARKED_ITEM.sub(r"\1- ", line)
                                     for line in lines if not isinstance(line, str) or not _RULE_ONLY.match(line)])


def _numbered_headings(lines: list[Line]) -> set[int]:
    """Where a plain text numbers its sections: lines "N. title" after a blank line, short and ending in no stop,
    each with its text, its list or its steps right under it ("4. 설치 희망일 변경 방법" over "1) 앱 또는 홈페이지에서
    …", "3. 하자 보수 접수 방법" over "1. 하자 부위를 …"), two or more of them numbered apart. Not the items of a
    numbered list, the next of which follows at once. With a blank line between a title and its text ("1. 공정별 무상
    보증 기간", a blank line, "- 도배, 페인트: 1년"), only when the titles are numbered in order: a list's last step
    ("3. Tap Save") stands so too."""
    found, spaced = {}, {}
    for at, line in enumerate(lines):
        before = lines[at - 1] if at else ""
        if not (isinstance(line, str) and (number := _SECTION_NUMBER.match(line)) and _PLAIN_HEADING.match(line)
                and len(line.split()) <= PLAIN_HEADING_WORDS and (not isinstance(before, str) or not before.strip())):
            continue
        after = lines[at + 1] if at + 1 < len(lines) else ""
        text = next((text for text in lines[at + 1:] if not isinstance(text, str) or text.strip()), None)
        if isinstance(after, str) and after.strip():
            if not _SECTION_NUMBER.match(after) or _steps_under(line, after):
                found[at] = int(number.group(1))
        elif isinstance(text, str) and (not _SECTION_NUMBER.match(text) or _steps_under(line, text)):
            spaced[at] = int(number.group(1))
    numbers = [number for _, number in sorted({**found, **spaced}.items())]
    if spaced and all(later > earlier for earlier, later in zip(numbers, numbers[1:])):
        found.update(spaced)
    return set(found) if len(set(found.values())) >= 2 else set()


_SECTION_NUMBER = re.compile(r"^(\d{1,2})\.\s+\S")


def _marks_its_list(before: Line, line: str, after: Line) -> bool:
    """Whether a short line opening with a heading's mark after a blank one heads the list of other marks right under
    it ("■ 모아 반값택배" over "- 요금: 1kg 이하 1,800원"): a section of its own, not the first item of that list, which
    said the price of nothing named; "■ 인원 추가 : 1인당 5,000원" over "■ 차량 추가 : …" is one item of a list."""
    return (isinstance(before, str) and not before.strip() and isinstance(after, str) and bool(_MARKED.match(line))
            and bool(_PLAIN_HEADING.match(line)) and len(line.split()) <= PLAIN_HEADING_WORDS
            and bool(_ITEM_START.match(after)) and not _MARKED.match(after))


def _marked_level(line: str, marks: list[str], level: int) -> int:
    """The level of a heading line: one opening with a mark has its mark's, whether a blank line or its text follows
    it ("■ 신청 기간" over "  - 2025. 7. 21. …" and "■ 장학금 종류" over a blank line are both sections of the notice),
    the first mark a heading opens with level 3 and a later one 4 ("■ 신청 안내" over "□ 대상"); else `level`."""
    mark = _MARKED.match(line)
    if not mark:
        return level
    marks += [] if mark.group(0).strip() in marks else [mark.group(0).strip()]
    return 3 if marks[0] == mark.group(0).strip() else 4


def _heading_text(line: str) -> str:
    """A plain text's heading line as its heading: without the mark it opens with, or the brackets of a label."""
    label = _BRACKETED_LABEL.match(line)
    return label.group(1).strip() if label else _MARKED.sub("", line).strip()


def _labels_indented_text(before: Line, line: str, after: Line) -> bool:
    """Whether a short line after a blank one heads the text indented under it, as a plain text's term heads its
    description ("Factory reset" over "    A factory reset wipes all your settings …", "[연습면허]" over "    - 유효기간:
    …")."""
    return (isinstance(before, str) and not before.strip() and isinstance(after, str) and bool(after.strip())
            and _indent(after) > _indent(line) and bool(_PLAIN_HEADING.match(line) or _BRACKETED_LABEL.match(line))
            and len(line.split()) <= PLAIN_HEADING_WORDS and not _NO_HEADING_TEXT.match(line)
            and not _NUMBERED.match(line))


def _indent(line: str) -> int:
    return len(line.expandtabs()) - len(line.expandtabs().lstrip())


def _lettered_as_numbered(lines: list[str]) -> list[str]:
    """The lines with each list lettered in order ("a. Connect …", "b. Open …"; "가. …", "나. …") numbered, as the
    steps they are; a lettered line alone, or out of order, stays as written."""
    lines = list(lines)
    for at, line in enumerate(lines):
        first = _LETTERED.match(line)
        if not first or first.group(2) not in ("a", "가"):
            continue
        letters = _LETTERS_EN if first.group(2) == "a" else _LETTERS_KO
        items, indent = [at], first.group(1)
        for later in range(at + 1, len(lines)):
            found = _LETTERED.match(lines[later])
            if found and found.group(1) == indent and found.group(2) == letters[len(items) % len(letters)]:
                items.append(later)
            elif lines[later].strip() and _indent(lines[later]) <= len(indent.expandtabs()):
                break
        if len(items) >= 2:
            for number, item in enumerate(items, 1):
                lines[item] = _LETTERED.sub(lambda found: f"{found.group(1)}{number}. ", lines[item], count=1)
    return lines


_LETTERED = re.compile(r"^(\s*)([a-z]|[가나다라마바사아자차카타파하])[.)]\s+(?=\S)")
_LETTERS_EN = "abcdefghijklmnopqrstuvwxyz"
_LETTERS_KO = "가나다라마바사아자차카타파하"


def _with_column_tables(lines: list[str]) -> list[str]:
    """The lines with each table a plain text lines up in columns as a Markdown table: a header line, a rule of
    dashes over each column ("Code  Meaning  What to do" over "----  -------  ----------"), then a row a line up to a
    blank line or a closing rule, a line whose first column is blank going on with the row above. Its rows are then
    read with their header, as any table's are. The columns are where the rule's dashes are, counting a wide
    character (Hangul, CJK) as two, as a fixed-width font shows it; or, under a rule crossed by "+" ("-----+-----"),
    between the "|" of each line."""
    from ingest.office import markdown_table

    written: list[str] = []
    at = 0
    while at < len(lines):
        line = lines[at]
        rule = lines[at + 1] if at + 1 < len(lines) else ""
        ruled = _ruled_table(lines, at)
        if ruled:
            rows, at = ruled
            written.extend(["", markdown_table(rows), ""])
            continue
        if not line.strip() or not _COLUMN_RULE.match(rule):
            written.append(line)
            at += 1
            continue
        starts = [found.start() for found in re.finditer(r"-{3,}", rule)]
        piped = "+" in rule
        cut = (lambda text: [" ".join(cell.split()) for cell in text.split("|")]) if piped else (
            lambda text: _cells(text, starts))
        rows = [cut(line)]
        at += 2
        while at < len(lines) and lines[at].strip() and not _COLUMN_RULE.match(lines[at]):
            cells = cut(lines[at])
            if cells[0] or len(rows) == 1:
                rows.append(cells)
            else:  # the row above goes on
                rows[-1] = [f"{above} {more}".strip() for above, more in zip(rows[-1], cells)]
            at += 1
        at += bool(at < len(lines) and _COLUMN_RULE.match(lines[at]))
        written.extend(["", markdown_table(rows), ""])
    return written


def _ruled_table(lines: list[str], at: int) -> tuple[list[list[str]], int] | None:
    """A table whose header line is ruled off by whole lines of dashes, above and below or below only ("-----" over
    "Light   What it means   What to do" over "-----"), its columns parted by two spaces or more, as the rows
    under it are, up to a blank line or a closing rule: its rows and the line after it; None when there is none."""
    start = at + 1 if _FULL_RULE.match(lines[at]) else at
    if start + 1 >= len(lines) or not _FULL_RULE.match(lines[start + 1]):
        return None
    if _FULL_RULE.match(lines[start]) or len(_spaced_cells(lines[start])) < 2:
        return None
    rows, end = [], start + 2
    while end < len(lines) and lines[end].strip() and not _FULL_RULE.match(lines[end]):
        rows.append(_spaced_cells(lines[end]))
        end += 1
    if not rows or len(rows[0]) < 2 or any(len(row) != len(rows[0]) for row in rows):
        return None
    # the header's cells go to the column starting nearest them: "구   분" spaced out over the first column is one
    header = [""] * len(rows[0])
    for at_column, text in _spaced_cells(lines[start]):
        nearest = min(range(len(header)), key=lambda column: abs(rows[0][column][0] - at_column))
        header[nearest] = f"{header[nearest]} {text}".strip()
    return [header, *[[text for _, text in row] for row in rows]], end + bool(end < len(lines)
                                                                             and _FULL_RULE.match(lines[end]))


def _spaced_cells(line: str) -> list[tuple[int, str]]:
    """The cells of a line parted by two spaces or more, each with the display column it starts at (a wide
    character, Hangul or CJK, counting two)."""
    cells, column, at = [], 0, 0
    expanded = line.expandtabs()
    for found in re.finditer(r"\S+(?: \S+)*", expanded):
        column += sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in expanded[at:found.start()])
        cells.append((column, found.group(0)))
        column += sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in found.group(0))
        at = found.end()
    return cells


def _cells(line: str, starts: list[int]) -> list[str]:
    """A line of a column table cut where each column starts (`starts`, in display columns)."""
    cells, column, cell = [""] * len(starts), 0, 0
    for char in line.expandtabs():
        while cell + 1 < len(starts) and column >= starts[cell + 1]:
            cell += 1
        cells[cell] += char
        column += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return [" ".join(text.split()) for text in cells]


def _word_count(line: str) -> int:
    """A heading's words: not a closing remark in brackets, nor a dash or a mark ("Section 5 – Changes you must tell
    us about" is eight)."""
    return sum(any(ch.isalnum() for ch in word) for word in _CLOSING_REMARK.sub("", line).split())


def _plain_heading(line: str, rest: Iterable[Line], *, first: bool) -> bool:
    """Whether a line standing alone is a plain text's heading in ordinary letters (`_PLAIN_HEADING`), of at most
    PLAIN_HEADING_WORDS words but a closing remark in brackets, with text after it: not the file's first line, which
    is its title's, nor an item of a numbered list written with blank lines between its items (the next text opening
    with a number too)."""
    bracketed = bool(_BRACKETED.match(line) or _MARKED.match(line) or _BRACKETED_LABEL.match(line)) and (
        not line.rstrip().endswith((".", ":")))
    if first or not (_PLAIN_HEADING.match(line) or bracketed) or _word_count(line) > PLAIN_HEADING_WORDS:
        return False
    following = next((text for text in rest if not isinstance(text, str) or text.strip()), None)
    # a line numbered in brackets ("[3] 방문 가능 시간", "[5] 방문 전에 준비해 주세요") or opening with a mark ("■ 비상
    # 연락처") heads whatever follows, a list or a table too
    if not isinstance(following, str) or (_NO_HEADING_TEXT.match(following) and not bracketed):
        return False
    # (but one numbered past 1 over steps numbered from 1: "3. 하자 보수 접수 방법" over "1. 하자 부위를 …")
    return not (_NUMBERED.match(line) and _NUMBERED.match(following)) or _steps_under(line, following)


def _steps_under(line: str, following: str) -> bool:
    """Whether a numbered line is a section's number over steps numbered from 1 (a list goes on from its number)."""
    number, first = _SECTION_NUMBER.match(line), _SECTION_NUMBER.match(following)
    return bool(number and first) and first.group(1) == "1" != number.group(1)


def _with_title_block(lines: list[Line]) -> list[Line]:
    """The lines with the title block a plain text opens with as its title: up to three lines in capitals, the last
    of them perhaps in ordinary letters and underlined ("TESSERA CLOUD DATABASE" over "Connection Limits, Pooling and
    Regions" over "====="), standing alone, as (1, the lines joined by " - "). Lines going on into text
    ("SOFTWARE AT HARWICK" over "Last reviewed: January.") are text, and the file's name names it."""
    block: list[str] = []
    used = 0
    for at, line in enumerate(lines[:3]):
        below = lines[at + 1] if at + 1 < len(lines) else ""
        if isinstance(line, tuple) and line[0] == 1:
            block, used = [*block, line[1]], at + 1
            break
        if not isinstance(line, str) or not line.strip():
            break
        if isinstance(below, str) and _TEXT_UNDERLINE.match(below) and below.strip()[0] in _FIRST_LEVEL_RULE:
            block, used = [*block, line.strip()], at + 2
            break
        if not (_CAPITALS_HEADING.match(line) and len(line.split()) <= CAPITALS_HEADING_WORDS):
            break
        block, used = [*block, line.strip()], at + 1
    after = lines[used] if used < len(lines) else ""
    if not block or (used == 1 and isinstance(lines[0], tuple)) or (isinstance(after, str) and after.strip()):
        return lines  # no title block, one the setext reading found, or lines going on into the text
    return [(1, " - ".join(block)), *lines[used:]]


def _with_setext_headings(lines: list[str], *, boxed: bool = False) -> list[Line]:
    """The lines with each setext heading (a line of text after a blank line, underlined with three or more "=" or
    "-") as (level, text), outside code. `boxed` (a plain text): a line between two rules of the same character is a
    heading too (level 2), as plain-text manuals box their sections ("=====" over "1. WHAT A VISITOR PASS IS" over
    "====="), and rules may be drawn with box-drawing characters ("═══", "───")."""
    written: list[Line] = []
    in_code = False
    skip = 0
    for at, line in enumerate(lines):
        if skip:
            skip -= 1
            continue
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        underline = None if in_code else (_TEXT_UNDERLINE if boxed else _UNDERLINE).match(line)
        boxed_in = _boxed_lines(lines, at) if boxed and not in_code else None
        if boxed_in:
            # boxed in "=" (or a drawn box) before any text: the text's title ("=====" over "  한빛시립캠핑장 이용요금
            # 안내" over "=====")
            opening = not any(not isinstance(above, str) or above.strip() for above in written) and (
                line.strip()[0] in _FIRST_LEVEL_RULE + "┌╔")
            written.append((1 if opening else 2, " ".join(_MARKED.sub("", text) for text in boxed_in)))
            skip = len(boxed_in) + 1
            continue
        above = written[-1] if written else None
        if (underline and isinstance(above, str) and not _NO_HEADING_TEXT.match(above)
                and (len(written) < 2 or not isinstance(written[-2], str) or not written[-2].strip())):
            # "───" under a text's first line underlines its title
            first = underline.group(1)[0] in _FIRST_LEVEL_RULE or (underline.group(1)[0] == "─" and len(written) == 1)
            written[-1] = (1 if first else 2, above.strip())
        else:
            written.append(line)
    return written


def _boxed_lines(lines: list[str], at: int) -> list[str] | None:
    """The one to three lines of text boxed in from `at`: between two rules of the same character ("=====" over "1.
    WHAT A VISITOR PASS IS" over "=====") or in a drawn box ("┌───┐" over "│ 교육 프로그램 안내 │" over "└───┘"),
    without the box's sides; None when no box opens there."""
    top = lines[at].strip()
    if not (_TEXT_UNDERLINE.match(lines[at]) or _BOX_TOP.match(top)):
        return None
    closing = (lambda rule: rule == top) if not _BOX_TOP.match(top) else (lambda rule: bool(_BOX_BOTTOM.match(rule)))
    boxed = []
    for line in lines[at + 1:at + 5]:
        if closing(line.strip()):
            return boxed or None
        text = line.strip().strip("│║|").strip()
        # a sentence in a box is a notice, not a heading ("※ 매너타임에는 음악을 틀 수 없습니다.")
        if (not text or _NO_HEADING_TEXT.match(text) or len(boxed) == 3 or text.endswith((".", "!", "。"))
                or len(" ".join([*boxed, text])) > BOXED_HEADING_CHARS):
            return None
        boxed.append(text)
    return None


BOXED_HEADING_CHARS = 100


_BOX_TOP = re.compile(r"^[┌╔+][─═-]{3,}[┐╗+]$")
_BOX_BOTTOM = re.compile(r"^[└╚+][─═-]{3,}[┘╝+]$")


def _sections_under_headings(lines: list[Line]) -> tuple[str, list[Section]]:
    title, stack, sections, text = "", [], [], []

    def close() -> None:
        sections.append(Section("\n".join(text), " > ".join(h for _, h in stack)))
        text.clear()

    for line in lines:
        if isinstance(line, str):
            text.append(line)
            continue
        close()
        level, heading = line
        if level == 1 and not title:
            title = heading
            continue
        stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, heading)]
    close()
    return title, sections


def load_html(raw: str) -> tuple[str, list[Section]]:
    from bs4 import BeautifulSoup

    from ingest.office import markdown_table

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template"]):
        tag.decompose()
    heading = soup.find("h1")
    title = (soup.title.get_text(strip=True) if soup.title else "") or (
        heading.get_text(strip=True) if heading else "")
    body = soup.find("main") or soup.find("article") or soup.body or soup
    lines = []
    # the rows of each table holding no table, by the table's identity (tags compare by their contents)
    tables = {id(table): rows for table in body.find_all("table")
              if table.find("table") is None and (rows := _html_rows(table))}
    for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "td", "th", "dt", "dd",
                                  "blockquote", "table"]):
        if id(element) in tables:
            lines.append(markdown_table(tables[id(element)]))  # each row read with its header (`answer.sentences`)
            continue
        if element.name == "table" or any(id(parent) in tables for parent in element.parents):
            continue  # a table of tables, or a cell of a table written above
        if element.find(["p", "li", "pre", "td", "blockquote"]) is not None:
            continue  # a container: its children are read on their own
        text = element.get_text(" ", strip=True)
        if text and element.name[0] == "h":
            lines.append(f"{'#' * int(element.name[1])} {text}")
        elif text:
            lines.append(_list_marker(element) + text if element.name == "li" else text)
    if not lines:
        lines = [body.get_text("\n", strip=True)]
    _, sections = load_markdown("\n\n".join(lines))
    return title, sections


def _list_marker(item) -> str:
    """An HTML list item's Markdown marker: "3. " for the third item of an ordered list, "- " for any other: the steps
    of an `<ol>` read as steps, not as paragraphs (`answer.sentences.lists_in`)."""
    parent = item.parent
    if parent is None or parent.name != "ol":
        return "- "
    start = str(parent.get("start", "1"))
    before = next(n for n, sibling in enumerate(parent.find_all("li", recursive=False)) if sibling is item)
    return f"{(int(start) if start.isdigit() else 1) + before}. "


def _html_rows(table) -> list[list[str]]:
    """A table's rows as lists of its cells' texts, when it is a table of two rows or more with two columns or more
    (a layout table of one column is read as text); [] when not."""
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"], recursive=False)]
            for row in table.find_all("tr")]
    rows = [row for row in rows if any(row)]
    return rows if len(rows) >= 2 and max(len(row) for row in rows) >= 2 else []


SCANNED_PAGE_CHARS = 20  # a PDF page with less text than this is taken for a scan and read by OCR


def load_pdf(data: bytes) -> tuple[str, list[Section]]:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise RagloopError(ErrorCode.BAD_INPUT, "the PDF is encrypted with a password")
        texts = [page.extract_text() or "" for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "")
    except RagloopError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files; all mean "unreadable"
        raise RagloopError(ErrorCode.BAD_INPUT, "this PDF cannot be read: the file is damaged or not really a PDF "
                                                f"({exc})") from exc
    # a running header joined to the page's first lines as they are reflowed would be read as their text
    running = _running_lines(texts)
    pages = [Section(reflowed(_without_lines(text, running)), page=number) for number, text in enumerate(texts, 1)]
    pages = _with_tables(data, pages, running)
    scanned = [page.page for page in pages if len(page.text.strip()) < SCANNED_PAGE_CHARS]
    if scanned:
        pages = _with_scans_read(data, pages, scanned)
    if not any(page.text.strip() for page in pages):
        raise RagloopError(ErrorCode.BAD_INPUT, "the PDF holds no text, not even in its images")
    return title, _under_headings(pages)


# a page's number or its running footer: "- 1 / 2 -", "12", "Power cuts leaflet, April 2025 - page 1"
_PAGE_MARK = re.compile(r"\bpage\s+\d+\b|^[\W\d]*\d[\W\d]*$", re.IGNORECASE)
PDF_HEADING_CHARS = 60
RUNNING_LINE_CHARS = 120  # a running footer naming its page may be longer than a heading ("… Guide - page 3")
EDGE_LINES = 2  # the lines a page opens or closes with, where a running header or footer stands
_DIGITS = re.compile(r"\d+")  # a running footer's page number changes from page to page


def _under_headings(pages: list[Section]) -> list[Section]:
    """A PDF's pages in sections under the headings they show: a short line with no stop standing between the end
    of a paragraph and a longer line ("How to claim", "4. 신청 및 변경 방법"), not a running header or footer (a line
    on several pages, a page number). A page's text before its first heading goes on under the heading before it,
    and each section keeps its page's number. A short line on several pages (its numbers aside: "Leaflet, April
    2025 - page 2") is a running header or footer, and no text of any."""
    running = _running_lines([page.text for page in pages])
    sections, heading = [], ""
    for number, page in enumerate(pages):
        lines, text = page.text.split("\n"), []
        # a heading closing a page heads the text the next page opens with
        following = next((line.strip() for later in pages[number + 1:] for line in later.text.split("\n")
                          if line.strip() and line.strip() not in running and not _PAGE_MARK.search(line.strip())),
                         "")
        for at, line in enumerate(lines):
            stripped = line.strip()
            if stripped in running:
                continue  # a running header or footer, the same on every page
            if not _PAGE_MARK.search(stripped) and _stands_as_heading(lines, at, running, following=following):
                if "".join(text).strip():
                    sections.append(Section("\n".join(text).strip(), heading, page.page))
                heading, text = stripped, []
            else:
                text.append(line)
        if "".join(text).strip() or not sections or sections[-1].page != page.page:
            sections.append(Section("\n".join(text).strip(), heading, page.page))
    return sections


def _running_lines(texts: list[str]) -> set[str]:
    """The lines of a PDF's pages (`texts`) that are a running header or footer: on several pages, their numbers
    aside ("Leaflet, April 2025 - page 2", "- 1 -"), and short, or up to RUNNING_LINE_CHARS when they name the page or
    open or close it ("에코차지넷 고객 안내문 | 문서번호 ECN-GD-01 | 개정일 2025.03.01 | 고객센터 1661-2580"); a table's
    line is none, not two rows alike on one page ("| 30일 경과 ~ 60일까지 | …", "| 60일 경과 ~ 90일까지 | …"), nor the
    rule under the header of tables of as many columns on two pages ("|---|---|---|")."""
    seen = Counter(key for text in texts for key in {_line_key(line) for line in text.split("\n") if line.strip()})
    running = set()
    for text in texts:
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        edges = {*lines[:EDGE_LINES], *lines[-EDGE_LINES:]}
        running |= {line for line in lines if seen[_line_key(line)] > 1 and not line.startswith("|") and (
            len(line) <= PDF_HEADING_CHARS
            or ((_PAGE_MARK.search(line) or line in edges) and len(line) <= RUNNING_LINE_CHARS))}
    return running


def _line_key(line: str) -> str:
    """A line as found on every page it stands on: its numbers and its spacing aside."""
    return _DIGITS.sub("0", " ".join(line.split()))


def _without_lines(text: str, lines: set[str]) -> str:
    """The text without the `lines` (`_running_lines`), read as `_line_key` reads them."""
    keys = {_line_key(line) for line in lines}
    return "\n".join(line for line in text.split("\n") if _line_key(line) not in keys)


def _stands_as_heading(lines: list[str], at: int, running: set[str], *, following: str = "") -> bool:
    """Whether a line of a PDF page reads as a heading (`_under_headings`; the page's running header and footer
    lines, `running`, are passed over): not an item of a numbered list ("1. Open the app" before "2. …"). A longer
    line, a list or a table follows it ("2. 발급할 수 있는 증명서" before "• 주민등록표 등본·초본",
    "Technical specifications" before its table); at the page's foot, the next page's first line (`following`)
    does, and the line is numbered ("4. 결제 수단과 발급 한도"): "Refunds are paid to the card" closing a page is half
    a sentence."""
    line = lines[at].strip()
    if (not line or len(line) > PDF_HEADING_CHARS or _word_count(line) > PLAIN_HEADING_WORDS
            or _ends_as_sentence(line) or line.endswith((",", "다", "요")) or not (line[0].isupper()
                                                                                  or line[0].isdigit()
                                                                                  or "가" <= line[0] <= "힣")):
        return False
    before = next((text.strip() for text in reversed(lines[:at]) if text.strip() and text.strip() not in running
                   and not _PAGE_MARK.search(text.strip())), "")
    after = next((text.strip() for text in lines[at + 1:] if text.strip() and not _PAGE_MARK.search(text.strip())),
                 None)
    if after is None:  # at the page's foot, only a numbered line heads the next page: not a sentence broken there
        after = following if _NUMBERED.match(line) else ""
    number, next_item = _NUMBERED.match(line), _NUMBERED.match(after)
    step = int(next_item.group(0).strip(" .)")) if next_item else None  # the number the line after opens with
    if number and step == int(number.group(0).strip(" .)")) + 1:
        return False
    # what stands before it ends: a sentence, a table's row, a bulleted item (a numbered line may be a heading)
    ended = (not before or bool(_SENTENCE_END.search(before)) or before.startswith("|")
             or bool(_ITEM_START.match(before) and not _NUMBERED.match(before)))
    # a bulleted list, a numbered list from its first step ("How to add a tip after delivery" over "1. Open the
    # app …") or a table follows it ("Technical specifications" over "| Item | Specification |")
    listed = (bool(_ITEM_START.match(after) and not _NUMBERED.match(after)) or after.startswith("|")
              or (step == 1 and not number))
    return ended and (len(after) > len(line) or listed)


def _ends_as_sentence(line: str) -> bool:
    """Whether a short line of a PDF ends as a sentence does, and so is no heading: not for a closing remark in
    brackets ("5. 카드 등록 (사용 전 필수)"), nor for a numbered section's question ("1. 회원카드란?")."""
    line = _CLOSING_REMARK.sub("", line)
    return bool(_SENTENCE_END.search(line)) and not (_NUMBERED.match(line) and line.endswith(("?", "？")))


_CLOSING_REMARK = re.compile(r"(?<=\S)\s*\([^()]*\)$")


def _with_tables(data: bytes, pages: list[Section], running: set[str]) -> list[Section]:
    """Pages with ruled tables: their text and each table as a Markdown table where it stands (instead of the
    cells run together line by line), without the `running` header and footer lines."""
    from ingest.office import pdf_tables

    try:
        tables = pdf_tables(data)
    except Exception:  # noqa: BLE001 (pdfminer fails on some files pypdf reads: keep pypdf's text then)
        return pages
    # each page's text pieces without the running lines (none left: no piece), and its tables
    read = {page: [piece if piece.table else piece._replace(text=_without_lines(piece.text, running))
                   for piece in found] for page, found in tables.items()}
    pieces = {page: [piece for piece in found if piece.table or piece.text.strip()] for page, found in read.items()}
    for page, found in pieces.items():
        before = pieces.get(page - 1)
        if before and found and before[-1].table and found[0].table:
            found[0] = found[0]._replace(text=_going_on(before[-1], found[0]))
    return [Section(_tables_in_place(pieces[p.page]), page=p.page) if p.page in tables else p for p in pages]


COLUMN_SLACK = 2.0  # points a column's edge may move between the pages of one table


def _going_on(above: PdfPiece, table: PdfPiece) -> str:
    """A table opening a page right after a table closing the page before, in the same columns across the page,
    under that one's header: the rows going on from the page before, read as their header says ("| 경차·저공해
    차량 | 일반 요금의 50% |" is a row under "| 대상 | 할인 내용 |", not a header of its own). A table that repeats
    the header is left as it is, and so is another table of as many columns set out in other widths, whose first row
    is its own header."""
    header, rule = above.text.split("\n")[:2]
    first, _, rest = table.text.partition("\n")
    if first == header or not _same_columns(above.columns, table.columns):
        return table.text
    return "\n".join([header, rule, first, *rest.split("\n")[1:]])


def _same_columns(above: tuple[float, ...], below: tuple[float, ...]) -> bool:
    """Whether two tables' column edges (`PdfPiece.columns`) are the same, within COLUMN_SLACK points each."""
    return len(above) == len(below) and all(abs(a - b) <= COLUMN_SLACK for a, b in zip(above, below))


def _tables_in_place(pieces: list[PdfPiece]) -> str:
    """A page's text pieces and tables (`office.pdf_tables`) as one text, each piece of text reflowed to the width
    the page's lines reach, not the piece's: a short piece between two tables has no full line of its own."""
    width = _common_width("\n".join(piece.text for piece in pieces if not piece.table))
    return "\n\n".join(piece.text if piece.table else reflowed(piece.text, width=width) for piece in pieces).strip()


def _with_scans_read(data: bytes, pages: list[Section], scanned: list[int]) -> list[Section]:
    """Pages that are pictures of text, read by OCR. Without OCR a PDF that has text elsewhere keeps that text;
    one that is all scans fails with the reason."""
    from ingest.ocr import read_pdf_pages

    try:
        read = read_pdf_pages(data, scanned)
    except RagloopError:
        if any(page.text.strip() for page in pages):
            return pages
        raise
    return [Section(reflowed(read[p.page]), page=p.page) if len(read.get(p.page, "").strip()) > len(p.text.strip())
            else p for p in pages]


_SENTENCE_END = re.compile(r"[.!?。！？:;\"')\]]$")
_ITEM_START = re.compile(r"^\s*(?:[-–•·▪◦●■□○*]\s|\d{1,2}[.)]\s)")  # a line opening a list's item
_LONE_MARK = re.compile(r"^\s*(?:[-–•·▪◦●■□○*]|\d{1,2}[.)])\s*$")  # a list item's mark alone on its line
_LOOSE_SPACING = re.compile(r"(?<=\S) {2,}(?=\S)")
SHORT_LINE = 0.6  # a line under this share of the page's common line length ends a paragraph or is a heading


def _common_width(text: str) -> int | None:
    """The width a text's full lines reach (the longest of its shortest three quarters), None for under 3 lines."""
    lengths = sorted(len(_LOOSE_SPACING.sub(" ", line.rstrip())) for line in text.splitlines() if line.strip())
    return lengths[len(lengths) * 3 // 4] if len(lengths) >= 3 else None


def reflowed(text: str, *, width: int | None = None) -> str:
    """A PDF page's text with the line breaks of its layout undone: a line that runs to the page's common width
    and does not end a sentence goes on in the next line ("…돌려주며, 청구는" / "진료일로부터 90일…" is one
    sentence). Short lines (headings, a paragraph's last line), blank lines and the lines a list's item opens with
    ("• 검진일 3일 전까지 …") keep their breaks, and a line after a list not run on from its last item opens a
    paragraph; a word hyphenated at the end of a line is joined again, and words set two spaces apart are one space
    apart."""
    lines = _marks_joined([_LOOSE_SPACING.sub(" ", line.rstrip()) for line in _steps_numbered(text).splitlines()])
    common = width or _common_width(text)  # the width full lines reach
    if common is None:
        return "\n".join(lines)
    out, last = [], ""  # `last`: the line before as laid out, which a line run on to it does not lengthen
    for line in lines:
        previous = out[-1] if out else ""
        runs_on = (previous.strip() and line.strip() and len(last) >= SHORT_LINE * common
                   and not _SENTENCE_END.search(previous) and not _ITEM_START.match(line))
        last = line
        if runs_on and previous.endswith("-") and line[:1].islower():
            out[-1] = previous[:-1] + line.lstrip()
        elif runs_on:
            out[-1] = previous + " " + line.lstrip()
        else:
            if line.strip() and _ITEM_START.match(previous) and not _ITEM_START.match(line):
                out.append("")  # what follows a list, not run on from its last item, is a paragraph of its own
            out.append(line)
    return "\n".join(out)


def _marks_joined(lines: list[str]) -> list[str]:
    """The lines with a list's mark set on a line of its own, as some writers of PDFs lay it out ("1." / "앱에서 [수강
    내역]으로 들어갑니다."), joined to the first line of its item: a list of steps, not a column of numbers."""
    out: list[str] = []
    for line in lines:
        if out and _LONE_MARK.match(out[-1]) and line.strip() and not _LONE_MARK.match(line):
            out[-1] = out[-1].strip() + " " + line.lstrip()
        else:
            out.append(line)
    return out


def load_docx(data: bytes) -> tuple[str, list[Section]]:
    import docx
    import docx.table

    from ingest.office import markdown_table, opened, table_sections

    document = opened(docx.Document, data, "Word file", "a .docx")
    lines: list[str] = []
    numbered = 0  # the number of the numbered item before, 0 after anything else
    tables: list[list[list[str]]] = []  # tables inside tables, read apart after the text
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            rows = [[cell.text for cell in row.cells] for row in block.rows]
            if any(cell.tables for row in block.rows for cell in row.cells):
                tables.append(rows)
            elif any(cell.strip() for row in rows for cell in row):
                lines.append(markdown_table([[" ".join(cell.split()) for cell in row] for row in rows]))
            numbered = 0
            continue
        style = (block.style.name or "") if block.style is not None else ""
        level = _docx_heading_level(style)
        text = block.text.strip()
        if not text:
            continue
        kind = _docx_list_kind(block, style)
        numbered = numbered + 1 if kind == "numbered" else 0
        marker = f"{numbered}. " if kind == "numbered" else "- " if kind == "bullet" else ""
        lines.append(f"{'#' * level} {text}" if level else marker + text)
    # a list's items one line after another, any other line a paragraph of its own
    text = "".join(line if not at else ("\n" if _LIST_LINE.match(line) and _LIST_LINE.match(lines[at - 1])
                                        else "\n\n") + line for at, line in enumerate(lines))
    title, sections = load_markdown(text)
    for number, rows in enumerate(tables, start=1):
        sections += table_sections(rows, f"Table {number}")
    first_heading = next((line.lstrip("#").strip() for line in lines if line.startswith("#")), "")
    # The document's own title, else its Title paragraph, else its first heading (never just the file name)
    return document.core_properties.title or title or first_heading, sections


def _docx_list_kind(paragraph, style: str) -> str | None:
    """"numbered" or "bullet" for an item of a Word list (a "List Number" or "List Bullet" style, or the paragraph's
    own numbering, bullets or numbers as its level is formatted), else None."""
    if style.startswith("List Number"):
        return "numbered"
    if style.startswith("List Bullet"):
        return "bullet"
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is None or numbering.numId is None:
        return None
    try:
        part = paragraph.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return "bullet"
    level = numbering.ilvl.val if numbering.ilvl is not None else 0
    number = part.xpath(f'./w:num[@w:numId="{numbering.numId.val}"]/w:abstractNumId/@w:val')
    formats = part.xpath(f'./w:abstractNum[@w:abstractNumId="{number[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
                         ) if number else []
    return "numbered" if formats and formats[0] not in ("bullet", "none") else "bullet"


def _docx_heading_level(style: str) -> int:
    if style == "Title":
        return 1
    match = re.match(r"Heading (\d)", style)
    return min(int(match.group(1)) + 1, 6) if match else 0
