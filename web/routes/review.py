"""The review queue for support agents: rated answers by rating, reason, confidence, date and collection; an
answer's full provenance; rating any answer and promoting it to the golden set."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from core import audit
from core.errors import ErrorCode, RagloopError
from eval import find_golden, promote_answer
from feedback import (MISSING_DOCUMENT, WRONG_REASONS, collections, rating_by, ratings_for, review_queue,
                      visible_answer)
from web.deps import AccessDep, AgentUser, SessionDep, SettingsDep
from web.render import render

router = APIRouter()
RATING_FILTERS = ("", "up", "down", "unrated")


def _day(value: str | None, *, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise RagloopError(ErrorCode.BAD_INPUT, "{value} is not a date (YYYY-MM-DD)", value=repr(value)) from None
    return datetime.combine(day + timedelta(days=1 if end else 0), time.min, tzinfo=timezone.utc)


def _fraction(value: str) -> float | None:
    """A confidence bound as the agent types it, in percent like the table shows (empty: no bound), as a
    fraction."""
    if not value.strip():
        return None
    try:
        number = float(value.strip().rstrip("%"))
    except ValueError:
        number = -1.0
    if not 0.0 <= number <= 100.0:
        raise RagloopError(ErrorCode.BAD_INPUT, "confidence bounds are percentages from 0 to 100, not {value}",
                           value=repr(value))
    return number / 100


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, agent: AgentUser, access: AccessDep, session: SessionDep,
                rating: Annotated[str, Query(max_length=10)] = "down",
                reason: Annotated[str, Query(max_length=100)] = "",
                min_confidence: Annotated[str, Query(max_length=10)] = "",
                max_confidence: Annotated[str, Query(max_length=10)] = "",
                since: Annotated[str, Query(max_length=10)] = "", until: Annotated[str, Query(max_length=10)] = "",
                collection: Annotated[str, Query(max_length=200)] = ""):
    if rating not in RATING_FILTERS:
        raise RagloopError(ErrorCode.BAD_INPUT, "rating must be up, down, unrated or empty (any)")
    filters = {"rating": rating, "reason": reason, "min_confidence": min_confidence,
               "max_confidence": max_confidence, "since": since, "until": until, "collection": collection}
    rows = review_queue(session=session, rating=rating or None, reason=reason or None,
                        min_confidence=_fraction(min_confidence), max_confidence=_fraction(max_confidence),
                        since=_day(since), until=_day(until, end=True), collection=collection or None,
                        hidden_collections=access.unreadable())
    template = "_review_rows.html" if request.headers.get("hx-request") else "review.html"
    return render(request, template, {"rows": rows, "filters": filters, "collections": [
        c for c in collections(session=session) if access.can_read(c)]})


@router.get("/review/answers/{answer_id}", response_class=HTMLResponse)
def answer_detail(answer_id: str, request: Request, agent: AgentUser, access: AccessDep, settings: SettingsDep,
                  session: SessionDep):
    answer = visible_answer(session=session, answer_id=answer_id, viewer=agent.name, sees_every_answer=True,
                            hidden_collections=access.unreadable())
    ratings = ratings_for(session=session, answer_id=answer_id)
    golden = find_golden(session=session, question=answer.question)
    elsewhere = golden is not None and not access.can_read(golden.collection or settings.default_collection)
    if elsewhere:  # the same question in a collection this agent may not read: neither shown nor promotable
        golden = None
    mine = rating_by(session=session, answer_id=answer_id, rater=agent.name)
    trace_url = f"{settings.langfuse_host.rstrip('/')}/trace/{answer.trace_id}" if (
        settings.langfuse_host and answer.trace_id) else None
    reasons = {r.reason for r in ratings if r.rating == "down"}
    return render(request, "review_answer.html", {
        "answer": answer, "ratings": ratings, "golden": golden, "golden_elsewhere": elsewhere, "rating": mine,
        "trace_url": trace_url,
        # the promote form's starting point: cited documents ticked only when the answer was found right
        "citations_trusted": any(r.rating == "up" for r in ratings) and not reasons & set(WRONG_REASONS),
        "missing_document": MISSING_DOCUMENT in reasons})


@router.post("/review/answers/{answer_id}/promote", response_class=HTMLResponse)
def promote(answer_id: str, request: Request, agent: AgentUser, access: AccessDep, session: SessionDep,
            reference_answer: Annotated[str, Form(max_length=10_000)] = "",
            reference_documents: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
            answerable: Annotated[bool, Form()] = False):
    answer = visible_answer(session=session, answer_id=answer_id, viewer=agent.name, sees_every_answer=True,
                            hidden_collections=access.unreadable())
    item = promote_answer(session=session, answer=answer, reference_answer=reference_answer,
                          reference_documents=reference_documents, answerable=answerable, reviewer=agent.name)
    audit.record(session=session, actor=agent.name, action="promote", target=answer.question, answer_id=answer_id,
                 golden_item=item.id)
    return render(request, "_promoted.html", {"item": item})
