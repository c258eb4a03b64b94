"""How rare a term is in its language at large, from the word frequencies the `wordfreq` package ships (offline).

A question names what it is about with its rare words ("ONNX", "Normans", "연차"), and a passage that lacks them is
about something else however many common words it shares. The rarity of a term is independent of the knowledge
base, so it means the same over five files as over a million chunks (an IDF from the index would not).

Terms are the BM25 tokeniser's: English words are stemmed, so a stem takes the frequency of its most frequent word
("franc" is as common as "france"); Korean morphemes are looked up as they are, and a compound noun the list lacks
as its parts. A term the lists do not hold (a product name, a code) is as rare as it gets.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache

from retrieval.sparse import _HANGUL, _stem_all

COMMONEST_ZIPF = 7.0  # "the", "하": rarity 0
RAREST_ZIPF = 2.0  # a word seen less than once in ten million, or never: rarity 1
_lock = threading.Lock()


@lru_cache(maxsize=2)
def _zipf_table(language: str) -> dict[str, float]:
    """Term -> Zipf frequency (log10 of occurrences per billion words); English keyed by stem."""
    from wordfreq import get_frequency_dict

    kept = [(word, zipf) for word, frequency in get_frequency_dict(language, wordlist="best").items()
            if (zipf := math.log10(frequency * 1e9)) >= RAREST_ZIPF]
    terms = [word for word, _ in kept] if language == "ko" else _stem_all([word for word, _ in kept])
    table: dict[str, float] = {}
    for term, (_, zipf) in zip(terms, kept):
        if zipf > table.get(term, 0.0):
            table[term] = zipf
    return table


def load_frequencies() -> None:
    """Load both tables now (a second or two, once per process) instead of on the first question."""
    with _lock:
        _zipf_table("en"), _zipf_table("ko")


def rarity(term: str) -> float:
    """0 for the commonest words of the term's language, 1 for words rarer than one in ten million."""
    korean = bool(_HANGUL.search(term))
    with _lock:
        table = _zipf_table("ko" if korean else "en")
    zipf = table.get(term) or (_compound_zipf(term, table) if korean else 0.0)
    return min(1.0, max(0.0, (COMMONEST_ZIPF - zipf) / (COMMONEST_ZIPF - RAREST_ZIPF)))


def _compound_zipf(term: str, table: dict[str, float]) -> float:
    """A Korean compound noun the list lacks ("교육비") is as common as the rarer of the two known words it is
    made of ("교육" + "비"); one that splits into no two known words ("재택근무": "재택" is unknown) is rare."""
    splits = [(table.get(term[:i], 0.0), table.get(term[i:], 0.0)) for i in range(1, len(term))]
    return max((min(pair) for pair in splits), default=0.0)
