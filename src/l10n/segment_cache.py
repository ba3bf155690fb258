"""Segmentations saved by extract and reused by build: a post's blocks under a digest of its inputs.

The usual flow is extract, translate, build: a build then segments every post extract has
just segmented (two thirds of its CPU time). Extract saves each post's blocks in
``.l10n/cache/segments/<post path>.json`` under a key, the digest of the post's text, the config
and the tool's code (:func:`l10n.fingerprint.code_digest`); extract and build use a saved
file only when its key is the one of the post as it is now, so the cache can never give a
stale answer. A missing, damaged or foreign file is a miss: the post is segmented as if
there were no cache. A build never writes here: a cold build costs what it costs without it.

The file is one line ``key<TAB>digest of the body``, then the body: JSON of the blocks, with
only the offsets of units (their text is the block's content between them) and a block's
content only where it is not its source lines joined by ``\\n``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from l10n import fingerprint
from l10n.config import Config
from l10n.core import post as post_io
from l10n.errors import FileError
from l10n.files import write_atomic

if TYPE_CHECKING:  # the parser loads where a post is read, not on a no-change run
    from l10n.core.segment import Segmented

logger = logging.getLogger(__name__)

FOLDER = ".l10n/cache/segments"
FORMAT = 1


@dataclass(frozen=True)
class Segments:
    """The saved segmentations of a site; ``save``: write what was segmented afresh (extract)."""

    root: Path
    environment: str
    save: bool

    @classmethod
    def of(cls, config: Config, *, save: bool) -> Segments:
        environment = fingerprint.combine(str(FORMAT), fingerprint.code_digest(), repr(config))
        return cls(config.root / FOLDER, environment, save)

    def load(self, post: post_io.Post, segment: Callable[[post_io.Post], Segmented]) -> Segmented:
        """``segment(post)``, from the post's saved file when that was made from the same text."""
        key = fingerprint.combine(self.environment, "bom" if post.bom else "", post.text)
        path = self.root / f"{post.path}.json"
        found = _read(path, key, post)
        if found is not None:
            return found
        segmented = segment(post)
        if self.save:
            body = _dumps(segmented)
            try:
                write_atomic(path, f"{key}\t{fingerprint.combine(body)}\n{body}".encode())
            except FileError as exc:  # a cache that cannot be written is only a slower next build
                logger.info("segment cache not written: %s", exc)
        return segmented


def _read(path: Path, key: str, post: post_io.Post) -> Segmented | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, body = text.partition("\n")
    if head != f"{key}\t{fingerprint.combine(body)}":
        return None
    try:
        return _loads(body, post)
    except (ValueError, TypeError, KeyError, IndexError) as exc:  # a file of another format version
        logger.info("ignoring the segment cache %s: %s", path, exc)
        return None


def _dumps(segmented: Segmented) -> str:
    text, blocks = segmented.post.text, []
    for b in segmented.blocks:
        joined = "\n".join(text[s:e] for s, e in b.pieces)
        value = b.value
        blocks.append([
            b.kind, b.line, [list(p) for p in b.pieces], None if b.content == joined else b.content,
            [[u.start, u.end, u.line, u.index] for u in b.units],
            None if value is None else [value.key, value.index, value.text, value.start, value.end, value.style,
                                        value.line],
        ])
    return json.dumps({"keep_html": list(segmented.keep_html), "blocks": blocks}, ensure_ascii=False,
                      separators=(",", ":"))


def _loads(body: str, post: post_io.Post) -> Segmented:
    from l10n.core.frontmatter import Value
    from l10n.core.segment import Block, Segmented, Unit

    data: dict[str, Any] = json.loads(body)
    text, blocks = post.text, []
    for kind, line, pieces, content, units, value in data["blocks"]:
        spans = tuple((s, e) for s, e in pieces)
        if content is None:
            content = "\n".join(text[s:e] for s, e in spans)
        made = tuple(Unit(content[s:e], s, e, n, i) for s, e, n, i in units)
        blocks.append(Block(kind, line, spans, content, made, None if value is None else Value(*value)))
    return Segmented(post, tuple(blocks), tuple(data["keep_html"]))
