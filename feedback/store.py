"""Answers (with full provenance) and the ratings users give them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, delete, func,
                        select, update)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JsonColumn, UtcDateTime, utcnow


class AnswerRecord(Base):
    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_asked_by_created_at", "asked_by", "created_at"),)  # a person's conversations

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JsonColumn, default=list)
    retrieved: Mapped[list] = mapped_column(JsonColumn, default=list)
    confidence: Mapped[float] = mapped_column(Float)
    refused: Mapped[bool] = mapped_column(Boolean)
    collection: Mapped[str] = mapped_column(String(200))
    prompt_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    prompt_version: Mapped[str] = mapped_column(String(100))
    supported_share: Mapped[float | None] = mapped_column(Float, nullable=True)
    generation: Mapped[dict | None] = mapped_column(JsonColumn, nullable=True)  # attempts, guards, checks
    generator: Mapped[str] = mapped_column(String(100))
    embedder: Mapped[str] = mapped_column(String(300))
    latency_ms: Mapped[float] = mapped_column(Float)
    trace_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    asked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    search_query: Mapped[str | None] = mapped_column(Text, nullable=True)
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)  # the paid model that wrote it, if any
    prompt_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    completion_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost_usd: Mapped[float | None] = mapped_column(Float, nullable=True)  # None: the model has no price
    ab_arm: Mapped[str | None] = mapped_column(String(120), nullable=True)  # "test-name:A" while a test runs
    golden_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # a reviewed answer served
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("answer_id", "rater", name="uq_ratings_answer_rater"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    answer_id: Mapped[str] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), index=True)
    rater: Mapped[str] = mapped_column(String(200), default="anonymous")
    rating: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str | None] = mapped_column(String(100), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class AlertState(Base):
    """Whether a rule's alert is firing, shared by every replica so that one crossing is posted once."""

    __tablename__ = "alert_states"

    rule: Mapped[str] = mapped_column(String(50), primary_key=True)
    firing: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


def firing_alerts(*, session: Session) -> set[str]:
    return set(session.scalars(select(AlertState.rule).where(AlertState.firing.is_(True))))


def switch_alert(*, session: Session, rule: str, firing: bool) -> bool:
    """Set a rule's alert on or off. True only for the caller that changed it: of replicas that see the same
    crossing at once, the conditional update lets exactly one through (it posts; the others stay quiet)."""
    if session.get(AlertState, rule) is None:
        try:
            with session.begin_nested():
                session.add(AlertState(rule=rule, firing=False))
        except IntegrityError:
            pass  # another replica added it first
    changed = session.execute(update(AlertState).where(AlertState.rule == rule, AlertState.firing.is_not(firing))
                              .values(firing=firing, changed_at=utcnow()))
    return changed.rowcount == 1


def create_answer(*, session: Session, **fields) -> AnswerRecord:
    row = AnswerRecord(**fields)
    session.add(row)
    session.flush()
    return row


def get_answer(*, session: Session, answer_id: str) -> AnswerRecord | None:
    return session.get(AnswerRecord, answer_id)


def upsert_rating(*, session: Session, answer_id: str, rater: str, rating: str, reason: str | None,
                  comment: str | None) -> Rating:
    """One rating per rater and answer: a second one replaces the first."""
    row = session.scalars(select(Rating).where(Rating.answer_id == answer_id, Rating.rater == rater)).first()
    if row is None:
        row = Rating(answer_id=answer_id, rater=rater)
        session.add(row)
    row.rating, row.reason, row.comment = rating, reason, comment
    row.updated_at = utcnow()
    session.flush()
    return row


def rating_by(*, session: Session, answer_id: str, rater: str) -> Rating | None:
    return session.scalars(select(Rating).where(Rating.answer_id == answer_id, Rating.rater == rater)).first()


def ratings_for(*, session: Session, answer_id: str) -> list[Rating]:
    return list(session.scalars(select(Rating).where(Rating.answer_id == answer_id).order_by(Rating.id)))


def disliked_since(*, session: Session, since: datetime | None) -> list[tuple[AnswerRecord, Rating]]:
    """Thumbs-down ratings given (or changed) after `since`, oldest first, with their answers."""
    query = (select(AnswerRecord, Rating).join(Rating, Rating.answer_id == AnswerRecord.id)
             .where(Rating.rating == "down").order_by(Rating.updated_at))
    if since is not None:
        query = query.where(Rating.updated_at > since)
    return [(answer, rating) for answer, rating in session.execute(query)]


def served_disliked(*, session: Session, golden_id: int, since: datetime | None = None) -> list[Rating]:
    """Thumbs-down ratings (given or changed after `since`) of answers served from the reviewed golden item."""
    query = (select(Rating).join(AnswerRecord, Rating.answer_id == AnswerRecord.id)
             .where(AnswerRecord.golden_id == golden_id, Rating.rating == "down").order_by(Rating.updated_at))
    if since is not None:
        query = query.where(Rating.updated_at > since)
    return list(session.scalars(query))


def conversation_queries(*, session: Session, conversation_id: str, asked_by: str, limit: int = 3) -> list[str]:
    """The standalone queries of a conversation's latest answers, oldest first."""
    query = (select(AnswerRecord.search_query, AnswerRecord.question)
             .where(AnswerRecord.conversation_id == conversation_id, AnswerRecord.asked_by == asked_by)
             .order_by(AnswerRecord.created_at.desc()).limit(limit))
    return [search or question for search, question in reversed(session.execute(query).all())]


@dataclass(frozen=True)
class Conversation:
    """One of a person's conversations, as the side panel lists it."""

    id: str
    title: str  # its first question
    questions: int
    last_at: datetime


def conversations_of(*, session: Session, asked_by: str, limit: int = 50,
                     untitled: tuple[str, ...] = ()) -> list[Conversation]:
    """The conversations `asked_by` started, the latest first, each titled by its first question; not by one whose
    answer's generator is `untitled` (a greeting: "hi" names no conversation), unless it holds no other."""
    rows = session.execute(select(AnswerRecord.conversation_id, func.count(), func.max(AnswerRecord.created_at))
                           .where(AnswerRecord.asked_by == asked_by, AnswerRecord.conversation_id.is_not(None))
                           .group_by(AnswerRecord.conversation_id)
                           .order_by(func.max(AnswerRecord.created_at).desc()).limit(limit)).all()
    firsts: dict[str, str] = {}
    titled: set[str] = set()  # conversations with a question that titles them
    for conversation, question, generator in session.execute(
            select(AnswerRecord.conversation_id, AnswerRecord.question, AnswerRecord.generator)
            .where(AnswerRecord.asked_by == asked_by, AnswerRecord.conversation_id.in_([r[0] for r in rows]))
            .order_by(AnswerRecord.created_at.desc())):
        if generator not in untitled:
            firsts[conversation] = question  # the oldest comes last and stays
            titled.add(conversation)
        elif conversation not in titled:
            firsts[conversation] = question
    return [Conversation(c, firsts.get(c, ""), count, last) for c, count, last in rows]


def conversation_answers(*, session: Session, conversation_id: str, asked_by: str) -> list[AnswerRecord]:
    """A conversation's answers, oldest first; only its own asker's (an id alone opens nothing)."""
    return list(session.scalars(select(AnswerRecord).where(AnswerRecord.conversation_id == conversation_id,
                                                           AnswerRecord.asked_by == asked_by)
                                .order_by(AnswerRecord.created_at, AnswerRecord.id)))


def ratings_by(*, session: Session, answer_ids: list[str], rater: str) -> dict[str, Rating]:
    if not answer_ids:
        return {}
    return {r.answer_id: r for r in session.scalars(select(Rating).where(Rating.answer_id.in_(answer_ids),
                                                                         Rating.rater == rater))}


def delete_conversation(*, session: Session, conversation_id: str, asked_by: str) -> int:
    """Delete a conversation's answers and their ratings; how many answers went."""
    ids = select(AnswerRecord.id).where(AnswerRecord.conversation_id == conversation_id,
                                        AnswerRecord.asked_by == asked_by)
    session.execute(delete(Rating).where(Rating.answer_id.in_(ids)))
    return session.execute(delete(AnswerRecord).where(AnswerRecord.conversation_id == conversation_id,
                                                      AnswerRecord.asked_by == asked_by)).rowcount


def review_queue(*, session: Session, rating: str | None = None, reason: str | None = None,
                 min_confidence: float | None = None, max_confidence: float | None = None,
                 since: datetime | None = None, until: datetime | None = None, collection: str | None = None,
                 hidden_collections: frozenset[str] = frozenset(),
                 limit: int = 200) -> list[tuple[AnswerRecord, Rating | None]]:
    """Answers with their ratings, newest first. `rating`: up, down, unrated, or None for rated ones of either;
    none from `hidden_collections` (those the reviewer may not read)."""
    query = select(AnswerRecord, Rating).outerjoin(Rating, Rating.answer_id == AnswerRecord.id)
    if rating == "unrated":
        query = query.where(Rating.id.is_(None))
    elif rating in ("up", "down"):
        query = query.where(Rating.rating == rating)
    else:
        query = query.where(Rating.id.is_not(None))
    conditions = [
        (reason, lambda: Rating.reason == reason),
        (min_confidence is not None, lambda: AnswerRecord.confidence >= min_confidence),
        (max_confidence is not None, lambda: AnswerRecord.confidence <= max_confidence),
        (since, lambda: AnswerRecord.created_at >= since),
        (until, lambda: AnswerRecord.created_at < until),
        (collection, lambda: AnswerRecord.collection == collection),
        (hidden_collections, lambda: AnswerRecord.collection.not_in(hidden_collections)),
    ]
    for wanted, condition in conditions:
        if wanted:
            query = query.where(condition())
    query = query.order_by(AnswerRecord.created_at.desc(), Rating.id).limit(limit)
    return [(answer, rating_row) for answer, rating_row in session.execute(query)]


def collections(*, session: Session) -> list[str]:
    return list(session.scalars(select(AnswerRecord.collection).distinct().order_by(AnswerRecord.collection)))


def answers_since(*, session: Session, since: datetime) -> list[AnswerRecord]:
    """Answers given after `since`, oldest first (for the monitoring page and alerts)."""
    return list(session.scalars(select(AnswerRecord).where(AnswerRecord.created_at >= since)
                                .order_by(AnswerRecord.created_at)))


def rating_counts(*, session: Session, since: datetime) -> dict[str, dict[str, int]]:
    """Per answer id given after `since`: how many up and down ratings it has."""
    rows = session.execute(select(Rating.answer_id, Rating.rating, func.count())
                           .join(AnswerRecord, AnswerRecord.id == Rating.answer_id)
                           .where(AnswerRecord.created_at >= since).group_by(Rating.answer_id, Rating.rating))
    counts: dict[str, dict[str, int]] = {}
    for answer_id, rating, count in rows:
        counts.setdefault(answer_id, {})[rating] = count
    return counts


def rated_answers(*, session: Session, generators: tuple[str, ...] | None = None) -> list[tuple[AnswerRecord, Rating]]:
    """Every rating with its answer, oldest first; `generators`: only answers written by these."""
    query = select(AnswerRecord, Rating).join(Rating, Rating.answer_id == AnswerRecord.id).order_by(Rating.id)
    if generators:
        query = query.where(AnswerRecord.generator.in_(generators))
    return [(answer, rating) for answer, rating in session.execute(query)]
