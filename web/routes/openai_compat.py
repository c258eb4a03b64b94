"""`POST /v1/chat/completions` and `GET /v1/models`: the OpenAI shapes over the RAG pipeline, so existing chat
clients can use ragloop. The model `ragloop` asks the default collection and `ragloop:COLLECTION` another one (the
models listed are those the caller may read). The last user message is the question, earlier user messages give
follow-ups their context;
citations are in the message text ("Sources:" list) and in the extra `citations` field. With `stream: true` the
checked answer is sent as `chat.completion.chunk` events (citations are verified before the first word goes out,
so nothing sent is ever taken back). `usage` counts tokens: the endpoint's own count for an LLM answer, the
embedder's tokenizer (question and answer) for an extractive one."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from answer import ask_and_record
from core.errors import ErrorCode, RagloopError
from ingest import collection_names
from web.auth.access import access_for, checked_collection
from web.deps import ChatUser, RuntimeDep, asked

router = APIRouter()
MAX_MESSAGES = 100
STREAM_WORDS_PER_CHUNK = 4
MODEL = "ragloop"


class ContentPart(BaseModel):
    type: str = Field(max_length=50)
    text: str | None = Field(default=None, max_length=100_000)


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model: str = Field(default=MODEL, max_length=200)
    messages: list[Message] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    user: str | None = Field(default=None, max_length=200)
    # Other OpenAI parameters (temperature, max_tokens, …) are accepted and ignored: the pipeline decides.
    model_config = {"extra": "allow"}


def message_text(answer) -> str:
    """The answer with its numbered sources listed under it, as a chat client shows plain text."""
    if not answer.citations:
        return answer.answer
    heading = "Nearest sources" if answer.refused else "Sources"
    lines = [f"[{c.n}] {c.title} ({c.source})" for c in answer.citations]
    return f"{answer.answer}\n\n{heading}:\n" + "\n".join(lines)


@router.get("/v1/models")
def models(caller: ChatUser, runtime: RuntimeDep):
    """`ragloop` (the default collection) and `ragloop:COLLECTION` for each collection the caller may read."""
    with runtime.session() as session:
        access = access_for(session=session, principal=caller)
        names = sorted(set(collection_names(session=session)) | {runtime.settings.default_collection})
    ids = [MODEL] + [f"{MODEL}:{name}" for name in names if access.can_read(name)]
    return {"object": "list", "data": [{"id": i, "object": "model", "created": 0, "owned_by": MODEL} for i in ids]}


@router.post("/v1/chat/completions")
def chat_completions(body: ChatCompletionRequest, caller: ChatUser, runtime: RuntimeDep):
    questions = [m.text().strip() for m in body.messages if m.role == "user" and m.text().strip()]
    if not questions or body.messages[-1].role != "user":
        raise RagloopError(ErrorCode.BAD_INPUT, "the last message must be a user message with text")
    collection = _collection_of(body.model)
    recorded = ask_and_record(runtime, asked(runtime, caller, questions[-1], history=tuple(questions[:-1]),
                                             collection=collection))
    completion = _completion(body.model, recorded.answer_id, recorded.answer,
                             _usage(recorded.answer, questions, runtime.embedder.count_tokens))
    if body.stream:
        return StreamingResponse(_chunks(completion), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})
    return completion


def _collection_of(model: str) -> str | None:
    """`ragloop:COLLECTION` asks that collection; any other model name asks the default one."""
    prefix, _, name = model.partition(":")
    return checked_collection(name) if prefix == MODEL and name else None


def _usage(answer, questions: list[str], count_tokens) -> dict:
    """Tokens as the endpoint counted them, or (extractive answers) the embedder's count of what was read and
    written."""
    prompt = answer.prompt_tokens if answer.prompt_tokens is not None else sum(map(count_tokens, questions))
    completion = (answer.completion_tokens if answer.completion_tokens is not None
                  else count_tokens(message_text(answer)))
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _completion(model: str, answer_id: str, answer, usage: dict) -> dict:
    return {
        "id": f"chatcmpl-{answer_id}", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": message_text(answer)},
                     "finish_reason": "stop"}],
        "usage": usage,
        "citations": [vars(c) for c in answer.citations],
        "ragloop": {"answer_id": answer_id, "confidence": round(answer.confidence, 4), "refused": answer.refused,
                    "trace_id": answer.trace_id, "verified": answer.verified},
    }


def _chunks(completion: dict) -> Iterator[str]:
    base = {key: completion[key] for key in ("id", "created", "model")} | {"object": "chat.completion.chunk"}
    words = completion["choices"][0]["message"]["content"].split(" ")
    pieces = [" ".join(words[i:i + STREAM_WORDS_PER_CHUNK]) + (" " if i + STREAM_WORDS_PER_CHUNK < len(words)
                                                               else "")
              for i in range(0, len(words), STREAM_WORDS_PER_CHUNK)]
    deltas = [{"role": "assistant", "content": ""}] + [{"content": piece} for piece in pieces]
    for delta in deltas:
        yield _sse(base | {"choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    yield _sse(base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                       "citations": completion["citations"], "ragloop": completion["ragloop"]})
    yield "data: [DONE]\n\n"


def _sse(payload: dict) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
