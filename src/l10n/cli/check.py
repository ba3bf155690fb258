"""``l10n check`` and ``l10n review``: registered on the app of :mod:`l10n.cli`."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from l10n import config as config_io
from l10n.cli import PostsArg, RootOpt, app, command, err, out
from l10n.cli.report import print_errors
from l10n.errors import UsageError
from l10n.steps import check as checks
from l10n.steps import review as reviewing
from l10n.steps.check import Issue


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class Require(str, Enum):
    published = "published"
    all = "all"


@app.command()
@command
def check(
    posts: Optional[list[Path]] = PostsArg,
    root: Path = RootOpt,
    fmt: Format = typer.Option(Format.text, "--format", help="text, json, or github (workflow annotations)."),
    require: Optional[Require] = typer.Option(
        None, help="Which posts must reach the reviewed threshold: 'published' (have a localized post) or 'all'."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Check every post again, ignoring .l10n/cache."),
) -> None:
    """Fail (exit 1) when PO files, built posts or reviewed translations need work; for CI and pre-commit."""
    config = config_io.load(root.resolve())
    report = checks.run(config, posts or [], mode=require.value if require else None, use_cache=not no_cache)
    if fmt is Format.json:
        data = {"issues": [i.to_json() for i in report.issues], "posts": report.posts, "cached": report.cached,
                "exit_code": report.exit_code}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for issue in report.issues:
            out.print(_github(issue) if fmt is Format.github else str(issue), markup=False)
        _summary(report)
    raise typer.Exit(report.exit_code)


def _summary(report: checks.Report) -> None:
    errors = sum(i.severity == "error" for i in report.issues)
    warnings = len(report.issues) - errors
    verdict = "ok" if not errors else f"{errors} problem(s)"
    extra = f", {warnings} warning(s)" if warnings else ""
    err.print(f"{verdict}{extra} in {report.posts} post(s) ({report.cached} unchanged since the last check)",
              markup=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(issue: Issue) -> str:
    """A workflow command: GitHub shows it on the file and line in the pull request."""
    where = f"file={_escape_property(issue.path)}" + (f",line={issue.line}" if issue.line else "")
    title = f",title={_escape_property('l10n ' + issue.kind)}"
    return f"::{issue.severity} {where}{title}::{_escape_data(issue.message + ' — ' + issue.fix)}"


# --- review ------------------------------------------------------------------------------

@app.command()
@command
def review(
    posts: Optional[list[Path]] = PostsArg,
    root: Path = RootOpt,
    lang: Optional[str] = typer.Option(None, "--lang", help="Language to review (default: the first configured)."),
    include_all: bool = typer.Option(False, "--all", help="Also show untranslated units, to translate them here."),
) -> None:
    """Review machine drafts and stale translations in the terminal; every decision is saved at once."""
    config = config_io.load(root.resolve())
    lang = lang or config.languages[0]
    if lang not in config.languages:
        raise UsageError(f"{lang!r} is not a configured language ({', '.join(config.languages)})")
    glossary = reviewing.glossary_for(config, lang)
    items, errors = reviewing.collect(config, posts or [], lang=lang, glossary=glossary,
                                      include_untranslated=include_all)
    print_errors(err, errors)
    if not items:
        out.print("nothing to review")
        raise typer.Exit(max((e.exit_code for e in errors), default=0))
    recorder = reviewing.MemoryRecorder(config)
    editor = _editor if os.environ.get("VISUAL") or os.environ.get("EDITOR") else None
    session = reviewing.ReviewSession(config, items, show=_show, ask=_ask, editor=editor, remember=recorder)
    try:
        summary = session.run()
    finally:
        recorder.close()
    out.print(f"{summary.accepted} accepted, {summary.edited} edited, {summary.skipped} skipped, "
              f"{summary.remaining} still to review")
    raise typer.Exit(max((e.exit_code for e in errors), default=0))


_STATE_STYLE = {"draft": "yellow", "stale": "magenta", "untranslated": "red", "reviewed": "green"}


def _show(shown: reviewing.Shown) -> None:
    if shown.item is None:
        out.print(shown.text, style="green" if shown.kind == "saved" else "yellow", markup=False)
        return
    item = shown.item
    where = f"{item.post}:{item.line}" if item.line else item.post
    out.rule(f"{shown.position}/{shown.total}  {where}", style="dim")
    head = Text(f"{item.where or 'unit'} · ")
    head.append(item.state, style=_STATE_STYLE[item.state])
    out.print(head)
    for line in item.origin.splitlines():  # translator comments: origin of the draft, notes
        out.print(f"  {line}", style="dim", markup=False)
    paragraph = Text(item.paragraph)
    paragraph.stylize("bold reverse", *item.span)
    out.print(paragraph)
    if item.previous_msgid:
        out.print(_diff_text(item.previous_msgid, item.msgid))
    out.print(Text("→ ", style="bold") + Text(item.msgstr or "(no translation yet)", style="cyan"))
    for problem in item.problems:
        out.print(f"  ! {problem.message} — {problem.fix}", style="yellow", markup=False)


def _diff_text(old: str, new: str) -> Text:
    text = Text("source changed: ", style="dim")
    # Markers as in `git diff --word-diff`, so the change reads without colour too (logs, pipes).
    marks = {"equal": ("", "", ""), "delete": ("[-", "-]", "red strike"), "insert": ("{+", "+}", "green underline")}
    for op, part in reviewing.diff(old, new):
        before, after, style = marks[op]
        text.append(f"{before}{part}{after}", style=style)
    return text


def _ask(question: reviewing.Ask) -> str:
    try:
        if question.kind == "key":
            out.print(question.prompt, style="dim", markup=False)
            if sys.stdin.isatty():
                return typer.getchar()
            return input()
        return _read_line(question.default)
    except EOFError:
        return "q"


def _read_line(default: str) -> str:
    """A line of input with the current draft already typed in, when readline is there."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return input("translation (empty keeps it): ")
    readline.set_startup_hook(lambda: readline.insert_text(default))
    try:
        return input("translation: ")
    finally:
        readline.set_startup_hook()


def _editor(text: str) -> str | None:
    """The draft in $VISUAL / $EDITOR; None when there is none or it failed."""
    command_line = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "translation.txt"
        path.write_text(text + "\n", encoding="utf-8")
        if subprocess.run([*shlex.split(command_line), str(path)], check=False).returncode != 0:
            return None
        return path.read_text("utf-8").rstrip("\n")
