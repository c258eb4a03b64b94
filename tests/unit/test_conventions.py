"""Conventions the code base keeps: every route is accounted for, no stage reaches into another's internals."""

import ast
from pathlib import Path

import pytest

from tests.conftest import make_settings
from web.app import create_app
from web.deps import PUBLIC_ROUTES, api_routes, is_authenticated, route_table

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_IMPORTS = {
    "core": set(),
    "ingest": {"core", "retrieval"},
    "retrieval": {"core"},
    "answer": {"core", "retrieval"},
    "feedback": {"core"},
    "eval": {"core", "retrieval", "answer", "feedback", "ingest"},  # ingest: benchmarks index their corpus
}


def test_every_route_has_auth_or_is_listed_as_public(tmp_path):
    app = create_app(make_settings(tmp_path))
    open_routes = route_table(r for r in api_routes(app.routes) if not is_authenticated(r))
    assert ("POST", "/api/ask") not in open_routes and ("POST", "/api/ingest/jobs") not in open_routes
    assert open_routes == PUBLIC_ROUTES, "a route has no auth and is not listed in web.deps.PUBLIC_ROUTES"


def test_the_app_refuses_to_start_with_a_route_that_has_no_role_requirement(tmp_path):
    from web.routes import pages

    pages.router.add_api_route("/forgotten", lambda: {"open": True}, methods=["GET"])
    try:
        with pytest.raises(RuntimeError, match="GET /forgotten"):
            create_app(make_settings(tmp_path))
    finally:
        pages.router.routes.pop()
    create_app(make_settings(tmp_path))  # and starts again once the route is gone


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_stages_import_only_the_stages_below_them():
    stages = set(ALLOWED_IMPORTS) | {"web"}
    for package, allowed in ALLOWED_IMPORTS.items():
        for path in (ROOT / package).rglob("*.py"):
            if package == "core" and path.name == "cli.py":
                continue  # the CLI root composes the stages' command groups
            used = imported_packages(path) & stages - {package}
            assert used <= allowed, f"{path.relative_to(ROOT)} imports {sorted(used - allowed)}"
