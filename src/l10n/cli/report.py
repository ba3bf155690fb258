"""Rendering of command results for people (rich) and scripts (JSON). Used by the CLI only."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.console import Console
from rich.table import Table

from l10n.po.catalog import Counts
from l10n.project import Run, Skipped


def _bar(share: float, width: int = 20) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def _row(counts: Counts) -> dict[str, Any]:
    return {
        "units": counts.total, "reviewed": counts.reviewed, "needs_review": counts.needs_review,
        "draft": counts.draft, "stale": counts.stale, "untranslated": counts.untranslated,
        "percent_reviewed": round(100 * counts.share, 1), "judge_approved": counts.judge_approved,
    }


def _total(run: Run) -> Counts:
    sums = {"reviewed": 0, "draft": 0, "stale": 0, "untranslated": 0, "judge_approved": 0}
    for o in run.outcomes:
        if o.counts:
            for key in sums:
                sums[key] += getattr(o.counts, key)
    return Counts(**sums)


def status_json(run: Run, *, needs_review: bool = False, sort: str = "post") -> dict[str, Any]:
    posts = [{"post": post, "lang": lang, "note": note, **_row(counts)}
             for post, lang, counts, note in status_rows(run, needs_review=needs_review, sort=sort)]
    errors = [{"error": str(e), "hint": e.hint} for e in run.errors]
    return {"posts": posts, "total": _row(_total(run)), "errors": errors}


SORTS = {
    "post": lambda row: (row[0], row[1]),
    "progress": lambda row: (row[2].share, row[0], row[1]),  # least reviewed first
    "review": lambda row: (-row[2].needs_review, row[0], row[1]),  # most waiting for a reviewer first
    "size": lambda row: (-row[2].total, row[0], row[1]),
}


def status_rows(run: Run, *, needs_review: bool = False, sort: str = "post") -> list[tuple[str, str, Counts, str]]:
    """The table's rows: posts (only those with drafts or stale units when ``needs_review``), sorted."""
    rows = [(o.post, o.lang, o.counts, o.detail) for o in run.outcomes if o.counts]
    if needs_review:
        rows = [row for row in rows if row[2].needs_review]
    return sorted(rows, key=SORTS[sort])


def status_table(console: Console, run: Run, *, needs_review: bool = False, sort: str = "post") -> None:
    """One line per post and language; the progress bar shrinks, and columns merge, on a narrow terminal."""
    narrow = console.width < 100
    table = Table(box=None, pad_edge=False)
    columns = [("post", "left"), ("lang", "left"), ("units", "right"), ("reviewed", "right")]
    columns += [("review", "right")] if narrow else [("draft", "right"), ("stale", "right")]
    columns += [("untransl." if narrow else "untranslated", "right"), ("", "left")]
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold" if name == "post" else "ellipsis",  # type: ignore[arg-type]
                         no_wrap=name != "post")
    rows = status_rows(run, needs_review=needs_review, sort=sort)
    rows.append(("total", "", _total(run), ""))
    for post, lang, c, note in rows:
        if c.judge_approved:
            note = ", ".join(filter(None, (note, f"{c.judge_approved} approved by the judge, not by a person")))
        waiting = [str(c.needs_review)] if narrow else [str(c.draft), str(c.stale)]
        bar = f"{100 * c.share:3.0f}%" if narrow else f"{_bar(c.share)} {100 * c.share:5.1f}%"
        table.add_row(post, lang, str(c.total), str(c.reviewed), *waiting, str(c.untranslated),
                      bar + (f"  ({note})" if note else ""))
    console.print(table)


_NO_BACKEND = "once a backend is configured (export DEEPL_AUTH_KEY=...)"
_NO_BACKEND_HINT = "no backend configured: export DEEPL_AUTH_KEY=... or set backend in [tool.l10n]"


def print_translate_summary(console: Console, summary: Any, *, language: str, dry_run: bool) -> None:
    """The end-of-run summary of ``l10n-blog translate`` (``summary`` is a translate.Summary)."""
    free = summary.from_site + summary.from_memory + summary.copied + summary.close_matches
    console.print(f"[{language}] {summary.posts} post(s): {free} unit(s) filled at no cost "
                  f"({summary.from_site} from other posts, {summary.from_memory} from memory, "
                  f"{summary.close_matches} close matches, {summary.copied} copied)", markup=False)
    for warning in summary.warnings:
        console.print(f"warning: {warning}", markup=False)
    if dry_run:
        _print_dry_run(console, summary)
        return
    if summary.backend:
        tokens = f", {summary.tokens} tokens" if summary.tokens else ""
        console.print(f"{summary.backend}: {summary.billed_chars} characters billed{tokens}, "
                      f"{summary.sent} draft(s) saved ({summary.markup_problems} with markup problems) "
                      f"in {summary.batches} batch(es), {summary.left} unit(s) left", markup=False)
    elif summary.left:
        console.print(f"{summary.left} unit(s) still untranslated ({_NO_BACKEND_HINT})", markup=False)
    if free or summary.sent:
        console.print("drafts are marked fuzzy: review them with `l10n-blog review` or a PO editor", markup=False)
    elif not summary.left:
        console.print("nothing to translate: every unit has a translation or a draft", markup=False)


def skipped_line(skipped: list[Skipped]) -> str:
    """One line for the posts left out on purpose (never one line per post)."""
    counts = Counter(item.reason for item in skipped)
    parts = []
    if counts["not adopted"]:
        parts.append(f"{counts['not adopted']} post(s) not adopted yet (adoption = \"partial\")")
    if counts["opted out"]:
        parts.append(f"{counts['opted out']} post(s) opted out (l10n: false)")
    return "; ".join(parts) if parts else ""


def _print_dry_run(console: Console, summary: Any) -> None:
    for post, (units, chars) in sorted(summary.per_post.items()):
        console.print(f"  would send {units:4} unit(s), {chars:6} chars: {post}", markup=False)
    target = f"to {summary.backend}" if summary.backend else _NO_BACKEND
    console.print(f"dry run: would send {summary.to_send} distinct unit(s), {summary.estimated_chars} characters "
                  f"as billed {target}; nothing was changed", markup=False)
    if summary.context_chars:
        console.print(f"context sent beside them: {summary.context_chars} characters (setting context; "
                      "not billed by DeepL, tokens for LLMs)", markup=False)
    if summary.quota:
        used, limit = summary.quota
        if limit is None:
            console.print(f"{summary.backend} usage: {used} characters this period, no limit known", markup=False)
        else:
            left = summary.quota_left
            verdict = "enough" if summary.estimated_chars <= left else \
                f"NOT enough: {summary.estimated_chars - left} characters short"
            console.print(f"{summary.backend} quota: {used} of {limit} characters used, {left} left: {verdict}",
                          markup=False)
