"""Signing in and out, and the interface language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from core.errors import RagloopError
from web.auth import Principal, authenticate, csrf_only, end_session, start_session, user_session
from web.deps import CallerDep, RuntimeDep, came_from, local_path
from web.i18n import LANG_COOKIE, LANGUAGES
from web.render import render
from web.store import has_users

router = APIRouter()
LANG_COOKIE_MAX_AGE_S = 365 * 24 * 3600


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, caller: CallerDep, runtime: RuntimeDep,
               next: Annotated[str, Query(max_length=2000)] = "/"):
    """The sign-in form; on a server with no account yet, it says how the first one is made."""
    with runtime.session() as session:
        first_start = not has_users(session=session)
    return render(request, "login.html", {"next": local_path(next), "error": None, "first_start": first_start})


@router.post("/login")
def login(request: Request, caller: Annotated[Principal, Depends(csrf_only)],
          name: Annotated[str, Form(max_length=100)] = "", password: Annotated[str, Form(max_length=1000)] = "",
          next: Annotated[str, Form(max_length=2000)] = "/"):
    try:
        user = authenticate(request, name.strip(), password)
    except RagloopError as exc:  # shown on the form itself, with the name kept
        return render(request, "login.html", {"next": local_path(next), "error": exc.message, "name": name},
                      status=exc.code.status)
    start_session(request, user_session(user))  # a fresh session and CSRF token: nothing carries over
    return RedirectResponse(local_path(next), status_code=303)


@router.post("/logout")
def logout(request: Request, caller: Annotated[Principal, Depends(csrf_only)], runtime: RuntimeDep):
    """Sign out: the cookie is cleared in the browser and the session revoked on the server, so a copy of the cookie
    stops working too."""
    data = request.state.session or {}
    if caller.via == "session":
        with runtime.session() as session:
            end_session(session=session, data=data, max_age_s=runtime.settings.session_max_age_s)
    start_session(request, None)
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def choose_language(request: Request, code: str, next: Annotated[str | None, Query(max_length=2000)] = None):
    """Sets the language, then back to `next`, or to the page the switch was clicked on: its address as the browser
    shows it, which htmx may have changed since the page came (a conversation's `/?c=ID`)."""
    response = RedirectResponse(local_path(next) if next is not None else came_from(request), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=LANG_COOKIE_MAX_AGE_S, samesite="lax", httponly=True)
    return response
