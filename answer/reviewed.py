"""Reviewed answers served back: when a question means the same as one an agent has answered and approved (the
golden set, `eval.reviewed` finds it), the user gets that answer, marked as reviewed, with its reference documents
as citations, instead of a new one written from the evidence.

The answer stage only defines what it needs (`ReviewedLookup`); the golden set that holds the reviewed answers is
the evaluation stage's, and the composition root (`core.runtime`) joins the two. The nightly evaluation never
passes a lookup: it measures the pipeline, not the answers agents wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from answer.answer_kinds import expected_kind
from answer.spelling import as_the_passages_spell

# Embedding similarity alone is not enough to say that two questions are the same: over SQuAD, different questions
# about one paragraph often score above 0.9 ("Where did the founder move the head office?" / "When did the founder
# move the head office?", "... before Gothic?" / "... after Gothic?", "Elinor's brother" / "Elinor's husband"). A
# reviewed answer served to a different question is worse than none (it carries the reviewed mark), while a question
# that is not matched is simply answered from the documents. So two questions are the same only when, besides the
# similarity, they ask for the same kind of answer, with the same content words (stems, Korean morphemes), the same
# numbers and names ("the Team plan" is not "the Pro plan"), and the same words of order and negation. A question
# may say more than the reviewed one only in words the reviewed answer speaks of: "I forgot my password, how do I
# reset it?" is "How do I reset my password?" when its answer says where "Forgot password?" is; the words it adds
# are then answered too, while a question that drops one of the reviewed question's words asks something wider.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_PRONOUN_I = re.compile(r"I(?:['’](?:m|ve|d|ll))?")
_ASKS_FOR = (("date", re.compile(r"년도")),  # "졸업한 년도는?" (the year), which `expected_kind` leaves neutral
             ("place", re.compile(r"\bwhere\b|어디", re.IGNORECASE)),
             ("reason", re.compile(r"\bwhy\b|\bwhat for\b|왜", re.IGNORECASE)),
             ("manner", re.compile(r"\bhow\b(?! (?:many|much|long|far|old|large|big|tall|high|often|fast|heavy)\b)"
                                   r"|어떻게", re.IGNORECASE)))
_ORDER_AND_NEGATION = re.compile(
    r"\b(?:before|after|not|no|never|without|more|most|less|least|fewer|first|last|next|previous|earliest|latest|"
    r"above|below|over|under|only|except|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b|n['’]t\b"
    r"|이전|이후|전에|후에|않|못|아니|없이|처음|마지막|최대|최소|이상|이하|보다|가장|제외"
    r"|(?:첫|두|세|네|다섯|여섯|일곱|여덟|아홉|열|\d+) ?번째", re.IGNORECASE)


@dataclass(frozen=True)
class Reviewed:
    """An approved golden item whose reference answer serves a question."""

    golden_id: int
    question: str  # the question the agent answered
    answer: str
    sources: tuple[str, ...]  # its reference documents, as ingested (their sources), in the question's collection
    reviewed_at: datetime
    reviewed_by: str | None
    similarity: float  # how close the asked question is to the item's, in the embedder's cosine
    answerable: bool = True  # False: the agent found that the documents do not answer it; `answer` is their note

    @property
    def note(self) -> str:
        """What the agent wrote of a question the documents do not answer (empty for an answerable one)."""
        return "" if self.answerable else self.answer

    def to_api(self) -> dict:
        return {"golden_id": self.golden_id, "reviewed_at": self.reviewed_at.isoformat()}

    def to_record(self) -> dict:
        return {**self.to_api(), "reviewed_by": self.reviewed_by, "question": self.question,
                "similarity": round(self.similarity, 4),
                **({} if self.answerable else {"answerable": False, "note": self.note})}


class ReviewedLookup(Protocol):
    def match(self, question: str, *, collection: str, terms: Callable[[str], list[str]]) -> Reviewed | None:
        """The reviewed answer to a question that means the same as `question` in `collection`, if any; `terms`:
        the content words of a text (the BM25 analyser), for `same_question`."""


def same_question(asked: str, reviewed: str, *, terms: Callable[[str], list[str]], answer: str = "") -> bool:
    """Whether two questions that the embedder finds close are the same question (see above). `answer`: the
    reviewed answer; the asked question may add content words, numbers and names that it holds (none without
    it). A misspelt word of the asked one that no word list holds is read as the reviewed question or answer
    spells it (`answer.spelling`, strict)."""
    wanted, answered = set(terms(reviewed)), terms(answer) if answer else []
    said = set(as_the_passages_spell(terms(asked), [*wanted, *answered], strict=True))
    return (wanted <= said and said - wanted <= set(answered)
            and _asks_for(asked) == _asks_for(reviewed)
            and _order_and_negation(asked) == _order_and_negation(reviewed)
            and same_particulars(asked, reviewed, answer=answer))


def _asks_for(question: str) -> str | None:
    kind = expected_kind(question)
    return kind or next((name for name, pattern in _ASKS_FOR if pattern.search(question)), None)


def _order_and_negation(question: str) -> set[str]:
    return {m.group(0).lower().replace("’", "'") for m in _ORDER_AND_NEGATION.finditer(question)}


def particulars(question: str) -> set[str]:
    """The numbers and names a question is about (names: words with a capital inside the sentence, and Latin words
    in Korean text), in lower case."""
    found = set(_NUMBER.findall(question))
    korean = bool(_HANGUL.search(question))
    for start, word in ((m.start(), m.group()) for m in _WORD.finditer(question)):
        if _PRONOUN_I.fullmatch(word):
            continue
        first = not question[:start].strip(" \"'“‘(¿¡")
        if korean or (not first and any(c.isupper() for c in word)) or (first and word[1:] != word[1:].lower()):
            found.add(word.lower().rstrip("'’s") or word.lower())
    return found


def _words(question: str) -> set[str]:
    return {w.lower().rstrip("'’s") or w.lower() for w in _WORD.findall(question)} | set(_NUMBER.findall(question))


def same_particulars(asked: str, reviewed: str, *, answer: str = "") -> bool:
    """Whether every number and name of the reviewed question appears in the asked one, and every one of the
    asked question in the reviewed question or its `answer`."""
    return particulars(asked) <= _words(reviewed) | _words(answer) and particulars(reviewed) <= _words(asked)
