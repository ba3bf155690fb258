"""``l10n-blog memory``: the translation memory."""

from __future__ import annotations

import typer

from l10n.cli.options import HERE, Root, echo, load_config

app = typer.Typer(no_args_is_help=True, help="The translation memory.")


@app.command("rebuild")
def rebuild(root: Root = HERE) -> None:
    """Recreate the translation memory from every PO file of the site."""
    from l10n.steps.translate import rebuild_memory

    config = load_config(root)
    count = rebuild_memory(config)
    echo(f"memory rebuilt: {count} entries in {config.memory}")
