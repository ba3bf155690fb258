"""The one place where the web app writes a reviewer's decisions to a PO file.

A decision carries the translation the reviewer was shown (``base``). Saving reads the post
and the PO file, merges them as ``extract`` would, and refuses a decision whose unit now holds
something else (another browser, Poedit, ``translate`` changed it since the page was loaded):
the page then shows the newer text. The rest is written by :func:`l10n.project.save_po`, the
tool's one safe PO writing: merged with the file as it is at that moment, entry by entry, in a
compare-and-swap write, so an edit saved elsewhere meanwhile is never overwritten. Saves of one
file in this process are also serialized by a lock, so two browsers never race each other.
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
from l10n.po.model import Entry, reviewed, translation
from l10n.steps.qa import NOTE as PROBLEM_NOTE
from l10n.steps.review import fit_newlines
from l10n.web.views import load, unit_id

Status = Literal["saved", "unchanged", "conflict", "gone"]
_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()
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


def save_decisions(config: Config, lang: str, post: str, decisions: Sequence[Decision]) -> list[Saved]:
    """Apply ``decisions`` to the post's PO file, merged with what is on disk now; one result each."""
    segmented = load(config, post)
    with _lock(site.po_path(config, lang, segmented)):
        entries, _report, _old = site.merged(config, lang, segmented)
        results, changes, found = _apply(entries, decisions)
        if not changes:
            return results
        written = {e.key: e for e in site.save_po(config, lang, segmented, changes, found) if not e.obsolete}
    landed = [change for key, change in changes.items()
              if key in written and translation(written[key]) == translation(change)]
    _remember(config, lang, landed)
    keys = {unit_id(*key): key for key in changes}
    return [_confirmed(r, written.get(keys[r.uid])) if r.status == "saved" else r for r in results]


def _confirmed(result: Saved, now: Entry | None) -> Saved:
    """"saved" only if the file holds the decision: one edited elsewhere at the last moment wins."""
    if now is not None and now.msgstr == result.msgstr and catalog.state(now) == "reviewed":
        return result
    return Saved(result.uid, "conflict", now.msgstr if now is not None else "")


def _apply(entries: list[Entry], decisions: Sequence[Decision]
           ) -> tuple[list[Saved], dict[catalog.Key, Entry], dict[catalog.Key, Entry]]:
    """The outcome of each decision, the changed entries and the entries as they were found (by key)."""
    by_uid = {unit_id(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}
    results: list[Saved] = []
    changes: dict[catalog.Key, Entry] = {}
    found: dict[catalog.Key, Entry] = {}
    for decision in decisions:
        entry = by_uid.get(decision.uid)
        if entry is None:
            results.append(Saved(decision.uid, "gone", ""))
            continue
        msgstr = fit_newlines(entry.msgid, decision.msgstr)
        if decision.pending_only and catalog.state(entry) == "reviewed":
            results.append(Saved(decision.uid, "unchanged", entry.msgstr))
            continue
        if entry.msgstr not in (decision.base, msgstr):
            results.append(Saved(decision.uid, "conflict", entry.msgstr))
            continue
        change = reviewed(entry, msgstr)  # a person's approval also replaces the judge's
        if catalog.state(entry) == "reviewed" and change == entry and not decision.resolved:
            results.append(Saved(decision.uid, "unchanged", msgstr))
            continue
        if decision.resolved:
            kept = [line for line in entry.tcomment.split("\n") if not line.startswith(PROBLEM_NOTE)]
            change = replace(change, tcomment="\n".join(kept))
        changes[entry.key], found[entry.key] = change, entry
        results.append(Saved(decision.uid, "saved", msgstr))
    return results, changes, found


def _remember(config: Config, lang: str, approved: list[Entry]) -> None:
    """Reviewed translations go to the memory too (as ``l10n-blog review`` does); the PO file is the record."""
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
