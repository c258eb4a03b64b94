"""No Docker engine runs here, so the production compose file is checked for structure."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_service_has_an_image_or_a_build(compose):
    for name, service in compose["services"].items():
        assert "image" in service or "build" in service, name
    assert compose["services"]["app"]["build"] == "." and (ROOT / "Dockerfile").is_file()


def test_required_services_exist(compose):
    assert {"app", "nightly", "qdrant", "postgres", "langfuse-web", "langfuse-worker", "clickhouse", "redis",
            "minio", "llm"} <= set(compose["services"])


def test_app_talks_to_qdrant_and_postgres_by_service_name(compose):
    env = compose["services"]["app"]["environment"]
    assert env["RAGLOOP_QDRANT_URL"] == "http://qdrant:6333"
    assert "@postgres:5432/" in env["RAGLOOP_DATABASE_URL"]
    assert env["RAGLOOP_LANGFUSE_HOST"].startswith("http://langfuse-web:")
    assert compose["services"]["nightly"]["environment"] == env


def test_dependencies_wait_for_health_and_exist(compose):
    services = compose["services"]
    for name, service in services.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], f"{dependency} has no health check"
    assert services["app"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["app"]["depends_on"]["qdrant"]["condition"] == "service_healthy"


def test_state_lives_in_named_volumes(compose):
    volumes = set(compose["volumes"])
    for name in ("app", "qdrant", "postgres", "clickhouse", "minio"):
        mounts = compose["services"][name]["volumes"]
        assert any(mount.split(":")[0] in volumes for mount in mounts), name


def test_secrets_come_from_the_environment_and_are_required():
    text = (ROOT / "docker-compose.yml").read_text()
    for secret in ("POSTGRES_PASSWORD", "LANGFUSE_SECRET_KEY", "QDRANT_API_KEY", "CLICKHOUSE_PASSWORD"):
        assert re.search(r"\$\{" + secret + r":\?", text), secret
    assert not re.search(r"(PASSWORD|SECRET)[A-Z_]*:\s*[\"']?[a-z0-9]{6,}[\"']?\s*$", text, flags=re.MULTILINE)
