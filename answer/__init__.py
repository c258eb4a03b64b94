"""Answers: generators, citation checks, calibrated confidence and refusal behind `AnswerService.ask()`."""

import re
from pathlib import Path

from answer.citations import CitationChecker
from answer.confidence import SHIPPED, WRITER_KINDS, Calibration, Calibrations
from answer.extractive import Draft, ExtractiveGenerator
from answer.service import REFUSAL_TEXT, Answer, AnswerService, Citation


def calibration_path(settings, calibration: Calibration) -> Path:
    """Where `ragloop calibrate` writes a calibration: RAGLOOP_CALIBRATION_FILE, or a file of its kind, language
    (and collection, for one fitted on a collection's golden set and ratings) in the data directory."""
    name = f"calibration-{calibration.kind}-{calibration.language}"
    if calibration.collection is not None:
        name += "-" + re.sub(r"[^A-Za-z0-9_.-]", "_", calibration.collection)
        return settings.data_dir / f"{name}.json"
    return settings.calibration_file or settings.data_dir / f"{name}.json"


def load_calibrations(settings) -> Calibrations:
    """The shipped calibrations (each serving every kind of writer in its language), then those fitted here
    (`DATA_DIR/calibration*.json`, then RAGLOOP_CALIBRATION_FILE), each replacing the one of its kind and language."""
    found = Calibrations()
    for path in SHIPPED:
        found.add(Calibration.load(path), kinds=WRITER_KINDS)
    fitted = sorted(settings.data_dir.glob("calibration*.json")) + [settings.calibration_file]
    for path in dict.fromkeys(p for p in fitted if p and p.is_file()):
        found.add(Calibration.load(path))
    return found


def build_answer_service(settings, *, tracer, session_factory=None, embedder=None, index=None,
                         calibration: Calibration | None = None) -> AnswerService:
    """The question-answering pipeline as the settings describe it; builds the embedder and index if not given.

    Without an index, `session_factory` is needed to check which embedder built the configured one.
    The caller owns the index: close it with `service.retriever.index.close()`.
    """
    from answer.generators import build_generator
    from core.embeddings import build_embedder
    from retrieval import build_index, build_retriever

    embedder = embedder or build_embedder(settings)
    index = index or build_index(settings, embedder=embedder, session_factory=session_factory)
    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=tracer)
    evidence = ExtractiveGenerator(embedder=embedder, terms=retriever.sparse.terms,
                                   max_sentences=settings.max_answer_sentences)
    checker = CitationChecker(terms=retriever.sparse.terms, embedder=embedder,
                              threshold=settings.citation_support_threshold, policy=settings.citation_policy)
    generator = build_generator(settings, evidence, tracer=tracer)
    calibrations = load_calibrations(settings)
    if calibration:
        calibrations.add(calibration)
    return AnswerService(retriever=retriever, evidence=evidence, generator=generator, checker=checker,
                         calibrations=calibrations, tracer=tracer, settings=settings)


__all__ = ["REFUSAL_TEXT", "Answer", "AnswerService", "Calibration", "Citation", "CitationChecker", "Draft",
           "ExtractiveGenerator", "build_answer_service", "calibration_path", "load_calibrations"]
