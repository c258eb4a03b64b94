"""The chat page: questions posted with htmx, answers streamed back as server-sent events, ratings with reasons,
and the source viewer that shows a cited passage in its document."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from markupsafe import escape

from answer import answer_and_record
from core.errors import ErrorCode, RagloopError
from ingest import document_passages, get_document
from web.auth import Principal
from web.deps import AccessDep, ChatUser, RuntimeDep, SettingsDep, asked, rated
from web.pending import PendingQuestion
from web.render import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, caller: ChatUser, settings: SettingsDep):
    return render(request, "chat.html", {"collection": settings.default_collection,
                                         "conversation_id": secrets.token_hex(8)})


@router.post("/chat", response_class=HTMLResponse)
def chat(request: Request, caller: ChatUser, access: AccessDep, settings: SettingsDep,
         question: Annotated[str, Form(max_length=10_000)] = "",
         collection: Annotated[str | None, Form(max_length=200)] = None,
         conversation_id: Annotated[str | None, Form(max_length=64)] = None):
    question = question.strip()
    if not question:
        raise RagloopError(ErrorCode.BAD_INPUT, "type a question first")
    if len(question) > settings.max_question_chars:
        raise RagloopError(ErrorCode.BAD_INPUT, f"the question is longer than {settings.max_question_chars} "
                                                "characters")
    access.check_read(collection or settings.default_collection)
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
        text = ""
        runtime = request.app.state.runtime
        question = asked(runtime, caller, item.question, collection=item.collection,
                         conversation_id=item.conversation_id)
        for event in answer_and_record(runtime, question):
            if event["event"] == "done":
                recorded = event["recorded"]
                yield _event("done", _fragment(request, "_answer.html", {
                    "answer_id": recorded.answer_id, "answer": recorded.answer, "rating": None}))
                return
            text = "" if event["event"] == "reset" else text + event["text"]
            yield _event("draft", str(escape(text)))
    except RagloopError as exc:
        yield _event("done", _fragment(request, "_error.html", {"status": exc.code.status, "detail": exc.message}))


def _event(name: str, html: str) -> str:
    data = "\n".join(f"data: {line}" for line in html.splitlines() or [""])
    return f"event: {name}\n{data}\n\n"


def _fragment(request: Request, template: str, context: dict) -> str:
    return render(request, template, context).body.decode()


@router.post("/answers/{answer_id}/rate", response_class=HTMLResponse)
def rate_answer(answer_id: str, request: Request, caller: ChatUser, access: AccessDep, runtime: RuntimeDep,
                rating: Annotated[str, Form(max_length=4)] = "",
                reason: Annotated[str | None, Form(max_length=100)] = None,
                comment: Annotated[str | None, Form(max_length=2000)] = None):
    row = rated(runtime, caller, access, answer_id, rating=rating, reason=reason if rating == "down" else None,
                comment=comment if rating == "down" else None)
    return render(request, "_rate.html", {"answer_id": answer_id, "rating": row, "saved": True})


@router.get("/sources/{document_id}", response_class=HTMLResponse)
def source_viewer(document_id: str, request: Request, caller: ChatUser, access: AccessDep, runtime: RuntimeDep,
                  chunk: Annotated[str | None, Query(max_length=64)] = None):
    with runtime.session() as session:
        document = get_document(session=session, document_id=document_id)
        if document is None or not access.can_read(document.collection):
            raise RagloopError(ErrorCode.NOT_FOUND, "this document is no longer in the knowledge base")
        title, source = document.title, document.source
    return render(request, "source.html", {"title": title, "source": source, "highlight": chunk,
                                           "passages": document_passages(runtime.index, document_id)})
