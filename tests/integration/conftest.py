import pytest
from fastapi.testclient import TestClient

from ingest import IngestPipeline
from tests.conftest import make_settings
from web.app import create_app


@pytest.fixture
def app_settings(tmp_path, database_url):
    return make_settings(tmp_path / "data", database_url=database_url)


@pytest.fixture
def client(app_settings, embedder, corpus):
    """The real app over a real database, with the fixture corpus ingested through its own index."""
    app = create_app(app_settings, embedder=embedder)
    with TestClient(app) as test_client:
        state = app.state
        IngestPipeline(settings=app_settings, embedder=embedder, index=state.index,
                       session_factory=state.session_factory).run_paths([str(corpus)], collection="default")
        yield test_client
