"""The incremental index: a step's outcome per post, under a digest of every input it read.

``extract``, ``build`` and ``status`` skip a post whose post bytes, PO bytes (every language),
built files (``build``), config, options and tool code all have the digest recorded after
the last run; anything else is a miss and the post is processed as if there were no index.
So the index can make a run fast but never change its result; a missing or damaged index is
an empty one. It is written only when something changed, so a no-change run writes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n import files, fingerprint
from l10n.config import Config
from l10n.errors import FileError, L10nError
from l10n.files import write_atomic

logger = logging.getLogger(__name__)

FOLDER = ".l10n/cache"
FORMAT = 1


@dataclass
class Index:
    """Records of one step: ``post path → (key, value)``; ``files(rel)`` are the post's inputs."""

    path: Path
    environment: str
    files: Callable[[str], Sequence[Path]]
    records: dict[str, list[Any]] = field(default_factory=dict)
    dirty: bool = False
    everything: Callable[[], str] = lambda: ""  # the digest a "*" dependency stands for
    _everything: str | None = None

    @classmethod
    def open(cls, config: Config, step: str, files: Callable[[str], Sequence[Path]], *options: str,
             everything: Callable[[], str] = lambda: "") -> Index:
        """The step's index; ``everything`` gives the digest a ``*`` dependency stands for."""
        environment = fingerprint.combine(str(FORMAT), step, fingerprint.code_digest(), repr(config), *options)
        index = cls(config.root / FOLDER / f"{step}.json", environment, files, everything=everything)
        try:
            stored = json.loads(index.path.read_bytes())
            if stored.get("environment") == environment:
                index.records = stored["posts"]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.info("ignoring the incremental index %s: %s", index.path, exc)
        return index

    def key(self, rel: str, *, named: bool, depends: Sequence[str] = ()) -> str:
        """The digest of the post's inputs, and of the posts it ``depends`` on, as they are on disk now."""
        digests = [_digest(p) for p in self.files(rel)]
        for other in depends:
            digests += [self._all()] if other == "*" else [other, *(_digest(p) for p in self.files(other))]
        return fingerprint.combine(rel, "named" if named else "all", *digests)

    def _all(self) -> str:
        if self._everything is None:
            self._everything = self.everything()
        return self._everything

    def lookup(self, rel: str, *, named: bool) -> Any | None:
        """The recorded value of the post, if none of its inputs changed since."""
        record = self.records.get(rel)
        if not record or len(record) != 3:
            return None
        key, value, depends = record
        return value if key == self.key(rel, named=named, depends=depends) else None

    def store(self, rel: str, value: Any, *, named: bool, depends: Sequence[str] = ()) -> None:
        """Record ``value`` under the post's inputs as they are now (after the step wrote its files)."""
        record = [self.key(rel, named=named, depends=depends), value, sorted(depends)]
        if self.records.get(rel) != record:
            self.records[rel] = record
            self.dirty = True

    def keep_only(self, rels: set[str]) -> None:
        """Forget posts that are gone (called after a run over the whole site)."""
        for rel in set(self.records) - rels:
            del self.records[rel]
            self.dirty = True

    def save(self) -> None:
        """Write the index if anything changed; a failure only costs speed next time."""
        if not self.dirty:
            return
        data = json.dumps({"format": FORMAT, "environment": self.environment, "posts": self.records},
                          ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        try:
            write_atomic(self.path, data.encode("utf-8"), display=str(self.path))
        except L10nError as exc:
            logger.warning("could not save the incremental index: %s", exc)
        self.dirty = False


def _digest(path: Path) -> str:
    """A file's digest; something unreadable gets a digest no record has, so the post is processed
    (and the step reports why it cannot read it)."""
    try:
        return fingerprint.file_digest(files.read_bytes(path))
    except FileError as exc:
        return f"unreadable {exc} {id(path)}"
