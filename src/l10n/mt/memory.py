"""Translation memory: every machine draft and reviewed translation, kept in one sqlite3 file.

Entries are keyed by the normalized source and the language pair, so a paragraph that was
re-wrapped or re-indented still finds its earlier translation.  One row per key: a reviewed
translation beats a machine draft, and among equals the newer one wins.

Every paid reply is kept, also a draft whose markup did not survive the round trip: its
``problems`` are stored with it, so reusing it (after ``locales/`` was deleted, say) costs
nothing and still shows the draft as broken. Such drafts are never offered as close
matches.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from l10n.core.text import normalize as normalize_source
from l10n.errors import InputError
from l10n.mt.closematch import CloseIndex

__all__ = [
    "SCHEMA_VERSION", "Match", "Memory", "MemoryEntry", "MemoryStats", "PairStats", "normalize_source", "rebuild",
]

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: the problems column
REBUILD_HINT = "delete it and run `l10n-blog memory rebuild`"
# SQLite allows 32766 bound parameters since 3.32; 500 keeps each statement small and
# still turns 50,000 lookups into 100 queries.
_CHUNK = 500

_SCHEMA = """
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    key TEXT NOT NULL,
    length INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    reviewed INTEGER NOT NULL,
    time REAL NOT NULL,
    problems TEXT NOT NULL DEFAULT '',
    UNIQUE (source_lang, target_lang, key)
);
CREATE INDEX entry_length ON entry (source_lang, target_lang, length, key);
"""

# The WHERE clause is the whole precedence rule: (reviewed, time) compared as a row value,
# so reviewed beats machine whatever the times, and a newer entry beats an older equal.
_UPSERT = """
INSERT INTO entry (source_lang, target_lang, key, length, source, target, origin, reviewed, time, problems)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (source_lang, target_lang, key) DO UPDATE SET
    source = excluded.source, target = excluded.target, origin = excluded.origin,
    reviewed = excluded.reviewed, time = excluded.time, problems = excluded.problems
WHERE (excluded.reviewed, excluded.time) >= (entry.reviewed, entry.time)
"""

_Row = tuple[str, str, str, int, str, str, str, int, float, str]
_T = TypeVar("_T")


@dataclass(frozen=True)
class MemoryEntry:
    """One translation to remember; ``time`` is a Unix timestamp supplied by the caller."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str
    reviewed: bool
    time: float
    problems: tuple[str, ...] = ()  # what is wrong with a machine draft's markup


@dataclass(frozen=True)
class Match:
    """A remembered translation found for a source; ``score`` is 1.0 for exact matches."""

    source: str
    target: str
    score: float
    origin: str
    reviewed: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairStats:
    source_lang: str
    target_lang: str
    reviewed: int
    machine: int

    @property
    def total(self) -> int:
        return self.reviewed + self.machine


@dataclass(frozen=True)
class MemoryStats:
    pairs: tuple[PairStats, ...]

    @property
    def reviewed(self) -> int:
        return sum(pair.reviewed for pair in self.pairs)

    @property
    def machine(self) -> int:
        return sum(pair.machine for pair in self.pairs)

    @property
    def total(self) -> int:
        return self.reviewed + self.machine


def _input_error(path: Path, action: str, exc: sqlite3.Error) -> InputError:
    reason = str(exc)
    if "locked" in reason or "busy" in reason:
        hint = "another l10n process is writing the memory; try again when it has finished"
    else:
        hint = REBUILD_HINT
    return InputError(f"cannot {action} the translation memory ({reason})", path=str(path), hint=hint)


@contextmanager
def _sqlite_errors(path: Path, action: str) -> Iterator[None]:
    """The one place where sqlite3 exceptions become l10n errors."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _input_error(path, action, exc) from exc


def _row(entry: MemoryEntry) -> _Row | None:
    key = normalize_source(entry.source)
    # An empty target is "untranslated" in PO terms, and an empty key would match every
    # blank segment: neither is a translation worth remembering.
    if not key or not entry.target:
        return None
    return (
        entry.source_lang,
        entry.target_lang,
        key,
        len(key),
        entry.source,
        entry.target,
        entry.origin,
        int(entry.reviewed),
        float(entry.time),
        "\n".join(entry.problems),
    )


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class _Keys:
    """One pair's keys sorted by length, with their close-match index, kept in memory.

    Reading the length window from SQLite cost more than comparing it (about 0.7 µs a row
    against 0.3 µs for rapidfuzz); the index then leaves only a few keys to compare.
    """

    ids: list[int]
    index: CloseIndex

    @classmethod
    def from_rows(cls, rows: list[tuple[int, str]]) -> _Keys:
        return cls(ids=[row[0] for row in rows], index=CloseIndex([row[1] for row in rows]))


class Memory:
    """An open translation memory; use ``Memory.open(path)`` as a context manager."""

    def __init__(self, connection: sqlite3.Connection, *, path: Path) -> None:
        self._connection = connection
        self.path = path
        self._key_cache: dict[tuple[str, str], _Keys] = {}
        self._data_version: int | None = None

    @classmethod
    def open(cls, path: str | PathLike[str]) -> Memory:
        """Open or create the memory at ``path``, creating its parent directories."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the directory ({exc.strerror})", path=str(path.parent)) from exc
        with _sqlite_errors(path, "open"):
            # isolation_level=None: transactions are begun explicitly, so a batch is exactly
            # one commit; the timeout lets a writer wait for another writer instead of failing.
            connection = sqlite3.connect(path, isolation_level=None, timeout=10.0)
        memory = cls(connection, path=path)
        try:
            memory._prepare()
        except BaseException:
            connection.close()
            raise
        return memory

    def _prepare(self) -> None:
        with _sqlite_errors(self.path, "open"):
            # WAL lets readers go on while one process writes; NORMAL sync is still atomic
            # in WAL mode and only risks the last commit on power loss.
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
        with self._transaction("open"):
            version = self._connection.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                self._create_schema()
            elif version == 1:
                self._connection.execute("ALTER TABLE entry ADD COLUMN problems TEXT NOT NULL DEFAULT ''")
                self._connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise InputError(
                    f"translation memory has schema version {version}, this l10n reads {SCHEMA_VERSION}",
                    path=str(self.path),
                    hint=REBUILD_HINT,
                )

    def _create_schema(self) -> None:
        tables = self._connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            # Some other program's database: refuse rather than add tables to it.
            raise InputError(
                "is an SQLite database but not an l10n translation memory", path=str(self.path), hint=REBUILD_HINT
            )
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._connection.execute(statement)
        self._connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        logger.debug("created translation memory %s", self.path)

    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        with _sqlite_errors(self.path, action):
            # IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout
            # instead of one failing with SQLITE_BUSY half way through.
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def remember_many(self, entries: Iterable[MemoryEntry]) -> int:
        """Store ``entries`` in one transaction; returns how many rows were added or replaced."""
        rows = [row for row in map(_row, entries) if row is not None]
        self._key_cache.clear()
        with self._transaction("write"):
            cursor = self._connection.executemany(_UPSERT, rows)
        return max(cursor.rowcount, 0)

    def replace_all(self, entries: Iterable[MemoryEntry]) -> int:
        """Forget everything and store ``entries``, atomically; returns the number of rows."""
        rows = [row for row in map(_row, entries) if row is not None]
        self._key_cache.clear()
        with self._transaction("rebuild"):
            self._connection.execute("DELETE FROM entry")
            self._connection.executemany(_UPSERT, rows)
            count: int = self._connection.execute("SELECT count(*) FROM entry").fetchone()[0]
        return count

    def lookup_exact(self, sources: Sequence[str], *, source_lang: str, target_lang: str) -> dict[str, Match]:
        """Exact (normalized) matches, keyed by the given source strings; misses are absent."""
        wanted: dict[str, list[str]] = {}
        for source in sources:
            wanted.setdefault(normalize_source(source), []).append(source)
        found: dict[str, Match] = {}
        keys = list(wanted)
        with _sqlite_errors(self.path, "read"):
            for chunk in _chunks(keys):
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    "SELECT key, source, target, origin, reviewed, problems FROM entry"
                    f" WHERE source_lang = ? AND target_lang = ? AND key IN ({marks})",
                    (source_lang, target_lang, *chunk),
                )
                for key, source, target, origin, reviewed, problems in rows:
                    match = Match(source=source, target=target, score=1.0, origin=origin, reviewed=bool(reviewed),
                                  problems=tuple(problems.splitlines()))
                    found.update(dict.fromkeys(wanted[key], match))
        return found

    def lookup_fuzzy(
        self, source: str, *, source_lang: str, target_lang: str, threshold: float = 0.75, limit: int = 1
    ) -> list[Match]:
        """Up to ``limit`` matches with similarity >= ``threshold``, best first (reviewed first on ties).

        Similarity is rapidfuzz's normalized Indel similarity (``fuzz.ratio`` / 100) of the
        normalized sources.  The candidates come from a per-pair close-match index
        (``l10n.mt.closematch``) that returns the same hits as scoring every key.
        """
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        key = normalize_source(source)
        if not key or limit < 1:
            return []
        cache = self._keys(source_lang, target_lang)
        hits = cache.index.search(key, threshold, limit)
        return self._matches({cache.ids[position]: score for position, score in hits})[:limit]

    def _keys(self, source_lang: str, target_lang: str) -> _Keys:
        with _sqlite_errors(self.path, "read"):
            # data_version changes when another connection commits, so a cache built before
            # another process remembered new entries is never used.
            version = self._connection.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._key_cache.clear()
                self._data_version = version
            cached = self._key_cache.get((source_lang, target_lang))
            if cached is None:
                rows = self._connection.execute(
                    "SELECT id, key FROM entry WHERE source_lang = ? AND target_lang = ? AND problems = ''"
                    " ORDER BY length, id",
                    (source_lang, target_lang),
                ).fetchall()
                cached = self._key_cache[(source_lang, target_lang)] = _Keys.from_rows(rows)
        return cached

    def _matches(self, scores: dict[int, float]) -> list[Match]:
        matches: list[tuple[Match, float]] = []
        with _sqlite_errors(self.path, "read"):
            for chunk in _chunks(list(scores)):
                marks = ",".join("?" * len(chunk))
                rows = self._connection.execute(
                    f"SELECT id, source, target, origin, reviewed, time FROM entry WHERE id IN ({marks})", chunk
                )
                for row_id, source, target, origin, reviewed, time in rows:
                    score = scores[row_id]
                    match = Match(source=source, target=target, score=score, origin=origin, reviewed=bool(reviewed))
                    matches.append((match, time))
        matches.sort(key=lambda pair: (pair[0].score, pair[0].reviewed, pair[1]), reverse=True)
        return [match for match, _ in matches]

    def stats(self) -> MemoryStats:
        with _sqlite_errors(self.path, "read"):
            rows = self._connection.execute(
                "SELECT source_lang, target_lang, sum(reviewed), sum(1 - reviewed) FROM entry"
                " GROUP BY source_lang, target_lang ORDER BY source_lang, target_lang"
            ).fetchall()
        pairs = tuple(PairStats(source_lang=s, target_lang=t, reviewed=r, machine=m) for s, t, r, m in rows)
        return MemoryStats(pairs=pairs)


def rebuild(entries: Iterable[MemoryEntry], *, path: str | PathLike[str]) -> MemoryStats:
    """Recreate the memory at ``path`` from ``entries`` (``l10n-blog memory rebuild``)."""
    with Memory.open(path) as memory:
        memory.replace_all(entries)
        return memory.stats()
