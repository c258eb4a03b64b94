"""`ragloop ingest`: load files and folders into the knowledge base."""

from __future__ import annotations

from typing import Annotated

import typer

from core.cli import print_json, reports_errors


@reports_errors
def ingest(paths: Annotated[list[str], typer.Argument(help="files and folders to ingest")],
           collection: Annotated[str | None, typer.Option(help="knowledge collection")] = None,
           prune: Annotated[bool, typer.Option("--prune", help="remove documents no longer found")] = False,
           as_json: Annotated[bool, typer.Option("--json", help="print only a JSON summary")] = False) -> None:
    """Ingest files and folders (.md, .txt, .html, .pdf); unchanged documents are skipped."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from core.db import open_database
    from core.embeddings import build_embedder
    from core.settings import Settings
    from ingest.pipeline import IngestPipeline, discover
    from retrieval import build_index

    settings = Settings()
    _, session_factory = open_database(settings)
    embedder = build_embedder(settings)
    index = build_index(settings, dimension=embedder.dimension)
    pipeline = IngestPipeline(settings=settings, embedder=embedder, index=index, session_factory=session_factory)
    collection = collection or settings.default_collection
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=as_json) as progress:
        task = progress.add_task("ingesting", total=len(discover(paths)))
        report = pipeline.run(paths, collection=collection, prune=prune,
                              on_progress=lambda source: progress.update(task, advance=1, description=source[-40:]))
    index.close()
    if as_json:
        print_json(report.to_dict())
    else:
        _print_summary(console, report)
    if report.failed and not (report.added or report.updated or report.unchanged):
        raise typer.Exit(1)


def _print_summary(console, report) -> None:
    console.print(f"added {report.added} · updated {report.updated} · unchanged {report.unchanged} · "
                  f"deleted {report.deleted} · failed {len(report.failed)}")
    if not (report.added or report.updated or report.deleted) and report.unchanged:
        console.print("nothing changed: every document is already up to date")
    for failure in report.failed:
        console.print(f"[red]failed[/red] {failure['path']}: {failure['error']}", markup=True)
