"""Admins: users and their roles, the settings the server runs with (secrets masked), and monitoring."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import SecretStr

from core.errors import ErrorCode, RagloopError
from core.runtime import Runtime
from web import store
from web.auth import ROLE_NAMES, add_user
from web.deps import AdminUser, RuntimeDep, SessionDep, SettingsDep
from web.render import render

router = APIRouter()


def _users(runtime: Runtime) -> list[store.User]:
    with runtime.session() as session:
        return store.list_users(session=session)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, admin: AdminUser, runtime: RuntimeDep):
    return render(request, "users.html", {"users": _users(runtime), "roles": ROLE_NAMES, "saved": None})


@router.post("/admin/users", response_class=HTMLResponse)
def save_user(request: Request, admin: AdminUser, runtime: RuntimeDep, name: Annotated[str, Form(max_length=100)] = "",
              role: Annotated[str, Form(max_length=20)] = "user",
              password: Annotated[str, Form(max_length=1000)] = ""):
    with runtime.session() as session:
        saved = add_user(session=session, name=name.strip(), role=role, password=password or None).name
    return render(request, "_users_table.html", {"users": _users(runtime), "roles": ROLE_NAMES, "saved": saved})


@router.get("/admin/settings", response_class=HTMLResponse)
def settings_page(request: Request, admin: AdminUser, settings: SettingsDep):
    rows = [(name, "••••••" if isinstance(value, SecretStr) and value.get_secret_value() else value,
             field.description or "")
            for name, field in type(settings).model_fields.items() for value in [getattr(settings, name)]]
    return render(request, "settings.html", {"rows": rows})


@router.get("/admin/monitoring", response_class=HTMLResponse)
def monitoring_page(request: Request, admin: AdminUser, session: SessionDep, window: Annotated[str,
                    Query(max_length=10)] = "week"):
    from feedback import STAGES, WINDOWS, operations_summary
    from web.plots import daily_plot

    if window not in WINDOWS:
        raise RagloopError(ErrorCode.BAD_INPUT, f"window must be one of {', '.join(WINDOWS)}")
    data = operations_summary(session=session, window=window)
    plot = daily_plot(data["days"], [("answers", "answers per day"), ("latency_p95", "p95 latency (ms)"),
                                     ("down_rate", "thumbs-down rate"), ("cost_usd", "cost (USD)")])
    return render(request, "monitoring.html", {"data": data, "windows": list(WINDOWS), "plot": plot,
                                               "stages": STAGES})
