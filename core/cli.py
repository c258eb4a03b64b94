"""The `ragloop` command: composes each stage's own commands, imported only when the CLI starts."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated

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


@reports_errors
def backup(folder: Annotated[Path, typer.Argument(help="a new (or empty) folder for the backup")]) -> None:
    """Back up the database, the embedded vector store and the stored uploads into FOLDER, consistently, also while
    a server runs (the running server takes it)."""
    from core import audit, ownership
    from core.backup import backup as take
    from core.runtime import runtime

    with runtime() as built:
        owner = built.store_owner()
        if owner is not None:
            manifest = ownership.run_backup(owner, {"folder": str(folder.resolve())})
        else:
            manifest = take(built, folder)
            with built.session() as session:
                audit.record(session=session, actor=audit.COMMAND, action="backup", target=str(folder),
                             copied=manifest["copied"])
    _say_backup(manifest, folder, "backed up")


@reports_errors
def restore(folder: Annotated[Path, typer.Argument(help="a folder written by ragloop backup")]) -> None:
    """Replace the database, the embedded vector store and the stored uploads with a backup. Stop the server
    first."""
    from core import ownership
    from core.backup import restore as put_back
    from core.errors import ErrorCode
    from core.settings import Settings

    settings = Settings()
    owner = ownership.live_owner(settings.data_dir)
    if owner is not None:
        raise RagloopError(ErrorCode.CONFLICT, f"the ragloop server at {owner.url} (process {owner.pid}) is "
                                               "running on this data: stop it, then restore")
    _say_backup(put_back(settings, folder), folder, "restored from")


def _say_backup(manifest: dict, folder: Path, done: str) -> None:
    typer.echo(f"{done} {folder}: {', '.join(manifest['copied']) or 'nothing'} ({manifest['chunks']} chunks, "
               f"taken {manifest['created_at']})")
    for part in manifest["not_copied"]:
        typer.echo(f"  not in this backup: {part}")


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
    app.command()(backup)
    app.command()(restore)
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
