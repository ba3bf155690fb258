"""The pipeline commands: ``extract``, ``translate``, ``build`` and ``status``."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from l10n.cli.options import HERE, Posts, Root, console, echo, finish, load_config, print_errors, terminal_width
from l10n.errors import L10nError, UsageError, exit_code

if TYPE_CHECKING:
    from l10n.project import Outcome

Jobs = Annotated[int, typer.Option(
    "--jobs", "-j", min=0, metavar="N", help="Processes that share a run's posts (0: one per core).")]


def _jobs(jobs: int) -> int:
    from l10n.pool import default_jobs

    return jobs or default_jobs()


def extract(posts: Posts = None, root: Root = HERE, jobs: Jobs = 0) -> None:
    """Create or update the PO files of the posts (msgmerge semantics: nothing is lost)."""
    from l10n.steps import extract as extract_step

    run = extract_step.extract(load_config(root), posts or [], jobs=_jobs(jobs))
    for o in run.outcomes:
        if o.action != "unchanged" and o.report:
            echo(extract_line(o))
    changed = sum(o.action != "unchanged" for o in run.outcomes)
    echo(f"{len(run.outcomes)} catalog(s) checked, {changed} written")
    finish(run.errors)


def extract_line(o: Outcome) -> str:
    """What extract did to one PO file (``updated   posts/ja/a.md [en]: 1 new, …``)."""
    from l10n.po.model import MergeReport

    r = o.report or MergeReport()
    return (f"{o.action:9} {o.post} [{o.lang}]: {r.new} new, {r.fuzzy} fuzzy, "
            f"{r.obsolete} obsolete, {r.kept + r.rewrapped + r.revived} kept")


Threshold = Annotated[Optional[float], typer.Option(
    min=0, max=1, metavar="SHARE", help="Reviewed share needed to write a post, 0..1 (default: the config's).")]


def build(posts: Posts = None, root: Root = HERE, threshold: Threshold = None, jobs: Jobs = 0) -> None:
    """Write the localized posts from the reviewed translations."""
    from l10n.steps import build as build_step

    run = build_step.build(load_config(root), posts or [], threshold=threshold, jobs=_jobs(jobs))
    for o in run.outcomes:
        if o.action == "written":
            echo(f"wrote {o.detail}")
        elif o.action == "skipped":
            echo(f"not written: {o.post} [{o.lang}]: {o.detail}", err=True)
    written = sum(o.action == "written" for o in run.outcomes)
    skipped = sum(o.action == "skipped" for o in run.outcomes)
    echo(f"{written} written, {len(run.outcomes) - written - skipped} unchanged, {skipped} not written")
    finish(run.errors)


AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


NeedsReview = Annotated[bool, typer.Option("--needs-review", help="Only posts with drafts or stale units.")]
Sort = Annotated[str, typer.Option(
    metavar="KEY", help="Order: post, progress (least reviewed first), review (most to review first), size.")]


def status(posts: Posts = None, root: Root = HERE, as_json: AsJson = False, jobs: Jobs = 0,
           needs_review: NeedsReview = False, sort: Sort = "post") -> None:
    """Units per post by state: reviewed, machine draft, stale, untranslated."""
    from l10n.cli.report import SORTS, skipped_line, status_json, status_table
    from l10n.steps import status as status_step

    if sort not in SORTS:
        raise UsageError(f"--sort: unknown key {sort!r}", hint=f"use one of: {', '.join(SORTS)}")
    run = status_step.status(load_config(root), posts or [], jobs=_jobs(jobs))
    if as_json:
        data = status_json(run, needs_review=needs_review, sort=sort)
        import json

        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        echo("\n".join(status_table(run, width=terminal_width(), needs_review=needs_review, sort=sort)))
        if skipped_line(run.skipped):
            echo(skipped_line(run.skipped))
    finish(run.errors)


Backend = Annotated[Optional[str], typer.Option(
    metavar="NAME", help="Backend name (default: config, or deepl when DEEPL_AUTH_KEY is set).")]
Lang = Annotated[Optional[str], typer.Option(metavar="LANG", help="Target language (default: every configured one).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would be sent and billed; change nothing.")]
Stale = Annotated[bool, typer.Option("--retranslate-stale", help="Also redraft units whose source changed.")]
Concurrency = Annotated[int, typer.Option(min=1, max=64, metavar="N", help="Requests in flight at once.")]
NoJudge = Annotated[bool, typer.Option("--no-judge", help="Do not score the drafts with the [judge] model.")]


def translate(posts: Posts = None, root: Root = HERE, backend: Backend = None, lang: Lang = None,
              dry_run: DryRun = False, retranslate_stale: Stale = False, concurrency: Concurrency = 8,
              no_judge: NoJudge = False) -> None:
    """Update the PO files and draft every untranslated unit (memory first, then the backend); then the
    [judge] model, when one is configured, scores the drafts."""
    from rich.progress import Progress

    from l10n.cli.report import print_translate_summary
    from l10n.steps.translate import translate as run_translate

    config = load_config(root)
    if lang is not None and lang not in config.languages:
        raise UsageError(f"{lang!r} is not a configured language", hint=f"configured: {', '.join(config.languages)}")
    errors: list[L10nError] = []
    for language in [lang] if lang else list(config.languages):
        screen = console(stderr=True)
        with Progress(console=screen, transient=True, disable=not screen.is_terminal) as bar:
            task = bar.add_task(f"translating [{language}]", total=None)
            summary = run_translate(
                config, posts or [], lang=language, env=os.environ, backend=backend, dry_run=dry_run,
                retranslate_stale=retranslate_stale, concurrency=concurrency,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        print_translate_summary(console(), summary, language=language, dry_run=dry_run)
        print_errors(summary.errors)
        errors += summary.errors
        if summary.interrupted:
            echo("interrupted: every reply that arrived is saved; run the command again to go on", err=True)
            raise typer.Exit(130)
        if config.judge_model and config.judge.get("after_translate", True) and not no_judge:
            from l10n.cli import judge

            if dry_run and summary.to_send:
                echo(f"judge {config.judge_model}: the {summary.to_send} unit(s) drafted by this run are scored "
                     "after drafting too (not counted below: their English does not exist yet)")
            errors += judge.run(config, posts or [], language, dry_run=dry_run)
    raise typer.Exit(exit_code(errors))
