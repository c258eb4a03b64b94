"""The golden set for agents (review candidates, approve, retire, stale items), the nightly reports for agents
and admins, and the content-gap list for docs editors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from eval import store
from eval.golden import STATUSES, flag_stale, review_item
from web.deps import AgentUser, EditorUser
from web.routes.pages import render

router = APIRouter()
# Reports are self-contained pages of our own making: inline styles and embedded images, never a script.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


@router.get("/golden", response_class=HTMLResponse)
def golden_page(request: Request, agent: AgentUser, status: Annotated[str, Query(max_length=20)] = "candidate"):
    if status not in (*STATUSES, "stale", ""):
        raise RagloopError(ErrorCode.BAD_INPUT, "status must be candidate, approved, retired, stale or empty (all)")
    with session_scope(request.app.state.session_factory) as session:
        flag_stale(session=session)
        items = store.list_golden(session=session, status=status if status in STATUSES else None)
    if status == "stale":
        items = [i for i in items if i.stale_reason]
    return render(request, "golden.html", {"items": items, "status": status})


@router.get("/golden/{item_id}", response_class=HTMLResponse)
def golden_item(item_id: int, request: Request, agent: AgentUser):
    with session_scope(request.app.state.session_factory) as session:
        item = store.get_golden(session=session, item_id=item_id)
        if item is None:
            raise RagloopError(ErrorCode.NOT_FOUND, f"no golden item {item_id}")
        return render(request, "golden_item.html", {"item": item, "saved": None})


@router.post("/golden/{item_id}", response_class=HTMLResponse)
def review_golden_item(item_id: int, request: Request, agent: AgentUser,
                       action: Annotated[str, Form(max_length=10)] = "save",
                       reference_answer: Annotated[str, Form(max_length=10_000)] = "",
                       reference_documents: Annotated[str, Form(max_length=20_000)] = "",
                       answerable: Annotated[bool, Form()] = False):
    documents = [line for line in reference_documents.splitlines() if line.strip()]
    with session_scope(request.app.state.session_factory) as session:
        item = review_item(session=session, item_id=item_id, action=action, reference_answer=reference_answer,
                           reference_documents=documents, answerable=answerable)
        return render(request, "_golden_form.html", {"item": item, "saved": action})


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, agent: AgentUser):
    with session_scope(request.app.state.session_factory) as session:
        runs = list(reversed(store.list_runs(session=session)))
    return render(request, "reports.html", {"runs": runs})


@router.get("/reports/{run_id}", response_class=HTMLResponse)
def report(run_id: int, request: Request, agent: AgentUser):
    with session_scope(request.app.state.session_factory) as session:
        run = store.get_run(session=session, run_id=run_id)
        path = run.report_path if run else None
    if not path:
        raise RagloopError(ErrorCode.NOT_FOUND, f"no report for run {run_id}")
    try:
        html = open(path, encoding="utf-8").read()  # noqa: SIM115 (a short read)
    except OSError:
        raise RagloopError(ErrorCode.NOT_FOUND, f"the report file of run {run_id} is gone") from None
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_POLICY})


@router.get("/documents/gaps", response_class=HTMLResponse)
def content_gaps(request: Request, editor: EditorUser):
    with session_scope(request.app.state.session_factory) as session:
        gaps = store.content_gaps(session=session)
    return render(request, "gaps.html", {"gaps": gaps})
