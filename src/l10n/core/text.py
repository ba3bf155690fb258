"""Whitespace-insensitive text keys, shared by the catalog merge, the site index and the memory."""

from __future__ import annotations

import re
from bisect import bisect_right

# A re-wrapped Japanese paragraph gains or loses line breaks between two CJK characters;
# those breaks are not spaces in the rendered text, so they must not count as a change.
# Scripts written without spaces between words.  U+3000 (ideographic space) is left out on
# purpose: it is whitespace, and a class that matched it would make the rule ambiguous.
# Hangul is left out too: Korean puts spaces between words.
_CJK = (
    ("\u2e80", "\u2fdf"),  # CJK and Kangxi radicals
    ("\u3001", "\u303f"),  # CJK punctuation (、。「」), without U+3000
    ("\u3040", "\u30ff"),  # hiragana, katakana
    ("\u31f0", "\u31ff"),  # katakana phonetic extensions
    ("\u3400", "\u4dbf"),  # CJK extension A
    ("\u4e00", "\u9fff"),  # CJK unified ideographs
    ("\uf900", "\ufaff"),  # CJK compatibility ideographs
    ("\uff01", "\uff9f"),  # fullwidth ASCII variants, halfwidth katakana
    ("\uffe0", "\uffe6"),  # fullwidth signs (￥)
    ("\U00020000", "\U0003134f"),  # CJK extensions B-G
)
# Where each range starts and ends (sorted): a character lies in one when the count of edges up to it
# is odd. A bisection, not a regex class: re compiles a class by walking each of its 29,000 BMP
# code points in Python (1.6 ms of every command that merges a catalog).
_CJK_EDGES = tuple(edge for first, last in _CJK for edge in (first, chr(ord(last) + 1)))
# Kana and kanji: text a Japanese reader reads as Japanese (punctuation such as 「」 alone is not).
JAPANESE = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]+"
)


def normalize(text: str) -> str:
    """The lookup key: whitespace runs collapsed, ends stripped, no whitespace between CJK characters.

    Removing the CJK gaps first matters: it makes the function idempotent, because collapsing
    afterwards cannot put whitespace back between two CJK characters. Worked out on the words
    between whitespace runs (``str.split`` and ``\\s`` agree on what whitespace is): half the
    time of the two substitutions, whose look-behind is tried at every character.
    """
    words = text.split()
    if len(words) < 2:
        return words[0] if words else ""
    edges, before, out = _CJK_EDGES, words[0], [words[0]]
    for word in words[1:]:
        out.append("" if bisect_right(edges, before[-1]) & 1 and bisect_right(edges, word[0]) & 1 else " ")
        out.append(word)
        before = word
    return "".join(out)


