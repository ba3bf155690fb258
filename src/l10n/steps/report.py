"""``l10n-blog report``: what changed since a base revision and what needs review, for a pull request.

The base is a git revision (``origin/main`` in CI): its PO files are read with ``git show``,
so a report needs no second checkout. Every post whose Japanese or PO file differs from the
base is listed with its units that changed or still need a person: drafted, stale (with the
old Japanese), approved or edited in this change, and every problem the checks or
``translate`` found. The web app reads the same base to show what a redraft changed.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from l10n import project as site
from l10n.config import Config
from l10n.core.segment import Segmented
from l10n.errors import L10nError, UsageError
from l10n.mt.glossary import Glossary
from l10n.po import catalog, pofile
from l10n.po.model import Catalog, Entry
from l10n.po.notes import Notes, notes
from l10n.steps.check.entries import entry_issues
from l10n.steps.review import DiffOp, diff, glossary_for

Change = Literal["new", "drafted", "stale", "approved", "edited", "waiting", "problem"]


def word_diff(old: str, new: str) -> tuple[tuple[DiffOp, str], ...]:
    """Word-by-word diff of two English texts (a one-word change reads as one word)."""
    return diff(old, new, words=True)


def problems_of(entry: Entry, po_display: str, *, lang: str, glossary: Glossary | None) -> tuple[str, ...]:
    """What the check table finds in one entry (the ``problem:`` notes of ``translate`` included)."""
    return tuple(dict.fromkeys(issue.message for issue in entry_issues(entry, po_display, lang=lang,
                                                                         glossary=glossary)))


# --- the base revision ---------------------------------------------------------------------

class Base:
    """PO files and changed paths at a git revision of the site (``None``: no base, nothing changed)."""

    def __init__(self, config: Config, ref: str | None) -> None:
        self.config, self.ref = config, ref
        self._catalogs: dict[Path, Catalog | None] = {}

    def _git(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(["git", "-C", str(self.config.root), *args], capture_output=True, check=False)
        except OSError as exc:
            raise UsageError(f"git could not run: {exc}", hint="install git, or leave out --base") from exc

    def exists(self) -> bool:
        """True when the site is in a git work tree that knows the revision."""
        if self.ref is None:
            return False
        try:
            done = self._git("rev-parse", "--verify", "--quiet", f"{self.ref}^{{commit}}")
        except UsageError:
            return False
        return done.returncode == 0

    def check(self) -> None:
        if self.ref is not None and not self.exists():
            raise UsageError(f"base revision {self.ref!r} is not known to git in {self.config.root}",
                             hint="fetch it first (actions/checkout with fetch-depth: 0), or name another")

    def changed(self) -> set[str] | None:
        """Paths (relative to the site root) that differ from the base, working tree included."""
        if self.ref is None:
            return None
        done = self._git("diff", "--name-only", "--relative", "--no-renames", self.ref, "--", ".")
        untracked = self._git("ls-files", "--others", "--exclude-standard")
        return {line for out in (done.stdout, untracked.stdout) for line in out.decode("utf-8").splitlines()}

    def catalog(self, path: Path) -> Catalog | None:
        """The PO file at the base (None when it did not exist there, or there is no base)."""
        if self.ref is None:
            return None
        if path not in self._catalogs:
            rel = site.display(self.config, path)
            done = self._git("show", f"{self.ref}:./{rel}")
            try:
                self._catalogs[path] = pofile.parse(done.stdout.decode("utf-8")) if done.returncode == 0 else None
            except (pofile.ParseError, UnicodeDecodeError):
                self._catalogs[path] = None
        return self._catalogs[path]

    def reviewed_before(self, path: Path, entry: Entry) -> str | None:
        """The reviewed English the entry had at the base (under its current or previous msgid)."""
        old = self.catalog(path)
        if old is None:
            return None
        wanted = {(entry.msgctxt, entry.msgid), (entry.msgctxt, entry.previous_msgid)}
        for before in old:
            if (before.msgctxt, before.msgid) in wanted and catalog.state(before) == "reviewed":
                return str(before.msgstr)
        return None


# --- the report ----------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitReport:
    change: Change
    msgctxt: str | None
    msgid: str
    msgstr: str
    state: catalog.State
    line: int | None
    notes: Notes
    problems: tuple[str, ...]
    previous_msgid: str | None = None  # the old Japanese of a stale unit
    before: str | None = None  # the translation at the base, when it differed


@dataclass(frozen=True)
class PostReport:
    post: str
    po: str
    lang: str
    counts: catalog.Counts
    units: tuple[UnitReport, ...]

    @property
    def drafted(self) -> int:
        """Units drafted in this change: new drafts, and stale units whose English was redrafted."""
        return sum(u.change == "drafted" or (u.change == "stale" and u.before is not None) for u in self.units)

    @property
    def problems(self) -> int:
        return sum(bool(u.problems) for u in self.units)


@dataclass
class Report:
    base: str | None
    posts: list[PostReport] = field(default_factory=list)
    errors: list[L10nError] = field(default_factory=list)
    billed: int | None = None

    @property
    def drafted(self) -> int:
        return sum(p.drafted for p in self.posts)

    @property
    def awaiting(self) -> int:
        return sum(p.counts.needs_review for p in self.posts)

    @property
    def problems(self) -> int:
        return sum(p.problems for p in self.posts)

    @property
    def reviewed(self) -> int:
        return sum(u.change in ("approved", "edited") for p in self.posts for u in p.units)


def report(config: Config, requested: Iterable[Path] = (), *, base: str | None = None,
           billed: int | None = None) -> Report:
    """Posts that changed since ``base`` (every post needing work when there is no base)."""
    since = Base(config, base)
    since.check()
    changed = since.changed()
    result = Report(base, billed=billed)
    result.posts = site.each_post(config, requested,
                                  lambda item, lang: _post_report(config, lang, item, since, changed), result.errors)
    return result


def _post_report(config: Config, lang: str, segmented: Segmented, since: Base, changed: set[str] | None
                 ) -> PostReport | None:
    path = site.po_path(config, lang, segmented)
    po_display = site.display(config, path)
    touched = changed is None or bool({segmented.post.display, po_display} & changed)
    entries, _merge, _old = site.merged(config, lang, segmented)
    glossary = glossary_for(config, lang)
    before = {(e.msgctxt, e.msgid): e for e in since.catalog(path) or [] if not e.obsolete}
    # The post, not the #: reference, says where a unit is: references may carry no line.
    lines: dict[catalog.Key, int] = {}
    for block in segmented.blocks:
        for u in block.units:
            lines.setdefault((block.context, u.text), u.line)
    units = []
    for entry in entries:
        if entry.obsolete:
            continue
        earlier = before.get((entry.msgctxt, entry.msgid)) or before.get((entry.msgctxt, entry.previous_msgid or ""))
        unit = _unit(entry, earlier, since.ref is not None,
                     problems_of(entry, po_display, lang=lang, glossary=glossary),
                     lines.get((entry.msgctxt, entry.msgid)))
        if unit is not None:
            units.append(unit)
    counts = catalog.count(entries)
    if not touched or (changed is None and not units):
        return None
    return PostReport(segmented.post.display, po_display, lang, counts, tuple(units))


def _unit(entry: Entry, before: Entry | None, has_base: bool, problems: tuple[str, ...],
          line: int | None) -> UnitReport | None:
    state = catalog.state(entry)
    old_state = catalog.state(before) if before is not None else None
    same = before is not None and before.msgstr == entry.msgstr and old_state == state
    change: Change | None
    if state == "stale":
        change = "stale"
    elif state == "draft":
        change = "waiting" if same else "drafted"
    elif state == "reviewed" and has_base and not same:
        change = "approved" if before is not None and before.msgstr == entry.msgstr else "edited"
    elif state == "untranslated":
        change = "new" if before is None else None
    else:
        change = None
    if change is None and problems:
        change = "problem"
    if change is None:
        return None
    shown_before = before.msgstr if before is not None and before.msgstr != entry.msgstr and before.msgstr else None
    return UnitReport(change, entry.msgctxt, entry.msgid, entry.msgstr, state, line,
                      notes(entry.tcomment, msgid=entry.msgid, msgstr=entry.msgstr),
                      problems, entry.previous_msgid, shown_before)


# --- Markdown for a pull-request comment ----------------------------------------------------

def markdown(result: Report, *, artifact: str | None = None) -> str:
    """A short summary: one table of totals, then one line per post."""
    billed = (f"{result.billed:,}" if result.billed is not None
              else "not recorded (`l10n-blog translate` prints it; pass `--billed`)")
    since = f" since `{result.base}`" if result.base else ""
    lines = [
        f"### Translation report{since}", "",
        "| posts changed | units drafted | awaiting review | problems | reviewed in this change | characters billed |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(result.posts)} | {result.drafted} | {result.awaiting} | {result.problems} | {result.reviewed} "
        f"| {billed} |", "",
    ]
    for post in result.posts:
        c = post.counts
        lines.append(f"- `{post.post}` [{post.lang}]: {c.reviewed}/{c.total} reviewed, {c.draft} draft, "
                     f"{c.stale} stale, {c.untranslated} untranslated, {post.problems} with problems")
    if result.errors:
        lines += ["", f"**{len(result.errors)} error(s)**: " + "; ".join(str(e) for e in result.errors[:5])]
    if artifact:
        lines += ["", f"Side-by-side report: {artifact}"]
    return "\n".join(lines) + "\n"
