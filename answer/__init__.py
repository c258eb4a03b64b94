"""Answers: generators, citation checks, calibrated confidence and refusal behind `AnswerService.ask()`."""

from pathlib import Path

from answer.citations import CitationChecker
from answer.confidence import SHIPPED, WRITER_KINDS, Calibration
from answer.extractive import Draft, ExtractiveGenerator
from answer.service import REFUSAL_TEXT, Answer, AnswerService, Citation


def calibration_path(settings) -> Path:
    """Where `ragloop calibrate` writes, and the first place the answer service looks."""
    return settings.calibration_file or settings.data_dir / "calibration.json"


def load_calibrations(settings) -> dict[str, Calibration]:
    """A calibration for each kind of writer: the one fitted here for its kind, the shipped one for the others."""
    shipped = Calibration.load(SHIPPED) if SHIPPED.is_file() else None
    found = {kind: shipped for kind in WRITER_KINDS} if shipped else {}
    if calibration_path(settings).is_file():
        fitted = Calibration.load(calibration_path(settings))
        found[fitted.kind] = fitted
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
    calibrations = load_calibrations(settings) | ({calibration.kind: calibration} if calibration else {})
    return AnswerService(retriever=retriever, evidence=evidence, generator=generator, checker=checker,
                         calibrations=calibrations, tracer=tracer, settings=settings)


__all__ = ["REFUSAL_TEXT", "Answer", "AnswerService", "Calibration", "Citation", "CitationChecker", "Draft",
           "ExtractiveGenerator", "build_answer_service", "calibration_path", "load_calibrations"]
