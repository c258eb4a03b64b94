"""A local stand-in for a Langfuse server: receives what the real SDK sends and decodes it.

Traces arrive as OTLP/HTTP protobuf on /api/public/otel/v1/traces; scores as JSON on /api/public/scores.
Prompt management: GET /api/public/v2/prompts/{name}?label=… serves the chat prompts a test puts in `prompts`
(404 otherwise), after `prompt_delay_s` seconds. Datasets: POST /api/public/v2/datasets and
/api/public/dataset-items, kept (items upserted by id) in `datasets` and `dataset_items`. GET /api/public/projects
names the project (experiments derive their id from it); experiments themselves arrive as spans and scores.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (ExportTraceServiceRequest,
                                                                      ExportTraceServiceResponse)


class LangfuseReceiver:
    def __init__(self):
        self.spans: list[dict] = []
        self.scores: list[dict] = []
        self.auth_headers: list[str] = []
        self.prompts: dict[tuple[str, str], tuple[int, list[dict]]] = {}  # (name, label) -> (version, messages)
        self.prompt_requests: list[str] = []
        self.prompt_delay_s = 0.0
        self.post_delay_s = 0.0  # a hanging Langfuse: every POST waits this long before it is answered
        self.datasets: dict[str, dict] = {}
        self.dataset_items: dict[str, dict] = {}  # id -> item, upserted
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                time.sleep(receiver.post_delay_s)
                if self.headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                receiver.auth_headers.append(self.headers.get("authorization", ""))
                if self.path.startswith("/api/public/otel/v1/traces"):
                    receiver._take_spans(body)
                    self._reply(ExportTraceServiceResponse().SerializeToString(), "application/x-protobuf")
                elif self.path.startswith("/api/public/scores"):
                    payload = json.loads(body)
                    receiver.scores.extend(payload if isinstance(payload, list) else
                                           payload.get("scores", payload.get("batch", [payload])))
                    self._reply(b'{"successes": [], "errors": []}', "application/json")
                elif self.path.startswith("/api/public/v2/datasets"):
                    self._reply(json.dumps(receiver._dataset(json.loads(body))).encode(), "application/json")
                elif self.path.startswith("/api/public/dataset-items"):
                    self._reply(json.dumps(receiver._dataset_item(json.loads(body))).encode(), "application/json")
                else:
                    self._reply(b"{}", "application/json")

            def do_GET(self):  # noqa: N802
                path, _, query = self.path.partition("?")
                if path == "/api/public/projects":
                    project = {"id": "project-1", "name": "ragloop", "metadata": {},
                               "organization": {"id": "org-1", "name": "ragloop"}}
                    self._reply(json.dumps({"data": [project]}).encode(), "application/json")
                    return
                if not path.startswith("/api/public/v2/prompts/"):
                    self._reply(b"{}", "application/json")
                    return
                receiver.prompt_requests.append(self.path)
                time.sleep(receiver.prompt_delay_s)
                name = unquote(path.rsplit("/", 1)[-1])
                label = parse_qs(query).get("label", ["production"])[0]
                if (name, label) not in receiver.prompts:
                    self._reply(json.dumps({"message": "Prompt not found"}).encode(), "application/json", 404)
                    return
                version, messages = receiver.prompts[(name, label)]
                body = {"id": f"p-{name}-{version}", "name": name, "version": version, "type": "chat",
                        "prompt": messages, "config": {}, "labels": [label], "tags": [], "commitMessage": None}
                self._reply(json.dumps(body).encode(), "application/json")

            def _reply(self, data: bytes, content_type: str, status: int = 200):
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _dataset(self, request: dict) -> dict:
        now = "2026-01-01T00:00:00Z"
        dataset = self.datasets.setdefault(request["name"], {
            "id": f"ds-{len(self.datasets)}", "name": request["name"], "description": request.get("description"),
            "metadata": request.get("metadata"), "projectId": "p", "createdAt": now, "updatedAt": now})
        return dataset

    def _dataset_item(self, request: dict) -> dict:
        dataset = self.datasets[request["datasetName"]]
        now = "2026-01-01T00:00:00Z"
        item = {"id": request["id"], "status": request.get("status") or "ACTIVE", "input": request.get("input"),
                "expectedOutput": request.get("expectedOutput"), "metadata": request.get("metadata"),
                "sourceTraceId": None, "sourceObservationId": None, "datasetId": dataset["id"],
                "datasetName": dataset["name"], "createdAt": now, "updatedAt": now, "mediaReferences": []}
        self.dataset_items[item["id"]] = item
        return item

    def _take_spans(self, body: bytes) -> None:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    self.spans.append({
                        "name": span.name, "trace_id": span.trace_id.hex(), "span_id": span.span_id.hex(),
                        "parent_span_id": span.parent_span_id.hex(),
                        "attributes": {a.key: getattr(a.value, a.value.WhichOneof("value") or "string_value")
                                       for a in span.attributes}})

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
