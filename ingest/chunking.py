"""Splitting documents into chunks the embedder can take, with llama-index's sentence-aware splitter."""

from __future__ import annotations

import os
from pathlib import Path


def _point_tiktoken_at_bundled_files() -> None:
    # llama-index loads a tiktoken encoding at import; its BPE files ship inside llama-index-core.
    import importlib.util

    spec = importlib.util.find_spec("llama_index.core")
    if spec and spec.origin:
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(Path(spec.origin).parent / "_static" / "tiktoken_cache"))


class Chunker:
    """Chunks bounded in the embedder's own tokens (not characters), with overlap."""

    def __init__(self, *, chunk_size: int, chunk_overlap: int, count_tokens):
        _point_tiktoken_at_bundled_files()
        from llama_index.core.node_parser import SentenceSplitter

        self._splitter = SentenceSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                          tokenizer=lambda text: [0] * count_tokens(text))

    def split(self, text: str) -> list[str]:
        return [chunk.strip() for chunk in self._splitter.split_text(text) if chunk.strip()]
