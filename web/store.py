"""Users, their roles and their API tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.db import Base, UtcDateTime, utcnow

TOKEN_USE_RESOLUTION = timedelta(minutes=1)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised when the password changes or the user is signed out everywhere: older session cookies stop working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the token itself is never kept
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class RestrictedCollection(Base):
    """A collection only the users granted it (and admins) may read; any other is open to every signed-in user."""

    __tablename__ = "restricted_collections"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    restricted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class CollectionGrant(Base):
    __tablename__ = "collection_grants"
    __table_args__ = (UniqueConstraint("user_id", "collection", name="uq_collection_grants_user_collection"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    collection: Mapped[str] = mapped_column(String(200))
    can_write: Mapped[bool] = mapped_column(Boolean, default=False)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class RevokedSession(Base):
    """A signed-out session: its cookie is refused until it would have expired anyway."""

    __tablename__ = "revoked_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class LoginFailure(Base):
    """A failed sign-in: counted per name and address, and per address, over the throttling window."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)


def get_user(*, session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).first()


def get_user_by_id(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def has_users(*, session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def save_user(*, session: Session, name: str, role: str, password_hash: str | None) -> User:
    """Create the user, or give an existing one the new role and password (signing out its sessions)."""
    row = get_user(session=session, name=name)
    if row is None:
        row = User(name=name, session_epoch=0, disabled=False)
        session.add(row)
    elif password_hash is not None:
        row.session_epoch += 1
    row.role = role
    if password_hash is not None:
        row.password_hash = password_hash
    session.flush()
    return row


def add_token(*, session: Session, user_id: int, token_hash: str) -> ApiToken:
    row = ApiToken(user_id=user_id, token_hash=token_hash)
    session.add(row)
    session.flush()
    return row


def user_for_token(*, session: Session, token_hash: str) -> User | None:
    """The token's user. When the token was last used is kept to the minute: a request writes it at most once a
    minute per token, so asking in a loop does not turn every request into a write."""
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash)).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return session.get(User, row.user_id)


def restricted_collections(*, session: Session) -> set[str]:
    return set(session.scalars(select(RestrictedCollection.name)))


def set_restricted(*, session: Session, name: str, restricted: bool) -> None:
    row = session.get(RestrictedCollection, name)
    if restricted and row is None:
        session.add(RestrictedCollection(name=name))
    elif not restricted and row is not None:
        session.delete(row)
    session.flush()


def grants_of(*, session: Session, user_id: int) -> list[CollectionGrant]:
    return list(session.scalars(select(CollectionGrant).where(CollectionGrant.user_id == user_id)
                                .order_by(CollectionGrant.collection)))


def all_grants(*, session: Session) -> list[tuple[str, CollectionGrant]]:
    """Every grant with its user's name, by user and collection."""
    query = (select(User.name, CollectionGrant).join(User, User.id == CollectionGrant.user_id)
             .order_by(User.name, CollectionGrant.collection))
    return [(name, grant) for name, grant in session.execute(query)]


def save_grant(*, session: Session, user_id: int, collection: str, can_write: bool) -> CollectionGrant:
    row = session.scalars(select(CollectionGrant).where(CollectionGrant.user_id == user_id,
                                                        CollectionGrant.collection == collection)).first()
    if row is None:
        row = CollectionGrant(user_id=user_id, collection=collection)
        session.add(row)
    row.can_write = can_write
    session.flush()
    return row


def delete_grant(*, session: Session, user_id: int, collection: str) -> bool:
    gone = session.execute(delete(CollectionGrant).where(CollectionGrant.user_id == user_id,
                                                         CollectionGrant.collection == collection))
    return bool(gone.rowcount)


def revoke_session(*, session: Session, session_id: str, expires_at: datetime) -> None:
    session.execute(delete(RevokedSession).where(RevokedSession.expires_at < utcnow()))
    if session.get(RevokedSession, session_id) is None:
        session.add(RevokedSession(id=session_id, expires_at=expires_at))
    session.flush()


def session_revoked(*, session: Session, session_id: str) -> bool:
    return session.get(RevokedSession, session_id) is not None


def set_disabled(*, session: Session, name: str, disabled: bool) -> User | None:
    """Disable (or enable) a user: a disabled one cannot sign in, and its sessions and tokens stop working."""
    user = get_user(session=session, name=name)
    if user is not None:
        user.disabled = disabled
        user.session_epoch += 1
        session.flush()
    return user


def delete_user(*, session: Session, name: str) -> bool:
    user = get_user(session=session, name=name)
    if user is None:
        return False
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.execute(delete(CollectionGrant).where(CollectionGrant.user_id == user.id))
    session.delete(user)
    session.flush()
    return True


def delete_tokens(*, session: Session, user_id: int) -> int:
    return session.execute(delete(ApiToken).where(ApiToken.user_id == user_id)).rowcount


def recent_failures(*, session: Session, name: str, address: str, since: datetime) -> tuple[int, int]:
    """Failed sign-ins since then: for this name from this address, and from this address for any name."""
    recent = select(func.count()).select_from(LoginFailure).where(LoginFailure.address == address[:100],
                                                                   LoginFailure.at >= since)
    by_name = session.scalar(recent.where(LoginFailure.name == name[:200]))
    return int(by_name or 0), int(session.scalar(recent) or 0)


def add_failure(*, session: Session, name: str, address: str, older_than: datetime) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.at < older_than))
    session.add(LoginFailure(name=name[:200], address=address[:100]))
    session.flush()


def clear_failures(*, session: Session, name: str, address: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.name == name[:200], LoginFailure.address == address[:100]))
