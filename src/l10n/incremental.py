"""The incremental index: a step's outcome per post, under a digest of every input it read.

``extract``, ``build`` and ``status`` skip a post whose post bytes, PO bytes (every language),
built files (``build``), config, options and tool code all have the digest recorded after
the last run; anything else is a miss and the post is processed as if there were no index.
So the index can make a run fast but never change its result; a missing or damaged index is
an empty one. It is written only when something changed, so a no-change run writes nothing.

A file's digest is not recomputed when its status (device, inode, size, modification and
change times) is the one recorded with the digest, like git's index. That is safe only for a
status taken once the file's times had *settled*: a write later than that reading gets a
later change time, which the kernel sets and no program can set back. A file changed less
than ``SETTLE_NS`` (``COARSE_SETTLE_NS`` on a file system with whole-second times) before it
was read is not recorded, so a same-size rewrite within one clock tick is always read again.
A missing file is recorded without a status: a ``stat`` that still finds no file is enough.

The file is a JSON header line, then one tab-separated line per post and per file, kept as
text until a lookup needs it: parsing every record up front took 33 MB of Python objects
for a 10,000-post site (an 8 MB file), and a run with nothing to do uses each record once.
A post's record names its input files: they are a function of the post's path and the
config (both part of the record's environment), so a lookup does not render them again.
Values computed from one file (what ``*`` takes from each post, a post's URL) are kept under
the digest of the bytes they were computed from (:meth:`Index.derived`), so a run reads only
the files that changed.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from l10n import files, fingerprint
from l10n.config import Config
from l10n.errors import FileError, L10nError
from l10n.files import write_atomic
from l10n.logs import logger

FOLDER = ".l10n/cache"
FORMAT = 5
# How long after its last change a file's status is trusted: well above the kernel's clock tick
# (file times lag the real clock by up to one tick, 1-10 ms) and the 10 ms of FAT's change times.
SETTLE_NS = 100_000_000
COARSE_SETTLE_NS = 3_000_000_000  # whole-second (ext3, HFS+) or two-second (FAT) file times
# What stat or open say of a name that holds no file: missing, under a file, or too long.
_NO_FILE = (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG)


@dataclass
class Index:
    """Records of one step: ``post path → (key, value)``; ``files(rel)`` are the post's inputs
    (file names: strings, or paths)."""

    path: Path
    environment: str
    files: Callable[[str], Sequence[str | Path]]
    # Post path -> "key<TAB>depends as JSON<TAB>value as JSON<TAB>input file<TAB>input file..." (parsed when
    # looked up; JSON holds no raw tab).
    records: dict[str, str] = field(default_factory=dict)
    dirty: bool = False
    # The files a "*" dependency stands for, and what it takes from each (name, bytes or None).
    everything_files: Callable[[], Sequence[str | Path]] = lambda: ()
    everything_part: Callable[[str, bytes | None], str] = lambda name, data: ""
    # File path -> "digest device inode size mtime_ns ctime_ns" (see the module docstring).
    statuses: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    # "kind file path" -> "digest value": see `derived`.
    derived_values: dict[str, str] = field(default_factory=dict)
    derived_seen: set[str] = field(default_factory=set)
    _everything: str | None = None
    _everything_still: dict[int, bool] = field(default_factory=dict)  # since -> every "*" file settled by then
    # Digests taken while looking posts up, before the step writes anything: many posts share a
    # dependency. None once the step stores (its own writes must be digested afresh).
    _looked: dict[str, str] | None = field(default_factory=dict)
    _files_memo: dict[str, list[str]] = field(default_factory=dict)  # see _files_of
    _prune: bool = False  # see keep_only
    # (name, bytes, their digest) of the last file `_digest` had to read: `derived` asks for the
    # digest of a file and then for its bytes (the URL table and "*" read every post of a cold run).
    _read: tuple[str, bytes | None, str] | None = None

    @classmethod
    def open(cls, config: Config, step: str, files: Callable[[str], Sequence[str | Path]], *options: str,
             everything_files: Callable[[], Sequence[str | Path]] = lambda: (),
             everything_part: Callable[[str, bytes | None], str] = lambda name, data: "") -> Index:
        """The step's index; a ``*`` dependency stands for what ``everything_part(name, bytes)``
        takes from each of the ``everything_files``."""
        environment = fingerprint.combine(str(FORMAT), step, fingerprint.code_digest(), repr(config), *options)
        # A post's files, asked for when it is recorded and for every post that depends on it: kept.
        index = cls(config.root / FOLDER / f"{step}.json", environment, cache(files), everything_files=everything_files,
                    everything_part=everything_part)
        try:
            # Read line by line: at 10,000 posts the file is 15 MB, and the whole text, its lines and
            # their parts side by side made a no-change build peak above 100 MiB.
            with open(index.path, encoding="utf-8", newline="\n") as stream:
                index._load(stream)
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            index.records, index.statuses, index.derived_values = {}, {}, {}
            logger(__name__).info("ignoring the incremental index %s: %s", index.path, exc)
        return index

    def _load(self, lines: Iterator[str]) -> None:
        stored = json.loads(next(lines, ""))
        if stored.get("environment") != self.environment:
            return
        tables = {"p": self.records, "f": self.statuses, "d": self.derived_values}
        for line in lines:
            kind, name, rest = line.removesuffix("\n").split("\t", 2)  # names hold no tab or line break (see save)
            if kind not in tables:
                raise ValueError(f"bad line {line[:40]!r}")
            tables[kind][name] = rest

    def key(self, rel: str, *, named: bool, depends: Sequence[str] = (), inputs: Sequence[str | Path] | None = None
            ) -> str:
        """The digest of the post's inputs (``inputs``: ``files(rel)`` when known), and of the posts
        it ``depends`` on, as they are on disk now."""
        digest = self.digest
        digests = [rel, "named" if named else "all", *map(digest, self.files(rel) if inputs is None else inputs)]
        for other in depends:
            if other == "*":
                digests.append(self._all())
            else:
                digests.append(other)
                digests += map(digest, self._files_of(other))
        return fingerprint.combine(*digests)

    def _files_of(self, rel: str) -> list[str]:
        """``files(rel)`` as names, worked out once per run (many posts link to the same post)."""
        found = self._files_memo.get(rel)
        if found is None:
            found = self._files_memo[rel] = [str(p) for p in self.files(rel)]
        return found

    def _all(self) -> str:
        if self._everything is None:
            parts = []
            for path in self.everything_files():
                name = str(path)
                try:
                    parts.append(self.derived(name, "*", partial(self.everything_part, name)))
                except FileError as exc:
                    parts.append(f"{name}\0unreadable {exc}")
            self._everything = fingerprint.combine(*parts)
        return self._everything

    def derived(self, name: str, kind: str, compute: Callable[[bytes | None], str]) -> str:
        """``compute(the file's bytes)`` (None: there is no such file), kept under the digest of
        the bytes it was computed from: a later run computes it again only if the file changed.

        ``kind`` names the computation; the config and the code are in the environment. A value
        holding a tab or line break is not kept. Raises :class:`FileError` when the file cannot
        be read.
        """
        digest = self.digest(name)
        slot = f"{kind} {name}"
        self.derived_seen.add(slot)
        known = self.derived_values.get(slot)
        if known is not None:
            stored, _, value = known.partition(" ")
            if stored == digest:
                return value
        read, self._read = self._read, None
        if read is not None and read[0] == name and read[2] == digest:
            data, fresh = read[1], False  # the bytes the digest was just taken of
        else:
            data, fresh = files.read_bytes(Path(name), display=name), True
        value = compute(data)
        # Kept only under the digest of these very bytes: the file may have changed since digest().
        if (not fresh or fingerprint.file_digest(data) == digest) and _plain(value) and _plain(slot):
            self.derived_values[slot] = f"{digest} {value}"
        return value

    def digest(self, path: str | Path) -> str:
        """The digest of a file's bytes; read only when its status is not the recorded one."""
        name = path if isinstance(path, str) else str(path)
        looked = self._looked
        if looked is None:
            return self._digest(name)
        found = looked.get(name)
        if found is None:
            found = looked[name] = self._digest(name)
        return found

    def _digest(self, name: str) -> str:
        self.seen.add(name)
        known = self.statuses.get(name)
        if known is not None:
            try:
                digest, _, identity = known.partition(" ")
                now = os.stat(name)
                if identity == f"{now.st_dev} {now.st_ino} {now.st_size} {now.st_mtime_ns} {now.st_ctime_ns}":
                    # (_identity, inlined: this runs for every file of the site)
                    return digest
            except OSError as exc:
                if exc.errno in _NO_FILE:
                    return fingerprint.file_digest(None)
                # anything else: read below, which reports it
        start = _now()
        try:
            data, status = files.read_with_status(Path(name))
        except FileError as exc:
            if isinstance(exc.__cause__, OSError) and exc.__cause__.errno in _NO_FILE:
                # A name no file can have (too long, or under a file): as missing as an absent file.
                # Links in prose name such files; a digest of its own would rebuild them every run.
                data, status = None, None
            else:
                # Something unreadable gets a digest no record has, so the post is processed (and the
                # step reports why it cannot read it).
                return f"unreadable {exc} {os.urandom(8).hex()}"
        digest = fingerprint.file_digest(data)
        self._read = (name, data, digest)
        if data is None and _plain(name):
            # Missing: recorded with no status, so the next run's stat (above) finds it missing again
            # without opening it (a build looks up every link target: hundreds are missing files).
            self.statuses[name] = f"{digest} "
        elif status is not None and _settled(status, start) and _plain(name):
            self.statuses[name] = f"{digest} {_identity(status)}"
        else:
            self.statuses.pop(name, None)
        return digest

    def lookup(self, rel: str, *, named: bool) -> Any | None:
        """The recorded value of the post, if none of its inputs changed since."""
        record = self.records.get(rel)
        if record is None:
            return None
        try:
            key, depends, value, *inputs = record.split("\t")
            if key != self.key(rel, named=named, depends=() if depends == "[]" else json.loads(depends),
                               inputs=inputs):
                return None
            return _loads(value)
        except (ValueError, TypeError) as exc:  # a damaged record is a miss
            logger(__name__).info("ignoring the record of %s in %s: %s", rel, self.path, exc)
            return None

    def dependents(self, rels: Collection[str]) -> set[str]:
        """Posts whose records depend on any of ``rels``, or on every post (``*``)."""
        wanted, found = {*rels, "*"}, set()
        for rel, record in self.records.items():
            depends = record.split("\t", 2)[1]
            if depends != "[]":
                try:
                    if wanted.intersection(json.loads(depends)):
                        found.add(rel)
                except (ValueError, TypeError):  # a damaged record: looked up, which makes it a miss
                    found.add(rel)
        return found

    def store(self, rel: str, value: Any, *, named: bool, depends: Sequence[str] = (), since: int | None = None,
              read: Mapping[str, str] | None = None) -> None:
        """Record ``value`` under the post's inputs as they are now (after the step wrote its files).

        For a step that only reads (``check``): ``since`` is a ``time.time_ns()`` reading taken
        before the step read anything, and the record is kept only if no input changed while
        the step ran: a file of ``read`` (name -> digest of the bytes the step read) must still
        have that digest, and any other input must have last changed before ``since``.
        """
        self._looked = None  # from now on the step's own writes are on disk
        if not _plain(rel):
            return  # cannot be written as one line: the post is simply processed every time
        inputs = [str(p) for p in self.files(rel)]
        if not all(map(_plain, inputs)):
            return
        key = self.key(rel, named=named, depends=depends, inputs=inputs)
        if since is not None and not self._unchanged(inputs, depends, since, read or {}):
            return  # edited while the step ran: processed again next time
        record = "\t".join((key, _json(sorted(depends)), _json(value), *inputs))
        if self.records.get(rel) != record:
            self.records[rel] = record
            self.dirty = True

    def _unchanged(self, inputs: list[str], depends: Sequence[str], since: int, read: Mapping[str, str]) -> bool:
        names = list(inputs)
        for other in depends:
            if other != "*":
                names += map(str, self.files(other))
            elif not self._everything_settled(since):
                return False
        return all(self.digest(name) == read[name] if name in read else _still(Path(name), since) for name in names)

    def _everything_settled(self, since: int) -> bool:
        if since not in self._everything_still:  # the same for every post of a run: worked out once
            self._everything_still[since] = all(_still(Path(p), since) for p in self.everything_files())
        return self._everything_still[since]

    def keep_only(self, rels: set[str]) -> None:
        """Forget posts that are gone (called after a run over the whole site)."""
        for rel in set(self.records) - rels:
            del self.records[rel]
            self.dirty = True
        self._prune = True  # files and values no lookup used: dropped when the index is saved

    def save(self) -> None:
        """Write the index if anything changed; a failure only costs speed next time."""
        self._looked, self._everything, self._read = {}, None, None  # a next run over the same index digests afresh
        if not self.dirty:
            return
        if self._prune:
            self.statuses = {name: known for name, known in self.statuses.items() if name in self.seen}
            self.derived_values = {slot: known for slot, known in self.derived_values.items()
                                   if slot in self.derived_seen}
        try:
            write_atomic(self.path, self._lines(), display=str(self.path))
        except L10nError as exc:
            logger(__name__).warning("could not save the incremental index: %s", exc)
        self.dirty = False

    def _lines(self) -> Iterator[bytes]:
        """The index file, a few hundred lines at a time: at 10,000 posts it is 15 MB, and its
        whole text (4 bytes a character once any line holds an emoji), or all its lines as bytes,
        made a build or cold check peak above 90 MiB."""
        part = [_json({"format": FORMAT, "environment": self.environment})]
        for kind, table in (("\np\t", self.records), ("\nf\t", self.statuses), ("\nd\t", self.derived_values)):
            for name, text in table.items():
                part.append(f"{kind}{name}\t{text}")
                if len(part) == _LINES:
                    yield "".join(part).encode("utf-8")
                    part = []
        yield "".join(part).encode("utf-8")


_LINES = 512  # lines of the index file written at once (about 100 KB)


def _now() -> int:
    return time.time_ns()


def _identity(status: os.stat_result) -> str:
    return f"{status.st_dev} {status.st_ino} {status.st_size} {status.st_mtime_ns} {status.st_ctime_ns}"


def _plain(name: str) -> bool:
    """A name that fits a line of the index file (a post path never holds a tab or line break)."""
    return "\t" not in name and "\n" not in name and "\r" not in name


_DECODE = json.JSONDecoder().raw_decode


def _loads(text: str) -> Any:
    """``json.loads`` of a value the index wrote (no white space around it), without its wrapper
    (a tenth of a lookup)."""
    value, end = _DECODE(text)
    if end != len(text):
        raise ValueError(f"extra data after the JSON value at {end}")
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _still(path: Path, since: int) -> bool:
    """Whether ``path`` last changed before ``since`` (settled); for a missing file, whether the
    nearest folder that exists did (creating or removing a file changes its folder's times)."""
    while True:
        try:
            return _settled(os.stat(path), since)
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG) or path.parent == path:
                return False
            path = path.parent  # no such file (or a name no file can have): the folder says whether one appeared


def _settled(status: os.stat_result, start: int) -> bool:
    """Whether the file's last change was long enough before ``start`` (a time taken before the
    status was read) for any later change to get later file times."""
    second = 1_000_000_000
    coarse = status.st_mtime_ns % second == 0 or status.st_ctime_ns % second == 0
    latest = max(status.st_mtime_ns, status.st_ctime_ns)
    return latest < start - (COARSE_SETTLE_NS if coarse else SETTLE_NS)
