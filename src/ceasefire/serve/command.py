"""``ceasefire serve``: the web page and HTTP API on 127.0.0.1 (``register(app)`` adds it to cli.py's app)."""
from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..errors import CeasefireError

if TYPE_CHECKING:
    from ..analyse.pipeline import Analyser

err = Console(stderr=True, soft_wrap=True)
TOKEN_ENV = "CEASEFIRE_TOKEN"


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[str, typer.Option("--db", help="SQLite file or a database URL.")] = "ceasefire.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", envvar=TOKEN_ENV, show_envvar=True,
        help="Token that ingesting from the page or API needs (Authorization: Bearer TOKEN); "
             "without one, ingest is disabled. Prefer the environment variable: a command line is visible "
             "to other users.")] = None,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a --host other than a loopback address: the data becomes readable "
                               "from the network.")] = False,
    model: Annotated[str, typer.Option("--model", help="spaCy pipeline for ingest, loaded on the first one.")]
    = "en_core_web_sm",
) -> None:
    """Serve the web page and the HTTP API (OpenAPI at /api/openapi.json) on 127.0.0.1."""
    import uvicorn

    from .app import LOOPBACK_HOSTS, create_app

    if not is_loopback(host) and not allow_remote:
        err.print(f"[bold red]error:[/] --host {host} is not a loopback address: anyone who can reach it could "
                  "read the data. Add --allow-remote to do it anyway, or use --host 127.0.0.1.")
        raise typer.Exit(2)

    def analyser() -> Analyser:
        from ..analyse.pipeline import Analyser
        from ..analyse.resources import Resources
        return Analyser(Resources.load(model))

    try:
        allowed = [*LOOPBACK_HOSTS, host] if is_loopback(host) else None
        app = create_app(db, token=token or None, analyser_factory=analyser,
                         allowed_hosts=allowed)
    except CeasefireError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(2) from None
    shown = f"[{host}]" if ":" in host else host
    err.print(f"serving {db} on http://{shown}:{port}/ (ingest {'needs the token' if token else 'disabled'}); "
              "Ctrl-C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
