"""PO catalogs: make a template from a post's units, merge it into an existing catalog with
msgmerge semantics, read and write PO files, count entries by state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, NamedTuple

from l10n import __version__
from l10n.core.locales import display_name, plural_forms
from l10n.core.segmented import Block, Segmented, Unit
from l10n.core.text import normalize
from l10n.files import ANY, read_bytes, write_atomic
from l10n.po.model import STATES, Catalog, Counts, Entry, Key, MergeReport, State, obsoleted, reaches, state
from l10n.po.pofile import plain_entries, render, translations
from l10n.po.pofile import read as _read

__all__ = ["STATES", "Catalog", "Counts", "Entry", "Key", "Location", "MergeReport", "State", "TemplateEntry",
           "count", "keys", "merge", "reaches", "read_po", "read_reviewed", "reviewed_for", "reviewed_translations",
           "save", "state", "template"]

# What a ``#:`` reference names (gettext's --add-location): ``file:line``, the file only, or nothing.
Location = Literal["line", "file", "never"]


class TemplateEntry(NamedTuple):
    """What the posts say a catalog must hold: one msgid (with msgctxt) and where it occurs.

    A named tuple: one is made per unit of every post extract reads (a frozen dataclass cost
    three times as much).
    """

    msgctxt: str | None
    msgid: str
    occurrences: tuple[tuple[str, str], ...]
    comment: str


def template(segmented: Segmented, *, location: Location = "file", paragraphs: bool = False
             ) -> list[TemplateEntry]:
    """One entry per distinct (msgctxt, msgid) of a post, in source order.

    ``location`` says what its ``#:`` reference holds. Without line numbers (``file``, the
    default) inserting a paragraph changes only the new entries, not every one below it.
    ``paragraphs``: the first unit of a paragraph of several units also gets the paragraph in
    its ``#.`` comment (see :func:`describe`).
    """
    display = segmented.post.display
    if location != "line":  # every occurrence of a unit names the same file (or none): the first one is the entry
        where = ((display, ""),) if location == "file" else ()
        first: dict[Key, str] = {}
        for block in segmented.blocks:
            context = block.context
            for unit in block.units:
                if (context, unit.text) not in first:
                    first[(context, unit.text)] = describe(block, unit, paragraph=paragraphs)
        return [TemplateEntry(ctx, msgid, where, comment) for (ctx, msgid), comment in first.items()]
    found: dict[Key, tuple[list[tuple[str, str]], str]] = {}
    for block in segmented.blocks:
        context = block.context
        for unit in block.units:
            key, here = (context, unit.text), (display, str(unit.line))
            held = found.get(key)
            if held is None:
                found[key] = ([here], describe(block, unit, paragraph=paragraphs))
            elif here not in held[0]:
                held[0].append(here)
    return [TemplateEntry(ctx, msgid, tuple(occ), comment) for (ctx, msgid), (occ, comment) in found.items()]


PARAGRAPH = "the paragraph: "  # the line of the extracted comment that holds the paragraph
_KIND_NAMES = {
    "heading": "heading", "paragraph": "paragraph", "list_item": "list item", "blockquote": "blockquote",
    "table_cell": "table cell", "footnote": "footnote", "message": "message box", "alt": "image alt text",
    "html": "HTML text", "attribute": "HTML attribute", "fence": "code block file name",
    "reference": "link title",
}


def describe(block: Block, unit: Unit, *, paragraph: bool = False) -> str:
    """Where a unit sits, for translators: ``paragraph, sentence 2 of 5``.

    With ``paragraph``, the first of several units adds a line ``the paragraph: …`` (the block's
    Markdown on one line, as :func:`normalize` joins it): Poedit and Weblate show ``#.`` comments
    beside the entry; once per paragraph keeps PO files small, and an edit of one sentence
    changes one comment line.
    """
    if block.value is not None:
        item = f" item {block.value.index + 1}" if block.value.index is not None else ""
        return f"frontmatter: {block.value.key}{item}"
    name = _KIND_NAMES[block.kind]
    if len(block.units) > 1:
        noun = "image" if block.kind == "alt" else "sentence"
        where = f"{name}, {noun} {unit.index} of {len(block.units)}"
        if paragraph and unit is block.units[0]:
            return f"{where}\n{PARAGRAPH}{normalize(block.content)}"
        return where
    return name


def where(comment: str) -> str:
    """Where a unit sits, from its extracted comment: :func:`describe` without the ``the paragraph:``
    line (review shows the paragraph itself)."""
    return "\n".join(line for line in comment.split("\n") if not line.startswith(PARAGRAPH))



class _Previous:
    """An existing catalog's entries (obsolete ones included), found by exact or re-wrapped msgid.

    A key may appear more than once (a hand-resolved merge conflict): the best entry is the
    one used (translated over empty, active over obsolete, reviewed over draft, then the
    first); the other translations are kept in ``duplicates``, never dropped. Plural
    entries (added by hand) never stand for a unit of the post.
    """

    def __init__(self, old: Catalog | None) -> None:
        every = list(old) if old is not None else []  # obsolete entries too
        best: dict[Key, Entry] = {}
        for e in every:  # build reads every catalog of the site: plain tuples, no property calls
            key = (e.msgctxt, e.msgid)
            held = best.get(key)
            if held is None or _rank(e) > _rank(held):
                best[key] = e
        self.entries, self.duplicates = every, []
        if len(best) != len(every):
            self.entries = [e for e in every if best[(e.msgctxt, e.msgid)] is e]
            self.duplicates = list({(e.key, e.msgstr): e for e in every
                                    if best[e.key] is not e and e.msgstr and e.msgstr != best[e.key].msgstr}.values())
        if any(e.msgid_plural for e in self.entries):
            best = {k: e for k, e in best.items() if not e.msgid_plural}
        self.exact: dict[Key, Entry] = best
        self._loose: dict[Key, Entry] | None = None  # made on the first miss: a build of reviewed posts never needs it

    def find(self, key: Key) -> Entry | None:
        hit = self.exact.get(key)
        if hit is not None:
            return hit
        if self._loose is None:
            self._loose = {(e.msgctxt, normalize(e.msgid)): e for e in self.exact.values() if e.msgstr}
        return self._loose.get((key[0], normalize(key[1]))) if self._loose else None  # a new catalog: no key to make


def _rank(entry: Entry) -> tuple[bool, bool, bool]:
    return (entry.translated, not entry.obsolete, state(entry) == "reviewed")


def _duplicate(entry: Entry, number: int) -> Entry:
    """A losing duplicate as an obsolete entry under its own msgctxt: gettext rejects two
    entries with one key, obsolete or not, and the translation must survive for a reviewer."""
    context = f"{entry.msgctxt} (duplicate {number})" if entry.msgctxt else f"(duplicate {number})"
    note = "l10n: a second copy of this entry; its translation is kept here"
    return replace(obsoleted(entry), msgctxt=context, tcomment="\n".join(filter(None, [note, entry.tcomment])))


def keys(segmented: Segmented) -> list[Key]:
    """The (msgctxt, msgid) of :func:`template`'s entries, in the same order, without their comments."""
    return list(dict.fromkeys((block.context, unit.text) for block in segmented.blocks for unit in block.units))


def reviewed_for(wanted: Iterable[Key], old: Catalog | None) -> dict[Key, str]:
    """What :func:`reviewed_translations` would give after :func:`merge`, without merging.

    ``wanted``: the post's :func:`keys`. A unit keeps a reviewed translation only through
    an exact or re-wrapped match, so the fuzzy matching and obsolete handling of a merge
    are not needed to know it.
    """
    previous = _Previous(old)
    found = {}
    for key in wanted:
        hit = previous.find(key)
        if hit is not None and hit.msgstr and "fuzzy" not in hit.flags:
            found[key] = hit.msgstr
    return found


def merge(entries: Sequence[TemplateEntry], old: Catalog | None, *,
          threshold: float = 0.6) -> tuple[list[Entry], MergeReport]:
    """msgmerge: keep translations, fuzzy-match changed units, obsolete removed ones."""
    if old is None:  # a new catalog (a cold extract): every entry is new, nothing to match
        return [_fresh(item) for item in entries], MergeReport(new=len(entries))
    report = MergeReport()
    previous = _Previous(old)
    olds = previous.entries
    used: set[int] = set()
    result: list[Entry | None] = []
    pending: list[int] = []
    for n, item in enumerate(entries):
        match = previous.find((item.msgctxt, item.msgid))
        if match is None:
            pending.append(n)
            result.append(None)
            continue
        used.add(id(match))
        _count_match(report, match, item)
        result.append(_carry(item, match, previous=match.previous_msgid if match.msgid == item.msgid else None))
    spare = [e for e in olds if e.msgstr and not e.msgid_plural and id(e) not in used]
    for n in pending:
        base = _closest(entries[n], spare, threshold)
        report.fuzzy += base is not None
        report.new += base is None
        result[n] = _fuzzy_from(entries[n], base) if base else _fresh(entries[n])
        if base is not None:
            used.add(id(base))
    active = {(e.msgctxt, e.msgid) for e in result if e is not None}
    obsolete = list({(e.msgctxt, e.msgid): obsoleted(e) for e in olds
                     if e.translated and id(e) not in used and (e.msgctxt, e.msgid) not in active}.values())
    were_obsolete = _obsolete_keys(old)  # once: per entry it made the merge quadratic in obsolete entries
    report.obsolete = sum(1 for e in obsolete if (e.msgctxt, e.msgid) not in were_obsolete)
    taken, number = active | {e.key for e in obsolete}, 2
    for loser in previous.duplicates:
        while (kept := _duplicate(loser, number)).key in taken:
            number += 1
        taken.add(kept.key)
        obsolete.append(kept)
    report.duplicates = len(previous.duplicates)
    return [e for e in result if e is not None] + obsolete, report


def _count_match(report: MergeReport, match: Entry, item: TemplateEntry) -> None:
    if match.obsolete:
        report.revived += 1
    elif match.msgid != item.msgid:
        report.rewrapped += 1
    else:
        report.kept += 1


def _obsolete_keys(old: Catalog | None) -> set[Key]:
    return {(e.msgctxt, e.msgid) for e in old.obsolete_entries()} if old is not None else set()


def _closest(item: TemplateEntry, spare: list[Entry], threshold: float) -> Entry | None:
    choices = [e for e in spare if e.msgctxt == item.msgctxt]
    if not choices:
        return None
    from rapidfuzz import fuzz, process  # here: reading a catalog (build, status) needs no fuzzy matching

    best = process.extractOne(item.msgid, [e.msgid for e in choices], scorer=fuzz.ratio,
                              score_cutoff=threshold * 100)
    return choices[best[2]] if best else None


def _fresh(item: TemplateEntry) -> Entry:
    return Entry(msgctxt=item.msgctxt, msgid=item.msgid, occurrences=item.occurrences, comment=item.comment)


def _carry(item: TemplateEntry, old: Entry, *, previous: str | None) -> Entry:
    flags = tuple(f for f in old.flags if f != "fuzzy" or old.msgstr) if old.flags else ()
    # One constructor call, not _fresh + replace: this runs for every entry of every post.
    return Entry(msgctxt=item.msgctxt, msgid=item.msgid, occurrences=item.occurrences, comment=item.comment,
                 msgstr=old.msgstr, tcomment=old.tcomment, flags=flags,
                 previous_msgid=previous if "fuzzy" in flags else None)


def _fuzzy_from(item: TemplateEntry, base: Entry) -> Entry:
    entry = _carry(item, base, previous=None)
    # The previous msgid is what the old translation translated, so a reviewer sees the diff.
    previous = base.previous_msgid if base.fuzzy and base.previous_msgid else base.msgid
    return replace(entry, flags=entry.flags if entry.fuzzy else (*entry.flags, "fuzzy"), previous_msgid=previous)


# --- files ------------------------------------------------------------------------------

def read_po(path: Path, *, display: str | None = None) -> Catalog | None:
    """Parse a PO file (None when it does not exist); raises InputError naming file and line."""
    return _read(path, display=display)


def read_reviewed(path: Path, wanted: Sequence[Key], *, display: str | None = None) -> dict[Key, str] | None:
    """``reviewed_for(wanted, <the PO file>)``, reading only what that needs; None when there is no PO file.

    ``wanted``: distinct keys (:func:`keys`). A file of plain entries with distinct keys that
    holds every wanted key, as extract leaves it, is read into tuples, no :class:`Entry`
    (a third of the reading): each key's translation is then its own entry's (no duplicate to
    rank, no re-wrapped msgid to look for). Any other file goes through the entries.
    """
    name = display or path.as_posix()
    data = read_bytes(path, display=name)
    if data is None:
        return None
    plain = plain_entries(data)
    if plain is not None:
        found = {(ctxt, msgid): (msgstr, flags) for ctxt, msgid, msgstr, flags in plain}
        if len(found) == len(plain) and all(key in found for key in wanted):
            return {key: msgstr for key in wanted for msgstr, flags in (found[key],) if msgstr and "fuzzy" not in flags}
    return reviewed_for(wanted, translations(data, display=name))


def header(lang: str, post_display: str, *, created: str, revised: str,
           kept: Mapping[str, str] | None = None) -> dict[str, str]:
    """Header fields msgfmt -c requires, with dates that only move when the content does.

    ``kept``: fields of the file's own header that stay as they are (see :func:`_kept`).
    """
    kept = kept or {}
    return {
        "Project-Id-Version": post_display,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": revised,
        "Last-Translator": "",
        "Language-Team": kept.get("Language-Team") or display_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": kept.get("Plural-Forms") or plural_forms(lang),
        "X-Generator": kept.get("X-Generator") or f"l10n-blog {__version__}",
    }


def _kept(old: Catalog | None, lang: str) -> dict[str, str]:
    """What a file's header keeps, as msgmerge leaves it alone: the version that created the file,
    and (same language) the team name and plural forms. So a new release of the tool, or of
    babel's locale data, rewrites no PO file of a site, and babel loads only for a new file."""
    if old is None:
        return {}
    fields = ("X-Generator", *(("Language-Team", "Plural-Forms") if old.metadata.get("Language") == lang else ()))
    return {key: old.metadata[key] for key in fields if old.metadata.get(key)}


def timestamp(now: Callable[[], datetime] | None = None) -> str:
    moment = now() if now else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M%z")


def save(path: Path, entries: Sequence[Entry], *, lang: str, post_display: str,
         old: Catalog | None, now: Callable[[], datetime] | None = None, display: str | None = None,
         expect: bytes | None | object = ANY) -> bool:
    """Write a catalog atomically; the revision date changes only when an entry did. True if written.

    ``expect``: the bytes ``old`` was read from, to write only if the file still holds them
    (raises :class:`l10n.files.Changed` otherwise); :func:`l10n.po.store.save_merged` uses it.
    A post with nothing to translate gets no PO file: a header-only catalog is one that
    ``msgcat --no-wrap`` would turn into an empty file, so no tool could keep it as written.
    """
    if not entries and old is None:
        return False
    stamp = timestamp(now)
    created = old.metadata.get("POT-Creation-Date", stamp) if old is not None else stamp
    revised = old.metadata.get("PO-Revision-Date", stamp) if old is not None else stamp
    kept = _kept(old, lang)
    data = render(entries, header(lang, post_display, created=created, revised=revised, kept=kept)).encode("utf-8")
    # The bytes ``old`` was read from (a compare-and-swap's ``expect``) are the file's, or the write fails.
    if old is not None and data != (expect if isinstance(expect, bytes) else read_bytes(path, display=display)):
        data = render(entries, header(lang, post_display, created=created, revised=stamp, kept=kept)).encode("utf-8")
    return write_atomic(path, data, display=display, expect=expect)


def count(entries: Iterable[Entry]) -> Counts:
    tally = {s: 0 for s in STATES}
    judged = 0
    for entry in entries:
        if not entry.obsolete:
            tally[state(entry)] += 1
            judged += "approved: " in entry.tcomment and not entry.fuzzy and _judge_approved(entry)
    return Counts(**tally, judge_approved=judged)


def _judge_approved(entry: Entry) -> bool:
    from l10n.po.notes import notes

    return notes(entry.tcomment, msgid=entry.msgid, msgstr=entry.msgstr).approval is not None


def reviewed_translations(entries: Iterable[Entry]) -> dict[Key, str]:
    """(msgctxt, msgid) -> msgstr for every reviewed entry: what the builder may use."""
    return {(e.msgctxt, e.msgid): e.msgstr for e in entries if not e.obsolete and state(e) == "reviewed"}
