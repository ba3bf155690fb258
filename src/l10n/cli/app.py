"""The ``l10n-blog`` command: the typer app, its commands, and the one error boundary.

Command modules import the library inside their functions, so ``l10n-blog --version`` and
``l10n-blog --help`` load typer and nothing of the pipeline.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from l10n import __version__
from l10n.cli import check, consistency, init, judge, memory, pipeline, review, review_report, serve
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


app = typer.Typer(cls=Boundary, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None,
                  help="Translate a Japanese Markdown blog through gettext PO files.")

# The commands, in the order `l10n-blog --help` lists them.
for function in (init.init, pipeline.extract, pipeline.translate, judge.judge, review.review, serve.serve,
                 pipeline.build, pipeline.status, check.check, consistency.consistency, review_report.report):
    app.command()(function)
app.add_typer(memory.app, name="memory")


def _version(value: bool) -> None:
    if value:
        echo(f"{PROG} {__version__}")
        raise typer.Exit()


Version = Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")]
Debug = Annotated[bool, typer.Option("--debug", help="On an internal error, show the traceback.")]


@app.callback()
def main_options(ctx: typer.Context, version: Version = False, debug: Debug = False) -> None:
    """Translate a Japanese Markdown blog through gettext PO files."""
    ctx.obj = Options(debug=debug)


def main() -> None:
    """Console-script entry point."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app(prog_name=PROG)
