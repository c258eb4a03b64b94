"""Which embedder built each vector collection, so a mismatched one is refused instead of returning noise, and which
BM25 analyser encoded its sparse vectors, so a changed one encodes them again; and the fusion tunings applied per
language (`retrieval.fusion`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JsonColumn, UtcDateTime, utcnow


class VectorCollection(Base):
    __tablename__ = "vector_collections"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    embedder: Mapped[str] = mapped_column(String(300))
    dimension: Mapped[int] = mapped_column(Integer)
    analyser: Mapped[str] = mapped_column(String(300))  # `Bm25Encoder.signature`
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


def get_collection(*, session: Session, name: str) -> VectorCollection | None:
    return session.get(VectorCollection, name)


def claim_collection(*, session: Session, name: str, embedder: str, dimension: int,
                     analyser: str) -> VectorCollection:
    row = session.get(VectorCollection, name)
    if row is None:
        row = VectorCollection(name=name)
        session.add(row)
    row.embedder, row.dimension, row.analyser, row.created_at = embedder, dimension, analyser, utcnow()
    session.flush()
    return row


class FusionTuning(Base):
    """A fusion of dense and BM25 results that the nightly job found better for a language (`retrieval.fusion`)."""

    __tablename__ = "fusion_tunings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    language: Mapped[str] = mapped_column(String(10), index=True)
    fusion: Mapped[dict] = mapped_column(JsonColumn)  # dense_weight, sparse_weight, candidates, rrf_k
    replaced: Mapped[dict] = mapped_column(JsonColumn)  # the fusion in force before it
    figures: Mapped[dict] = mapped_column(JsonColumn, default=dict)  # what it was chosen on, before and after
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the nightly run that applied it
    status: Mapped[str] = mapped_column(String(10), default="active")  # active | replaced | reverted
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    reverted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


def active_tunings(*, session: Session) -> list[FusionTuning]:
    """The tuning in force for each language that has one."""
    return list(session.scalars(select(FusionTuning).where(FusionTuning.status == "active")
                                .order_by(FusionTuning.language)))


def apply_tuning(*, session: Session, language: str, fusion: dict, replaced: dict, figures: dict,
                 run_id: int | None) -> FusionTuning:
    """The new tuning in force for `language`; the one it replaces stays below it on the stack."""
    for row in session.scalars(select(FusionTuning).where(FusionTuning.language == language,
                                                          FusionTuning.status == "active")):
        row.status = "replaced"
    row = FusionTuning(language=language, fusion=fusion, replaced=replaced, figures=figures, run_id=run_id,
                       status="active")
    session.add(row)
    session.flush()
    return row


def revert_tuning(*, session: Session, language: str) -> FusionTuning | None:
    """Take back the tuning in force for `language`: the one it replaced is in force again (or the settings).
    Returns the reverted row, or None when the language has none."""
    current = session.scalars(select(FusionTuning).where(FusionTuning.language == language,
                                                         FusionTuning.status == "active")).first()
    if current is None:
        return None
    current.status, current.reverted_at = "reverted", utcnow()
    earlier = session.scalars(select(FusionTuning).where(FusionTuning.language == language,
                                                         FusionTuning.status == "replaced",
                                                         FusionTuning.id < current.id)
                              .order_by(FusionTuning.id.desc())).first()
    if earlier is not None:
        earlier.status = "active"
    session.flush()
    return current


def tuning_history(*, session: Session) -> list[FusionTuning]:
    return list(session.scalars(select(FusionTuning).order_by(FusionTuning.id)))
