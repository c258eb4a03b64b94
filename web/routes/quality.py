"""The golden set for agents (review candidates, approve, retire, stale items), the nightly reports for agents
and admins, and the content-gap list for docs editors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse

from core import audit
from core.errors import ErrorCode, RagloopError
from eval import (STATUSES, Hidden, content_gaps, get_golden, get_run, list_golden, list_runs, report_in,
                  review_item, stale_reasons)
from web.auth.access import Access
from web.deps import AccessDep, AgentUser, EditorUser, SessionDep, SettingsDep
from web.i18n import language
from web.render import render

router = APIRouter()
ItemId = Annotated[int, Path(ge=1, le=2**63 - 1)]  # a database id: anything else is no such page, never a 500
# Reports are self-contained pages of our own making: inline styles and embedded images, never a script; only the
# app's own report page frames them.
REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"


@router.get("/golden", response_class=HTMLResponse)
def golden_page(request: Request, agent: AgentUser, access: AccessDep, settings: SettingsDep, session: SessionDep,
                status: Annotated[str | None, Query(max_length=20)] = None):
    """One tab of the golden set; without one, the first tab with work in it (candidates, then stale items), else
    every item."""
    if status not in (*STATUSES, "stale", "", None):
        raise RagloopError(ErrorCode.BAD_INPUT, "status must be candidate, approved, retired, stale or empty (all)")
    every = list_golden(session=session, hidden=_hidden(access, settings.default_collection))
    stale = {i.id: i.stale_reason for i in every if i.stale_reason} | stale_reasons(session=session, items=every)
    counts = {value: sum(i.status == value for i in every) for value in STATUSES} | {"stale": len(stale),
                                                                                     "": len(every)}
    if status is None:
        status = next((value for value in ("candidate", "stale") if counts[value]), "")
    items = [i for i in every if i.id in stale] if status == "stale" else [
        i for i in every if status in ("", i.status)]
    return render(request, "golden.html", {"items": items, "status": status, "stale": stale, "counts": counts})


@router.get("/golden/{item_id}", response_class=HTMLResponse)
def golden_item(item_id: ItemId, request: Request, agent: AgentUser, access: AccessDep, settings: SettingsDep,
                session: SessionDep):
    item = get_golden(session=session, item_id=item_id, hidden=_hidden(access, settings.default_collection))
    if item is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "no golden item {item_id}", item_id=item_id)
    stale = item.stale_reason or stale_reasons(session=session, items=[item]).get(item.id)
    return render(request, "golden_item.html", {"item": item, "saved": None, "stale": stale})


@router.post("/golden/{item_id}", response_class=HTMLResponse)
def review_golden_item(item_id: ItemId, request: Request, agent: AgentUser, access: AccessDep,
                       settings: SettingsDep, session: SessionDep,
                       action: Annotated[str, Form(max_length=10)] = "save",
                       question: Annotated[str | None, Form(max_length=10_000)] = None,
                       reference_answer: Annotated[str | None, Form(max_length=10_000)] = None,
                       reference_documents: Annotated[str | None, Form(max_length=20_000)] = None,
                       answerable: Annotated[bool | None, Form()] = None,
                       answerable_shown: Annotated[bool, Form()] = False,
                       serve: Annotated[bool | None, Form()] = None):
    """Only the fields sent change: an unticked box sends nothing, so the form says that it showed the boxes."""
    if answerable_shown:
        answerable, serve = bool(answerable), bool(serve)
    documents = None if reference_documents is None else [
        line for line in reference_documents.splitlines() if line.strip()]
    item = review_item(session=session, item_id=item_id, action=action, reference_answer=reference_answer,
                       reference_documents=documents, answerable=answerable, serve=serve, reviewer=agent.name,
                       question=question, hidden=_hidden(access, settings.default_collection))
    audit.record(session=session, actor=agent.name, action=f"golden {action}", target=item.question,
                 golden_item=item.id)
    # what was just saved, checked: a reference document typed wrong is said at once, not at the next visit
    return render(request, "_golden_form.html", {"item": item, "saved": action,
                                                 "checked": stale_reasons(session=session, items=[item]).get(item.id)})


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, agent: AgentUser, access: AccessDep, session: SessionDep):
    runs = list(reversed(list_runs(session=session)))
    return render(request, "reports.html", {"runs": runs, "withheld": {
        run.id for run in runs if _unreadable_in(run, access)}})


@router.get("/reports/{run_id}", response_class=HTMLResponse)
def report(run_id: ItemId, request: Request, agent: AgentUser, access: AccessDep, session: SessionDep):
    """The report inside the app's page (header, the run at a glance), the report itself in a sandboxed frame."""
    run = _readable_report(session, access, run_id)
    return render(request, "report.html", {"run": run})


@router.get("/reports/{run_id}/file", response_class=HTMLResponse)
def report_file(request: Request, run_id: ItemId, agent: AgentUser, access: AccessDep, session: SessionDep):
    """The self-contained report file, as written by the nightly run (shown in the report page's frame), in the
    reader's language when the run wrote it in that language."""
    run = _readable_report(session, access, run_id)
    try:
        html = open(report_in(run.report_path, language(request)), encoding="utf-8").read()  # noqa: SIM115
    except OSError:
        raise RagloopError(ErrorCode.NOT_FOUND, f"the report file of run {run_id} is gone") from None
    return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_POLICY, "X-Frame-Options": "SAMEORIGIN"})


def _readable_report(session, access: Access, run_id: int):
    run = get_run(session=session, run_id=run_id)
    if run is None or not run.report_path:
        raise RagloopError(ErrorCode.NOT_FOUND, f"no report for run {run_id}")
    if unreadable := _unreadable_in(run, access):
        raise RagloopError(ErrorCode.FORBIDDEN, f"report {run_id} lists questions from the restricted collection "
                                                f"{sorted(unreadable)[0]!r}: ask an admin to grant it to you")
    return run


@router.get("/documents/gaps", response_class=HTMLResponse)
def gaps_page(request: Request, editor: EditorUser, access: AccessDep, settings: SettingsDep, session: SessionDep):
    return render(request, "gaps.html", {"gaps": content_gaps(
        session=session, hidden=_hidden(access, settings.default_collection))})


def _hidden(access: Access, default_collection: str) -> Hidden:
    """What this reader may not see of the golden set and the gaps."""
    return Hidden(access.unreadable(), default_collection)


def _unreadable_in(run, access: Access) -> set[str]:
    """The collections whose questions a run's report lists and this reader may not read. A report written
    before reports recorded their collections counts as listing restricted ones for anyone who has such."""
    listed = (run.config or {}).get("collections")
    if listed is None:
        return set(access.unreadable())
    return {c for c in listed if not access.can_read(c)}
