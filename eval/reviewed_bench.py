"""How often a reviewed answer would be served to a different question (`ragloop bench reviewed`).

The hardest case for matching questions is another question about the same passage: it shares the topic and most
words ("Where did Kublai move the capital?" / "When did Kublai move the capital?"). SQuAD and KorQuAD hold several
questions per paragraph, written by different people, mostly different questions and sometimes the same one in
other words. For each answerable question this counts whether another question about its paragraph would be taken
for it, by the embedder's similarity alone and by the whole check that serving uses (`answer.same_question`), and
of those taken, how many have the same gold answer (the same question asked twice, which is a right match).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from answer import same_question
from eval.datasets import load_squad
from eval.reviewed import similarity_for
from retrieval import language_of

if TYPE_CHECKING:
    from pathlib import Path

    from core.runtime import Runtime


def same_paragraph_matches(runtime: Runtime, *, squad: Path, limit: int | None = None, on_progress=None) -> dict:
    """{questions, not_understood, similarity, above_similarity, matched, matched_same_answer}: shares of the
    questions (the last, of those matched); questions in a language the embedder does not understand are never
    matched in serving, and only counted here (`not_understood`)."""
    by_paragraph: dict[str, list] = {}
    for question in load_squad(squad).questions[:limit]:
        if question.answerable:
            by_paragraph.setdefault(next(iter(question.relevant)), []).append(question)
    groups = [group for group in by_paragraph.values() if len(group) > 1]
    understood = [group for group in groups if all(runtime.embedder.understands(language_of(q.text)) for q in group)]
    skipped, groups = sum(map(len, groups)) - sum(map(len, understood)), understood
    threshold, terms = similarity_for(runtime.settings), runtime.answers.evidence.terms
    above = matched = same_answer = total = 0
    for group in groups:
        vectors = np.asarray([runtime.embedder.embed_query(q.text) for q in group], dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        scores = vectors @ vectors.T
        for a, question in enumerate(group):
            close = [b for b in range(len(group)) if b != a and scores[a, b] >= threshold]
            taken = [b for b in close if same_question(question.text, group[b].text, terms=terms)]
            total, above, matched = total + 1, above + bool(close), matched + bool(taken)
            same_answer += any(_same_answer(question.answers, group[b].answers) for b in taken)
            if on_progress:
                on_progress()
    return {"questions": total, "not_understood": skipped, "similarity": threshold, "above_similarity": _share(above, total),
            "matched": _share(matched, total), "matched_same_answer": _share(same_answer, matched)}


def _same_answer(one: list[str], other: list[str]) -> bool:
    return any(a.strip() and b.strip() and (a.strip() in b or b.strip() in a) for a in one for b in other)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
