"""A chat-completions server on 127.0.0.1 speaking the OpenAI wire protocol (JSON and server-sent events).

Tests script what it does, one behaviour per request, and read back what it received:
    server.script(("reply", "Paris is the capital [1]."), ("status", 429), ("sleep", 3.0), ("malformed",), …)
When the script runs out, the last behaviour repeats.

("judge",) answers the structured prompts of the RAGAS metrics as an LLM judge would, by fixed rules (see `judge`).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _completion(text: str, finish_reason: str = "stop") -> dict:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": "test-model",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}


def _chunk(delta: dict, finish_reason: str | None = None) -> bytes:
    body = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": "test-model", "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
    return f"data: {json.dumps(body)}\n\n".encode()


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\s*\[\d+\]", "", text)
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if part.strip()]


def _words(text: str) -> set[str]:
    return {word for word in re.findall(r"\w+", text.lower()) if len(word) >= 3}


def judge(body: dict) -> dict | str:
    """What a judge answers to one RAGAS prompt, by rules a test can predict: statements and claims are the
    sentences; a statement is supported when every word of three letters or more appears in the context; the
    question a response answers is the response itself. The prompt names its output schema and ends with
    `input: {json}` and `Output:`. Asked which of two answers is better (`Answer A:` / `Answer B:`), the one with
    more of the reference's words wins (a word, not JSON)."""
    prompt = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
    if "Answer A:" in prompt:
        return _preferred(prompt)
    schema = re.search(r'"title": "(StatementGeneratorOutput|ClaimDecompositionOutput|NLIStatementOutput|'
                       r'AnswerRelevanceOutput)"', prompt).group(1)
    given = json.loads(prompt.rsplit("input: ", 1)[1].rsplit("Output:", 1)[0])
    if schema == "StatementGeneratorOutput":
        return {"statements": _sentences(given["answer"])}
    if schema == "ClaimDecompositionOutput":
        return {"claims": _sentences(given["response"])}
    if schema == "AnswerRelevanceOutput":
        return {"question": given["response"], "noncommittal": 0}
    context = _words(given["context"])
    return {"statements": [{"statement": s, "reason": "by word overlap", "verdict": int(_words(s) <= context)}
                           for s in given["statements"]]}


def _preferred(prompt: str) -> str:
    reference = _words(re.search(r"Reference answer: (.*)", prompt).group(1))
    a = len(_words(re.search(r"Answer A: (.*)", prompt).group(1)) & reference)
    b = len(_words(re.search(r"Answer B: (.*)", prompt).group(1)) & reference)
    return "A" if a > b else "B" if b > a else "TIE"


class OpenAICompatibleServer:
    def __init__(self):
        self.requests: list[dict] = []
        self._script: list[tuple] = [("reply", "")]
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *behaviours: tuple) -> None:
        with self._lock:
            self._script = list(behaviours)

    def _next(self) -> tuple:
        with self._lock:
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_):
                pass

            def _send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, pieces: list[str], finish_reason: str = "stop", cut: bool = False,
                        usage: bool = False) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                self.wfile.write(_chunk({"role": "assistant", "content": ""}))
                for piece in pieces:
                    self.wfile.write(_chunk({"content": piece}))
                    self.wfile.flush()
                if cut:  # the connection drops mid-answer
                    self.wfile.write(b"data: {\"choices\": [")
                    self.close_connection = True
                    return
                self.wfile.write(_chunk({}, finish_reason))
                if usage:  # stream_options.include_usage: a last chunk with no choices carries the counts
                    final = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": "test-model", "choices": [],
                             "usage": {"prompt_tokens": 12, "completion_tokens": len(pieces), "total_tokens": 12}}
                    self.wfile.write(f"data: {json.dumps(final)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

            def do_POST(self):
                if not self.path.endswith("/chat/completions"):
                    self._send_json(404, {"error": {"message": "not found"}})
                    return
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                server.requests.append({"body": body, "headers": dict(self.headers)})
                kind, *args = server._next()
                if kind == "sleep":
                    time.sleep(args[0])
                    kind, args = "reply", [args[1] if len(args) > 1 else "late"]
                if kind == "status":
                    headers = {"Retry-After": str(args[1])} if len(args) > 1 else {}
                    self._send_json(args[0], {"error": {"message": f"scripted {args[0]}", "type": "test",
                                                        "code": args[2] if len(args) > 2 else None}}, headers)
                elif kind == "malformed":
                    self._send_json(200, {"unexpected": True})
                elif kind == "judge":
                    verdict = judge(body)
                    self._send_json(200, _completion(verdict if isinstance(verdict, str) else json.dumps(verdict)))
                elif kind == "filter":
                    self._send_json(200, _completion("", finish_reason="content_filter"))
                elif body.get("stream"):
                    text = args[0] if args else ""
                    self._stream([text[i:i + 7] for i in range(0, len(text), 7)], cut=kind == "cut",
                                 usage=bool((body.get("stream_options") or {}).get("include_usage")))
                else:
                    self._send_json(200, _completion(args[0]))

        return Handler
