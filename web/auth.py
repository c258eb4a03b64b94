"""Who is calling and what they may do: users with roles, signed session cookies, CSRF tokens, API tokens.

A caller is one of: a signed-in user (session cookie), an API client (`Authorization: Bearer TOKEN`), the
`ragloop` command on this machine (the local token), or an anonymous visitor (who still gets a session cookie, so
forms carry a CSRF token and a change of mind replaces the visitor's rating). Every route declares the least role
it needs through one of the `require_*` dependencies below, or is listed in `web.deps.PUBLIC_ROUTES`.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from core import logs
from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from core.ownership import TOKEN_HEADER
from web import store

SESSION_COOKIE = "ragloop_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MAX_LOGIN_FAILURES = 5  # per name and address within LOGIN_WINDOW_S
LOGIN_WINDOW_S = 300.0
_hasher = PasswordHasher()
access_log = logging.getLogger("ragloop.access")


class Role(IntEnum):
    """Each role may do everything the ones below it may."""

    USER = 1  # chat, rate
    EDITOR = 2  # + documents and uploads
    AGENT = 3  # + review queue, golden set
    ADMIN = 4  # + users, settings


ROLE_NAMES = [role.name.lower() for role in Role]


def parse_role(name: str) -> Role:
    try:
        return Role[name.strip().upper()]
    except KeyError:
        raise RagloopError(ErrorCode.BAD_INPUT, f"role must be one of {', '.join(ROLE_NAMES)}") from None


@dataclass(frozen=True)
class Principal:
    name: str  # the user's name; "anon:<id>" for an anonymous visitor; "local" for the command on this machine
    role: Role | None  # None: not signed in
    via: str  # session | token | local | anonymous
    csrf: str = ""  # the session's CSRF token, empty when there is no session

    @property
    def signed_in(self) -> bool:
        return self.role is not None

    def can(self, role: Role) -> bool:
        return self.role is not None and self.role >= role


# --- passwords and tokens -------------------------------------------------------------------------------------

def hash_password(password: str) -> str:
    if len(password) < 8:
        raise RagloopError(ErrorCode.BAD_INPUT, "a password needs at least 8 characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        _hasher.hash(password)  # as slow as a real check, so timing does not tell which names exist
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_api_token() -> str:
    return "rl_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_secret(settings) -> str:
    """The configured secret; in development, one generated on first use and kept (owner-only) in the data dir."""
    configured = settings.secret_key.get_secret_value()
    if configured:
        return configured
    path: Path = settings.data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


# --- sessions -------------------------------------------------------------------------------------------------

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
    return {"u": user.id, "e": user.session_epoch, "c": secrets.token_urlsafe(24)}


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


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/v1/"))


def start_session(request: Request, data: dict | None) -> None:
    """Replace the caller's session (sign-in, sign-out); `None` clears the cookie."""
    request.state.session = data
    request.state.session_out = data or False


# --- who is calling -------------------------------------------------------------------------------------------

def current_principal(request: Request) -> Principal:
    """The caller, resolved once per request."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    principal = _from_local_token(request) or _from_bearer(request) or _from_session(request)
    request.state.principal = principal
    return principal


def _from_local_token(request: Request) -> Principal | None:
    token, owner = request.headers.get(TOKEN_HEADER), getattr(request.app.state, "owner", None)
    if token and owner is not None and secrets.compare_digest(token, owner.token):
        return Principal("local", Role.ADMIN, "local")
    return None


def _from_bearer(request: Request) -> Principal | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    with session_scope(request.app.state.session_factory) as session:
        user = store.user_for_token(session=session, token_hash=token_hash(token.strip()))
        if user is None or user.disabled:
            raise RagloopError(ErrorCode.UNAUTHENTICATED, "the API token is not valid")
        return Principal(user.name, Role[user.role.upper()], "token")


def _from_session(request: Request) -> Principal:
    data = request.state.session
    if data and "u" in data:
        with session_scope(request.app.state.session_factory) as session:
            user = store.get_user_by_id(session=session, user_id=data["u"])
            if user is not None and not user.disabled and user.session_epoch == data.get("e"):
                return Principal(user.name, Role[user.role.upper()], "session", data["c"])
        data = None  # the user is gone, disabled or signed out everywhere
    if data is None and _is_api(request):
        return Principal("anonymous", None, "anonymous")  # an API client: no cookie to start
    if data is None:
        data = anonymous_session()
        start_session(request, data)
    return Principal(f"anon:{data.get('a', 'expired')}", None, "anonymous", data["c"])


async def check_csrf(request: Request, principal: Principal) -> None:
    """Unsafe requests that ride on a session cookie must echo the session's CSRF token (header or form field).
    API clients without cookies (bearer token, local token, or none at all) carry no ambient authority."""
    if request.method not in UNSAFE_METHODS or principal.via in ("token", "local"):
        return
    if _is_api(request) and not principal.csrf:  # no valid session, so nothing rides on a cookie
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = (await request.form()).get(CSRF_FIELD)
    if not sent or not principal.csrf or not secrets.compare_digest(str(sent), principal.csrf):
        raise RagloopError(ErrorCode.FORBIDDEN, "the form has expired or did not come from this site; "
                                                "reload the page and try again")


def _requirement(role: Role | None, *, anonymous_setting: bool = False):
    async def dependency(request: Request) -> Principal:
        principal = current_principal(request)
        allowed = principal.can(role) or (anonymous_setting and request.app.state.settings.anonymous_chat)
        if not allowed:
            if not principal.signed_in:
                raise RagloopError(ErrorCode.UNAUTHENTICATED, "please sign in")
            raise RagloopError(ErrorCode.FORBIDDEN, f"this page is for the {role.name.lower()} role and above")
        await check_csrf(request, principal)
        return principal

    dependency.__name__ = f"require_{'chat' if anonymous_setting else role.name.lower()}"
    dependency.role = role
    return dependency


require_chat = _requirement(Role.USER, anonymous_setting=True)  # users, or anyone with RAGLOOP_ANONYMOUS_CHAT
require_user = _requirement(Role.USER)
require_editor = _requirement(Role.EDITOR)
require_agent = _requirement(Role.AGENT)
require_admin = _requirement(Role.ADMIN)


async def csrf_only(request: Request) -> Principal:
    """For the public forms (sign-in, sign-out): no role, but the CSRF token all the same."""
    principal = current_principal(request)
    await check_csrf(request, principal)
    return principal


# --- sign-in throttling ---------------------------------------------------------------------------------------

class LoginThrottle:
    """Refuses sign-in for a name from an address after repeated failures, for a while."""

    def __init__(self, *, limit: int = MAX_LOGIN_FAILURES, window_s: float = LOGIN_WINDOW_S):
        self.limit, self.window_s = limit, window_s
        self._failures: dict[tuple[str, str], list[float]] = {}

    def check(self, key: tuple[str, str]) -> None:
        now = time.monotonic()
        recent = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        self._failures[key] = recent
        if len(recent) >= self.limit:
            raise RagloopError(ErrorCode.TOO_MANY, "too many failed sign-ins; wait a few minutes and try again")

    def failed(self, key: tuple[str, str]) -> None:
        self._failures.setdefault(key, []).append(time.monotonic())

    def succeeded(self, key: tuple[str, str]) -> None:
        self._failures.pop(key, None)


def authenticate(request: Request, name: str, password: str) -> store.User:
    throttle: LoginThrottle = request.app.state.login_throttle
    key = (name.casefold(), request.client.host if request.client else "")
    throttle.check(key)
    with session_scope(request.app.state.session_factory) as session:
        user = store.get_user(session=session, name=name)
        if not verify_password(user.password_hash if user else None, password) or user.disabled:
            throttle.failed(key)
            raise RagloopError(ErrorCode.UNAUTHENTICATED, "wrong name or password")
    throttle.succeeded(key)
    return user


# --- managing users (the `ragloop users` commands and the admin page) ----------------------------------------

_NAME = re.compile(r"^[\w.@-]{1,100}$", re.UNICODE)


def add_user(*, session, name: str, role: str, password: str | None) -> store.User:
    """Create a user or update one's role (and password, which signs out its sessions)."""
    if not _NAME.match(name):
        raise RagloopError(ErrorCode.BAD_INPUT, "a user name is 1 to 100 letters, digits or . _ - @")
    password_hash = hash_password(password) if password is not None else None
    return store.save_user(session=session, name=name, role=parse_role(role).name.lower(),
                           password_hash=password_hash)


def issue_token(*, session, name: str) -> str:
    """A new API token for the user; only its hash is stored, so it is shown once."""
    user = store.get_user(session=session, name=name)
    if user is None:
        raise RagloopError(ErrorCode.NOT_FOUND, f"no user named {name!r}")
    token = new_api_token()
    store.add_token(session=session, user_id=user.id, token_hash=token_hash(token))
    return token


class SecurityHeadersMiddleware:
    """Headers on every response: only our own scripts and styles run, the pages cannot be framed, and browsers
    do not guess content types. Plain ASGI, so streamed responses pass through."""

    HEADERS = [
        (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; "
                                     b"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                                     b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        # The OpenAPI pages load Swagger UI and ReDoc from their CDN; everything else is held to the policy.
        headers = self.HEADERS[1:] if scope["path"] in ("/docs", "/redoc") else self.HEADERS

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message.setdefault("headers", []).extend(h for h in headers if h[0] not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestContextMiddleware:
    """Gives each request an id (the caller's X-Request-ID, or a new one), echoes it in the response, puts it on
    every log line written meanwhile, and logs one line per request with its status and duration."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")[:64]
        rid = sent if re.fullmatch(r"[\w.-]{1,64}", sent) else secrets.token_hex(8)
        token, started, status = logs.request_id.set(rid), time.perf_counter(), {}

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info("%s %s %s", scope["method"], scope["path"], status.get("code", 0), extra={
                "method": scope["method"], "path": scope["path"], "status": status.get("code", 0),
                "ms": round((time.perf_counter() - started) * 1000, 1)})
            logs.request_id.reset(token)
