"""Prometheus metrics for one app instance (its own registry, so several apps can live in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        self.answers = Counter("ragloop_answers", "answers given", ["refused"], registry=self.registry)
        self.ratings = Counter("ragloop_ratings", "ratings received", ["rating"], registry=self.registry)
        self.errors = Counter("ragloop_errors", "errors by kind", ["kind"], registry=self.registry)
        self.latency = Histogram("ragloop_answer_latency_seconds", "time to answer a question",
                                 registry=self.registry,
                                 buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30))

    def render(self) -> bytes:
        return generate_latest(self.registry)
