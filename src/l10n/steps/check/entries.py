"""Checks of one translation: a reviewed entry must be publishable as it is.

``l10n check`` runs them on reviewed entries; ``l10n review`` shows them on drafts. A
translator comment ``l10n: allow-<name>`` switches a check off for one entry, where the
row says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from l10n.core.text import JAPANESE
from l10n.mt.glossary import terms_in, uses_term
from l10n.mt.markup import compare_markup, to_xml
from l10n.steps.check.issue import Check, Finding, Issue

if TYPE_CHECKING:
    from l10n.mt.backends import Glossary
    from l10n.po.model import Entry

_ALLOW = re.compile(r"^\s*l10n:(.*)$", re.M)
_PROBLEM = re.compile(r"^problem: (.*)$", re.M)  # written by `l10n translate` beside a repaired draft
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Translation:
    """One entry as a check sees it: the entry, its language and the glossary of that language."""

    entry: Entry
    lang: str
    glossary: Glossary | None


def allowed(entry: Entry, check: str) -> bool:
    """True when a translator comment ``l10n: allow-<check>`` switches the check off for the entry."""
    return any(f"allow-{check}" in m.group(1).replace(",", " ").split() for m in _ALLOW.finditer(entry.tcomment or ""))


def check_newlines(t: Translation) -> list[Finding]:
    """msgfmt -c rejects a file whose msgid and msgstr disagree on a leading or trailing newline."""
    found = []
    for side, test in (("begin", str.startswith), ("end", str.endswith)):
        if test(t.entry.msgid, "\n") != test(t.entry.msgstr, "\n"):
            verb = "add" if test(t.entry.msgid, "\n") else "remove"
            found.append(Finding(f"msgid and msgstr do not both {side} with a line break (msgfmt rejects this)",
                                 fix=f"{verb} the line break at the {side} of the translation"))
    return found


def check_markup(t: Translation) -> list[Finding]:
    if allowed(t.entry, "markup"):
        return []
    problems = compare_markup(t.entry.msgid, t.entry.msgstr)
    return [Finding("markup differs from the source: " + "; ".join(problems))] if problems else []


def check_problem_notes(t: Translation) -> list[Finding]:
    """A draft's markup was repaired or lost on the way back from the backend: approving it is not enough."""
    return [Finding(f"markup problem noted by `l10n translate`: {m.group(1)}")
            for m in _PROBLEM.finditer(t.entry.tcomment or "")]


def check_glossary(t: Translation) -> list[Finding]:
    if t.glossary is None or allowed(t.entry, "glossary"):
        return []
    return [Finding(f"glossary term 「{source}」 is not translated as \"{target}\"",
                    fix=f"use \"{target}\" (or add the comment `l10n: allow-glossary`)")
            for source, target in terms_in(t.glossary, t.entry.msgid) if not uses_term(t.entry.msgstr, target)]


def check_japanese(t: Translation) -> list[Finding]:
    if re.split(r"[-_]", t.lang)[0] in ("ja", "zh") or allowed(t.entry, "japanese"):
        return []
    # Only translatable text counts: code, URLs and HTML may hold Japanese on purpose.
    runs = list(dict.fromkeys(JAPANESE.findall(_TAG.sub(" ", to_xml(t.entry.msgstr).xml))))
    if not runs:
        return []
    shown = ", ".join(f"「{run}」" for run in runs[:3]) + (", …" if len(runs) > 3 else "")
    return [Finding(f"Japanese text left in the translation: {shown}")]


ENTRY_CHECKS: tuple[Check[Translation], ...] = (
    Check("newline", "error", check_newlines, "make the line breaks at both ends match the source"),
    Check("markup", "error", check_markup,
          "keep the source's links, code, HTML and emphasis (or add the comment `l10n: allow-markup`)"),
    Check("problem", "error", check_problem_notes,
          "fix the translation against the source, then delete the `# problem:` comment"),
    Check("glossary", "error", check_glossary, "use the glossary's translation"),
    Check("japanese", "error", check_japanese,
          "translate it (or add the comment `l10n: allow-japanese` if it is meant to stay)"),
)


def entry_issues(entry: Entry, path: str, *, lang: str, glossary: Glossary | None) -> list[Issue]:
    """Everything wrong with one translation (``path`` is the PO file's display path)."""
    if not entry.msgstr:
        return []
    subject = Translation(entry, lang, glossary)
    return [issue for row in ENTRY_CHECKS for issue in row.issues(subject, path=path, line=entry.linenum)]
