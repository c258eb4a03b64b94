"""Alembic environment: runs on the connection `core.db.migrate` hands over (or the URL in settings)."""

from alembic import context
from sqlalchemy import engine_from_config, pool

connection = context.config.attributes.get("connection")


def run_on(conn) -> None:
    context.configure(connection=conn, render_as_batch=conn.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run_on(connection)
else:
    from core.settings import Settings

    url = Settings().sqlalchemy_url
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        run_on(conn)
        conn.commit()
