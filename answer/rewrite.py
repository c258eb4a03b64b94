"""Follow-up questions made standalone before retrieval: "Which port does it use?" after "How do I install the
agent?" searches for "Which port does it use? install agent".

A follow-up is a question that points back (it, that, there; 그것, 거기, 그럼 …) or says too little on its own
(but for one asking the owner how to get in touch: "How can I reach you?"); it borrows the content words of the
conversation's previous standalone query that it does not already have.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from answer.answer_kinds import asked_contact

_WORD = re.compile(r"\w+", re.UNICODE)
REFERRING_WORDS = {
    "it", "its", "it's", "they", "them", "their", "this", "that", "these", "those", "he", "she", "him", "her",
    "his", "there", "then", "one", "ones", "same", "also", "else", "instead", "more", "former", "latter",
    "그것", "그거", "그게", "그건", "이것", "이거", "이게", "이건", "저것", "저거", "거기", "여기", "그곳", "이곳",
    "그때", "그럼", "그러면", "그리고", "또", "또는", "그", "이", "저", "그들", "그분", "그녀", "같은", "다른",
}
FOLLOW_UP_OPENINGS = ("and ", "what about", "how about", "or ", "but ", "so ", "그럼", "그러면", "그리고", "그런데")
# A question with fewer content terms than this leans on the conversation ("가격은요?", "Which port?"); two
# already make a question of their own ("대한민국의 수도는 어디인가요?", "Who founded Apple?"), which borrowed words
# would turn into a question about the previous subject.
MIN_OWN_TERMS = 2
# a question to the knowledge base's owner: "How can I reach you?", "What is your phone number?" (not "Do you have a
# hotline?", which may well ask about the earlier subject's)
_ADDRESSED = re.compile(r"\b(?:reach|contact|call|e-?mail|write\s+to|phone|get\s+in\s+touch\s+with|talk\s+to"
                        r"|speak\s+(?:to|with))\s+(?:you|us)\b|\b(?:your|our)\b", re.IGNORECASE)


class QueryRewriter:
    def __init__(self, terms: Callable[[str], list[str]]):
        self.terms = terms  # the retriever's own tokeniser: text -> content terms (stop words dropped)

    def is_follow_up(self, question: str) -> bool:
        words = [w.casefold() for w in _WORD.findall(question)]
        if question.strip().casefold().startswith(FOLLOW_UP_OPENINGS):
            return True
        if any(word in REFERRING_WORDS or _korean_reference(word) for word in words):
            return True
        if asked_contact(question) and _ADDRESSED.search(question):
            return False  # asks the owner how to get in touch, whatever was asked before
        return len(set(self.terms(question))) < MIN_OWN_TERMS

    def standalone(self, question: str, history: Sequence[str]) -> str:
        """The query to search for: the question itself, or, for a follow-up, the question plus the previous
        query's content words it lacks. `history` holds earlier standalone queries, oldest first."""
        if not history or not self.is_follow_up(question):
            return question
        have = set(self.terms(question))
        borrowed, seen = [], set()
        for word in _WORD.findall(history[-1]):
            word_terms = set(self.terms(word))
            if word_terms and not word_terms <= have and word.casefold() not in seen:
                borrowed.append(word)
                seen.add(word.casefold())
        return f"{question} {' '.join(borrowed)}".strip() if borrowed else question


def _korean_reference(word: str) -> bool:
    """그것을, 거기에서, 그게 …: a referring word with a particle attached."""
    return any(word.startswith(stem) and len(word) <= len(stem) + 3
               for stem in ("그것", "이것", "저것", "거기", "그곳", "이곳", "그때", "그분", "그들"))
