"""The audit log: an append-only record of who did what to what, and when.

Recorded by the entry points that know who is acting (the routes and the commands): failed sign-ins and lockouts,
uploads, deletes, re-ingests and prunes, promotions to the golden set and golden-set edits, and changes to users,
roles, grants and collection access. Details never hold a secret (no password, token or key is passed in).
`ragloop audit` and `/admin/audit` read it; nothing updates or deletes a row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, JsonColumn, UtcDateTime, utcnow

COMMAND = "command"  # the actor of a `ragloop` command run on the server's machine


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50), index=True)
    target: Mapped[str] = mapped_column(String(2000))
    details: Mapped[dict] = mapped_column(JsonColumn, default=dict)


def record(*, session: Session, actor: str, action: str, target: str, **details) -> None:
    session.add(AuditEvent(actor=actor[:200], action=action, target=target[:2000], details=details))
    session.flush()


def events(*, session: Session, since: datetime | None = None, limit: int = 1000) -> list[AuditEvent]:
    """The newest first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    return list(session.scalars(query))
