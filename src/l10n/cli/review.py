"""``l10n-blog review``: the terminal front of :class:`l10n.steps.review.ReviewSession`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from l10n.cli.options import HERE, Posts, Root, console, echo, load_config, print_errors
from l10n.errors import UsageError, exit_code

if TYPE_CHECKING:
    from rich.text import Text

    from l10n.steps import review as reviewing

Lang = Annotated[Optional[str], typer.Option(
    "--lang", metavar="LANG", help="Language to review (default: the first configured).")]
IncludeAll = Annotated[bool, typer.Option("--all", help="Also show untranslated units, to translate them here.")]
OnlyStale = Annotated[bool, typer.Option("--stale", help="Only units whose Japanese changed after translation.")]
OnlyProblems = Annotated[bool, typer.Option("--problems", help="Only units with a problem (QA, markup, glossary).")]
LowestScore = Annotated[Optional[int], typer.Option(
    "--lowest-score", min=0, max=101, metavar="N", help="Only drafts the judge scored below N (lowest first).")]
JudgeApproved = Annotated[bool, typer.Option(
    "--judge-approved", help="Only entries the judge approved (judge.approve_at); accepting one makes it yours.")]


def review(posts: Posts = None, root: Root = HERE, lang: Lang = None, include_all: IncludeAll = False,
           stale: OnlyStale = False, problems: OnlyProblems = False, lowest_score: LowestScore = None,
           judge_approved: JudgeApproved = False) -> None:
    """Review machine drafts and stale translations in the terminal; every decision is saved at once."""
    from l10n.steps import review as reviewing

    config = load_config(root)
    lang = lang or config.languages[0]
    if lang not in config.languages:
        raise UsageError(f"{lang!r} is not a configured language ({', '.join(config.languages)})")
    glossary = reviewing.glossary_for(config, lang)
    items, errors = reviewing.collect(config, posts or [], lang=lang, glossary=glossary,
                                      include_untranslated=include_all, judge_approved=judge_approved)
    items = [i for i in items if (not stale or i.state == "stale") and (not problems or i.problems)
             and (lowest_score is None or (i.score is not None and i.score < lowest_score))
             and (not judge_approved or i.judge_approved)]
    print_errors(errors)
    if not items:
        echo("nothing to review")
        raise typer.Exit(exit_code(errors))
    recorder = reviewing.MemoryRecorder(config)
    editor = _editor if os.environ.get("VISUAL") or os.environ.get("EDITOR") else None
    session = reviewing.ReviewSession(config, items, show=_show, ask=_ask, editor=editor, remember=recorder)
    try:
        summary = session.run()
    finally:
        recorder.close()
    echo(f"{summary.accepted} accepted, {summary.edited} edited, {summary.skipped} skipped, "
         f"{summary.remaining} still to review")
    raise typer.Exit(exit_code(errors))


_STATE_STYLE = {"draft": "yellow", "stale": "magenta", "untranslated": "red", "reviewed": "green"}


def _show(shown: reviewing.Shown) -> None:
    from rich.text import Text

    from l10n.po.notes import notes

    out = console()
    if shown.item is None:
        out.print(shown.text, style="green" if shown.kind == "saved" else "yellow")
        return
    item = shown.item
    where = f"{item.post}:{item.line}" if item.line else item.post
    out.rule(f"{shown.position}/{shown.total}  {where}", style="dim")
    head = Text(f"{item.where or 'unit'} · ")
    head.append(item.state, style=_STATE_STYLE[item.state])
    if item.judge_approved:
        head.append(" (approved by the judge, not by a person)", style="yellow")
    out.print(head)
    for line in item.origin.splitlines():  # translator comments: origin of the draft, notes
        # previous: shown below as "English changed"; the judge's lines below, if still for this text
        if not line.startswith(("previous: ", "score: ", "approved: ")):
            out.print(f"  {line}", style="dim")
    judged = notes(item.origin, msgid=item.msgid, msgstr=item.msgstr)
    if judged.judge is not None:
        reasons = f": {judged.judge.reasons}" if judged.judge.reasons else ""
        out.print(f"  judge {judged.judge.model}: {judged.judge.score}/100{reasons}",
                  style="red" if judged.judge.score < 70 else "dim")
    paragraph = Text(item.paragraph)
    paragraph.stylize("bold reverse", *item.span)
    out.print(paragraph)
    if item.previous_msgid:
        out.print(_diff_text("source changed", item.previous_msgid, item.msgid))
    if item.before and item.msgstr and item.before != item.msgstr:
        out.print(_diff_text("English changed", item.before, item.msgstr, words=True))
    out.print(Text("→ ", style="bold") + Text(item.msgstr or "(no translation yet)", style="cyan"))
    for problem in item.problems:
        out.print(f"  ! {problem.message} — {problem.fix}", style="yellow")


def _diff_text(label: str, old: str, new: str, *, words: bool = False) -> Text:
    from rich.text import Text

    from l10n.steps import review as reviewing

    text = Text(f"{label}: ", style="dim")
    # Markers as in `git diff --word-diff`, so the change reads without colour too (logs, pipes).
    marks = {"equal": ("", "", ""), "delete": ("[-", "-]", "red strike"), "insert": ("{+", "+}", "green underline")}
    for op, part in reviewing.diff(old, new, words=words):
        before, after, style = marks[op]
        text.append(f"{before}{part}{after}", style=style)
    return text


def _ask(question: reviewing.Ask) -> str | None:
    try:
        if question.kind == "key":
            console().print(question.prompt, style="dim")
            if sys.stdin.isatty():
                return typer.getchar()
            return input()
        return _read_line(question.default)
    except EOFError:  # Ctrl-D: end the session, never save "q" or an empty line
        return None


def _read_line(default: str) -> str:
    """A line of input with the current draft already typed in, when readline is there."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return input("translation (empty keeps it): ")
    _plain_readline(readline)
    readline.set_startup_hook(lambda: readline.insert_text(default))
    try:
        return input("translation: ")
    finally:
        readline.set_startup_hook()


def _plain_readline(readline: Any) -> None:
    """Line editing only: no completion (readline's default completes file names), and bytes
    above 127 are characters, not Meta keys. In the C locale readline reads UTF-8 Japanese
    byte by byte, and some bytes are Meta-* ("insert all file names") or Meta-? otherwise."""
    for setting in ("set disable-completion on", "set convert-meta off", "set input-meta on",
                    "set output-meta on"):
        readline.parse_and_bind(setting)


def _editor(text: str) -> str | None:
    """The draft in $VISUAL / $EDITOR; None when there is none or it failed."""
    import shlex
    import tempfile

    command_line = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "translation.txt"
        path.write_text(text + "\n", encoding="utf-8")
        if subprocess.run([*shlex.split(command_line), str(path)], check=False).returncode != 0:
            return None
        return path.read_text("utf-8").rstrip("\n")
