"""Retrieval: the vector index (embedded Qdrant engine or Qdrant server) and search over it."""

from retrieval.factory import build_index, open_index
from retrieval.index import ChunkPoint, Hit, VectorIndex, point_id
from retrieval.search import Retriever

__all__ = ["ChunkPoint", "Hit", "Retriever", "VectorIndex", "build_index", "open_index", "point_id"]
