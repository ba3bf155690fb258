"""``l10n-blog report``: a side-by-side HTML report and a Markdown summary of what a change needs reviewed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from l10n.cli.options import HERE, Posts, Root, echo, finish, load_config

Base = Annotated[Optional[str], typer.Option(
    metavar="REV", show_default=False,
    help="git revision the change is compared with (e.g. origin/main); default: list all work left.")]
Html = Annotated[Optional[Path], typer.Option(metavar="FILE", show_default=False,
                                              help="Write the side-by-side HTML report to this file.")]
Markdown = Annotated[Optional[Path], typer.Option(
    metavar="FILE", show_default=False, help="Write the Markdown summary to this file (default: print it).")]
Billed = Annotated[Optional[int], typer.Option(
    min=0, show_default=False, help="Characters billed by the translate run of this change, for the summary.")]
Artifact = Annotated[Optional[str], typer.Option(
    metavar="URL", show_default=False, help="Where readers find the HTML report, for the summary.")]


def report(posts: Posts = None, root: Root = HERE, base: Base = None, html: Html = None,
           markdown: Markdown = None, billed: Billed = None, artifact: Artifact = None) -> None:
    """What changed since --base and what needs review: HTML for a CI artifact, Markdown for a PR comment."""
    from l10n.files import write_atomic
    from l10n.steps import report as report_step

    result = report_step.report(load_config(root), posts or [], base=base, billed=billed)
    if html is not None:
        from l10n.extras import needs

        with needs("web", "the HTML report (--html)"):
            from l10n.web.report import report_html
        write_atomic(html, report_html(result).encode("utf-8"))
        echo(f"wrote {html}", err=True)
    summary = report_step.markdown(result, artifact=artifact)
    if markdown is not None:
        write_atomic(markdown, summary.encode("utf-8"))
        echo(f"wrote {markdown}", err=True)
    else:
        typer.echo(summary, nl=False)
    finish(result.errors, summary=False)
