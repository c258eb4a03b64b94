"""What operators watch, computed from the answers table (so it works without Langfuse or Prometheus): per
window and collection, volume, latency per stage, errors, ratings, refusals, unsupported citations, guard
events, tokens and cost; and the same per day for the plots."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core.db import utcnow
from feedback import store

WINDOWS = {"day": timedelta(days=1), "week": timedelta(days=7), "month": timedelta(days=30)}
MIN_PER_ARM = 30  # below this many in either arm, no difference is called
STAGES = ("rewrite", "retrieval", "embed", "search", "rerank", "guards", "generation", "citations")  # pipeline order


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 1)


def _failed(answer: store.AnswerRecord) -> bool:
    """The generator chain had to fall back, or nothing could write the answer."""
    attempts = (answer.generation or {}).get("attempts", [])
    return answer.generator == "none" or any(a.get("outcome") != "ok" for a in attempts)


def _unsupported(answer: store.AnswerRecord) -> bool:
    checks = (answer.generation or {}).get("citations", {})
    return bool(checks.get("invalid_markers")) or any(not s.get("supported", True)
                                                      for s in checks.get("sentences", []))


def summarize(answers: list[store.AnswerRecord], ratings: dict[str, dict[str, int]]) -> dict:
    """The numbers for one group of answers."""
    count = len(answers)
    stages: dict[str, list[float]] = defaultdict(list)
    guard_kinds: dict[str, int] = defaultdict(int)
    for answer in answers:
        stages["total"].append(answer.latency_ms)
        for stage, ms in (answer.generation or {}).get("stages_ms", {}).items():
            stages[stage].append(ms)
        for event in (answer.generation or {}).get("guard_events", []):
            guard_kinds[event.get("guard", "?")] += 1
    up = sum(ratings.get(a.id, {}).get("up", 0) for a in answers)
    down = sum(ratings.get(a.id, {}).get("down", 0) for a in answers)
    costs = [a.cost_usd for a in answers if a.cost_usd is not None]

    def rate(n: int) -> float | None:
        return round(n / count, 4) if count else None

    return {
        "answers": count,
        "latency_ms": {stage: {"p50": percentile(v, 0.5), "p95": percentile(v, 0.95)} for stage, v in stages.items()},
        "error_rate": rate(sum(_failed(a) for a in answers)),
        "up_rate": rate(up), "down_rate": rate(down), "ratings": up + down,
        "refusal_rate": rate(sum(a.refused for a in answers)),
        "unsupported_citation_rate": rate(sum(_unsupported(a) for a in answers)),
        "injection_events": guard_kinds.get("injection", 0), "pii_events": guard_kinds.get("pii", 0),
        "moderation_events": guard_kinds.get("moderation", 0),
        "tokens": sum((a.prompt_tokens or 0) + (a.completion_tokens or 0) for a in answers),
        "cost_usd": round(sum(costs), 6), "unpriced_answers": sum(1 for a in answers if a.cost_usd is None),
    }


def operations_summary(*, session: Session, window: str, now: datetime | None = None) -> dict:
    """`window` is day, week or month: totals, per collection, and per day."""
    since = (now or utcnow()) - WINDOWS[window]
    answers = store.answers_since(session=session, since=since)
    ratings = store.rating_counts(session=session, since=since)
    by_collection, by_day = defaultdict(list), defaultdict(list)
    for answer in answers:
        by_collection[answer.collection].append(answer)
        by_day[answer.created_at.date().isoformat()].append(answer)
    return {"window": window, "since": since, "total": summarize(answers, ratings),
            "ab": compare_arms(answers, ratings),
            "collections": {name: summarize(group, ratings) for name, group in sorted(by_collection.items())},
            "days": {day: summarize(group, ratings) for day, group in sorted(by_day.items())}}


def two_proportions(hits_a: int, n_a: int, hits_b: int, n_b: int) -> dict:
    """Two rates and a two-sided z-test of their difference; `called` only when both arms have enough data and
    p < 0.05, so nobody reads noise as a win."""
    if min(n_a, n_b) == 0:
        return {"a": None, "b": None, "p_value": None, "enough": False, "called": False}
    a, b = hits_a / n_a, hits_b / n_b
    pooled = (hits_a + hits_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    p_value = 1.0 if spread == 0 else math.erfc(abs(a - b) / spread / math.sqrt(2))
    enough = min(n_a, n_b) >= MIN_PER_ARM
    return {"a": round(a, 4), "b": round(b, 4), "p_value": round(p_value, 4), "enough": enough,
            "called": enough and p_value < 0.05}


def compare_arms(answers: list[store.AnswerRecord], ratings: dict[str, dict[str, int]]) -> dict | None:
    """Per A/B arm: counts, ratings, refusals, latency and cost; and the tests of thumbs-down share (of rated
    answers) and refusal share between the two arms. None when no answer carries an arm."""
    groups: dict[str, list] = defaultdict(list)
    for answer in answers:
        if answer.ab_arm:
            groups[answer.ab_arm].append(answer)
    if not groups:
        return None
    arms = {}
    for label, group in sorted(groups.items()):
        summary = summarize(group, ratings)
        downs = sum(ratings.get(a.id, {}).get("down", 0) for a in group)
        arms[label] = {**summary, "downs": downs, "refusals": sum(a.refused for a in group)}
    labels = list(arms)
    tests = {}
    if len(labels) == 2:
        a, b = arms[labels[0]], arms[labels[1]]
        tests = {"down_share_of_ratings": two_proportions(a["downs"], a["ratings"], b["downs"], b["ratings"]),
                 "refusal_rate": two_proportions(a["refusals"], a["answers"], b["refusals"], b["answers"])}
    return {"arms": arms, "tests": tests}
