"""``l10n-blog review``: go through drafts and stale translations one unit at a time.

:class:`ReviewSession` never touches the terminal: it asks for keys and text through an
``ask`` function (None: end of input, e.g. Ctrl-D, which ends the session and saves nothing)
and reports what to show through a ``show`` function, so the CLI drives it
interactively and tests drive it with a list of keys. Every decision is saved at once: the
PO file is re-read, merged as ``extract`` would, changed in that one entry and written
atomically, so an interrupted session loses nothing and a new one resumes where it stopped.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from l10n import project as site
from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.errors import L10nError
from l10n.mt.glossary import Glossary, load_glossary
from l10n.po import catalog
from l10n.po.model import reviewed
from l10n.po.notes import notes, previous_translation
from l10n.steps.check.entries import entry_issues
from l10n.steps.check.issue import Issue

if TYPE_CHECKING:

    from l10n.mt.memory import Memory

Action = Literal["accept", "paragraph", "post", "edit", "editor", "skip", "back", "view", "next-post",
                 "previous-post", "quit"]
KEYS: dict[str, Action] = {"a": "accept", "p": "paragraph", "P": "post", "e": "edit", "E": "editor", "s": "skip",
                           "b": "back", "v": "view", ">": "next-post", "<": "previous-post", "q": "quit"}
HELP = ("keys: [a]ccept  [p] accept rest of paragraph  [P] rest of post  [e]dit  [E] $EDITOR  [s]kip  [b]ack  "
        "[v]iew paragraph  [<] [>] post  [q]uit")
DiffOp = Literal["equal", "delete", "insert"]
_WORD = re.compile(r"\s+|\w+|[^\w\s]")  # English words, spaces and punctuation
Asker = Callable[["Ask"], "str | None"]  # a key or a line of text; None at end of input


@dataclass(frozen=True)
class Item:
    """One unit to review, with what a reviewer needs to judge it."""

    segmented: Segmented
    lang: str
    msgctxt: str | None
    msgid: str
    msgstr: str
    state: catalog.State
    previous_msgid: str | None
    origin: str  # the translator comment, e.g. "machine translation (deepl)"
    where: str  # from the extracted comment, e.g. "paragraph, sentence 2 of 3" (catalog.location)
    line: int | None  # in the post
    paragraph: str  # the unit's block, so the sentence is seen in its context
    span: tuple[int, int]  # the unit inside ``paragraph``
    problems: tuple[Issue, ...]
    score: int | None = None  # the judge's, when it scored this very draft (l10n.po.notes)
    judge_approved: bool = False  # approved by the judge (judge.approve_at), not by a person

    @property
    def post(self) -> str:
        return self.segmented.post.display

    @property
    def before(self) -> str | None:
        """The translation a redraft replaced (its ``previous:`` note), to show the draft as a word diff."""
        return previous_translation(self.origin)


@dataclass(frozen=True)
class Ask:
    """What the session wants next: a key, or a line of text (``default`` is the current draft)."""

    kind: Literal["key", "text"]
    prompt: str
    default: str = ""


@dataclass(frozen=True)
class Shown:
    """Something for the user: an item to judge (``item`` set) or a short notice."""

    kind: Literal["item", "notice", "saved"]
    text: str = ""
    item: Item | None = None
    position: int = 0
    total: int = 0


@dataclass(frozen=True)
class Summary:
    accepted: int
    edited: int
    skipped: int
    remaining: int
    quit: bool


def diff(old: str, new: str, *, words: bool = False) -> tuple[tuple[DiffOp, str], ...]:
    """What changed from ``old`` to ``new``: by character (the Japanese source) or by word (English)."""
    a, b = (_WORD.findall(old), _WORD.findall(new)) if words else (list(old), list(new))
    out: list[tuple[DiffOp, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(("delete", "".join(a[a1:a2])))
        if op in ("insert", "replace"):
            out.append(("insert", "".join(b[b1:b2])))
        if op == "equal":
            out.append(("equal", "".join(a[a1:a2])))
    return tuple(out)


# --- items -------------------------------------------------------------------------------

def items_of(config: Config, lang: str, segmented: Segmented, *, glossary: Glossary | None,
             include_untranslated: bool = False, judge_approved: bool = False) -> list[Item]:
    """The units of one post that need review, in PO order (as ``extract`` would leave them); with
    ``judge_approved``, also the entries the judge approved (a person may want to read them)."""
    entries, _report, _old = site.merged(config, lang, segmented)
    wanted = {"draft", "stale"} | ({"untranslated"} if include_untranslated else set())
    places = _places(segmented)
    # The post, not the #: reference, says where a unit is: references may carry no line.
    lines: dict[catalog.Key, int] = {}
    for block in segmented.blocks:
        for unit in block.units:
            lines.setdefault((block.context, unit.text), unit.line)
    po_display = site.display(config, site.po_path(config, lang, segmented))
    out = []
    for entry in entries:
        state = catalog.state(entry)
        judged = notes(entry.tcomment, msgid=entry.msgid, msgstr=entry.msgstr)
        approved = state == "reviewed" and judged.approval is not None
        if entry.obsolete or not (state in wanted or (judge_approved and approved)):
            continue
        paragraph, span = places.get((entry.msgctxt, entry.msgid), (entry.msgid, (0, len(entry.msgid))))
        line = lines.get((entry.msgctxt, entry.msgid))
        out.append(Item(
            segmented, lang, entry.msgctxt, entry.msgid, entry.msgstr, state, entry.previous_msgid,
            entry.tcomment, catalog.where(entry.comment), line, paragraph, span,
            tuple(entry_issues(entry, po_display, lang=lang, glossary=glossary)), judged.score, approved,
        ))
    return out


def collect(config: Config, requested: Iterable[Path], *, lang: str, glossary: Glossary | None,
            include_untranslated: bool = False, judge_approved: bool = False) -> tuple[list[Item], list[L10nError]]:
    """The items to review in the selected posts and the errors of posts that could not be read.

    Order: drafts with problems first, then the judge's scores from the lowest up, then the
    rest in post order (stable: without a judge, post order after the problems).
    """
    errors: list[L10nError] = []
    found = site.each_post(config, requested, lambda segmented, lang_: items_of(
        config, lang_, segmented, glossary=glossary, include_untranslated=include_untranslated,
        judge_approved=judge_approved), errors, languages=[lang])
    return sorted((item for items in found for item in items), key=_queue_order), errors


def queue_key(has_problems: bool, score: int | None) -> tuple[bool, bool, int]:
    """The review order: problems first, then the judge's scores from the lowest up, then unscored."""
    return (not has_problems, score is None, score or 0)


def _queue_order(item: Item) -> tuple[bool, bool, int]:
    return queue_key(bool(item.problems), item.score)


def _places(segmented: Segmented) -> dict[catalog.Key, tuple[str, tuple[int, int]]]:
    places: dict[catalog.Key, tuple[str, tuple[int, int]]] = {}
    for block in segmented.blocks:
        for unit in block.units:
            places.setdefault((block.context, unit.text), (block.content, (unit.start, unit.end)))
    return places


def glossary_for(config: Config, lang: str) -> Glossary | None:
    return load_glossary(config.glossary_path(lang), source_lang=config.source_lang, target_lang=lang)


# --- saving --------------------------------------------------------------------------------

def save_decision(config: Config, item: Item, msgstr: str, *, now: Callable[[], datetime] | None = None) -> bool:
    """Mark the item's entry reviewed with ``msgstr``; False when the entry is gone from the post."""
    entries, _report, _old = site.merged(config, item.lang, item.segmented)
    found = next((e for e in entries if not e.obsolete and e.key == (item.msgctxt, item.msgid)), None)
    if found is None:
        return False
    site.save_po(config, item.lang, item.segmented, {found.key: reviewed(found, msgstr)}, {found.key: found}, now=now)
    return True


def fit_newlines(msgid: str, text: str) -> str:
    """Typed text with the source's leading/trailing line breaks, which msgfmt requires to agree."""
    text = text.strip()
    return ("\n" if msgid.startswith("\n") else "") + text + ("\n" if msgid.endswith("\n") else "")


class MemoryRecorder:
    """Remembers reviewed translations; the memory is opened on first use and never blocks a review."""

    def __init__(self, config: Config, *, clock: Callable[[], float] = time.time) -> None:
        self.config, self.clock = config, clock
        self._memory: Memory | None = None

    def __call__(self, item: Item, msgstr: str) -> None:
        from l10n.mt.memory import Memory, MemoryEntry

        if self._memory is None:
            self._memory = Memory.open(self.config.root / self.config.memory)
        self._memory.remember_many([MemoryEntry(
            source=item.msgid, target=msgstr, source_lang=self.config.source_lang, target_lang=item.lang,
            origin="reviewed", reviewed=True, time=self.clock(),
        )])

    def close(self) -> None:
        if self._memory is not None:
            self._memory.close()


# --- the session ---------------------------------------------------------------------------

class ReviewSession:
    """Walks through ``items``; every accept or edit is written to the PO file at once."""

    def __init__(self, config: Config, items: list[Item], *, show: Callable[[Shown], None],
                 ask: Asker | None = None, editor: Callable[[str], str | None] | None = None,
                 remember: Callable[[Item, str], None] | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        self.config, self.items, self.show, self.ask = config, list(items), show, ask
        self.editor, self.remember, self.now = editor, remember, now
        self.decided: dict[int, str] = {}
        self.counts = {"accepted": 0, "edited": 0, "skipped": 0}

    def run(self, keys: Iterable[str] | None = None) -> Summary:
        """Review until the items are done or the user quits; ``keys`` replaces ``ask`` (for tests)."""
        ask = self.ask if keys is None else _from(iter(keys))
        if ask is None:
            raise ValueError("ReviewSession.run needs keys or an ask function")
        index, quit_ = 0, False
        while 0 <= index < len(self.items):
            item = self.items[index]
            self.show(Shown("item", item=item, position=index + 1, total=len(self.items)))
            step = self._decide(index, item, ask)
            if step is None:
                quit_ = True
                break
            index = max(index + step, 0)
        remaining = sum(1 for n in range(len(self.items)) if n not in self.decided)
        return Summary(self.counts["accepted"], self.counts["edited"], self.counts["skipped"], remaining, quit_)

    def _decide(self, index: int, item: Item, ask: Asker) -> int | None:
        """How far to move after the user's choice for ``item``; None to stop."""
        while True:
            key = ask(Ask("key", HELP))
            if key is None:  # end of input
                return None
            action = KEYS.get(key.strip()[:1])
            if action == "quit":
                return None
            if action == "skip":
                self.counts["skipped"] += 1
                return 1
            if action == "back":
                return -1 if index else 0
            if action in ("paragraph", "post"):
                return self._accept_rest(index, item, whole_post=action == "post")
            if action == "view":
                self.show(Shown("notice", self.paragraph_view(item)))
                continue
            if action in ("next-post", "previous-post"):
                return self._other_post(index, item, forward=action == "next-post")
            if action in ("accept", "edit", "editor"):
                done = self._act(index, item, action, ask)
                if done is None:
                    return None
                if done:
                    return 1
            if action is None:
                self.show(Shown("notice", f"unknown key {key.strip()!r}"))

    def _act(self, index: int, item: Item, action: Action, ask: Asker) -> bool | None:
        """Whether the item was decided; None at end of input (nothing saved, the session ends)."""
        if action == "accept":
            if not item.msgstr:
                self.show(Shown("notice", "nothing to accept: press e to type a translation"))
                return False
            return self._save(index, item, item.msgstr, "accepted")
        if action == "editor" and self.editor is None:
            self.show(Shown("notice", "no editor available: set $EDITOR, or press e"))
            return False
        if action == "editor" and self.editor is not None:
            typed = self.editor(item.msgstr)
        else:
            typed = ask(Ask("text", "translation", item.msgstr))
            if typed is None:
                return None
        if typed is None or not typed.strip():
            self.show(Shown("notice", "unchanged"))
            return False
        return self._save(index, item, fit_newlines(item.msgid, typed), "edited")

    def paragraph_view(self, item: Item) -> str:
        """The item's paragraph in Japanese, then in English as the PO file has it now (reviewed or
        draft; a unit without a translation stays Japanese, in 「」)."""
        entries, _report, _old = site.merged(self.config, item.lang, item.segmented)
        known = {(e.msgctxt, e.msgid): e.msgstr for e in entries if not e.obsolete}
        block = next((b for b in item.segmented.blocks if b.content == item.paragraph), None)
        units = block.units if block is not None else ()
        english = [known.get((block.context, u.text)) or f"「{u.text}」" for u in units if block is not None]
        return f"{item.paragraph}\n\n{' '.join(english) or item.msgstr}"

    def _other_post(self, index: int, item: Item, *, forward: bool) -> int:
        """How far the first item of the next (or previous) post is; 0 when there is none."""
        order = list(dict.fromkeys(other.post for other in self.items))
        target = order.index(item.post) + (1 if forward else -1)
        if not 0 <= target < len(order):
            self.show(Shown("notice", "no next post" if forward else "no previous post"))
            return 0
        first = next(n for n, other in enumerate(self.items) if other.post == order[target])
        return first - index

    def _accept_rest(self, index: int, item: Item, *, whole_post: bool) -> int:
        """Accept this item and the drafts after it in its paragraph (or post), up to the first one with a
        problem or no draft: the reviewer read them in the paragraph shown. Returns how far to move."""
        end = index
        while end < len(self.items):
            other = self.items[end]
            if other.post != item.post or not (whole_post or other.paragraph == item.paragraph):
                break
            if not other.msgstr or (end > index and other.problems):
                break
            end += 1
        for n in range(index, end):
            if n not in self.decided:
                self._save(n, self.items[n], self.items[n].msgstr, "accepted")
        if end == index:
            self.show(Shown("notice", "nothing to accept: press e to type a translation"))
        return end - index

    def _save(self, index: int, item: Item, msgstr: str, outcome: str) -> bool:
        if not save_decision(self.config, item, msgstr, now=self.now):
            self.show(Shown("notice", "this unit is no longer in the post (it changed); skipped"))
            return True
        self.items[index] = replace(item, msgstr=msgstr, state="reviewed", previous_msgid=None)
        self.decided[index] = msgstr
        self.counts[outcome] += 1
        po_path = site.po_path(self.config, item.lang, item.segmented)
        self.show(Shown("saved", f"{outcome}: saved to {site.display(self.config, po_path)}"))
        if self.remember is not None:
            try:
                self.remember(item, msgstr)
            except L10nError as exc:  # the PO file is the record; the memory is a convenience
                self.show(Shown("notice", f"not remembered in the translation memory: {exc}"))
        return True


def _from(keys: Iterator[str]) -> Asker:
    def ask(_question: Ask) -> str | None:
        return next(keys, None)

    return ask
