"""Experiments: the approved golden set answered under two (or more) configurations, side by side.

A configuration is a file of settings that differ from the current ones: `KEY=value` lines (`RAGLOOP_` prefix
optional, `#` comments) or a JSON object. Everything that reads the same index can differ (retrieval mode and
weights, top_k, reranker, generator, prompt, refusal threshold); the embedding model cannot, since the index was
built with one.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING

from core.errors import ErrorCode, RagloopError
from eval.metrics import ItemScorer
from eval.nightly import aggregate, latency_metrics
from eval.report import _TEMPLATES
from eval.store import EvalResult

if TYPE_CHECKING:
    from core.embeddings import Embedder

def read_config(path: Path) -> dict:
    """Settings overrides from a KEY=value file or a JSON object, with setting names checked."""
    if not path.is_file():
        raise RagloopError(ErrorCode.NOT_FOUND, f"no such configuration file: {path}")
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RagloopError(ErrorCode.BAD_INPUT, f"{path}: not JSON ({exc.msg})") from exc
    else:
        raw = {}
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise RagloopError(ErrorCode.BAD_INPUT, f"{path}, line {number}: expected KEY=value")
            raw[key.strip()] = value.strip().strip('"').strip("'")
    return {key.lower().removeprefix("ragloop_"): value for key, value in raw.items()}


@dataclass
class Arm:
    name: str
    overrides: dict
    results: list[EvalResult] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    seconds: float = 0.0
    cost_usd: float | None = 0.0  # None: a model is missing from the price table
    pairwise: dict | None = None  # against the first configuration, as the judge sees it (`judge_pairs`)


def run_compare(*, arms: list[Arm], services: list, items: list, embedder: Embedder, k: int, contexts=None, judge=None,
                on_progress=None) -> list[Arm]:
    """Each arm's service answers every item; scored the same way as the nightly run."""
    scorer = ItemScorer(embedder=embedder, k=k, contexts=contexts, judge=judge)
    for arm, answers in zip(arms, services, strict=True):
        started = time.perf_counter()
        for item in items:
            try:
                answer = answers.ask(item.question)
                arm.cost_usd = None if arm.cost_usd is None or answer.cost_usd is None else (
                    arm.cost_usd + answer.cost_usd)
                arm.results.append(EvalResult(golden_item_id=item.id, answer=answer.answer, refused=answer.refused,
                                              metrics=scorer.score(item=item, answer=answer),
                                              retrieved_documents=[], latency_ms=answer.latency_ms))
            except RagloopError as exc:
                arm.results.append(EvalResult(golden_item_id=item.id, answer="", refused=False, metrics={},
                                              retrieved_documents=[], latency_ms=0.0, error=exc.message))
            if on_progress:
                on_progress()
        arm.seconds = time.perf_counter() - started
        scored = [r for r in arm.results if not r.error]
        arm.metrics = {**aggregate([r.metrics for r in scored]), **latency_metrics(arm.results)}
        if arm.cost_usd is not None:
            arm.metrics["cost_usd_per_answer"] = round(arm.cost_usd / max(len(items), 1), 6)
    if judge is not None and len(arms) > 1:
        judge_pairs(arms, items, judge)
    return arms


def judge_pairs(arms: list[Arm], items: list, judge) -> None:
    """Each configuration's answers against the first one's, item by item, as the judge prefers them (both orders
    asked): wins, losses, ties and the win rate (a tie counts half), over the items the judge could judge."""
    baseline = arms[0]
    for arm in arms[1:]:
        tally = {"first": 0, "second": 0, "tie": 0}
        for item, ours, theirs in zip(items, arm.results, baseline.results, strict=True):
            if ours.error or theirs.error:
                continue
            verdict = judge.prefer(question=item.question, reference=item.reference_answer,
                                   first=_shown(ours), second=_shown(theirs))
            if verdict is not None:
                tally[verdict] += 1
        judged = sum(tally.values())
        arm.pairwise = {"against": baseline.name, "wins": tally["first"], "losses": tally["second"],
                        "ties": tally["tie"], "judged": judged,
                        "win_rate": round((tally["first"] + tally["tie"] / 2) / judged, 4) if judged else None}


def _shown(result: EvalResult) -> str:
    return "(refused: the documents don't say)" if result.refused else result.answer


def write_compare_report(*, arms: list[Arm], items: list, path: Path) -> Path:
    rows = []
    for position, item in enumerate(items):
        cells = [arm.results[position] for arm in arms]
        scores = [mean(v for k, v in (c.metrics or {}).items()) if c.metrics else None for c in cells]
        rows.append({"question": item.question, "cells": cells, "scores": scores})
    path.parent.mkdir(parents=True, exist_ok=True)
    names = sorted({name for arm in arms for name in arm.metrics})
    path.write_text(_TEMPLATES.get_template("compare.html.j2").render(arms=arms, rows=rows, names=names),
                    encoding="utf-8")
    return path
