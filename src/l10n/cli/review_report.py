"""``l10n report``: a side-by-side HTML report and a Markdown summary of what a change needs reviewed."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from l10n.cli.options import HERE, Posts, Root
from l10n.errors import UsageError, exit_code
from l10n.files import write_atomic


def report(
    posts: Posts = None,
    root: Root = HERE,
    base: Optional[str] = typer.Option(
        None, help="git revision the change is compared with (e.g. origin/main); default: list all work left."),
    html: Optional[Path] = typer.Option(None, help="Write the side-by-side HTML report to this file."),
    markdown: Optional[Path] = typer.Option(
        None, help="Write the Markdown summary to this file (default: print it)."),
    billed: Optional[int] = typer.Option(
        None, min=0, help="Characters billed by the translate run of this change, to show in the summary."),
    artifact: Optional[str] = typer.Option(None, help="Where readers find the HTML report (a URL), for the summary."),
) -> None:
    """What changed since --base and what needs review: HTML for a CI artifact, Markdown for a PR comment."""
    from l10n import config as config_io
    from l10n.steps import report as report_step

    config = config_io.load(root.resolve())
    result = report_step.report(config, posts or [], base=base, billed=billed)
    if html is not None:
        try:
            from l10n.web.report import report_html
        except ImportError as exc:
            raise UsageError(f"the HTML report needs its extra packages ({exc.name} is missing)",
                             hint="pip install 'l10n[web]'") from exc
        write_atomic(html, report_html(result).encode("utf-8"))
        typer.echo(f"wrote {html}", err=True)
    summary = report_step.markdown(result, artifact=artifact)
    if markdown is not None:
        write_atomic(markdown, summary.encode("utf-8"))
        typer.echo(f"wrote {markdown}", err=True)
    else:
        typer.echo(summary, nl=False)
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    raise typer.Exit(exit_code(result.errors))
