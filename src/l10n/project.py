"""A site: the configured posts and their catalogs, processed post by post.

Each step returns per-post outcomes and the errors it met; one bad post or PO file is
reported and skipped, never allowed to stop the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from l10n.config import Config
from l10n.core import post as post_io
from l10n.core.segment import Segmented, segment
from l10n.errors import InputError, L10nError
from l10n.files import select_posts
from l10n.po import catalog


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
           ) -> tuple[list[catalog.Entry], catalog.MergeReport, catalog.Catalog | None]:
    """The catalog the post needs now (not written): template merged into the existing PO file."""
    path = po_path(config, lang, segmented)
    old = catalog.read_po(path, display=display(config, path))
    entries, report = catalog.merge(catalog.template(segmented), old, threshold=config.fuzzy_threshold)
    return entries, report, old
