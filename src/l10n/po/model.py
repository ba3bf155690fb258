"""The PO data model: frozen entries and catalogs, changed only through ``dataclasses.replace``.

Attribute names are polib's (msgid, msgstr, msgctxt, flags, comment, tcomment, occurrences,
previous_msgid, obsolete, linenum) so code that reads entries reads either. polib itself is
only a test oracle: its reader splits lines on U+0085, U+2028 and \\x1c, does not unescape
``\\a``, and drops ``#~|`` previous msgids (``bench/bench_po_model.py`` compares speed).
``Counts`` and ``MergeReport`` live here, not in ``catalog``, so that a run answered by the
incremental index rebuilds its outcomes without loading the parser and merge code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

State = Literal["untranslated", "draft", "stale", "reviewed"]
STATES: tuple[State, ...] = ("reviewed", "draft", "stale", "untranslated")
Key = tuple[str | None, str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One PO entry; ``msgstr_plural`` holds ``msgstr[0..n]`` of a (hand-added) plural entry."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    flags: tuple[str, ...] = ()
    comment: str = ""  # "#." extracted comment
    tcomment: str = ""  # "#" translator comment
    occurrences: tuple[tuple[str, str], ...] = ()
    previous_msgid: str | None = None
    previous_msgctxt: str | None = None
    obsolete: bool = False
    msgid_plural: str = ""
    msgstr_plural: tuple[str, ...] = ()
    linenum: int | None = None  # where the entry starts in the file it was read from

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Has text in msgstr (or in any plural form)."""
        return bool(self.msgstr) or any(self.msgstr_plural)


def state(entry: Entry) -> State:
    """The review state of an entry, from standard gettext data only."""
    if not entry.translated:
        return "untranslated"
    if entry.fuzzy:
        return "stale" if entry.previous_msgid else "draft"
    return "reviewed"


def reviewed(entry: Entry, msgstr: str) -> Entry:
    """The entry approved with ``msgstr``: no fuzzy flag, no previous msgid, no ``previous:`` note.

    A reviewer who changed the text has dealt with the ``problem:`` notes of the draft: they
    go. Approved unchanged, the notes stay, and ``l10n-blog check`` fails on them.
    A person approving replaces a judge's ``approved:`` note; a changed text drops the judge's
    ``score:`` too (it was for the draft).
    """
    # A redraft's ``previous:`` translation is history once a person approved.
    dropped = ("approved: ", "problem: ", "score: ", "previous: ") if msgstr != entry.msgstr else \
        ("approved: ", "previous: ")
    tcomment = "\n".join(line for line in entry.tcomment.split("\n") if not line.startswith(dropped))
    return replace(entry, msgstr=msgstr, flags=tuple(f for f in entry.flags if f != "fuzzy"),
                   previous_msgid=None, previous_msgctxt=None, tcomment=tcomment)


def drafted(entry: Entry, msgstr: str, *, notes: tuple[str, ...] = (), previous_msgid: str | None = None) -> Entry:
    """The entry with a draft (fuzzy) ``msgstr``; ``notes`` lead the translator comment.

    Earlier notes of ``translate`` (``origin:``, ``problem:``) are replaced by ``notes``; other
    comment lines (a reviewer's) are kept after them.
    """
    kept = [line for line in entry.tcomment.split("\n") if line and not is_note(line)]
    flags = entry.flags if entry.fuzzy else (*entry.flags, "fuzzy")
    return replace(entry, msgstr=msgstr, flags=flags, previous_msgid=previous_msgid, previous_msgctxt=None,
                   tcomment="\n".join([*notes, *kept]))


def is_note(line: str) -> bool:
    """A translator-comment line written by ``translate`` or the judge (not by a person)."""
    return line.startswith(("origin: ", "problem: ", "score: ", "approved: ", "previous: "))


def translation(entry: Entry) -> tuple[object, ...]:
    """What a translator changes in an entry (not where it occurs): equal means nobody touched it."""
    return (entry.msgstr, entry.msgstr_plural, entry.flags, entry.previous_msgid, entry.previous_msgctxt,
            entry.tcomment)


def with_translation(entry: Entry, source: Entry) -> Entry:
    """``entry`` with the translation of ``source`` (see :func:`translation`)."""
    return replace(entry, msgstr=source.msgstr, msgstr_plural=source.msgstr_plural, flags=source.flags,
                   previous_msgid=source.previous_msgid, previous_msgctxt=source.previous_msgctxt,
                   tcomment=source.tcomment)


def obsoleted(entry: Entry) -> Entry:
    """The entry kept as ``#~`` (its translation, comment, flags and previous msgid survive)."""
    return replace(entry, obsolete=True, comment="", occurrences=(), linenum=None)


@dataclass(frozen=True)
class Catalog:
    """A PO file: its header fields and entries (obsolete ones included, in file order)."""

    entries: tuple[Entry, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)
    header: str = ""  # the translator comment above the header entry

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Entry:
        return self.entries[index]

    def active(self) -> list[Entry]:
        return [e for e in self.entries if not e.obsolete]

    def obsolete_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.obsolete]


@dataclass
class MergeReport:
    """What a merge did, counted per outcome."""

    kept: int = 0
    rewrapped: int = 0
    fuzzy: int = 0
    new: int = 0
    obsolete: int = 0
    revived: int = 0
    duplicates: int = 0  # second copies of an entry, kept as obsolete entries

    @property
    def changed(self) -> bool:
        return bool(self.rewrapped or self.fuzzy or self.new or self.obsolete or self.revived or self.duplicates)


@dataclass(frozen=True)
class Counts:
    """Entries of a catalog by state (obsolete entries are not counted)."""

    reviewed: int = 0
    draft: int = 0
    stale: int = 0
    untranslated: int = 0
    judge_approved: int = 0  # of the reviewed: approved by the judge (judge.approve_at), not by a person

    @property
    def total(self) -> int:
        return self.reviewed + self.draft + self.stale + self.untranslated

    @property
    def needs_review(self) -> int:
        return self.draft + self.stale

    @property
    def share(self) -> float:
        return self.reviewed / self.total if self.total else 1.0

    def reaches(self, limit: float) -> bool:
        return reaches(self.reviewed, self.total, limit)


def reaches(reviewed: int, total: int, limit: float) -> bool:
    """THE rule for "a post reaches the threshold": at least ``limit`` of its units are reviewed.

    Compared as counts with a tolerance: ``7 / 10 >= 0.7`` must hold although ``0.7 * 10`` is
    7.000000000000001 in floating point. A post with no units always reaches it.
    """
    return total == 0 or reviewed >= limit * total - 1e-9
