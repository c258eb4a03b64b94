"""Backups: the database (SQLite's online backup, or `pg_dump` of Postgres), the embedded vector store (copied
while writes wait) and the stored uploads, into one folder with a manifest; and their restore.

A backup is taken by whichever process owns the store: `ragloop backup` hands it to the running server, so it is
consistent while the server answers (`pg_dump` reads one snapshot of the database while others write). Vectors on a
Qdrant server are taken as one of its snapshots, downloaded into the backup and restored by uploading it. A restore
replaces the data, so it refuses while a server runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.runtime import Runtime
    from core.settings import Settings

MANIFEST = "manifest.json"
DATABASE = "ragloop.db"
POSTGRES_DUMP = "database.pgdump"  # pg_dump's custom format
VECTORS = "vectors"
UPLOADS = "uploads"
FORMAT = 1


def sqlite_file(settings: Settings) -> Path | None:
    url = settings.sqlalchemy_url
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _postgres(url: str) -> tuple[list[str], dict[str, str]] | None:
    """The connection arguments of pg_dump and pg_restore for a SQLAlchemy Postgres URL, and their environment: the
    password goes in PGPASSWORD, never on a command line; a schema named by the URL's search_path is the one
    copied. None for another database."""
    from sqlalchemy.engine import URL, make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    env = {**os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {})}
    options = parsed.query.get("options", "")
    schema = re.search(r"search_path\s*=\s*(\w+)", " ".join(options) if isinstance(options, tuple) else options)
    address = URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database,
                         parsed.query).render_as_string(hide_password=False)
    return ["--dbname", address, *(["--schema", schema.group(1)] if schema else [])], env


def _run_postgres_tool(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise RagloopError(ErrorCode.UNAVAILABLE, f"{command[0]} is not installed (Debian: postgresql-client); it "
                           "backs up and restores a Postgres database") from exc
    if done.returncode != 0:
        raise RagloopError(ErrorCode.UNAVAILABLE, f"{command[0]} failed: {done.stderr.strip()[-500:]}")


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
    database, postgres = sqlite_file(settings), _postgres(settings.sqlalchemy_url)
    if database is not None:
        raw = runtime.engine.raw_connection()
        try:
            with sqlite3.connect(folder / DATABASE) as target:
                raw.driver_connection.backup(target)  # a consistent copy while others read and write
        finally:
            raw.close()
        copied.append("database")
    elif postgres is not None:
        arguments, env = postgres
        _run_postgres_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                            "--file", str(folder / POSTGRES_DUMP), *arguments], env)
        copied.append("database")
    else:
        elsewhere.append("database (neither SQLite nor Postgres: its own tools)")
    if runtime.index.snapshot(folder / VECTORS):
        copied.append("vectors")
    else:
        elsewhere.append("vectors (a Qdrant client without a server address takes no snapshots)")
    if settings.uploads.is_dir():
        shutil.copytree(settings.uploads, folder / UPLOADS)
        copied.append("uploads")
    manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "database": "sqlite" if database is not None else "postgres" if postgres is not None else None,
                "vectors": "server" if settings.qdrant_url else "embedded",
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
        _restore_database(settings, folder, manifest.get("database") or "sqlite")
    if "vectors" in manifest["copied"]:
        _restore_vectors(settings, folder / VECTORS, manifest.get("vectors") or "embedded")
    if "uploads" in manifest["copied"]:
        _replace(folder / UPLOADS, settings.uploads)
    return manifest


def _restore_database(settings: Settings, folder: Path, kind: str) -> None:
    target, postgres = sqlite_file(settings), _postgres(settings.sqlalchemy_url)
    if (kind == "sqlite" and target is None) or (kind == "postgres" and postgres is None):
        raise RagloopError(ErrorCode.CONFLICT, f"the backup holds a {'SQLite' if kind == 'sqlite' else 'Postgres'} "
                           "database, but RAGLOOP_DATABASE_URL names another kind of database")
    if postgres is not None:
        arguments, env = postgres  # its tables are dropped and written again, in one transaction
        _run_postgres_tool(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                            "--single-transaction", *arguments, str(folder / POSTGRES_DUMP)], env)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(folder / DATABASE) as source, sqlite3.connect(target) as into:
        source.backup(into)


def _restore_vectors(settings: Settings, folder: Path, kind: str) -> None:
    if (kind == "server") != bool(settings.qdrant_url):
        held = "a Qdrant server's" if kind == "server" else "the embedded store's"
        raise RagloopError(ErrorCode.CONFLICT, f"the backup holds {held} vectors, but RAGLOOP_QDRANT_URL names "
                           + ("no server" if kind == "server" else "a server"))
    if kind == "embedded":
        _replace(folder, vector_folder(settings))
        return
    from core.runtime import runtime

    with runtime(settings) as built:
        built.index.restore(folder)


def _replace(source: Path, target: Path) -> None:
    """`target` becomes a copy of `source`; the old one is removed only once the copy is complete."""
    staging = target.with_name(target.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
