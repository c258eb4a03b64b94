"""Prompt versions kept in the database (when Langfuse does not manage prompts): each edit a new version, with who
made it and why; a label (`production`, `staging`, ...) sits on one version of a prompt at a time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JsonColumn, UtcDateTime, utcnow
from core.errors import ErrorCode, RagloopError


class PromptVersion(Base):
    __tablename__ = "prompt_versions"
    __table_args__ = (UniqueConstraint("name", "version", name="uq_prompt_versions_name_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int] = mapped_column(Integer)
    messages: Mapped[list] = mapped_column(JsonColumn)  # [{"role", "content"}]
    labels: Mapped[list] = mapped_column(JsonColumn, default=list)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it changed
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


def prompt_versions(*, session: Session, name: str) -> list[PromptVersion]:
    """Every stored version of a prompt, the newest first."""
    return list(session.scalars(select(PromptVersion).where(PromptVersion.name == name)
                                .order_by(PromptVersion.version.desc())))


def get_prompt_version(*, session: Session, name: str, version: int) -> PromptVersion | None:
    return session.scalars(select(PromptVersion).where(PromptVersion.name == name,
                                                       PromptVersion.version == version)).first()


def add_prompt_version(*, session: Session, name: str, messages: list[dict], created_by: str, note: str | None,
                       after: int) -> PromptVersion:
    """A new version, numbered after the stored ones and `after` (the repository's version)."""
    latest = session.scalar(select(func.max(PromptVersion.version)).where(PromptVersion.name == name)) or 0
    row = PromptVersion(name=name, version=max(latest, after) + 1, messages=messages, labels=[], note=note,
                        created_by=created_by)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # someone saved the same number a moment earlier
        raise RagloopError(ErrorCode.CONFLICT, "another version was saved at the same moment: save again") from None
    return row


def move_label(*, session: Session, name: str, version: int, label: str) -> None:
    """Put `label` on this version, taking it off any other version of the prompt."""
    for row in prompt_versions(session=session, name=name):
        wanted = row.version == version
        if wanted != (label in (row.labels or [])):
            row.labels = [*(row.labels or []), label] if wanted else [x for x in row.labels if x != label]
    session.flush()


def labelled(*, session: Session, name: str, label: str) -> PromptVersion | None:
    return next((row for row in prompt_versions(session=session, name=name) if label in (row.labels or [])), None)
