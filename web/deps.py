"""Typed dependencies for routes, and the list of routes anyone may call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from answer import Answer, AnswerService
from core.db import session_scope
from core.settings import Settings
from feedback import conversation_queries, record_answer

from web.auth import (Principal, current_principal, require_admin, require_agent, require_chat, require_editor,
                      require_user)

# Routes anyone may call, each listed so that a new route cannot slip in without a role requirement.
PUBLIC_ROUTES = {
    ("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/lang/{code}"),
    ("GET", "/healthz"), ("GET", "/metrics"),
}
# Dependencies that authenticate a caller and check its role; a route that has one needs no public listing.
AUTH_DEPENDENCIES: set = {require_chat, require_user, require_editor, require_agent, require_admin}


def get_session(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.session_factory) as session:
        yield session


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_answers(request: Request) -> AnswerService:
    return request.app.state.answers


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AnswersDep = Annotated[AnswerService, Depends(get_answers)]
CallerDep = Annotated[Principal, Depends(current_principal)]  # whoever it is; no role required
ChatUser = Annotated[Principal, Depends(require_chat)]
EditorUser = Annotated[Principal, Depends(require_editor)]
AgentUser = Annotated[Principal, Depends(require_agent)]
AdminUser = Annotated[Principal, Depends(require_admin)]


def ask_and_record(request: Request, session: Session, question: str, collection: str | None, *,
                   asked_by: Principal, conversation_id: str | None = None, **filters) -> tuple[str, Answer]:
    """Answer a question (a follow-up in its conversation), store it with its provenance and who asked, and count
    it; returns (answer id, answer)."""
    history = conversation_history(session, asked_by, conversation_id)
    service, arm = answers_for(request, asked_by)
    answer = service.ask(question, collection=collection, history=history, user=asked_by.name,
                         conversation=conversation_id, **filters)
    return record(request, session, answer, asked_by=asked_by, conversation_id=conversation_id, arm=arm), answer


def answers_for(request: Request, caller: Principal) -> tuple[AnswerService, str | None]:
    """The answer service for this caller's A/B arm, and the arm's label ("test:A"); no test: (the service, None)."""
    split = request.app.state.split
    if split is None:
        return request.app.state.answers, None
    arm = split.arm(caller.name)
    return (request.app.state.answers_b if arm == "B" else request.app.state.answers), f"{split.name}:{arm}"


def conversation_history(session: Session, asked_by: Principal, conversation_id: str | None) -> list[str]:
    if not conversation_id:
        return []
    return conversation_queries(session=session, conversation_id=conversation_id, asked_by=asked_by.name)


def record(request: Request, session: Session, answer: Answer, *, asked_by: Principal,
           conversation_id: str | None, arm: str | None = None) -> str:
    answer_id = record_answer(session=session, answer=answer, asked_by=asked_by.name,
                              conversation_id=conversation_id, ab_arm=arm)
    request.app.state.metrics.count_answer(answer)
    return answer_id


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


def local_path(url: str) -> str:
    """`url` reduced to a path on this site (so a `next=` parameter cannot send anyone elsewhere)."""
    parts = urlsplit(url or "/")
    local = parts.path + (f"?{parts.query}" if parts.query else "")
    return local if local.startswith("/") and not local.startswith(("//", "/\\")) else "/"
