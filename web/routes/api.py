"""The JSON API (see the README): ask, rate, health and metrics."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from answer import ask_and_record
from core.errors import ErrorCode, RagloopError
from feedback import REASONS, rating_by, visible_answer
from web.auth import Role
from web.deps import AccessDep, ChatUser, RuntimeDep, SessionDep, asked, rated
from web.render import render

router = APIRouter()


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=10_000)
    collection: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=2000, description="only this document source")
    tags: list[str] = Field(default_factory=list, max_length=20, description="only chunks with any of these tags")
    conversation_id: str | None = Field(default=None, max_length=64,
                                        description="earlier questions with the same id give follow-ups context")


class FeedbackRequest(BaseModel):
    rating: Literal["up", "down"]
    reason: str | None = Field(default=None, max_length=100, description="with a thumbs-down: one of "
                                                                           + ", ".join(REASONS))
    comment: str | None = Field(default=None, max_length=2000)


@router.post("/api/ask")
def api_ask(body: AskRequest, caller: ChatUser, runtime: RuntimeDep) -> dict:
    recorded = ask_and_record(runtime, asked(runtime, caller, body.question, collection=body.collection,
                                             conversation_id=body.conversation_id, source=body.source,
                                             tags=tuple(body.tags)))
    return recorded.answer.to_api(recorded.answer_id)


@router.get("/api/answers/{answer_id}")
def api_answer(answer_id: str, caller: ChatUser, access: AccessDep, session: SessionDep) -> dict:
    """A stored answer as `POST /api/ask` gave it, with the caller's rating of it (None when not rated). Anonymous
    clients without a session cookie read none back: they all share one name."""
    if caller.shared:
        raise RagloopError(ErrorCode.NOT_FOUND, f"no answer with id {answer_id} (anonymous clients keep the answer "
                                                "that asking returned: sign in or keep the session cookie)")
    answer = visible_answer(session=session, answer_id=answer_id, viewer=caller.name,
                            sees_every_answer=caller.can(Role.AGENT), hidden_collections=access.unreadable())
    rating = rating_by(session=session, answer_id=answer_id, rater=caller.name)
    return {"answer_id": answer.id, "question": answer.question, "answer": answer.answer,
            "citations": answer.citations, "confidence": round(answer.confidence, 4), "refused": answer.refused,
            "trace_id": answer.trace_id, "collection": answer.collection, "created_at": answer.created_at.isoformat(),
            "verified": _verified(answer),
            "rating": {"rating": rating.rating, "reason": rating.reason, "comment": rating.comment}
            if rating else None}


def _verified(answer) -> dict | None:
    """{golden_id, reviewed_at} of a stored reviewed answer, as `POST /api/ask` gave it."""
    reviewed = (answer.generation or {}).get("reviewed") if answer.golden_id else None
    return {"golden_id": answer.golden_id, "reviewed_at": reviewed.get("reviewed_at")} if reviewed else None


@router.post("/api/answers/{answer_id}/feedback")
def api_feedback(answer_id: str, body: FeedbackRequest, caller: ChatUser, access: AccessDep,
                 runtime: RuntimeDep) -> dict:
    row = rated(runtime, caller, access, answer_id, rating=body.rating, reason=body.reason, comment=body.comment)
    return {"answer_id": answer_id, "rating": row.rating, "reason": row.reason, "comment": row.comment}


# Health checks have a thread of their own: a server busy answering must still say that it is up.
_HEALTH_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")


@router.get("/healthz")
async def healthz(runtime: RuntimeDep):
    """ok with the number of chunks; degraded (503) while the vector store cannot be reached or written."""
    try:
        chunks = await asyncio.get_running_loop().run_in_executor(_HEALTH_THREAD, runtime.index.health)
    except RagloopError as exc:
        return JSONResponse({"status": "degraded", "detail": exc.message}, status_code=503)
    return {"status": "ok", "chunks": chunks}


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request):
    """Swagger UI over the OpenAPI document, from web/static/vendor: no CDN, so it works offline."""
    return render(request, "api_docs.html", {"openapi_url": request.app.openapi_url})


@router.get("/redoc", include_in_schema=False)
def api_reference(request: Request):
    return render(request, "api_redoc.html", {"openapi_url": request.app.openapi_url})


@router.get("/metrics")
def metrics(runtime: RuntimeDep) -> Response:
    return Response(runtime.metrics.render(), media_type="text/plain; version=0.0.4")
