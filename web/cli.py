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
    from core import ownership
    from core.db import open_database, session_scope
    from core.settings import Settings
    from core.tracing import Tracer
    from feedback import record_answer

    settings = Settings()
    owner = None if settings.qdrant_url else ownership.live_owner(settings.data_dir)
    if owner is not None:
        payload = ownership.call_owner(owner, "POST", "/api/ask", json={"question": question,
                                                                         "collection": collection})
    else:
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

    from core import ownership
    from core.settings import Settings
    from web.app import create_app

    settings = Settings()
    app = create_app(settings)
    if not settings.qdrant_url:
        # The embedded store is ours while we run; `ragloop ingest` hands its work to us meanwhile.
        local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        app.state.owner = ownership.claim(settings.data_dir, url=f"http://{local}:{port}")
    try:
        uvicorn.run(app, host=host, port=port)
    finally:
        if getattr(app.state, "owner", None):
            ownership.release(settings.data_dir, app.state.owner)
