"""Typed dependencies for routes: the runtime, a unit of work, the settings, and the caller with its role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from answer import Asked
from eval import reopen_disliked
from feedback import Rating, rate
from core.runtime import Runtime
from core.settings import Settings
from web.auth import (Access, Principal, Role, access_for, current_principal, require_admin, require_agent, require_chat,
                      require_editor)


async def get_runtime(request: Request) -> Runtime:  # async: a plain lookup needs no thread
    return request.app.state.runtime


def get_session(request: Request) -> Iterator[Session]:
    """A unit of work for one route, committed when the route returns and before the reply is sent."""
    with request.app.state.runtime.session() as session:
        yield session


async def get_settings(request: Request) -> Settings:
    return request.app.state.runtime.settings


def get_access(request: Request) -> Access:
    """Which collections the caller may read and write."""
    with request.app.state.runtime.session() as session:
        return access_for(session=session, principal=current_principal(request))


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
AccessDep = Annotated[Access, Depends(get_access)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CallerDep = Annotated[Principal, Depends(current_principal)]  # whoever it is; no role required
ChatUser = Annotated[Principal, Depends(require_chat)]
EditorUser = Annotated[Principal, Depends(require_editor)]
AgentUser = Annotated[Principal, Depends(require_agent)]
AdminUser = Annotated[Principal, Depends(require_admin)]


def asked(runtime: Runtime, caller: Principal, question: str, **details) -> Asked:
    """A question as the ask-and-record use case takes it, asked by this caller in a collection it may read. A
    shared anonymous caller's `conversation_id` brings no earlier questions: they could be anyone's."""
    with runtime.session() as session:
        access_for(session=session, principal=caller).check_read(details.get("collection")
                                                                 or runtime.settings.default_collection)
    if caller.shared and details.get("history") is None:
        details["history"] = ()
    return Asked(question, asked_by=caller.name, **details)


def rated(runtime: Runtime, caller: Principal, access: Access, answer_id: str, *, rating: str, reason: str | None,
          comment: str | None) -> Rating:
    """The caller's rating, stored by the rate use case; a thumbs-down on a reviewed answer that was served sends its
    golden item back to review at once (`eval.reopen_disliked`)."""
    with runtime.session() as session:
        row = rate(session=session, tracer=runtime.tracer, metrics=runtime.metrics, answer_id=answer_id,
                   rating=rating, reason=reason, comment=comment, rater=caller.name,
                   sees_every_answer=caller.can(Role.AGENT), hidden_collections=access.unreadable())
        if row.rating == "down":
            reopen_disliked(session=session, answer_id=answer_id)
        return row


def local_path(url: str) -> str:
    """`url` reduced to a path on this site (so a `next=` parameter cannot send anyone elsewhere)."""
    parts = urlsplit(url or "/")
    local = parts.path + (f"?{parts.query}" if parts.query else "")
    return local if local.startswith("/") and not local.startswith(("//", "/\\")) else "/"


def came_from(request: Request) -> str:
    """The page of this site a link was followed from (its Referer) as a local path; "/" when the Referer is another
    site's, or not sent."""
    referer = request.headers.get("referer", "")
    parts = urlsplit(referer)
    same_site = parts.scheme in ("http", "https") and parts.netloc == request.headers.get("host")
    return local_path(referer) if same_site else "/"
