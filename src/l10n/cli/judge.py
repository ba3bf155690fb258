"""``l10n-blog judge``: score drafts with the ``[judge]`` model (also run by ``translate``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from l10n.cli.options import HERE, Posts, Root, console, echo, load_config, print_errors
from l10n.errors import L10nError, UsageError, exit_code

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.steps.judge import JudgeSummary

Lang = Annotated[Optional[str], typer.Option(metavar="LANG", help="Target language (default: every configured one).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would be sent to the judge; change nothing.")]
Concurrency = Annotated[int, typer.Option(min=1, max=64, metavar="N", help="Requests in flight at once.")]


def judge(posts: Posts = None, root: Root = HERE, lang: Lang = None, dry_run: DryRun = False,
          concurrency: Concurrency = 4) -> None:
    """Score every draft not yet scored by the [judge] model (0-100, with short reasons)."""
    config = load_config(root)
    if not config.judge_model:
        raise UsageError("no judge is configured", hint='add a [judge] table, e.g. model = "gpt-4o" (docs/backends.md)')
    if lang is not None and lang not in config.languages:
        raise UsageError(f"{lang!r} is not a configured language", hint=f"configured: {', '.join(config.languages)}")
    errors: list[L10nError] = []
    for language in [lang] if lang else list(config.languages):
        errors += run(config, posts or [], language, dry_run=dry_run, concurrency=concurrency)
    raise typer.Exit(exit_code(errors))


def run(config: Config, posts: Sequence[Path], lang: str, *, dry_run: bool, concurrency: int = 4) -> list[L10nError]:
    """One judge pass over ``posts`` in ``lang``, its summary printed; the errors (exit 130 on Ctrl-C)."""
    from rich.progress import Progress

    from l10n.extras import needs

    with needs("llm", "the judge"):
        from l10n.steps.judge import judge as run_judge

    screen = console(stderr=True)
    with Progress(console=screen, transient=True, disable=not screen.is_terminal) as bar:
        task = bar.add_task(f"judging [{lang}]", total=None)
        summary = run_judge(config, posts, lang=lang, env=os.environ, dry_run=dry_run, concurrency=concurrency,
                            progress=lambda done, total: bar.update(task, completed=done, total=total))
    for line in summary_lines(summary, lang=lang, dry_run=dry_run, approve_at=config.judge.get("approve_at")):
        echo(line)
    for warning in summary.warnings:
        echo(f"warning: {warning}", err=True)
    print_errors(summary.errors)
    if summary.interrupted:
        echo("interrupted: every score that arrived is saved; run the command again to go on", err=True)
        raise typer.Exit(130)
    return summary.errors


def summary_lines(s: JudgeSummary, *, lang: str, dry_run: bool, approve_at: int | None) -> list[str]:
    head = f"judge {s.model} [{lang}]"
    if s.drafts == 0:
        return [f"{head}: no draft is waiting for a score"]
    cached = f"{s.from_cache} scored from the cache"
    if dry_run:
        return [f"{head}, dry run: {s.drafts} draft(s) without a score; {cached}; {s.to_send} to send in "
                f"{s.requests} request(s): {s.pair_chars:,} characters of Japanese and English, "
                f"{s.request_chars:,} with the instructions (the model bills tokens)"]
    sent = f"{s.sent} of {s.to_send} sent and saved ({s.sent_chars:,} characters of Japanese and English, " \
        f"{s.tokens:,} tokens)" if s.to_send else "nothing sent to the judge"
    lines = [f"{head}: {s.drafts} draft(s) without a score; {cached}; {sent}"]
    if s.lowest:
        low = ", ".join(f"{score} {where}" for score, where in sorted(s.lowest)[:3])
        lines.append(f"lowest scores: {low} (l10n-blog review puts them first)")
    if approve_at is not None:
        lines.append(f"approved by the judge (score >= judge.approve_at {approve_at}, no problem): {s.approved}; "
                     "find them with l10n-blog review --judge-approved")
    return lines
