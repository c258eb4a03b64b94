from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import answer.store  # noqa: F401  (registers its tables)
import core.audit  # noqa: F401
import eval.store  # noqa: F401
import feedback.store  # noqa: F401
import ingest.jobs  # noqa: F401
import ingest.store  # noqa: F401
import retrieval.store  # noqa: F401
import web.pending  # noqa: F401
import web.store  # noqa: F401
from core.db import MIGRATIONS_DIR, Base, make_engine, migrate


def test_migrations_create_exactly_the_declared_schema(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    assert {"documents", "document_versions", "vector_collections", "answers", "ratings", "golden_items",
            "eval_runs", "eval_results"} <= set(
        inspect(engine).get_table_names())
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config).get_current_head()
