"""The ``l10n-blog check`` cache: each post's verdict on the incremental index (:mod:`l10n.incremental`).

A post's issues, problems and warnings alike, are recorded under a digest of everything the
verdict was made of: the post's bytes, its PO and localized files in every language, the
posts and files its links were resolved against (``SiteLinks.consulted``; ``*`` for the
site's post list and URL table), the config, the check settings, the glossaries, the code of
this package and of the libraries that shape the result, and the msgfmt binary and the
locale its messages are in. A later run answers a post from its record only when every one
of these is unchanged, so the answer is the one a fresh check would give.

A record is kept only when no input changed while the post was checked (``Index.store``'s
``since``), and never for a post whose files could not be read. Each record carries a digest
of its issues: a record edited by hand (problems deleted, say) is checked again, not trusted.
Deleting or damaging the file only makes the next check slower. A file forged by someone who
recomputes these digests could still hide a problem: restore only caches written by your own
CI (docs/ci.md).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from l10n import files
from l10n.config import Config
from l10n.errors import FileError
from l10n.fingerprint import combine, file_digest, file_identity
from l10n.incremental import Index
from l10n.steps.check.issue import Issue

STEP = "check"  # the index file is .l10n/cache/check.json
# msgfmt's messages are in the language these name (the check prints them).
_LOCALE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def read_bytes(path: Path) -> bytes | None:
    """The bytes a digest is made of; None when missing or unreadable (the check itself then
    reads the file again and reports why, so an unreadable file never passes)."""
    try:
        return files.read_bytes(path)
    except FileError:
        return None


def open_index(config: Config, sources: list[str], *, require: str, limit: float, msgfmt: str | None,
               glossaries: Iterable[bytes | None]) -> Index:
    """The check's index; every input besides a post's own files and dependencies is in its environment."""
    from l10n.steps.sitelinks import frontmatter_part, inputs

    folder = str(config.source_dir)
    options = [require, repr(limit), file_identity(msgfmt), *(f"{k}={os.environ.get(k, '')}" for k in _LOCALE),
               *(file_digest(data) for data in glossaries)]
    return Index.open(config, STEP, partial(inputs, config), *options,
                      everything_files=lambda: [os.path.join(folder, rel) for rel in sources],
                      everything_part=partial(frontmatter_part, config))


def to_record(rel: str, issues: list[Issue]) -> list[Any]:
    """What the index keeps for a post: its issues and their digest."""
    rows = [[i.kind, i.path, i.line, i.message, i.fix, i.severity] for i in issues]
    return [rows, _sum(rel, rows)]


def from_record(rel: str, value: Any) -> list[Issue] | None:
    """The issues of a record; None (check the post again) for a damaged or edited one."""
    try:
        rows, digest = value
        if digest != _sum(rel, rows):
            return None
        return [Issue(kind, path, line, message, fix, severity) for kind, path, line, message, fix, severity in rows]
    except (TypeError, ValueError):
        return None


def _sum(rel: str, rows: list[Any]) -> str:
    return combine(STEP, rel, json.dumps(rows, ensure_ascii=False, sort_keys=True))
