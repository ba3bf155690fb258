"""Lossless scanner for inline Markdown: text, opaque pieces and paired elements.

The scanner follows the CommonMark inline algorithm (left to right, a delimiter stack
for emphasis, a bracket stack for links) but keeps the exact source of every construct,
so that concatenating the sources of the nodes gives the input back byte for byte.
markdown-it-py is not used here because its tokens carry no character offsets.
Anything the scanner is unsure about stays plain text, which is always lossless.

This is the project's only recogniser of what in inline Markdown is not text: the
splitter masks its :func:`atoms`, the segmenter asks :func:`has_text` and reads image
alt texts and hard breaks from :func:`located`, the MT XML and the markup check walk
:func:`scan`. The patterns (and the one ``$…$`` rule) are in :mod:`.patterns`.
"""

from __future__ import annotations

import functools
import html.entities
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from l10n.core.inline import patterns as P

PairKind = Literal["bold", "italic", "strike", "link", "image"]
PlaceKind = Literal[
    "code", "autolink", "url", "html", "footnote", "liquid", "shortcode", "attr", "embed",
    "math", "escape", "break", "entity", "char", "link", "image",
]


@dataclass(frozen=True)
class Place:
    """An opaque piece of markup, kept verbatim (inline code, HTML tag, URL, ...)."""

    kind: PlaceKind
    source: str


@dataclass(frozen=True, eq=False)
class Pair:
    """A paired element whose content is translatable; ``eq=False`` so two ``**x**`` stay distinct."""

    kind: PairKind
    open: str
    close: str


@dataclass(frozen=True)
class Open:
    pair: Pair


@dataclass(frozen=True)
class Close:
    pair: Pair


Node = str | Place | Open | Close



# The characters of P.SPECIAL that start a construct kept whole (_Scanner._opaque).
_OPAQUE_STARTS = frozenset("`<&{$@")


@functools.lru_cache(maxsize=None)
def _closer(ticks: int) -> re.Pattern[str]:
    """The end of a code span opened by ``ticks`` backticks: a run of exactly as many."""
    return re.compile(rf"(?<!`)`{{{ticks}}}(?!`)")


def _is_punct(ch: str) -> bool:
    return ch in P.ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"


@dataclass(eq=False)
class _Delim:
    char: str
    length: int
    can_open: bool
    can_close: bool
    remaining: int
    opens: list[Pair] = field(default_factory=list)
    closes: list[Pair] = field(default_factory=list)


@dataclass(eq=False)
class _Bracket:
    image: bool
    node: int
    start: int
    bottom: int
    active: bool = True


class _Scanner:
    def __init__(self, md: str) -> None:
        self.md = md
        self.nodes: list[str | Place | Open | Close | _Delim] = []
        self.delims: list[_Delim] = []
        self.brackets: list[_Bracket] = []

    def run(self) -> list[Node]:
        md, pos = self.md, 0
        match = P.FOOTNOTE_DEF.match(md)
        if match:
            self.nodes.append(Place("footnote", match.group()))
            pos = match.end()
        while pos < len(md):
            match = P.SPECIAL.search(md, pos)
            if match is None:
                self.nodes.append(md[pos:])
                break
            if match.start() > pos:
                self.nodes.append(md[pos : match.start()])
            pos = self._dispatch(match)
        self._process_emphasis(0)
        return _flatten(self.nodes)

    def _dispatch(self, match: re.Match[str]) -> int:
        pos, ch = match.start(), match.group()[0]
        if ch in "*_~":
            return self._delim_run(pos)
        if ch == "[":
            return self._open_bracket(pos, image=False)
        if ch == "]":
            return self._close_bracket(pos)
        if ch == "!" and self.md.startswith("![", pos):
            return self._open_bracket(pos, image=True)
        if ch == " ":
            return self._place("break", pos, match.end())
        if ch == "h":
            return self._bare_url(pos)
        if ch == "\\":
            return self._backslash(pos)
        if ch == "!":
            return self._text(pos, pos + 1)
        if ch in _OPAQUE_STARTS:
            return self._opaque(pos, ch)
        return self._place("char", pos, pos + 1)  # SPECIAL's last class: P.BAD_XML

    def _opaque(self, pos: int, ch: str) -> int:
        """Constructs that are kept whole: code, HTML, entities, templates, math, embeds."""
        md = self.md
        if ch == "`":
            return self._code(pos)
        if ch == "<":
            match = P.AUTOLINK.match(md, pos)
            if match:
                return self._place("autolink", pos, match.end())
            match = P.HTML.match(md, pos)
            return self._place("html", pos, match.end()) if match else self._text(pos, pos + 1)
        if ch == "&":
            match = P.ENTITY.match(md, pos)
            known = match is not None and (match.group(1) is None or match.group(1) in html.entities.html5)
            return self._place("entity", pos, match.end()) if match and known else self._text(pos, pos + 1)
        if ch == "{":
            match = P.CURLY.match(md, pos)
            if match is None:
                return self._text(pos, pos + 1)
            start = match.group()[:3]
            attr = start[:2] in ("{:", "{#")
            kind: PlaceKind = "shortcode" if start in ("{{<", "{{%") else "attr" if attr else "liquid"
            return self._place(kind, pos, match.end())
        regex, kind = (P.MATH, "math") if ch == "$" else (P.EMBED, "embed")
        match = regex.match(md, pos)
        return self._place(kind, pos, match.end()) if match else self._text(pos, pos + 1)

    def _text(self, start: int, end: int) -> int:
        self.nodes.append(self.md[start:end])
        return end

    def _place(self, kind: PlaceKind, start: int, end: int) -> int:
        self.nodes.append(Place(kind, self.md[start:end]))
        return end

    def _backslash(self, pos: int) -> int:
        nxt = self.md[pos + 1 : pos + 2]
        if nxt in P.ASCII_PUNCT and nxt:
            return self._place("escape", pos, pos + 2)
        if nxt == "\n" or self.md.startswith("\r\n", pos + 1):
            return self._place("break", pos, pos + 1 + (2 if nxt == "\r" else 1))
        return self._text(pos, pos + 1)

    def _code(self, pos: int) -> int:
        md, end = self.md, pos
        while end < len(md) and md[end] == "`":
            end += 1
        ticks = end - pos
        closer = _closer(ticks).search(md, end)
        if closer is None:
            return self._text(pos, end)
        return self._place("code", pos, closer.end())

    def _bare_url(self, pos: int) -> int:
        match = P.URL.match(self.md, pos)
        url = match.group() if match else ""
        while url:
            unbalanced = url[-1] == ")" and url.count(")") > url.count("(")
            if url[-1] in P.URL_TRAILING or unbalanced:
                url = url[:-1]
            else:
                break
        if len(url) <= len("https://"):
            return self._text(pos, pos + 1)
        return self._place("url", pos, pos + len(url))

    def _delim_run(self, pos: int) -> int:
        md, ch, end = self.md, self.md[pos], pos
        while end < len(md) and md[end] == ch:
            end += 1
        if ch == "~" and end - pos != 2:
            return self._text(pos, end)
        before = md[pos - 1] if pos > 0 else "\n"
        after = md[end] if end < len(md) else "\n"
        b_space, a_space = before.isspace(), after.isspace()
        b_punct, a_punct = _is_punct(before), _is_punct(after)
        left = not a_space and (not a_punct or b_space or b_punct)
        right = not b_space and (not b_punct or a_space or a_punct)
        if ch == "_":
            can_open, can_close = left and (not right or b_punct), right and (not left or a_punct)
        else:
            can_open, can_close = left, right
        if not (can_open or can_close):
            return self._text(pos, end)
        delim = _Delim(ch, end - pos, can_open, can_close, end - pos)
        self.nodes.append(delim)
        self.delims.append(delim)
        return end

    def _open_bracket(self, pos: int, *, image: bool) -> int:
        if not image:
            match = P.FOOTNOTE_REF.match(self.md, pos)
            if match:
                return self._place("footnote", pos, match.end())
        end = pos + (2 if image else 1)
        self._text(pos, end)
        self.brackets.append(_Bracket(image, len(self.nodes) - 1, pos, len(self.delims)))
        return end

    def _close_bracket(self, pos: int) -> int:
        if not self.brackets:
            return self._text(pos, pos + 1)
        opener = self.brackets.pop()
        tail = P.LINK_TAIL.match(self.md, pos + 1) or P.REF_TAIL.match(self.md, pos + 1)
        if not opener.active or (tail is None and not opener.image):
            return self._text(pos, pos + 1)
        self._process_emphasis(opener.bottom)
        kind: PairKind = "image" if opener.image else "link"
        end = tail.end() if tail else pos + 1
        text_start = opener.start + (2 if opener.image else 1)
        # A collapsed ([a][]) or shortcut (![a]) reference is found by its text, so a translated
        # text would lose its target: kept whole. ![a] that is no reference is only literal text.
        by_text = tail is None or tail.group() == "[]"
        if by_text or not self.md[text_start:pos].strip():
            # Nothing to translate inside: keep the whole link as one placeholder.
            del self.nodes[opener.node + 1 :]
            self.nodes[opener.node] = Place("image" if opener.image else "link", self.md[opener.start : end])
        else:
            pair = Pair(kind, "![" if opener.image else "[", self.md[pos:end])
            self.nodes[opener.node] = Open(pair)
            self.nodes.append(Close(pair))
        if not opener.image:
            # CommonMark: links may not contain links, so earlier link openers die.
            for bracket in self.brackets:
                if not bracket.image:
                    bracket.active = False
        return end

    def _process_emphasis(self, bottom: int) -> None:
        delims, i = self.delims, bottom
        while i < len(delims):
            closer = delims[i]
            if not closer.can_close:
                i += 1
                continue
            j = self._find_opener(bottom, i)
            if j >= 0:
                i = self._match(j, i)
            elif closer.can_open:
                i += 1
            else:
                del delims[i]
        # Whatever is left unmatched stays literal text.
        del delims[bottom:]

    def _find_opener(self, bottom: int, i: int) -> int:
        closer = self.delims[i]
        for j in range(i - 1, bottom - 1, -1):
            opener = self.delims[j]
            if opener.char != closer.char or not opener.can_open:
                continue
            both = opener.can_close or closer.can_open
            total = opener.length + closer.length
            if closer.char != "~" and both and total % 3 == 0 and (opener.length % 3 or closer.length % 3):
                continue
            return j
        return -1

    def _match(self, j: int, i: int) -> int:
        delims = self.delims
        opener, closer = delims[j], delims[i]
        used = 2 if opener.remaining >= 2 and closer.remaining >= 2 else 1
        kind: PairKind = "strike" if opener.char == "~" else "bold" if used == 2 else "italic"
        pair = Pair(kind, opener.char * used, closer.char * used)
        opener.remaining -= used
        closer.remaining -= used
        # Delimiters are used from the inside out, so each new pair encloses the previous ones.
        opener.opens.insert(0, pair)
        closer.closes.append(pair)
        del delims[j + 1 : i]
        i = j + 1
        if opener.remaining == 0:
            del delims[j]
            i = j
        if closer.remaining == 0:
            del delims[i]
        return i


def _flatten(nodes: list[str | Place | Open | Close | _Delim]) -> list[Node]:
    """Delimiter runs as their Close and Open markers, adjacent texts as one."""
    merged: list[Node] = []
    for node in nodes:
        if type(node) is str:
            if merged and type(merged[-1]) is str:
                merged[-1] += node  # type: ignore[operator]
            else:
                merged.append(node)
        elif isinstance(node, _Delim):
            # A run closes with its first characters and opens with its last ones.
            merged.extend(Close(pair) for pair in node.closes)
            if node.remaining:
                text = node.char * node.remaining
                if merged and type(merged[-1]) is str:
                    merged[-1] += text  # type: ignore[operator]
                else:
                    merged.append(text)
            merged.extend(Open(pair) for pair in node.opens)
        else:
            merged.append(node)
    return merged


@functools.lru_cache(maxsize=512)
def scan(md: str) -> tuple[Node, ...]:
    """Split inline Markdown into text, placeholders and open/close markers (lossless).

    Cached: the segmenter asks whether a block has text, then the splitter for its atoms,
    of the same string; nodes are immutable, so sharing them is safe.
    """
    return tuple(_Scanner(md).run())


def node_source(node: Node) -> str:
    """The exact Markdown a node came from."""
    if isinstance(node, str):
        return node
    if isinstance(node, Place):
        return node.source
    return node.pair.open if isinstance(node, Open) else node.pair.close


def located(md: str) -> list[tuple[int, Node]]:
    """``scan(md)`` with the offset in ``md`` where each node starts."""
    out: list[tuple[int, Node]] = []
    pos = 0
    for node in scan(md):
        out.append((pos, node))
        pos += len(node_source(node))
    return out


@dataclass(frozen=True)
class Span:
    """A stretch of ``md`` that is one construct: ``md[start:end]`` is its whole source."""

    kind: PlaceKind | PairKind
    start: int
    end: int




def atoms(md: str) -> list[Span]:
    """The constructs that are never cut: every placeholder, and links and images whole (text included)."""
    if not P.ATOM_HINT.search(md):
        return []
    out: list[Span] = []
    outer: tuple[Pair, int] | None = None
    for pos, node in located(md):
        if outer is None and isinstance(node, Place):
            out.append(Span(node.kind, pos, pos + len(node.source)))
        elif outer is None and isinstance(node, Open) and node.pair.kind in ("link", "image"):
            outer = (node.pair, pos)
        elif outer is not None and isinstance(node, Close) and node.pair is outer[0]:
            out.append(Span(node.pair.kind, outer[1], pos + len(node.pair.close)))
            outer = None
    return out


_LETTER = re.compile(r"[^\W\d_]")


def has_text(md: str) -> bool:
    """Whether a letter is left outside code, URLs, HTML, templates, math and link targets."""
    hint = P.ATOM_HINT.search(md)
    if hint is None:
        return _LETTER.search(md) is not None  # no atom can start: every letter is text
    if _LETTER.search(md, 0, hint.start()):
        # A letter before the first character that can start an atom or a link: the scanner
        # emits that stretch as text and nothing after it (a bracket pair, a code span) reaches back.
        return True
    return any(isinstance(node, str) and _LETTER.search(node) for node in scan(md))
