"""What the segmenter gives: a post's blocks and their translation units, with exact source spans.

Apart from :mod:`l10n.core.segment` so that code which only reads a segmentation (the catalog,
the builder, the segment cache) loads neither markdown-it nor the inline scanner nor YAML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from l10n.core.post import Post
from l10n.core.visible import KEEP_CLASSES

BlockKind = Literal[
    "frontmatter", "heading", "paragraph", "list_item", "blockquote", "table_cell", "footnote", "message", "alt",
    "html", "attribute", "fence", "reference",
]
Splitter = Callable[[str], Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class Value:
    """A top-level string value (or one item of a list value) and the source span of its scalar.

    Made by :mod:`l10n.core.frontmatter` (which exports it too).
    """

    key: str
    index: int | None
    text: str
    start: int
    end: int
    style: str
    line: int


@dataclass(frozen=True)
class Unit:
    """One translatable text: ``text`` == ``block.content[start:end]`` (the msgid)."""

    text: str
    start: int
    end: int
    line: int
    index: int  # 1-based position in its block


@dataclass(frozen=True)
class Block:
    """A run of source text that is rebuilt as a whole from its units' translations."""

    kind: BlockKind
    line: int
    pieces: tuple[tuple[int, int], ...]  # source spans of the content lines, in post.text
    content: str
    units: tuple[Unit, ...]
    value: Value | None = None

    @property
    def context(self) -> str | None:
        """msgctxt: frontmatter values stay apart from body text with the same words."""
        return self.value.key if self.value else None


@dataclass(frozen=True)
class Segmented:
    post: Post
    blocks: tuple[Block, ...]
    keep_html: tuple[str, ...] = KEEP_CLASSES  # the classes segment() kept: coverage keeps them too
    # blockstart.digest of the body's structure, when known (the segment cache saves it): not part of the result
    structure: str | None = field(default=None, compare=False)
    # (the post's `l10n: true/false` flag,) when known (the segment cache saves it; None: not known): read
    # from there, a post loaded from the cache needs no YAML parser
    flag: tuple[bool | None] | None = field(default=None, compare=False)
