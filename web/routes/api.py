"""The JSON API (see the README): ask, rate, health and metrics."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from feedback import rate
from web.deps import ChatUser, SessionDep, ask_and_record
from web.routes.pages import visible_answer

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
    reason: str | None = Field(default=None, max_length=100)
    comment: str | None = Field(default=None, max_length=2000)


@router.post("/api/ask")
def api_ask(body: AskRequest, request: Request, session: SessionDep, caller: ChatUser) -> dict:
    answer_id, answer = ask_and_record(request, session, body.question, body.collection, asked_by=caller,
                                       conversation_id=body.conversation_id, source=body.source,
                                       tags=tuple(body.tags))
    return answer.to_api(answer_id)


@router.post("/api/answers/{answer_id}/feedback")
def api_feedback(answer_id: str, body: FeedbackRequest, request: Request, session: SessionDep,
                 caller: ChatUser) -> dict:
    visible_answer(session, answer_id, caller)
    row = rate(session=session, tracer=request.app.state.tracer, answer_id=answer_id, rating=body.rating,
               reason=body.reason, comment=body.comment, rater=caller.name)
    request.app.state.metrics.ratings.labels(rating=row.rating).inc()
    return {"answer_id": answer_id, "rating": row.rating, "reason": row.reason, "comment": row.comment}


@router.get("/healthz")
def healthz(request: Request) -> dict:
    return {"status": "ok", "chunks": request.app.state.index.count()}


@router.get("/metrics")
def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type="text/plain; version=0.0.4")
