from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import eval.store  # noqa: F401  (registers its tables)
import feedback.store  # noqa: F401
import ingest.store  # noqa: F401
from core.db import Base, make_engine, migrate


def test_migrations_create_exactly_the_declared_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    assert {"documents", "answers", "ratings", "golden_items", "eval_runs", "eval_results"} <= set(
        inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0001"
