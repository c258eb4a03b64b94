"""Who is calling, and what each route requires: every route declares the least role it needs through one of the
`require_*` dependencies, or is listed in `PUBLIC_ROUTES`; the app refuses to start otherwise."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Header, Request
from starlette.concurrency import run_in_threadpool

from core.errors import ErrorCode, RagloopError
from core.ownership import TOKEN_HEADER
from web import store
from web.auth.credentials import token_hash
from web.auth.principal import ANONYMOUS_API, Principal, Role
from web.auth.sessions import anonymous_session, check_csrf, is_api, start_session


def current_principal(request: Request) -> Principal:
    """The caller, resolved once per request."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    principal = _from_local_token(request) or _from_bearer(request) or _from_session(request)
    request.state.principal = principal
    return principal


async def resolved_principal(request: Request) -> Principal:
    """`current_principal` from async code: finding the caller reads the database, which must not block the
    event loop, so it runs in the thread pool."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    return await run_in_threadpool(current_principal, request)


def _from_local_token(request: Request) -> Principal | None:
    token, owner = request.headers.get(TOKEN_HEADER), getattr(request.app.state, "owner", None)
    if token and owner is not None and secrets.compare_digest(token, owner.token):
        return Principal("local", Role.ADMIN, "local")
    return None


def _from_bearer(request: Request) -> Principal | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    with request.app.state.runtime.session() as session:
        user = store.user_for_token(session=session, token_hash=token_hash(token.strip()))
        if user is None or user.disabled:
            raise RagloopError(ErrorCode.UNAUTHENTICATED, "the API token is not valid")
        return Principal(user.name, Role[user.role.upper()], "token")


def _from_session(request: Request) -> Principal:
    data = request.state.session
    if data and "u" in data:
        with request.app.state.runtime.session() as session:
            user = store.get_user_by_id(session=session, user_id=data["u"])
            revoked = "s" in data and store.session_revoked(session=session, session_id=str(data["s"]))
            if user is not None and not user.disabled and user.session_epoch == data.get("e") and not revoked:
                return Principal(user.name, Role[user.role.upper()], "session", data["c"])
        data = None  # the user is gone, disabled or signed out everywhere
    if data is None and is_api(request):
        return Principal(ANONYMOUS_API, None, "anonymous")  # an API client: no cookie to start
    if data is None:
        data = anonymous_session()
        start_session(request, data)
    return Principal(f"anon:{data.get('a', 'expired')}", None, "anonymous", data["c"])


def _requirement(role: Role | None, *, anonymous_setting: bool = False):
    async def dependency(request: Request) -> Principal:
        principal = await resolved_principal(request)
        allowed = principal.can(role) or (anonymous_setting and request.app.state.runtime.settings.anonymous_chat)
        if not allowed:
            if not principal.signed_in:
                raise RagloopError(ErrorCode.UNAUTHENTICATED, "please sign in")
            raise RagloopError(ErrorCode.FORBIDDEN, "this page is for the {role} role and above",
                               role=role.name.lower())
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
    principal = await resolved_principal(request)
    await check_csrf(request, principal)
    return principal


def require_local_token(request: Request, token: Annotated[str | None, Header(alias=TOKEN_HEADER)] = None) -> None:
    """Only a process that can read the data directory (the `ragloop` CLI on this machine) knows the token."""
    owner = getattr(request.app.state, "owner", None)
    if owner is None or token is None or not secrets.compare_digest(token, owner.token):
        raise RagloopError(ErrorCode.FORBIDDEN, "this endpoint is for the ragloop command on the same machine")


# Routes anyone may call, each listed so that a new route cannot slip in without a role requirement.
PUBLIC_ROUTES = {
    ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/lang/{code}"),
    ("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/docs"), ("GET", "/redoc"),
}
# Dependencies that authenticate a caller and check its role; a route that has one needs no public listing.
AUTH_DEPENDENCIES = frozenset({require_chat, require_user, require_editor, require_agent, require_admin,
                               require_local_token})


def api_routes(routes) -> list:
    """Every endpoint, looking inside included routers (none of ours has a prefix)."""
    from fastapi.routing import APIRoute

    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(api_routes(route.original_router.routes))
    return found


def route_table(routes) -> set[tuple[str, str]]:
    return {(method, route.path) for route in api_routes(routes) for method in route.methods - {"HEAD"}}


def is_authenticated(route) -> bool:
    return any(dependency.call in AUTH_DEPENDENCIES for dependency in route.dependant.dependencies)


def unguarded_routes(routes) -> set[tuple[str, str]]:
    """Routes with neither a role requirement nor a public listing."""
    return route_table(r for r in api_routes(routes) if not is_authenticated(r)) - PUBLIC_ROUTES


def check_route_policy(routes) -> None:
    """Refuse to start when any route has neither a role requirement nor an explicit public listing."""
    unguarded = unguarded_routes(routes)
    if unguarded:
        listed = ", ".join(f"{method} {path}" for method, path in sorted(unguarded))
        raise RuntimeError(f"routes without a role requirement or a public listing: {listed}")
