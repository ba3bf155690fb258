"""A source post: its text, where its frontmatter is, and how it is read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from l10n.errors import FileError, InputError

FrontmatterKind = Literal["yaml", "toml", "none"]
BOM = "\ufeff"
_LINE_END = re.compile(r"\r\n|\r|\n")
_OPENERS = {"---": "yaml", "+++": "toml"}
_CLOSERS = {"yaml": ("---", "..."), "toml": ("+++",)}


@dataclass(frozen=True)
class Post:
    """A post decoded to text; offsets everywhere are indexes into ``text`` (BOM removed)."""

    path: str  # under the source folder, '/'-separated: the post's identity
    display: str  # as shown to users, e.g. posts/ja/a.md
    text: str
    bom: bool
    frontmatter: FrontmatterKind
    fm_start: int  # frontmatter content, between the delimiter lines
    fm_end: int
    body_start: int
    fm_line: int  # 1-based line of the first frontmatter content line
    body_line: int  # 1-based line where the body starts

    @property
    def newline(self) -> str:
        """The post's first line ending, used for lines the builder adds."""
        match = _LINE_END.search(self.text)
        return match.group() if match else "\n"

    def encode(self, text: str) -> bytes:
        """Bytes of ``text`` written the way this post was (BOM kept)."""
        return ((BOM if self.bom else "") + text).encode("utf-8")


def parse(path: str, data: bytes, *, display: str | None = None) -> Post:
    """Decode a post and locate its frontmatter; raises InputError for non-UTF-8 input."""
    display = display or path
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not valid UTF-8", path=display, line=line, hint="save the post as UTF-8") from exc
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    kind, fm_start, fm_end, body_start = _locate_frontmatter(text)
    return Post(
        path=path, display=display, text=text, bom=bom, frontmatter=kind,
        fm_start=fm_start, fm_end=fm_end, body_start=body_start,
        fm_line=2 if kind != "none" else 1, body_line=line_of(text, body_start),
    )


def read(file: Path, *, path: str, display: str) -> Post:
    """Read a post file; ``path`` is its identity under the source folder, ``display`` its name for users."""
    try:
        data = file.read_bytes()
    except OSError as exc:  # the one error type for OS failures: "file: could not read: reason"
        raise FileError.of(exc, action="read", path=display) from exc
    return parse(path, data, display=display)


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` (``\\r\\n``, ``\\r`` and ``\\n`` each end a line)."""
    return len(_LINE_END.findall(text, 0, offset)) + 1


def _locate_frontmatter(text: str) -> tuple[FrontmatterKind, int, int, int]:
    first = _LINE_END.search(text)
    if first is None or text[: first.start()].rstrip() not in _OPENERS:
        return "none", 0, 0, 0
    kind: FrontmatterKind = _OPENERS[text[: first.start()].rstrip()]  # type: ignore[assignment]
    start = pos = first.end()
    while pos <= len(text):
        match = _LINE_END.search(text, pos)
        end = match.start() if match else len(text)
        if text[pos:end].rstrip() in _CLOSERS[kind]:
            return kind, start, pos, match.end() if match else len(text)
        if match is None:
            break
        pos = match.end()
    # An opener without a closer is a thematic break or a half-written header: Jekyll and
    # Hugo treat the file as having no frontmatter, so do we.
    return "none", 0, 0, 0

