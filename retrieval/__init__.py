"""Retrieval: the vector index (embedded Qdrant engine or Qdrant server) and search over it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.factory import build_index, open_index
from retrieval.frequencies import in_word_list, keep_tables_in, load_frequencies, rarity
from retrieval.fusion import Fusion, TunedFusion, fused_search, in_question_language, read_in_language
from retrieval.index import ChunkPayload, ChunkPoint, Hit, SearchQuery, VectorIndex, Where, indexed_text, point_id
from retrieval.search import Retriever
from retrieval.sparse import (ACRONYM_PLURAL, MAIL_ADDRESS, PHONE_NUMBER, Bm25Encoder, SparseVector, joined_words,
                              joined_at_hyphens, korean_everyday_word, korean_instruction, korean_proper_nouns,
                              korean_topics, language_of)
from retrieval.store import FusionTuning, active_tunings, apply_tuning, revert_tuning, tuning_history

if TYPE_CHECKING:
    from core.db import SessionFactory
    from core.embeddings import Embedder
    from core.settings import Settings
    from core.tracing import Tracer


def build_sparse_encoder(settings: Settings) -> Bm25Encoder:
    return Bm25Encoder(k1=settings.bm25_k1, b=settings.bm25_b, avg_len=settings.bm25_avg_len)


def build_retriever(settings: Settings, *, embedder: Embedder, index: VectorIndex, tracer: Tracer,
                    session_factory: SessionFactory | None = None) -> Retriever:
    """`session_factory`: where the fusion tunings applied per language are read (none: the settings' fusion)."""
    reranker = None
    if settings.reranker_model:
        from retrieval.rerank import CrossEncoderReranker

        reranker = CrossEncoderReranker(settings.reranker_model, device=settings.embedding_device)
    return Retriever(embedder=embedder, index=index, tracer=tracer, sparse=build_sparse_encoder(settings),
                     settings=settings, reranker=reranker, fusion=TunedFusion(settings, session_factory))


__all__ = ["Bm25Encoder", "ChunkPayload", "ChunkPoint", "Hit", "Retriever", "SearchQuery", "SparseVector",
           "VectorIndex", "Where", "Fusion", "FusionTuning", "TunedFusion", "active_tunings", "apply_tuning",
           "fused_search", "in_question_language", "build_index", "build_retriever", "build_sparse_encoder",
           "in_word_list", "indexed_text", "keep_tables_in", "language_of", "load_frequencies", "open_index",
           "point_id", "rarity", "read_in_language", "revert_tuning", "tuning_history", "ACRONYM_PLURAL",
           "MAIL_ADDRESS", "PHONE_NUMBER", "joined_at_hyphens", "joined_words", "korean_everyday_word",
           "korean_instruction", "korean_proper_nouns", "korean_topics"]
