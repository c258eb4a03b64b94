import pytest

from core.db import session_scope
from core.errors import ErrorCode, RagloopError
from core.tracing import Tracer
from feedback import rate, ratings_for, record_answer
from feedback.store import get_answer


class FakeAnswer:
    def to_record(self):
        return {"question": "q?", "answer": "a [1]", "citations": [{"n": 1}], "retrieved": [], "confidence": 0.8,
                "refused": False, "collection": "default", "prompt_version": "v1", "generator": "extractive",
                "embedder": "m", "latency_ms": 12.0, "trace_id": "abc"}


@pytest.fixture
def answer_id(session_factory):
    with session_scope(session_factory) as session:
        return record_answer(session=session, answer=FakeAnswer())


def test_a_refusals_named_words_are_stored_as_masked_as_the_question(session_factory):
    class Refused(FakeAnswer):
        def to_record(self):
            return {**super().to_record(), "question": "Can Dr. Kowalczyk see me, and does it support Zapier?",
                    "refused": True, "generation": {"unmentioned": ["Kowalczyk", "Zapier"]}}

    with session_scope(session_factory) as session:
        masked = record_answer(session=session, answer=Refused(), mask_pii=True)
        kept = record_answer(session=session, answer=Refused())
    with session_scope(session_factory) as session:
        row = get_answer(session=session, answer_id=masked)
        assert "Kowalczyk" not in row.question and row.generation["unmentioned"] == ["Zapier"], "a name stays out"
        assert get_answer(session=session, answer_id=kept).generation["unmentioned"] == ["Kowalczyk", "Zapier"]


def test_answer_is_stored_with_provenance(session_factory, answer_id):
    with session_scope(session_factory) as session:
        row = get_answer(session=session, answer_id=answer_id)
        assert (row.question, row.generator, row.prompt_version, row.embedder, row.trace_id) == (
            "q?", "extractive", "v1", "m", "abc")
        assert row.citations == [{"n": 1}] and row.created_at.tzinfo is not None


def test_changing_ones_mind_updates_the_rating(session_factory, settings, answer_id):
    tracer = Tracer(settings)
    with session_scope(session_factory) as session:
        rate(session=session, tracer=tracer, answer_id=answer_id, rating="up")
    with session_scope(session_factory) as session:
        rate(session=session, tracer=tracer, answer_id=answer_id, rating="down", reason="outdated", comment=" old ")
    with session_scope(session_factory) as session:
        rows = ratings_for(session=session, answer_id=answer_id)
        assert [(r.rating, r.reason, r.comment) for r in rows] == [("down", "outdated", "old")]


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"rating": "meh"}, ErrorCode.BAD_INPUT),
    ({"rating": "up", "answer_id": "no-such-answer"}, ErrorCode.NOT_FOUND),
    ({"rating": "down", "comment": "x" * 3000}, ErrorCode.BAD_INPUT),
])
def test_invalid_ratings_are_refused_and_nothing_is_stored(session_factory, settings, answer_id, kwargs, code):
    arguments = {"answer_id": answer_id, **kwargs}
    with pytest.raises(RagloopError) as caught, session_scope(session_factory) as session:
        rate(session=session, tracer=Tracer(settings), **arguments)
    assert caught.value.code == code
    with session_scope(session_factory) as session:
        assert ratings_for(session=session, answer_id=answer_id) == []
