"""The extractive generator: answers with the retrieved sentences that best answer the question, no LLM.

Sentences are ranked by relevance to the question (their own dense similarity, their chunk's retrieval score and
word overlap) and picked greedily with
a novelty check (maximal marginal relevance), so the answer does not repeat itself. Each sentence carries the
citation marker of the chunk it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from answer.sentences import split_sentences
from retrieval.index import Hit

_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset("""a an the of to in on for and or is are was were be been do does did how what when where
which who whom why with by from at as it its this that these those can i you we they my your our their me""".split())
NOVELTY_LIMIT = 0.9  # a candidate this similar to a chosen sentence repeats it
KEEP_RATIO = 0.75  # sentences scoring under this share of the best one are not worth adding


@dataclass(frozen=True)
class Evidence:
    """One sentence the generator chose, with the hit it came from and how well it answers the question."""

    sentence: str
    hit: Hit
    score: float


def content_words_in_order(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS and len(w) > 1]


def content_words(text: str) -> set[str]:
    return set(content_words_in_order(text))


def quotes_question(sentence: str, question: str) -> bool:
    """A sentence that quotes the question (an example, a FAQ line) restates it rather than answering it."""
    asked = content_words_in_order(question)
    return len(asked) >= 2 and "?" in sentence and " ".join(asked) in " ".join(content_words_in_order(sentence))


def word_overlap(question: str, sentence: str) -> float:
    wanted = content_words(question)
    return len(wanted & content_words(sentence)) / len(wanted) if wanted else 0.0


class ExtractiveGenerator:
    name = "extractive"
    prompt_version = "extractive-v1"

    def __init__(self, *, embedder, max_sentences: int = 3):
        self.embedder = embedder
        self.max_sentences = max_sentences

    def select(self, question: str, hits: list[Hit]) -> list[Evidence]:
        candidates = [(sentence, hit) for hit in hits for sentence in split_sentences(hit.text)
                      if not quotes_question(sentence, question)]
        if not candidates:
            return []
        vectors = self.embedder.embed_documents([sentence for sentence, _ in candidates])
        similarity = vectors @ self.embedder.embed_query(question)
        scores = [0.5 * float(sim) + 0.3 * hit.score + 0.2 * word_overlap(question, sentence)
                  for sim, (sentence, hit) in zip(similarity, candidates)]
        return self._pick_novel(candidates, scores, vectors)

    def _pick_novel(self, candidates, scores, vectors) -> list[Evidence]:
        chosen: list[int] = []
        for i in np.argsort(scores)[::-1]:
            if len(chosen) == self.max_sentences or scores[i] < KEEP_RATIO * scores[chosen[0] if chosen else i]:
                break
            if all(float(vectors[i] @ vectors[j]) < NOVELTY_LIMIT for j in chosen):
                chosen.append(int(i))
        return [Evidence(candidates[i][0], candidates[i][1], scores[i]) for i in chosen]
