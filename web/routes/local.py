"""Jobs the `ragloop` command on this machine hands to the running server that owns the embedded store."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from web.deps import SettingsDep
from web.routes.documents import require_local_token

router = APIRouter()


class NightlyRequest(BaseModel):
    report_dir: str | None = Field(default=None, max_length=4000)


@router.post("/api/local/nightly", dependencies=[Depends(require_local_token)])
def nightly(body: NightlyRequest, request: Request, settings: SettingsDep) -> dict:
    from eval.nightly import run_nightly

    state = request.app.state
    report_dir = Path(body.report_dir) if body.report_dir else settings.data_dir / "reports"
    result = run_nightly(settings=settings, session_factory=state.session_factory, answers=state.answers,
                         embedder=state.answers.retriever.embedder, report_dir=report_dir)
    return {**result.to_dict(), "status": result.status, "problems": result.problems}
