"""Sign-in with a password, throttled: after repeated failures for a name from an address, or for any names from
an address, sign-in from there is refused for a while. The address is the peer's, or, when the peer is one of
RAGLOOP_TRUSTED_PROXIES, the last one X-Forwarded-For names that is not a trusted proxy itself (a client cannot
spoof it by sending the header)."""

from __future__ import annotations

import time

from fastapi import Request

from core import audit
from core.errors import ErrorCode, RagloopError
from web import store
from web.auth.credentials import verify_password

MAX_LOGIN_FAILURES = 5  # per name and address within LOGIN_WINDOW_S
MAX_ADDRESS_FAILURES = 20  # per address, whatever the names, within LOGIN_WINDOW_S
LOGIN_WINDOW_S = 300.0


class LoginThrottle:
    """Refuses sign-in for a name from an address after repeated failures, for a while."""

    def __init__(self, *, limit: int = MAX_LOGIN_FAILURES, address_limit: int = MAX_ADDRESS_FAILURES,
                 window_s: float = LOGIN_WINDOW_S):
        self.limit, self.address_limit, self.window_s = limit, address_limit, window_s
        self._failures: dict[tuple[str, str], list[float]] = {}

    def _recent(self, key: tuple[str, str]) -> int:
        now = time.monotonic()
        self._failures[key] = [t for t in self._failures.get(key, []) if now - t < self.window_s]
        return len(self._failures[key])

    def check(self, key: tuple[str, str]) -> None:
        if self._recent(key) >= self.limit or self._recent(("", key[1])) >= self.address_limit:
            raise RagloopError(ErrorCode.TOO_MANY, "too many failed sign-ins; wait a few minutes and try again")

    def failed(self, key: tuple[str, str]) -> None:
        for counted in (key, ("", key[1])):
            self._failures.setdefault(counted, []).append(time.monotonic())

    def succeeded(self, key: tuple[str, str]) -> None:
        self._failures.pop(key, None)


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else ""
    trusted = request.app.state.runtime.settings.trusted_proxy_set
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    return next((hop for hop in reversed(hops) if hop not in trusted), peer)


def authenticate(request: Request, name: str, password: str) -> store.User:
    throttle: LoginThrottle = request.app.state.login_throttle
    key = (name.casefold(), client_address(request))
    runtime = request.app.state.runtime
    try:
        throttle.check(key)
    except RagloopError:
        with runtime.session() as session:
            audit.record(session=session, actor=name[:100], action="sign-in refused", target=key[1])
        raise
    with runtime.session() as session:
        user = store.get_user(session=session, name=name)
        if not verify_password(user.password_hash if user else None, password) or user.disabled:
            throttle.failed(key)
            audit.record(session=session, actor=name[:100], action="sign-in failed", target=key[1])
            session.commit()
            raise RagloopError(ErrorCode.UNAUTHENTICATED, "wrong name or password")
    throttle.succeeded(key)
    return user
