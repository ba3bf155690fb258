"""What the commands share: parameter types, and the two output streams."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from l10n.errors import L10nError, exit_code

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console

    from l10n.config import Config

Posts = Annotated[Optional[list[Path]], typer.Argument(
    metavar="POST|FOLDER...", show_default=False,
    help="Posts or folders (default: every post of the source folder).")]
Root = Annotated[Path, typer.Option(
    "--root", "-C", metavar="FOLDER", help="Site folder (with pyproject.toml or l10n.toml).")]
HERE = Path(".")


def echo(text: str, *, err: bool = False) -> None:
    """A line for people, as it is (no markup, no wrapping): stdout for results, stderr for the rest."""
    typer.echo(text, err=err)


@cache
def console(*, stderr: bool = False) -> Console:
    """A rich console, for progress bars, the translate summary and the review screen (rich loads only then)."""
    from rich.console import Console

    # Piped output (CI logs, scripts) is not cut to 80 columns. markup=False: post paths and
    # "[en]" print as they are, not as rich style tags.
    width = None if stderr or sys.stdout.isatty() else 200
    return Console(stderr=stderr, highlight=False, soft_wrap=True, markup=False, width=width)


def terminal_width() -> int:
    """Columns to lay a table out in: the terminal's, or 200 when the output is piped (as :func:`console`)."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 200


def load_config(root: Path) -> Config:
    from l10n import config as config_io

    return config_io.load(root.resolve())


def print_errors(errors: Iterable[L10nError]) -> None:
    for exc in errors:
        echo(f"error: {exc}", err=True)
        if exc.hint:
            echo(f"  hint: {exc.hint}", err=True)


def finish(errors: list[L10nError], *, summary: bool = True) -> None:
    """Report the posts that failed (the others were processed) and exit with the worst code."""
    if errors:
        print_errors(errors)
        if summary:
            echo(f"{len(errors)} post(s) had errors; the others were processed", err=True)
        raise typer.Exit(exit_code(errors))
