"""Session cookies (signed, with a CSRF token each) and the CSRF check on unsafe requests."""

from __future__ import annotations

import secrets
from datetime import timedelta

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from core.db import utcnow
from core.errors import ErrorCode, RagloopError
from web import store
from web.auth.principal import Principal

SESSION_COOKIE = "ragloop_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Sessions:
    """Session cookies: a signed, timestamped payload {u: user id, e: epoch, c: csrf} or {a: visitor id, c: csrf}."""

    def __init__(self, secret: str, *, max_age_s: int, secure: bool):
        self._serializer = URLSafeTimedSerializer(secret, salt="ragloop-session")
        self.max_age_s = max_age_s
        self.secure = secure

    def load(self, cookie: str | None) -> dict | None:
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age_s)
        except BadSignature:  # forged, tampered with or expired
            return None
        return data if isinstance(data, dict) and isinstance(data.get("c"), str) else None

    def cookie_header(self, data: dict | None) -> str:
        """A Set-Cookie value: the signed session, or one that clears it when `data` is None."""
        flags = "; Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
        if data is None:
            return f"{SESSION_COOKIE}=; Max-Age=0" + flags
        return f"{SESSION_COOKIE}={self._serializer.dumps(data)}; Max-Age={self.max_age_s}" + flags


def anonymous_session() -> dict:
    return {"a": secrets.token_hex(8), "c": secrets.token_urlsafe(24)}


def user_session(user: store.User) -> dict:
    """A signed-in session: the user, its sign-out epoch, the CSRF token and the session's own id (which signing
    out revokes on the server, so a copied cookie dies with it)."""
    return {"u": user.id, "e": user.session_epoch, "c": secrets.token_urlsafe(24), "s": secrets.token_hex(16)}


class SessionCookieMiddleware:
    """Reads the session cookie into `request.state.session`, and writes `request.state.session_out` back
    (a dict to set, or False to clear) when the response starts. Plain ASGI, so streamed responses pass through."""

    def __init__(self, app, sessions: Sessions):
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["session"] = self.sessions.load(_cookie(scope, SESSION_COOKIE))

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and "session_out" in state:
                out = state.pop("session_out")
                header = self.sessions.cookie_header(out or None).encode("latin-1")
                message.setdefault("headers", []).append((b"set-cookie", header))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


def is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/v1/"))


def end_session(*, session, data: dict, max_age_s: int) -> None:
    """Revoke a signed-in session on the server until its cookie would have expired; a cookie from before
    sessions had ids is ended by signing its user out everywhere."""
    if "s" in data:
        store.revoke_session(session=session, session_id=str(data["s"]),
                             expires_at=utcnow() + timedelta(seconds=max_age_s))
    elif "u" in data:
        user = store.get_user_by_id(session=session, user_id=data["u"])
        if user is not None:
            user.session_epoch += 1


def start_session(request: Request, data: dict | None) -> None:
    """Replace the caller's session (sign-in, sign-out); `None` clears the cookie."""
    request.state.session = data
    request.state.session_out = data or False


async def check_csrf(request: Request, principal: Principal) -> None:
    """Unsafe requests that ride on a session cookie must echo the session's CSRF token (header or form field).
    API clients without cookies (bearer token, local token, or none at all) carry no ambient authority."""
    if request.method not in UNSAFE_METHODS or principal.via in ("token", "local"):
        return
    if is_api(request) and not principal.csrf:  # no valid session, so nothing rides on a cookie
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = (await request.form()).get(CSRF_FIELD)
    if not sent or not principal.csrf or not secrets.compare_digest(str(sent), principal.csrf):
        raise RagloopError(ErrorCode.FORBIDDEN, "the form has expired or did not come from this site; "
                                                "reload the page and try again")
