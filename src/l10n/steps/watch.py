"""watch: keep the PO files and the built posts up to date while posts and PO files are edited.

A fresh ``extract`` + ``build`` pays Python's start-up and the imports (about 0.1 s) before
it looks at one file; a resident process pays them once. Each round is the incremental
``extract`` then ``build`` over the site, in this process: the index skips every post whose
inputs did not change, so a round costs the changed posts plus the index's status checks, and
a post that links to a changed one is rebuilt as ``build`` decides (its recorded dependencies).

Changes come from the operating system (``watchfiles``: Rust ``notify``, inotify on Linux) for
the source and PO folders; the config and glossary files are checked by their status at every
wake-up and at least every ``poll`` seconds (a watch on one file is lost when an editor saves
it by renaming a new file over it, and watching the site's root would watch ``node_modules``,
``_site`` and ``public`` too).
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from l10n import config as config_io
from l10n import project
from l10n.config import Config
from l10n.core import layout
from l10n.errors import L10nError
from l10n.files import POST_SUFFIXES
from l10n.project import Run, post_path
from l10n.steps.build import build
from l10n.steps.extract import extract


@dataclass
class Round:
    """One round: the files that started it (none for the first) and what extract and build did."""

    changed: list[str]
    extract: Run | None = None
    build: Run | None = None
    error: L10nError | None = None  # the config cannot be used: nothing ran
    seconds: float = 0.0
    reloaded: bool = False  # the config or a glossary changed and was read again


@dataclass
class Site:
    """The site as last read: its config (None while it is broken) and the files that matter."""

    root: Path
    jobs: int = 1
    config: Config | None = None
    error: L10nError | None = None
    # The last config that loaded: what to watch while the current one is broken (never used to
    # process a post: a round with a broken config does nothing).
    watching: Config | None = None
    polled: dict[Path, tuple[int, ...] | None] = field(default_factory=dict)  # config, glossaries -> status
    outputs: re.Pattern[str] | None = None  # every path a built post of ``watching`` can have
    ours: dict[Path, tuple[int, ...] | None] = field(default_factory=dict)  # PO files written, as written
    sources: project.Sources | None = None  # the site's posts, walked again when one is added or removed
    _known: set[str] = field(default_factory=set)
    _po_posts: dict[str, str] = field(default_factory=dict)  # PO file -> its post

    def __post_init__(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the config again; a broken one is kept as ``error`` and nothing of the old one is used."""
        self.sources = None
        try:
            self.config, self.error = config_io.load(self.root), None
        except L10nError as exc:
            self.config, self.error = None, exc
        if self.config is not None:
            self.watching = self.config
            self.outputs = layout.matcher(layout.parse(self.config.output, allowed=None, where="output"),
                                          self.config.languages, POST_SUFFIXES)
        self.polled = {path: _status(path) for path in self._polled_files()}

    def _polled_files(self) -> list[Path]:
        files = [self.root / name for name in config_io.CONFIG_FILES]
        config = self.watching
        if config is None:
            return files
        for lang in config.languages:
            try:
                files.append(config.glossary_path(lang))
            except L10nError:
                pass
        return files

    def config_changes(self) -> list[Path]:
        """The config and glossary files whose status changed since they were last read."""
        return [path for path, known in self.polled.items() if _status(path) != known]

    def folders(self) -> list[Path]:
        """The folders to watch: the source folder and each language's PO folder (those that exist)."""
        config = self.watching
        if config is None:
            return []
        found = sorted({config.source_dir, *(config.po_folder(lang) for lang in config.languages)})
        return [f for f in found if f.is_dir() and not any(o != f and o in f.parents for o in found)]

    def relevant(self, path: Path) -> bool:
        """A post or PO file (not a built post, a hidden or backup file: editors' and our temporary files)."""
        if self.outputs is None:
            return False
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return False
        if any(part.startswith(".") for part in rel.split("/")) or rel.endswith("~"):
            return False
        if rel.endswith(".po"):
            return True
        return rel.endswith(POST_SUFFIXES) and not self.outputs.match(rel)

    def round(self, changed: Sequence[Path], *, reloaded: bool = False) -> Round:
        """Extract, then build, what ``changed`` touched (the whole site, incrementally, for the
        first round and after the config changed).

        A changed post is extracted and built, with the posts whose links depend on it; a
        changed PO file only rebuilds its post: a PO file a person just saved is built from,
        never rewritten (extract merges it the next time its post changes).
        """
        start = time.perf_counter()
        names = [self.name(path) for path in changed]
        if self.config is None:
            return Round(names, error=self.error, reloaded=reloaded)
        config = self.config
        extracted: Run | None = None
        built: Run | None = None
        try:
            whole = reloaded or not changed or self.sources is None
            posts = [path for path in changed if path.suffix != ".po"]
            if whole or any(path.exists() != (self._rel(path) in self._known) for path in posts):
                self._walk(config)  # the first round, a new config, a post added or removed
            assert self.sources is not None
            if whole:
                extracted = extract(config, jobs=self.jobs)
                built = build(config, jobs=self.jobs, sources=self.sources)
            else:
                edited = {self._rel(path) for path in posts}
                touched = edited | {self._po_posts.get(str(path), "") for path in changed if path.suffix == ".po"}
                some = replace(self.sources, rels=[rel for rel in self.sources.rels if rel in edited])
                extracted = extract(config, jobs=self.jobs, changed=some) if some.rels else None
                built = build(config, jobs=self.jobs, changed=touched - {""}, sources=self.sources)
        except L10nError as exc:  # the run as a whole cannot start (no source folder, outputs on sources)
            self.sources = None
            return Round(names, extracted, built, error=exc, seconds=time.perf_counter() - start, reloaded=reloaded)
        # The PO files this round wrote: their own notifications (which may come after a later
        # round's) are not a change to act on, as long as the file is as written.
        for o in extracted.outcomes if extracted else ():
            if o.action in ("created", "updated"):
                path = config.po_path(o.lang, post_path(config, config.root / o.post))
                self.ours[path] = _status(path)
        return Round(names, extracted, built, seconds=time.perf_counter() - start, reloaded=reloaded)

    def _walk(self, config: Config) -> None:
        self.sources = project.sources(config)
        self._known = set(self.sources.rels)
        self._po_posts = {str(config.po_path(lang, rel)): rel for rel in self.sources.rels for lang in config.languages}

    def _rel(self, path: Path) -> str:
        """A post's path under the source folder ("" for a file outside it)."""
        assert self.config is not None
        try:
            return path.relative_to(self.config.source_dir).as_posix()
        except ValueError:
            return ""

    def others(self, paths: Iterable[Path]) -> list[Path]:
        """``paths`` without the files this process wrote and nobody changed since."""
        found = []
        for path in paths:
            if path not in self.ours or _status(path) != self.ours.pop(path):
                found.append(path)
        return found

    def name(self, path: Path) -> str:
        """A path as the output shows it: relative to the site."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def rounds(site: Site, *, debounce_ms: int = 50, poll_ms: int = 300) -> Iterator[Round]:
    """The first round, then one round per burst of changes, until interrupted (KeyboardInterrupt).

    ``debounce_ms``: the quiet time that ends a burst (an editor's save is a temporary file, a
    write and a rename within a few milliseconds). The watcher is running before a round over
    the whole site starts (the first one, and after the watched folders changed), so a change
    saved during that round, or before it, is never missed.
    """
    from watchfiles import watch

    whole = True
    while True:
        folders = site.folders()
        batches: Iterator[set[tuple[Any, str]]]
        if folders:
            batches = iter(watch(*folders, watch_filter=lambda _change, path: site.relevant(Path(path)),
                                 step=debounce_ms, rust_timeout=poll_ms, yield_on_timeout=True, raise_interrupt=True))
        else:  # no folder to watch yet (a broken config, no source folder): only the config can fix it
            batches = _ticks(poll_ms)
        early = next(batches)  # returns once the watcher runs (its first changes, or nothing after poll_ms)
        if whole:
            yield site.round([])
            whole = False
            _preload()
        for batch in itertools.chain([early], batches):
            changed = site.others(sorted({Path(path) for _change, path in batch}))
            config_changed = site.config_changes()
            if config_changed:
                site.reload()
            if changed or config_changed:
                yield site.round([*config_changed, *changed], reloaded=bool(config_changed))
            if site.folders() != folders:
                whole = True  # a folder appeared (the first PO file) or the config moved one: watch again
                break


def _preload() -> None:
    """Import what processing a post needs now, not on the first edit (a round with nothing to
    do loads none of it): the first saved change then takes as long as the next ones."""
    from l10n.core import segment  # noqa: F401
    from l10n.po import catalog  # noqa: F401
    from l10n.steps import localize  # noqa: F401


def _ticks(poll_ms: int) -> Iterator[set[tuple[Any, str]]]:
    while True:
        time.sleep(poll_ms / 1000)
        yield set()


def _status(path: Path) -> tuple[int, ...] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
