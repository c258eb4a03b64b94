"""Process-wide defaults, set before anything loads a model or RAGAS: models load only from package paths and
local folders (never a hub), libraries stay quiet, RAGAS sends no telemetry. The CLI root, the runtime and
`build_embedder` call `set_defaults()`; a variable already set by the operator is kept."""

from __future__ import annotations

import os

DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "RAGAS_DO_NOT_TRACK": "true",
}


def set_defaults() -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
