"""Shared fixtures: real embedder, real vector stores (embedded engine and the client API), real databases."""

from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")
# One folder for the ONNX export of the test model, shared by every test and the processes they start.
os.environ.setdefault("RAGLOOP_MODEL_CACHE_DIR", tempfile.mkdtemp(prefix="ragloop-models-"))

from core.settings import Settings  # noqa: E402

POSTGRES_URL = os.environ.get("RAGLOOP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")

GUIDE = {
    "kb/billing.md": "# Billing\n\nInvoices are sent on the first day of every month by e-mail. "
                     "You can pay an invoice by credit card or by bank transfer within 30 days. "
                     "Refunds are processed within five business days after approval.\n",
    "kb/install.md": "# Installing the agent\n\nThe agent runs on Linux and Windows. "
                     "Install it with the package manager of your distribution. "
                     "The agent listens on port 7311 and reports to the server every minute.\n",
    "kb/security.md": "# Security\n\nAll traffic is encrypted with TLS 1.3. Passwords are hashed with argon2. "
                      "Administrators can enforce two-factor authentication for every account.\n",
}


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def embedder():
    """The default embedder as the application builds it (ONNX Runtime on this CPU)."""
    from core.embeddings import build_embedder

    return build_embedder(Settings(_env_file=None))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path / "data")


def write_corpus(folder: Path) -> Path:
    """The small knowledge base, written under `folder`: folder/kb/*.md."""
    for relative, text in GUIDE.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / "kb"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A small knowledge base folder, written by the test run: tmp/kb/*.md."""
    return write_corpus(tmp_path)


@pytest.fixture(scope="session")
def qdrant_standin(tmp_path_factory):
    """A process speaking Qdrant's REST protocol (tests/qdrant_standin.py), shared by the session's tests."""
    from tests.qdrant_standin import StandIn

    folder = tmp_path_factory.mktemp("qdrant-standin")
    running = StandIn(folder / "points", folder / "standin.log")
    yield running
    running.stop()


def open_test_index(kind: str, request, tmp_path, embedder):
    """An index of one kind: the embedded engine, the server client API (qdrant-client's local mode), or Qdrant's
    REST protocol (the stand-in server process)."""
    from qdrant_client import QdrantClient

    from retrieval.server import QdrantServerIndex

    if kind == "edge":
        from retrieval.edge import EdgeIndex

        return EdgeIndex(tmp_path / "qdrant", dimension=embedder.dimension)
    if kind == "server":
        return QdrantServerIndex(QdrantClient(location=":memory:"), collection="chunks", dimension=embedder.dimension)
    standin = request.getfixturevalue("qdrant_standin")
    return QdrantServerIndex(QdrantClient(url=standin.url, timeout=30), collection=f"c{uuid.uuid4().hex[:12]}",
                             dimension=embedder.dimension, url=standin.url)


def pytest_collection_modifyitems(config, items):
    """A module whose subject is not the vector store (a generator, the loop, alerts) runs its tests on the embedded
    engine only, when it says so with `INDEX_ENGINES = ("edge",)`: running each of them on the server client API
    too doubled their time and tested the store's contract, which tests/unit/test_index.py tests on every engine."""
    kept, dropped = [], []
    for item in items:
        engines = getattr(item.module, "INDEX_ENGINES", None)
        engine = item.callspec.params.get("index") if hasattr(item, "callspec") else None
        (dropped if engines and engine and engine not in engines else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(params=["edge", "server"])
def index(request, tmp_path, embedder):
    """The same tests run on the embedded engine and on the server client API (the index contract tests also over
    Qdrant's REST protocol: tests/unit/test_index.py)."""
    idx = open_test_index(request.param, request, tmp_path, embedder)
    yield idx
    idx.close()


def postgres_schema_url() -> tuple[str, str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, or a schema of its own on the Postgres server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    from sqlalchemy import create_engine, text

    url, schema = postgres_schema_url()
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield url
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def session_factory(settings):
    """Sessions on the test's own SQLite file (the one `settings` names, so a `runtime` shares it)."""
    from core.runtime import Runtime

    built = Runtime(settings)
    yield built.session_factory
    built.close()


@pytest.fixture
def runtime(settings, embedder, index):
    """The application's runtime over the shared embedder and the `index` under test."""
    from core.runtime import Runtime

    built = Runtime(settings, embedder=embedder, index=index)
    yield built
    built.close()


@pytest.fixture
def pipeline(runtime):
    return runtime.pipeline


@pytest.fixture
def answers(runtime):
    return runtime.answers


def written(folder: Path, documents: dict[str, str]) -> Path:
    """`folder` with each named document written into it."""
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@contextmanager
def knowledge_base(folder: Path, embedder, paths: list[str]):
    """An answer service over its own SQLite file and embedded store in `folder`, with `paths` ingested into the
    default collection, as the start command loads sample knowledge."""
    from core.runtime import runtime

    with runtime(make_settings(folder / "data"), embedder=embedder) as built:
        built.pipeline.run_paths(paths, collection="default")
        yield built.answers


@contextmanager
def pages_answered(tmp_path_factory, embedder, pages: dict[str, str]):
    """An answer service over `pages` (name: text) written into a folder of their own (`knowledge_base`)."""
    folder = written(tmp_path_factory.mktemp("pages"), pages)
    with knowledge_base(tmp_path_factory.mktemp("kb"), embedder, [str(folder)]) as answers:
        yield answers
