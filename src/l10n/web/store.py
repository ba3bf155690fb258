"""The one place where the web app writes a reviewer's decisions to a PO file.

Every save re-reads the post and the PO file, merges them as ``extract`` would, changes only
the entries decided on, and writes atomically (``catalog.save``). A decision carries the
translation the reviewer saw (``base``): when the file now holds something else for that
entry (another browser, Poedit, ``translate``), the decision is refused as a conflict and
the page shows the newer text, so neither side's edit is lost. Saves of one file in this
process are serialized by a lock; a write by another program between the read and the
rename is caught by comparing the file's bytes just before writing, and the save is redone.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from l10n import project as site
from l10n.config import Config
from l10n.errors import L10nError
from l10n.po import catalog
from l10n.po.model import Entry, reviewed
from l10n.steps.qa import NOTE as PROBLEM_NOTE
from l10n.steps.review import fit_newlines
from l10n.web.views import load, unit_id

Status = Literal["saved", "unchanged", "conflict", "gone"]
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
_ATTEMPTS = 5
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    """Approve ``uid`` with ``msgstr``; ``base`` is the translation the reviewer was shown."""

    uid: str
    msgstr: str
    base: str
    pending_only: bool = False  # "approve paragraph": a unit reviewed meanwhile is left as it is
    resolved: bool = False  # the reviewer says the `problem:` notes are dealt with: they are deleted


@dataclass(frozen=True)
class Saved:
    uid: str
    status: Status
    msgstr: str  # what the file holds for the unit now


def _lock(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path.resolve(), threading.Lock())


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def save_decisions(config: Config, lang: str, post: str, decisions: Sequence[Decision]) -> list[Saved]:
    """Apply ``decisions`` to the post's PO file (merged with what is on disk now); one result each."""
    segmented = load(config, post)
    path = site.po_path(config, lang, segmented)
    with _lock(path):
        for _attempt in range(_ATTEMPTS):
            before = _read(path)
            entries, _report, old = site.merged(config, lang, segmented)
            results, approved = _apply(entries, decisions)
            if not approved:
                return results
            if _read(path) != before:  # written by another program meanwhile: merge again
                continue
            catalog.save(path, entries, lang=lang, post_display=segmented.post.display, old=old)
            _remember(config, lang, approved)
            return results
    raise L10nError(f"{site.display(config, path)}: changed by another program on every try; not saved",
                    hint="save again in a moment")


def _apply(entries: list[Entry], decisions: Sequence[Decision]) -> tuple[list[Saved], list[Entry]]:
    """Mark the decided entries reviewed (in ``entries``); returns the outcomes and the changed entries."""
    where = {unit_id(e.msgctxt, e.msgid): n for n, e in enumerate(entries) if not e.obsolete}
    results, approved = [], []
    for decision in decisions:
        n = where.get(decision.uid)
        if n is None:
            results.append(Saved(decision.uid, "gone", ""))
            continue
        entry = entries[n]
        msgstr = fit_newlines(entry.msgid, decision.msgstr)
        if decision.pending_only and catalog.state(entry) == "reviewed":
            results.append(Saved(decision.uid, "unchanged", entry.msgstr))
            continue
        if entry.msgstr not in (decision.base, msgstr):
            results.append(Saved(decision.uid, "conflict", entry.msgstr))
            continue
        if catalog.state(entry) == "reviewed" and entry.msgstr == msgstr and not decision.resolved:
            results.append(Saved(decision.uid, "unchanged", msgstr))
            continue
        entries[n] = reviewed(entry, msgstr)
        if decision.resolved:
            kept = [line for line in entry.tcomment.split("\n") if not line.startswith(PROBLEM_NOTE)]
            entries[n] = replace(entries[n], tcomment="\n".join(kept))
        approved.append(entries[n])
        results.append(Saved(decision.uid, "saved", msgstr))
    return results, approved


def _remember(config: Config, lang: str, approved: list[Entry]) -> None:
    """Reviewed translations go to the memory too (as ``l10n review`` does); the PO file is the record."""
    from l10n.mt.memory import Memory, MemoryEntry

    try:
        memory = Memory.open(config.root / config.memory)
        try:
            memory.remember_many([MemoryEntry(source=e.msgid, target=e.msgstr, source_lang=config.source_lang,
                                              target_lang=lang, origin="reviewed", reviewed=True, time=time.time())
                                  for e in approved])
        finally:
            memory.close()
    except L10nError as exc:
        log.warning("not remembered in the translation memory: %s", exc)
