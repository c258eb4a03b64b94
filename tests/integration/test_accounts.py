"""Sessions and accounts: signing out revokes the session on the server; sign-in throttling counts per name and
per address and trusts X-Forwarded-For only from the proxies configured; admins disable, delete and revoke tokens
with immediate effect."""

from fastapi.testclient import TestClient

from tests.integration.conftest import make_user
from tests.integration.test_web import PASSWORD, form_token, sign_in


def test_a_signed_out_session_cookie_no_longer_works(client):
    browser = sign_in(client.app, "ann", "user")
    copied = dict(browser.cookies)
    assert browser.get("/", follow_redirects=False).status_code == 200
    assert browser.post("/logout", follow_redirects=False).status_code == 303
    thief = TestClient(client.app, cookies=copied)
    assert thief.get("/", follow_redirects=False).status_code == 303, "the copied cookie was revoked"
    again = sign_in(client.app, "ann2", "user")
    assert again.get("/", follow_redirects=False).status_code == 200, "other sessions are untouched"


def _fail_sign_in(app, name: str, forwarded: str | None = None) -> int:
    browser = TestClient(app)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    token = form_token(browser.get("/login").text)
    return browser.post("/login", data={"name": name, "password": "wrong password", "csrf_token": token},
                        headers=headers, follow_redirects=False).status_code


def test_a_forged_forwarded_for_does_not_escape_throttling(client):
    make_user(client.app, "ann", "user")
    codes = [_fail_sign_in(client.app, "ann", forwarded=f"10.0.0.{n}") for n in range(6)]
    assert codes[:5] == [401] * 5 and codes[5] == 429


def test_many_names_from_one_address_are_throttled_too(client):
    codes = [_fail_sign_in(client.app, f"name{n}") for n in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429


def test_behind_a_trusted_proxy_each_client_address_counts_on_its_own(client):
    runtime = client.app.state.runtime
    runtime.settings = runtime.settings.model_copy(update={"trusted_proxies": "testclient"})
    make_user(client.app, "ann", "user")
    assert [_fail_sign_in(client.app, "ann", forwarded="203.0.113.7") for _ in range(6)][-1] == 429
    assert _fail_sign_in(client.app, "ann", forwarded="203.0.113.8") == 401, "another client is not locked out"
    assert _fail_sign_in(client.app, "ann", forwarded="203.0.113.7, testclient") == 429, "proxies are skipped"


def test_admins_disable_revoke_and_delete_with_immediate_effect(client):
    app = client.app
    token = {"Authorization": f"Bearer {make_user(app, 'bob', 'user')}"}
    ask = {"question": "Which port does the agent listen on?"}
    admin = sign_in(app, "ada", "admin")
    assert client.post("/api/ask", json=ask, headers=token).status_code == 200

    disabled = admin.post("/admin/users/bob/account", data={"action": "disable"})
    assert disabled.status_code == 200 and "bob is disabled" in disabled.text
    assert client.post("/api/ask", json=ask, headers=token).status_code == 401
    admin.post("/admin/users/bob/account", data={"action": "enable"})
    assert client.post("/api/ask", json=ask, headers=token).status_code == 200

    revoked = admin.post("/admin/users/bob/account", data={"action": "revoke-tokens"})
    assert "1 API tokens of bob revoked" in revoked.text
    assert client.post("/api/ask", json=ask, headers=token).status_code == 401

    browser = TestClient(app)
    login = form_token(browser.get("/login").text)
    make_user(app, "cy", "user")
    browser.post("/login", data={"name": "cy", "password": PASSWORD, "csrf_token": login})
    assert browser.get("/", follow_redirects=False).status_code == 200
    deleted = admin.post("/admin/users/cy/account", data={"action": "delete"})
    assert 'data-user="cy"' not in deleted.text
    assert browser.get("/", follow_redirects=False).status_code == 303, "a deleted user's session ends at once"
    assert admin.post("/admin/users/ada/account", data={"action": "delete"}).status_code == 422
    assert admin.post("/admin/users/nobody/account", data={"action": "disable"}).status_code == 404


def test_the_account_commands(tmp_path):
    import os

    from tests.integration.test_handoff import ROOT, ragloop

    env = {**os.environ, "RAGLOOP_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    assert ragloop("users", "add", "bob", "--no-password", env=env, cwd=tmp_path).returncode == 0
    ragloop("users", "token", "bob", env=env, cwd=tmp_path)
    assert ragloop("users", "disable", "bob", env=env, cwd=tmp_path).stdout.strip() == "bob is disabled"
    assert "bob\tuser\tdisabled" in ragloop("users", "list", env=env, cwd=tmp_path).stdout
    assert ragloop("users", "revoke-tokens", "bob", env=env, cwd=tmp_path).stdout.strip() == \
        "1 API tokens of bob revoked"
    assert ragloop("users", "delete", "bob", env=env, cwd=tmp_path).returncode == 0
    missing = ragloop("users", "enable", "bob", env=env, cwd=tmp_path)
    assert missing.returncode == 2 and "no user named 'bob'" in missing.stderr
