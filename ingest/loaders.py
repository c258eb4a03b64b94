"""Loaders: one function per file format, each returning the document's title and plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import ErrorCode, RagloopError

MARKDOWN = {".md", ".markdown"}
TEXT = {".txt", ".text"}
HTML = {".html", ".htm"}
PDF = {".pdf"}
SUPPORTED_SUFFIXES = MARKDOWN | TEXT | HTML | PDF


@dataclass(frozen=True)
class LoadedDocument:
    source: str
    title: str
    text: str


def load_file(path: Path, *, source: str, max_bytes: int) -> LoadedDocument:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise RagloopError(ErrorCode.UNSUPPORTED, f"unsupported file type {suffix or '(none)'}; "
                           f"supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    size = path.stat().st_size
    if size > max_bytes:
        raise RagloopError(ErrorCode.TOO_LARGE, f"file is {size} bytes, over the {max_bytes}-byte limit")
    if suffix in PDF:
        title, text = _load_pdf(path)
    else:
        raw = _decode(path.read_bytes())
        title, text = _load_html(raw) if suffix in HTML else (_markdown_title(raw) if suffix in MARKDOWN else "", raw)
    text = text.strip()
    if not text:
        raise RagloopError(ErrorCode.BAD_INPUT, "the file holds no text")
    return LoadedDocument(source=source, title=title or path.stem.replace("_", " ").replace("-", " "), text=text)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _markdown_title(text: str) -> str:
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return match.group(1) if match else ""


def _load_html(raw: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]):
        tag.decompose()
    heading = soup.find("h1")
    title = (soup.title.get_text(strip=True) if soup.title else "") or (heading.get_text(strip=True) if heading
                                                                        else "")
    body = soup.find("main") or soup.find("article") or soup.body or soup
    return title, body.get_text("\n", strip=True)


def _load_pdf(path: Path) -> tuple[str, str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str((reader.metadata or {}).get("/Title") or "")
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"unreadable PDF: {exc}") from exc
    return title, "\n\n".join(pages)
