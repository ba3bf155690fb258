"""The ``l10n-blog`` command: the typer app, its commands, and the one error boundary.

Command modules import the library inside their functions, so ``l10n-blog --version`` and
``l10n-blog --help`` load typer and nothing of the pipeline.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from l10n import __version__
from l10n.cli import check, consistency, init, judge, memory, pipeline, review, review_report, serve, watch
from l10n.cli.options import echo, print_errors
from l10n.errors import L10nError

BUG_EXIT = 70  # EX_SOFTWARE (sysexits.h): not bad input (3), a bug in l10n-blog
PROG = "l10n-blog"  # the command (the PyPI project `l10n` installs an unrelated `l10n` command)


@dataclass
class Options:
    """Global options, kept on the click context for the error boundary."""

    debug: bool = False


class Boundary(TyperGroup):
    """The one error boundary, around every command (the console script and test runners alike)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # exit codes, usage errors: typer's own
            raise
        except L10nError as exc:
            print_errors([exc])
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            echo("interrupted: completed work is saved; run the command again to go on", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - anything else is a bug: say so, never "bad input"
            debug = isinstance(ctx.obj, Options) and ctx.obj.debug
            if debug:
                echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
            echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
            again = "" if debug else " with the output of the same command run with --debug"
            echo(f"  this is a bug in {PROG} {__version__}, please report it{again}", err=True)
            raise typer.Exit(BUG_EXIT) from None


# The commands, in the order `l10n-blog --help` lists them, and the command groups.
COMMANDS = (init.init, pipeline.extract, pipeline.translate, judge.judge, review.review, serve.serve,
            pipeline.build, watch.watch, pipeline.status, check.check, consistency.consistency, review_report.report)
GROUPS = {"memory": memory.app}


def _version(value: bool) -> None:
    if value:
        echo(f"{PROG} {__version__}")
        raise typer.Exit()


Version = Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")]
Debug = Annotated[bool, typer.Option("--debug", help="On an internal error, show the traceback.")]


def main_options(ctx: typer.Context, version: Version = False, debug: Debug = False) -> None:
    """Translate a Japanese Markdown blog through gettext PO files."""
    ctx.obj = Options(debug=debug)


def make_app(names: Collection[str] | None = None) -> typer.Typer:
    """The app with the commands and groups named in ``names`` (None: all of them)."""
    made = typer.Typer(cls=Boundary, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                       rich_markup_mode=None, help="Translate a Japanese Markdown blog through gettext PO files.")
    for function in COMMANDS:
        if names is None or _name(function) in names:
            made.command()(function)
    for name, group in GROUPS.items():
        if names is None or name in names:
            made.add_typer(group, name=name)
    made.callback()(main_options)
    return made


def _name(function: Callable[..., Any]) -> str:
    return function.__name__.replace("_", "-")  # typer's command name for a function


def needed(args: Sequence[str]) -> set[str] | None:
    """The commands a command line can run: the one it names, none for ``--version``, None (all) otherwise.

    typer turns every command's signature into click parameters before it parses the line
    (about 0.4 ms a command); the console script makes only those of the command it runs.
    An unknown name, ``--help`` or no command at all get every command (usage errors suggest names).
    """
    known = {_name(function) for function in COMMANDS} | set(GROUPS)
    name = next((arg for arg in args if not arg.startswith("-")), None)
    if name is not None:
        return {name} if name in known else None
    return None if not args or "--help" in args else set()


app = make_app()


def main() -> None:
    """Console-script entry point.

    At the end every object the command made is frozen: the interpreter's exit frees them all
    anyway, and its last cycle collection walked each of them first (10-15 ms of a command on a
    1,000-post site, more than its imports cost the collector). Frozen objects are skipped.
    """
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    try:
        make_app(needed(sys.argv[1:]))(prog_name=PROG)
    finally:
        gc.freeze()
