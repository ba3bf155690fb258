"""`l10n-blog status`: filters, order and a table that fits the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.cli import report
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
    lines = status_table(a_run(), width=60)
    assert all(len(line) <= 60 for line in lines), lines
    assert "review" in lines[0] and "draft" not in lines[0]
    header = status_table(a_run(), width=160)[0]
    assert "draft" in header and "stale" in header


MISSING = "本文です。\n\n{% hatebu https://example.com/ \"ブックマークの題\" %}\n"


def test_status_shows_japanese_no_unit_offers_per_post_and_for_the_site(site):
    from l10n.cli.report import coverage_lines
    from l10n.config import load
    from l10n.steps.status import status

    root = site({"a.md": "本文です。\n", "b.md": MISSING})
    run = status(load(root))
    figures = {o.post: o.coverage for o in run.outcomes}
    assert figures["posts/ja/a.md"].missed == 0 and figures["posts/ja/a.md"].offered == 4
    assert (figures["posts/ja/b.md"].missed, figures["posts/ja/b.md"].line) == (8, 3)
    assert coverage_lines(run) == [
        "coverage: 50.00 % of the Japanese text is offered for translation; "
        "8 character(s) in 1 post(s) are not (`l10n-blog check` lists every line):",
        "  posts/ja/b.md:3: 8 Japanese character(s) no unit offers"]
    shown = "\n".join(status_table(run, width=60))
    assert "posts/ja/b.md:3: 8 Japanese" in shown and all(len(line) <= 60 for line in shown.splitlines())


def test_status_coverage_comes_from_the_incremental_index_when_nothing_changed(site, monkeypatch):
    from l10n.config import load
    from l10n.core import coverage
    from l10n.steps.status import status

    root = site({"b.md": MISSING})
    first = status(load(root)).outcomes
    monkeypatch.setattr(coverage, "figure", lambda segmented: pytest.fail("a cached post was classified again"))
    again = status(load(root)).outcomes
    assert [o.coverage for o in again] == [o.coverage for o in first] and first[0].coverage.missed == 8


def test_each_post_counts_once_in_the_site_coverage_whatever_its_languages():
    from l10n.cli.report import coverage_total
    from l10n.core.coverage import Figure

    run = Run()
    figure = Figure(offered=90, missed=10, line=3)
    run.outcomes = [Outcome("posts/ja/a.md", lang, "status", counts=Counts(untranslated=1), coverage=figure)
                    for lang in ("en", "de")]
    total, posts = coverage_total(run)
    assert (total.offered, total.missed, posts) == (90, 10, 1)


def test_a_long_note_is_cut_to_the_terminal_width():
    run = a_run()
    run.outcomes[0].detail = "PO file out of date"
    lines = status_table(run, width=60)
    assert all(len(line) <= 60 for line in lines), lines
    assert any(line.endswith("…") for line in lines)


def test_a_path_of_wide_characters_is_folded_by_terminal_cells():
    from rich.cells import cell_len

    run = a_run()
    run.outcomes[0].post = "posts/ja/" + "日本語の記事の名前" * 4 + ".md"
    lines = status_table(run, width=60)
    assert all(cell_len(line) <= 60 for line in lines), lines
    assert sum("日本語" in line for line in lines) >= 2  # folded over several lines


def _table_as_it_was(run: Run, *, width: int) -> list[str]:
    """status_table as written before its one-format rows and ASCII folding (the reference; no coverage)."""
    narrow = width < 100
    header = ["post", "lang", "units", "reviewed", *(["review"] if narrow else ["draft", "stale"]),
              "untransl." if narrow else "untranslated", ""]
    rows = status_rows(run)
    rows.append(("total", "", report._total(run), "", None))
    cells = [header]
    for post, lang, c, note, _figure in rows:
        if c.judge_approved:
            note = ", ".join(filter(None, (note, f"{c.judge_approved} approved by the judge, not by a person")))
        waiting = [str(c.needs_review)] if narrow else [str(c.draft), str(c.stale)]
        bar = f"{100 * c.share:3.0f}%" if narrow else f"{report._bar(c.share)} {100 * c.share:5.1f}%"
        cells.append([post, lang, str(c.total), str(c.reviewed), *waiting, str(c.untranslated),
                      bar + (f"  ({note})" if note else "")])
    sizes = [report._cell_len(row[0]) for row in cells]
    widths = [max(sizes), *(max(len(row[i]) for row in cells) for i in range(1, len(header)))]
    rest = sum(widths[1:]) + 2 * (len(header) - 1)
    widths[0] = max(8, min(widths[0], width - rest))
    lines = []
    for row, size in zip(cells, sizes):
        parts = [row[0]] if size <= widths[0] else _fold_as_it_was(row[0], widths[0])
        for n, part in enumerate(parts):
            columns = [part + " " * (widths[0] - (size if n == 0 and len(parts) == 1 else report._cell_len(part)))]
            if n == 0:
                columns += [row[1].ljust(widths[1])]
                columns += [cell.rjust(w) for cell, w in zip(row[2:-1], widths[2:-1])]
                room = width - sum(widths[:-1]) - 2 * (len(header) - 1)
                columns += [row[-1] if len(row[-1]) <= room else _fold_as_it_was(row[-1], max(1, room - 1))[0] + "…"]
            lines.append("  ".join(columns).rstrip())
    return lines


def _fold_as_it_was(text: str, width: int) -> list[str]:
    pieces, piece, used = [], "", 0
    for char in text:
        size = report._cell_len(char)
        if used + size > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + char, used + size
    return [*pieces, piece]


_NAMES = st.text(st.sampled_from("ab/-.記事x"), min_size=1, max_size=90).map(lambda name: f"posts/ja/{name}.md")
_COUNTS = st.builds(Counts, *(st.integers(0, 20_000) for _ in range(4)), judge_approved=st.integers(0, 3))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_NAMES, st.sampled_from(["en", "zh_Hans"]), _COUNTS,
                          st.sampled_from(["", "PO file out of date", "no PO file yet"])), max_size=6),
       st.integers(1, 220))
def test_the_table_is_the_one_laid_out_cell_by_cell(rows, width):
    run = Run()
    run.outcomes = [Outcome(post, lang, "status", detail, counts) for post, lang, counts, detail in rows]
    assert status_table(run, width=width) == _table_as_it_was(run, width=width)
    for text in ("", "abc", "記事の名前", "a記事b" * 9):
        for size in (1, 2, 3, 8):
            assert report._fold(text, size) == _fold_as_it_was(text, size)
