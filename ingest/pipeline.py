"""Ingestion as a list of small steps: load -> split -> embed -> write, with a content-hash skip.

Unchanged documents (same content hash as the registry's) are skipped before they are split or embedded.
Changed and new documents are gathered into batches of chunks so the embedder always works on full batches,
whatever the size of the documents. A batch is embedded on a worker thread while the next one is read and split
(the model runs outside Python's lock); writes stay on the calling thread, one batch at a time and in order.

Write strategy for a batch: the new chunks are upserted first (tagged with their document's new content hash);
then each document's chunks from older versions are deleted; then the registry rows are saved. A crash anywhere
leaves the registry on the old hash, so the next run redoes those documents and converges to the same index.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from ingest import store
from ingest.chunking import Chunk, Chunker
from ingest.loaders import LoadedDocument
from ingest.sources import UPLOAD_PREFIX, Skipped, Source, discover, location_of, source_name
from retrieval import ChunkPayload, ChunkPoint, SparseVector, build_sparse_encoder, point_id

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings
    from retrieval import Bm25Encoder, VectorIndex

BATCHES_PER_WRITE = 32  # embedder batches gathered before one embedding call and one index write


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # files that are not documents ragloop reads: {path, reason}
    # What became of each source: {source, outcome: added | updated | unchanged | failed, error?}
    files: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "deleted": self.deleted, "failed": self.failed, "skipped": self.skipped}

    def to_record(self) -> dict:
        """Everything, per-file outcomes included (what a job keeps)."""
        return {**self.to_dict(), "files": self.files}


@dataclass
class PendingDocument:
    document_id: str
    source: str  # the source's name, which also names the document in the registry and the index
    document: LoadedDocument
    content_hash: str
    chunks: list[Chunk]
    is_new: bool
    location: str | None = None  # where the file is (`Source.location`)
    same_content: bool = False  # read again on request (`force`) with the content it had: a new index, no new version
    replaces: str | None = None  # the id this document had when documents were keyed by their name as typed


def document_id(collection: str, source: str) -> str:
    return hashlib.sha256(f"{collection}\x00{source}".encode()).hexdigest()[:32]


def content_hash(document: LoadedDocument) -> str:
    digest = hashlib.sha256(document.title.encode())
    for section in document.sections:
        digest.update(f"\x00{section.heading_path}\x00{section.page}\x00{section.text}".encode())
    return digest.hexdigest()


class IngestPipeline:
    def __init__(self, *, settings: Settings, embedder: Embedder, index: VectorIndex, session_factory: SessionFactory,
                 sparse: Bm25Encoder | None = None):
        self.settings = settings
        self.embedder = embedder
        self.sparse = sparse or build_sparse_encoder(settings)
        self.index = index
        self.session_factory = session_factory
        self._writing = threading.Lock()  # one batch written at a time (see `_write`)
        self.batch_chunks = settings.embedding_batch_size * BATCHES_PER_WRITE
        self.chunker = Chunker(chunk_size=settings.chunk_size, chunk_overlap=settings.chunk_overlap,
                               count_tokens=embedder.count_tokens, max_tokens=embedder.max_tokens)

    def discover(self, paths: list[str]) -> list[Source]:
        return discover(paths, max_bytes=self.settings.max_upload_bytes,
                        max_archive_bytes=self.settings.max_archive_bytes)

    def discover_as(self, paths: list[str], names: list[str]) -> list[Source]:
        """Discover absolute paths but name each source after the path as the user typed it."""
        sources = []
        for path, name in zip(paths, names, strict=True):
            root, typed = source_name(path), source_name(name)
            sources += [replace(s, name=typed + s.name[len(root):]) if s.name.startswith(root) else s
                        for s in self.discover([path])]
        return sources

    def run_paths(self, paths: list[str], **options) -> IngestReport:
        """Ingest files, folders and ZIP archives (see `run` for the options); pruning stays under `paths`."""
        return self.run(self.discover(paths), prune_under=paths, **options)

    def run(self, sources: list[Source], *, collection: str, prune: bool = False,
            prune_under: list[str] | None = None, force: bool = False, tags: tuple[str, ...] = (),
            on_progress: Callable[[str], None] | None = None) -> IngestReport:
        """Ingest the sources. `prune` deletes the collection's documents that were not among them, but only those
        under the paths in `prune_under` (all of the collection's when None: a corpus loaded whole); `force`
        re-embeds unchanged ones; `tags` label every chunk written (for filtering). A file is one document however
        its path is typed (`Source.location`)."""
        report, pending, seen = IngestReport(), [], set()
        embedding: Future | None = None  # the batch before, embedding while the next one is prepared
        with session_scope(self.session_factory) as session:
            known = store.content_hashes(session=session, collection=collection)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as worker:
            for source in sources:
                doc_id = document_id(collection, source.identity)
                if doc_id not in seen:
                    seen.add(doc_id)
                    item = self._prepare(source, doc_id, known, collection, report, force)
                    named = document_id(collection, source.name)
                    if item is not None and named != doc_id and named in known and doc_id not in known:
                        item.replaces, item.is_new = named, False  # keyed by its typed name before
                        seen.add(named)
                    if item is not None:
                        pending.append(item)
                    if sum(len(p.chunks) for p in pending) >= self.batch_chunks:
                        if embedding:
                            self._write(*embedding.result(), collection, report, tags)
                        embedding, pending = worker.submit(self._embed, pending), []
                if on_progress:
                    on_progress(source.name)
            if embedding:
                self._write(*embedding.result(), collection, report, tags)
        self._write(*self._embed(pending), collection, report, tags)
        if prune:
            report.deleted = self.prune(collection=collection, keep=seen, under=prune_under)
        self.index.optimize()
        return report

    def _prepare(self, source: Source, doc_id: str, known: dict[str, str], collection: str,
                 report: IngestReport, force: bool) -> PendingDocument | None:
        """Load and split one source; None when it is unchanged or failed (both counted in the report)."""
        try:
            document = source.load()
        except Skipped as exc:
            report.skipped.append({"path": source.name, "reason": exc.message})
            report.files.append({"source": source.name, "outcome": "skipped", "reason": exc.message})
            return None
        except (RagloopError, OSError) as exc:
            self._fail(source.name, doc_id, collection, exc, report)
            return None
        digest = content_hash(document)
        if known.get(doc_id) == digest and not force:
            report.unchanged += 1
            report.files.append({"source": source.name, "outcome": "unchanged"})
            return None
        return PendingDocument(doc_id, source.name, document, digest, self.chunker.split(document),
                               doc_id not in known, source.location, same_content=known.get(doc_id) == digest)

    def _fail(self, name: str, doc_id: str, collection: str, exc: Exception, report: IngestReport) -> None:
        reason = exc.message if isinstance(exc, RagloopError) else (getattr(exc, "strerror", None) or str(exc))
        report.failed.append({"path": name, "error": reason})
        report.files.append({"source": name, "outcome": "failed", "error": reason})
        if isinstance(exc, RagloopError) and exc.code == ErrorCode.NOT_FOUND:
            return  # a mistyped path is not a document
        with session_scope(self.session_factory) as session:
            store.record_failure(session=session, document_id=doc_id, collection=collection, source=name,
                                 error=reason)

    def _embed(self, pending: list[PendingDocument]) -> tuple[list[PendingDocument], list[str], list]:
        texts = [chunk.embedding_text() for item in pending for chunk in item.chunks]
        return pending, texts, list(self.embedder.embed_documents(texts)) if texts else []

    def _write(self, pending: list[PendingDocument], texts: list[str], vectors: list, collection: str,
               report: IngestReport, tags: tuple[str, ...]) -> None:
        if not pending:
            return
        chunks = [(item, position, chunk) for item in pending for position, chunk in enumerate(item.chunks)]
        points = [_point(item, position, chunk, vector.tolist(), self.sparse.encode_document(text), collection, tags)
                  for (item, position, chunk), vector, text in zip(chunks, vectors, texts)]
        # Chunks and registry under the documents' locks: another writer of the same document waits, so its chunks
        # never mix with these and its version comes after this one (this pipeline writes one batch at a time; other
        # processes on Postgres wait on the documents' advisory locks).
        with self._writing, session_scope(self.session_factory) as session:
            store.lock_documents(session=session, document_ids=[
                d for item in pending for d in (item.document_id, item.replaces) if d])
            self.index.upsert(points)
            for item in pending:
                self.index.delete_stale_chunks(document_id=item.document_id, keep_hash=item.content_hash)
                if item.replaces:
                    self.index.delete_document(document_id=item.replaces)
            for item in pending:
                if item.replaces:
                    store.delete_document(session=session, document_id=item.replaces)
                store.save_document(session=session, document_id=item.document_id, collection=collection,
                                    source=item.source, title=item.document.title, location=item.location,
                                    content_hash=item.content_hash, chunk_count=len(item.chunks),
                                    new_version=not item.same_content)
        outcomes = ["added" if item.is_new else "unchanged" if item.same_content else "updated" for item in pending]
        report.added += outcomes.count("added")
        report.updated += outcomes.count("updated")
        report.unchanged += outcomes.count("unchanged")
        report.files += [{"source": item.source, "outcome": outcome} for item, outcome in zip(pending, outcomes)]

    def prune(self, *, collection: str, keep: set[str], under: list[str] | None = None) -> int:
        """Remove the collection's documents that were not among this run's sources: those under the paths in
        `under` only (uploads and other folders stay), or all of them when `under` is None."""
        roots = None if under is None else [location_of(path) for path in under]
        with session_scope(self.session_factory) as session:
            gone = [d.id for d in store.list_documents(session=session, collection=collection)
                    if d.id not in keep and (roots is None or _under(d, roots))]
        for doc_id in gone:
            self.delete(document_id=doc_id)
        return len(gone)

    def delete(self, *, document_id: str) -> None:
        """Chunks first, registry row last: an interrupted delete is finished by the next prune."""
        self.index.delete_document(document_id=document_id)
        with session_scope(self.session_factory) as session:
            store.delete_document(session=session, document_id=document_id)


def _under(document: store.Document, roots: list[str]) -> bool:
    """Whether a document's file lies under one of the resolved paths (one from before locations were kept is
    placed by its name, resolved here)."""
    if document.location is None and document.source.startswith(UPLOAD_PREFIX):
        return False
    where = document.location or location_of(document.source)
    return any(where == root or where.startswith(root.rstrip("/") + "/") for root in roots)


def _point(item: PendingDocument, position: int, chunk: Chunk, vector: list[float], sparse: SparseVector,
           collection: str, tags: tuple[str, ...]) -> ChunkPoint:
    chunk_id = point_id(item.document_id, position)
    return ChunkPoint(id=chunk_id, vector=vector, sparse=sparse, payload=ChunkPayload(
        document_id=item.document_id, chunk_id=chunk_id, collection=collection, source=item.source,
        title=item.document.title, heading_path=chunk.heading_path, page=chunk.page, position=position,
        text=chunk.text, content_hash=item.content_hash, tags=list(tags)))
