"""Which embedder built each vector collection, so a mismatched one is refused instead of returning noise."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime, utcnow


class VectorCollection(Base):
    __tablename__ = "vector_collections"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    embedder: Mapped[str] = mapped_column(String(300))
    dimension: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


def get_collection(*, session: Session, name: str) -> VectorCollection | None:
    return session.get(VectorCollection, name)


def claim_collection(*, session: Session, name: str, embedder: str, dimension: int) -> VectorCollection:
    row = session.get(VectorCollection, name)
    if row is None:
        row = VectorCollection(name=name)
        session.add(row)
    row.embedder, row.dimension, row.created_at = embedder, dimension, utcnow()
    session.flush()
    return row
