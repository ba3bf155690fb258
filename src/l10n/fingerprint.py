"""Digests of inputs, for caches that may save time but never change an answer.

Every cache of the tool (the check cache, the incremental index of extract/build/status)
keys its entries by these digests, so a changed byte anywhere (a post, a PO file, the config,
the tool's own code) is a miss.
"""

from __future__ import annotations

import importlib.util
import os
import time
from functools import cache
from pathlib import Path

from l10n import __version__

try:  # hashlib.blake2b is this very type; importing hashlib also loads OpenSSL's binding (2 ms of every command)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own BLAKE2
    from hashlib import blake2b

_PACKAGE = Path(__file__).resolve().parent
# Libraries whose version can change a result (parsing posts and frontmatter, locales).
_SHAPING = ("markdown_it", "mdit_py_plugins", "yaml", "babel")


def file_digest(data: bytes | None) -> str:
    """A digest of a file's bytes; a missing file has its own digest, distinct from an empty one."""
    return "-" if data is None else blake2b(data, digest_size=20).hexdigest()


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
    of the package counts (see :func:`tree_digest`). Libraries are named by their files, not
    imported: a warm check on an unchanged site must not load them.
    """
    parts = [__version__]
    for name in _SHAPING:
        spec = importlib.util.find_spec(name)
        parts.append(file_identity(spec.origin if spec else None))
    return combine(*parts, tree_digest(str(_PACKAGE), time.time_ns()))


# A file whose times are older than this when its status is taken is named by its status: any
# later write gets a later change time (set by the kernel, never set back by a program). Generous
# for file systems with whole-second or two-second times (see l10n.incremental).
SETTLED_NS = 3_000_000_000


def tree_digest(folder: str, now: int) -> str:
    """The ``.py`` files below ``folder``: each by its path and status (device, inode, size,
    modification and change times) once settled before ``now`` (a time taken before any status),
    else by its bytes. Statuses cost a tenth of reading and hashing the package (every run of
    every command asks for this)."""
    parts = []
    for rel, name in _python_files(folder, ""):
        status = os.stat(name)
        if max(status.st_mtime_ns, status.st_ctime_ns) < now - SETTLED_NS:
            parts.append(f"{rel} {status.st_dev} {status.st_ino} {status.st_size} {status.st_mtime_ns} "
                         f"{status.st_ctime_ns}")
        else:
            with open(name, "rb") as file:
                parts.append(f"{rel} {file_digest(file.read())}")
    return combine(*parts)


def _python_files(folder: str, prefix: str) -> list[tuple[str, str]]:
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                found += _python_files(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".py"):
                found.append((prefix + entry.name, entry.path))
    return found


def combine(*parts: str) -> str:
    """One digest of several digests or strings, in order."""
    return blake2b("\n".join(parts).encode("utf-8"), digest_size=20).hexdigest()
