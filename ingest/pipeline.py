"""Ingestion as a list of small steps: load -> split -> embed -> write, with a content-hash skip.

Write strategy for a changed document: the new chunks are upserted first (tagged with the new content hash), then
the chunks of older versions are deleted, then the registry row is saved. A crash anywhere leaves the registry on
the old hash, so the next run redoes the document and converges to the same index.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from ingest import store
from ingest.chunking import Chunker
from ingest.loaders import SUPPORTED_SUFFIXES, LoadedDocument, load_file
from retrieval.index import ChunkPoint, point_id


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "deleted": self.deleted, "failed": self.failed}


def document_id(collection: str, source: str) -> str:
    return hashlib.sha256(f"{collection}\x00{source}".encode()).hexdigest()[:32]


def content_hash(document: LoadedDocument) -> str:
    return hashlib.sha256(f"{document.title}\x00{document.text}".encode()).hexdigest()


def discover(paths: Iterable[str]) -> list[tuple[Path, str]]:
    """Files to ingest as (path, source); a folder contributes its supported files, recursively.

    The source is the path as the user named it (normalised), so `ingest kb` records `kb/billing.md`.
    A missing path is returned as is and fails at load time with a clear reason.
    """
    found: list[tuple[Path, str]] = []
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root)
                if path.suffix.lower() in SUPPORTED_SUFFIXES and not any(
                        part.startswith(".") for part in relative.parts):
                    found.append((path, Path(os.path.normpath(root / relative)).as_posix()))
        else:
            found.append((root, Path(os.path.normpath(raw)).as_posix()))
    return found


class IngestPipeline:
    def __init__(self, *, settings, embedder, index, session_factory):
        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.session_factory = session_factory
        self.chunker = Chunker(chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap,
                               count_tokens=embedder.count_tokens)

    def run(self, paths: list[str], *, collection: str, prune: bool = False,
            on_progress: Callable[[str], None] | None = None) -> IngestReport:
        report = IngestReport()
        seen: set[str] = set()
        for path, source in discover(paths):
            seen.add(document_id(collection, source))
            try:
                outcome = self.ingest_file(path, source=source, collection=collection)
                setattr(report, outcome, getattr(report, outcome) + 1)
            except (RagloopError, OSError) as exc:
                report.failed.append({"path": source, "error": getattr(exc, "message", None) or _os_reason(exc)})
            if on_progress:
                on_progress(source)
        if prune:
            report.deleted = self.prune(collection=collection, keep=seen)
        self.index.optimize()
        return report

    def ingest_file(self, path: Path, *, source: str, collection: str) -> str:
        """Ingest one file; returns 'added', 'updated' or 'unchanged'."""
        if not path.exists():
            raise RagloopError(ErrorCode.NOT_FOUND, "no such file or folder")
        document = load_file(path, source=source, max_bytes=self.settings.max_upload_bytes)
        doc_id, digest = document_id(collection, source), content_hash(document)
        with session_scope(self.session_factory) as session:
            existing = store.get_document(session=session, document_id=doc_id)
            if existing is not None and existing.content_hash == digest:
                return "unchanged"
        chunks = self.chunker.split(document.text)
        vectors = self.embedder.embed_documents([f"{document.title}\n\n{chunk}" for chunk in chunks])
        self.index.upsert([ChunkPoint(id=point_id(doc_id, position), vector=vector.tolist(), payload={
            "document_id": doc_id, "chunk_id": point_id(doc_id, position), "collection": collection,
            "source": source, "title": document.title, "position": position, "text": chunk,
            "content_hash": digest}) for position, (chunk, vector) in enumerate(zip(chunks, vectors))])
        self.index.delete_stale_chunks(document_id=doc_id, keep_hash=digest)
        with session_scope(self.session_factory) as session:
            store.save_document(session=session, document_id=doc_id, collection=collection, source=source,
                                title=document.title, content_hash=digest, chunk_count=len(chunks))
        return "added" if existing is None else "updated"

    def prune(self, *, collection: str, keep: set[str]) -> int:
        """Remove the collection's documents that were not seen in this run."""
        with session_scope(self.session_factory) as session:
            gone = [d.id for d in store.list_documents(session=session, collection=collection) if d.id not in keep]
        for doc_id in gone:
            self.index.delete_document(document_id=doc_id)
            with session_scope(self.session_factory) as session:
                store.delete_document(session=session, document_id=doc_id)
        return len(gone)


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
