"""``l10n-blog watch``: extract and build again, in one resident process, whenever a post or PO file is saved."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer

from l10n.cli.options import HERE, Root, echo, print_errors
from l10n.cli.pipeline import Jobs, _jobs, extract_line

if TYPE_CHECKING:
    from l10n.errors import L10nError
    from l10n.steps.watch import Round

Debounce = Annotated[int, typer.Option(
    min=1, max=10_000, metavar="MS", help="Quiet time that ends a burst of changes (an editor's save), in ms.")]


def watch(root: Root = HERE, jobs: Jobs = 0, debounce: Debounce = 50) -> None:
    """Keep the PO files and built posts up to date while you edit: extract and build again, for only
    what changed, each time a post, PO file, config or glossary is saved (Ctrl-C stops)."""
    from l10n.extras import needs

    with needs("watch", "l10n-blog watch"):
        import watchfiles  # noqa: F401

    from l10n.steps.watch import Site, rounds

    site = Site(root.resolve(), jobs=_jobs(jobs))
    shown: set[str] = set()
    try:
        for number, done in enumerate(rounds(site, debounce_ms=debounce)):
            shown = _report(done, shown, first=number == 0)
            if number == 0:
                folders = ", ".join(site.name(f) for f in site.folders()) or "the config"
                echo(f"watching {folders} (Ctrl-C to stop)")
    except KeyboardInterrupt:
        echo("stopped", err=True)
        raise typer.Exit(130) from None


def _report(done: Round, shown: set[str], *, first: bool) -> set[str]:
    """Print what a round wrote, and problems that are new or belong to a changed file; returns the
    problems of this round (what the next round leaves out unless its files changed)."""
    names = set(done.changed)
    problems: set[str] = set()

    def fresh(text: str, path: str | None) -> bool:
        problems.add(text)
        return first or text not in shown or path in names

    if done.error is not None:
        if fresh(str(done.error), getattr(done.error, "path", None)) or done.reloaded:
            print_errors([done.error])
        echo(f"{_stamp()} {_names(done)}: nothing done until the config is valid again", err=True)
        return problems
    written = 0
    for o in done.extract.outcomes if done.extract else ():
        if o.action != "unchanged" and o.report:
            echo(extract_line(o))
            written += 1
    built = not_built = 0
    for o in done.build.outcomes if done.build else ():
        if o.action == "written":
            echo(f"wrote {o.detail}")
            built += 1
        elif o.action == "skipped":
            not_built += 1
            line = f"not written: {o.post} [{o.lang}]: {o.detail}"
            if not first and fresh(line, o.post):
                echo(line, err=True)
            problems.add(line)
    errors: list[L10nError] = [*(done.extract.errors if done.extract else ()),
                               *(done.build.errors if done.build else ())]
    unique = list({str(e): e for e in errors}.values())  # a broken post is an error of extract and of build
    new = [e for e in unique if fresh(str(e), getattr(e, "path", None))]
    print_errors(new)
    if not first and not done.changed and not written + built and not new:
        return problems  # a round after the watched folders changed, with nothing new to say
    if first:
        echo(f"{written} PO file(s) and {built} post(s) written, {not_built} not written "
             f"(`l10n-blog build` says why), {len(unique)} error(s), in {done.seconds * 1000:.0f} ms")
    else:
        echo(f"{_stamp()} {_names(done)}: {written} PO file(s) and {built} post(s) written, "
             f"{len(unique)} error(s), in {done.seconds * 1000:.0f} ms")
    return problems


def _names(done: Round) -> str:
    if not done.changed:
        return "the site"  # a round over every post (after the watched folders changed)
    shown = done.changed[:3]
    more = len(done.changed) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def _stamp() -> str:
    return time.strftime("%H:%M:%S")
