"""The chat page: questions posted with htmx, answers streamed back as server-sent events, ratings with reasons,
conversations kept per person (or visitor) and reopened from a side panel, and the source viewer that shows a cited
passage in its document."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from markupsafe import escape

from answer import SOCIAL, answer_and_record
from core import audit
from core.db import utcnow
from core.errors import ErrorCode, RagloopError
from core.runtime import Runtime
from eval import list_golden
from feedback import Conversation, conversation_answers, conversations_of, delete_conversation, ratings_by
from ingest import collection_names, document_passages, get_document
from web.auth import Access, Principal
from web.deps import AccessDep, ChatUser, RuntimeDep, SettingsDep, asked, rated
from web.i18n import language
from web.pending import PendingQuestion
from web.render import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, caller: ChatUser, access: AccessDep, runtime: RuntimeDep,
              c: Annotated[str | None, Query(max_length=64, description="a conversation of yours to reopen")] = None):
    return render(request, "chat.html", chat_context(runtime, caller, access, c, language=language(request)))


@router.get("/chat/examples", response_class=HTMLResponse)
def chat_examples(request: Request, caller: ChatUser, access: AccessDep, runtime: RuntimeDep,
                  collection: Annotated[str, Query(max_length=200)] = ""):
    """The example questions of the collection just picked to ask (none of one the caller may not read)."""
    with runtime.session() as session:
        examples = example_questions(session, access, collection, language(request),
                                     default_collection=runtime.settings.default_collection)
    return render(request, "_examples.html", {"examples": examples})


@router.post("/chat", response_class=HTMLResponse)
def chat(request: Request, caller: ChatUser, access: AccessDep, settings: SettingsDep, runtime: RuntimeDep,
         question: Annotated[str, Form(max_length=100_000)] = "",  # longer than the setting allows: said below
         collection: Annotated[str | None, Form(max_length=200)] = None,
         conversation_id: Annotated[str | None, Form(max_length=64)] = None):
    question = question.strip()
    if not question:
        raise RagloopError(ErrorCode.BAD_INPUT, "type a question first")
    if len(question) > settings.max_question_chars:
        raise RagloopError(ErrorCode.BAD_INPUT, "the question is {length} characters long: ask it in at most {limit}",
                           length=f"{len(question):,}", limit=f"{settings.max_question_chars:,}")
    access.check_read(collection or settings.default_collection)
    key = request.app.state.pending.add(PendingQuestion(caller.name, question, collection or None,
                                                        conversation_id or None))
    with runtime.session() as session:
        listed = listed_conversations(session, caller, current=conversation_id, asking=question)
    response = render(request, "_pending.html", {"key": key, "question": question, "conversations": listed,
                                                 "current": conversation_id})
    if conversation_id:  # a reload reopens this conversation
        response.headers["HX-Replace-Url"] = f"/?c={quote(conversation_id, safe='')}"
    return response


@router.post("/conversations/{conversation_id}/delete", response_class=HTMLResponse)
def delete_conversation_route(conversation_id: Annotated[str, Path(max_length=64)], request: Request,
                              caller: ChatUser, runtime: RuntimeDep,
                              current: Annotated[str | None, Form(max_length=64)] = None):
    with runtime.session() as session:
        deleted = delete_conversation(session=session, conversation_id=conversation_id, asked_by=caller.name)
        if not deleted:
            raise RagloopError(ErrorCode.NOT_FOUND, "no such conversation: it may have been deleted already")
        audit.record(session=session, actor=caller.name, action="conversation delete", target=conversation_id,
                     answers=deleted)
        listed = listed_conversations(session, caller, current=current)
    if "hx-request" not in request.headers:
        back = f"/?c={quote(current, safe='')}" if current and current != conversation_id else "/"
        return RedirectResponse(back, status_code=303)
    if conversation_id == current:  # the open one went: a new conversation
        return HTMLResponse("", headers={"HX-Redirect": "/"})
    return render(request, "_conversations.html", {"conversations": listed, "current": current})


def chat_context(runtime: Runtime, caller: Principal, access: Access, conversation_id: str | None, *,
                 language: str) -> dict:
    """The chat page: the caller's conversations, the one reopened (its answers, citations and the caller's
    ratings), the collections the caller may ask, and example questions for an empty page."""
    collection = runtime.settings.default_collection
    with runtime.session() as session:
        shown = []
        if conversation_id:
            rows = [row for row in conversation_answers(session=session, conversation_id=conversation_id,
                                                        asked_by=caller.name) if access.can_read(row.collection)]
            if not rows:
                raise RagloopError(ErrorCode.NOT_FOUND, "no such conversation: it may have been deleted")
            ratings = ratings_by(session=session, answer_ids=[row.id for row in rows], rater=caller.name)
            shown = [{"answer_id": row.id, "answer": stored_answer(row), "rating": ratings.get(row.id)}
                     for row in rows]
            collection = rows[-1].collection
        readable = [name for name in dict.fromkeys([collection, *collection_names(session=session)])
                    if access.can_read(name)]
        return {"conversation_id": conversation_id or secrets.token_hex(8), "current": conversation_id,
                "answers": shown, "collection": collection, "collections": sorted(readable),
                "conversations": listed_conversations(session, caller, current=conversation_id),
                "examples": [] if shown else example_questions(session, access, collection, language,
                                                               default_collection=runtime.settings.default_collection)}


def listed_conversations(session, caller: Principal, *, current: str | None = None,
                         asking: str = "") -> list[Conversation]:
    """The caller's conversations for the side panel, counting `asking` (the question being answered, whose answer is
    not stored yet) in the current one: a conversation just started is listed before its first answer is."""
    listed = conversations_of(session=session, asked_by=caller.name, untitled=(SOCIAL,))
    if current and asking:
        now = next((c for c in listed if c.id == current), None)
        listed = [c for c in listed if c.id != current]
        listed.insert(0, replace(now, questions=now.questions + 1, last_at=utcnow()) if now
                      else Conversation(current, asking, 1, utcnow()))
    return listed


def stored_answer(row) -> dict:
    """A stored answer as the answer fragment shows a fresh one."""
    generation = dict(row.generation or {})
    reviewed = generation.get("reviewed")
    if reviewed:
        reviewed = {**reviewed, "reviewed_at": datetime.fromisoformat(reviewed["reviewed_at"])}
    return {"question": row.question, "search_query": row.search_query, "answer": row.answer,
            "citations": row.citations or [], "confidence": row.confidence, "refused": row.refused,
            "generator": row.generator, "signals": generation.get("signals") or {}, "generation": generation,
            "reviewed": reviewed}


EXAMPLES = 4


def example_questions(session, access: Access, collection: str, language: str, *,
                      default_collection: str) -> list[str]:
    """Questions to try on an empty page: the latest approved, answerable golden questions of the collection in
    the interface's language that were imported (curated by the team; an item with no collection is the default
    collection's); never ones mined or promoted from what users asked, which everyone would see."""
    if not access.can_read(collection):
        return []
    items = [item for item in reversed(list_golden(session=session, status="approved", origin="imported"))
             if item.answerable and (item.collection or default_collection) == collection
             and item.language in (language, None)]
    return list(dict.fromkeys(item.question for item in items))[:EXAMPLES]


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
                comment: Annotated[str | None, Form(max_length=2000)] = None,
                telling: Annotated[str, Form(max_length=1)] = ""):
    """`telling`: sent from the form asking what was wrong, where Send with neither a reason nor a comment says so
    instead of thanking for nothing."""
    row = rated(runtime, caller, access, answer_id, rating=rating, reason=reason if rating == "down" else None,
                comment=comment if rating == "down" else None)
    nothing_told = bool(telling) and rating == "down" and not reason and not (comment or "").strip()
    return render(request, "_rate.html", {"answer_id": answer_id, "rating": row, "saved": not nothing_told,
                                          "nothing_told": nothing_told})


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
