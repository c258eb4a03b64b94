"""The FastAPI app factory: heavy parts are built once in the lifespan and kept on `app.state`."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from core.errors import ErrorCode, RagloopError
from core.settings import Settings
from web.metrics import Metrics
from web.render import cite_links

WEB_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


def build_state(app: FastAPI, settings: Settings, embedder=None) -> None:
    from answer import build_answer_service
    from core.db import open_database
    from core.tracing import Tracer
    from ingest import IngestPipeline
    from ingest.jobs import JobRunner

    app.state.engine, app.state.session_factory = open_database(settings)
    app.state.tracer = Tracer(settings)
    app.state.answers = build_answer_service(settings, tracer=app.state.tracer, embedder=embedder,
                                             session_factory=app.state.session_factory)
    app.state.index = app.state.answers.retriever.index
    app.state.pipeline = IngestPipeline(settings=settings, embedder=app.state.answers.retriever.embedder,
                                        index=app.state.index, session_factory=app.state.session_factory)
    app.state.jobs = JobRunner(app.state.pipeline)


def close_state(app: FastAPI) -> None:
    app.state.jobs.close()
    app.state.tracer.shutdown()
    app.state.index.close()
    app.state.engine.dispose()


def create_app(settings: Settings | None = None, *, embedder=None) -> FastAPI:
    """The app; `embedder` lets a caller share one already loaded (the settings name the model otherwise)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        build_state(app, settings, embedder)
        yield
        close_state(app)

    app = FastAPI(title="ragloop", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = Metrics()
    templates = Jinja2Templates(directory=WEB_DIR / "templates")
    templates.env.filters["cite_links"] = cite_links
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    from web.routes import api, documents, local, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(documents.router)
    app.include_router(local.router)
    _add_error_handlers(app, templates)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/v1/")) or "application/json" in request.headers.get("accept", "")


def _add_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    def render_error(request: Request, status: int, code: str, detail: str):
        request.app.state.metrics.errors.labels(kind=code).inc()
        if _wants_json(request):
            return JSONResponse({"error": code, "detail": detail}, status_code=status)
        template = "_error.html" if request.headers.get("hx-request") else "error.html"
        # htmx swaps only 2xx responses by default; the fragment is marked so the page shows it anyway.
        return templates.TemplateResponse(request, template, {"status": status, "detail": detail},
                                          status_code=status)

    @app.exception_handler(RagloopError)
    async def ragloop_error(request: Request, exc: RagloopError):
        return render_error(request, exc.code.status, exc.code.name.lower(), exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return render_error(request, ErrorCode.BAD_INPUT.status, "bad_input", detail)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return render_error(request, 500, "internal", "something went wrong on our side")

