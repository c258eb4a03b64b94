"""Question answering end to end on SQuAD-format data: answer quality, citations, refusal and calibration.

Every question goes through `AnswerService.ask()` as a user's would. Scoring follows the official SQuAD 2.0
evaluation script: answers are normalised (lower case, punctuation and articles a/an/the removed, spaces
collapsed) before exact match and token F1, and a refused question scores as the empty answer.
An answer is *correct* (for calibration) when the question is answerable and the answer holds a gold answer.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass

from answer.confidence import expected_calibration_error, refusal_scores
from eval.bench import percentile
from eval.datasets import Question

_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)
_PUNCTUATION = set(string.punctuation)


def normalize_answer(text: str) -> str:
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, gold: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(gold))


def token_f1(prediction: str, gold: str) -> float:
    predicted, wanted = normalize_answer(prediction).split(), normalize_answer(gold).split()
    if not predicted or not wanted:
        return float(predicted == wanted)
    common = sum((Counter(predicted) & Counter(wanted)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def holds_answer(text: str, answers: list[str]) -> bool:
    normalized = f" {normalize_answer(text)} "
    return any(f" {normalize_answer(a)} " in normalized for a in answers if normalize_answer(a))


@dataclass
class Outcome:
    """One asked question, as the benchmark and the calibration see it."""

    question: Question
    draft: str  # what the generator wrote and the citation check kept, before any refusal
    refused: bool
    confidence: float
    cited_texts: list[str]  # the chunks the draft cites
    signals: dict
    latency_ms: float

    @property
    def answer(self) -> str:
        """What the user saw ("" when refused)."""
        return "" if self.refused else self.draft

    @property
    def correct(self) -> bool:
        return self.question.answerable and holds_answer(self.draft, self.question.answers)

    def refused_by(self, threshold: float) -> bool:
        return not self.signals.get("answer_written", 1.0) or self.confidence < threshold


def ask_all(answers, questions: list[Question], *, collection: str, on_progress=None) -> list[Outcome]:
    outcomes = []
    for question in questions:
        answer = answers.ask(question.text, collection=collection)
        texts = {r["chunk_id"]: r["text"] for r in answer.retrieved}
        outcomes.append(Outcome(question, answer.draft, answer.refused, answer.confidence,
                                [texts[i] for i in answer.draft_chunks], answer.signals, answer.latency_ms))
        if on_progress:
            on_progress()
    return outcomes


def qa_scores(outcomes: list[Outcome]) -> dict:
    answerable = [o for o in outcomes if o.question.answerable]
    answered = [o for o in answerable if not o.refused]

    def best(metric, o: Outcome) -> float:
        return max((metric(_without_markers(o.answer), gold) for gold in o.question.answers), default=0.0)

    refusal = refusal_scores([o.refused for o in outcomes], [not o.question.answerable for o in outcomes])
    latencies = [o.latency_ms for o in outcomes]
    figures = {
        "f1": sum(best(token_f1, o) for o in answerable) / len(answerable) if answerable else 0.0,
        "exact_match": sum(best(exact_match, o) for o in answerable) / len(answerable) if answerable else 0.0,
        "citation_accuracy": (sum(any(holds_answer(t, o.question.answers) for t in o.cited_texts)
                                  for o in answered) / len(answered) if answered else 0.0),
        **refusal,
        "ece": expected_calibration_error([o.confidence for o in outcomes], [o.correct for o in outcomes]),
        "latency_ms_p50": percentile(latencies, 50), "latency_ms_p95": percentile(latencies, 95),
    }
    return {**{name: round(value, 4) for name, value in figures.items()}, "questions": len(outcomes)}


def _without_markers(text: str) -> str:
    return re.sub(r"\[\d+\]", " ", text)


def run_squad(settings, *, squad, distractors=None, limit: int | None = None, progress=None,
              calibration=None) -> list[Outcome]:
    """Index a SQuAD-format file (plus distractor paragraphs) into its own collection, then ask every question."""
    from answer import build_answer_service
    from core.db import open_database
    from core.tracing import Tracer
    from eval.bench import index_corpus
    from eval.datasets import load_squad

    dataset = load_squad(squad)
    sources = dataset.sources + (load_squad(distractors, prefix="distractor/").sources if distractors else [])
    questions = dataset.questions[:limit]
    collection = f"qa-{dataset.name}" + ("+distractors" if distractors else "")
    _, session_factory = open_database(settings)
    tracer = Tracer(settings)
    answers = build_answer_service(settings, tracer=tracer, session_factory=session_factory,
                                   calibration=calibration)
    try:
        index_corpus(settings, embedder=answers.retriever.embedder, index=answers.retriever.index,
                     session_factory=session_factory, sources=sources, collection=collection, progress=progress,
                     label=f"indexing {len(sources)} paragraphs")
        task = progress.add_task("asking", total=len(questions)) if progress else None
        return ask_all(answers, questions, collection=collection,
                       on_progress=(lambda: progress.advance(task)) if progress else None)
    finally:
        answers.retriever.index.close()
        tracer.shutdown()
