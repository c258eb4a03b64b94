"""Prometheus metrics for one app instance (its own registry, so several apps can live in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.answers = Counter("ragloop_answers", "answers given", ["refused"], registry=self.registry)
        self.ratings = Counter("ragloop_ratings", "ratings received", ["rating"], registry=self.registry)
        self.errors = Counter("ragloop_errors", "errors by kind", ["kind"], registry=self.registry)
        self.guard_events = Counter("ragloop_guard_events", "personal data and prompt injection found",
                                    ["guard", "kind", "action"], registry=self.registry)
        self.generator_attempts = Counter("ragloop_generator_attempts", "generator calls by outcome",
                                          ["generator", "outcome"], registry=self.registry)
        self.tokens = Counter("ragloop_tokens", "tokens sent to and received from paid models",
                              ["model", "direction"], registry=self.registry)
        self.cost = Counter("ragloop_cost_usd", "what answers cost, by model", ["model"], registry=self.registry)
        self.stages = Histogram("ragloop_stage_seconds", "time spent in each stage of answering (span names)",
                                ["stage"], registry=self.registry,
                                buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30))
        self.latency = Histogram("ragloop_answer_latency_seconds", "time to answer a question",
                                 registry=self.registry,
                                 buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30))

    def count_answer(self, answer) -> None:
        self.answers.labels(refused=str(answer.refused).lower()).inc()
        self.latency.observe(answer.latency_ms / 1000)
        for event in answer.generation.get("guard_events", []):
            self.guard_events.labels(guard=event["guard"], kind=event["kind"], action=event["action"]).inc()
        if answer.model:
            self.tokens.labels(model=answer.model, direction="in").inc(answer.prompt_tokens or 0)
            self.tokens.labels(model=answer.model, direction="out").inc(answer.completion_tokens or 0)
            self.cost.labels(model=answer.model).inc(answer.cost_usd or 0.0)
        for attempt in answer.generation.get("attempts", []):
            self.generator_attempts.labels(generator=attempt.get("generator", "none"),
                                           outcome=attempt.get("outcome", "")).inc()

    def observe_stage(self, stage: str, seconds: float) -> None:
        self.stages.labels(stage=stage).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
