"""Database engine, sessions and migrations (SQLite by default, Postgres in production).

Tables are declared by the stage that owns them (`ingest/store.py`, `feedback/store.py`, `eval/store.py`) on the
shared `Base`; the schema itself is created only by Alembic migrations (`core/migrations`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import JSON, DateTime, Engine, TypeDecorator, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

if TYPE_CHECKING:
    from core.settings import Settings

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# JSONB on Postgres, JSON text elsewhere.
JsonColumn = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """A time read back without its zone (SQLite keeps none) as the UTC time it was stored as."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class UtcDateTime(TypeDecorator):
    """Timezone-aware timestamps on every backend (SQLite drops the zone; put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


def make_engine(url: str, *, pool_size: int = 20, timeout_s: float = 10.0) -> Engine:
    """SQLite: WAL (readers never wait for the writer), and every transaction takes the writer lock when it begins
    (`BEGIN IMMEDIATE`), waiting up to `timeout_s` for it, so two read-then-write transactions never deadlock
    into "database is locked". Postgres: a pool of `pool_size` connections (and as many again in a burst); a
    request that waits `timeout_s` for one gets a 503 (`unavailable`), not a hang."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout_s},
                               pool_size=pool_size, max_overflow=pool_size, pool_timeout=timeout_s)
        event.listen(engine, "connect", lambda connection, _record: _sqlite_pragmas(connection, timeout_s))
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size,
                         pool_timeout=timeout_s)


def _sqlite_pragmas(dbapi_connection, timeout_s: float) -> None:
    dbapi_connection.isolation_level = None  # the driver's own BEGIN is off: the "begin" event emits ours
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
    cursor.close()


SessionFactory = sessionmaker[Session]  # what makes a unit of work: `with session_scope(factory) as session`


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: SessionFactory) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(settings: Settings) -> tuple[Engine, SessionFactory]:
    """Engine and session factory for the configured database, migrated to the newest schema."""
    engine = make_engine(settings.sqlalchemy_url, pool_size=settings.db_pool_size,
                         timeout_s=settings.db_pool_timeout_s)
    migrate(engine)
    return engine, make_session_factory(engine)
