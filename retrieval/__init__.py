"""Retrieval: the vector index (embedded Qdrant engine or Qdrant server) and search over it."""

from retrieval.factory import build_index, open_index
from retrieval.index import ChunkPoint, Hit, SearchQuery, VectorIndex, Where, point_id
from retrieval.search import Retriever
from retrieval.sparse import Bm25Encoder, SparseVector, language_of


def build_sparse_encoder(settings) -> Bm25Encoder:
    return Bm25Encoder(k1=settings.bm25_k1, b=settings.bm25_b, avg_len=settings.bm25_avg_len)


def build_retriever(settings, *, embedder, index, tracer) -> Retriever:
    reranker = None
    if settings.reranker_model:
        from retrieval.rerank import CrossEncoderReranker

        reranker = CrossEncoderReranker(settings.reranker_model, device=settings.embedding_device)
    return Retriever(embedder=embedder, index=index, tracer=tracer, sparse=build_sparse_encoder(settings),
                     settings=settings, reranker=reranker)


__all__ = ["Bm25Encoder", "ChunkPoint", "Hit", "Retriever", "SearchQuery", "SparseVector", "VectorIndex", "Where",
           "build_index", "build_retriever", "build_sparse_encoder", "language_of", "open_index", "point_id"]
