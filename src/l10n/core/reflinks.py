"""Shortcut and collapsed reference links stay links when their label is translated.

``[ラベル]`` (or ``[ラベル][]``) is a link only because the post defines ``[ラベル]: url``.
A translation that turns it into ``[Label]`` would drop the link, so the builder writes
``[Label][ラベル]``: the reader sees the translated text and the link keeps its definition.
"""

from __future__ import annotations

import re

_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:", re.M)
# [label] or [label][] not preceded by ] or ! (an image keeps its own form) and not followed by ( [ or :.
_SHORTCUT = re.compile(r"(?<![\]\\!])\[((?:[^\[\]\\]|\\.)+)\](\[\])?(?![\[(:])")


def normalize(label: str) -> str:
    """CommonMark's label matching: case-folded, inner whitespace collapsed."""
    return " ".join(label.split()).casefold()


def labels(text: str) -> frozenset[str]:
    """The normalized labels of the reference definitions in a post."""
    return frozenset(normalize(m.group(1)) for m in _DEFINITION.finditer(text))


def keep(msgid: str, translation: str, defined: frozenset[str]) -> str:
    """``translation`` with each shortcut link of ``msgid`` whose label was translated made a full reference."""
    if not defined or "[" not in msgid:
        return translation
    wanted = [m.group(1) for m in _SHORTCUT.finditer(msgid) if normalize(m.group(1)) in defined]
    missing = [label for label in wanted if not re.search(r"\[" + re.escape(label) + r"\]", translation)]
    if not missing:
        return translation

    def fix(m: re.Match[str]) -> str:
        if not missing or normalize(m.group(1)) in defined:
            return m.group()
        return f"[{m.group(1)}][{missing.pop(0)}]"

    return _SHORTCUT.sub(fix, translation)
