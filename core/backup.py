"""Backups of the embedded default: the SQLite database (SQLite's online backup), the embedded vector store (copied
while writes wait) and the stored uploads, into one folder with a manifest; and their restore.

A backup is taken by whichever process owns the store: `ragloop backup` hands it to the running server, so it is
consistent while the server answers. A restore replaces the data, so it refuses while a server runs. In production
the database is Postgres and the vectors live on a Qdrant server: those are backed up with their own tools
(`pg_dump`, Qdrant snapshots; README, "Backups"), and the manifest says they were not copied.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.runtime import Runtime
    from core.settings import Settings

MANIFEST = "manifest.json"
DATABASE = "ragloop.db"
VECTORS = "vectors"
UPLOADS = "uploads"
FORMAT = 1


def sqlite_file(settings: Settings) -> Path | None:
    url = settings.sqlalchemy_url
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def vector_folder(settings: Settings) -> Path:
    return settings.data_dir / "qdrant" / settings.qdrant_collection


def _empty_target(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise RagloopError(ErrorCode.CONFLICT, f"{folder} is not an empty folder: back up into a new one")
    folder.mkdir(parents=True, exist_ok=True)


def backup(runtime: Runtime, folder: Path) -> dict:
    """Everything the embedded default keeps, copied into `folder` (new or empty); returns the manifest."""
    folder = folder.resolve()
    _empty_target(folder)
    settings = runtime.settings
    copied, elsewhere = [], []
    database = sqlite_file(settings)
    if database is not None:
        raw = runtime.engine.raw_connection()
        try:
            with sqlite3.connect(folder / DATABASE) as target:
                raw.driver_connection.backup(target)  # a consistent copy while others read and write
        finally:
            raw.close()
        copied.append("database")
    else:
        elsewhere.append("database (Postgres: pg_dump)")
    if runtime.index.snapshot(folder / VECTORS):
        copied.append("vectors")
    else:
        elsewhere.append("vectors (Qdrant server: its snapshots)")
    if settings.uploads.is_dir():
        shutil.copytree(settings.uploads, folder / UPLOADS)
        copied.append("uploads")
    manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "collection": settings.qdrant_collection, "embedder": runtime.embedder.name,
                "chunks": runtime.index.count(), "copied": copied, "not_copied": elsewhere}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{folder} holds no ragloop backup ({MANIFEST} missing or "
                           "unreadable)") from exc
    if manifest.get("format") != FORMAT:
        raise RagloopError(ErrorCode.BAD_INPUT, f"{folder}: backup format {manifest.get('format')!r} is not "
                           f"one this version reads ({FORMAT})")
    return manifest


def restore(settings: Settings, folder: Path) -> dict:
    """Put a backup back in place of the current data; the process must own nothing (no server running)."""
    folder = folder.resolve()
    manifest = read_manifest(folder)
    if manifest["collection"] != settings.qdrant_collection:
        raise RagloopError(ErrorCode.CONFLICT, f"the backup is of the vector collection {manifest['collection']!r}, "
                           f"not {settings.qdrant_collection!r} (RAGLOOP_QDRANT_COLLECTION)")
    if "database" in manifest["copied"]:
        target = sqlite_file(settings)
        if target is None:
            raise RagloopError(ErrorCode.CONFLICT, "the backup holds a SQLite database, but RAGLOOP_DATABASE_URL "
                               "names another database")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(folder / DATABASE) as source, sqlite3.connect(target) as into:
            source.backup(into)
    if "vectors" in manifest["copied"]:
        _replace(folder / VECTORS, vector_folder(settings))
    if "uploads" in manifest["copied"]:
        _replace(folder / UPLOADS, settings.uploads)
    return manifest


def _replace(source: Path, target: Path) -> None:
    """`target` becomes a copy of `source`; the old one is removed only once the copy is complete."""
    staging = target.with_name(target.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
