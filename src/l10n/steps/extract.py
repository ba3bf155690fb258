"""extract: create or update the PO files of the selected posts."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.po import catalog
from l10n.project import Outcome, Run, display, merged, po_path, run_each


def extract(config: Config, requested: Iterable[Path] = (), *, now: Callable[[], datetime] | None = None) -> Run:
    """Create or update the PO files of the selected posts."""

    def one(segmented: Segmented, lang: str) -> Outcome:
        entries, report, old = merged(config, lang, segmented)
        path = po_path(config, lang, segmented)
        written = catalog.save(path, entries, lang=lang, post_display=segmented.post.display, old=old, now=now,
                               display=display(config, path))
        action = "created" if old is None and written else ("updated" if written else "unchanged")
        detail = "" if entries or old is not None else "nothing to translate: no PO file"
        return Outcome(segmented.post.display, lang, action, detail, catalog.count(entries), report)

    return run_each(config, requested, one)
