"""Office formats docs teams keep: PowerPoint (a section per slide, its title as heading, speaker notes included),
Excel workbooks and CSV files (a sheet's rows as Markdown tables, the header row repeated in every section so that
every chunk says what its columns are), and Markdown tables for the tables inside documents."""

from __future__ import annotations

import csv
import io
import zipfile

from core.errors import ErrorCode, RagloopError
from ingest.loaders import Section

SECTION_CHARS = 900  # rows are grouped into sections of about this many characters, each under its header row


def markdown_table(rows: list[list[str]]) -> str:
    """Rows as a Markdown table, the first being the header; cells on one line, pipes escaped."""
    def cell(value) -> str:
        return " ".join(str(value if value is not None else "").split()).replace("|", "\\|")

    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(cell(v) for v in row + [""] * (width - len(row))) + " |" for row in rows]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def table_sections(rows: list[list], heading: str) -> list[Section]:
    """A table's rows in sections of about SECTION_CHARS characters, each a Markdown table under the header row."""
    rows = [[("" if v is None else str(v)).strip() for v in row] for row in rows]
    rows = [row for row in rows if any(row)]
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
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return "", table_sections(list(csv.reader(io.StringIO(text), dialect)), "")


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
        return "\n".join(p.text.strip() for p in shape.text_frame.paragraphs if p.text.strip())
    if hasattr(shape, "shapes"):  # a group: its shapes' text
        return "\n".join(t for t in (_shape_text(inner) for inner in shape.shapes) if t)
    return ""


def pdf_tables(data: bytes) -> dict[int, tuple[str, list[str]]]:
    """For each PDF page that holds ruled tables (pdfplumber finds them by their lines): the page's text outside
    the tables, and each table as Markdown. Pages without tables are left out (their text is read as before)."""
    import pdfplumber

    found = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            tables = page.find_tables()
            if not tables:
                continue
            boxes = [table.bbox for table in tables]
            outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
            found[number] = (outside.extract_text() or "",
                             [markdown_table([[c or "" for c in row] for row in table.extract()])
                              for table in tables if table.extract()])
    return found


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return obj.get("x0", -1) >= x0 - 1 and obj.get("x1", 1e9) <= x1 + 1 and obj.get("top", -1) >= top - 1 \
        and obj.get("bottom", 1e9) <= bottom + 1
