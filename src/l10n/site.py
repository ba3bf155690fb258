"""A site: the configured posts and their catalogs, processed post by post.

Each step returns per-post outcomes and the errors it met; one bad post or PO file is
reported and skipped, never allowed to stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polib

from . import catalog
from . import post as post_io
from .build import build_text
from .config import Config
from .errors import InputError, L10nError
from .files import select_posts, write_atomic
from .segment import Segmented, segment


@dataclass
class Outcome:
    """What one step did to one post in one language."""

    post: str
    lang: str
    action: str  # created, updated, unchanged, written, skipped
    detail: str = ""
    counts: catalog.Counts | None = None
    report: catalog.MergeReport | None = None


@dataclass
class Run:
    """Outcomes and errors of one command over many posts."""

    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)


def post_path(config: Config, file: Path) -> str:
    """A post's identity: its path under the source folder (``a/b.md``), whatever ``file`` is relative to."""
    resolved, source_dir = file.resolve(), config.source_dir.resolve()
    if not resolved.is_relative_to(source_dir):
        raise InputError(f"is not under the source folder {config.source}", path=str(file),
                         hint="name posts of the source folder")
    return resolved.relative_to(source_dir).as_posix()


def segment_post(config: Config, post: post_io.Post) -> Segmented:
    """Segment with the site's settings."""
    return segment(post, keys=config.keys, list_keys=config.list_keys, unit=config.unit)


def load_post(config: Config, file: Path) -> Segmented:
    """Read and segment one post of the source folder."""
    rel = post_path(config, file)
    source = config.source_dir / rel
    return segment_post(config, post_io.read(source, path=rel, display=display(config, source)))


def load_posts(config: Config, requested: Iterable[Path] = ()) -> Iterator[tuple[Path, Segmented | L10nError]]:
    """Each selected post, segmented, or the error that stopped it."""
    for file in select_posts(config.source_dir, requested):
        try:
            yield file, load_post(config, file)
        except L10nError as exc:
            yield file, exc


def po_path(config: Config, lang: str, segmented: Segmented) -> Path:
    return config.po_path(lang, segmented.post.path)


def display(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def merged(config: Config, lang: str, segmented: Segmented
           ) -> tuple[list[polib.POEntry], catalog.MergeReport, polib.POFile | None]:
    """The catalog the post needs now (not written): template merged into the existing PO file."""
    path = po_path(config, lang, segmented)
    old = catalog.read_po(path, display=display(config, path))
    entries, report = catalog.merge(catalog.template(segmented), old, threshold=config.fuzzy_threshold)
    return entries, report, old


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


def build(config: Config, requested: Iterable[Path] = (), *, threshold: float | None = None) -> Run:
    """Write the localized posts whose reviewed share reaches the threshold."""
    run = Run()
    limit = config.threshold if threshold is None else threshold
    for _file, item in load_posts(config, requested):
        if isinstance(item, L10nError):
            run.errors.append(item)
            continue
        for lang in config.languages:
            try:
                run.outcomes.append(_build_one(config, lang, item, limit))
            except L10nError as exc:
                run.errors.append(exc)
    return run


def _build_one(config: Config, lang: str, segmented: Segmented, limit: float) -> Outcome:
    post = segmented.post
    path = po_path(config, lang, segmented)
    old = catalog.read_po(path, display=display(config, path))
    if old is None:
        return Outcome(post.display, lang, "skipped", "no PO file yet: run `l10n extract`")
    template = catalog.template(segmented)
    translations = catalog.reviewed_for(template, old)
    if template and len(translations) < limit * len(template):
        counts = catalog.count(catalog.merge(template, old, threshold=config.fuzzy_threshold)[0])
        detail = (f"{counts.share:.0%} reviewed, needs {limit:.0%}: {counts.needs_review} to review, "
                  f"{counts.untranslated} untranslated")
        return Outcome(post.display, lang, "skipped", detail, counts)
    text = build_text(segmented, translations, extra=config.extra_keys_for(lang))
    target = config.output_dir(lang) / post.path
    written = write_atomic(target, post.encode(text))
    return Outcome(post.display, lang, "written" if written else "unchanged", display(config, target))


def expected_output(config: Config, lang: str, segmented: Segmented, entries: list[polib.POEntry]) -> str:
    """The text ``build`` writes for a post given its (merged) catalog entries."""
    return build_text(segmented, catalog.reviewed_translations(entries), extra=config.extra_keys_for(lang))


def status(config: Config, requested: Iterable[Path] = ()) -> Run:
    """Per post and language: units by state, as the next ``extract`` would leave them."""
    run = Run()
    for _file, item in load_posts(config, requested):
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
