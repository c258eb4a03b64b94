"""Every route, called by every kind of caller: each gets in exactly where its role allows, never a 500."""

import re

import pytest
from fastapi.testclient import TestClient

from tests.integration.conftest import make_user
from web.auth import PUBLIC_ROUTES, Role, route_table

CHAT, LOCAL = "chat", "local"
MINIMUM_ROLE = {
    ("GET", "/"): CHAT, ("POST", "/chat"): CHAT, ("GET", "/chat/stream/{key}"): CHAT, ("GET", "/chat/examples"): CHAT,
    ("POST", "/answers/{answer_id}/rate"): CHAT, ("GET", "/sources/{document_id}"): CHAT,
    ("POST", "/conversations/{conversation_id}/delete"): CHAT,
    ("POST", "/api/ask"): CHAT, ("POST", "/api/answers/{answer_id}/feedback"): CHAT,
    ("GET", "/api/answers/{answer_id}"): CHAT,
    ("POST", "/v1/chat/completions"): CHAT,
    ("GET", "/v1/models"): CHAT,
    ("GET", "/documents"): Role.EDITOR, ("POST", "/documents/upload"): Role.EDITOR,
    ("GET", "/documents/jobs/{job_id}"): Role.EDITOR, ("POST", "/documents/{document_id}/delete"): Role.EDITOR,
    ("POST", "/documents/{document_id}/reingest"): Role.EDITOR,
    ("POST", "/api/documents"): Role.EDITOR, ("GET", "/api/documents"): Role.EDITOR,
    ("GET", "/api/jobs/{job_id}"): Role.EDITOR, ("DELETE", "/api/documents/{document_id}"): Role.EDITOR,
    ("POST", "/api/documents/{document_id}/reingest"): Role.EDITOR,
    ("GET", "/review"): Role.AGENT, ("GET", "/review/answers/{answer_id}"): Role.AGENT,
    ("POST", "/review/answers/{answer_id}/promote"): Role.AGENT,
    ("GET", "/playground"): Role.AGENT, ("POST", "/playground/run"): Role.AGENT,
    ("POST", "/playground/prompts"): Role.AGENT, ("POST", "/playground/prompts/{version}/promote"): Role.AGENT,
    ("GET", "/golden"): Role.AGENT, ("GET", "/golden/{item_id}"): Role.AGENT, ("POST", "/golden/{item_id}"): Role.AGENT,
    ("GET", "/reports"): Role.AGENT, ("GET", "/reports/{run_id}"): Role.AGENT,
    ("GET", "/reports/{run_id}/file"): Role.AGENT, ("GET", "/documents/gaps"): Role.EDITOR,
    ("GET", "/admin/users"): Role.ADMIN, ("POST", "/admin/users"): Role.ADMIN,
    ("GET", "/admin/settings"): Role.ADMIN, ("GET", "/admin/monitoring"): Role.ADMIN,
    ("POST", "/admin/collections/restrict"): Role.ADMIN, ("POST", "/admin/grants"): Role.ADMIN,
    ("POST", "/admin/grants/revoke"): Role.ADMIN, ("POST", "/admin/users/{name}/account"): Role.ADMIN,
    ("GET", "/admin/audit"): Role.ADMIN,
    ("POST", "/api/ingest/jobs"): LOCAL, ("GET", "/api/ingest/jobs/{job_id}"): LOCAL,
    ("POST", "/api/local/nightly"): LOCAL, ("POST", "/api/local/backup"): LOCAL,
} | {route: None for route in PUBLIC_ROUTES}
CALLERS = [None, Role.USER, Role.EDITOR, Role.AGENT, Role.ADMIN]


def allowed(minimum, caller: Role | None, anonymous_chat: bool) -> bool:
    if minimum is None:
        return True
    if minimum == LOCAL:
        return False  # only the ragloop command on the machine that owns the data directory
    if minimum == CHAT:
        return caller is not None or anonymous_chat
    return caller is not None and caller >= minimum


def refusal(path: str, caller: Role | None, minimum) -> int:
    """Signed-in callers without the role: 403. Nobody signed in: pages send them to sign in, the API says 401."""
    if caller is not None or minimum == LOCAL:
        return 403
    return 401 if path.startswith(("/api/", "/v1/")) else 303


def call(client: TestClient, method: str, path: str, token: str | None):
    url = re.sub(r"\{[^}]+\}", "x", path)
    if token:
        headers = {"Authorization": f"Bearer {token}"}
    else:  # a visitor with a browser session: its CSRF token is on every page
        login = client.get("/login").text
        headers = {"X-CSRF-Token": re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)}
    if method == "GET":
        return client.get(url, headers=headers, follow_redirects=False)
    if method == "DELETE":
        return client.delete(url, headers=headers, follow_redirects=False)
    return client.post(url, json={}, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("anonymous_chat", [False, True])
def test_role_by_route_matrix(client, anonymous_chat):
    app = client.app
    app.state.runtime.settings = app.state.runtime.settings.model_copy(update={"anonymous_chat": anonymous_chat})
    assert route_table(app.routes) == set(MINIMUM_ROLE), "a route is missing from this test's table (or gone)"
    tokens = {role: make_user(app, f"{role.name.lower()}-caller", role.name.lower()) for role in Role}
    caller_client = TestClient(app)  # no default headers, no cookies
    wrong = []
    for (method, path), minimum in sorted(MINIMUM_ROLE.items(), key=str):
        for caller in CALLERS:
            response = call(caller_client, method, path, tokens.get(caller))
            caller_client.cookies.clear()
            status = response.status_code
            if status >= 500:
                wrong.append((method, path, caller, status, "server error"))
            elif minimum is None:
                continue
            elif allowed(minimum, caller, anonymous_chat) and status in (401, 403):
                wrong.append((method, path, caller, status, "refused"))
            elif not allowed(minimum, caller, anonymous_chat):
                expected = refusal(path, caller, minimum)
                if status != expected or (status == 303 and not response.headers["location"].startswith("/login")):
                    wrong.append((method, path, caller, status, f"expected {expected}"))
    assert wrong == []


def test_a_bad_api_token_is_refused_with_401(client):
    response = TestClient(client.app).post("/api/ask", json={"question": "Which port?"},
                                           headers={"Authorization": "Bearer rl_not-a-token"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
