"""Questions posted from the chat page and waiting for their answer stream (the page opens an EventSource on
`/chat/stream/{key}` right after posting). Kept in the database, so the stream may be opened on any replica."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, Text, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime, utcnow

PENDING_TTL = timedelta(seconds=120)


class PendingRow(Base):
    __tablename__ = "pending_questions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    question: Mapped[str] = mapped_column(Text)
    collection: Mapped[str | None] = mapped_column(String(200), nullable=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


@dataclass(frozen=True)
class PendingQuestion:
    owner: str  # the principal's name: only the one who asked may open the stream
    question: str
    collection: str | None
    conversation_id: str | None


class PendingQuestions:
    def __init__(self, unit_of_work: Callable[[], AbstractContextManager[Session]], *, ttl: timedelta = PENDING_TTL):
        self.unit_of_work, self.ttl = unit_of_work, ttl  # `Runtime.session`

    def add(self, item: PendingQuestion) -> str:
        key = secrets.token_urlsafe(16)
        with self.unit_of_work() as session:
            session.execute(delete(PendingRow).where(PendingRow.created_at < utcnow() - self.ttl))
            session.add(PendingRow(key=key, owner=item.owner, question=item.question, collection=item.collection,
                                   conversation_id=item.conversation_id))
        return key

    def take(self, key: str, *, owner: str) -> PendingQuestion | None:
        """The question, once (taken and deleted in one statement, so two replicas cannot both take it); someone
        else's key or an expired one gives None."""
        with self.unit_of_work() as session:
            row = session.execute(
                delete(PendingRow).where(PendingRow.key == key, PendingRow.owner == owner,
                                         PendingRow.created_at >= utcnow() - self.ttl)
                .returning(PendingRow.owner, PendingRow.question, PendingRow.collection,
                           PendingRow.conversation_id)).first()
        return PendingQuestion(*row) if row else None
