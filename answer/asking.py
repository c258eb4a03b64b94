"""Ask and record: the one way a question becomes a stored answer.

Every entry point (the JSON API, the streaming chat page, the OpenAI-compatible route, `ragloop ask`) calls
`answer_and_record` (or `ask_and_record`, its non-streaming form): the question is answered by the caller's A/B arm
with the conversation's earlier questions as context (or by an agent's reviewed answer to the same question), the
answer is stored with its provenance and who asked, and committed before anything is returned, then counted in the
metrics. The answer's trace is written by the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from answer.service import Answer
from feedback import conversation_queries, record_answer

if TYPE_CHECKING:
    from core.runtime import Runtime


@dataclass(frozen=True)
class Asked:
    """A question and who asked it."""

    question: str
    asked_by: str | None = None  # None: the `ragloop ask` command
    collection: str | None = None
    conversation_id: str | None = None  # earlier questions with the same id (and asker) give follow-ups context
    history: tuple[str, ...] | None = None  # the earlier questions, when the client sends them itself
    source: str | None = None  # only this document
    tags: tuple[str, ...] = ()  # only chunks with any of these tags


@dataclass(frozen=True)
class Recorded:
    answer_id: str
    answer: Answer


def answer_and_record(runtime: Runtime, asked: Asked, *, stream: bool = True) -> Iterator[dict]:
    """Events as the answer is written ({"event": "delta", "text"}, {"event": "reset"}; none without `stream`),
    then {"event": "done", "recorded": Recorded} once the answer is stored and committed."""
    service, arm = runtime.answers_for(asked.asked_by)
    options = dict(collection=asked.collection, source=asked.source, tags=asked.tags, history=_history(runtime, asked),
                   user=asked.asked_by, conversation=asked.conversation_id, reviewed=runtime.reviewed_answers)
    events = (service.ask_stream(asked.question, **options) if stream
              else [{"event": "done", "answer": service.ask(asked.question, **options)}])
    for event in events:
        if event["event"] != "done":
            yield event
            continue
        answer = event["answer"]
        with runtime.session() as session:
            answer_id = record_answer(session=session, answer=answer, asked_by=asked.asked_by,
                                      conversation_id=asked.conversation_id, ab_arm=arm,
                                      mask_pii=runtime.settings.pii_store == "mask")
        runtime.metrics.count_answer(answer)
        yield {"event": "done", "recorded": Recorded(answer_id, answer)}


def ask_and_record(runtime: Runtime, asked: Asked) -> Recorded:
    """`answer_and_record` without streaming: the stored answer."""
    return next(e["recorded"] for e in answer_and_record(runtime, asked, stream=False) if e["event"] == "done")


def _history(runtime: Runtime, asked: Asked) -> tuple[str, ...]:
    if asked.history is not None:
        return asked.history
    if not asked.conversation_id or asked.asked_by is None:
        return ()
    with runtime.session() as session:
        return tuple(conversation_queries(session=session, conversation_id=asked.conversation_id,
                                          asked_by=asked.asked_by))
