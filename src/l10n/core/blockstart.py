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

from markdown_it.token import Token

from l10n import fingerprint
from l10n.core import blockparser
from l10n.core.post import Post, parse

# Kinds of blocks whose content lines start Markdown lines (headings and cells are one line,
# after their own marker; frontmatter, HTML text and attributes are not Markdown lines).
LINE_KINDS = frozenset({"paragraph", "list_item", "blockquote", "footnote", "message"})

_OPENER = re.compile(
    r"^([ \t]*)(?:"
    r"(?P<mark>#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|\||`{3,}(?=[^`\n]*$)|~{3,}|(?:[-*_][ \t]*){3,}$|=+[ \t]*$)"
    r"|\d{1,9}(?P<dot>[.)])(?=[ \t]|$))",
    re.M,
)


def escape(text: str, *, first_line: bool = True, source: str = "") -> str:
    """``text`` with every block opener at a line start escaped (the first line only if ``first_line``).

    An opener that ``source`` (the unit's own text) has at the start of the same line is
    kept: there it opened nothing (a lazy continuation line, say), and it still does not.
    """
    kept = {source.count("\n", 0, m.start()): m.group() for m in _OPENER.finditer(source)}

    def fix(m: re.Match[str]) -> str:
        if (m.start() == 0 and not first_line) or kept.get(text.count("\n", 0, m.start())) == m.group():
            return m.group()
        if m.group("dot"):
            return m.group()[: m.start("dot") - m.start()] + "\\" + m.group("dot")
        cut = m.start("mark") - m.start()
        if m.group("mark") == "|":  # markdown-it still reads "\\| a" over "---" as a table: use the entity
            return m.group()[:cut] + "&#124;" + m.group()[cut + 1:]
        return m.group()[:cut] + "\\" + m.group()[cut:]

    return _OPENER.sub(fix, text)


def changed_line(post: Post, built: str, *, source: str | None = None) -> int | None:
    """The source line where ``built`` (the localized text of ``post``) has a different block, or None.

    The guard behind the escaping: markdown-it's block tokens of both bodies are compared
    (type, tag, nesting level); a translation that still changes them (a blank line inside
    a msgstr, say) is reported instead of written. ``source``: the :func:`digest` of the
    source body's structure when it is known (saved by extract): the source body is then
    parsed only to find the line of a difference.
    """
    built_post = parse(post.path, built.encode("utf-8"), display=post.display)
    source_body, built_body = post.text[post.body_start:], built_post.text[built_post.body_start:]
    if built_body == source_body:
        return None  # only frontmatter values changed: the body's blocks are the source's
    after = structure(built_body)
    if source is not None and digest(after) == source:
        return None
    before = structure(source_body)
    for (a, line), (b, _) in zip(before, after):
        if a != b:
            return post.body_line + line
    if len(before) != len(after):
        return post.body_line + (before[min(len(before), len(after)) - 1][1] if before else 0)
    return None


Structure = list[tuple[tuple[str, str, int], int]]


def structure(body: str) -> Structure:
    """The body's block tokens (type, tag, level) with their lines, parsed as the segmenter parses."""
    return _blocks(blockparser.parse(body))  # the segmenter's parse of the source body is reused


def digest(blocks: Structure) -> str:
    """A digest of a body's block structure (what :func:`changed_line` compares)."""
    return fingerprint.combine(repr(blocks))


def _blocks(tokens: list[Token]) -> Structure:
    """Block tokens with the line of the block they belong to (a closing token has no map: its opener's)."""
    out, line = [], 0
    for t in tokens:
        if t.type != "inline":
            line = t.map[0] if t.map else line
            out.append(((t.type, t.tag, t.level), line))
    return out
