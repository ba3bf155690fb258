"""``l10n-blog serve``: the review web app on a local port (loopback by default, a token otherwise)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from l10n.cli.options import HERE, Root, echo, load_config

Host = Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs a token.")]
Port = Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")]
Token = Annotated[Optional[str], typer.Option(
    envvar="L10N_SERVE_TOKEN", show_envvar=True, show_default=False,
    help="Required from browsers; made up and printed when the address is not loopback.")]
Base = Annotated[Optional[str], typer.Option(
    metavar="REV", show_default=False,
    help="git revision whose reviewed English redrafted units are compared with (default: HEAD, in git).")]


def serve(root: Root = HERE, host: Host = "127.0.0.1", port: Port = 8765, token: Token = None,
          base: Base = None) -> None:
    """Review in the browser: posts, side-by-side paragraphs, approve/edit/skip, preview."""
    import secrets

    from l10n.extras import needs

    with needs("web", "l10n-blog serve"):
        import uvicorn

        from l10n.web.app import Settings, create_app, is_loopback
    from l10n.steps.report import Base as Revision

    config = load_config(root)
    if base is None and Revision(config, "HEAD").exists():
        base = "HEAD"
    Revision(config, base).check()
    loopback = is_loopback(host)
    if not loopback and token is None:
        token = secrets.token_urlsafe(18)
    hosts = ["*"] if not loopback else ["localhost", "127.0.0.1", "::1", "[::1]", host]
    app = create_app(Settings(config, token=token, base=base, hosts=hosts, warm=True))
    shown = f"[{host}]" if ":" in host else host
    echo(f"reviewing {config.root} at http://{shown}:{port}/" + (f"?token={token}" if token else ""), err=True)
    echo("Ctrl-C stops the server; every decision is already saved", err=True)
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)).run()
