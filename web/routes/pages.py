"""The chat page: questions posted with htmx, answers streamed back as server-sent events, ratings with reasons,
and the source viewer that shows a cited passage in its document."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from markupsafe import escape

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from feedback import get_answer, rate, ratings_for
from ingest import store as documents
from web.auth import Principal, Role
from web.deps import ChatUser, SettingsDep, answers_for, conversation_history, record
from web.i18n import REASONS
from web.pending import PendingQuestion

router = APIRouter()
MAX_OVERLAP_CHARS = 2000


def render(request: Request, template: str, context: dict, status: int = 200):
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, caller: ChatUser, settings: SettingsDep):
    return render(request, "chat.html", {"collection": settings.default_collection,
                                         "conversation_id": secrets.token_hex(8)})


@router.post("/chat", response_class=HTMLResponse)
def chat(request: Request, caller: ChatUser, settings: SettingsDep,
         question: Annotated[str, Form(max_length=10_000)] = "",
         collection: Annotated[str | None, Form(max_length=200)] = None,
         conversation_id: Annotated[str | None, Form(max_length=64)] = None):
    question = question.strip()
    if not question:
        raise RagloopError(ErrorCode.BAD_INPUT, "type a question first")
    if len(question) > settings.max_question_chars:
        raise RagloopError(ErrorCode.BAD_INPUT, f"the question is longer than {settings.max_question_chars} "
                                                "characters")
    key = request.app.state.pending.add(PendingQuestion(caller.name, question, collection or None,
                                                        conversation_id or None))
    return render(request, "_pending.html", {"key": key, "question": question})


@router.get("/chat/stream/{key}")
def chat_stream(key: str, request: Request, caller: ChatUser):
    item = request.app.state.pending.take(key, owner=caller.name)
    return StreamingResponse(_answer_events(request, caller, item), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _answer_events(request: Request, caller: Principal, item: PendingQuestion | None) -> Iterator[str]:
    """`draft` events with the text so far (escaped), then one `done` event with the checked answer."""
    if item is None:
        yield _event("done", _fragment(request, "_error.html", {"status": 404, "detail":
                                                                 "this question has expired; ask it again"}))
        return
    try:
        with session_scope(request.app.state.session_factory) as session:
            history = conversation_history(session, caller, item.conversation_id)
        text, (service, arm) = "", answers_for(request, caller)
        for event in service.ask_stream(item.question, collection=item.collection, history=history,
                                        user=caller.name, conversation=item.conversation_id):
            if event["event"] == "done":
                yield _event("done", _finished(request, caller, item, event["answer"], arm))
                return
            text = "" if event["event"] == "reset" else text + event["text"]
            yield _event("draft", str(escape(text)))
    except RagloopError as exc:
        yield _event("done", _fragment(request, "_error.html", {"status": exc.code.status, "detail": exc.message}))


def _finished(request: Request, caller: Principal, item: PendingQuestion, answer, arm: str | None) -> str:
    with session_scope(request.app.state.session_factory) as session:
        answer_id = record(request, session, answer, asked_by=caller, conversation_id=item.conversation_id,
                           arm=arm)
    return _fragment(request, "_answer.html", {"answer_id": answer_id, "answer": answer, "rating": None})


def _event(name: str, html: str) -> str:
    data = "\n".join(f"data: {line}" for line in html.splitlines() or [""])
    return f"event: {name}\n{data}\n\n"


def _fragment(request: Request, template: str, context: dict) -> str:
    return render(request, template, context).body.decode()


@router.post("/answers/{answer_id}/rate", response_class=HTMLResponse)
def rate_answer(answer_id: str, request: Request, caller: ChatUser,
                rating: Annotated[str, Form(max_length=4)] = "",
                reason: Annotated[str | None, Form(max_length=100)] = None,
                comment: Annotated[str | None, Form(max_length=2000)] = None):
    with session_scope(request.app.state.session_factory) as session:
        visible_answer(session, answer_id, caller)
        row = rate(session=session, tracer=request.app.state.tracer, answer_id=answer_id, rating=rating,
                   reason=reason if rating == "down" and reason in REASONS else None,
                   comment=comment if rating == "down" else None, rater=caller.name)
        request.app.state.metrics.ratings.labels(rating=row.rating).inc()
    return render(request, "_rate.html", {"answer_id": answer_id, "rating": row, "saved": True})


def visible_answer(session, answer_id: str, caller: Principal):
    """The answer, if the caller may see it: agents see every answer, others the ones they asked."""
    answer = get_answer(session=session, answer_id=answer_id)
    if answer is None or not (caller.can(Role.AGENT) or answer.asked_by in (None, caller.name)):
        raise RagloopError(ErrorCode.NOT_FOUND, "no such answer")
    return answer


def caller_rating(session, answer_id: str, caller: Principal):
    return next((r for r in ratings_for(session=session, answer_id=answer_id) if r.rater == caller.name), None)


@router.get("/sources/{document_id}", response_class=HTMLResponse)
def source_viewer(document_id: str, request: Request, caller: ChatUser,
                  chunk: Annotated[str | None, Query(max_length=64)] = None):
    with session_scope(request.app.state.session_factory) as session:
        document = documents.get_document(session=session, document_id=document_id)
        if document is None:
            raise RagloopError(ErrorCode.NOT_FOUND, "this document is no longer in the knowledge base")
        title, source = document.title, document.source
    passages = document_passages(request.app.state.index.chunks(document_id=document_id))
    return render(request, "source.html", {"title": title, "source": source, "passages": passages,
                                           "highlight": chunk})


def document_passages(chunks) -> list[dict]:
    """The document's chunks in order, each without the overlap it repeats from the one before."""
    passages, previous = [], ""
    for hit in sorted(chunks, key=lambda h: h.payload.get("position", 0)):
        text = hit.text
        overlap = next((k for k in range(min(len(previous), len(text), MAX_OVERLAP_CHARS), 15, -1)
                        if previous.endswith(text[:k])), 0)
        passages.append({"chunk_id": hit.id, "text": text[overlap:].lstrip(), "page": hit.payload.get("page"),
                         "heading": hit.payload.get("heading_path") or ""})
        previous = text
    return passages
