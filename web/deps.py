"""Typed dependencies for routes, and the list of routes anyone may call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from answer import Answer, AnswerService
from core.db import session_scope
from core.settings import Settings
from feedback import record_answer

# Until users and roles exist these routes are public; each one is listed so a new route cannot slip in unseen.
PUBLIC_ROUTES = {
    ("GET", "/"), ("POST", "/chat"), ("POST", "/answers/{answer_id}/rate"),
    ("POST", "/api/ask"), ("POST", "/api/answers/{answer_id}/feedback"),
    ("GET", "/healthz"), ("GET", "/metrics"),
    ("GET", "/documents"), ("POST", "/documents/upload"), ("GET", "/documents/jobs/{job_id}"),
    ("POST", "/documents/{document_id}/delete"), ("POST", "/documents/{document_id}/reingest"),
}
# Dependencies that authenticate a caller; a route that has one needs no public listing.
AUTH_DEPENDENCIES: set = set()


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


def ask_and_record(request: Request, session: Session, question: str, collection: str | None,
                   **filters) -> tuple[str, Answer]:
    """Answer a question, store the answer with its provenance and count it; returns (answer id, answer)."""
    answer = request.app.state.answers.ask(question, collection=collection, **filters)
    answer_id = record_answer(session=session, answer=answer)
    request.app.state.metrics.count_answer(answer)
    return answer_id, answer


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
