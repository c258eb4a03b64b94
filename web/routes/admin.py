"""Admins: users and their roles, the settings the server runs with (secrets masked), and monitoring."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import SecretStr

from core import audit
from core.errors import ErrorCode, RagloopError
from core.settings import shown
from eval import list_runs
from web import store
from web.auth import ROLE_NAMES, add_user, change_account, grant, overview, restrict, revoke
from web.deps import AdminUser, RuntimeDep, SessionDep, SettingsDep
from web.i18n import language, translator
from web.render import render

router = APIRouter()


def _access_page(request: Request, session, template: str, saved: str | None = None, *, status: int = 200,
                 **more):
    """The users page or a part of it, with the users and the collections' access. The users table's answers carry
    the access section too (swapped in beside it): its grant form lists the users, and a user just added or deleted
    is granted or gone there at once (`with_access`)."""
    return render(request, template, {"users": store.list_users(session=session), "roles": ROLE_NAMES,
                                      "collections": overview(session=session), "saved": saved, **more},
                  status=status)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, admin: AdminUser, session: SessionDep):
    return _access_page(request, session, "users.html")


@router.post("/admin/users/{name}/account", response_class=HTMLResponse)
def account_action(name: str, request: Request, admin: AdminUser, session: SessionDep,
                   action: Annotated[str, Form(max_length=20)] = ""):
    done, refused = None, None  # done: (sentence, values), said in the page's language
    if name == admin.name and action in ("disable", "delete"):  # said above the table, which stays
        refused = "An admin cannot disable or delete their own account."
    else:
        done = change_account(session=session, name=name, action=action)
        audit.record(session=session, actor=admin.name, action=f"user {action}", target=name)
    return _access_page(request, session, "_users_table.html", done=done, refused=refused, with_access=True,
                        status=422 if refused else 200)


@router.post("/admin/collections/restrict", response_class=HTMLResponse)
def restrict_collection(request: Request, admin: AdminUser, session: SessionDep,
                        collection: Annotated[str, Form(max_length=200)] = "",
                        restricted: Annotated[bool, Form()] = True):
    restrict(session=session, collection=collection, restricted=restricted)
    audit.record(session=session, actor=admin.name, action="restrict" if restricted else "open", target=collection)
    return _access_page(request, session, "_access.html", saved=f"{collection}: "
                        + ("restricted" if restricted else "open to every signed-in user"))


@router.post("/admin/grants", response_class=HTMLResponse)
def grant_collection(request: Request, admin: AdminUser, session: SessionDep,
                     name: Annotated[str, Form(max_length=100)] = "",
                     collection: Annotated[str, Form(max_length=200)] = "",
                     write: Annotated[bool, Form()] = False):
    grant(session=session, name=name, collection=collection, write=write)
    audit.record(session=session, actor=admin.name, action="grant", target=collection, user=name, write=write)
    return _access_page(request, session, "_access.html", saved=f"{name}: {collection}"
                        + (" (write)" if write else ""))


@router.post("/admin/grants/revoke", response_class=HTMLResponse)
def revoke_collection(request: Request, admin: AdminUser, session: SessionDep,
                      name: Annotated[str, Form(max_length=100)] = "",
                      collection: Annotated[str, Form(max_length=200)] = ""):
    revoke(session=session, name=name, collection=collection)
    audit.record(session=session, actor=admin.name, action="revoke", target=collection, user=name)
    return _access_page(request, session, "_access.html", saved=f"{name}: {collection} revoked")


@router.post("/admin/users", response_class=HTMLResponse)
def save_user(request: Request, admin: AdminUser, runtime: RuntimeDep, name: Annotated[str, Form(max_length=100)] = "",
              role: Annotated[str, Form(max_length=20)] = "user",
              password: Annotated[str, Form(max_length=1000)] = ""):
    with runtime.session() as session:
        user = add_user(session=session, name=name.strip(), role=role, password=password or None)
        saved, tokens_only = user.name, user.password_hash is None
        audit.record(session=session, actor=admin.name, action="user saved", target=saved, role=role,
                     password_changed=bool(password))
    with runtime.session() as session:  # an account with no password is said to sign in with API tokens only
        return _access_page(request, session, "_users_table.html", saved=saved, tokens_only=tokens_only,
                            with_access=True)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(request: Request, admin: AdminUser, session: SessionDep):
    return render(request, "audit.html", {"events": audit.events(session=session, limit=500)})


def _as_set(value) -> str:
    """A value as the environment variable would be set: unset is empty, booleans are true and false."""
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else str(value)


# The settings page's sections, in order, each with the beginnings of the names it holds; a setting matching none
# is in the last ("Other"), so a new one is shown before anyone files it.
SETTING_GROUPS = (
    ("Storage and servers", ("environment", "data_dir", "database_url", "answer_concurrency", "db_pool_", "qdrant_",
                             "default_collection", "log_format", "upload_dir", "model_cache_dir", "max_upload_bytes",
                             "max_archive_bytes")),
    ("Embeddings and ingestion", ("embedding_", "chunk_")),
    ("Retrieval", ("retrieval_mode", "hybrid_", "fusion", "rrf_k", "bm25_", "rerank", "top_k")),
    ("Answers", ("generator", "max_answer_sentences", "refusal_", "calibration_file", "citation_",
                 "max_question_chars", "prompt_")),
    ("Language models", ("llm_", "local_llm_")),
    ("Privacy and safety", ("pii_", "injection_policy", "moderation_")),
    ("Quality loop", ("gate", "judge_", "mining_", "verified_", "topic_", "nightly_", "ab_test")),
    ("Sign-in", ("secret_key", "session_", "anonymous_chat", "trusted_proxies")),
    ("Alerts", ("alert_",)),
    ("Tracing", ("langfuse_",)),
)


def _group_of(name: str) -> str:
    return next((title for title, starts in SETTING_GROUPS if name.startswith(starts)), "Other")


def _is_default(value, field) -> bool:
    default = field.get_default(call_default_factory=True)
    if isinstance(value, SecretStr) and isinstance(default, SecretStr):
        return value.get_secret_value() == default.get_secret_value()
    return value == default


@router.get("/admin/settings", response_class=HTMLResponse)
def settings_page(request: Request, admin: AdminUser, settings: SettingsDep):
    """Every setting in its section, with its value as the environment variable would be set (secrets hidden) and
    whether it differs from the default: what an admin looks for first."""
    groups: dict[str, list[tuple[str, str, str, bool]]] = {title: [] for title, _ in (*SETTING_GROUPS, ("Other", ()))}
    for name, field in type(settings).model_fields.items():
        value = getattr(settings, name)
        groups[_group_of(name)].append((name, _as_set(shown(value)), field.description or "",
                                        not _is_default(value, field)))
    sections = [(title, rows) for title, rows in groups.items() if rows]
    changed = sum(changed for _, rows in sections for *_, changed in rows)
    return render(request, "settings.html", {"sections": sections, "changed": changed})


@router.get("/admin/monitoring", response_class=HTMLResponse)
def monitoring_page(request: Request, admin: AdminUser, session: SessionDep, window: Annotated[str,
                    Query(max_length=10)] = "week"):
    from feedback import STAGES, WINDOWS, operations_summary
    from web.plots import daily_plots, korean_font

    if window not in WINDOWS:
        raise RagloopError(ErrorCode.BAD_INPUT, "window must be one of {windows}", windows=", ".join(WINDOWS))
    data = operations_summary(session=session, window=window)
    series = [("answers", "answers per day"), ("latency_p95", "p95 latency (ms)"), ("down_rate", "thumbs-down rate"),
              ("cost_usd", "cost (USD)")]
    font = korean_font() if language(request) == "ko" else None
    if font:  # titles in the page's language where a font here draws them, else in English
        series = [(key, translator("ko")(label)) for key, label in series]
    charts = daily_plots(data["days"], series, font=font)
    topics_run = next((run for run in reversed(list_runs(session=session)) if "topics" in (run.config or {})), None)
    return render(request, "monitoring.html", {"data": data, "windows": list(WINDOWS), "charts": charts,
                                               "stages": STAGES, "topics_run": topics_run,
                                               "topics": topics_run.config["topics"] if topics_run else None})
