"""Text comparison shared by the catalog merge and the translation memory."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

_SPACE = re.compile(r"\s+")
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A re-wrapped Japanese paragraph gains or loses line breaks between two CJK characters;
# those breaks are not spaces in the rendered text, so they must not count as a change.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def normalize(text: str) -> str:
    """Whitespace-insensitive key: CJK-internal breaks removed, other runs folded to one space."""
    return _SPACE.sub(" ", _CJK_GAP.sub("", text)).strip()


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two texts (normalized Indel ratio)."""
    return fuzz.ratio(normalize(a), normalize(b)) / 100.0
