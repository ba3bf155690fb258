"""Checks of one post in one language (its PO file and localized post), and of the source post."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from l10n.config import Config, Require
from l10n.core import coverage
from l10n.core.post import line_of
from l10n.core.segment import Segmented
from l10n.po import catalog
from l10n.steps import build as build_step
from l10n.steps.check import msgfmt
from l10n.steps.check.issue import Check, Finding
from l10n.steps.check.links import check_links
from l10n.steps.sitelinks import SiteLinks

if TYPE_CHECKING:
    from l10n.po.model import Catalog, Entry


@dataclass(frozen=True)
class Localized:
    """One post in one language, as the checks see it: the PO file as it is (``old``) and as
    ``extract`` would write it (``entries``), and the localized post's bytes."""

    config: Config
    lang: str
    segmented: Segmented
    po_display: str
    old: Catalog | None
    entries: list[Entry]
    report: catalog.MergeReport
    output: bytes | None
    output_display: str
    limit: float
    require: Require
    msgfmt: str | None
    links: SiteLinks | None = None

    @property
    def reaches_threshold(self) -> bool:
        return catalog.count(self.entries).reaches(self.limit)


def check_po_missing(c: Localized) -> list[Finding]:
    if c.old is not None or not c.entries:  # a post with nothing to translate has no PO file
        return []
    return [Finding(f"has no PO file {c.po_display} yet", path=c.segmented.post.display)]


def check_po_current(c: Localized) -> list[Finding]:
    """The PO file holds what ``extract`` would write; formatting (an editor's wrapping, the header) is ignored."""
    if c.old is None:
        return []
    now, before = [_signature(e) for e in c.entries], [_signature(e) for e in c.old]
    if now == before:
        return []
    first = next((i for i, (a, b) in enumerate(zip(now, before)) if a != b), min(len(now), len(before)))
    line = None
    if first < len(c.entries) and not c.entries[first].obsolete:  # the post says where (#: may have no line)
        key = (c.entries[first].msgctxt, c.entries[first].msgid)
        line = next((u.line for b in c.segmented.blocks for u in b.units if (b.context, u.text) == key), None)
    r = c.report
    parts = [f"{n} {what}" for n, what in ((r.new, "new"), (r.fuzzy + r.rewrapped, "changed"),
                                           (r.obsolete, "removed"), (r.revived, "restored"),
                                           (r.duplicates, "duplicated")) if n]
    comments = first < min(len(now), len(before)) and now[first][7] != before[first][7]
    detail = ", ".join(parts) + " unit(s)" if parts else "#. comments changed" if comments else "line references moved"
    return [Finding(f"changed since {c.po_display} was extracted ({detail})", line=line,
                    path=c.segmented.post.display)]


def _signature(entry: Entry) -> tuple[Any, ...]:
    """What ``extract`` writes of an entry, blind to how an editor wrapped or ordered it."""
    flags = sorted(f for f in entry.flags if f != "fuzzy" or entry.msgstr)
    # References compared as the text of the #: lines: a name with a space is written with a
    # no-break space, which PO readers may split on; the joined text is the same either way.
    refs = " ".join(f"{name}:{line}" if line else name for name, line in entry.occurrences).replace("\u00a0", " ")
    return (entry.obsolete, entry.msgctxt, entry.msgid, entry.msgstr, flags, entry.previous_msgctxt,
            entry.previous_msgid, entry.comment if not entry.obsolete else "", entry.tcomment,
            refs if not entry.obsolete else "")


def check_msgfmt(c: Localized) -> list[Finding]:
    if c.old is None or c.msgfmt is None:
        return []
    return [Finding(f"msgfmt: {text}", line=line, severity=severity,
                    fix=_DUPLICATE_FIX if "duplicate message" in text else None)
            for line, severity, text in msgfmt.complaints(c.msgfmt, c.config.root, c.po_display)]


# Safe since extract keeps every translation of a duplicated entry (l10n.po.catalog._Previous).
_DUPLICATE_FIX = ("run `l10n-blog extract`: it keeps the translated copy and the other translations as obsolete "
                  "`(duplicate N)` entries, so nothing is lost")


def check_output_missing(c: Localized) -> list[Finding]:
    """A post that ``build`` would write is not built (below the threshold, the row "threshold" tells what to do)."""
    if c.old is None or c.output is not None or not c.reaches_threshold:
        return []
    return [Finding(f"is reviewed for {c.lang} but {c.output_display} is not built", path=c.segmented.post.display)]


def check_output_current(c: Localized) -> list[Finding]:
    """The localized post is what ``build`` writes now (only when build would write it)."""
    if c.old is None or c.output is None or not c.reaches_threshold:
        return []
    expected = c.segmented.post.encode(build_step.expected_output(c.config, c.lang, c.segmented, c.entries, c.links))
    if c.output == expected:
        return []
    return [Finding("differs from what `l10n-blog build` writes now", line=_first_difference(c.output, expected),
                    path=c.output_display)]


def _first_difference(a: bytes, b: bytes) -> int:
    for number, (x, y) in enumerate(zip(a.split(b"\n"), b.split(b"\n")), 1):
        if x != y:
            return number
    return min(a.count(b"\n"), b.count(b"\n")) + 1


def check_threshold(c: Localized) -> list[Finding]:
    """Posts below the reviewed share (with the scope "published", only those with a localized version)."""
    published = c.output is not None
    if c.old is None or c.reaches_threshold or (c.require == "published" and not published):
        return []
    counts = catalog.count(c.entries)
    pending = [e for e in c.old if not e.obsolete and catalog.state(e) != "reviewed"]
    where = f"; {c.output_display} is published" if published else ""
    message = (f"{math.floor(100 * counts.share)}% reviewed, the site needs {math.ceil(100 * c.limit)}% "
               f"({counts.needs_review} to review, {counts.untranslated} untranslated{where})")
    return [Finding(message, line=pending[0].linenum if pending else None,
                    fix=f"translate and review them: `l10n-blog review {c.segmented.post.display}` or a PO editor")]


def check_judge_approved(c: Localized) -> list[Finding]:
    """Units published on the judge's word alone (``judge.approve_at``): a warning, an error with
    ``judge.check = "refuse"``."""
    from l10n.po.notes import notes

    approved = [(e, a) for e in c.old or () if "approved" in e.tcomment  # (the note's word: a cheap first test)
                and not e.obsolete and catalog.state(e) == "reviewed"
                and (a := notes(e.tcomment, msgid=e.msgid, msgstr=e.msgstr).approval) is not None]
    if not approved:
        return []
    entry, approval = approved[0]
    refuse = c.config.judge.get("check", "warn") == "refuse"
    return [Finding(f"{len(approved)} unit(s) approved by the judge {approval.model}, not by a person",
                    line=entry.linenum, severity="error" if refuse else "warning",
                    fix="read them with `l10n-blog review --judge-approved` (accepting one makes it yours)"
                    + ("" if refuse else "; judge.check = \"refuse\" makes this an error"))]


CATALOG_CHECKS: tuple[Check[Localized], ...] = (
    Check("po-missing", "error", check_po_missing, "run `l10n-blog extract`"),
    Check("po-outdated", "error", check_po_current, "run `l10n-blog extract` and commit the PO file"),
    Check("msgfmt", "error", check_msgfmt, "fix the entry so that `msgfmt -c` accepts the file"),
    Check("output-missing", "error", check_output_missing, "run `l10n-blog build`"),
    Check("output-outdated", "error", check_output_current, "run `l10n-blog build` (edit the PO file, not this file)"),
    Check("threshold", "error", check_threshold, "translate and review them with `l10n-blog review` or a PO editor"),
    Check("link", "error", check_links, "fix the link in the Japanese post, then `l10n-blog build`"),
    Check("judge", "warning", check_judge_approved, "have a person review them"),
)


# --- the source post -----------------------------------------------------------------------

# A line such as ---END--- or === EOF === left by a draft or a generator: not Markdown
# anyone means to publish, but the author's to delete (the English post copies it as is).
_LEFTOVER = re.compile(r"^[ \t]*([-=#*~]{3,})[ \t]*([A-Z][A-Z _-]{1,20}?)[ \t]*\1[ \t]*$", re.M)


def check_leftovers(segmented: Segmented) -> list[Finding]:
    """Marker lines that Markdown reads as text (inside a code block, a marker is the author's content)."""
    post = segmented.post
    text_spans = [piece for block in segmented.blocks if block.kind != "frontmatter" for piece in block.pieces]
    return [Finding(f"`{m.group().strip()}` looks like a leftover marker, not part of the post",
                    line=line_of(post.text, m.start()))
            for m in _LEFTOVER.finditer(post.text, post.body_start)
            if any(start <= m.end() and m.start() <= end for start, end in text_spans)]


def check_coverage(segmented: Segmented) -> list[Finding]:
    """Japanese that no unit offers and that is not kept on purpose: the English post will show it."""
    post, lines = segmented.post, dict[int, tuple[int, str]]()
    for offset, construct in coverage.missed(segmented):
        lines.setdefault(line_of(post.text, offset), (offset, construct))
    found = []
    for line, (offset, construct) in sorted(lines.items()):
        start = post.text.rfind("\n", 0, offset) + 1
        shown = post.text[start:].split("\n", 1)[0].strip()
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        found.append(Finding(f"Japanese that no unit offers ({construct}) stays in the translation: {shown}",
                             line=line))
    return found


POST_CHECKS: tuple[Check[Segmented], ...] = (
    Check("leftover", "warning", check_leftovers, "delete it from the Japanese post if it should not be published"),
    Check("coverage", "warning", check_coverage,
          "rewrite it as Markdown text, or keep it on purpose in code, a comment or an untranslated key"),
)
