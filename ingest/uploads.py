"""Uploaded files: kept under RAGLOOP_UPLOAD_DIR (default DATA_DIR/uploads) as <batch>/<file name> so a document can
be re-ingested from its file, each named `upload/<file name>` as a document, so uploading a file again updates the
same document. Replicas share the folder (a volume they all mount): a job may run on another replica than the one
that received the upload."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path

from core.errors import ErrorCode, RagloopError
from core.settings import Settings
from ingest.pipeline import IngestReport
from ingest.sources import UPLOAD_PREFIX, Source, discover, failing_source

MAX_FILES_PER_UPLOAD = 20
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_filename(name: str) -> str:
    """The last path component, with anything but letters, digits, dot, dash, underscore and space replaced."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    return _UNSAFE.sub("_", base)[:200] or "upload"


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
    def __init__(self, settings: Settings):
        self.settings = settings
        self.root = settings.uploads

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
        """Earlier uploads of a file name (a new upload supersedes them: re-ingest reads the newest), or all of
        them when its document is deleted; batch folders left empty go too."""
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
        """Where a document's file is now: the newest upload of that name, or the path it was ingested from."""
        if source.startswith(UPLOAD_PREFIX):
            uploads = sorted(self.root.glob(f"*/{glob_escape(source.removeprefix(UPLOAD_PREFIX))}"),
                             key=lambda p: p.stat().st_mtime)
            return uploads[-1] if uploads else None
        path = Path(source)
        return path if path.is_file() else None
