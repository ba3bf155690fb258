"""Matching with the loosened ``rules.PROTECT`` and ``rules.EVENTS``: exactly what the exact patterns find.

A few rare alternatives of the two patterns are compiled at import with their kana and kanji
classes loosened to a cheap superset, named ``maybe_*`` (see ``rules.MAYBE``); a match of one
is checked by its exact pattern, compiled on first use.
"""

from __future__ import annotations

import re
from re import Match

from l10n.core.sentences import rules as R


class _Recheck(Exception):
    """A loosened PROTECT alternative matched where the exact one does not match the same characters."""


def mask(m: Match[str]) -> str:
    """The placeholders for a PROTECT match (a ``maybe_*`` one as its exact one decides)."""
    try:
        return R.PLACEHOLDER[m.lastgroup or "email"] * (m.end() - m.start())
    except KeyError:  # a loosened alternative
        found = exact(m)
        if found is not None and found.end() == m.end():
            return mask(found)
        if found is None and m.lastgroup not in R.SEARCH_INSIDE:
            return m.group()  # nothing is masked here, and nothing starts inside it
        raise _Recheck from None  # the search must go on from another character


def protect(text: str) -> str:
    """``text`` with every stretch of the exact ``rules.PROTECT`` masked."""
    try:
        return R.PROTECT.sub(mask, text)
    except _Recheck:  # rare: search again, checking each loosened match as it comes
        pieces, last = [], 0
        for m in exact_matches(R.PROTECT, text):
            pieces += [text[last:m.start()], mask(m)]
            last = m.end()
        return "".join(pieces) + text[last:]


def exact(m: Match[str] | None) -> Match[str] | None:
    """``m``, or for a loosened alternative the exact one's match at its start (None if it fails)."""
    if m is None or m.lastgroup not in R.MAYBE:
        return m
    found: Match[str] | None = getattr(R, R.MAYBE[m.lastgroup]).match(m.string, m.start())
    return found


def exact_matches(pattern: re.Pattern[str], text: str) -> list[Match[str]]:
    """What ``pattern.finditer(text)`` gives, each loosened alternative's match replaced by the exact one's.

    Where the exact one does not match there, the search goes on at the next character, as the
    exact pattern's own search would.
    """
    found: list[Match[str]] = []
    pos = 0
    while True:
        for m in pattern.finditer(text, pos):
            if m.lastgroup in R.MAYBE:
                checked = exact(m)
                if checked is None or checked.end() != m.end():
                    if checked is not None:
                        found.append(checked)
                    pos = checked.end() if checked is not None else m.start() + 1
                    break
                m = checked
            found.append(m)
        else:
            return found
