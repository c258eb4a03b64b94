"""`ragloop ask`, `ragloop serve` and `ragloop users`."""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from typing import Annotated

import typer

from core.cli import print_json, reports_errors


@reports_errors
def ask(question: Annotated[str, typer.Argument(help="the question")],
        collection: Annotated[str | None, typer.Option(help="knowledge collection")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print only the answer as JSON")] = False) -> None:
    """Answer a question from the ingested documents, with numbered sources."""
    from answer import Asked, ask_and_record
    from core import ownership
    from core.runtime import runtime

    with runtime() as built:
        owner = built.store_owner()
        if owner is not None:
            payload = ownership.ask(owner, {"question": question, "collection": collection})
        else:
            recorded = ask_and_record(built, Asked(question, collection=collection))
            payload = recorded.answer.to_api(recorded.answer_id)
    if as_json:
        print_json(payload)
        return
    typer.echo(payload["answer"])
    typer.echo(f"\nconfidence {payload['confidence']:.0%}" + (" (refused)" if payload["refused"] else ""))
    for citation in payload["citations"]:
        typer.echo(f"[{citation['n']}] {citation['title']} ({citation['source']})")


@reports_errors
def serve(host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="port to listen on")] = 8000) -> None:
    """Start the web app and the JSON API."""
    import uvicorn

    from core import ownership
    from core.logs import configure_logging
    from core.runtime import Runtime
    from web.app import create_app

    runtime = Runtime()
    settings = runtime.settings
    configure_logging(log_format=settings.log_format)
    runtime.warm_up()  # a store or model that cannot be opened stops the start with one line, not a traceback
    app = create_app(runtime=runtime)
    # What was loaded to serve (models, vocabularies, the Korean analyser: some 300,000 objects) lives as long as
    # the process; left to the collector, each full collection would walk all of it with every thread stopped
    # (0.3-0.4 s each time, measured), and a health check or an answer would wait that long.
    gc.collect()
    gc.freeze()
    if not settings.qdrant_url:
        # The embedded store is ours while we run; `ragloop ingest` hands its work to us meanwhile.
        local = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        app.state.owner = ownership.claim(settings.data_dir, url=f"http://{local}:{port}")
    try:
        # The app reads X-Forwarded-For itself, from RAGLOOP_TRUSTED_PROXIES only (web.auth.throttle).
        uvicorn.run(app, host=host, port=port, log_config=None, proxy_headers=False)
    finally:
        runtime.close()
        if getattr(app.state, "owner", None):
            ownership.release(settings.data_dir, app.state.owner)


users_app = typer.Typer(help="Users, their roles and their API tokens.", no_args_is_help=True)


@users_app.command("add")
@reports_errors
def users_add(name: Annotated[str, typer.Argument(help="user name (letters, digits, . _ - @)")],
              role: Annotated[str, typer.Option(help="user | editor | agent | admin")] = "user",
              password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                           help="read the password from standard input")] = False,
              no_password: Annotated[bool, typer.Option("--no-password",
                                                        help="no sign-in, API tokens only")] = False) -> None:
    """Add a user, or change an existing user's role (and password)."""
    from web.auth import add_user

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not no_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _database() as session:
        user = add_user(session=session, name=name, role=role, password=password)
        _audit(session, "user saved", name, role=role, password_changed=password is not None)
        typer.echo(f"saved {user.name} ({user.role})" + ("" if user.password_hash else ", API tokens only"))


@users_app.command("passwd")
@reports_errors
def users_passwd(name: Annotated[str, typer.Argument(help="the user")],
                 password_stdin: Annotated[bool, typer.Option("--password-stdin",
                                                              help="read the password from standard input")] = False
                 ) -> None:
    """Set a user's password (at least 8 characters); the user's sessions are signed out, API tokens stay."""
    from web.auth import set_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _database() as session:
        set_password(session=session, name=name, password=password)
        _audit(session, "password changed", name)
    typer.echo(f"the password of {name} is changed; its sessions are signed out")


@users_app.command("token")
@reports_errors
def users_token(name: Annotated[str, typer.Argument(help="the user the token acts as")]) -> None:
    """Print a new API token for `Authorization: Bearer` (it is shown only this once)."""
    from web.auth import issue_token

    with _database() as session:
        token = issue_token(session=session, name=name)
        _audit(session, "token issued", name)
    typer.echo(token)


@users_app.command("list")
@reports_errors
def users_list(as_json: Annotated[bool, typer.Option("--json", help="print only JSON")] = False) -> None:
    """List users and their roles."""
    from web import store

    with _database() as session:
        users = [{"name": user.name, "role": user.role, "active": not user.disabled}
                 for user in store.list_users(session=session)]
    if as_json:
        print_json({"users": users})
        return
    for user in users:
        typer.echo(f"{user['name']}\t{user['role']}\t{'active' if user['active'] else 'disabled'}")


ACCOUNT_COMMANDS = {
    "disable": "Disable a user: no sign-in, and its sessions and API tokens stop working at once.",
    "enable": "Enable a disabled user again.",
    "delete": "Delete a user with its API tokens and grants (its answers and ratings stay).",
    "revoke-tokens": "Revoke every API token of a user.",
}


def _account_command(action: str, help_text: str) -> None:
    def command(name: Annotated[str, typer.Argument(help="the user")]) -> None:
        from web.auth import change_account

        with _database() as session:
            sentence, values = change_account(session=session, name=name, action=action)
            typer.echo(sentence.format(**values))
            _audit(session, f"user {action}", name)

    command.__doc__ = help_text
    users_app.command(action)(reports_errors(command))


for _action, _help in ACCOUNT_COMMANDS.items():
    _account_command(_action, _help)


@users_app.command("grant")
@reports_errors
def users_grant(name: Annotated[str, typer.Argument(help="the user")],
                collection: Annotated[str, typer.Argument(help="the collection")],
                write: Annotated[bool, typer.Option("--write", help="may also upload, delete and re-ingest")] = False,
                ) -> None:
    """Let a user read a restricted collection (and with --write, change it)."""
    from web.auth import grant

    with _database() as session:
        grant(session=session, name=name, collection=collection, write=write)
        _audit(session, "grant", collection, user=name, write=write)
    typer.echo(f"{name} may read{' and write' if write else ''} {collection}")


@users_app.command("revoke")
@reports_errors
def users_revoke(name: Annotated[str, typer.Argument(help="the user")],
                 collection: Annotated[str, typer.Argument(help="the collection")]) -> None:
    """Take a user's grant on a collection away."""
    from web.auth import revoke

    with _database() as session:
        revoke(session=session, name=name, collection=collection)
        _audit(session, "revoke", collection, user=name)
    typer.echo(f"{name} no longer has a grant on {collection}")


collections_app = typer.Typer(help="Knowledge collections and who may read them.", no_args_is_help=True)


@collections_app.command("list")
@reports_errors
def collections_list(as_json: Annotated[bool, typer.Option("--json", help="print only JSON")] = False) -> None:
    """Each collection: its documents, whether it is restricted, and the users granted it."""
    from web.auth import overview

    with _database() as session:
        rows = overview(session=session)
    if as_json:
        print_json({"collections": rows})
        return
    for row in rows:
        granted = ", ".join(g["user"] + (" (write)" if g["write"] else "") for g in row["grants"]) or "-"
        access = "restricted" if row["restricted"] else "open"
        typer.echo(f"{row['name']}\t{row['documents']} documents\t{access}\tgranted: {granted}")


@collections_app.command("restrict")
@reports_errors
def collections_restrict(collection: Annotated[str, typer.Argument(help="the collection")]) -> None:
    """From now on only admins and the users granted the collection may read or search it."""
    from web.auth import restrict

    with _database() as session:
        restrict(session=session, collection=collection)
        _audit(session, "restrict", collection)
    typer.echo(f"{collection} is restricted: grant it with `ragloop users grant NAME {collection}`")


@collections_app.command("open")
@reports_errors
def collections_open(collection: Annotated[str, typer.Argument(help="the collection")]) -> None:
    """Open a restricted collection again to every signed-in user."""
    from web.auth import restrict

    with _database() as session:
        restrict(session=session, collection=collection, restricted=False)
        _audit(session, "open", collection)
    typer.echo(f"{collection} is open to every signed-in user")


@reports_errors
def audit(since: Annotated[str | None, typer.Option(help="only events on or after this day (YYYY-MM-DD)")] = None,
          as_json: Annotated[bool, typer.Option("--json", help="print only JSON")] = False) -> None:
    """The audit log, newest first: sign-in failures and lockouts, uploads, deletes, re-ingests, prunes,
    promotions, golden-set edits, and changes to users, grants and collection access."""
    from datetime import date, datetime, time, timezone

    from core import audit as log
    from core.errors import ErrorCode, RagloopError

    try:
        start = datetime.combine(date.fromisoformat(since), time.min, tzinfo=timezone.utc) if since else None
    except ValueError:
        raise RagloopError(ErrorCode.BAD_INPUT, "{value} is not a date (YYYY-MM-DD)", value=repr(since)) from None
    with _database() as session:
        rows = [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "target": e.target,
                 "details": e.details} for e in log.events(session=session, since=start)]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        details = " ".join(f"{k}={v}" for k, v in row["details"].items())
        typer.echo(f"{row['at'][:19]}  {row['actor']:<16} {row['action']:<16} {row['target']}  {details}".rstrip())


def _audit(session, action: str, target: str, **details) -> None:
    """A change made from the command line, in the audit log as the operating-system user who ran it."""
    import getpass

    from core import audit as log

    log.record(session=session, actor=f"{log.COMMAND}:{getpass.getuser()}", action=action, target=target, **details)


@contextmanager
def _database():
    from core.runtime import unit_of_work

    with unit_of_work() as session:
        yield session
