"""Citation checking: every [n] must point at a retrieved chunk, and every sentence must be backed by its chunk.

A generator writes `[n]` after a sentence, n being the position (from 1) of a retrieved chunk. `verify()` reads
those markers, drops the ones that point nowhere, scores how well each sentence is supported by the chunks it
cites (the share of the sentence's terms found in the chunk, blended with dense similarity to the chunk's closest
sentence when the embedder understands the language), re-points a citation to another retrieved chunk when that
one supports the sentence and the cited one does not, and then keeps, marks or drops unsupported sentences.
Chunks are renumbered in order of first use, so the reader sees [1], [2], … and a citation list without gaps.
A list's items stay on their own lines ("1. …", "- …") and a paragraph after a list stays apart from it; other line
breaks run on, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from answer.extractive import SentenceVectors, section_heading
from answer.sentences import LIST_ITEM, NOT_AN_END, in_prose, inside_brackets, outside_code, split_sentences
from core.embeddings import similarity_above_unrelated
from retrieval import Hit, language_of

if TYPE_CHECKING:
    from core.embeddings import Embedder

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
# "… capital. [1]" and "… capital.[1][2]": the markers belong to the sentence before the full stop.
_MARKERS_AFTER_STOP = re.compile(r"([.!?。])\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
# a sentence ends at a stop, a line break, or a citation marker that more text follows: "인감증명서: 1통 600원 [2] 단,
# …" is two sentences (a labelled value has no full stop), "[온라인 예약] 메뉴" is no marker; "3. 24.(월)" is a date
_SENTENCE_END = re.compile(r"(?<=[.!?。])" + NOT_AN_END
                           + r"\s+|\n+|(?:(?<=\[\d\])|(?<=\[\d\d\])|(?<=\[\d\d\d\]))\s+(?=[^\[\s])")
UNSUPPORTED_MARK = " [unverified]"


@dataclass
class CheckedSentence:
    text: str  # without markers
    cited: list[int]  # positions (from 0) of the retrieved chunks it cites, after checking
    support: float
    supported: bool
    opens: str | None = None  # it opens a line: "" a paragraph, "1. " or "- " an item of a list; None: it runs on


@dataclass
class Verified:
    text: str  # the answer with markers renumbered [1], [2], … in order of first use
    chunks: list[Hit]  # the cited chunks, in citation order: chunks[n - 1] is [n]
    sentences: list[CheckedSentence] = field(default_factory=list)
    invalid_markers: int = 0
    repointed: int = 0

    @property
    def supported_share(self) -> float:
        return sum(s.supported for s in self.sentences) / len(self.sentences) if self.sentences else 0.0

    @property
    def has_support(self) -> bool:
        return any(s.supported for s in self.sentences)

    def to_record(self) -> dict:
        return {"supported_share": round(self.supported_share, 4), "invalid_markers": self.invalid_markers,
                "repointed": self.repointed,
                "sentences": [{"text": s.text, "support": round(s.support, 4), "supported": s.supported}
                              for s in self.sentences]}


def _split(text: str) -> list[tuple[str, list[int], str | None]]:
    """Sentences with the chunk numbers their markers name (as written, from 1) and how each opens a line ("" a
    paragraph, "1. " or "- " a list's item, None when it runs on from the sentence before): a list of steps stays a
    list."""
    pieces = []
    for line in text.split("\n"):
        item = LIST_ITEM.match(line)
        opens: str | None = (item["marker"] + " ") if item else ""
        line = line[item.end():] if item else line
        line = in_prose(line, lambda prose: _MARKERS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ",
                                                                   prose))
        for raw in _cut(line):
            numbers = [int(n) for group in _MARKER.findall(outside_code(raw)) for n in group.split(",")]
            prose = in_prose(raw, lambda text: _MARKER.sub("", text))
            plain = re.sub(r"\s+([.!?。,])(?![\w/\\])", r"\1", prose).strip()  # "x [1]." -> "x.", not ".htm", "./data"
            if plain:
                pieces.append((plain, numbers, opens))
                opens = None
    return pieces


def _cut(line: str) -> list[str]:
    """The line cut at its sentence ends (`_SENTENCE_END`), none of them inside inline code ("`foo. bar[1]`") nor
    brackets ("Amount (inc. VAT): £150.00", a table's row read as one sentence), nor before a word in small letters
    ("Elec. unit rate"), where the sentences cited were not cut either (`split_sentences`)."""
    pieces, at = [], 0
    prose = outside_code(line)
    for end in _SENTENCE_END.finditer(prose):
        stop = prose[end.start() - 1:end.start()] in ".!?。"
        if stop and (inside_brackets(prose[at:end.start()], prose[end.end():]) or prose[end.end():][:1].islower()):
            continue
        pieces.append(line[at:end.start()])
        at = end.end()
    return [*pieces, line[at:]]


class CitationChecker:
    def __init__(self, *, terms, embedder: Embedder, threshold: float = 0.5, policy: str = "drop",
                 vectors: SentenceVectors | None = None):
        """`vectors`: sentence vectors kept between questions (the evidence step's, shared)."""
        self.terms = terms  # text -> normalised terms (the BM25 tokeniser: stems, Korean morphemes)
        self.embedder = embedder
        self.vectors = vectors or SentenceVectors(embedder)
        self.threshold = threshold
        self.policy = policy  # drop | mark | keep

    def support(self, sentence: str, chunk: Hit) -> float:
        """How well a chunk backs a sentence, in [0, 1]. A FAQ's question written as the chunk's section heading
        ("Q. 주차가 되나요?"), quoted before the answer under it, is backed by that chunk; the heading backs nothing
        else, which the text under it may contradict ("Q. Can I get a refund after 30 days?" over "No.")."""
        said = set(self.terms(sentence))
        if not said:
            return 0.0
        if sentence.strip() and sentence.strip() in section_heading(chunk):
            return 1.0
        lexical = len(said & set(self.terms(chunk.text))) / len(said)
        if lexical == 1.0 or not self.embedder.understands(language_of(sentence)):
            return lexical
        candidates = split_sentences(chunk.text) or [chunk.text]
        vectors = self.vectors.of([sentence, *candidates])
        dense = similarity_above_unrelated(self.embedder, float(max(vectors[1:] @ vectors[0])))
        return max(lexical, 0.5 * lexical + 0.5 * dense)

    def _check(self, sentence: str, numbers: list[int], hits: list[Hit], opens: str | None = None
               ) -> tuple[CheckedSentence, int, int]:
        valid = [n - 1 for n in dict.fromkeys(numbers) if 1 <= n <= len(hits)]
        invalid = len(numbers) - len([n for n in numbers if 1 <= n <= len(hits)])
        scores = {i: self.support(sentence, hits[i]) for i in valid}
        if valid and max(scores.values()) >= self.threshold:
            cited = [i for i in valid if scores[i] >= self.threshold]
            return CheckedSentence(sentence, cited, max(scores.values()), True, opens), invalid, 0
        others = {i: self.support(sentence, hit) for i, hit in enumerate(hits) if i not in scores}
        best = max(others, key=others.get, default=None)
        if best is not None and others[best] >= self.threshold:
            return CheckedSentence(sentence, [best], others[best], True, opens), invalid, int(bool(valid))
        return CheckedSentence(sentence, valid, max(scores.values(), default=0.0), False, opens), invalid, 0

    def verify(self, text: str, hits: list[Hit], *, policy: str | None = None) -> Verified:
        """`policy`: this answer's, instead of the configured one (text already shown is marked, not dropped)."""
        checked, invalid, repointed = [], 0, 0
        for sentence, numbers, opens in _split(text):
            result, bad, moved = self._check(sentence, numbers, hits, opens)
            checked.append(result)
            invalid, repointed = invalid + bad, repointed + moved
        return self._render(checked, hits, invalid, repointed, policy or self.policy)

    def _render(self, checked: list[CheckedSentence], hits: list[Hit], invalid: int, repointed: int,
                policy: str) -> Verified:
        order: dict[int, int] = {}
        written = ""
        in_list = False  # the last line written is an item of a list
        for sentence in checked:
            if not sentence.supported and policy == "drop":
                continue
            numbers = [order.setdefault(i, len(order) + 1) for i in sentence.cited] if sentence.supported else []
            markers = "".join(f" [{n}]" for n in numbers)
            mark = UNSUPPORTED_MARK if not sentence.supported and policy == "mark" else ""
            if written and sentence.opens:  # an item of a list: on its own line
                written += "\n" + sentence.opens
            elif written and sentence.opens is not None and in_list:  # a paragraph after a list: apart from it
                written += "\n\n"
            elif written:
                written += " "
            else:
                written = sentence.opens or ""
            in_list = bool(sentence.opens) or (in_list and sentence.opens is None)
            written += f"{sentence.text}{markers}{mark}"
        chunks = [hits[i] for i in sorted(order, key=order.get)]
        return Verified(written, chunks, checked, invalid, repointed)
