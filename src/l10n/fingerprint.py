"""Digests of inputs, for caches that may save time but never change an answer.

Every cache of the tool (the check cache, the incremental index of extract/build/status)
keys its entries by these digests, so a changed byte anywhere (a post, a PO file, the config,
the tool's own code) is a miss.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import cache
from pathlib import Path

from l10n import __version__

_PACKAGE = Path(__file__).resolve().parent
# Libraries whose version can change a result (parsing posts and frontmatter, locales).
_SHAPING = ("markdown_it", "mdit_py_plugins", "yaml", "babel")


def file_digest(data: bytes | None) -> str:
    """A digest of a file's bytes; a missing file has its own digest, distinct from an empty one."""
    return "-" if data is None else hashlib.blake2b(data, digest_size=20).hexdigest()


def file_identity(path: str | None) -> str:
    """A file named by its path, size and modification time (cheaper than reading it)."""
    if path is None:
        return "none"
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path} unreadable"
    return f"{path} {stat.st_size} {stat.st_mtime_ns}"


@cache
def code_digest() -> str:
    """The package's own source and the libraries that shape results.

    An editable install changes behaviour without changing ``__version__``, so every module
    of the package is hashed (about 2 ms). Libraries are named by their files, not imported:
    a warm check on an unchanged site must not load them.
    """
    parts = [__version__]
    for name in _SHAPING:
        spec = importlib.util.find_spec(name)
        parts.append(file_identity(spec.origin if spec else None))
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20)
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def combine(*parts: str) -> str:
    """One digest of several digests or strings, in order."""
    return hashlib.blake2b("\n".join(parts).encode("utf-8"), digest_size=20).hexdigest()
