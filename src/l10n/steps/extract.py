"""extract: create or update the PO files of the selected posts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from l10n.config import Config
from l10n.errors import L10nError
from l10n.po import catalog
from l10n.project import Outcome, Run, load_posts, merged, po_path


def extract(config: Config, requested: Iterable[Path] = (), *, now: Callable[[], datetime] | None = None) -> Run:
    """Create or update the PO files of the selected posts."""
    run = Run()
    for _file, item in load_posts(config, requested):
        if isinstance(item, L10nError):
            run.errors.append(item)
            continue
        for lang in config.languages:
            try:
                entries, report, old = merged(config, lang, item)
                path = po_path(config, lang, item)
                written = catalog.save(path, entries, lang=lang, post_display=item.post.display, old=old, now=now)
            except L10nError as exc:
                run.errors.append(exc)
                continue
            action = "created" if old is None else ("updated" if written else "unchanged")
            run.outcomes.append(Outcome(item.post.display, lang, action, counts=catalog.count(entries), report=report))
    return run
