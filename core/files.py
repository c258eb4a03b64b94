"""Files other processes may read while one is written: written aside, then moved into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_aside(path: Path, *, suffix: str = ".part") -> Iterator[str]:
    """The name of a new file beside `path` to write; moved to `path` when the block ends without an error,
    removed otherwise, so that a second process never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=suffix)
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
