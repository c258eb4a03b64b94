"""`ragloop ingest`: load files, folders, ZIP archives or a BEIR corpus into the knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.cli import fail, print_json, reports_errors

if TYPE_CHECKING:
    from ingest.pipeline import IngestPipeline


@reports_errors
def ingest(paths: Annotated[list[str] | None, typer.Argument(help="files, folders and ZIP archives")] = None,
           collection: Annotated[str | None, typer.Option(help="knowledge collection")] = None,
           prune: Annotated[bool, typer.Option("--prune", help="remove documents no longer found")] = False,
           beir: Annotated[Path | None, typer.Option(help="a BEIR folder: ingest its corpus.jsonl")] = None,
           squad: Annotated[Path | None, typer.Option(help="a SQuAD-format file: ingest its paragraphs")] = None,
           tag: Annotated[list[str] | None, typer.Option(help="label the chunks (repeatable), for filtering")] = None,
           force: Annotated[bool, typer.Option(
               "--force", help="read and index every document again, changed or not (after a change to "
                               "RAGLOOP_CHUNK_SIZE or RAGLOOP_CHUNK_OVERLAP)")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="print only a JSON summary")] = False) -> None:
    """Ingest documents (.md .txt .html .pdf .docx, ZIP archives of them); unchanged ones are skipped."""
    import getpass

    from core import audit
    from core.runtime import runtime
    from ingest.sources import beir_sources, squad_sources

    if not paths and beir is None and squad is None:
        fail("name at least one PATH, or --beir DIR, or --squad FILE")
    with runtime() as built:
        collection = collection or built.settings.default_collection
        owner = built.store_owner()
        if owner is not None and paths and beir is None and squad is None:
            report = _hand_over(owner, paths, collection=collection, prune=prune, force=force, quiet=as_json)
        else:
            pipeline = built.pipeline
            sources = ((pipeline.discover(paths) if paths else []) + (beir_sources(beir) if beir else [])
                       + (squad_sources(squad) if squad else []))
            report = run_with_progress(pipeline, sources, collection=collection, prune=prune, quiet=as_json,
                                       tags=tuple(tag or ()), prune_under=paths or None, force=force)
            if prune:
                with built.session() as session:
                    audit.record(session=session, actor=f"{audit.COMMAND}:{getpass.getuser()}", action="prune",
                                 target=collection, paths=paths or [], deleted=report.deleted)
    _finish(report, as_json, forced=force)


def _finish(report, as_json: bool, *, forced: bool = False) -> None:
    if as_json:
        print_json(report.to_dict())
    else:
        print_summary(report, forced=forced)
    if report.failed and not (report.added or report.updated or report.unchanged):
        raise typer.Exit(1)


def _hand_over(owner, paths: list[str], *, collection: str, prune: bool, quiet: bool, force: bool = False):
    """A running server owns the embedded store: let it do the work, and show its progress here."""
    from rich.console import Console
    from rich.progress import Progress

    from ingest.handoff import run_on_server

    console = Console(stderr=True)
    if not quiet:
        console.print(f"a ragloop server ({owner.url}) owns the store: handing the job to it")
    with Progress(console=console, disable=quiet) as progress:
        task = progress.add_task("ingesting", total=None)
        return run_on_server(owner, paths, collection=collection, prune=prune, force=force,
                             on_progress=lambda done, total, name: progress.update(
                                 task, completed=done, total=total or None, description=name[-40:] or "ingesting"))


def run_with_progress(pipeline: IngestPipeline, sources, *, collection: str, prune: bool, quiet: bool,
                      tags: tuple[str, ...] = (), prune_under: list[str] | None = None, force: bool = False):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), disable=quiet) as progress:
        task = progress.add_task("ingesting", total=len(sources))
        return pipeline.run(sources, collection=collection, prune=prune, prune_under=prune_under, tags=tags,
                            force=force,
                            on_progress=lambda name: progress.update(task, advance=1, description=name[-40:]))


def print_summary(report, *, forced: bool = False) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True)
    console.print(f"added {report.added} · updated {report.updated} · unchanged {report.unchanged} · "
                  f"deleted {report.deleted} · failed {len(report.failed)} · skipped {len(report.skipped)}")
    if forced and report.unchanged:
        console.print(f"{report.unchanged} unchanged documents were split and indexed again")
    elif not (report.added or report.updated or report.deleted) and report.unchanged:
        console.print("nothing changed: every document is already up to date")
    for failure in report.failed:
        console.print(f"[red]failed[/red] {escape(failure['path'])}: {escape(failure['error'])}", highlight=False)
    for skipped in report.skipped:
        console.print(f"[yellow]skipped[/yellow] {escape(skipped['path'])}: {escape(skipped['reason'])}",
                      highlight=False)
