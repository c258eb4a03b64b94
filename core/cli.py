"""The `ragloop` command: composes each stage's own commands, imported only when the CLI starts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps

import typer

from core.errors import RagloopError

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="ragloop: question answering over your documents that learns from its users.")


def fail(message: str, code: int = 2) -> None:
    typer.secho(f"error: {message}", err=True, fg="red")
    raise typer.Exit(code)


def reports_errors(command: Callable) -> Callable:
    """Turn a RagloopError into a one-line message and exit code 2 instead of a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RagloopError as exc:
            fail(exc.message)

    return wrapper


def print_json(payload: dict | list) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@reports_errors
def migrate() -> None:
    """Bring the database schema to the newest version (the app does it at start; with several replicas, run this
    once before they start)."""
    from core.runtime import runtime

    with runtime() as built:
        built.engine  # noqa: B018 (opening the database migrates it)
    typer.echo("the database schema is up to date")


def _register() -> None:
    from answer.cli import models_app
    from eval.cli import bench_app, calibrate, eval_app, golden_app, nightly, tuning_app
    from ingest.cli import ingest
    from web.cli import ask, audit, collections_app, serve, users_app

    app.command()(ingest)
    app.command()(ask)
    app.command()(serve)
    app.command()(nightly)
    app.command()(calibrate)
    app.command()(migrate)
    app.command()(audit)
    app.add_typer(golden_app, name="golden")
    app.add_typer(eval_app, name="eval")
    app.add_typer(bench_app, name="bench")
    app.add_typer(tuning_app, name="tuning")
    app.add_typer(models_app, name="models")
    app.add_typer(users_app, name="users")
    app.add_typer(collections_app, name="collections")


def main() -> None:
    from core import process

    process.set_defaults()
    _register()
    app()
