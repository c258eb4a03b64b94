"""The playground for agents and admins: one question (typed, or taken from the golden set or a rated answer) run
under two configurations side by side (generator, prompt version, retrieval settings), with answer, citations,
confidence, latency and cost; and the prompt's versions: edit, save as a new version, promote to production.

Playground runs are not stored as answers (they would count as users' questions in monitoring and mining); each run
is traced like any question, by the agent's name."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from answer import Answer, promote_prompt_version, prompt_history, save_prompt_version
from core import audit
from core.errors import ErrorCode, RagloopError
from core.runtime import Runtime
from eval import list_golden
from feedback import review_queue
from ingest import collection_names
from web.auth import Access, Principal
from web.deps import AccessDep, AgentUser, RuntimeDep
from web.render import render

router = APIRouter()
# What a configuration may change, each with the label the page shows; the rest of the settings stay as they are.
RETRIEVAL = {"top_k": "Chunks retrieved", "hybrid_dense_weight": "Dense weight",
             "hybrid_sparse_weight": "BM25 weight", "hybrid_candidates": "Candidates per side", "rrf_k": "RRF k"}
PICKS = 30  # questions offered from the golden set and from rated answers


def generators(runtime: Runtime) -> list[str]:
    """The generators this deployment can run: the extractive one always, an LLM where one is configured."""
    settings = runtime.settings
    return ["extractive"] + (["openai"] if settings.llm_base_url else []) + (
        ["llamacpp"] if settings.local_llm_path else [])


def configuration(form, prefix: str, runtime: Runtime) -> dict:
    """One side's settings from the form (`a_top_k`, ...): only what differs from the deployment's settings."""
    settings, changes = runtime.settings, {}
    generator = str(form.get(f"{prefix}_generator") or settings.generator)
    if generator not in generators(runtime):
        raise RagloopError(ErrorCode.BAD_INPUT, f"the generator {generator!r} is not configured here")
    changes["generator"] = generator
    version = str(form.get(f"{prefix}_prompt_version") or "").strip()
    if version and not (version.isdecimal() and version.isascii()):
        raise RagloopError(ErrorCode.BAD_INPUT, f"{version!r} is not a prompt version")
    changes["prompt_version"] = int(version) if version else None
    for name in RETRIEVAL:
        value = str(form.get(f"{prefix}_{name}") or "").strip()
        if value and value != str(getattr(settings, name)):
            changes[name] = value
    return changes


SERVICES_KEPT = 8  # configurations whose answer service is kept built, per app
_services_lock = threading.Lock()


def service_for(services: OrderedDict, runtime: Runtime, changes: dict):
    """The answer service of a configuration, built once and kept in `services` (the app's: a local LLM or a reranker
    loads its model when built), reading the fusion tuned on the golden set like the deployed one."""
    key = (runtime.settings.model_dump_json(), tuple(sorted((k, str(v)) for k, v in changes.items())))
    with _services_lock:
        if key in services:
            services.move_to_end(key)
            return services[key]
    settings = runtime.settings.with_overrides(changes, label="this configuration")
    service = runtime.answer_service(settings, session_factory=runtime.session_factory)
    with _services_lock:
        services[key] = service
        while len(services) > SERVICES_KEPT:
            services.popitem(last=False)
    return service


def run_configuration(services: OrderedDict, runtime: Runtime, agent: Principal, question: str, collection: str,
                      changes: dict) -> Answer:
    return service_for(services, runtime, changes).ask(question, collection=collection, user=agent.name)


def prompt_panel(runtime: Runtime, name: str, *, editing: int | None = None) -> dict:
    """The prompt's versions (newest first) and which is in production; the editor starts from `editing` (or the
    production version)."""
    with runtime.session() as session:
        versions = prompt_history(session=session, name=name)
    label = runtime.settings.prompt_label
    in_production = next((v for v in versions if label in v.labels), versions[-1])
    edited = next((v for v in versions if v.version == editing), in_production)
    return {"prompt_name": name, "versions": versions, "production": in_production.version, "edited": edited,
            "label": label, "pinned": runtime.settings.prompt_version, "langfuse": runtime.settings.tracing_enabled}


def picked_question(choices: list[dict], pick: str | None) -> tuple[str, str | None]:
    """The question (and its collection) of `golden:ID` or `answer:ID`, if it is among those offered (and so
    readable by the agent)."""
    if not pick:
        return "", None
    chosen = next((c for c in choices if c["key"] == pick), None)
    if chosen is None:
        raise RagloopError(ErrorCode.NOT_FOUND, "that question is not among those offered here")
    return chosen["question"], chosen["collection"]


def question_choices(runtime: Runtime, access: Access) -> list[dict]:
    """Questions to try: the latest golden items, then the latest rated answers, of readable collections."""
    default = runtime.settings.default_collection
    with runtime.session() as session:
        golden = [{"key": f"golden:{item.id}", "group": "golden", "question": item.question,
                   "collection": item.collection or default}
                  for item in reversed(list_golden(session=session)) if item.status != "retired"
                  and access.can_read(item.collection or default)][:PICKS]
        rated = {answer.id: {"key": f"answer:{answer.id}", "group": "rated", "question": answer.question,
                             "collection": answer.collection, "rating": rating.rating if rating else None}
                 for answer, rating in review_queue(session=session, hidden_collections=access.unreadable(),
                                                    limit=PICKS)}  # one per answer, however many ratings
    return golden + list(rated.values())


@router.get("/playground", response_class=HTMLResponse)
def playground_page(request: Request, agent: AgentUser, access: AccessDep, runtime: RuntimeDep,
                    pick: Annotated[str | None, Query(max_length=80, description="golden:ID or answer:ID")] = None,
                    edit: Annotated[int | None, Query(ge=1, le=2**31, description="a prompt version to edit")] = None):
    choices = question_choices(runtime, access)
    question, collection = picked_question(choices, pick)
    collection = collection or runtime.settings.default_collection
    with runtime.session() as session:
        names = [c for c in dict.fromkeys([collection, *collection_names(session=session)]) if access.can_read(c)]
    return render(request, "playground.html", {
        "question": question, "pick": pick, "collection": collection, "collections": sorted(names),
        "choices": choices, "generators": generators(runtime),
        "settings": runtime.settings, "retrieval": RETRIEVAL,
        **prompt_panel(runtime, runtime.settings.prompt_name, editing=edit)})


@router.post("/playground/run", response_class=HTMLResponse)
async def playground_run(request: Request, agent: AgentUser, access: AccessDep, runtime: RuntimeDep):
    form = await request.form(max_files=0, max_fields=40)
    question = str(form.get("question") or "").strip()
    if not question:
        raise RagloopError(ErrorCode.BAD_INPUT, "type a question first")
    if len(question) > runtime.settings.max_question_chars:
        raise RagloopError(ErrorCode.BAD_INPUT, "the question is longer than {limit} characters",
                           limit=runtime.settings.max_question_chars)
    collection = str(form.get("collection") or runtime.settings.default_collection)[:200]
    access.check_read(collection)
    sides = []
    for prefix in ("a", "b"):
        changes = configuration(form, prefix, runtime)
        answer = await run_in_threadpool(run_configuration, request.app.state.playground_services, runtime, agent,
                                         question, collection, changes)
        sides.append({"name": prefix.upper(), "changes": changes, "answer": answer})
    return render(request, "_playground_result.html", {"sides": sides})


@router.post("/playground/prompts", response_class=HTMLResponse)
def save_prompt(request: Request, agent: AgentUser, runtime: RuntimeDep,
                role: Annotated[list[str], Form(max_length=20)],
                content: Annotated[list[str], Form(max_length=20_000)],
                note: Annotated[str, Form(max_length=2000)] = ""):
    name = runtime.settings.prompt_name
    if len(role) != len(content):
        raise RagloopError(ErrorCode.BAD_INPUT, "each message needs its role and text")
    with runtime.session() as session:
        saved = save_prompt_version(session=session, name=name, author=agent.name, note=note,
                                    messages=[{"role": r, "content": c} for r, c in zip(role, content)])
        version = saved.version
        audit.record(session=session, actor=agent.name, action="prompt save", target=f"{name} v{version}")
    return render(request, "_prompt_versions.html", {**prompt_panel(runtime, name, editing=version),
                                                     "saved": version})


@router.post("/playground/prompts/{version}/promote", response_class=HTMLResponse)
def promote_prompt(request: Request, agent: AgentUser, runtime: RuntimeDep,
                   version: Annotated[int, Path(ge=1, le=2**31)]):
    name = runtime.settings.prompt_name
    with runtime.session() as session:
        label = runtime.settings.prompt_label
        promote_prompt_version(session=session, name=name, version=version, label=label)
        audit.record(session=session, actor=agent.name, action="prompt promote", target=f"{name} v{version}",
                     label=label)
    return render(request, "_prompt_versions.html", {**prompt_panel(runtime, name, editing=version),
                                                     "promoted": version})

