"""The state of one translate run (catalogs, jobs, summary) and the one place it changes an entry: a fuzzy
draft with its notes, checked by the QA rows (:mod:`l10n.steps.qa`), with the ``previous:`` note of a redraft."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from l10n.config import Config
from l10n.errors import L10nError
from l10n.mt import markup
from l10n.mt.context import Parts
from l10n.mt.memory import Memory
from l10n.po import catalog
from l10n.po.model import Entry, drafted
from l10n.po.notes import previous_note, previous_translation, redrafted_for
from l10n.steps.qa import DraftQA

Progress = Callable[[int, int], None]


@dataclass
class Catalog:
    """One post's catalog while it is being filled."""

    post: str
    path: Path
    entries: list[Entry]
    found: dict[catalog.Key, Entry]  # as the run found them: only entries still so on disk are filled
    save: Callable[[dict[catalog.Key, Entry], dict[catalog.Key, Entry]], object]  # project.save_po for the post
    contexts: dict[tuple[str | None, str], Parts]
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)  # where each unit is in the post
    dirty: bool = False
    qa: DraftQA | None = None  # checks every draft made in this catalog (l10n.steps.qa)


@dataclass
class Job:
    catalog: Catalog
    index: int  # of the entry in ``catalog.entries`` (entries are frozen: a draft replaces it)
    tagged: markup.Tagged | None = None
    twins: list[Job] = field(default_factory=list)  # same source elsewhere: filled by this job's reply

    @property
    def entry(self) -> Entry:
        return self.catalog.entries[self.index]

    @property
    def stale(self) -> bool:
        """Redrafting was asked for: a close memory match would only give the old translation back."""
        return bool(self.entry.previous_msgid) and bool(self.entry.msgstr)

    @property
    def chars(self) -> int:
        """Characters sent (and billed): the XML form, not the Markdown."""
        return len(self.tagged.xml) if self.tagged is not None else len(self.entry.msgid)


@dataclass
class Summary:
    """What a run did (or, with dry_run, would do). ``left``: units still without a draft."""

    posts: int = 0
    from_site: int = 0
    from_memory: int = 0
    copied: int = 0
    close_matches: int = 0
    to_send: int = 0
    estimated_chars: int = 0  # exact: the XML characters of the distinct units to send
    sent: int = 0  # distinct units whose reply was saved
    billed_chars: int = 0
    tokens: int = 0
    batches: int = 0
    left: int = 0
    markup_problems: int = 0
    context_chars: int = 0  # context sent beside the units (free for DeepL, tokens for LLMs)
    redraft_chars: int = 0  # old source, previous translation and instruction of minimal redrafts (LLMs)
    backend: str | None = None
    per_post: dict[str, tuple[int, int]] = field(default_factory=dict)  # post -> (units to send, chars)
    quota: tuple[int, int | None] | None = None
    interrupted: bool = False
    warnings: list[str] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)

    @property
    def quota_left(self) -> int | None:
        if self.quota is None or self.quota[1] is None:
            return None
        return max(0, self.quota[1] - self.quota[0])


@dataclass
class Run:
    """The state one translate run shares between its steps."""

    config: Config
    lang: str
    dry_run: bool
    retranslate_stale: bool
    now: Callable[[], float]
    progress: Progress | None = None
    summary: Summary = field(default_factory=Summary)
    catalogs: list[Catalog] = field(default_factory=list)
    memory: Memory | None = None

    def save(self, catalogs: Iterable[Catalog] | None = None) -> None:
        if self.dry_run:
            return
        for cat in self.catalogs if catalogs is None else catalogs:
            if cat.dirty:
                # Merged with the file as it is now: an edit saved meanwhile (Poedit, review) wins.
                try:
                    cat.save({e.key: e for e in cat.entries if e is not cat.found.get(e.key)}, cat.found)
                except L10nError as exc:  # e.g. disk full: the other posts are still saved; retried later
                    if not any(str(e) == str(exc) for e in self.summary.errors):
                        self.summary.errors.append(exc)
                    continue
                cat.dirty = False

    def wanted(self, entry: Entry) -> bool:
        """Needs a draft: untranslated, or stale (with ``retranslate_stale``) and not redrafted for its
        current source yet."""
        state = catalog.state(entry)
        return state == "untranslated" or (self.retranslate_stale and state == "stale"
                                           and not redrafted_for(entry.tcomment, entry.msgid))


def draft(job: Job, msgstr: str, notes: Iterable[str], previous_msgid: str | None = None) -> None:
    """The one place where a run changes an entry: a fuzzy draft with its origin/problem notes.

    No previous msgid by default: a fresh draft of the current source is "draft", not "stale".
    A redraft of a stale unit keeps gettext's ``#|`` (the Japanese the old translation
    translates) and the old translation in a ``previous:`` note, for review's word diff.
    """
    if job.stale:
        notes, previous_msgid = [*notes, previous_note(replaced(job.entry), job.entry.msgid)], job.entry.previous_msgid
    if job.catalog.qa is not None:
        notes = job.catalog.qa.notes(list(notes), job.entry.msgid, msgstr)
    job.catalog.entries[job.index] = drafted(job.entry, msgstr, notes=tuple(notes), previous_msgid=previous_msgid)
    job.catalog.dirty = True


def replaced(entry: Entry) -> str:
    """The translation a redraft of a stale entry replaces (kept across redrafts by its note)."""
    return previous_translation(entry.tcomment) or entry.msgstr
