"""Translated text never opens a Markdown block it did not open in the source.

A translation may start a line with what CommonMark reads as the start of a block: an
enumerator (``2. ``), ``#``, ``-``/``+``/``*``, ``>``, ``|``, a code fence, a thematic
break or a setext underline. At a line start in a paragraph, list item, quote or footnote
that would change the post's structure (a new list, heading, quote, table row or code
block), so the builder escapes the one character that opens it. CommonMark renders a
backslash-escaped ASCII punctuation character as the character itself (and ``&#124;`` as
``|``): the reader sees the same text.
"""

from __future__ import annotations

import re

# Kinds of blocks whose content lines start Markdown lines (headings and cells are one line,
# after their own marker; frontmatter, HTML text and attributes are not Markdown lines).
LINE_KINDS = frozenset({"paragraph", "list_item", "blockquote", "footnote", "message"})

_OPENER = re.compile(
    r"^([ \t]*)(?:"
    r"(?P<mark>#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|\||`{3,}(?=[^`\n]*$)|~{3,}|(?:[-*_][ \t]*){3,}$|=+[ \t]*$)"
    r"|\d{1,9}(?P<dot>[.)])(?=[ \t]|$))",
    re.M,
)


def escape(text: str, *, first_line: bool = True) -> str:
    """``text`` with every block opener at a line start escaped (the first line only if ``first_line``)."""
    def fix(m: re.Match[str]) -> str:
        if m.start() == 0 and not first_line:
            return m.group()
        if m.group("dot"):
            return m.group()[: m.start("dot") - m.start()] + "\\" + m.group("dot")
        cut = m.start("mark") - m.start()
        if m.group("mark") == "|":  # markdown-it still reads "\\| a" over "---" as a table: use the entity
            return m.group()[:cut] + "&#124;" + m.group()[cut + 1:]
        return m.group()[:cut] + "\\" + m.group()[cut:]

    return _OPENER.sub(fix, text)
