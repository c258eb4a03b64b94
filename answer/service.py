"""`ask()`: retrieve, select evidence, decide, generate, cite, score confidence.

Whether to answer is decided from the evidence before anything is written (`Decision`): a question the evidence
does not back is refused at once, and the page never shows text that is later withdrawn. Once an answer is
written, a failed citation check lowers its confidence and drops (or, for text already shown, marks) the
unsupported sentence; only an answer with nothing left, or the generator's own "no answer", becomes a refusal.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from dataclasses import fields as dataclass_fields
from typing import TYPE_CHECKING

from answer.answer_kinds import (asks_for_a_person, asks_steps, expected_kind, forecast_word, holds_kind, names_money,
                                 people_named, places_asked, search_keywords, situation_told, unlisted_variant,
                                 without_quantity_word)
from answer.citations import CitationChecker, Verified
from answer.confidence import (DEFAULT_LANGUAGE, GIVEN_KINDS, PRICED_KINDS, SUBJECT_APART, SUBJECT_NAMED, Calibrations,
                               answer_factor, capped, compound_kinds, deeds_acted, named_things, names_alone, refuses,
                               signals, things_acted_on, things_asked_to_exist, topics_named, unlisted_things,
                               unwritten_acronyms)
from answer.costs import PriceTable
from answer.extractive import Draft, Evidence, ExtractiveGenerator, labelled_text
from answer.guards import GuardEvent, Guards, held_chunks
from answer.moderation import moderation_for
from answer.llm import NO_ANSWER, GenerationFailed, stream_of
from answer.reviewed import Reviewed, ReviewedLookup
from answer.sentences import WORD_JOINER, tables_as_rows, without_emphasis
from answer.social import GENERATOR as SOCIAL, social_reply, social_turn
from answer.spelling import everyday_search_words
from answer.rewrite import QueryRewriter
from core import logs
from core.pii import names_a_person, redact
from core.errors import ErrorCode, RagloopError
from retrieval import Hit, in_question_language, in_word_list, language_of, rarity

if TYPE_CHECKING:
    from answer.extractive import Generator
    from core.settings import Settings
    from core.tracing import Tracer
    from retrieval import Retriever

log = logging.getLogger(__name__)
REFUSAL_TEXT = "The documents don't say."
UNCALIBRATED_THRESHOLD = 0.5  # with no calibration, the confidence is a plain share of covered terms
SNIPPET_CHARS = 280
SHORT_FORM_AMONG = 6  # a short form no passage spells out is what a question of at most this many terms asks about
# a follow-up's own words as common as "change", "use" or "need" say what to do with the earlier subject ("How do I
# change it?"), not a new one (`_follow_up_unheld`)
OWN_WORD_RARITY = 0.3
MIN_OPENING_CHARS = 60  # a snippet shows the chunk's opening before its cited sentence when this much room is left


@dataclass(frozen=True)
class Citation:
    n: int
    document_id: str
    chunk_id: str
    title: str
    source: str
    snippet: str
    score: float


@dataclass
class Decision:
    """Whether to answer, decided from the evidence before anything is written."""

    values: dict  # the evidence signals
    language: str
    collection: str
    confidence: float  # from the evidence alone
    threshold: float
    answer: bool
    guard_events: list[dict] = field(default_factory=list)  # chunks held back, questions flagged
    unmentioned: list[str] = field(default_factory=list)  # words naming things the knowledge base never mentions
    follow_up_unheld: bool = False  # a follow-up whose passages hold none of its own words
    kind_unheld: str | None = None  # the kind of answer asked for (a price …) that no passage found gives
    kind_elsewhere: str | None = None  # a price or a rate asked of a thing the passages name without one
    names_alone: list[str] = field(default_factory=list)  # names, all the best passage shares with the question


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation]
    confidence: float
    refused: bool
    collection: str
    trace_id: str
    latency_ms: float
    generator: str
    prompt_name: str
    prompt_version: str
    embedder: str
    retrieved: list[dict] = field(default_factory=list)
    supported_share: float | None = None
    signals: dict = field(default_factory=dict)  # the evidence signals behind the confidence
    draft: str = ""  # what the generator wrote, checked, before any refusal
    draft_chunks: list[str] = field(default_factory=list)  # ids of the chunks the draft cites, [1] first
    generation: dict = field(default_factory=dict)  # attempts (with fallbacks), guard events, citation checks
    search_query: str = ""  # what was searched for: the question, made standalone when it was a follow-up
    model: str | None = None  # the paid model that wrote the answer (None: extractive, local)
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = 0.0  # None: the model is missing from the price table
    reviewed: Reviewed | None = None  # the golden item whose reviewed answer this is (`answer.reviewed`)

    @property
    def verified(self) -> dict | None:
        """{golden_id, reviewed_at} of a reviewed answer served back, else None (the API's `verified`)."""
        return self.reviewed.to_api() if self.reviewed else None

    def to_api(self, answer_id: str) -> dict:
        return {"answer_id": answer_id, "answer": self.answer, "citations": [asdict(c) for c in self.citations],
                "confidence": round(self.confidence, 4), "refused": self.refused, "trace_id": self.trace_id,
                "verified": self.verified}

    def to_record(self) -> dict:
        """Everything the answers table keeps about how this answer was made."""
        fields = {f.name: getattr(self, f.name) for f in dataclass_fields(self)}
        fields["citations"] = [asdict(c) for c in self.citations]
        for transient in ("signals", "draft", "draft_chunks", "reviewed"):
            fields.pop(transient)
        fields["generation"] = {**self.generation, "signals": self.signals}
        if self.reviewed:
            fields["golden_id"], fields["generation"]["reviewed"] = self.reviewed.golden_id, self.reviewed.to_record()
        return fields


_HANGUL_NOUN = re.compile(r"[가-힣]{2,}")
# the particles a Korean noun ending a compound may be followed by ("셔틀버스를")
_KO_PARTICLES = "이|가|을|를|은|는|의|에|에서|에게|로|으로|와|과|도|만|까지|부터|이나|나|랑|이랑|보다"


def in_a_compound(word: str, texts: list[str]) -> bool:
    """Whether `texts` write a Korean noun as the end or the start of a compound, which speaks of it: "무료 버스가
    있을까요?" over pages on the school's "셔틀버스", which the analyser reads as one word. Not one inside a word:
    the "보험" of "건강보험증", a child's identity document, is no insurance."""
    return bool(_HANGUL_NOUN.fullmatch(word)) and any(
        re.search(rf"(?<![가-힣]){word}|{word}(?:{_KO_PARTICLES})?(?![가-힣])", text) for text in texts)


def cpu_slots(settings: Settings) -> int:
    """RAGLOOP_ANSWER_CONCURRENCY, or one slot per CPU core."""
    return settings.answer_concurrency or os.cpu_count() or 1


_MARKUP = re.compile(r"(?m)^\s{0,3}#{1,6}\s+|\s+")


def snippet(text: str, around: str = "") -> str:
    """A short, plain-text window of the chunk: its opening, which shows what the passage is about, and the cited
    sentence (`around`) after it when the opening would not show it whole; centred on the sentence when it is too
    long to leave room for the opening. A table shows its rows read with their headers, as the answer quotes them."""
    # (a sentence as the answer quotes it, a page's own "[2]" with a word joiner: `answer.sentences.quoted`)
    text, around = (_MARKUP.sub(" ", without_emphasis(tables_as_rows(part.replace(WORD_JOINER, ""), " · "))).strip()
                    for part in (text, around))
    if len(text) <= SNIPPET_CHARS:
        return text
    at = text.find(around) if around else -1
    if at < 0 or at + len(around) <= SNIPPET_CHARS:
        return _cut(text, 0, SNIPPET_CHARS)
    room = SNIPPET_CHARS - len(around) - len(" … ")
    if room >= MIN_OPENING_CHARS:
        opening = text[:room].rsplit(" ", 1)[0]
        rest = text[at + len(around):].strip()
        return f"{opening} … {around}" + (" …" if rest else "")
    return _cut(text, max(0, at - (SNIPPET_CHARS - len(around)) // 2), SNIPPET_CHARS)


def _cut(text: str, start: int, length: int) -> str:
    """`length` characters of `text` from `start`, cut at words, with an ellipsis where text was left out."""
    window = text[start:start + length]
    if start + length < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    return ("… " + window.split(" ", 1)[-1]) if start else window


def _citation(n: int, hit: Hit, sentence: str = "") -> Citation:
    p = hit.payload
    return Citation(n=n, document_id=p.get("document_id", ""), chunk_id=hit.id, title=p.get("title", ""),
                    source=p.get("source", ""), snippet=snippet(hit.text, sentence), score=round(hit.score, 4))


def citations_for(verified: Verified, hits: list[Hit]) -> list[Citation]:
    """The citation list of a checked answer, each snippet centred on the first sentence that cites the chunk."""
    first = {}
    for sentence in verified.sentences:
        for i in sentence.cited if sentence.supported else ():
            first.setdefault(hits[i].id, sentence.text)
    return [_citation(n, hit, first.get(hit.id, "")) for n, hit in enumerate(verified.chunks, start=1)]


def nearest_sources(hits: list[Hit], evidence: list[Evidence], count: int = 3, *,
                    language: str | None = None) -> list[Citation]:
    """The sources a refusal lists: the first `count` chunks, each snippet showing its sentence that came closest
    to answering (the evidence is ranked best first; `snippet`). A question refused in one's own words often has its
    answer in the first source, past where the chunk's opening would be cut ("Students … get 20 percent off"),
    and the person reads it there. Chunks in the question's `language` come first, in the search's order: over
    pages written in English and in Korean, an English question refused listed the Korean translations of what it
    had found, which its reader may not read."""
    closest: dict[str, str] = {}
    for item in evidence:
        closest.setdefault(item.hit.id, item.sentence)
    if language:
        hits = sorted(hits, key=lambda hit: language_of(hit.text) != language)  # stable: the search's order within
    return [_citation(n, hit, closest.get(hit.id, "")) for n, hit in enumerate(hits[:count], start=1)]




class AnswerService:
    """retrieve → select evidence → generate (with fallbacks) → check citations → confidence → answer or refuse."""

    def __init__(self, *, retriever: Retriever, evidence: ExtractiveGenerator, generator: Generator,
                 checker: CitationChecker, calibrations: Calibrations, tracer: Tracer, settings: Settings,
                 slots: threading.Semaphore | None = None):
        """`slots`: how many questions may be in their CPU-bound stages (retrieval, evidence, checks) at once,
        shared by every service of a process (`core.runtime`); the others wait without holding the interpreter,
        so a busy server stays responsive. An LLM's writing is not held to it."""
        self.retriever = retriever
        self.evidence = evidence
        self.generator = generator
        self.checker = checker
        self.calibrations = calibrations  # by kind of writer and language
        self.tracer = tracer
        self.settings = settings
        self.rewriter = QueryRewriter(evidence.terms)
        self.slots = slots or threading.BoundedSemaphore(cpu_slots(settings))
        self.guards = Guards(injection_policy=settings.injection_policy)
        self.moderation = moderation_for(settings)
        self.redacted_kinds = settings.pii_kinds_in_answers
        self.prices = PriceTable.parse(settings.llm_prices)

    @property
    def refusal_threshold(self) -> float:
        """The threshold for answers of the configured generator to questions in the default language."""
        return self._threshold(self.settings.generator, DEFAULT_LANGUAGE)

    def _threshold(self, writer: str, language: str, collection: str | None = None) -> float:
        if self.settings.refusal_threshold is not None:
            return self.settings.refusal_threshold
        calibration = self.calibrations.find(writer, language, collection)
        return calibration.threshold_for(self.settings.refusal_cost) if calibration else UNCALIBRATED_THRESHOLD

    def ask(self, question: str, *, collection: str | None = None, source: str | None = None,
            tags: tuple[str, ...] = (), history: Sequence[str] = (), user: str | None = None,
            conversation: str | None = None, reviewed: ReviewedLookup | None = None) -> Answer:
        """`history`: the conversation's earlier standalone queries, oldest first (a follow-up borrows from them);
        `user` and `conversation` label the trace; `reviewed`: where reviewed answers are found (`_served`)."""
        asked, collection = self._checked_question(question), collection or self.settings.default_collection
        started, trace_id = time.perf_counter(), self.tracer.new_trace_id()
        logs.trace_id.set(trace_id)
        with self.tracer.timing() as stages, self.tracer.trace("ask", trace_id=trace_id, input={"question": asked},
                                                               user_id=user, session_id=conversation) as root:
            answer, query = self._social(asked, collection) or self._served(
                asked, collection, reviewed, history=history, filtered=bool(source or tags)), asked
            if answer is None:
                query, hits, evidence, decision = self._prepare(asked, collection, history, source=source, tags=tags)
                if decision.answer:
                    draft = next(item for item in self._generate(query, hits, evidence, stream=False)
                                 if isinstance(item, Draft))
                else:
                    draft = self._unsaid(query, hits, evidence)
                answer = self._finish(query, hits, evidence, draft, decision, shown=False)
            answer.generation["stages_ms"] = stages
            root.update(output={"answer": answer.answer, "refused": answer.refused, "confidence": answer.confidence,
                                "reviewed": answer.verified})
        return self._stamped(answer, asked=asked, query=query, collection=collection, trace_id=trace_id,
                             started=started)

    def ask_stream(self, question: str, *, collection: str | None = None, source: str | None = None,
                   tags: tuple[str, ...] = (), history: Sequence[str] = (), user: str | None = None,
                   conversation: str | None = None, reviewed: ReviewedLookup | None = None) -> Iterator[dict]:
        """Events: {"event": "delta", "text"} as the generator writes, {"event": "reset"} when a generator failed
        part-way and the next one starts over, then {"event": "done", "answer": Answer} with the checked answer,
        its citations and the confidence. A refusal, like a reviewed answer, is decided before any text and sends
        none. The trace is closed while the generator streams (a stream is consumed across threads)."""
        asked, collection = self._checked_question(question), collection or self.settings.default_collection
        started, trace_id = time.perf_counter(), self.tracer.new_trace_id()
        logs.trace_id.set(trace_id)
        with self.tracer.timing() as stages, self.tracer.trace("ask", trace_id=trace_id, user_id=user,
                                                               input={"question": asked, "stream": True},
                                                               session_id=conversation) as root:
            answer = self._social(asked, collection) or self._served(
                asked, collection, reviewed, history=history, filtered=bool(source or tags))
            if answer is not None:
                query, decision = asked, None
                root.update(output={"answer": answer.answer, "reviewed": answer.verified})
            else:
                query, hits, evidence, decision = self._prepare(asked, collection, history, source=source, tags=tags)
            if decision is not None and not decision.answer:
                answer = self._finish(query, hits, evidence, self._unsaid(query, hits, evidence), decision,
                                      shown=False)
                root.update(output={"answer": answer.answer, "refused": True, "confidence": answer.confidence})
        if decision is not None and decision.answer:
            searched, shown = time.perf_counter(), False
            for item in self._generate(query, hits, evidence, stream=True):
                if isinstance(item, Draft):
                    draft = item
                else:
                    shown = shown or item["event"] == "delta"
                    yield item
            stages["generation"] = round((time.perf_counter() - searched) * 1000, 1)  # spans across the stream
            with self.tracer.timing() as checked, self.tracer.trace("ask-checked", trace_id=trace_id,
                                                                    input={"question": query}) as root:
                answer = self._finish(query, hits, evidence, draft, decision, shown=shown)
                root.update(output={"answer": answer.answer, "refused": answer.refused,
                                    "confidence": answer.confidence})
            stages |= checked
        answer.generation["stages_ms"] = stages
        yield {"event": "done", "answer": self._stamped(answer, asked=asked, query=query, collection=collection,
                                                        trace_id=trace_id, started=started)}

    def _social(self, question: str, collection: str) -> Answer | None:
        """The reply to a greeting, thanks or goodbye (`answer.social`), before anything is searched; None for a
        question. It answers nothing from the documents: refused, with no citations and no confidence."""
        reply = social_reply(question)
        if reply is None:
            return None
        return Answer(question=question, answer=reply, citations=[], confidence=0.0, refused=True,
                      collection=collection, trace_id="", latency_ms=0.0, generator=SOCIAL, prompt_name="",
                      prompt_version="", embedder=self.retriever.embedder.name)

    def _served(self, question: str, collection: str, reviewed: ReviewedLookup | None, *, history: Sequence[str],
                filtered: bool) -> Answer | None:
        """The reviewed answer of a question that means the same (`answer.reviewed`), with its reference documents'
        best passages for the question as citations, or the refusal of one the agent found the documents do not
        answer; None when there is none, or when the question is asked of one document or tag. A follow-up is
        matched as its standalone query. The confidence of a reviewed answer is how closely the question matches
        the one the agent answered."""
        if reviewed is None or filtered:
            return None
        with self.tracer.span("reviewed", input={"question": question, "collection": collection}) as span:
            match = reviewed.match(self._rewrite(question, history), collection=collection, terms=self.evidence.terms)
            span.update(output=match.to_record() if match else None)
        if match is None:
            return None
        if not match.answerable:  # the agent found that the documents do not answer it
            return Answer(question=question, answer=REFUSAL_TEXT, citations=[], confidence=0.0, refused=True,
                          collection=collection, trace_id="", latency_ms=0.0, generator="reviewed", prompt_name="",
                          prompt_version="", embedder=self.retriever.embedder.name, retrieved=[], reviewed=match)
        with self.slots:
            hits = [hit for source in match.sources
                    for hit in self.retriever.search(question, limit=1, collection=collection, source=source)]
        citations = [_citation(n, hit) for n, hit in enumerate(hits, start=1)]
        text, events = self._redacted(match.answer, citations, [])
        return Answer(question=question, answer=text, citations=citations, confidence=match.similarity,
                      refused=False, collection=collection, trace_id="", latency_ms=0.0, generator="reviewed",
                      prompt_name="", prompt_version="", embedder=self.retriever.embedder.name,
                      retrieved=_retrieved(hits), generation={"guard_events": events}, reviewed=match)

    def _unsaid(self, question: str, hits: list[Hit], evidence: list[Evidence]) -> Draft:
        """A question refused on the evidence: no generator is asked; what the evidence would have said is kept
        with the answer (for review and calibration), never shown."""
        draft = self.evidence.generate(question, hits, evidence=evidence)
        draft.attempts = [{"generator": self.evidence.name, "outcome": "ok", "note": "refused on the evidence"}]
        return draft

    def _prepare(self, question: str, collection: str, history: Sequence[str], **filters):
        """The standalone query, its hits and evidence, and the decision to answer or not. A follow-up whose
        borrowed words found passages holding none of its own (`_follow_up_unheld`) is searched again as asked:
        "And how do I delete one?" after "Which file formats can ragloop read?" searched with "file formats ragloop
        read" found the list of formats again, and alone finds how to delete a document. The question alone is
        answered only when its own evidence says so; else the refusal stands."""
        with self.slots:
            query = self._rewrite(question, history)
            prepared = self._prepared(query, collection, asked=question, **filters)
            if prepared[-1].follow_up_unheld:
                alone = self._prepared(question, collection, asked=question, **filters)
                if alone[-1].answer:
                    return alone
            return prepared

    def _prepared(self, query: str, collection: str, *, asked: str, **filters):
        hits, events = self._guarded(query, self._search(query, collection, **filters))
        everywhere = self._named_everywhere(query, collection) if hits else frozenset()
        evidence = self.evidence.select(query, hits, everywhere=everywhere) if hits else []
        decision = self._decide(query, hits, evidence, collection, asked=asked)
        decision.guard_events = events
        return query, hits, evidence, decision

    def _guarded(self, question: str, hits: list[Hit]) -> tuple[list[Hit], list[dict]]:
        """The injection guard, for every generator: a chunk that carries instructions is held back before any
        evidence is chosen, so neither an LLM nor the extractive generator (nor a fallback) ever serves it."""
        with self.tracer.span("guards", input={"chunks": len(hits)}) as span:
            held, events = held_chunks(self.guards, question, [hit.text for hit in hits])
            span.update(output=[e.to_dict() for e in events])
        return [hit for n, hit in enumerate(hits) if n not in held], [e.to_dict() for e in events]

    @staticmethod
    def _stamped(answer: Answer, *, asked: str, query: str, collection: str, trace_id: str,
                 started: float) -> Answer:
        answer.question, answer.search_query = asked, query
        answer.collection, answer.trace_id = collection, trace_id
        answer.latency_ms = (time.perf_counter() - started) * 1000
        log.info("answered", extra={"refused": answer.refused, "confidence": round(answer.confidence, 3),
                                    "latency_ms": round(answer.latency_ms, 1), "generator": answer.generator})
        return answer

    def _rewrite(self, question: str, history: Sequence[str]) -> str:
        """The standalone query of a follow-up; a greeting or thanks earlier on says nothing it could borrow."""
        history = [earlier for earlier in history if social_turn(earlier) is None]
        if not history:
            return question
        with self.tracer.span("rewrite", input={"question": question, "history": list(history)}) as span:
            query = self.rewriter.standalone(question, history)
            span.update(output=query)
        return query

    def search_keywords(self, query: str) -> str | None:
        """What the keyword search looks for, when not the query as asked (`answer_kinds.search_keywords`)."""
        return search_keywords(query, self.retriever.sparse.terms)

    def _search(self, query: str, collection: str, **filters) -> list[Hit]:
        """The query's hits; the keyword search also looks for the knowledge base's own words for its everyday
        verbs, phrases and spans of the week (`everyday_search_words`), which the evidence then reads it in."""
        keywords = self.search_keywords(query)
        besides = everyday_search_words(query, self.evidence.terms(query),
                                        lambda terms: self.retriever.unmentioned(terms, collection))
        if besides:
            keywords = " ".join([keywords or query, *besides])
        hits = self.retriever.search(query, limit=self.settings.top_k, collection=collection,
                                     keywords=keywords, **filters)
        if not hits and self.retriever.index.count(collection=collection) == 0:
            raise RagloopError(ErrorCode.NOT_FOUND, f"the collection {collection!r} holds no documents yet")
        return hits

    def _checked_question(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise RagloopError(ErrorCode.BAD_INPUT, "the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise RagloopError(ErrorCode.BAD_INPUT, f"the question is longer than "
                               f"{self.settings.max_question_chars} characters")
        return question

    def _decide(self, question: str, hits: list[Hit], evidence: list[Evidence], collection: str, *,
                asked: str | None = None) -> Decision:
        """Answer or refuse, from the retrieval and evidence signals of the configured generator's calibration.
        `question` is the standalone query; `asked`, what the person typed, when a follow-up was rewritten."""
        best = evidence[0].hit if evidence else (hits[0] if hits else None)
        language = language_of(question) or DEFAULT_LANGUAGE
        texts = [labelled_text(hit) for hit in hits]
        meant = self.evidence.as_the_passages_spell(question, texts)
        naming = self.evidence.naming_terms(meant)
        asked_terms = self.evidence.asked_terms(meant)
        chunk_terms = self.evidence.held_terms(meant, labelled_text(best), naming) if best else []
        values = signals(question=meant, hits=hits, evidence=evidence,
                         asked_terms=self._telling_terms(self._asked_after_the_situation(meant, asked_terms),
                                                         collection), chunk_terms=chunk_terms,
                         support=None,
                         max_sentences=self.evidence.max_sentences,
                         background=self.retriever.background(collection, language),
                         read=in_question_language(hits, language))
        values["answer_written"] = float(bool(evidence))
        alone = names_alone(meant, self.evidence.terms, asked_terms, chunk_terms,
                            lambda names: self.retriever.held_everywhere(names, collection),
                            lambda found: self.retriever.unmentioned(found, collection))
        values["names_alone"] = float(bool(alone))
        unmentioned = self._unmentioned(meant, collection, across=bool(values.get("other_language")),
                                        texts=texts)
        values["unmentioned"] = float(bool(unmentioned))  # a signal, as the others: 1.0 when it names such a thing
        # the kind of answer asked for is the person's, not the borrowed words' of a follow-up
        own = meant if asked in (None, question) else self.evidence.as_the_passages_spell(asked, texts)
        kind_unheld = self._kind_unheld(own, hits)
        values["kind_unheld"] = float(bool(kind_unheld))
        kind_elsewhere = None
        if not kind_unheld and evidence and expected_kind(own) in PRICED_KINDS and (
                expected_kind(own) == "rate" or names_money(own)):
            telling = self._telling_terms(self.evidence.asked_terms(without_quantity_word(meant)), collection)
            lead, best, given = self.evidence.subject_coverage(meant, hits, evidence[0], telling, named=SUBJECT_NAMED)
            values.update(subject_lead=lead, subject_best=best, subject_given=float(given))
            if best >= SUBJECT_NAMED and (lead < SUBJECT_APART or not given):
                kind_elsewhere = expected_kind(own)
            elif not values.get("other_language"):
                # a thing the pages do not list, by a word they never hold ("a double bass" of a table of violins and
                # cellos), or a model or a size beside others they list ("WP-650" of WP-520 and WP-300)
                subject = self.evidence.priced_subject(meant, telling)
                unlisted = [*unlisted_things(meant, subject, self.retriever.unmentioned(subject, collection),
                                             self.evidence.terms, texts).values(),
                            *filter(None, [unlisted_variant(meant, texts)])]
                unmentioned = [*unmentioned, *(word for word in dict.fromkeys(unlisted)
                                               if word not in unmentioned and not in_a_compound(word, texts))]
                values["unmentioned"] = float(bool(unmentioned))
        values["kind_elsewhere"] = float(bool(kind_elsewhere))
        values["follow_up_unheld"] = float(self._follow_up_unheld(asked or question, question, evidence))
        writer = self.settings.generator
        confidence = self._evidence_confidence(values, writer, language, collection)
        threshold = self._threshold(writer, language, collection)
        return Decision(values, language, collection, confidence, threshold,
                        not refuses(values, confidence, threshold), unmentioned=unmentioned,
                        follow_up_unheld=bool(values["follow_up_unheld"]), kind_unheld=kind_unheld,
                        kind_elsewhere=kind_elsewhere, names_alone=alone)

    def _asked_after_the_situation(self, question: str, asked: list[str]) -> list[str]:
        """The terms a Korean question asking how to do a deed of two nouns asks after the clause telling the asker's
        situation (`situation_told`), which the steps for that deed seldom repeat: "회사 사람들 12명이서 가려는데 단체
        예약은 어떻게 하나요?" was refused at 0.28 with the steps under "예약 방법" on the group booking page, as they
        hold two of its seven terms. Any other question is asked by all its `asked` terms: "제 머리가 허리까지 오는데
        파마하면 돈을 더 내야 하나요?" asks of the hair's length."""
        situation = situation_told(question)
        if not situation or not asks_steps(question) or len(self.evidence.deed_terms(question)) < 2:
            return asked
        return self.evidence.asked_terms(question[len(situation):]) or asked

    @staticmethod
    def _kind_unheld(question: str, hits: list[Hit]) -> str | None:
        """The kind of answer the question asks for when it is one a passage must give (`GIVEN_KINDS`: a price, a
        rate, an email address, a phone number; or a person's name asked for by the role held, "person") and none
        of the passages found gives one; else None. "What is the name of the head roaster?" was answered at 0.95
        with the sentence saying where the coffee is roasted. A Korean question asking "얼마" asks for a price only
        when it names money (`names_money`): "유효 시간은 얼마인가요?" asks how long. A table is read by its rows, each
        cell under its column's header ("price_gbp: included with DHP")."""
        if hits and asks_for_a_person(question) and not any(names_a_person(labelled_text(hit), given=question)
                                                             for hit in hits):
            return "person"
        kind = expected_kind(question)
        if kind not in GIVEN_KINDS or not hits or (kind == "price" and not names_money(question)):
            return None
        return None if any(holds_kind(question, tables_as_rows(labelled_text(hit))) for hit in hits) else kind

    def _named_everywhere(self, question: str, collection: str) -> frozenset[str]:
        """The question's terms that tell no passage from another: names most of the collection's documents hold
        (`_telling_terms`), such as the product's name over its own guide."""
        asked = self.evidence.asked_terms(question)
        return frozenset(asked) - set(self._telling_terms(asked, collection))

    def _telling_terms(self, asked: list[str], collection: str) -> list[str]:
        """The question's terms that can tell a passage answering it from one that does not: without a name no word
        list holds that most of the collection's documents hold (`Retriever.held_everywhere`). "Does ragloop keep a
        history of my chats?" over ragloop's guide shares "ragloop", its rarest word, with every page, and a page
        holding it and "chats" looked like one holding the question's rarest words; all of them when it names nothing
        else. A name in Latin letters: the Korean lists lack many everyday nouns ("헬스장"), which are what a
        question over a gym's pages is about."""
        unlisted = [term for term in asked if term.isascii() and not in_word_list(term)]
        names = set(self.retriever.held_everywhere(unlisted, collection))
        return [term for term in asked if term not in names] or asked

    def _follow_up_unheld(self, asked: str, query: str, evidence: list[Evidence]) -> bool:
        """Whether a follow-up that borrowed the earlier question's words (`answer.rewrite`) found passages that
        hold none of its own: "그럼 크기 제한은?" after "PDF 파일도 올릴 수 있나요?" searches with the borrowed words,
        which find the list of formats again; that answers the earlier question, not the size limit asked now.
        Its own words count as held in a passage's title and headings too ("How do I change it?" of the port), and
        the words naming a way to get in touch in a passage holding one ("And the helpline?" of a phone number)."""
        if asked == query or not evidence:
            return False
        texts = [labelled_text(item.hit) for item in evidence]
        meant = self.evidence.as_the_passages_spell(asked, texts)
        own = {term for term in self.evidence.asked_terms(without_quantity_word(meant))
               if rarity(term) >= OWN_WORD_RARITY}
        naming = self.evidence.naming_terms(meant)
        held = {term for text in texts for term in self.evidence.held_terms(meant, text, naming)}
        return bool(own) and not own & held

    def _unmentioned(self, question: str, collection: str, *, across: bool, texts: list[str]) -> list[str]:
        """The words of the question that name a thing (`named_things`), are a short form the passages found
        (`texts`) do not spell out (`unwritten_acronyms`), name the thing it asks whether there is
        (`things_asked_to_exist`) or the Korean deed it asks how to do (`deeds_acted`), that no chunk of the
        collection holds, and those of the thing it asks how to act on, or of what that thing is part of
        (`things_acted_on`), or of a Korean topic (`topics_named`), when no chunk holds any of them: the knowledge
        base does not speak of what it asks about. `across`: the passages are in another language, which writes a
        short form and a thing in its own words."""
        asked = set(self.evidence.asked_terms(question))
        named = named_things(question, self.evidence.terms, asked, latin_only=across)
        acted: dict[str, str] = {}
        in_names: set[str] = set()
        if not across:
            # a short form among many words describes what the question is about ("My company firewall intercepts
            # SSL traffic and the certificate check fails"), where the pages may say it in words of their own
            short_forms = (unwritten_acronyms(question, self.evidence.terms, asked, texts)
                           if len(asked) <= SHORT_FORM_AMONG else {})
            for term, word in short_forms.items():
                named.setdefault(term, word)
            # a thing asked whether there is, or another asked about with it ("a restaurant or cafeteria"), when the
            # knowledge base does not name each of them
            # (a thing the pages name only inside names is not spoken of: "parking" beside "Northgate Business Park")
            things = things_asked_to_exist(question, self.evidence.terms, asked)
            in_names = set(self.retriever.held_only_in_names([t for thing in things for t in thing], collection))
            if all(self.retriever.unmentioned(list(thing), collection) or set(thing) <= in_names for thing in things):
                for term, word in (pair for thing in things for pair in thing.items()):
                    named.setdefault(term, word)
            # a compound's first part the knowledge base never holds, before a last part it does ("전기요금" over
            # pages on 수도요금): another kind of that thing
            for first, last, whole in compound_kinds(question, self.evidence.terms):
                if not self.retriever.unmentioned([last], collection):
                    named.setdefault(first, whole)
            for part in (False, True):  # the thing, then what it is part of: either unnamed, it is another thing
                thing = things_acted_on(question, self.evidence.terms, asked, part=part)
                if len(self.retriever.unmentioned(list(thing), collection)) == len(thing):
                    acted.update(thing)
            # a deed said as a noun and 하다 that the knowledge base never names ("주차할 수 있나요?")
            deeds = deeds_acted(question, self.evidence.terms, asked)
            acted.update({term: term for term in self.retriever.unmentioned(deeds, collection)})
            # a Korean topic none of whose words the knowledge base holds ("무이자 할부는")
            for topic in topics_named(question, self.evidence.terms, asked):
                if len(self.retriever.unmentioned(list(topic), collection)) == len(topic):
                    acted.update(topic)
            # the weather on a day to come, of pages that never forecast it
            if (forecast := forecast_word(question)) and self.retriever.unmentioned([forecast[0]], collection):
                acted[forecast[0]] = forecast[1]
        unheld = [*self.retriever.unmentioned(list(named), collection), *(in_names & set(named)), *acted]
        words = dict.fromkeys({**acted, **named}[term] for term in unheld)
        return list(dict.fromkeys([*(word for word in words if not in_a_compound(word, texts)),
                                   *([] if across else self._places_and_people_unheld(question, collection, texts))]))

    def _places_and_people_unheld(self, question: str, collection: str, texts: list[str]) -> list[str]:
        """The places a Korean question asks a branch, an office or an address at (`places_asked`), and the people
        it names by their role (`people_named`), that no chunk of the collection holds and no passage found writes,
        but as the start of a word ("송도점" writes 송도): "부산 서면 쪽에도 지점이 있나요?" of a study café's branches
        in Seoul was answered with its contact page, "김태호 플로리스트는 어떤 일을 맡고 있나요?" with what the shop
        does. Not as the end of one, which names another place: "해운대구" is no 대구."""
        unheld = []
        for place in [*places_asked(question), *people_named(question)]:
            its, written = self.evidence.terms(place), "".join(place.split())  # ("리먼 브라더스": 리먼브라더스)
            starts = re.compile(rf"(?<![가-힣])(?:{re.escape(place)}|{re.escape(written)})")
            if (its and not any(starts.search(text) for text in texts)
                    and len(self.retriever.unmentioned(its, collection)) == len(its)):
                unheld.append(written)
        return unheld

    def _generate(self, question: str, hits: list[Hit], evidence: list[Evidence], *,
                  stream: bool) -> Iterator[dict | Draft]:
        """Text events as the generator writes (held back while they could still be its "no answer"), then the
        Draft. Every generator failing gives a refusal Draft that records why."""
        with self.tracer.span("generation", input={"question": question, "chunks": len(hits)},
                              as_type="generation") as span:
            draft, held, withheld = None, "", False
            try:
                if not stream:
                    draft = self.generator.generate(question, hits, evidence=evidence)
                else:
                    for item in stream_of(self.generator, question, hits, evidence):
                        if isinstance(item, Draft):
                            draft = item
                        elif item is None:
                            held, withheld = "", False
                            yield {"event": "reset"}
                        elif not withheld:
                            held += item
                            if not (_may_be_no_answer(held) or _may_be_unfinished_number(held)
                                    or _may_be_unfinished_word(held)):
                                shown = self.moderation.check(redact(held, self.redacted_kinds)[0])
                                withheld, held = shown.blocked, ""
                                if not withheld:
                                    yield {"event": "delta", "text": shown.text}
            except GenerationFailed as exc:
                draft = _failed_draft(exc)
            span.update(output=draft.text, metadata={"generator": draft.generator, "attempts": draft.attempts},
                        **_usage_fields(draft, self.prices))
        yield draft

    def _finish(self, question: str, hits: list[Hit], evidence: list[Evidence], draft: Draft, decision: Decision,
                *, shown: bool) -> Answer:
        """Check the citations, weigh the answer against its evidence, and refuse only what the decision refused
        or what left nothing to say. Text already shown keeps its unsupported sentences, marked."""
        policy = "mark" if shown and self.checker.policy == "drop" else None
        with self.slots, self.tracer.span("citations", input={"answer": draft.text}) as span:
            verified = self.checker.verify(draft.text, hits, policy=policy)
            span.update(output=verified.text, metadata=verified.to_record())
        values = {**decision.values, "support": verified.supported_share,
                  "addressed": self._addressed(question, evidence, verified, draft.generator)}
        values["answer_written"] = float(not draft.refused and (verified.has_support or (shown and bool(
            verified.sentences))))
        writer = draft.generator if decision.answer else self.settings.generator  # refused: what the decision used
        confidence = (self._evidence_confidence(values, writer, decision.language, decision.collection)
                      * answer_factor(values))
        refused = not decision.answer or not values["answer_written"]
        if refused:
            text, citations = REFUSAL_TEXT, nearest_sources(hits, evidence, language=language_of(question))
        else:
            text, citations = verified.text, citations_for(verified, hits)
        text, events = self._redacted(text, citations, decision.guard_events + draft.guard_events)
        text, citations, events = self._moderated(text, citations, events, refused=refused)
        return Answer(question=question, answer=text, citations=citations, confidence=confidence, refused=refused,
                      collection="", trace_id="", latency_ms=0.0, generator=draft.generator,
                      prompt_name=draft.prompt_name, prompt_version=draft.prompt_version,
                      embedder=self.retriever.embedder.name, retrieved=_retrieved(hits),
                      supported_share=round(verified.supported_share, 4), signals=values, draft=verified.text,
                      draft_chunks=[hit.id for hit in verified.chunks],
                      generation={"attempts": draft.attempts, "guard_events": events,
                                  "citations": verified.to_record(), "decided": {
                                      "evidence_confidence": round(decision.confidence, 4),
                                      "threshold": round(decision.threshold, 4), "answer": decision.answer},
                                  "unmentioned": decision.unmentioned,
                                  "follow_up_unheld": decision.follow_up_unheld,
                                  "kind_unheld": decision.kind_unheld,
                                  "kind_elsewhere": decision.kind_elsewhere,
                                  "names_alone": decision.names_alone},
                      model=draft.usage.get("model"), prompt_tokens=draft.usage.get("prompt_tokens"),
                      completion_tokens=draft.usage.get("completion_tokens"), cost_usd=self.prices.cost(draft.usage))

    def _redacted(self, text: str, citations: list[Citation], events: list[dict]) -> tuple[str, list[dict]]:
        """Personal data of the kinds RAGLOOP_PII_IN_ANSWERS names, masked in the answer and its snippets (each
        kind found counted once per answer); the guard events without repeats."""
        text, found = redact(text, self.redacted_kinds)
        for n, citation in enumerate(citations):
            snippet_text, in_snippet = redact(citation.snippet, self.redacted_kinds)
            citations[n], found = replace(citation, snippet=snippet_text), found + in_snippet
        events = events + [GuardEvent("pii", kind, "answer", "masked").to_dict() for kind in dict.fromkeys(found)]
        return text, list({tuple(sorted(e.items())): e for e in events}.values())

    def _moderated(self, text: str, citations: list[Citation], events: list[dict], *,
                   refused: bool) -> tuple[str, list[Citation], list[dict]]:
        """The answer and its snippets through moderation; a blocked answer keeps no citations."""
        moderated = self.moderation.check(text) if not refused else None
        found = list(moderated.categories) if moderated else []
        for n, citation in enumerate(citations):
            snippet = self.moderation.check(citation.snippet)
            if snippet.categories and self.moderation.policy != "flag":
                citations[n] = replace(citation, snippet=self.moderation.masked(citation.snippet))
            found += snippet.categories
        blocked = bool(moderated and moderated.blocked)
        action = "blocked" if blocked else ("masked" if self.moderation.policy in ("mask", "block") else "flagged")
        events = events + [GuardEvent("moderation", category, "answer", action).to_dict()
                           for category in dict.fromkeys(found)]
        return (moderated.text if moderated else text), ([] if blocked else citations), events

    def _addressed(self, question: str, evidence: list[Evidence], verified: Verified, writer: str) -> float | None:
        """For an LLM answer: its best supported sentence's relevance to the question over the best evidence
        sentence's (1 or more: it answers as well as the evidence does). None for extractive answers, which are
        the evidence."""
        said = [s.text for s in verified.sentences if s.supported]
        if writer == self.evidence.name or not evidence or not said or evidence[0].relevance <= 0:
            return None
        hits = [item.hit for item in evidence]
        return min(1.0, max(self.evidence.relevance(question, said, hits)) / evidence[0].relevance)

    def _evidence_confidence(self, values: dict, writer: str, language: str, collection: str | None) -> float:
        calibration = self.calibrations.find(writer, language, collection)
        if calibration is not None:
            return calibration.evidence_confidence(values)
        return capped(values, 0.5 * values["chunk_coverage"] + 0.5 * values["sentence_coverage"])


@dataclass(frozen=True)
class _LangfusePrompt:
    """What Langfuse needs to link a generation to the prompt version that produced it."""

    name: str
    version: int
    is_fallback: bool = False


def _usage_fields(draft: Draft, prices: PriceTable) -> dict:
    """Model, token usage, cost and Langfuse prompt version of a generation, as Langfuse records them."""
    fields = {}
    if draft.prompt_origin == "langfuse" and draft.prompt_version.isdigit():
        fields["prompt"] = _LangfusePrompt(draft.prompt_name, int(draft.prompt_version))
    if not draft.usage.get("model"):
        return fields
    fields |= {"model": draft.usage["model"], "usage_details": {"input": draft.usage.get("prompt_tokens", 0),
                                                                "output": draft.usage.get("completion_tokens", 0)}}
    cost = prices.cost(draft.usage)
    return fields | ({"cost_details": {"total": cost}} if cost is not None else {})


def _failed_draft(exc: GenerationFailed) -> Draft:
    """Every generator failed: the user gets a refusal, and the answer records why."""
    log.error("no generator could answer: %s", exc)
    return Draft("", "none", "", "", refused=True, guard_events=exc.guard_events,
                 attempts=exc.attempts or [{"outcome": exc.kind, "error": str(exc)}])


def _may_be_unfinished_word(text: str) -> bool:
    """Whether streamed text may end inside a word (held back until the word is whole, so that moderation sees it)."""
    return bool(text) and not (text[-1].isspace() or text[-1] in ".,;:!?)]}\"'»”」。")


def _may_be_unfinished_number(text: str) -> bool:
    """Whether streamed text ends in what could be the start of a card or account number (held back until it is
    whole, so that it can be masked)."""
    return bool(re.search(r"\d[\d -]*$", text))


def _may_be_no_answer(text: str) -> bool:
    """Whether streamed text could still turn out to be the generator's "no answer" (never shown)."""
    head = text.lstrip().upper()
    return NO_ANSWER.startswith(head) or head.startswith(NO_ANSWER)


def _retrieved(hits: list[Hit]) -> list[dict]:
    return [{"chunk_id": h.id, "document_id": h.payload.get("document_id"), "source": h.payload.get("source"),
             "page": h.payload.get("page"), "score": round(h.score, 4), "text": h.text,
             "similarity": round(h.dense_score, 4) if h.dense_score is not None else None} for h in hits]
