"""Conventions the code base keeps: every route is accounted for, no stage reaches into another's internals."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_settings
from web.app import create_app
from web.auth import PUBLIC_ROUTES, api_routes, is_authenticated, route_table

ROOT = Path(__file__).resolve().parents[2]


def test_every_route_has_auth_or_is_listed_as_public(tmp_path):
    app = create_app(make_settings(tmp_path))
    open_routes = route_table(r for r in api_routes(app.routes) if not is_authenticated(r))
    assert ("POST", "/api/ask") not in open_routes and ("POST", "/api/ingest/jobs") not in open_routes
    assert open_routes == PUBLIC_ROUTES, "a route has no auth and is not listed in web.auth.PUBLIC_ROUTES"


def test_the_app_refuses_to_start_with_a_route_that_has_no_role_requirement(tmp_path):
    from web.routes import pages

    pages.router.add_api_route("/forgotten", lambda: {"open": True}, methods=["GET"])
    try:
        with pytest.raises(RuntimeError, match="GET /forgotten"):
            create_app(make_settings(tmp_path))
    finally:
        pages.router.routes.pop()
    create_app(make_settings(tmp_path))  # and starts again once the route is gone


def test_the_layering_contracts_in_pyproject_hold():
    """import-linter checks the contracts in pyproject.toml: stages are layered (core < retrieval, feedback <
    answer, ingest < eval < web) and other stages use only a stage's public surface."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout and "6 kept" in result.stdout
