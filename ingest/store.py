"""Document registry: one row per ingested source (content hash, chunk count, status) and its version history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, func, or_, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime, as_utc, utcnow
from ingest.sources import UPLOAD_PREFIX, location_of


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("collection", "source", name="uq_documents_collection_source"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    collection: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(2000))  # its name: the path as typed, `upload/<file>`, an id
    # Where it is: the resolved absolute path of a file (of an archive, then "/" and the entry); what makes two
    # differently typed paths the same document. None for uploads, corpora, and documents from before it was kept.
    location: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    title: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="indexed")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class DocumentVersion(Base):
    """One row per ingestion attempt that changed something: when, which content, how many chunks, or why not."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


def get_document(*, session: Session, document_id: str) -> Document | None:
    return session.get(Document, document_id)


def list_documents(*, session: Session, collection: str | None = None) -> list[Document]:
    query = select(Document).order_by(Document.collection, Document.source)
    if collection:
        query = query.where(Document.collection == collection)
    return list(session.scalars(query))


def collection_names(*, session: Session) -> list[str]:
    """The collections that hold documents."""
    return list(session.scalars(select(Document.collection).distinct().order_by(Document.collection)))


def upload_owners(*, session: Session) -> dict[str, set[str]]:
    """Uploaded file name -> the collections that hold an ingested document of it (one that only ever failed has no
    file kept)."""
    owners: dict[str, set[str]] = {}
    rows = session.execute(select(Document.source, Document.collection)
                           .where(Document.source.startswith(UPLOAD_PREFIX, autoescape=True), Document.version > 0))
    for source, collection in rows:
        owners.setdefault(source.removeprefix(UPLOAD_PREFIX), set()).add(collection)
    return owners


def content_hashes(*, session: Session, collection: str) -> dict[str, str]:
    """document id -> content hash of every indexed document in the collection (one query)."""
    rows = session.execute(select(Document.id, Document.content_hash)
                           .where(Document.collection == collection, Document.status == "indexed"))
    return dict(rows.tuples().all())


def lock_documents(*, session: Session, document_ids: list[str]) -> None:
    """Hold these documents until the transaction ends, so that two processes writing one document (two replicas, a
    job and the command) take turns: its chunks and its version are written by one at a time. Postgres advisory
    locks, taken in a fixed order so that two writers never wait on each other in a circle; on SQLite one process
    owns the store, and the pipeline writes one batch at a time."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for document_id in sorted(set(document_ids)):
        # A document id is hex (sha256); its first 15 digits fit a signed 64-bit key.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(document_id[:15], 16)})


def save_document(*, session: Session, document_id: str, collection: str, source: str, title: str,
                  content_hash: str, chunk_count: int, location: str | None = None,
                  new_version: bool = True) -> Document:
    """Record a successfully indexed version of the document (named as it was typed this time). `new_version`
    False: its content is what its current version holds, indexed again (re-ingested on request), so that a golden
    item reviewed against it does not turn stale."""
    row = session.get(Document, document_id)
    if row is None:
        row = Document(id=document_id, collection=collection, source=source, version=0)
        session.add(row)
    row.source, row.location = source, location
    row.title, row.content_hash, row.chunk_count = title[:500], content_hash, chunk_count
    row.status, row.error = "indexed", None
    if new_version or row.version == 0:
        row.version += 1
        session.add(DocumentVersion(document_id=document_id, version=row.version, content_hash=content_hash,
                                    chunk_count=chunk_count, status="indexed"))
    session.flush()
    return row


def record_failure(*, session: Session, document_id: str, collection: str, source: str, error: str) -> Document:
    """A failed attempt: a known document keeps its indexed chunks and says what went wrong."""
    row = session.get(Document, document_id)
    if row is None:
        row = Document(id=document_id, collection=collection, source=source, title=source.rsplit("/", 1)[-1][:500],
                       content_hash="", chunk_count=0, version=0, status="failed")
        session.add(row)
    elif row.chunk_count == 0:
        row.status = "failed"
    row.error = error
    session.add(DocumentVersion(document_id=document_id, version=row.version, content_hash=row.content_hash,
                                chunk_count=row.chunk_count, status="failed", error=error))
    session.flush()
    return row


def versions(*, session: Session, document_id: str) -> list[DocumentVersion]:
    return list(session.scalars(select(DocumentVersion).where(DocumentVersion.document_id == document_id)
                                .order_by(DocumentVersion.id)))


def delete_document(*, session: Session, document_id: str) -> None:
    row = session.get(Document, document_id)
    if row is not None:
        session.delete(row)
        session.flush()


def sources_at(*, session: Session, paths: set[str]) -> dict[str, str]:
    """For each of `paths` (file paths as typed, relative to the working folder) that names no document as it is
    but is where one is (`Document.location`): that document's source, the name it is known by. A golden set
    written with "docs/guide/x.md" names the document ingested as "/srv/app/docs/guide/x.md" or "./docs/guide"."""
    known = set(session.scalars(select(Document.source).where(Document.source.in_(paths)))) if paths else set()
    wanted = {location_of(path): path for path in paths if path not in known}
    if not wanted:
        return {}
    rows = session.execute(select(Document.location, Document.source).where(Document.location.in_(list(wanted))))
    return {wanted[location]: source for location, source in rows}


def indexed_span(*, session: Session, keys: set[str]) -> dict[str, tuple[datetime, datetime]]:
    """For each key (a document id or a source, in any collection) that names a document: when its content was
    first and last indexed. Keys that name no document are left out."""
    if not keys:
        return {}
    rows = session.execute(
        select(Document.id, Document.source, func.min(DocumentVersion.created_at),
               func.max(DocumentVersion.created_at))
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(DocumentVersion.status == "indexed", or_(Document.id.in_(keys), Document.source.in_(keys)))
        .group_by(Document.id, Document.source))
    found: dict[str, tuple[datetime, datetime]] = {}
    for document_id, source, first, last in rows:
        for key in (document_id, source):
            if key in keys:
                earlier = found.get(key, (as_utc(first), as_utc(last)))
                found[key] = (min(earlier[0], as_utc(first)), max(earlier[1], as_utc(last)))
    return found



def last_indexed(*, session: Session, collection: str) -> datetime | None:
    """When content was last indexed into the collection (None: never)."""
    last = session.scalar(select(func.max(DocumentVersion.created_at))
                          .join(Document, DocumentVersion.document_id == Document.id)
                          .where(Document.collection == collection, DocumentVersion.status == "indexed"))
    return as_utc(last) if last else None


def document_sources(*, session: Session, keys: list[str]) -> list[str]:
    """The sources (as ingested) of the documents that the keys name, by id or by source, in the keys' order."""
    rows = session.execute(select(Document.id, Document.source).where(or_(Document.id.in_(keys),
                                                                          Document.source.in_(keys)))).all()
    by_key = {key: source for document_id, source in rows for key in (document_id, source)}
    return list(dict.fromkeys(by_key[key] for key in keys if key in by_key))


def document_ids(*, session: Session, keys: set[str]) -> list[str]:
    """Ids of the documents that the keys name, by id or by source (in any collection)."""
    if not keys:
        return []
    return list(session.scalars(select(Document.id).where(or_(Document.id.in_(keys), Document.source.in_(keys)))
                                .order_by(Document.id)))
