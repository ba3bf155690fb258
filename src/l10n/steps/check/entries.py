"""Checks of one translation: a reviewed entry must be publishable as it is.

``l10n-blog check`` runs them on reviewed entries; ``l10n-blog review`` shows them on drafts. A
translator comment ``l10n: allow-<name>`` switches a check off for one entry, where the
row says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from l10n.mt import qa
from l10n.mt.glossary import terms_in, uses_term
from l10n.mt.markup import compare_markup
from l10n.steps.check.issue import Check, Finding, Issue

if TYPE_CHECKING:
    from l10n.mt.glossary import Glossary
    from l10n.po.model import Entry

_ALLOW = re.compile(r"^\s*l10n:(.*)$", re.M)
_PROBLEM = re.compile(r"^problem: (.*)$", re.M)  # written by `l10n-blog translate` beside a repaired draft
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
    return [Finding(f"markup problem noted by `l10n-blog translate`: {m.group(1)}")
            for m in _PROBLEM.finditer(t.entry.tcomment or "") if not qa.is_note(m.group(1))]


def check_glossary(t: Translation) -> list[Finding]:
    if t.glossary is None or allowed(t.entry, "glossary"):
        return []
    return [Finding(f"glossary term 「{source}」 is not translated as \"{target}\"",
                    fix=f"use \"{target}\" (or add the comment `l10n: allow-glossary`)")
            for source, target in terms_in(t.glossary, t.entry.msgid) if not uses_term(t.entry.msgstr, target)]


def check_japanese(t: Translation) -> list[Finding]:
    if re.split(r"[-_]", t.lang)[0] in ("ja", "zh") or allowed(t.entry, "japanese"):
        return []
    return [Finding(message) for message in qa.check_japanese(qa.Pair(t.entry.msgid, t.entry.msgstr))]


def check_qa(t: Translation) -> list[Finding]:
    """The QA checks the rows above do not cover (numbers, placeholders, chatter, doubled words, length).

    Their ``problem:`` notes on a draft are judged again here, on the approved text. The length
    model is the default one: fitting the site's would read every PO file on each run.
    """
    if allowed(t.entry, "qa"):
        return []
    pair = qa.Pair(t.entry.msgid, t.entry.msgstr, t.glossary)
    return [Finding(str(p), severity=p.severity) for p in qa.run(pair, families=("text",))
            if not allowed(t.entry, p.check)]


ENTRY_CHECKS: tuple[Check[Translation], ...] = (
    Check("newline", "error", check_newlines, "make the line breaks at both ends match the source"),
    Check("markup", "error", check_markup,
          "keep the source's links, code, HTML and emphasis (or add the comment `l10n: allow-markup`)"),
    Check("problem", "error", check_problem_notes,
          "fix the translation against the source, then delete the `# problem:` comment"),
    Check("glossary", "error", check_glossary, "use the glossary's translation"),
    Check("japanese", "error", check_japanese,
          "translate it (or add the comment `l10n: allow-japanese` if it is meant to stay)"),
    Check("qa", "error", check_qa, "fix the translation against the source (or add the comment `l10n: allow-qa`)"),
)


def entry_issues(entry: Entry, path: str, *, lang: str, glossary: Glossary | None) -> list[Issue]:
    """Everything wrong with one translation (``path`` is the PO file's display path)."""
    if not entry.msgstr:
        return []
    subject = Translation(entry, lang, glossary)
    return [issue for row in ENTRY_CHECKS for issue in row.issues(subject, path=path, line=entry.linenum)]
