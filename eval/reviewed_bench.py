"""How often a reviewed answer would be served to a different question (`ragloop bench reviewed`).

The hardest case for matching questions is another question about the same passage: it shares the topic and most
words ("Where did the founder move the head office?" / "When did the founder move the head office?"). SQuAD and
KorQuAD hold several questions per paragraph, written by different people, mostly different questions and sometimes
the same one in other words. For each answerable question this counts whether another question about its paragraph
would be taken for it, by the embedder's similarity alone and by the whole check that serving uses
(`answer.same_question`), and of those taken, how many would be served an answer that holds their own gold answer (a
right match: the same question asked twice, or one the reviewed answer answers too). The reviewed answer of each
question is what an agent would write: the paragraph's sentence that holds the gold answer (a question may add words
it speaks of).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from answer import same_question, split_sentences
from eval.datasets import load_squad
from eval.reviewed import similarity_for
from retrieval import language_of

if TYPE_CHECKING:
    from pathlib import Path

    from core.runtime import Runtime


def same_paragraph_matches(runtime: Runtime, *, squad: Path, limit: int | None = None, on_progress=None) -> dict:
    """{questions, not_understood, similarity, above_similarity, matched, matched_answer_held}: shares of the
    questions (the last, of those matched); questions in a language the embedder does not understand are never
    matched in serving, and only counted here (`not_understood`)."""
    by_paragraph: dict[str, list] = {}
    dataset = load_squad(squad)
    paragraphs = {source.name: source for source in dataset.sources}
    for question in dataset.questions[:limit]:
        if question.answerable:
            by_paragraph.setdefault(next(iter(question.relevant)), []).append(question)
    groups = [group for group in by_paragraph.values() if len(group) > 1]
    understood = [group for group in groups if all(runtime.embedder.understands(language_of(q.text)) for q in group)]
    skipped, groups = sum(map(len, groups)) - sum(map(len, understood)), understood
    threshold, terms = similarity_for(runtime.settings), runtime.answers.evidence.terms
    above = matched = held = total = 0
    for group in groups:
        vectors = np.asarray([runtime.embedder.embed_query(q.text) for q in group], dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        scores = vectors @ vectors.T
        paragraph = paragraphs[next(iter(group[0].relevant))].load().text
        answers = [_answer_sentence(paragraph, q.answers) for q in group]
        for a, question in enumerate(group):
            close = [b for b in range(len(group)) if b != a and scores[a, b] >= threshold]
            taken = [b for b in close if same_question(question.text, group[b].text, terms=terms, answer=answers[b])]
            total, above, matched = total + 1, above + bool(close), matched + bool(taken)
            held += any(_holds(answers[b], question.answers) for b in taken)
            if on_progress:
                on_progress()
    return {"questions": total, "not_understood": skipped, "similarity": threshold, "above_similarity": _share(above, total),
            "matched": _share(matched, total), "matched_answer_held": _share(held, matched)}


def _answer_sentence(paragraph: str, answers: list[str]) -> str:
    """The sentence of the paragraph that holds the first gold answer (the answer itself when none does)."""
    first = next((a for a in answers if a.strip()), "")
    return next((s for s in split_sentences(paragraph) if first and first in s), first)


def _holds(served: str, answers: list[str]) -> bool:
    return any(a.strip() and a.strip() in served for a in answers)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
