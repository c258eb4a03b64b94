import pytest
from fastapi.testclient import TestClient

from core.db import session_scope
from tests.integration.openai_server import OpenAICompatibleServer
from tests.conftest import make_settings
from web.app import create_app
from web.auth import add_user, issue_token


@pytest.fixture
def app_settings(tmp_path, database_url):
    return make_settings(tmp_path / "data", database_url=database_url)


def make_user(app, name: str, role: str, password: str | None = "correct horse battery") -> str:
    """A user of that role; returns an API token for it."""
    with session_scope(app.state.runtime.session_factory) as session:
        add_user(session=session, name=name, role=role, password=password)
        return issue_token(session=session, name=name)


@pytest.fixture
def client(app_settings, embedder, corpus):
    """The real app over a real database, with the fixture corpus ingested through its own index; the client
    calls as an admin with an API token (the role tests call as everyone else)."""
    app = create_app(app_settings, embedder=embedder)
    with TestClient(app) as test_client:
        app.state.runtime.pipeline.run_paths([str(corpus)], collection="default")
        test_client.headers["Authorization"] = f"Bearer {make_user(app, 'root', 'admin')}"
        yield test_client


@pytest.fixture
def llm():
    """A local server speaking the OpenAI chat-completions protocol (`openai_server.py`), scripted by the test."""
    with OpenAICompatibleServer() as server:
        yield server
