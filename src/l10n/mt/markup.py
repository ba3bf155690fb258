"""Inline Markdown ⇄ XML for machine translation, and markup comparison between units.

``to_xml`` turns a unit into XML that DeepL (``tag_handling="xml"``) or an LLM can
translate: emphasis becomes ``<b>``/``<i>``/``<s>``, links ``<a id="N">``, images
``<img id="N">`` and everything that must not be translated (code, URLs, HTML,
templates, math, ...) an empty ``<x id="N"/>``. The exact source of every construct
stays in :class:`Tagged`, so ``from_xml`` can rebuild the Markdown byte for byte.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from l10n.core.inline import (
    Close,
    Node,
    Open,
    PairKind,
    Place,
    PlaceKind,
    node_source,
    scan,
)

Kind = PairKind | PlaceKind
_TAG_OF: dict[str, str] = {"bold": "b", "italic": "i", "strike": "s", "link": "a", "image": "img"}
_EMPHASIS = ("bold", "italic", "strike")
_LABEL = {
    "bold": "bold", "italic": "italic", "strike": "strikethrough", "code": "inline code",
    "autolink": "autolink", "url": "URL", "html": "HTML tag", "footnote": "footnote reference",
    "liquid": "Liquid tag", "shortcode": "shortcode", "attr": "attribute list", "embed": "embed",
    "math": "math", "escape": "escaped character", "break": "hard line break", "entity": "entity",
    "char": "control character",
}


@dataclass(frozen=True)
class Piece:
    """One construct of the source; ``id`` is 0 for emphasis, which is matched by order."""

    id: int
    kind: Kind
    source: str
    open: str = ""
    close: str = ""

    @property
    def paired(self) -> bool:
        return bool(self.open)


@dataclass(frozen=True)
class Tagged:
    """A unit as XML plus the pieces kept locally, in document order."""

    source: str
    xml: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Rebuilt:
    """Markdown rebuilt from a (translated) XML reply, with what went wrong on the way."""

    markdown: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Mark:
    """One item of a markup signature: a kind and, except for emphasis, its value."""

    kind: Kind
    value: str = ""

    def describe(self) -> str:
        if self.kind == "link":
            return f"link URL {self.value}"
        if self.kind == "image":
            return f"image {self.value}"
        return f"{_LABEL[self.kind]} {self.value}".strip()


def _escape(text: str) -> str:
    # A raw CR would be turned into LF by any XML parser, so it travels as a reference.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def to_xml(md: str) -> Tagged:
    """Tag inline Markdown for translation; ``from_xml(t.xml, t).markdown == md`` always."""
    xml: list[str] = []
    sources: list[str] = []
    pieces: list[Piece | None] = []
    pending: dict[int, tuple[int, int]] = {}
    next_id = 1
    for node in scan(md):
        if isinstance(node, str):
            xml.append(_escape(node))
        elif isinstance(node, Place):
            pieces.append(Piece(next_id, node.kind, node.source))
            xml.append(f'<x id="{next_id}"/>')
            next_id += 1
        elif isinstance(node, Open):
            tag, piece_id = _TAG_OF[node.pair.kind], 0
            if node.pair.kind in ("link", "image"):
                piece_id, next_id = next_id, next_id + 1
            pending[id(node.pair)] = (len(pieces), len(sources))
            pieces.append(Piece(piece_id, node.pair.kind, "", node.pair.open, node.pair.close))
            xml.append(f'<{tag} id="{piece_id}">' if piece_id else f"<{tag}>")
        else:
            xml.append(f"</{_TAG_OF[node.pair.kind]}>")
        sources.append(node_source(node))
        if isinstance(node, Close):
            index, start = pending.pop(id(node.pair))
            old = pieces[index]
            assert old is not None
            pieces[index] = Piece(old.id, old.kind, "".join(sources[start:]), old.open, old.close)
    return Tagged(md, "".join(xml), tuple(p for p in pieces if p is not None))


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link_target(piece: Piece) -> str:
    """The URL of a link or image (``[label]`` for reference links)."""
    # A placeholder link has no text, so its first "]" starts the tail.
    close = piece.close if piece.paired else piece.source[piece.source.find("]") :]
    if close.startswith("]["):
        return close[1:]
    inner = close[2:-1].strip()
    if inner.startswith("<"):
        return inner[1 : inner.find(">")]
    return inner.split(None, 1)[0] if inner else ""


def describe(piece: Piece) -> str:
    """A short human name for a piece, as used in problem messages."""
    if piece.kind in ("link", "image"):
        return f"{piece.kind} {piece.id} ({_shorten(link_target(piece))})"
    if piece.kind == "char":
        return f"control character U+{ord(piece.source):04X}"
    if piece.kind == "break":
        return "hard line break"
    return f"{_LABEL[piece.kind]} {_shorten(piece.source)}"


_REPLY = re.compile(
    r"""<(/?)([A-Za-z][\w.:-]*)((?:\s+[^\s=/>"']+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>/=`]+))*)\s*(/?)>"""
    r"|&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|amp|lt|gt|quot|apos);|<(?=[/A-Za-z])"
)
_ID_ATTR = re.compile(r"""(?<![\w.:-])id\s*=\s*(?:"\s*([^"]*?)\s*"|'\s*([^']*?)\s*'|([^\s"'<>/=`]+))""")
_DEFAULT_DELIMITER = {"bold": "**", "italic": "*", "strike": "~~"}


@dataclass
class _Frame:
    tag: str
    piece: Piece | None
    start: int


class _Rebuilder:
    """Walks the XML reply once; frames hold the output index where each element began."""

    def __init__(self, tagged: Tagged) -> None:
        self.by_id = {p.id: p for p in tagged.pieces if p.id}
        self.emphasis = {k: [p for p in tagged.pieces if p.kind == k] for k in _EMPHASIS}
        self.used: Counter[str] = Counter()
        self.seen: Counter[int] = Counter()
        self.out: list[str] = []
        self.stack: list[_Frame] = []
        self.problems: list[str] = []

    def feed(self, xml: str) -> None:
        pos = 0
        for match in _REPLY.finditer(xml):
            self.out.append(xml[pos : match.start()])
            pos = match.end()
            if match.group(2):
                self._tag(match)
            elif match.group(5):
                self.out.append(_entity(match.group(5)) or match.group())
            else:
                self.problems.append(f"malformed XML near {_shorten(xml[match.start():match.start() + 20])!r}")
                self.out.append("<")
        self.out.append(xml[pos:])

    def _tag(self, match: re.Match[str]) -> None:
        closing, name, attrs, empty = match.group(1), match.group(2), match.group(3), match.group(4)
        if name in ("b", "i", "s"):
            if closing:
                self._end(name)
            elif not empty:
                self._push(name, self._next_emphasis({"b": "bold", "i": "italic", "s": "strike"}[name]))
        elif name in ("a", "img", "x"):
            if closing:
                if name != "x":
                    self._end(name)
            else:
                self._start_id(name, attrs, bool(empty), match.group())
        else:
            self.problems.append(f"unknown tag {match.group()} kept as text")
            self.out.append(match.group())

    def _next_emphasis(self, kind: str) -> Piece:
        pieces, n = self.emphasis[kind], self.used[kind]
        self.used[kind] += 1
        if n < len(pieces):
            return pieces[n]
        delimiter = pieces[0].open if pieces else _DEFAULT_DELIMITER[kind]
        return Piece(0, kind, "", delimiter, delimiter)  # type: ignore[arg-type]

    def _start_id(self, name: str, attrs: str, empty: bool, raw: str) -> None:
        found = _ID_ATTR.search(attrs)
        value = next((g for g in found.groups() if g is not None), "") if found else ""
        piece = self.by_id.get(int(value)) if value.isdigit() else None
        if piece is None:
            self.problems.append(f"{raw} has an unknown id; tag dropped" if found else f"{raw} has no id; tag dropped")
        else:
            self.seen[piece.id] += 1
            if not piece.paired or empty:
                if piece.paired:
                    self.problems.append(f"{describe(piece)} lost its text; the original was kept")
                self.out.append(piece.source)
                piece = None
        if not empty and name != "x":
            self._push(name, piece)

    def _push(self, tag: str, piece: Piece | None) -> None:
        self.stack.append(_Frame(tag, piece, len(self.out)))

    def _end(self, tag: str) -> None:
        depth = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].tag == tag), None)
        if depth is None:
            self.problems.append(f"stray </{tag}> dropped")
            return
        if depth != len(self.stack) - 1:
            self.problems.append(f"tags are not nested properly: </{tag}> closes <{self.stack[-1].tag}>")
        while len(self.stack) > depth:
            self._close_top()

    def _close_top(self) -> None:
        frame = self.stack.pop()
        content = "".join(self.out[frame.start :])
        del self.out[frame.start :]
        self.out.append(_wrap(frame.piece, content, self.problems))

    def finish(self) -> Rebuilt:
        for frame in reversed(self.stack):
            self.problems.append(f"<{frame.tag}> is not closed")
        while self.stack:
            self._close_top()
        for piece in self.by_id.values():
            count = self.seen[piece.id]
            if count == 0:
                # Not appended at the end: a patched draft would pass the markup check while
                # the code or link sits in the wrong place. The draft stays visibly broken.
                self.problems.append(f"{describe(piece)} is missing")
            elif count > 1:
                times = "twice" if count == 2 else f"{count} times"
                self.problems.append(f"{describe(piece)} appears {times}")
        for kind, pieces in self.emphasis.items():
            if self.used[kind] != len(pieces):
                self.problems.append(f"{_LABEL[kind]}: {len(pieces)} in source, {self.used[kind]} in reply")
        return Rebuilt("".join(self.out), tuple(self.problems))


def _entity(ref: str) -> str | None:
    if ref[0] != "#":
        return {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}[ref]
    code = int("0" + ref[1:], base=0) if ref[1] in "xX" else int(ref[1:])
    return chr(code) if 0 < code <= 0x10FFFF else None


def _wrap(piece: Piece | None, content: str, problems: list[str]) -> str:
    if piece is None:
        return content
    if piece.kind not in _EMPHASIS:
        if not content.strip():
            problems.append(f"{describe(piece)} has no text")
        return piece.open + content + piece.close
    core = content.strip()
    if not core:
        return content
    # A delimiter next to a space cannot open or close emphasis, so spaces the
    # translator put inside the tag move outside. Source emphasis never has them.
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()) :]
    return lead + piece.open + core + piece.close + trail


def from_xml(xml: str, tagged: Tagged) -> Rebuilt:
    """Rebuild Markdown from a translated XML reply; never raises, reports problems instead."""
    rebuilder = _Rebuilder(tagged)
    rebuilder.feed(xml)
    return rebuilder.finish()


_SIGNED: frozenset[str] = frozenset(
    {"link", "image", "code", "autolink", "url", "html", "footnote", "liquid", "shortcode", "attr", "embed", "math"}
)


def markup_signature(md: str) -> Counter[Mark]:
    """What a translation must keep: link/image URLs, code, HTML, templates, ... and emphasis and break counts.

    Made from the nodes ``to_xml`` makes its pieces of (the pieces themselves, and the XML, are
    not needed: building them was half the cost of ``l10n-blog check``'s markup row).
    """
    signature: Counter[Mark] = Counter()
    for node in scan(md):
        if isinstance(node, Open):
            kind: Kind = node.pair.kind
            if kind in _EMPHASIS:
                signature[Mark(kind)] += 1
            else:  # a link or image: its target is in the closing part
                signature[Mark(kind, link_target(Piece(0, kind, "", node.pair.open, node.pair.close)))] += 1
        elif isinstance(node, Place):
            kind = node.kind
            if kind == "break":
                signature[Mark(kind)] += 1  # "  \n" and "\\\n" are the same break
            elif kind in ("link", "image"):  # one without text: the target is in its source
                signature[Mark(kind, link_target(Piece(0, kind, node.source)))] += 1
            elif kind in _SIGNED:
                signature[Mark(kind, node.source.strip())] += 1
    return signature


def compare_markup(source_md: str, translated_md: str) -> tuple[str, ...]:
    """Markup differences between a unit and its translation, as short messages."""
    source, translated = markup_signature(source_md), markup_signature(translated_md)
    messages: list[str] = []
    for mark in list(source) + [m for m in translated if m not in source]:
        before, after = source[mark], translated[mark]
        if before == after:
            continue
        if mark.kind in _EMPHASIS:
            messages.append(f"{mark.describe()}: {before} in source, {after} in translation")
        elif after == 0:
            messages.append(f"{mark.describe()} is missing")
        elif before == 0:
            messages.append(f"{mark.describe()} added")
        else:
            messages.append(f"{mark.describe()} appears {after} times, {before} in source")
    return tuple(messages)


def _visible(node: Node) -> str:
    if isinstance(node, str):
        return node
    if not isinstance(node, Place):
        return ""
    source, kind = node.source, node.kind
    if kind == "code":
        return source.strip("`").strip()
    if kind in ("url", "math"):
        return source
    if kind == "autolink":
        return source[1:-1]
    if kind == "escape":
        return source[1]
    if kind == "entity":
        return html.unescape(source)
    if kind == "break":
        return "\n"
    return ""


def plain_text(md: str) -> str:
    """The visible text of a unit without markup (for DeepL context and similarity)."""
    return "".join(_visible(node) for node in scan(md))


__all__ = [
    "Kind", "Mark", "Piece", "Rebuilt", "Tagged",
    "compare_markup", "describe", "from_xml", "link_target", "markup_signature", "plain_text", "to_xml",
]
