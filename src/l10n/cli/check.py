"""``l10n-blog check``: the CI gate."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from l10n.cli.options import HERE, Posts, Root, echo, load_config
from l10n.cli.pipeline import Jobs

if TYPE_CHECKING:
    from l10n.steps.check import Issue, Report


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class Require(str, Enum):
    published = "published"
    all = "all"


FormatOpt = Annotated[Format, typer.Option("--format", help="text, json, or github (workflow annotations).")]
RequireOpt = Annotated[Optional[Require], typer.Option(
    show_default=False,
    help="Which posts must reach the reviewed threshold: 'published' (have a localized post) or 'all' "
         "(default: the config's `require`, else published).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Check every post again, ignoring .l10n/cache.")]


def check(posts: Posts = None, root: Root = HERE, fmt: FormatOpt = Format.text, require: RequireOpt = None,
          no_cache: NoCache = False, jobs: Jobs = 0) -> None:
    """Fail (exit 1) when PO files, built posts or reviewed translations need work; for CI and pre-commit."""
    from l10n.pool import default_jobs
    from l10n.steps import check as checks

    report = checks.run(load_config(root), posts or [], require=require.value if require else None,
                        use_cache=not no_cache, jobs=jobs or default_jobs())
    if fmt is Format.json:
        data = {"issues": [i.to_json() for i in report.issues], "posts": report.posts, "cached": report.cached,
                "exit_code": report.exit_code}
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for issue in report.issues:
            echo(_github(issue) if fmt is Format.github else str(issue))
        _summary(report)
    raise typer.Exit(report.exit_code)


def _summary(report: Report) -> None:
    errors = sum(i.severity == "error" for i in report.issues)
    warnings = len(report.issues) - errors
    verdict = "ok" if not errors else f"{errors} problem(s)"
    extra = f", {warnings} warning(s)" if warnings else ""
    echo(f"{verdict}{extra} in {report.posts} post(s) ({report.cached} unchanged since they passed)", err=True)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(issue: Issue) -> str:
    """A workflow command: GitHub shows it on the file and line in the pull request."""
    where = f"file={_escape_property(issue.path)}" + (f",line={issue.line}" if issue.line else "")
    title = f",title={_escape_property('l10n ' + issue.kind)}"
    return f"::{issue.severity} {where}{title}::{_escape_data(issue.message + ' — ' + issue.fix)}"
