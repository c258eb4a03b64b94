"""Sign-in with a password, throttled: repeated failures for a name from an address are refused for a while."""

from __future__ import annotations

import time

from fastapi import Request

from core.errors import ErrorCode, RagloopError
from web import store
from web.auth.credentials import verify_password

MAX_LOGIN_FAILURES = 5  # per name and address within LOGIN_WINDOW_S
LOGIN_WINDOW_S = 300.0


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
    with request.app.state.runtime.session() as session:
        user = store.get_user(session=session, name=name)
        if not verify_password(user.password_hash if user else None, password) or user.disabled:
            throttle.failed(key)
            raise RagloopError(ErrorCode.UNAUTHENTICATED, "wrong name or password")
    throttle.succeeded(key)
    return user
