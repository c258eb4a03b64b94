"""The FastAPI app factory: routes, middleware and error pages over a `core.runtime.Runtime` (`app.state.runtime`),
whose parts are built when the app starts."""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from core import ownership
from core.embeddings import Embedder
from core.errors import ErrorCode, RagloopError
from core.runtime import Runtime
from core.settings import Settings
from eval import metric_label, metric_value
from feedback import REASONS
from ingest import MAX_FILES_PER_UPLOAD
from retrieval import language_of
from web.auth import (LoginThrottle, SessionCookieMiddleware, Sessions, check_route_policy, current_principal,
                      load_secret, resolved_principal)
from web.deps import local_path
from web.i18n import confidence_level, confidence_reason, language, percent, translator
from web.middleware import BodyLimitMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from web.pending import PendingQuestions
from web.render import answer_html, answer_line, inline_markdown, markdown_html, shown_source

WEB_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


def start_background(app: FastAPI, runtime: Runtime) -> None:
    """The nightly run at RAGLOOP_NIGHTLY_AT and the alert checks, each in a thread of its own, when configured."""
    from eval import run_nightly
    from feedback import Alerts
    from web.scheduler import NightlyScheduler, Periodic

    settings = runtime.settings
    app.state.scheduler = app.state.alerts = None
    if settings.nightly_at:
        app.state.scheduler = NightlyScheduler(settings.nightly_at, lambda: run_nightly(
            runtime, report_dir=settings.data_dir / "reports"))
        app.state.scheduler.start()
    alerts = Alerts(settings=settings, session_factory=runtime.session_factory)
    if alerts.rules:
        app.state.alerts = Periodic(settings.alert_check_s, alerts.check, name="alerts")
        app.state.alerts.start()


def stop_background(app: FastAPI) -> None:
    for thread in (app.state.scheduler, app.state.alerts):
        if thread:
            thread.stop()


def create_app(settings: Settings | None = None, *, embedder: Embedder | None = None,
               runtime: Runtime | None = None) -> FastAPI:
    """The app over a runtime (one is built from `settings` otherwise; `embedder` lets a caller share one already
    loaded). The app builds the parts it serves with when it starts, and closes the runtime it built."""
    owned = runtime is None
    runtime = runtime or Runtime(settings, embedder=embedder)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runtime.warm_up()
        start_background(app, runtime)
        yield
        stop_background(app)
        if owned:
            runtime.close()

    # /docs and /redoc are the app's own pages (web.routes.api), on vendored assets: they work offline.
    app = FastAPI(title="ragloop", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.runtime = runtime
    settings = runtime.settings
    app.state.login_throttle = LoginThrottle(runtime.session)
    app.state.pending = PendingQuestions(runtime.session)
    app.state.templates = templates = _templates()
    app.state.playground_services = OrderedDict()  # answer services of the playground's configurations, kept built
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    from web.routes import (account, admin, api, documents, documents_api, local, openai_compat, pages, playground,
                            quality, review)

    for module in (api, openai_compat, documents_api):
        app.include_router(module.router, tags=["JSON API"])
    for module in (pages, account, documents, review, quality, playground, admin):
        app.include_router(module.router, tags=["pages (HTML, htmx)"])
    app.include_router(local.router, tags=["the ragloop command on this machine"])
    check_route_policy(app.routes)
    _add_error_handlers(app, templates)
    sessions = Sessions(load_secret(settings), max_age_s=settings.session_max_age_s,
                        secure=settings.environment == "production")
    app.add_middleware(SessionCookieMiddleware, sessions=sessions)
    app.add_middleware(BodyLimitMiddleware, limit_for=lambda path: body_limit(settings, path))
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware)
    return app


MAX_BODY_BYTES = 8_000_000  # questions with their chat history, ratings, forms
MAX_JOB_BYTES = 64_000_000  # the command's ingestion job: every path of a large folder
UPLOAD_PATHS = ("/documents/upload", "/api/documents")  # the page's and the JSON API's


def body_limit(settings: Settings, path: str) -> int:
    """How many bytes a request body to `path` may have: an upload's files, with room for the form around them."""
    if path in UPLOAD_PATHS:
        return settings.max_upload_bytes * MAX_FILES_PER_UPLOAD + MAX_BODY_BYTES
    return MAX_JOB_BYTES if path == ownership.INGEST_JOBS else MAX_BODY_BYTES


def _page_context(request: Request) -> dict:
    """What every page template sees: the caller, its CSRF token, and the interface text in its language."""
    lang = language(request)
    principal = current_principal(request)
    return {"lang": lang, "t": translator(lang), "principal": principal, "csrf": principal.csrf,
            "anonymous_chat": request.app.state.runtime.settings.anonymous_chat}


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=WEB_DIR / "templates", context_processors=[_page_context])
    templates.env.filters.update(answer_html=answer_html, answer_line=answer_line, markdown=markdown_html,
                                 inline_markdown=inline_markdown,
                                 metric_label=metric_label, shown_source=shown_source)
    templates.env.globals.update(confidence_level=confidence_level, confidence_reason=confidence_reason,
                                 percent=percent, reasons=REASONS, metric_value=metric_value,
                                 text_language=language_of)
    return templates


_ERROR_SLOT = re.compile(r"#[A-Za-z][\w-]{0,40}")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/v1/")) or "application/json" in request.headers.get("accept", "")


def _to_login(request: Request):
    """Not signed in: a page goes to the sign-in page and comes back after; htmx is told to do the same."""
    back = request.url.path if request.method == "GET" else request.headers.get("hx-current-url", "/")
    target = "/login?" + urlencode({"next": local_path(back)})
    if request.headers.get("hx-request"):
        return JSONResponse({"error": "unauthenticated"}, status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _shown_values(request: Request, values: dict) -> dict:
    """An error's values as its page shows them: a word of the interface (a role) in the page's language, anything
    else (a number, what the caller typed) as it is."""
    t = translator(language(request))
    return {key: t(value) if isinstance(value, str) else value for key, value in values.items()}


def _add_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def render_error(request: Request, status: int, code: str, detail: str, values: dict | None = None):
        """`detail`: the sentence, with {placeholders} that `values` fill (a page translates it before filling)."""
        request.app.state.runtime.metrics.errors.labels(kind=code).inc()
        if _wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse({"error": code, "detail": detail.format(**values) if values else detail},
                                status_code=status, headers=headers)
        if status == 401:
            return _to_login(request)
        template = "_error.html" if request.headers.get("hx-request") else "error.html"
        # htmx swaps error responses too (base.html's htmx-config); a form that keeps its errors in a place of their
        # own names it (`X-Error-Target: #id`), so that the error goes there and the next answer clears it
        slot = request.headers.get("x-error-target", "") if request.headers.get("hx-request") else ""
        headers = {"HX-Retarget": slot, "HX-Reswap": "innerHTML"} if _ERROR_SLOT.fullmatch(slot) else None
        return templates.TemplateResponse(request, template, {"status": status, "detail": detail,
                                                              "values": _shown_values(request, values or {})},
                                          status_code=status, headers=headers)

    @app.exception_handler(RagloopError)
    async def ragloop_error(request: Request, exc: RagloopError):
        return render_error(request, exc.code.status, exc.code.name.lower(), exc.sentence, exc.values)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # no such route, method not allowed
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        detail = "no such page" if exc.status_code == 404 else str(exc.detail)
        if not _wants_json(request):
            await resolved_principal(request)  # the page shows who is signed in: found off the event loop
        response = render_error(request, exc.status_code, code, detail)
        response.headers.update(exc.headers or {})  # a 405's Allow
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        if all(e["loc"][0] == "path" for e in exc.errors()):  # /reports/abc, /golden/0: no such id, so no such page
            return render_error(request, 404, "not_found", "no such page")
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return render_error(request, ErrorCode.BAD_INPUT.status, "bad_input", detail)

    @app.exception_handler(SQLAlchemyTimeout)
    async def database_busy(request: Request, exc: Exception):
        log.warning("no database connection free on %s: %s", request.url.path, exc)
        return render_error(request, 503, "unavailable", "the server is busy; try again in a moment")

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception):
        if isinstance(exc, OperationalError) and "locked" in str(exc.orig):  # SQLite: the writer lock timed out
            return await database_busy(request, exc)
        log.exception("unhandled error on %s", request.url.path)
        return render_error(request, 500, "internal", "something went wrong on our side")

