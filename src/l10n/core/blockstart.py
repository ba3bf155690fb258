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
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from l10n import fingerprint
from l10n.core.post import Post, parse

if TYPE_CHECKING:
    from markdown_it.token import Token

# markdown-it (and the block parser made from it, ~15 ms to import) loads where a body is parsed or a
# line starts with "<" or holds "|": a build whose translated body provably keeps the source's
# blocks (:func:`same_blocks`) needs none of it.

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
    source body's structure when it is known (saved by extract). Where :func:`same_blocks`
    shows the built body has the source's blocks, nothing is parsed; otherwise the built
    body is, and the source body only to name the line of a difference.
    """
    built_post = parse(post.path, built.encode("utf-8"), display=post.display)
    source_body, built_body = post.text[post.body_start:], built_post.text[built_post.body_start:]
    if built_body == source_body:
        return None  # only frontmatter values changed: the body's blocks are the source's
    if same_blocks(source_body, built_body, source_shape(source_body, source)):
        return None
    built_structure = structure(built_body)
    if source is not None and digest(built_structure) == source:
        return None
    before, after = structure(source_body).blocks, built_structure.blocks
    for (a, line), (b, _) in zip(before, after):
        if a != b:
            return post.body_line + line
    if len(before) != len(after):
        return post.body_line + (before[min(len(before), len(after)) - 1][1] if before else 0)
    return None


@dataclass(frozen=True)
class Shape:
    """What build needs of the source body's blocks besides their digest (line ranges ``[start, end)``)."""

    code: tuple[tuple[int, int], ...]  # code and raw HTML blocks: no link is read there
    opaque: tuple[tuple[int, int], ...]  # lines whose text may decide where a block ends (inside code, HTML, math)

    @cached_property
    def opaque_lines(self) -> frozenset[int]:
        return frozenset(i for start, end in self.opaque for i in range(start, end))


@dataclass(frozen=True)
class Structure:
    """A body's block tokens (type, tag, level) with their first lines, and its :class:`Shape`."""

    blocks: list[tuple[tuple[str, str, int], int]]
    shape: Shape


def structure(body: str) -> Structure:
    """The body's :class:`Structure`, parsed as the segmenter parses (its parse of the source is reused)."""
    from l10n.core import blockparser

    tokens = blockparser.parse(body)
    last = _LAST.get("")
    if last is not None and last[0] is tokens:  # the guard and the links ask for the source's in turn
        return last[1]
    found = _structure(tokens)
    _LAST[""] = (tokens, found)
    return found


_LAST: dict[str, tuple[list[Token], Structure]] = {}


def digest(known: Structure) -> str:
    """A digest of a body's block structure (what :func:`changed_line` compares), then its shape's
    line ranges (what :func:`saved_shape` reads back)."""
    shape = known.shape
    return " ".join([fingerprint.combine(repr(known.blocks)), _pairs(shape.code), _pairs(shape.opaque)])


def _pairs(ranges: tuple[tuple[int, int], ...]) -> str:
    return ",".join(f"{a}-{b}" for a, b in ranges) or "-"


_CODE = frozenset({"fence", "code_block", "html_block"})  # no link is read in these (links._CODE)
_MATH = frozenset({"math_block", "math_block_label"})


def _structure(tokens: list[Token]) -> Structure:
    """Block tokens with the line of the block they belong to (a closing token has no map: its opener's)."""
    out, line = [], 0
    code, opaque = [], []
    for t in tokens:
        if t.type == "inline":
            continue
        line = t.map[0] if t.map else line
        out.append(((t.type, t.tag, t.level), line))
        if t.map and (t.type in _CODE or t.type in _MATH):
            if t.type in _CODE:
                code.append((t.map[0], t.map[1]))
            if t.type == "fence":  # its first line opens it whatever its info string: the lines after end it
                opaque.append((t.map[0] + 1, t.map[1]))
            elif t.type != "html_block" or not _ends_at_blank(t.content):
                opaque.append((t.map[0], t.map[1]))
    return Structure(out, Shape(tuple(code), tuple(opaque)))


def _ends_at_blank(content: str) -> bool:
    """An HTML block of kind 6 or 7 (CommonMark): it ends at a blank line, whatever its lines say."""
    kind = _html_kind(content.split("\n", 1)[0].lstrip(" \t"))
    return kind is not None and kind >= 5


def _html_kind(text: str) -> int | None:
    """Which of markdown-it's HTML block kinds (0-6) a line starting with ``text`` opens, if any."""
    from markdown_it.rules_block.html_block import HTML_SEQUENCES

    return next((i for i, sequence in enumerate(HTML_SEQUENCES) if sequence[0].search(text)), None)


_PAIRS = re.compile(r"-|\d+-\d+(?:,\d+-\d+)*")


@lru_cache(maxsize=8)
def saved_shape(saved: str) -> Shape | None:
    """The :class:`Shape` a :func:`digest` holds (None for any other string)."""
    parts = saved.split(" ")
    if len(parts) != 3 or not all(_PAIRS.fullmatch(part) for part in parts[1:]):
        return None
    code, opaque = ([tuple(map(int, pair.split("-"))) for pair in part.split(",")] if part != "-" else []
                    for part in parts[1:])
    return Shape(tuple((a, b) for a, b in code), tuple((a, b) for a, b in opaque))


def source_shape(body: str, saved: str | None = None) -> Shape | None:
    """The source body's :class:`Shape`: from extract's saved digest, else from the segmenter's parse."""
    return saved_shape(saved) if saved is not None else structure(body).shape


def code_lines(post: Post, built: Post, saved: str | None = None) -> tuple[tuple[int, int], ...] | None:
    """The lines of ``built``'s code and raw HTML blocks, known without parsing it when it has the
    blocks of ``post`` (its source; ``saved``: the source's :func:`digest` if known), else None."""
    source_body, built_body = post.text[post.body_start:], built.text[built.body_start:]
    shape = source_shape(source_body, saved)
    if shape is not None and (source_body == built_body or same_blocks(source_body, built_body, shape)):
        return shape.code
    return None


def same_blocks(source: str, built: str, shape: Shape | None) -> bool:
    """True when ``built`` certainly has the block tokens of ``source`` (types, levels and lines).

    A sufficient test, not a parse: the two bodies have the same number of lines, and each line
    that differs keeps everything markdown-it's block rules read of it (:func:`_reading`), lies
    outside the blocks whose end their text decides, and follows no line that could open a
    link reference definition (which may span the lines up to a blank one). False says nothing.
    """
    if shape is None:
        return False
    before, after = _NEWLINE.split(source), _NEWLINE.split(built)
    if len(before) != len(after):
        return False
    # Each line is judged on its own: a line equal to that of a body already shown to have these
    # blocks passes (the build asks for its text before and after the links are rewritten).
    shown = _SHOWN.get(source)
    base = shown if shown is not None and len(shown) == len(after) else before
    opaque = shape.opaque_lines
    checked = -1  # the lines back from here to a blank line open no reference definition
    for i, (a, b) in enumerate(zip(base, after)):
        if a == b or before[i] == b:
            continue
        if i in opaque:
            return False
        reading = _reading(before[i])
        if reading is None or reading != _reading(b):
            return False
        j = i - 1
        while j > checked and before[j].strip(" \t"):
            if _reference(before[j]):
                return False
            j -= 1
        checked = i
    _SHOWN.clear()
    _SHOWN[source] = after
    return True


_SHOWN: dict[str, list[str]] = {}
_NEWLINE = re.compile(r"\r\n|\r|\n")  # markdown-it's lines (it normalizes line endings first)
# Container markers and indentation: spaces, tabs, ">", a list marker, a footnote label (mdit-py-plugins' rule).
_LEAD = re.compile(r"(?:[ \t]|>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)|\[\^[^\] ]+\]:)*+")
# The common line: its text starts with a letter, a digit or any non-ASCII character (written as
# "not other ASCII": a class listing \x80-\U0010ffff costs 1.7 ms to compile, re walks each BMP code point).
_PLAIN = re.compile(_LEAD.pattern + r"(?=[^\x00-/:-@\[-`{-\x7f])")
# A line made only of these may be a rule, a setext underline, a table's delimiter row, a closing fence or container.
_MARKS_ONLY = re.compile(r"[-*_=|:~`$#+ \t]*")
_ATX = re.compile(r"#{1,6}(?=[ \t]|$)")
_LABEL_END = re.compile(r"(?:[^\[\]\\]|\\.)*([\[\]])")  # markdown-it's reference rule: the label's end (or a "[")
Reading = tuple[str, str, tuple[bool, ...], bool, bool]


def _reference(line: str) -> bool:
    """The line may open a link reference definition: its text starts with "[" and markdown-it's
    label scan does not end on this line with a "[" or with a "]" that is not followed by ":"."""
    match = _LEAD.match(line)
    content = line[match.end():] if match else line
    if not content.startswith("["):
        return False
    end = _LABEL_END.match(content, 1)
    return end is None or (end.group(1) == "]" and content[end.end() : end.end() + 1] == ":")


def _reading(line: str) -> Reading | None:
    """What markdown-it's block rules read of a line whose text may change; None: all of it.

    The container markers and indentation exactly; then whether the text opens an ATX heading or
    starts with colons (a container), and its pipes (a table's header row has as many cells as its
    delimiter row). A line of marks only, or whose text opens a fence, an HTML block or a link
    reference definition, or holds "$$", is read whole.
    """
    if "|" not in line and "$$" not in line:
        plain = _PLAIN.match(line)
        if plain is not None:  # what the rest of this function answers for it, sooner
            return (plain.group(), "", (), False, False)
    lead = _LEAD.match(line)
    content = line[lead.end():] if lead else line
    if _MARKS_ONLY.fullmatch(content) or "$$" in content:
        return None
    first, opener = content[0], ""
    if first == "#":
        atx = _ATX.match(content)
        opener = atx.group() if atx else ""
    elif first == ":":
        opener = content[: len(content) - len(content.lstrip(":"))]
    elif first in "`~":
        run = len(content) - len(content.lstrip(first))
        if run >= 3 and (first == "~" or "`" not in content[run:]):
            opener = content[:run]  # a fence opens here, whatever follows (never a closing one: text follows)
    elif first == "<":
        kind = _html_kind(content)
        if kind is not None and kind < 5:  # an HTML block that its own text ends
            return None
        opener = "" if kind is None else f"<{kind}"  # kinds 6 and 7 end at a blank line
    elif first == "[" and _reference(line):
        return None
    prefix = line[: len(line) - len(content)]
    if "|" not in content:
        return (prefix, opener, (), False, False)
    escaped = tuple(i > 0 and content[i - 1] == "\\" for i, c in enumerate(content) if c == "|")
    from markdown_it.common.utils import mdTrim

    trimmed = mdTrim(content)
    return (prefix, opener, escaped, trimmed.startswith("|"), trimmed.endswith("|"))
