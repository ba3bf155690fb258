"""status: units per post and language by state, as the next extract would leave them, and coverage."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from l10n.config import Config
from l10n.core import coverage
from l10n.incremental import Index
from l10n.project import Outcome, Run, merged, run_each
from l10n.steps.extract import sources_and_catalogs

if TYPE_CHECKING:  # loaded only when a post is processed (see steps/extract.py)
    from l10n.core.segment import Segmented


def status(config: Config, requested: Iterable[Path] = (), *, jobs: int = 1, incremental: bool = True) -> Run:
    """Per post and language: units by state, as the next ``extract`` would leave them."""

    figures: dict[str, coverage.Figure] = {}  # one per post, whatever the number of languages

    def one(segmented: Segmented, lang: str) -> Outcome:
        from l10n.po import catalog

        entries, report, old = merged(config, lang, segmented)
        missing = "no PO file yet" if entries else "nothing to translate"
        detail = missing if old is None else ("PO file out of date" if report.changed else "")
        post = segmented.post.display
        figure = figures.get(post) or figures.setdefault(post, coverage.figure(segmented))
        return Outcome(post, lang, "status", detail, catalog.count(entries), report, coverage=figure)

    from l10n.segment_cache import Segments

    index = Index.open(config, "status", partial(sources_and_catalogs, config)) if incremental else None
    with Segments.of(config, save=False) as segments:  # extract's segmentations, when the posts are unchanged
        return run_each(config, requested, one, jobs=jobs, index=index, segments=segments)
