"""The chat page and its htmx fragments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from feedback import rate
from web.deps import SessionDep, SettingsDep, ask_and_record

router = APIRouter()

REASONS = {"wrong_answer": "Wrong answer", "wrong_citation": "Wrong or missing citation",
           "outdated": "Outdated", "missing_document": "The document is missing", "other": "Other"}


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, settings: SettingsDep):
    return request.app.state.templates.TemplateResponse(
        request, "chat.html", {"collection": settings.default_collection})


@router.post("/chat", response_class=HTMLResponse)
def chat(request: Request, session: SessionDep, question: Annotated[str, Form(max_length=10_000)] = "",
         collection: Annotated[str | None, Form(max_length=200)] = None):
    answer_id, answer = ask_and_record(request, session, question, collection)
    return request.app.state.templates.TemplateResponse(
        request, "_answer.html", {"answer_id": answer_id, "answer": answer, "reasons": REASONS})


@router.post("/answers/{answer_id}/rate", response_class=HTMLResponse)
def rate_answer(answer_id: str, request: Request, session: SessionDep,
                rating: Annotated[str, Form(max_length=4)] = "",
                reason: Annotated[str | None, Form(max_length=100)] = None):
    row = rate(session=session, tracer=request.app.state.tracer, answer_id=answer_id, rating=rating,
               reason=reason if rating == "down" and reason in REASONS else None)
    request.app.state.metrics.ratings.labels(rating=row.rating).inc()
    return request.app.state.templates.TemplateResponse(
        request, "_rated.html", {"answer_id": answer_id, "rating": row.rating, "reason": REASONS.get(row.reason)})
