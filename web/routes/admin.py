"""Admins: users and their roles, the settings the server runs with (secrets masked), and monitoring."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import SecretStr

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from web import store
from web.auth import ROLE_NAMES, add_user
from web.deps import AdminUser, SettingsDep
from web.routes.pages import render

router = APIRouter()


def _users(request: Request) -> list[store.User]:
    with session_scope(request.app.state.session_factory) as session:
        return store.list_users(session=session)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, admin: AdminUser):
    return render(request, "users.html", {"users": _users(request), "roles": ROLE_NAMES, "saved": None})


@router.post("/admin/users", response_class=HTMLResponse)
def save_user(request: Request, admin: AdminUser, name: Annotated[str, Form(max_length=100)] = "",
              role: Annotated[str, Form(max_length=20)] = "user",
              password: Annotated[str, Form(max_length=1000)] = ""):
    with session_scope(request.app.state.session_factory) as session:
        user = add_user(session=session, name=name.strip(), role=role, password=password or None)
        saved = user.name
    return render(request, "_users_table.html", {"users": _users(request), "roles": ROLE_NAMES, "saved": saved})


@router.get("/admin/settings", response_class=HTMLResponse)
def settings_page(request: Request, admin: AdminUser, settings: SettingsDep):
    rows = [(name, "••••••" if isinstance(value, SecretStr) and value.get_secret_value() else value,
             field.description or "")
            for name, field in type(settings).model_fields.items() for value in [getattr(settings, name)]]
    return render(request, "settings.html", {"rows": rows})


@router.get("/admin/monitoring", response_class=HTMLResponse)
def monitoring_page(request: Request, admin: AdminUser, window: Annotated[str, Query(max_length=10)] = "week"):
    from feedback.monitoring import STAGES, WINDOWS, monitoring
    from web.plots import daily_plot

    if window not in WINDOWS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"window must be one of {', '.join(WINDOWS)}")
    with session_scope(request.app.state.session_factory) as session:
        data = monitoring(session=session, window=window)
    plot = daily_plot(data["days"], [("answers", "answers per day"), ("latency_p95", "p95 latency (ms)"),
                                     ("down_rate", "thumbs-down rate"), ("cost_usd", "cost (USD)")])
    return render(request, "monitoring.html", {"data": data, "windows": list(WINDOWS), "plot": plot,
                                               "stages": STAGES})
