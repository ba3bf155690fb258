"""`l10n-blog status`: filters, order and a table that fits the terminal."""

from __future__ import annotations

from rich.console import Console

from l10n.cli.report import status_rows, status_table
from l10n.po.catalog import Counts
from l10n.project import Outcome, Run


def a_run() -> Run:
    run = Run()
    run.outcomes = [
        Outcome("posts/ja/done.md", "en", "status", counts=Counts(reviewed=10)),
        Outcome("posts/ja/drafted.md", "en", "status", counts=Counts(reviewed=2, draft=5, untranslated=3)),
        Outcome("posts/ja/a-very-long-folder-name/with-a-long-post-name-too.md", "en", "status",
                counts=Counts(reviewed=1, stale=1)),
    ]
    return run


def test_needs_review_keeps_only_posts_with_drafts_or_stale_units():
    assert [r[0] for r in status_rows(a_run(), needs_review=True)] == [
        "posts/ja/a-very-long-folder-name/with-a-long-post-name-too.md", "posts/ja/drafted.md"]


def test_sorting_by_progress_and_by_work_waiting():
    assert [r[0] for r in status_rows(a_run(), sort="progress")][0] == "posts/ja/drafted.md"
    assert [r[0] for r in status_rows(a_run(), sort="review")][:2] == [
        "posts/ja/drafted.md", "posts/ja/a-very-long-folder-name/with-a-long-post-name-too.md"]


def test_a_narrow_terminal_gets_a_compact_table_that_fits():
    console = Console(width=60, record=True, force_terminal=False)
    status_table(console, a_run())
    lines = console.export_text().splitlines()
    assert all(len(line) <= 60 for line in lines), lines
    assert "review" in lines[0] and "draft" not in lines[0]
    wide = Console(width=160, record=True, force_terminal=False)
    status_table(wide, a_run())
    header = wide.export_text().splitlines()[0]
    assert "draft" in header and "stale" in header
