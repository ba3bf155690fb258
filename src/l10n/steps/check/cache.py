"""The ``l10n check`` cache: per-post results keyed by a digest of every input they depend on,
and ``msgfmt -c`` results keyed by the PO file's bytes (so warm runs spawn no process).

A slot holds the issues of one post and the digest of what produced them: the post's bytes,
its PO and localized files in every language, the config, the glossaries, the code of this
package and the msgfmt binary. A slot is used only when the digest is equal, so the cache can
make a check fast but never change its answer; a missing or damaged cache file is an empty
cache. Writes are atomic, so two checks running at once lose at worst some work.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown_it
import yaml

from l10n import __version__
from l10n.config import Config
from l10n.files import write_atomic

logger = logging.getLogger(__name__)

CACHE_FILE = ".l10n/cache/check.json"
# Bump when the stored format changes; older files are then ignored, never misread.
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent


def file_digest(data: bytes | None) -> str:
    """sha256 of a file's bytes; a missing file has its own digest, distinct from an empty one."""
    return "-" if data is None else hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def code_digest() -> str:
    """The package's own source and the libraries that shape results: an editable install
    changes behaviour without changing ``__version__``, so the version alone is not enough."""
    versions = (__version__, markdown_it.__version__, yaml.__version__)
    digest = hashlib.sha256(" ".join(versions).encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def tool_digest(executable: str | None) -> str:
    """Identity of an external tool (msgfmt): its path, size and modification time."""
    if executable is None:
        return "none"
    try:
        stat = os.stat(executable)
    except OSError:
        return f"{executable} unreadable"
    return f"{executable} {stat.st_size} {stat.st_mtime_ns}"


def environment_digest(config: Config, *, settings: Mapping[str, Any], glossaries: Iterable[bytes | None],
                       msgfmt: str | None) -> str:
    """Everything a post's result depends on besides the post's own files."""
    parts = [code_digest(), repr(config), json.dumps(dict(settings), sort_keys=True), tool_digest(msgfmt)]
    parts += [file_digest(data) for data in glossaries]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def post_digest(environment: str, files: Iterable[bytes | None]) -> str:
    """The digest a post's slot must carry: environment + the post, its PO and output files."""
    digest = hashlib.sha256(environment.encode())
    for data in files:
        digest.update(file_digest(data).encode() + b"\n")
    return digest.hexdigest()


@dataclass
class CheckCache:
    """Slots by post (its display path) and msgfmt results by PO digest; JSON values only."""

    path: Path | None
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    tools: dict[str, list[Any]] = field(default_factory=dict)
    dirty: bool = False
    used_tools: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None) -> CheckCache:
        """The cache at ``path`` (``None``: a cache that is never read nor written)."""
        if path is None:
            return cls(None)
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") == FORMAT:
                return cls(path, dict(data["slots"]), dict(data["tools"]))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            logger.info("ignoring the check cache %s (%s)", path, exc)
        return cls(path)

    def get(self, slot: str, digest: str) -> list[Any] | None:
        found = self.slots.get(slot)
        if found is None or found.get("digest") != digest:
            return None
        return list(found["issues"])

    def put(self, slot: str, digest: str, issues: list[Any]) -> None:
        self.slots[slot] = {"digest": digest, "issues": issues}
        self.dirty = True

    def tool_result(self, key: str) -> list[Any] | None:
        self.used_tools.add(key)
        return self.tools.get(key)

    def put_tool_result(self, key: str, result: list[Any]) -> None:
        self.used_tools.add(key)
        self.tools[key] = result
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        """Forget slots of posts that no longer exist (after a whole-site run)."""
        gone = [slot for slot in self.slots if slot not in keep]
        for slot in gone:
            del self.slots[slot]
        # msgfmt results outlive slots (a post can change while its PO file does not), but
        # not forever: past twice the number of posts, keep only those this run used.
        if len(self.tools) > 2 * max(len(self.slots), 1):
            self.tools = {key: value for key, value in self.tools.items() if key in self.used_tools}
            gone.append("tools")
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        data = {"format": FORMAT, "slots": self.slots, "tools": self.tools}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError as exc:  # a read-only checkout still gets a correct, only slower, check
            logger.warning("cannot write the check cache %s (%s)", self.path, exc)
        self.dirty = False


# --- msgfmt, run once per PO file content ------------------------------------------------

_MSGFMT_LINE = re.compile(r"^(.+?):(\d+): (.*)$")


def msgfmt_result(cache: CheckCache, msgfmt: str, root: Path, po_path: Path, po_display: str) -> list[list[Any]]:
    """``msgfmt -c`` complaints about a PO file, from the cache when its bytes were checked before."""
    digest = file_digest(read_bytes(po_path))
    key = f"{digest} {po_display} {tool_digest(msgfmt)}"
    result = cache.tool_result(key)
    if result is None:
        result = run_msgfmt(msgfmt, root, po_display)
        if file_digest(read_bytes(po_path)) == digest:
            cache.put_tool_result(key, result)
    return result


def run_msgfmt(msgfmt: str, root: Path, po_display: str) -> list[list[Any]]:
    """``msgfmt -c`` on one file: [line, severity, text] for each complaint."""
    done = subprocess.run([msgfmt, "-c", "-o", os.devnull, po_display], cwd=root, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", check=False)
    found: list[list[Any]] = []
    for raw in done.stderr.splitlines():
        match = _MSGFMT_LINE.match(raw)
        if match and match.group(1) == po_display:
            text = match.group(3)
            severity = "warning" if text.startswith("warning: ") else "error"
            found.append([int(match.group(2)), severity, text.removeprefix("warning: ")])
    if done.returncode != 0 and not any(item[1] == "error" for item in found):
        found.append([None, "error", done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "rejected"])
    return found
