"""Uploaded files: kept under RAGLOOP_UPLOAD_DIR (default DATA_DIR/uploads) as <collection shelf>/<batch>/<file name>
so a document can be re-ingested from its file, each named `upload/<file name>` as a document, so uploading a file
again updates the same document of its collection. Each collection has its own shelf: a file name is looked up, replaced
and deleted within the collection it was uploaded to, never in another one (where the same name may be a restricted
collection's file). Replicas share the folder (a volume they all mount): a job may run on another replica than the one
that received the upload."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from urllib.parse import quote

from core.errors import ErrorCode, RagloopError
from core.settings import Settings
from ingest.pipeline import IngestReport
from ingest.sources import UPLOAD_PREFIX, Source, discover, failing_source

log = logging.getLogger(__name__)
MAX_FILES_PER_UPLOAD = 20
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
_BATCH = re.compile(r"^[0-9a-f]{16}$")  # a batch folder's name (and, before shelves, a folder right under the root)


def safe_filename(name: str) -> str:
    """The last path component, with anything but letters, digits, dot, dash, underscore and space replaced."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    return _UNSAFE.sub("_", base)[:200] or "upload"


def shelf_name(collection: str) -> str:
    """A collection's folder: its name behind a prefix, with anything but letters, digits, dot, dash and underscore
    percent-encoded (no "/" and no ".." whatever the name); a name too long for a folder once encoded (a long Korean
    one) by a digest of it."""
    encoded = quote(collection, safe="._-")
    return "c-" + (encoded if len(encoded) <= 200 else hashlib.sha256(collection.encode()).hexdigest()[:32])


@dataclass(frozen=True)
class Batch:
    """One upload's files: those kept and those refused."""

    uploads: Uploads
    folder: Path
    saved: list[Path]
    refused: dict[str, str]  # file name -> why it was not kept (over the size limit)

    @property
    def count(self) -> int:
        return len(self.saved) + len(self.refused)

    def to_spec(self) -> dict:
        """The batch as an ingestion job's spec: any replica's worker finds the files on the shared volume."""
        return {"kind": "upload", "folder": str(self.folder), "saved": [p.name for p in self.saved],
                "refused": self.refused}

    @classmethod
    def from_spec(cls, uploads: Uploads, spec: dict) -> Batch:
        folder = Path(spec["folder"])
        if not folder.is_dir() and (uploads.root / folder.name).is_dir():  # queued before shelves, shelved since
            folder = uploads.root / folder.name
        return cls(uploads, folder, [folder / name for name in spec["saved"]], dict(spec["refused"]))

    def settle(self, report: IngestReport) -> None:
        """After the job: a file that could not be ingested is not kept (nothing would read it again, and the
        document keeps its earlier file); one that was replaces the earlier uploads of its name."""
        failed = {f["path"].removeprefix(UPLOAD_PREFIX) for f in report.failed if f["path"].startswith(UPLOAD_PREFIX)}
        for path in self.saved:
            if path.name in failed:
                path.unlink(missing_ok=True)
            else:
                self.uploads.remove(path.name, keep=path)
        if self.folder.is_dir() and not any(self.folder.iterdir()):
            self.folder.rmdir()

    def sources(self) -> list[Source]:
        """What the ingestion job reads (called in its worker: finding files in archives takes a while)."""
        settings = self.uploads.settings
        found = discover([str(p) for p in self.saved], max_bytes=settings.max_upload_bytes,
                         max_archive_bytes=settings.max_archive_bytes)
        named = [Source(UPLOAD_PREFIX + s.name.removeprefix(self.folder.as_posix() + "/"), s.load) for s in found]
        return named + [failing_source(UPLOAD_PREFIX + name, RagloopError(ErrorCode.TOO_LARGE, why))
                        for name, why in self.refused.items()]


class Uploads:
    """One collection's uploaded files."""

    def __init__(self, settings: Settings, collection: str):
        self.settings = settings
        self.root = settings.uploads / shelf_name(collection)

    def save(self, files: list[tuple[str, bytes]]) -> Batch:
        """Keep each (file name, content) in a new batch folder, refusing oversized ones by name (the others still
        go in)."""
        if not files:
            raise RagloopError(ErrorCode.BAD_INPUT, "choose at least one file to upload")
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise RagloopError(ErrorCode.TOO_LARGE, f"upload at most {MAX_FILES_PER_UPLOAD} files at a time")
        limit = self.settings.max_upload_bytes
        folder = self.root / secrets.token_hex(8)
        folder.mkdir(parents=True, exist_ok=True)
        saved, refused = [], {}
        for raw_name, data in files:
            name = safe_filename(raw_name)
            if len(data) > limit:
                refused[name] = f"file is over the {limit}-byte limit"
                continue
            (folder / name).write_bytes(data)
            saved.append(folder / name)
        return Batch(self, folder, saved, refused)

    def remove(self, name: str, *, keep: Path | None = None) -> None:
        """Earlier uploads of a file name to this collection (a new upload supersedes them: re-ingest reads the
        newest), or all of them when its document is deleted; batch folders left empty go too."""
        for path in self.root.glob(f"*/{glob_escape(name)}"):
            if path != keep:
                path.unlink(missing_ok=True)
                if not any(path.parent.iterdir()):
                    path.parent.rmdir()

    def forget(self, source: str) -> None:
        """A document was deleted: its uploaded file goes too."""
        if source.startswith(UPLOAD_PREFIX) and "/" not in source.removeprefix(UPLOAD_PREFIX):
            self.remove(source.removeprefix(UPLOAD_PREFIX))

    def path_of(self, source: str) -> Path | None:
        """Where a document's file is now: the newest upload of that name to this collection, or the path it was
        ingested from."""
        if source.startswith(UPLOAD_PREFIX):
            uploads = sorted(self.root.glob(f"*/{glob_escape(source.removeprefix(UPLOAD_PREFIX))}"),
                             key=lambda p: p.stat().st_mtime)
            return uploads[-1] if uploads else None
        path = Path(source)
        return path if path.is_file() else None


def shelve_earlier_uploads(settings: Settings, owners: Mapping[str, set[str]]) -> None:
    """Files uploaded before collections had shelves (<root>/<batch>/<file name>) move to the shelf of the collection
    whose document they are (`owners`: file name -> the collections holding `upload/<file name>`). A name that
    documents of several collections share stays where it is, out of every collection's reach: which one's file it is
    cannot be told, and an upload to each collection shelves it again."""
    root = settings.uploads
    if not root.is_dir():
        return
    left = 0
    for batch in [p for p in root.iterdir() if p.is_dir() and _BATCH.match(p.name)]:
        for path in _listed(batch):
            collections = owners.get(path.name, set())
            if len(collections) != 1:
                left += 1
                continue
            target = root / shelf_name(next(iter(collections))) / batch.name / path.name
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, target)
            except FileNotFoundError:  # another replica shelved it first
                continue
            except OSError as exc:
                log.warning("could not shelve the upload %s/%s: %s", batch.name, path.name, exc)
        try:
            batch.rmdir()  # when empty
        except OSError:
            pass
    if left:
        log.warning("%d uploaded files are not the document of exactly one collection and were not shelved: upload "
                    "them again to re-ingest them", left)


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:  # another replica emptied and removed it
        return []
