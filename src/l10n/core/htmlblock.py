"""Raw HTML blocks: the text a reader sees, and reader-visible attributes, with exact spans.

WordPress- and Hatena-era posts keep whole paragraphs, lists and tables as HTML. The
standard library's tokenizer (``html.parser``) is used because it reports the line and
column of every tag and text run, which is all exact splicing needs; it never raises on
broken markup. Text inside ``pre``, ``code``, ``script``, ``style``, ``textarea``,
comments and third-party embeds (a tweet's ``blockquote class="twitter-tweet"``) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from l10n.core.visible import KEEP_CLASSES

# Their content is code or data, never prose (inline <code> stays inside its sentence, as `code` does).
_VERBATIM = frozenset({"pre", "script", "style", "textarea", "svg", "math"})
# Tags that end a run of text (everything else, such as a, b, span, img, br, stays inside it).
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "iframe", "legend", "li", "main", "nav", "ol", "option", "p", "section", "select",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "video", "audio", "object",
})
# Attributes a reader sees (tooltips, image descriptions, screen readers).
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_ATTR = re.compile(r"""\s([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Piece:
    """One reader-visible stretch: ``text`` (a run between block tags) or ``attribute`` (a value)."""

    kind: str  # "text", "attribute" or "template" (a run of template code only: its visible params)
    start: int
    end: int


def pieces(text: str, start: int, end: int, *, keep_classes: Sequence[str] = KEEP_CLASSES) -> list[Piece]:
    """The translatable stretches of the HTML in ``text[start:end]``, as offsets into ``text``."""
    scanner = _Scanner(text, start, frozenset(keep_classes))
    scanner.feed(text[start:end])
    scanner.close()
    scanner.flush()
    return scanner.found


class _Scanner(HTMLParser):
    def __init__(self, text: str, start: int, keep: frozenset[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.text, self.base, self.keep = text, start, keep
        self.line_starts = [start] + [start + m.end() for m in re.finditer("\n", text[start:])]
        self.skip: list[str] = []  # open verbatim or embed elements (tag names)
        self.run: list[int] = []  # [start, end] of the current text run
        self.pending = -1  # where an inline tag before any text was seen
        self.found: list[Piece] = []

    def _at(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    # ----------------------------------------------------------- events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pos, raw = self._at(), self.get_starttag_text() or ""
        if self.skip:
            self.skip.append(tag) if tag == self.skip[0] else None
            return
        classes = " ".join(v or "" for k, v in attrs if k == "class").split()
        if tag in _VERBATIM or any(c in self.keep for c in classes):
            self.flush()
            self.skip.append(tag)
            return
        self._attributes(pos, raw)
        self._tag(tag, pos, pos + len(raw))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pos, raw = self._at(), self.get_starttag_text() or ""
        if self.skip:
            return
        self._attributes(pos, raw)
        self._tag(tag, pos, pos + len(raw))

    def handle_endtag(self, tag: str) -> None:
        pos = self._at()
        end = self.text.find(">", pos) + 1 or pos + len(tag) + 3
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
            return
        self._tag(tag, pos, end)

    def handle_data(self, data: str) -> None:
        if not self.skip:
            pos = self._at()
            self._extend(pos, pos + len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(len(name) + 1)

    def handle_comment(self, data: str) -> None:
        self.flush()

    def handle_decl(self, decl: str) -> None:
        self.flush()

    def handle_pi(self, data: str) -> None:
        self.flush()

    # ----------------------------------------------------------- runs
    def _reference(self, length: int) -> None:
        if not self.skip:
            pos = self._at()
            end = pos + 1 + length
            end += self.text[end:end + 1] == ";"
            self._extend(pos, end)

    def _tag(self, tag: str, start: int, end: int) -> None:
        if tag in _BLOCK:
            self.flush()
        elif self.run:
            self.run[1] = end
        elif self.pending < 0 or "\n" in self.text[self.pending:start]:
            self.pending = start  # an inline tag opens the run if text follows on its line

    def _extend(self, start: int, end: int) -> None:
        if self.run:
            self.run[1] = end
            return
        stretch = self.text[start:end]
        if not stretch.strip():
            return
        first = start + len(stretch) - len(stretch.lstrip())
        opened = self.pending >= 0 and "\n" not in self.text[self.pending:first]
        self.run = [self.pending if opened else first, end]
        self.pending = -1

    def flush(self) -> None:
        self.pending = -1
        if self.run:
            a, b = self.run
            self.run = []
            stretch = self.text[a:b]
            a += len(stretch) - len(stretch.lstrip())
            b -= len(stretch) - len(stretch.rstrip())
            if a < b and _LETTER.search(_without_tags(self.text[a:b])):
                self.found.append(Piece("text", a, b))
            elif a < b and _TEMPLATE.search(self.text, a, b):
                self.found.append(Piece("template", a, b))  # {{< figure title="…" >}}: its params may be seen

    def _attributes(self, pos: int, raw: str) -> None:
        for m in _ATTR.finditer(raw):
            if m.group(1).lower() not in ATTRIBUTES:
                continue
            group = next(g for g in (2, 3, 4) if m.group(g) is not None)
            if _LETTER.search(m.group(group)):
                self.found.append(Piece("attribute", pos + m.start(group), pos + m.end(group)))


# Tags, references and template code (ERB <% %>, Liquid, Hugo): a run of only these is no text.
_TAG = re.compile(r"<%.*?%>|\{\{.*?\}\}|\{%.*?%\}|<[^<>]*>|&[#\w]+;?", re.S)


_TEMPLATE = re.compile(r"\{\{[<%]|\{%")


def _without_tags(text: str) -> str:
    return _TAG.sub("", text)
