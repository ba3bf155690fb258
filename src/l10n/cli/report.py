"""Rendering of command results for people and scripts (JSON). Used by the CLI only.

The status table is plain text (a no-change ``l10n-blog status`` loads no rich); the translate
summary prints through a rich console.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TYPE_CHECKING, Any

from l10n.po.model import Counts
from l10n.project import Run, Skipped

if TYPE_CHECKING:
    from rich.console import Console

    from l10n.core.coverage import Figure


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


def _coverage(figure: Figure | None) -> dict[str, Any]:
    if figure is None:
        return {}
    return {"japanese_offered": figure.offered, "japanese_missed": figure.missed,
            "percent_offered": round(100 * figure.share, 2), **({"missed_line": figure.line} if figure.line else {})}


def coverage_total(run: Run) -> tuple[Figure, int]:
    """The site's coverage (each post once, whatever its languages) and the number of posts that miss some."""
    from l10n.core.coverage import Figure

    figures = {o.post: o.coverage for o in run.outcomes if o.coverage}
    missing = sum(1 for f in figures.values() if f.missed)
    return Figure(sum(f.offered for f in figures.values()), sum(f.missed for f in figures.values())), missing


def coverage_lines(run: Run) -> list[str]:
    """What the tool never offers for translation: the site's share, then post:line per post that misses some."""
    total, posts = coverage_total(run)
    if not total.missed:
        return ["coverage: every Japanese sentence outside code, URLs and comments is offered for translation"]
    figures = sorted({(o.post, o.coverage) for o in run.outcomes if o.coverage and o.coverage.missed})
    return [f"coverage: {100 * total.share:.2f} % of the Japanese text is offered for translation; "
            f"{total.missed} character(s) in {posts} post(s) are not (`l10n-blog check` lists every line):",
            *(f"  {post}:{f.line}: {f.missed} Japanese character(s) no unit offers" for post, f in figures)]


def status_json(run: Run, *, needs_review: bool = False, sort: str = "post") -> dict[str, Any]:
    posts = [{"post": post, "lang": lang, "note": note, **_row(counts), **_coverage(figure)}
             for post, lang, counts, note, figure in status_rows(run, needs_review=needs_review, sort=sort)]
    errors = [{"error": str(e), "hint": e.hint} for e in run.errors]
    total, missing = coverage_total(run)
    return {"posts": posts, "total": {**_row(_total(run)), **_coverage(total), "posts_missing_japanese": missing},
            "errors": errors}


SORTS = {
    "post": lambda row: (row[0], row[1]),
    "progress": lambda row: (row[2].share, row[0], row[1]),  # least reviewed first
    "review": lambda row: (-row[2].needs_review, row[0], row[1]),  # most waiting for a reviewer first
    "size": lambda row: (-row[2].total, row[0], row[1]),
}


Row = tuple[str, str, Counts, str, "Figure | None"]


def status_rows(run: Run, *, needs_review: bool = False, sort: str = "post") -> list[Row]:
    """The table's rows: posts (only those with drafts or stale units when ``needs_review``), sorted."""
    rows = [(o.post, o.lang, o.counts, o.detail, o.coverage) for o in run.outcomes if o.counts]
    if needs_review:
        rows = [row for row in rows if row[2].needs_review]
    return sorted(rows, key=SORTS[sort])


def status_table(run: Run, *, width: int, needs_review: bool = False, sort: str = "post") -> list[str]:
    """The lines of the table, one per post and language, for a terminal ``width`` cells wide.

    The progress bar shrinks, and columns merge, on a narrow terminal. Laid out here rather than
    by a rich Table: measuring and rendering 1,000 rows of cells took most of a no-change
    ``l10n status``.
    """
    narrow = width < 100
    header = ["post", "lang", "units", "reviewed", *(["review"] if narrow else ["draft", "stale"]),
              "untransl." if narrow else "untranslated", ""]
    rows = status_rows(run, needs_review=needs_review, sort=sort)
    rows.append(("total", "", _total(run), "", None))
    cells = [header]
    for post, lang, c, note, _figure in rows:
        if c.judge_approved:
            note = ", ".join(filter(None, (note, f"{c.judge_approved} approved by the judge, not by a person")))
        waiting = [str(c.needs_review)] if narrow else [str(c.draft), str(c.stale)]
        bar = f"{100 * c.share:3.0f}%" if narrow else f"{_bar(c.share)} {100 * c.share:5.1f}%"
        cells.append([post, lang, str(c.total), str(c.reviewed), *waiting, str(c.untranslated),
                      bar + (f"  ({note})" if note else "")])
    sizes = [_cell_len(row[0]) for row in cells]  # paths may hold wide (CJK) characters; the rest is ASCII
    widths = [max(sizes), *(max(map(len, column)) for column in list(zip(*cells))[1:])]
    rest = sum(widths[1:]) + 2 * (len(header) - 1)
    widths[0] = max(8, min(widths[0], width - rest))  # the post column folds to fit
    room = width - sum(widths[:-1]) - 2 * (len(header) - 1)
    # lang left-aligned, the numbers right-aligned, two spaces between columns (one format for 1,000 rows)
    middle = "  ".join([f"{{:<{widths[1]}}}", *(f"{{:>{size}}}" for size in widths[2:-1])]).format
    lines = []
    for row, size in zip(cells, sizes):
        parts = [row[0]] if size <= widths[0] else _fold(row[0], widths[0])
        last = row[-1] if len(row[-1]) <= room else _fold(row[-1], max(1, room - 1))[0] + "…"
        for n, part in enumerate(parts):
            first = part + " " * (widths[0] - (size if n == 0 and len(parts) == 1 else _cell_len(part)))
            lines.append(f"{first}  {middle(*row[1:-1])}  {last}".rstrip() if n == 0 else first.rstrip())
    if any(o.coverage for o in run.outcomes):  # the English posts will show this Japanese
        for line in coverage_lines(run):
            lines += textwrap.wrap(line, width, break_on_hyphens=False) if narrow else [line]
    return lines


def _cell_len(text: str) -> int:
    """Terminal cells ``text`` takes (wide CJK characters take two): rich's measure, loaded for non-ASCII only."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def _fold(text: str, width: int) -> list[str]:
    """``text`` cut into pieces of at most ``width`` terminal cells."""
    if text.isascii():  # one cell a character
        return [text[start:start + width] for start in range(0, len(text), width)] or [""]
    pieces, piece, used = [], "", 0
    for char in text:
        size = _cell_len(char)
        if used + size > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + char, used + size
    return [*pieces, piece]


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
    if summary.redraft_chars:
        console.print(f"minimal redrafts add: {summary.redraft_chars} characters (old Japanese, previous "
                      "translation and the instruction)", markup=False)
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
