"""Finding what to ingest: files, folders (recursively), ZIP archives and BEIR corpora, as lazy sources.

Each source has a stable name (the path as the user named it, `archive.zip/inner/file.md` inside an archive, or
the corpus id for BEIR) and a `load()` that reads it only when the pipeline gets to it.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from core.errors import ErrorCode, RagloopError
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedDocument, Section, load_bytes, load_file

UPLOAD_PREFIX = "upload/"  # uploaded files are named upload/<file name>, and are one document per name
MAX_ZIP_RATIO = 100  # uncompressed / compressed size of an entry; more is a ZIP bomb


@dataclass(frozen=True)
class Source:
    name: str  # as the user named it
    load: Callable[[], LoadedDocument]
    location: str | None = None  # a file's resolved absolute path: the same file is one document however named

    @property
    def identity(self) -> str:
        return self.location or self.name


class Skipped(RagloopError):
    """A file that is not a document ragloop reads (an image, a spreadsheet of another kind, ...): reported as
    skipped, not as a failure."""

    def __init__(self, reason: str):
        super().__init__(ErrorCode.UNSUPPORTED, reason)


def skipped_source(name: str, suffix: str) -> Source:
    kind = f"{suffix} files are" if suffix else "files without an extension are"
    return failing_source(name, Skipped(f"{kind} not read (supported: "
                                        f"{', '.join(sorted(SUPPORTED_SUFFIXES | {'.zip'}))})"))


def failing_source(name: str, error: RagloopError) -> Source:
    """A source that could not be read: it reports `error` when the pipeline gets to it."""

    def load() -> LoadedDocument:
        raise error

    return Source(name, load)


def source_name(raw: str | Path) -> str:
    """A path as a source name: normalised, with forward slashes."""
    return Path(os.path.normpath(raw)).as_posix()


def discover(paths: list[str], *, max_bytes: int, max_archive_bytes: int) -> list[Source]:
    sources: list[Source] = []
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if path.suffix.lower() in SUPPORTED_SUFFIXES or path.suffix.lower() == ".zip":
                    sources.extend(_file_sources(path, source_name(root / relative), max_bytes, max_archive_bytes))
                else:
                    sources.append(skipped_source(source_name(root / relative), path.suffix.lower()))
        elif not root.exists():
            sources.append(failing_source(source_name(raw), RagloopError(ErrorCode.NOT_FOUND, "no such file or folder")))
        else:
            sources.extend(_file_sources(root, source_name(raw), max_bytes, max_archive_bytes))
    return sources


def location_of(raw: str | Path) -> str:
    """A path resolved to where it is: the key that makes differently typed paths one document."""
    return Path(raw).resolve().as_posix()


def _file_sources(path: Path, name: str, max_bytes: int, max_archive_bytes: int) -> list[Source]:
    if path.suffix.lower() == ".zip":
        try:
            entries = archive_sources(path, name, max_bytes=max_bytes, max_archive_bytes=max_archive_bytes)
            archive = location_of(path)
            return [replace(s, location=archive + s.name[len(name):]) for s in entries]
        except RagloopError as exc:
            return [failing_source(name, exc)]
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return [skipped_source(name, path.suffix.lower())]
    return [Source(name, lambda: load_file(path, max_bytes=max_bytes), location_of(path))]


def archive_sources(path: Path, name: str, *, max_bytes: int, max_archive_bytes: int) -> Iterator[Source]:
    """The supported files inside a ZIP archive, after checking it is not a bomb."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"unreadable ZIP archive: {exc}") from exc
    with archive:
        entries = [e for e in archive.infolist() if not e.is_dir()]
    total = sum(e.file_size for e in entries)
    if total > max_archive_bytes:
        raise RagloopError(ErrorCode.TOO_LARGE, f"the archive unpacks to {total} bytes, over the "
                           f"{max_archive_bytes}-byte limit")
    for entry in entries:
        inner = PurePosixPath(entry.filename)
        entry_name = f"{name}/{entry.filename}"
        if inner.is_absolute() or ".." in inner.parts or entry.filename.startswith(("/", "\\")):
            yield failing_source(entry_name, RagloopError(ErrorCode.BAD_INPUT, "unsafe path inside the archive"))
        elif inner.suffix.lower() == ".zip":
            yield failing_source(entry_name, RagloopError(ErrorCode.UNSUPPORTED, "an archive inside an archive is "
                                                                                 "not read: unpack it and add it"))
        elif inner.name.startswith(".") or any(part.startswith((".", "__MACOSX")) for part in inner.parts):
            continue  # hidden files and the resource forks some archivers add: not anyone's documents
        elif inner.suffix.lower() in SUPPORTED_SUFFIXES:
            yield Source(entry_name, _entry_loader(path, entry, max_bytes))
        else:
            yield skipped_source(entry_name, inner.suffix.lower())


def _entry_loader(path: Path, entry: zipfile.ZipInfo, max_bytes: int) -> Callable[[], LoadedDocument]:
    def load() -> LoadedDocument:
        if entry.file_size > max_bytes:
            raise RagloopError(ErrorCode.TOO_LARGE, f"file is {entry.file_size} bytes, over the "
                               f"{max_bytes}-byte limit")
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_ZIP_RATIO:
            raise RagloopError(ErrorCode.BAD_INPUT, "compression ratio too high (a ZIP bomb?)")
        with zipfile.ZipFile(path) as archive, archive.open(entry) as stream:
            data = stream.read(max_bytes + 1)  # the declared size can lie; never read past the limit
        if len(data) > max_bytes:
            raise RagloopError(ErrorCode.TOO_LARGE, f"file is over the {max_bytes}-byte limit")
        return load_bytes(data, suffix=PurePosixPath(entry.filename).suffix.lower(),
                          fallback_title=PurePosixPath(entry.filename).stem)

    return load


def beir_sources(directory: Path) -> list[Source]:
    """A BEIR corpus (corpus.jsonl lines of {_id, title, text}): one document per line, named by its id."""
    corpus = directory / "corpus.jsonl"
    if not corpus.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no corpus.jsonl in {directory}")
    sources = []
    with corpus.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc_id, title, text = str(row["_id"]), row.get("title") or "", row.get("text") or ""
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise RagloopError(ErrorCode.BAD_INPUT, f"{corpus}, line {number}: not a BEIR record ({exc})") from exc
            sources.append(Source(doc_id, _beir_loader(doc_id, title, text)))
    return sources


def _beir_loader(doc_id: str, title: str, text: str) -> Callable[[], LoadedDocument]:
    """A record that is already text (a BEIR line, a SQuAD paragraph)."""
    def load() -> LoadedDocument:
        if not text.strip():
            raise RagloopError(ErrorCode.BAD_INPUT, "the record holds no text")
        return LoadedDocument(title=title, sections=[Section(text)])

    return load


def squad_sources(path: Path, *, prefix: str = "") -> list[Source]:
    """The paragraphs of a SQuAD-format file (SQuAD 2.0, KorQuAD): one document each, named `{prefix}{title}#{n}`
    (the names golden items imported from the same file refer to)."""
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no such file: {path}")
    try:
        articles = json.loads(path.read_text(encoding="utf-8-sig"))["data"]
        return [Source(f"{prefix}{article['title']}#{number}",
                       _beir_loader(f"{article['title']}#{number}", str(article["title"]).replace("_", " "),
                                    paragraph["context"]))
                for article in articles for number, paragraph in enumerate(article["paragraphs"])]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{path} is not a SQuAD-format file ({exc!r})") from exc
