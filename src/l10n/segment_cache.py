"""Segmentations saved by extract and reused by build: a post's blocks under a digest of its inputs.

The usual flow is extract, translate, build: a build then segments every post extract has
just segmented (two thirds of its CPU time). Extract saves each post's blocks in the SQLite
file ``.l10n/cache/segments.sqlite`` under a key, the digest of the post's text, the config
and the tool's code (:func:`l10n.fingerprint.code_digest`); extract and build use a saved
row only when its key is the one of the post as it is now, so the cache can never give a
stale answer. A missing, damaged or foreign row or file is a miss: the post is segmented as
if there were no cache. A build never writes here: a cold build costs what it costs without it.

One SQLite file, not a file per post: creating 1,000 small files cost extract about 0.5 ms
of system time each (15 % of a cold extract); a row costs 20 µs. A row holds the blocks,
with only the offsets of units (their text is the block's content between them) and a
block's content only where it is not its source lines joined by ``\\n``; the digest of the
body's block structure (build's structure guard then parses only the built body); the post's
``l10n: true/false`` flag (a build of a post from the cache then loads no YAML parser); and a
digest of those bytes (a damaged page that still loads is a miss too). The blocks are
``marshal``'s bytes of tuples (a quarter of JSON's time each way): the format is Python's
own, so the Python version is part of every key.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from l10n import fingerprint
from l10n.config import Config
from l10n.core import post as post_io
from l10n.logs import logger

if TYPE_CHECKING:  # the parser and SQLite load where a post is read, not on a no-change run
    import sqlite3

    from l10n.core.segment import Segmented


FILE = ".l10n/cache/segments.sqlite"
FORMAT = 5
_SCHEMA = "CREATE TABLE IF NOT EXISTS segments (post TEXT PRIMARY KEY, key TEXT NOT NULL, body TEXT NOT NULL)"


class Segments:
    """The saved segmentations of a site; ``save``: write what was segmented afresh (extract).

    Use it as a context manager: the connection is closed at the end. A forked worker opens
    its own connection (SQLite connections must not cross a fork).
    """

    def __init__(self, path: Path, environment: str, *, save: bool, opt_key: str = "l10n") -> None:
        self.path, self.environment, self.save, self.opt_key = path, environment, save, opt_key
        self._db: sqlite3.Connection | None = None
        self._pid = -1

    @classmethod
    def of(cls, config: Config, *, save: bool) -> Segments:
        # marshal's format may change with the Python version: another version's rows are other keys
        environment = fingerprint.combine(str(FORMAT), sys.version, str(marshal.version), fingerprint.code_digest(),
                                          repr(config))
        return cls(config.root / FILE, environment, save=save, opt_key=config.opt_key)

    def __enter__(self) -> Segments:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        """Close the connection; after forked workers wrote (they exit without closing theirs), fold
        their write-ahead log into the file, so the cache is one file again."""
        import sqlite3

        db = self._db if self._pid == os.getpid() else None
        self._db, self._pid = None, -1
        try:
            wal = os.stat(f"{self.path}-wal").st_size if self.save else 0
        except OSError:
            wal = 0
        try:
            if wal and db is None:
                db = _connect(self.path, create=False)
            if wal and db is not None:
                # Without syncing, as the rows were written: with it, the 4 MB a cold extract of
                # 1,000 posts leaves took the parent 20-25 ms of waiting for the disk at the end.
                db.execute("PRAGMA synchronous=OFF")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            logger(__name__).info("segment cache %s not checkpointed: %s", self.path, exc)
        finally:
            if db is not None:
                db.close()

    def load(self, post: post_io.Post, segment: Callable[[post_io.Post], Segmented]) -> Segmented:
        """``segment(post)``, from the post's saved row when that was made from the same text."""
        import sqlite3

        db = self._connection()
        if db is None:  # no cache (a truly cold build): no key to work out either
            return segment(post)
        key = fingerprint.combine(self.environment, "bom" if post.bom else "", post.text)
        found = _read(db, key, post)
        if found is not None:
            return found
        segmented = segment(post)
        if self.save:
            segmented = replace(segmented, flag=_flag(post, self.opt_key))
            try:
                body = _dumps(segmented)
                db.execute("INSERT OR REPLACE INTO segments VALUES (?, ?, ?)",
                           (post.path, key, fingerprint.file_digest(body).encode("ascii") + b"\t" + body))
            except (sqlite3.Error, ValueError) as exc:  # a cache that cannot be written is only a slower next build
                logger(__name__).info("segment cache %s not written: %s", self.path, exc)
        return segmented

    def _connection(self) -> sqlite3.Connection | None:
        if self._pid != os.getpid():
            self._db, self._pid = _connect(self.path, create=self.save), os.getpid()
        return self._db


def _connect(path: Path, *, create: bool) -> sqlite3.Connection | None:
    """The cache's connection; None when there is none to read (or it cannot be made)."""
    import sqlite3

    if not create and not path.is_file():
        return None
    for attempt in (1, 2):
        db = None
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None, timeout=10)
            if create:  # WAL: two workers of one extract write rows side by side
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")  # a cache: a row lost to a power cut is a miss
                db.execute(_SCHEMA)
            db.execute("SELECT post, key, body FROM segments LIMIT 0")
            return db
        except (sqlite3.Error, OSError) as exc:
            if db is not None:
                db.close()
            logger(__name__).info("ignoring the segment cache %s: %s", path, exc)
            if not (create and attempt == 1 and isinstance(exc, sqlite3.DatabaseError)):
                return None
            path.unlink(missing_ok=True)  # not a database (damaged): start a new one
    return None


def _read(db: sqlite3.Connection, key: str, post: post_io.Post) -> Segmented | None:
    import sqlite3

    try:
        row = db.execute("SELECT key, body FROM segments WHERE post = ?", (post.path,)).fetchone()
    except sqlite3.Error as exc:
        logger(__name__).info("segment cache not read: %s", exc)
        return None
    if row is None or row[0] != key or not isinstance(row[1], bytes):
        return None
    digest, _, body = row[1].partition(b"\t")
    if digest != fingerprint.file_digest(body).encode("ascii"):
        return None
    try:
        return _loads(body, post)
    except (ValueError, TypeError, KeyError, IndexError, EOFError) as exc:
        logger(__name__).info("ignoring the saved segmentation of %s: %s", post.display, exc)
        return None


def _flag(post: post_io.Post, key: str) -> tuple[bool | None] | None:
    """(The post's ``key: true/false`` flag,) as :func:`l10n.project.left_out` reads it; None when
    reading it fails (left_out then reads it again and reports what it reports)."""
    from l10n.core import frontmatter  # loaded already: the post was just segmented

    try:
        return (frontmatter.flag(post, key),)
    except Exception:  # noqa: BLE001 - whatever it is, the run reports it where it always did
        return None


def _dumps(segmented: Segmented) -> bytes:
    text, blocks = segmented.post.text, []
    for b in segmented.blocks:
        pieces, content, value = b.pieces, b.content, b.value
        if len(pieces) == 1:
            joined = text[pieces[0][0]:pieces[0][1]]
        else:
            joined = "\n".join([text[s:e] for s, e in pieces])
        blocks.append((
            b.kind, b.line, pieces, None if content == joined else content, [_unit(u) for u in b.units],
            None if value is None else (value.key, value.index, value.text, value.start, value.end, value.style,
                                        value.line),
        ))
    from l10n.core import blockstart

    structure = blockstart.digest(blockstart.structure(text[segmented.post.body_start:]))  # the segmenter's parse
    return marshal.dumps((tuple(segmented.keep_html), blocks, structure, segmented.flag))


_unit = attrgetter("start", "end", "line", "index")



def _loads(body: bytes, post: post_io.Post) -> Segmented:
    from l10n.core.segmented import Block, Segmented, Unit, Value

    keep_html, saved, structure, flag = marshal.loads(body)
    text, blocks = post.text, []
    for kind, line, pieces, content, units, value in saved:
        spans = tuple((s, e) for s, e in pieces)
        if content is None:
            content = "\n".join(text[s:e] for s, e in spans)
        made = tuple(Unit(content[s:e], s, e, n, i) for s, e, n, i in units)
        blocks.append(Block(kind, line, spans, content, made, None if value is None else Value(*value)))
    if not isinstance(structure, str):
        raise TypeError("the structure digest is not a string")
    if flag is not None and (not isinstance(flag, tuple) or len(flag) != 1 or not isinstance(flag[0], bool | None)):
        raise TypeError("the flag is not (True/False/None,) or None")
    return Segmented(post, tuple(blocks), tuple(keep_html), structure, flag)
