"""How rare a term is in its language at large, from the word frequencies the `wordfreq` package ships (offline).

A question names what it is about with its rare words ("ONNX", "Normans", "연차"), and a passage that lacks them is
about something else however many common words it shares. The rarity of a term is independent of the knowledge
base, so it means the same over five files as over a million chunks (an IDF from the index would not).

Terms are the BM25 tokeniser's: English words are stemmed, so a stem takes the frequency of its most frequent word
("franc" is as common as "france"); Korean morphemes are looked up as they are, and a compound noun the list lacks
as its parts. A term the lists do not hold (a product name, a code) is as rare as it gets.

Building the English table stems some 300,000 words: about two seconds, in every process that asks a question (a
`ragloop ask`, a server, each job). A process told where to keep them (`keep_tables_in`, the model cache) writes
the built tables there once and reads them back in a fraction of that; a table is built again when wordfreq, the
stemmer or the rules here change.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import threading
from functools import lru_cache
from pathlib import Path

from core.files import written_aside
from retrieval import sparse
from retrieval.sparse import _HANGUL, _stem_all

COMMONEST_ZIPF = 7.0  # "the", "하": rarity 0
RAREST_ZIPF = 2.0  # a word seen less than once in ten million, or never: rarity 1
_lock = threading.Lock()
_kept_in: Path | None = None  # where built tables are kept (`keep_tables_in`); None: built in memory only


def keep_tables_in(folder: Path) -> None:
    """Keep the built tables in `folder` and read them from there (call before the first `rarity`)."""
    global _kept_in
    _kept_in = folder


@lru_cache(maxsize=2)
def _zipf_table(language: str) -> dict[str, float]:
    """Term -> Zipf frequency (log10 of occurrences per billion words); English keyed by stem. Read from the
    folder tables are kept in when it holds this language's, built there otherwise."""
    path = _kept_in / f"zipf-{language}-{_fingerprint()}.marshal" if _kept_in else None
    if path and path.exists():
        try:
            table = marshal.loads(path.read_bytes())
            if isinstance(table, dict):
                return table
        except (ValueError, EOFError, TypeError):  # a damaged file is built again
            pass
    table = _built_table(language)
    if path:
        try:
            with written_aside(path) as temporary:
                Path(temporary).write_bytes(marshal.dumps(table))
        except OSError:  # a read-only cache folder: the table serves from memory all the same
            pass
    return table


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """Changes when wordfreq, the stemmer or the rules that build a table (this module, the tokeniser) change."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"{version('wordfreq')} {version('PyStemmer')}".encode())
    for module in (__file__, sparse.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


def _built_table(language: str) -> dict[str, float]:
    """Term -> Zipf frequency from wordfreq's list for the language."""
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
    """Load both tables now (once per process; a second or two when they are not kept yet) instead of on the first
    question."""
    with _lock:
        _zipf_table("en"), _zipf_table("ko")


def rarity(term: str) -> float:
    """0 for the commonest words of the term's language, 1 for words rarer than one in ten million."""
    korean = bool(_HANGUL.search(term))
    with _lock:
        table = _zipf_table("ko" if korean else "en")
    zipf = table.get(term) or (_compound_zipf(term, table) if korean else 0.0)
    return min(1.0, max(0.0, (COMMONEST_ZIPF - zipf) / (COMMONEST_ZIPF - RAREST_ZIPF)))


def in_word_list(term: str) -> bool:
    """Whether the term's language's word list holds it as it is: a real word, however rare, and not a typo, an
    abbreviation or a name the lists never saw ("wfh", "keycard"), which are as rare as it gets by `rarity`."""
    with _lock:
        table = _zipf_table("ko" if _HANGUL.search(term) else "en")
    return term in table


def _compound_zipf(term: str, table: dict[str, float]) -> float:
    """A Korean compound noun the list lacks ("교육비") is as common as the rarer of the two known words it is
    made of ("교육" + "비"); one that splits into no two known words ("재택근무": "재택" is unknown) is rare."""
    splits = [(table.get(term[:i], 0.0), table.get(term[i:], 0.0)) for i in range(1, len(term))]
    return max((min(pair) for pair in splits), default=0.0)
