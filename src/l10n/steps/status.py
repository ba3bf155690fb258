"""status: units per post and language by state, as the next extract would leave them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from l10n.config import Config
from l10n.errors import L10nError
from l10n.po import catalog
from l10n.project import Outcome, Run, load_posts, merged


def status(config: Config, requested: Iterable[Path] = ()) -> Run:
    """Per post and language: units by state, as the next ``extract`` would leave them."""
    run = Run()
    for _file, item in load_posts(config, requested, skipped=run.skipped):
        if isinstance(item, L10nError):
            run.errors.append(item)
            continue
        for lang in config.languages:
            try:
                entries, report, old = merged(config, lang, item)
            except L10nError as exc:
                run.errors.append(exc)
                continue
            detail = "no PO file yet" if old is None else ("PO file out of date" if report.changed else "")
            run.outcomes.append(Outcome(item.post.display, lang, "status", detail, catalog.count(entries), report))
    return run
