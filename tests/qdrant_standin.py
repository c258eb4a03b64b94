"""A stand-in for a Qdrant server, for tests only: no Qdrant server binary installs here, and qdrant-client's local
mode cannot be shared between processes. It speaks Qdrant's REST protocol for the calls ragloop makes (collection
exists / create / info / delete, payload indexes, upsert, update vectors, delete by filter, query with prefetch and fusion,
count, scroll, and collection snapshots: create, download, delete, upload to recover; a snapshot here is the
collection's points as JSON lines, where the real server writes its own archive, which clients never read),
parsing requests into and answering with the `qdrant_client.http.models` the real server's API is described by, and
keeps the points in qdrant-client's local mode on disk, so a restarted stand-in has them all.

    python -m tests.qdrant_standin --port PORT --path DIR
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from qdrant_client import QdrantClient
from qdrant_client.http import models

ROOT = Path(__file__).resolve().parents[1]


def _ok(result: Any, started: float) -> JSONResponse:
    body = result.model_dump(mode="json", exclude_unset=False) if hasattr(result, "model_dump") else result
    return JSONResponse({"result": body, "status": "ok", "time": time.perf_counter() - started})


def _done(operation_id: int = 0) -> models.UpdateResult:
    return models.UpdateResult(operation_id=operation_id, status=models.UpdateStatus.COMPLETED)


def create_standin(path: str) -> FastAPI:
    local = QdrantClient(path=path)
    app = FastAPI()

    @app.get("/")
    def version():
        from importlib.metadata import version as installed

        return {"title": "qdrant - vector search engine (ragloop test stand-in)", "version": installed("qdrant-client")}

    @app.get("/collections/{name}/exists")
    async def exists(name: str):
        return _ok({"exists": local.collection_exists(name)}, time.perf_counter())

    @app.put("/collections/{name}")
    async def create(name: str, request: Request):
        started, body = time.perf_counter(), models.CreateCollection.model_validate(await request.json())
        local.create_collection(name, vectors_config=body.vectors, sparse_vectors_config=body.sparse_vectors)
        return _ok(True, started)

    @app.get("/collections/{name}")
    async def info(name: str):
        return _ok(local.get_collection(name), time.perf_counter())

    @app.delete("/collections/{name}")
    def delete_collection(name: str):
        started = time.perf_counter()
        return _ok(local.delete_collection(name), started)

    @app.put("/collections/{name}/index")
    async def field_index(name: str, request: Request):
        started, body = time.perf_counter(), models.CreateFieldIndex.model_validate(await request.json())
        local.create_payload_index(name, body.field_name, body.field_schema)
        return _ok(_done(), started)

    @app.put("/collections/{name}/points")
    async def upsert(name: str, request: Request):
        started, body = time.perf_counter(), models.PointsList.model_validate(await request.json())
        local.upsert(name, points=body.points)
        return _ok(_done(), started)

    @app.put("/collections/{name}/points/vectors")
    async def update_vectors(name: str, request: Request):
        started, body = time.perf_counter(), models.UpdateVectors.model_validate(await request.json())
        local.update_vectors(name, points=body.points)
        return _ok(_done(), started)

    snapshots = Path(path) / "snapshots"

    @app.post("/collections/{name}/snapshots")
    def create_snapshot(name: str):
        started, offset, lines = time.perf_counter(), None, []
        while True:
            records, offset = local.scroll(name, limit=1000, offset=offset, with_payload=True, with_vectors=True)
            lines += [record.model_dump_json() for record in records]
            if offset is None:
                break
        snapshots.mkdir(exist_ok=True)
        file = snapshots / f"{name}-{time.time_ns()}.snapshot"
        file.write_text("\n".join(lines), encoding="utf-8")
        return _ok(models.SnapshotDescription(name=file.name, creation_time=None, size=file.stat().st_size), started)

    @app.get("/collections/{name}/snapshots/{snapshot}")
    def download_snapshot(name: str, snapshot: str):
        return FileResponse(snapshots / Path(snapshot).name)

    @app.delete("/collections/{name}/snapshots/{snapshot}")
    def delete_snapshot(name: str, snapshot: str):
        started = time.perf_counter()
        (snapshots / Path(snapshot).name).unlink(missing_ok=True)
        return _ok(True, started)

    @app.post("/collections/{name}/snapshots/upload")
    async def recover_snapshot(name: str, snapshot: UploadFile):
        started, text = time.perf_counter(), (await snapshot.read()).decode("utf-8")
        records = [models.Record.model_validate_json(line) for line in text.splitlines() if line.strip()]
        local.delete(name, points_selector=models.FilterSelector(filter=models.Filter()))
        if records:
            local.upsert(name, points=[models.PointStruct(id=r.id, vector=r.vector, payload=r.payload)
                                       for r in records])
        return _ok(True, started)

    @app.post("/collections/{name}/points/delete")
    async def delete(name: str, request: Request):
        started, body = time.perf_counter(), models.FilterSelector.model_validate(await request.json())
        local.delete(name, points_selector=body)
        return _ok(_done(), started)

    @app.post("/collections/{name}/points/query")
    async def query(name: str, request: Request):
        started, body = time.perf_counter(), models.QueryRequest.model_validate(await request.json())
        found = local.query_points(name, query=body.query, using=body.using, prefetch=body.prefetch,
                                   query_filter=body.filter, limit=body.limit or 10, with_payload=body.with_payload,
                                   with_vectors=body.with_vector or False)
        return _ok(found, started)

    @app.post("/collections/{name}/points/count")
    async def count(name: str, request: Request):
        started, body = time.perf_counter(), models.CountRequest.model_validate(await request.json())
        return _ok(local.count(name, count_filter=body.filter, exact=True), started)

    @app.post("/collections/{name}/points/scroll")
    async def scroll(name: str, request: Request):
        started, body = time.perf_counter(), models.ScrollRequest.model_validate(await request.json())
        records, offset = local.scroll(name, scroll_filter=body.filter, limit=body.limit or 10, offset=body.offset,
                                       with_payload=body.with_payload, with_vectors=body.with_vector or False)
        return _ok(models.ScrollResult(points=records, next_page_offset=offset), started)

    return app


class StandIn:
    """The stand-in in a process of its own on a free port; `stop()` and `start()` take it down and back."""

    def __init__(self, path: Path, log: Path):
        self.path, self.log = path, log
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "tests.qdrant_standin", "--port", str(self.port),
                                             "--path", str(self.path)], cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the Qdrant stand-in did not start: " + self.log.read_text(errors="replace")[-2000:])

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


if __name__ == "__main__":
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    arguments = parser.parse_args()
    uvicorn.run(create_standin(arguments.path), host="127.0.0.1", port=arguments.port, log_level="warning")
