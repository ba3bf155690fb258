"""The ``l10n-blog check`` cache: the posts that passed, each under a digest of every input.

A post is stored only when its check found no error (its warnings are kept with it, to be
shown again), under the digest of what produced that verdict: the post's bytes, its PO and localized files in every
language, the config, the check settings, the glossaries, the code of this package and of the
libraries that shape the result, and the msgfmt binary. A later run skips a post only when
the digest is equal. The cache holds no error, so losing, clearing or editing its entries
can make a check slower or drop a warning, but never make a failing post pass. (A file
forged to list the digest of a failing post would pass it: restore only caches written by
your own CI, see docs/ci.md.) Writes are atomic, so two checks running at once lose at worst some work.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n import files
from l10n.config import Config
from l10n.errors import FileError
from l10n.fingerprint import code_digest, combine, file_digest, file_identity

logger = logging.getLogger(__name__)

CACHE_FILE = ".l10n/cache/check.json"
# Bump when the stored format changes; older files are then ignored, never misread.
FORMAT = 4  # 3: file digests from l10n.fingerprint; 4: combined by it too


def read_bytes(path: Path) -> bytes | None:
    """The bytes a digest is made of; None when missing or unreadable (the check itself then
    reads the file again and reports why, so an unreadable file never passes)."""
    try:
        return files.read_bytes(path)
    except FileError:
        return None


def environment_digest(config: Config, *, settings: Mapping[str, Any], glossaries: Iterable[bytes | None],
                       msgfmt: str | None) -> str:
    """Everything a post's verdict depends on besides the post's own files."""
    parts = [code_digest(), repr(config), json.dumps(dict(settings), sort_keys=True), file_identity(msgfmt)]
    parts += [file_digest(data) for data in glossaries]
    return combine(*parts)


def post_digest(environment: str, files: Iterable[bytes | None]) -> str:
    """The digest a passing post is stored under: environment + the post, its PO and output files."""
    return combine(environment, *(file_digest(data) for data in files))


@dataclass
class CheckCache:
    """Posts (by display path) whose last check found no error: their digest and warnings."""

    path: Path | None
    passed: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def load(cls, path: Path | None) -> CheckCache:
        """The cache at ``path`` (``None``: a cache that is never read nor written)."""
        if path is None:
            return cls(None)
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") == FORMAT:
                return cls(path, {str(k): {"digest": str(v["digest"]), "warnings": list(v["warnings"])}
                                  for k, v in data["passed"].items()})
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.info("ignoring the check cache %s (%s)", path, exc)
        return cls(path)

    def warnings(self, post: str, digest: str) -> list[dict[str, Any]] | None:
        """The warnings of a post that passed with exactly these inputs; None when it must be checked."""
        found = self.passed.get(post)
        return list(found["warnings"]) if found is not None and found["digest"] == digest else None

    def record(self, post: str, digest: str, *, passed: bool, warnings: list[dict[str, Any]]) -> None:
        """Remember a pass; forget an earlier one when the post fails now."""
        if passed:
            entry = {"digest": digest, "warnings": warnings}
            if self.passed.get(post) != entry:
                self.passed[post] = entry
                self.dirty = True
        elif self.passed.pop(post, None) is not None:
            self.dirty = True

    def prune(self, keep: set[str]) -> None:
        """Forget posts that no longer exist (after a whole-site run)."""
        gone = [post for post in self.passed if post not in keep]
        for post in gone:
            del self.passed[post]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        data = json.dumps({"format": FORMAT, "passed": self.passed}, ensure_ascii=False, separators=(",", ":"))
        try:
            files.write_atomic(self.path, data.encode("utf-8"))
        except FileError as exc:  # a read-only checkout still gets a correct, only slower, check
            logger.warning("cannot write the check cache %s (%s)", self.path, exc)
        self.dirty = False
