"""Sign-in with a password, throttled: after repeated failures for a name from an address, or for any names from
an address, sign-in from there is refused for a while. The address is the peer's, or, when the peer is one of
RAGLOOP_TRUSTED_PROXIES, the last one X-Forwarded-For names that is not a trusted proxy itself (a client cannot
spoof it by sending the header)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta

from fastapi import Request
from sqlalchemy.orm import Session

from core import audit
from core.db import utcnow
from core.errors import ErrorCode, RagloopError
from web import store
from web.auth.credentials import verify_password

MAX_LOGIN_FAILURES = 5  # per name and address within LOGIN_WINDOW_S
MAX_ADDRESS_FAILURES = 20  # per address, whatever the names, within LOGIN_WINDOW_S
LOGIN_WINDOW = timedelta(minutes=5)


class LoginThrottle:
    """Refuses sign-in for a name from an address after repeated failures, for a while. The failures are kept in
    the database, so they count across every replica."""

    def __init__(self, unit_of_work: Callable[[], AbstractContextManager[Session]], *,
                 limit: int = MAX_LOGIN_FAILURES, address_limit: int = MAX_ADDRESS_FAILURES,
                 window: timedelta = LOGIN_WINDOW):
        self.unit_of_work = unit_of_work  # `Runtime.session`
        self.limit, self.address_limit, self.window = limit, address_limit, window

    def check(self, key: tuple[str, str]) -> None:
        name, address = key
        with self.unit_of_work() as session:
            by_name, by_address = store.recent_failures(session=session, name=name, address=address,
                                                        since=utcnow() - self.window)
        if by_name >= self.limit or by_address >= self.address_limit:
            raise RagloopError(ErrorCode.TOO_MANY, "too many failed sign-ins; wait a few minutes and try again")

    def failed(self, key: tuple[str, str]) -> None:
        with self.unit_of_work() as session:
            store.add_failure(session=session, name=key[0], address=key[1], older_than=utcnow() - self.window)

    def succeeded(self, key: tuple[str, str]) -> None:
        with self.unit_of_work() as session:
            store.clear_failures(session=session, name=key[0], address=key[1])


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else ""
    trusted = request.app.state.runtime.settings.trusted_proxy_set
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    return next((hop for hop in reversed(hops) if hop not in trusted), peer)


def authenticate(request: Request, name: str, password: str) -> store.User:
    """The user, if the password is right and sign-in is not throttled; every failure and refusal is counted and
    recorded in the audit log. (One unit of work at a time: SQLite has one writer.)"""
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
    # Hashing is slow on purpose: it runs after the unit of work, holding nothing.
    right = verify_password(user.password_hash if user else None, password) and not user.disabled
    if not right:
        throttle.failed(key)
        with runtime.session() as session:
            audit.record(session=session, actor=name[:100], action="sign-in failed", target=key[1])
        raise RagloopError(ErrorCode.UNAUTHENTICATED, "wrong name or password")
    throttle.succeeded(key)
    return user
