"""Document registry: one row per ingested source, with its content hash and chunk count."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime, utcnow


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("collection", "source", name="uq_documents_collection_source"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    collection: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="indexed")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


def get_document(*, session: Session, document_id: str) -> Document | None:
    return session.get(Document, document_id)


def list_documents(*, session: Session, collection: str | None = None) -> list[Document]:
    query = select(Document).order_by(Document.source)
    if collection:
        query = query.where(Document.collection == collection)
    return list(session.scalars(query))


def save_document(*, session: Session, document_id: str, collection: str, source: str, title: str,
                  content_hash: str, chunk_count: int) -> Document:
    """Insert the document or record a new version of it."""
    row = session.get(Document, document_id)
    if row is None:
        row = Document(id=document_id, collection=collection, source=source, version=1)
        session.add(row)
    else:
        row.version += 1
    row.title, row.content_hash, row.chunk_count = title, content_hash, chunk_count
    row.status, row.error = "indexed", None
    session.flush()
    return row


def delete_document(*, session: Session, document_id: str) -> None:
    row = session.get(Document, document_id)
    if row is not None:
        session.delete(row)
        session.flush()
