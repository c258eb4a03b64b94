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
    built = [name for name, service in compose["services"].items() if service.get("build")]
    assert built == ["migrate"] and (ROOT / "Dockerfile").is_file(), "the image is built once, then shared"
    assert {compose["services"][name]["image"] for name in ("migrate", "app", "nightly")} == {"ragloop:latest"}


def test_required_services_exist(compose):
    assert {"app", "nightly", "qdrant", "postgres", "langfuse-web", "langfuse-worker", "clickhouse", "redis",
            "minio", "llm"} <= set(compose["services"])


def test_app_talks_to_qdrant_and_postgres_by_service_name(compose):
    env = compose["services"]["app"]["environment"]
    assert env["RAGLOOP_QDRANT_URL"] == "http://qdrant:6333"
    assert "@postgres:5432/" in env["RAGLOOP_DATABASE_URL"]
    assert env["RAGLOOP_LANGFUSE_HOST"].startswith("http://langfuse-web:")
    assert env.items() <= compose["services"]["nightly"]["environment"].items()
    assert compose["services"]["migrate"]["environment"] == env


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


def test_replicas_sit_behind_a_proxy_after_one_migration(compose):
    services = compose["services"]
    app = services["app"]
    assert str(app["deploy"]["replicas"]).endswith("2}") or int(app["deploy"]["replicas"]) >= 2
    assert "ports" not in app and services["proxy"]["ports"] == ["8000:8000"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "dynamic a app 8000" in caddyfile and "health_uri /healthz" in caddyfile
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["ragloop", "migrate"]


def test_langfuse_is_provisioned_with_the_keys_the_app_uses(compose):
    web = compose["services"]["langfuse-web"]["environment"]
    app = compose["services"]["app"]["environment"]
    assert web["LANGFUSE_INIT_PROJECT_PUBLIC_KEY"] == app["RAGLOOP_LANGFUSE_PUBLIC_KEY"]
    assert web["LANGFUSE_INIT_PROJECT_SECRET_KEY"] == app["RAGLOOP_LANGFUSE_SECRET_KEY"]
    assert compose["services"]["langfuse-worker"]["environment"]["CLICKHOUSE_URL"] == web["CLICKHOUSE_URL"]


def test_the_llm_service_is_wired_as_the_generator_and_the_nightly_job_is_scheduled(compose):
    app = compose["services"]["app"]["environment"]
    assert app["RAGLOOP_LLM_BASE_URL"] == "http://llm:8080/v1" and "RAGLOOP_GENERATOR" in app
    assert compose["services"]["llm"]["profiles"] == ["llm"]
    command = " ".join(compose["services"]["nightly"]["command"])
    assert "ragloop nightly" in command and "NIGHTLY_AT_UTC_S" in command and "sleep 86400" not in command
