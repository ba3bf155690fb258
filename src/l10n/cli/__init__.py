"""Command line: the only module that prints, reads the environment or exits."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, Optional, TypeVar

import typer
from rich.console import Console

from l10n import __version__
from l10n import config as config_io
from l10n import project as site
from l10n.cli.report import print_errors, print_translate_summary, skipped_line, status_json, status_table
from l10n.errors import L10nError, UsageError
from l10n.steps import build as build_step
from l10n.steps import extract as extract_step
from l10n.steps import status as status_step

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Translate a Japanese Markdown blog through gettext PO files.")
memory_app = typer.Typer(no_args_is_help=True, help="The translation memory.")
app.add_typer(memory_app, name="memory")
# Piped output (CI logs, scripts) is not cut to 80 columns.
# markup=False: post paths and "[en]" must print as they are, not as rich style tags.
out = Console(highlight=False, soft_wrap=True, markup=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)
F = TypeVar("F", bound=Callable[..., Any])

PostsArg = typer.Argument(None, help="Posts or folders (default: every post of the source folder).")
RootOpt = typer.Option(Path("."), "--root", "-C", help="Site folder (with pyproject.toml or l10n.toml).")


def _version(value: bool) -> None:
    if value:
        out.print(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                              help="Show the version and exit.")) -> None:
    """Translate a Japanese Markdown blog through gettext PO files."""


def command(func: F) -> F:
    """The error boundary: L10nError -> message + hint + its exit code; Ctrl-C -> 130."""

    @wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except L10nError as exc:
            print_errors(err, [exc])
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err.print("interrupted: completed work is saved; run the command again to go on")
            raise typer.Exit(130) from None

    return run  # type: ignore[return-value]


def _config(root: Path) -> config_io.Config:
    return config_io.load(root.resolve())


def _finish(run: site.Run) -> None:
    if run.errors:
        print_errors(err, run.errors)
        err.print(f"{len(run.errors)} post(s) had errors; the others were processed")
        raise typer.Exit(max(e.exit_code for e in run.errors))


@app.command()
@command
def extract(posts: Optional[list[Path]] = PostsArg, root: Path = RootOpt) -> None:
    """Create or update the PO files of the posts (msgmerge semantics: nothing is lost)."""
    run = extract_step.extract(_config(root), posts or [])
    for o in run.outcomes:
        if o.action != "unchanged" and o.report:
            r = o.report
            out.print(f"{o.action:9} {o.post} [{o.lang}]: {r.new} new, {r.fuzzy} fuzzy, "
                      f"{r.obsolete} obsolete, {r.kept + r.rewrapped + r.revived} kept")
    changed = sum(o.action != "unchanged" for o in run.outcomes)
    out.print(f"{len(run.outcomes)} catalog(s) checked, {changed} written")
    _finish(run)


@app.command()
@command
def build(posts: Optional[list[Path]] = PostsArg, root: Path = RootOpt,
          threshold: Optional[float] = typer.Option(None, min=0.0, max=1.0, help="Reviewed share, 0..1.")) -> None:
    """Write the localized posts from the reviewed translations."""
    run = build_step.build(_config(root), posts or [], threshold=threshold)
    for o in run.outcomes:
        if o.action == "written":
            out.print(f"wrote {o.detail}")
        elif o.action == "skipped":
            err.print(f"not written: {o.post} [{o.lang}]: {o.detail}")
    written = sum(o.action == "written" for o in run.outcomes)
    skipped = sum(o.action == "skipped" for o in run.outcomes)
    out.print(f"{written} written, {len(run.outcomes) - written - skipped} unchanged, {skipped} not written")
    _finish(run)


@app.command()
@command
def status(posts: Optional[list[Path]] = PostsArg, root: Path = RootOpt,
           as_json: bool = typer.Option(False, "--json", help="Machine-readable output.")) -> None:
    """Units per post by state: reviewed, machine draft, stale, untranslated."""
    run = status_step.status(_config(root), posts or [])
    if as_json:
        sys.stdout.write(json.dumps(status_json(run), ensure_ascii=False, indent=2) + "\n")
    else:
        status_table(out, run)
        if skipped_line(run.skipped):
            out.print(skipped_line(run.skipped))
    _finish(run)


@app.command()
@command
def translate(posts: Optional[list[Path]] = PostsArg, root: Path = RootOpt,
              backend: Optional[str] = typer.Option(
                  None, help="Backend name (default: config, or deepl when DEEPL_AUTH_KEY is set)."),
              lang: Optional[str] = typer.Option(None, help="Target language (default: every configured one)."),
              dry_run: bool = typer.Option(
                  False, "--dry-run", help="Show what would be sent and billed; change nothing."),
              retranslate_stale: bool = typer.Option(
                  False, "--retranslate-stale", help="Also redraft units whose source changed."),
              concurrency: int = typer.Option(8, min=1, max=64, help="Requests in flight at once.")) -> None:
    """Update the PO files and draft every untranslated unit (memory first, then the backend)."""
    from rich.progress import Progress

    from l10n.steps.translate import translate as run_translate

    config = _config(root)
    if lang is not None and lang not in config.languages:
        raise UsageError(f"{lang!r} is not a configured language", hint=f"configured: {', '.join(config.languages)}")
    codes: list[int] = []
    for language in [lang] if lang else list(config.languages):
        with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task(f"translating [{language}]", total=None)
            summary = run_translate(
                config, posts or [], lang=language, env=os.environ, backend=backend, dry_run=dry_run,
                retranslate_stale=retranslate_stale, concurrency=concurrency,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        print_translate_summary(out, summary, language=language, dry_run=dry_run)
        print_errors(err, summary.errors)
        codes += [e.exit_code for e in summary.errors]
        if summary.interrupted:
            err.print("interrupted: every reply that arrived is saved; run the command again to go on")
            raise typer.Exit(130)
    if codes:
        raise typer.Exit(max(codes))


@memory_app.command("rebuild")
@command
def memory_rebuild(root: Path = RootOpt) -> None:
    """Recreate the translation memory from every PO file of the site."""
    from l10n.steps.translate import rebuild_memory

    config = _config(root)
    count = rebuild_memory(config)
    out.print(f"memory rebuilt: {count} entries in {config.memory}")


def main() -> None:
    """Console-script entry point."""
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()


from l10n.cli import check as cli_check  # noqa: F401,E402  (registers `check` and `review`)
from l10n.cli import review_report, serve  # noqa: E402

app.command()(command(serve.serve))
app.command()(command(review_report.report))
