"""`ragloop ask` and `ragloop serve`."""

from __future__ import annotations

from typing import Annotated

import typer

from core.cli import print_json, reports_errors


@reports_errors
def ask(question: Annotated[str, typer.Argument(help="the question")],
        collection: Annotated[str | None, typer.Option(help="knowledge collection")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print only the answer as JSON")] = False) -> None:
    """Answer a question from the ingested documents, with numbered sources."""
    from answer import build_answer_service
    from core.db import open_database, session_scope
    from core.settings import Settings
    from core.tracing import Tracer
    from feedback import record_answer

    settings = Settings()
    _, session_factory = open_database(settings)
    tracer = Tracer(settings)
    answers = build_answer_service(settings, tracer=tracer, session_factory=session_factory)
    try:
        answer = answers.ask(question, collection=collection)
        with session_scope(session_factory) as session:
            payload = answer.to_api(record_answer(session=session, answer=answer))
    finally:
        answers.retriever.index.close()
        tracer.shutdown()
    if as_json:
        print_json(payload)
        return
    typer.echo(payload["answer"])
    typer.echo(f"\nconfidence {payload['confidence']:.0%}" + (" (refused)" if payload["refused"] else ""))
    for citation in payload["citations"]:
        typer.echo(f"[{citation['n']}] {citation['title']} ({citation['source']})")


def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="port to listen on")] = 8000) -> None:
    """Start the web app and the JSON API."""
    import uvicorn

    from web.app import create_app

    uvicorn.run(create_app(), host=host, port=port)
