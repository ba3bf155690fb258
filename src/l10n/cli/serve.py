"""``l10n serve``: the review web app on a local port (loopback by default, a token otherwise)."""

from __future__ import annotations

import secrets
from typing import Optional

import typer

from l10n.cli.options import HERE, Root
from l10n.errors import UsageError

HOST = "127.0.0.1"


def serve(
    root: Root = HERE,
    host: str = typer.Option(HOST, help="Address to listen on; anything but loopback needs a token."),
    port: int = typer.Option(8765, min=1, max=65535, help="Port to listen on."),
    token: Optional[str] = typer.Option(
        None, envvar="L10N_SERVE_TOKEN", show_envvar=True,
        help="Required from browsers; made up and printed when the address is not loopback."),
    base: Optional[str] = typer.Option(
        None, help="git revision whose reviewed English redrafted units are compared with "
                   "(default: HEAD, when the site is in git)."),
) -> None:
    """Review in the browser: posts, side-by-side paragraphs, approve/edit/skip, preview."""
    try:
        import uvicorn

        from l10n.web.app import Settings, create_app, is_loopback
    except ImportError as exc:
        raise UsageError(f"the web app needs its extra packages ({exc.name} is missing)",
                         hint="pip install 'l10n[web]'") from exc
    from l10n import config as config_io
    from l10n.steps.report import Base

    config = config_io.load(root.resolve())
    if base is None and Base(config, "HEAD").exists():
        base = "HEAD"
    Base(config, base).check()
    loopback = is_loopback(host)
    if not loopback and token is None:
        token = secrets.token_urlsafe(18)
    hosts = ["*"] if not loopback else ["localhost", "127.0.0.1", "::1", "[::1]", host]
    app = create_app(Settings(config, token=token, base=base, hosts=hosts))
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False))
    typer.echo(f"reviewing {config.root} at {address}", err=True)
    typer.echo("Ctrl-C stops the server; every decision is already saved", err=True)
    server.run()
