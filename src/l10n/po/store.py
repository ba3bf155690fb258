"""Saving a PO file that someone may be editing: merge with the disk, entry by entry.

``translate`` waits seconds to minutes for a backend; meanwhile a person may save the same
file from Poedit, ``l10n-blog review`` or a text editor. A run therefore never writes back its
own old copy: it reads the file as it is at that moment, brings it up to date with the post
(as ``extract`` would) and fills in only the entries it changed *and* that still hold what
the run found there. Anything else on disk wins. The write is a compare-and-swap, retried
if the file changes between this read and the rename.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from l10n.errors import InputError
from l10n.files import Changed, read_bytes
from l10n.po.catalog import TemplateEntry, merge, save
from l10n.po.model import Catalog, Entry, Key, MergeReport, translation, with_translation
from l10n.po.pofile import decode

_ATTEMPTS = 20


@dataclass(frozen=True)
class Saved:
    """What :func:`merge_and_save` wrote: the entries, the merge of the template into the file
    as it was last read (``old``, None when there was none), and whether the file changed."""

    entries: list[Entry]
    report: MergeReport
    old: Catalog | None
    written: bool


def save_merged(path: Path, changes: Mapping[Key, Entry], base: Mapping[Key, Entry], *,
                template: Sequence[TemplateEntry] | None, lang: str, post_display: str, fuzzy_threshold: float = 0.6,
                display: str | None = None, now: Callable[[], datetime] | None = None) -> list[Entry]:
    """Write ``changes`` (key -> new entry) into the file on disk now; returns what was written.

    ``base`` holds each changed entry as the run found it: a change is applied only where the
    file still holds that translation. ``template`` (the post's units) brings the file up to
    date as ``extract`` would; None keeps the file's own entries.
    """
    return merge_and_save(path, changes, base, template=template, lang=lang, post_display=post_display,
                          fuzzy_threshold=fuzzy_threshold, display=display, now=now).entries


def merge_and_save(path: Path, changes: Mapping[Key, Entry], base: Mapping[Key, Entry], *,
                   template: Sequence[TemplateEntry] | None, lang: str, post_display: str,
                   fuzzy_threshold: float = 0.6, display: str | None = None,
                   now: Callable[[], datetime] | None = None) -> Saved:
    """:func:`save_merged`, telling what the merge did and whether the file was written
    (``extract`` is this with no ``changes``)."""
    name = display or path.as_posix()
    data = expect = read_bytes(path, display=name)
    swapped = False  # a write of ours is in place (and what it displaced is being merged)
    for _attempt in range(_ATTEMPTS):
        current = None if data is None else decode(data, display=name)
        if template is not None:
            entries, report = merge(template, current, threshold=fuzzy_threshold)
        else:
            entries, report = list(current or ()), MergeReport()
        if changes:  # extract has none
            entries = [_apply(entry, changes, base) for entry in entries]
        try:
            written = save(path, entries, lang=lang, post_display=post_display, old=current, now=now, display=name,
                           expect=expect)
        except Changed as exc:
            if exc.written is not None:  # our write is in place; merge what it displaced and write again
                data, expect, swapped = exc.displaced, exc.written, True
            else:
                data = expect = read_bytes(path, display=name)
            continue
        return Saved(entries, report, current, written or swapped)
    raise InputError("the file kept changing while l10n tried to save it", path=name,
                     hint="close other programs writing it and run the command again")


def _apply(entry: Entry, changes: Mapping[Key, Entry], base: Mapping[Key, Entry]) -> Entry:
    change = changes.get(entry.key)
    if change is None or entry.obsolete:
        return entry
    found = base.get(entry.key)
    if found is None or translation(found) != translation(entry):
        return entry  # edited on disk since the run read it: the edit wins
    return with_translation(entry, change)
