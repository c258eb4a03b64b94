"""Answers: the extractive generator, citations, confidence and refusal behind `AnswerService.ask()`."""

from answer.extractive import ExtractiveGenerator
from answer.service import REFUSAL_TEXT, Answer, AnswerService, Citation


def build_answer_service(settings, *, tracer, session_factory=None, embedder=None, index=None) -> AnswerService:
    """The question-answering pipeline as the settings describe it; builds the embedder and index if not given.

    Without an index, `session_factory` is needed to check which embedder built the configured one.
    The caller owns the index: close it with `service.retriever.index.close()`.
    """
    from core.embeddings import build_embedder
    from retrieval import build_index, build_retriever

    embedder = embedder or build_embedder(settings)
    index = index or build_index(settings, embedder=embedder, session_factory=session_factory)
    retriever = build_retriever(settings, embedder=embedder, index=index, tracer=tracer)
    generator = ExtractiveGenerator(embedder=embedder, terms=retriever.sparse.terms,
                                    max_sentences=settings.max_answer_sentences)
    return AnswerService(retriever=retriever, generator=generator, tracer=tracer, settings=settings)


__all__ = ["REFUSAL_TEXT", "Answer", "AnswerService", "Citation", "ExtractiveGenerator", "build_answer_service"]
