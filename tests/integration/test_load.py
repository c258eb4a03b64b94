"""The request path under load, against `ragloop serve` in a process of its own, on SQLite and on Postgres:
20 clients asking and rating at once get no error, the health check answers within a second throughout, and a
server killed with SIGKILL in the middle of it loses no rating it had confirmed."""

import os
import threading
import time

import pytest

from eval.load_bench import drive, lost_ratings, run_load
from tests.conftest import postgres_schema_url, write_corpus
from tests.integration.test_handoff import ROOT, Server, ragloop

CLIENTS = 20
pytestmark = pytest.mark.serial  # times a server under load: alone, after the other tests (scripts/test.sh)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def deployment(request, tmp_path_factory):
    """A deployment with the knowledge base loaded and a token, shared by this module's tests (each starts its own
    server on it): loading it takes longer than a test."""
    tmp_path = tmp_path_factory.mktemp(f"load-{request.param}")
    write_corpus(tmp_path)
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    schema = None
    if request.param == "postgres":
        from sqlalchemy import create_engine, text

        from tests.conftest import POSTGRES_URL

        url, schema = postgres_schema_url()
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        env["RAGLOOP_DATABASE_URL"] = url
    assert ragloop("ingest", "kb", env=env, cwd=tmp_path).returncode == 0
    assert ragloop("users", "add", "loader", "--no-password", env=env, cwd=tmp_path).returncode == 0
    env["TOKEN"] = ragloop("users", "token", "loader", env=env, cwd=tmp_path).stdout.strip()
    yield env, tmp_path
    if schema:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_twenty_clients_asking_and_rating_get_no_error_and_the_server_stays_healthy(deployment):
    env, folder = deployment
    server = Server(env, folder)
    try:
        result = run_load(server.url, token=env["TOKEN"], concurrency=CLIENTS, duration_s=8)
    finally:
        server.stop()
    assert result["errors"] == 0, result["error_samples"]
    assert result["lost_ratings"] == 0
    assert result["ratings_per_s"] > 0 and result["answers_per_s"] > 0
    assert result["healthz_ms_max"] < 1000, f"/healthz took {result['healthz_ms_max']} ms under load"


def test_a_server_killed_under_load_loses_no_confirmed_rating(deployment):
    env, folder = deployment
    server = Server(env, folder)
    headers = {"Authorization": f"Bearer {env['TOKEN']}"}
    done = {}
    load = threading.Thread(target=lambda: done.setdefault("tally", drive(
        server.url, headers=headers, concurrency=CLIENTS, duration_s=8, timeout_s=10)))
    load.start()
    time.sleep(4)
    server.process.kill()  # SIGKILL: no shutdown, no flush
    server.process.wait(timeout=30)
    load.join()
    confirmed = done["tally"].confirmed
    assert confirmed, "ratings were confirmed before the kill"
    (folder / "data" / "server.json").unlink(missing_ok=True)
    restarted = Server(env, folder)
    try:
        assert lost_ratings(restarted.url, headers, confirmed) == []
    finally:
        restarted.stop()
