"""Every judge verdict ever paid for, in one sqlite3 file beside the translation memory.

Keyed by the judge model and the digest of (source, draft): the same draft is never sent to
the same judge twice, also after ``locales/`` was deleted or a draft came back from the
memory. A verdict is committed as soon as its reply arrives, before the PO file is written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import InputError
from l10n.fingerprint import combine

_SCHEMA = """
CREATE TABLE IF NOT EXISTS verdict (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    score INTEGER NOT NULL,
    reasons TEXT NOT NULL,
    time REAL NOT NULL,
    PRIMARY KEY (model, key)
);
"""


def key(source: str, draft: str) -> str:
    """What a verdict is for; its first 10 digits are the digest in the PO file's ``score:`` line."""
    return combine(source, draft)


@dataclass(frozen=True)
class Cached:
    score: int
    reasons: str


class ScoreCache:
    """Verdicts by (model, key); use :meth:`open`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db, self.path = connection, path

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[ScoreCache]:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
            connection.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"cannot open the judge's score cache ({exc})", path=str(path),
                             hint="delete it: scores are then asked for again") from exc
        try:
            yield cls(connection, path)
        finally:
            connection.close()

    def lookup(self, model: str, keys: Sequence[str]) -> dict[str, Cached]:
        found: dict[str, Cached] = {}
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, score, reasons FROM verdict WHERE model = ? AND key IN ({marks})",
                                    [model, *chunk])
            found.update({k: Cached(score, reasons) for k, score, reasons in rows})
        return found

    def remember(self, model: str, rows: Iterable[tuple[str, int, str]], *, time: float) -> None:
        """Store (key, score, reasons) rows and commit at once."""
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO verdict VALUES (?, ?, ?, ?, ?)",
                                     [(model, k, score, reasons, time) for k, score, reasons in rows])
        except sqlite3.Error as exc:
            raise InputError(f"cannot write the judge's score cache ({exc})", path=str(self.path)) from exc
