"""Golden set items, evaluation runs and their per-item results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, select, true
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JsonColumn, UtcDateTime, utcnow


class GoldenItem(Base):
    __tablename__ = "golden_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)
    question_key: Mapped[str] = mapped_column(String(500), unique=True)
    reference_answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    reference_documents: Mapped[list] = mapped_column(JsonColumn, default=list)
    answerable: Mapped[bool] = mapped_column(Boolean, default=True)
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    source_answer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    language: Mapped[str | None] = mapped_column(String(10), nullable=True)
    tags: Mapped[list | None] = mapped_column(JsonColumn, nullable=True)
    # Thumbs-down answers this item was mined from or linked to: [{answer_id, answer, reason, comment, rater}].
    feedback: Mapped[list | None] = mapped_column(JsonColumn, nullable=True)
    stale_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # set when a reference changed
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # The collection its question was asked of; None: the default collection (items imported from a file).
    collection: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # Whether its reference answer is served to questions that mean the same (`eval.reviewed`); agents turn it off.
    serve: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class EvalRun(Base):
    __tablename__ = "eval_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    items: Mapped[int] = mapped_column(Integer, default=0)
    mined: Mapped[int] = mapped_column(Integer, default=0)
    metrics: Mapped[dict] = mapped_column(JsonColumn, default=dict)
    deltas: Mapped[dict] = mapped_column(JsonColumn, default=dict)
    regressions: Mapped[list] = mapped_column(JsonColumn, default=list)
    config: Mapped[dict] = mapped_column(JsonColumn, default=dict)
    report_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="complete")  # complete | partial | empty
    problems: Mapped[list | None] = mapped_column(JsonColumn, nullable=True)  # what could not be computed
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)  # the baseline every run is also compared with
    # The gate's findings: [{metric, against, change, items: [{question, before, after}]}]
    gate: Mapped[list | None] = mapped_column(JsonColumn, nullable=True)


class EvalResult(Base):
    __tablename__ = "eval_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("eval_runs.id", ondelete="CASCADE"), index=True)
    golden_item_id: Mapped[int] = mapped_column(ForeignKey("golden_items.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column(Boolean)
    retrieved_documents: Mapped[list] = mapped_column(JsonColumn, default=list)
    metrics: Mapped[dict] = mapped_column(JsonColumn, default=dict)
    latency_ms: Mapped[float] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class ContentGap(Base):
    """A question users asked that the knowledge base has no document for ("the document is missing")."""

    __tablename__ = "content_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question: Mapped[str] = mapped_column(Text)
    answer_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    run_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    collection: Mapped[str | None] = mapped_column(String(200), nullable=True)  # None: the default collection
    question_key: Mapped[str | None] = mapped_column(String(500), nullable=True, index=True)  # `question_key`
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # how many times it was asked
    answer_ids: Mapped[list | None] = mapped_column(JsonColumn, nullable=True)  # the answers it was asked in


@dataclass(frozen=True)
class Hidden:
    """The collections a reader may not read, and the name of the default collection (where an item without a
    collection of its own belongs)."""

    collections: frozenset[str]
    default_collection: str

    def hides(self, item: GoldenItem | ContentGap) -> bool:
        return (item.collection or self.default_collection) in self.collections


def question_key(question: str) -> str:
    """The form two questions share when they are the same question typed differently."""
    return " ".join(question.casefold().split()).strip(" ?.!")[:500]


def find_golden(*, session: Session, question: str) -> GoldenItem | None:
    return session.scalars(select(GoldenItem).where(GoldenItem.question_key == question_key(question))).first()


def add_golden(*, session: Session, question: str, reference_answer: str | None, reference_documents: list[str],
               answerable: bool, origin: str, status: str, source_answer_id: str | None = None,
               language: str | None = None, tags: list[str] | None = None,
               feedback: list[dict] | None = None, collection: str | None = None,
               reviewed_by: str | None = None) -> GoldenItem | None:
    """Add an item unless the same question is already there (then None)."""
    if find_golden(session=session, question=question) is not None:
        return None
    row = GoldenItem(question=question, question_key=question_key(question), reference_answer=reference_answer,
                     reference_documents=reference_documents, answerable=answerable, origin=origin,
                     status=status, source_answer_id=source_answer_id, language=language, tags=tags or [],
                     feedback=feedback or [], reviewed_at=utcnow() if status == "approved" else None,
                     collection=collection, reviewed_by=reviewed_by if status == "approved" else None)
    session.add(row)
    session.flush()
    return row


def list_golden(*, session: Session, status: str | None = None, origin: str | None = None,
                hidden: Hidden | None = None) -> list[GoldenItem]:
    """`hidden`: leave out the items of the collections the reader may not read."""
    query = select(GoldenItem).order_by(GoldenItem.id)
    if status:
        query = query.where(GoldenItem.status == status)
    if origin:
        query = query.where(GoldenItem.origin == origin)
    return [item for item in session.scalars(query) if not (hidden and hidden.hides(item))]


def get_golden(*, session: Session, item_id: int, hidden: Hidden | None = None) -> GoldenItem | None:
    item = session.get(GoldenItem, item_id)
    return None if item is None or (hidden and hidden.hides(item)) else item


def last_run(*, session: Session) -> EvalRun | None:
    """The newest complete run: the one the next run is compared with."""
    return session.scalars(select(EvalRun).where(EvalRun.finished_at.is_not(None), EvalRun.status == "complete")
                           .order_by(EvalRun.id.desc())).first()


def pinned_run(*, session: Session) -> EvalRun | None:
    return session.scalars(select(EvalRun).where(EvalRun.pinned.is_(True)).order_by(EvalRun.id.desc())).first()


def pin_run(*, session: Session, run_id: int) -> EvalRun | None:
    """Make this run the baseline (only one is pinned at a time)."""
    run = session.get(EvalRun, run_id)
    if run is None:
        return None
    for other in session.scalars(select(EvalRun).where(EvalRun.pinned.is_(True))):
        other.pinned = False
    run.pinned = True
    session.flush()
    return run


def get_run(*, session: Session, run_id: int) -> EvalRun | None:
    return session.get(EvalRun, run_id)


def _gap_for(*, session: Session, question: str, collection: str | None) -> ContentGap | None:
    return session.scalars(select(ContentGap).where(ContentGap.question_key == question_key(question),
                                                    ContentGap.collection.is_(None) if collection is None
                                                    else ContentGap.collection == collection)).first()


def add_content_gap(*, session: Session, question: str, answer_id: str | None, comment: str | None,
                    run_id: int | None = None, collection: str | None = None) -> ContentGap | None:
    """A gap for this question, or one more asking of the gap the same question has (then None, as when this
    answer was counted already)."""
    gap = _gap_for(session=session, question=question, collection=collection)
    if gap is not None:
        if answer_id and answer_id not in (gap.answer_ids or []):
            gap.answer_ids, gap.count = [*(gap.answer_ids or []), answer_id], gap.count + 1
            gap.comment = gap.comment or comment
        session.flush()
        return None
    row = ContentGap(question=question, question_key=question_key(question), answer_id=answer_id, comment=comment,
                     run_id=run_id, collection=collection, count=1, answer_ids=[answer_id] if answer_id else [])
    session.add(row)
    session.flush()
    return row


def count_content_gap(*, session: Session, question: str, count: int, collection: str | None,
                      run_id: int | None, comment: str) -> ContentGap:
    """A gap for a question refused `count` times in a period (the count of a gap it has already is raised to it,
    not added to, since periods overlap)."""
    gap = _gap_for(session=session, question=question, collection=collection)
    if gap is None:
        gap = ContentGap(question=question, question_key=question_key(question), comment=comment, run_id=run_id,
                         collection=collection, count=count, answer_ids=[])
        session.add(gap)
    else:
        gap.count = max(gap.count, count)
    session.flush()
    return gap


def content_gaps(*, session: Session, limit: int = 200, hidden: Hidden | None = None) -> list[ContentGap]:
    """The newest gaps; `hidden`: leave out those of the collections the reader may not read."""
    gaps = session.scalars(select(ContentGap).order_by(ContentGap.count.desc(), ContentGap.id.desc()))
    return [gap for gap in gaps if not (hidden and hidden.hides(gap))][:limit]


def list_runs(*, session: Session) -> list[EvalRun]:
    return list(session.scalars(select(EvalRun).where(EvalRun.finished_at.is_not(None)).order_by(EvalRun.id)))


def save_run(*, session: Session, run: EvalRun, results: list[EvalResult]) -> EvalRun:
    session.add(run)
    session.flush()
    for result in results:
        result.run_id = run.id
        session.add(result)
    session.flush()
    return run


def results_for(*, session: Session, run_id: int) -> list[EvalResult]:
    return list(session.scalars(select(EvalResult).where(EvalResult.run_id == run_id).order_by(EvalResult.id)))
