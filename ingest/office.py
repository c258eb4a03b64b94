"""Office formats docs teams keep: PowerPoint (a section per slide, its title as heading, speaker notes included),
Excel workbooks and CSV files (a sheet's rows as Markdown tables, the header row repeated in every section so that
every chunk says what its columns are), and Markdown tables for the tables inside documents."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from typing import NamedTuple

from core.errors import ErrorCode, RagloopError
from ingest.loaders import Section

# a slide's line ending as a sentence does; one opening with a list's marker
_SENTENCE_END = re.compile(r"[.!?。！？:]$")
_MARKED = re.compile(r"(?:\d{1,2}[.)]|[-*+•·▪■□○●])\s")

SECTION_CHARS = 900  # rows are grouped into sections of about this many characters, each under its header row


def markdown_table(rows: list[list[str]]) -> str:
    """Rows as a Markdown table, the first being the header; cells on one line, pipes escaped."""
    def cell(value) -> str:
        return " ".join(str(value if value is not None else "").split()).replace("|", "\\|")

    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(cell(v) for v in row + [""] * (width - len(row))) + " |" for row in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def table_sections(rows: list[list], heading: str) -> list[Section]:
    """A table's rows in sections of about SECTION_CHARS characters, each a Markdown table under the header row.
    A sheet's title above its header (a line in one cell, "Standard Tariff 2025 (prices in GBP)") goes into the
    heading of each section, and a note in one cell among or under the rows ("Weekend Special: collect on Friday
    …") is text: as a row, each row would have been read with the title as its first column's name."""
    rows = [[("" if v is None else str(v)).strip() for v in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if not any(_filled(row) >= 2 for row in rows):
        return _column_of_text(rows, heading)
    titles = []
    while _filled(rows[0]) == 1:
        titles.append(_only_cell(rows.pop(0)))
    if titles and len(" ".join(titles)) <= TITLE_CHARS:
        heading = " > ".join([*filter(None, [heading]), " ".join(titles)])
        titles = []
    if _names_and_what_they_say(rows):
        # a paragraph each, which a chunk holds whole when it can
        return [Section("\n\n".join([*titles, *map(_name_and_text, rows)]), heading)]
    header, sections = rows[0], [Section("\n".join(titles), heading)] if titles else []
    notes = {at for at, row in enumerate(rows) if at and _filled(row) == 1 and (
        _reads_as_sentence(_only_cell(row)) or (at + 1 < len(rows) and _filled(rows[at + 1]) == 1
                                                 and _reads_as_sentence(_only_cell(rows[at + 1]))))}
    part: list[list[str]] = []
    for at, row in enumerate(rows[1:], start=1):
        if at not in notes:
            part.append(row)
            continue
        sections += _row_groups([header, *part], heading) if part else []
        part, note, last = [], _only_cell(row), sections[-1] if sections else None
        if not _reads_as_sentence(note):  # "Notes" over the notes heads them
            sections.append(Section("", f"{heading} > {note}" if heading else note))
        elif last is not None and not last.text.startswith("|"):
            sections[-1] = Section(f"{last.text}\n{note}".strip(), last.heading_path)
        else:
            sections.append(Section(note, heading))
    sections += _row_groups([header, *part], heading) if part else []
    return [section for section in sections if section.text] or _row_groups([header], heading)


TITLE_CHARS = 160  # a sheet's title up to this long heads each section of it; a longer text above the header is text


def _filled(row: list[str]) -> int:
    return sum(bool(value) for value in row)


def _only_cell(row: list[str]) -> str:
    return next(value for value in row if value)


def _reads_as_sentence(text: str) -> bool:
    """Whether a cell's text is a note rather than a row's name: it ends as a sentence or runs to six words."""
    return text.rstrip().endswith((".", "。", "다", "요")) or len(text.split()) >= 6


def _names_and_what_they_say(rows: list[list[str]]) -> bool:
    """Whether a sheet is of two columns, a name and the sentences it stands for, with no header: its first row
    ("Payment methods | Online: Visa, Mastercard …") says something. Read as a table, every row was labelled with
    the first ("Payment methods: Example 1; Online: Visa …: Example: a $40,000 kitchen remodel …")."""
    return all(_filled(row) <= 2 for row in rows) and _filled(rows[0]) == 2 and _reads_as_sentence(
        [value for value in rows[0] if value][1])


def _name_and_text(row: list[str]) -> str:
    """A row of such a sheet as a line: "Fee waivers: Permit fees …"; a question before its answer without a colon."""
    cells = [value for value in row if value]
    return " ".join(cells) if cells[0].rstrip().endswith(("?", "？", ".", "!")) else ": ".join(cells)


def _column_of_text(rows: list[list[str]], heading: str) -> list[Section]:
    """A sheet of one column holding sentences is text, each cell a line, a short cell that is no sentence heading
    the lines under it ("수수료 납부 및 환불 안내" over "1. 납부 방법: …"): read as a table, every line was labelled
    with the first ("수수료 납부 및 환불 안내: 1. 납부 방법: …"). A column of names alone stays a table."""
    if not any(_reads_as_sentence(_only_cell(row)) for row in rows):
        return _row_groups(rows, heading)
    sections = [Section("", heading)]
    for row in rows:
        line = _only_cell(row)
        if _reads_as_sentence(line):
            last = sections[-1]
            sections[-1] = Section(f"{last.text}\n{line}".strip(), last.heading_path)
        else:
            sections.append(Section("", f"{heading} > {line}" if heading else line))
    return [section for section in sections if section.text]


def _row_groups(rows: list[list[str]], heading: str) -> list[Section]:
    if not rows:
        return []
    header, body = rows[0], rows[1:]
    if not body:
        return [Section(markdown_table([header]), heading)]
    sections, group, size = [], [], 0
    for row in body:
        length = sum(len(v) for v in row) + 3 * len(row)
        if group and size + length > SECTION_CHARS:
            sections.append(Section(markdown_table([header, *group]), heading))
            group, size = [], 0
        group.append(row)
        size += length
    sections.append(Section(markdown_table([header, *group]), heading))
    return sections


def load_xlsx(data: bytes) -> tuple[str, list[Section]]:
    import openpyxl

    workbook = opened(lambda file: openpyxl.load_workbook(file, read_only=True, data_only=True), data, "Excel file",
                      "an .xlsx")
    try:
        sections = [s for sheet in workbook.worksheets
                    for s in table_sections([list(row) for row in sheet.iter_rows(values_only=True)], sheet.title)]
        title = workbook.properties.title or ""
    finally:
        workbook.close()
    return title, sections


def load_csv(text: str) -> tuple[str, list[Section]]:
    """A CSV file's rows, its delimiter found from its first lines; a field is quoted in double quotes, as RFC 4180
    has it, whatever the guess: words a cell quotes in single quotes ("'결제 완료' 상태일 때") made the guess take
    them for the quote and cut a double-quoted answer at its commas."""
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    return "", table_sections(list(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')), "")


def opened(read, data: bytes, kind: str, suffix: str):  # suffix with its article: "a .pptx", "an .xlsx"
    """An Office file (a zip of XML parts) opened by its library's `read`, or, when it is damaged, the reason in
    words a person reads, with the library's after it."""
    try:
        return read(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"this {kind} cannot be read: it is damaged or not really "
                                                f"{suffix} ({exc})") from exc


def load_pptx(data: bytes) -> tuple[str, list[Section]]:
    import pptx

    deck = opened(pptx.Presentation, data, "PowerPoint file", "a .pptx")
    sections, first_title = [], ""
    for number, slide in enumerate(deck.slides, start=1):
        title_shape = slide.shapes.title
        heading = title_shape.text_frame.text.strip() if title_shape is not None else ""
        title_id = title_shape.shape_id if title_shape is not None else None
        parts = [_shape_text(shape) for shape in slide.shapes if shape.shape_id != title_id]
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = slide.notes_slide.notes_text_frame.text.strip()
            parts.append(f"Notes: {notes}" if notes else "")
        body = "\n\n".join(p for p in parts if p)
        if heading or body:
            sections.append(Section(body or heading, heading or f"Slide {number}", number))
        first_title = first_title or heading
    # The deck's own title, else its first slide title (never just the file name)
    return deck.core_properties.title or first_title, sections


def _shape_text(shape) -> str:
    if getattr(shape, "has_table", False):
        return markdown_table([[cell.text for cell in row.cells] for row in shape.table.rows])
    if getattr(shape, "has_text_frame", False):
        paragraphs = [(p.level, p.text.strip()) for p in shape.text_frame.paragraphs if p.text.strip()]
        # a slide's lines written without stops are its points ("Call +44 20 7946 0831, open 24 hours a day"):
        # as a list's items each stays a sentence of its own, where run together they read as one
        points = len(paragraphs) > 1 and any(not _SENTENCE_END.search(text) for _, text in paragraphs)
        return "\n".join(f"{'  ' * level}- {text}" if points and not _MARKED.match(text) else text
                         for level, text in paragraphs)
    if hasattr(shape, "shapes"):  # a group: its shapes' text
        return "\n".join(t for t in (_shape_text(inner) for inner in shape.shapes) if t)
    return ""


class PdfPiece(NamedTuple):
    """A piece of a PDF page (`pdf_tables`): a table as Markdown with where its columns start and end across the
    page, or text outside the tables."""

    table: bool
    text: str
    columns: tuple[float, ...] = ()


def pdf_tables(data: bytes) -> dict[int, list[PdfPiece]]:
    """For each PDF page that holds ruled tables (pdfplumber finds them by their lines): the page's pieces from top
    to bottom: the text outside the tables, cut where a table starts, and each table as Markdown, where it stands
    ("3. Booking notes" and its notes after the table of rates above them, not before it). Text beside a table goes
    after it. Pages without tables are left out (their text is read as before)."""
    import pdfplumber

    found = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
            if not tables:
                continue
            boxes = [table.bbox for table in tables]
            cuts = [-math.inf, *(box[1] for box in boxes), math.inf]
            pieces: list[PdfPiece] = []
            for at, (start, end) in enumerate(zip(cuts, cuts[1:])):
                text = page.filter(lambda obj, start=start, end=end: start <= obj.get("top", 0) < end and not any(
                    _inside(obj, box) for box in boxes)).extract_text() or ""
                pieces += [PdfPiece(False, text)] if text.strip() else []
                rows = tables[at].extract() if at < len(tables) else None
                pieces += [PdfPiece(True, markdown_table([[c or "" for c in row] for row in rows]),
                                    _column_edges(tables[at]))] if rows else []
            found[number] = pieces
    return found


def _column_edges(table) -> tuple[float, ...]:
    """Where a pdfplumber table's columns start, and where the last one ends, across the page."""
    columns = [column.bbox for column in table.columns]
    return tuple(round(x, 1) for x in [*(box[0] for box in columns), *(box[2] for box in columns[-1:])])


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return obj.get("x0", -1) >= x0 - 1 and obj.get("x1", 1e9) <= x1 + 1 and obj.get("top", -1) >= top - 1 \
        and obj.get("bottom", 1e9) <= bottom + 1
