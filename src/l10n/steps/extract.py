"""extract: create or update the PO files of the selected posts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.config import Config
from l10n.incremental import Index
from l10n.po.model import MergeReport
from l10n.project import Outcome, Run, Sources, run_each, update_po

if TYPE_CHECKING:  # the parser and catalog code load only when a post is processed, not on a no-change run
    from l10n.core.segment import Segmented


def extract(config: Config, requested: Iterable[Path] = (), *, now: Callable[[], datetime] | None = None,
            jobs: int = 1, incremental: bool = True, changed: Sources | None = None) -> Run:
    """Create or update the PO files of the selected posts.

    ``jobs`` processes share the posts of a cold run; with ``incremental``, a post whose
    bytes and PO files are unchanged since the last extract is not read again. ``changed``
    (``watch``): only these of the site's source posts, as a run over the whole site would
    treat them; nothing else is looked at.
    """

    def one(segmented: Segmented, lang: str) -> Outcome:
        from l10n.po import catalog

        # A compare-and-swap: a PO file someone saves while extract runs (Poedit beside
        # `l10n-blog watch`) is merged again, never overwritten.
        saved = update_po(config, lang, segmented, now=now)
        entries, report, old, written = saved.entries, saved.report, saved.old, saved.written
        action = "created" if old is None and written else ("updated" if written else "unchanged")
        detail = "" if entries or old is not None else "nothing to translate: no PO file"
        return Outcome(segmented.post.display, lang, action, detail, catalog.count(entries), report)

    from l10n.segment_cache import Segments

    index = Index.open(config, "extract", partial(sources_and_catalogs, config)) if incremental else None
    with Segments.of(config, save=True) as segments:
        return run_each(config, requested, one, jobs=jobs, index=index, sources=changed, subset=changed is not None,
                        rerun=_unchanged, segments=segments)


def sources_and_catalogs(config: Config, rel: str) -> list[Path]:
    """What extract and status read for a post: the post and its PO file in every language."""
    return [config.source_dir / rel, *(config.po_path(lang, rel) for lang in config.languages)]


def _unchanged(outcome: Outcome) -> Outcome:
    """What an extract of the same post and PO file reports: nothing to do."""
    kept = MergeReport(kept=outcome.counts.total if outcome.counts else 0)
    return replace(outcome, action="unchanged", report=kept)
