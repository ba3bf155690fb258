"""Links in a post's body: find and rewrite their destinations, and heading ids per generator.

Destinations are found with the inline scanner (:mod:`l10n.core.inline`) outside code and
raw HTML blocks, so ``[a](b.md)`` inside a code fence is never touched. Every other byte of
the post is kept. Heading ids follow each generator's own rule (checked against the real
generators in ``tests/test_generators.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from l10n.core.inline import Close, Place, located

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# A body without any of these has no link for us (the common case, answered without parsing).
_HINT = re.compile(r"\]\(|\]:|\{\{[<%]\s*(?:rel)?ref\b|post_url")
# What a paragraph holding a link has (reference definitions are read from their lines, not scanned).
_INLINE_HINT = re.compile(r"\]\(|\{\{[<%]\s*(?:rel)?ref\b|post_url")
_CODE = ("fence", "code_block", "html_block")
_DEST = re.compile(r"(\]\(\s*)(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)")
_REF_DEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]*>|\S+)", re.M)
_SHORTCODE_REF = re.compile(r"""(\{\{[<%]\s*(?:rel)?ref\s+(?:path=)?)(["'])([^"'\n]+)\2\s*[>%]\}\}""")
_POST_URL = re.compile(r"(\{%-?\s*post_url\s+)(\S+)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_PINNED = re.compile(r"[ \t]*\{#([^\s{}]+)\}[ \t]*$")

Kind = str  # "link" (Markdown destination), "ref" (Hugo ref/relref), "post_url" (Jekyll)
Rewrite = Callable[["Link"], "str | None"]


@dataclass(frozen=True)
class Link:
    kind: Kind
    target: str
    start: int  # offset of ``target`` in the text (of the whole shortcode for "ref")
    end: int
    source: str = ""  # the whole construct, for "ref"


Lines = Sequence[tuple[int, int]]


def links(text: str, body_start: int = 0, *, code: Lines | None = None, hint: re.Pattern[str] | None = None
          ) -> list[Link]:
    """Every link destination in the body, in order.

    ``code``: the body's code and raw HTML blocks as line ranges ``[start, end)`` when they are
    known (:func:`l10n.core.blockstart.code_lines`); otherwise the body is parsed to find them.
    ``hint``: only the links of paragraphs where it finds something (and of reference
    definitions, if it finds something in the body): for a caller that wants only some links
    (see :func:`rewrite`); inline links are found by scanning their paragraph, most of the time.
    """
    if not (hint or _HINT).search(text, body_start):
        return []
    return sorted(_links(text, body_start, code, hint or _INLINE_HINT), key=lambda link: link.start)


# A run of non-blank lines: inline Markdown never spans a blank line (spaces and tabs only).
_PARAGRAPH = re.compile(r"(?:[ \t]*[^ \t\r\n][^\r\n]*(?:\r\n|\r|\n|\Z))+")


def _links(text: str, body_start: int, code: Lines | None, hint: re.Pattern[str]) -> Iterator[Link]:
    for start, end in _prose(text, body_start, code):
        chunk = text[start:end]
        for paragraph in _PARAGRAPH.finditer(chunk):
            if hint.search(paragraph.group()):  # only these are scanned: most paragraphs hold no link
                yield from _inline_links(paragraph.group(), start + paragraph.start())
        for match in _REF_DEF.finditer(chunk):
            target = match.group(2)
            s = start + match.start(2) + (1 if target.startswith("<") else 0)
            target = target.strip("<>")
            yield Link("link", target, s, s + len(target))


def _inline_links(chunk: str, start: int) -> Iterator[Link]:
    """The destinations the inline scanner finds in ``chunk`` (which starts at ``start`` in the text)."""
    for offset, node in located(chunk):
        at = start + offset
        if isinstance(node, Close) and node.pair.kind in ("link", "image"):
            template = _template_link(node.pair.close, at)
            if template is not None:
                yield template
                continue
            match = _DEST.match(node.pair.close)
            if match and match.group(2):
                s = at + match.start(2)
                target = match.group(2)
                if target.startswith("<"):
                    s, target = s + 1, target[1:-1]
                yield Link("link", target, s, s + len(target))
        elif isinstance(node, Place) and node.kind == "shortcode":
            match = _SHORTCODE_REF.match(node.source)
            if match:  # the whole shortcode: a rewrite may add a parameter
                yield Link("ref", match.group(3), at, at + len(node.source), node.source)
        elif isinstance(node, Place) and node.kind == "liquid":
            match = _POST_URL.match(node.source)
            if match:
                yield Link("post_url", match.group(2), at + match.start(2), at + match.end(2))


def _template_link(close: str, at: int) -> Link | None:
    """A Hugo ref or Jekyll post_url as a link's destination: ``[a]({{< relref "b.md" >}})``."""
    ref = _SHORTCODE_REF.search(close)
    if ref:
        return Link("ref", ref.group(3), at + ref.start(), at + ref.end(), ref.group())
    post = _POST_URL.search(close)
    if post:
        return Link("post_url", post.group(2), at + post.start(2), at + post.end(2))
    return None


def _prose(text: str, body_start: int, lines: Lines | None = None) -> list[tuple[int, int]]:
    """(start, end) of the body's stretches outside code blocks and HTML blocks."""
    body = text[body_start:]
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", body)]
    line_starts.append(len(body))
    if lines is None:
        from l10n.core import blockparser  # markdown-it: loaded where a body must be parsed

        lines = [(token.map[0], token.map[1]) for token in blockparser.parse(body) if token.type in _CODE and token.map]
    code = [(line_starts[a], line_starts[min(b, len(line_starts) - 1)]) for a, b in lines]
    out, pos = [], 0
    for start, end in code:
        if start > pos:
            out.append((body_start + pos, body_start + start))
        pos = max(pos, end)
    if pos < len(body):
        out.append((body_start + pos, body_start + len(body)))
    return out


def rewrite(text: str, body_start: int, change: Rewrite, *, code: Lines | None = None,
            hint: re.Pattern[str] | None = None) -> str:
    """``text`` with each link's span replaced by ``change(link)`` (None keeps it); ``code`` as for :func:`links`.

    ``hint``: a pattern that finds something in every paragraph (and at every reference
    definition) holding a link ``change`` may change: the others are not read (see :func:`links`).
    """
    out, pos = [], 0
    for link in links(text, body_start, code=code, hint=hint):
        new = change(link)
        if new is not None and new != text[link.start : link.end]:
            out += [text[pos : link.start], new]
            pos = link.end
    out.append(text[pos:])
    return "".join(out)


# --- headings ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    text: str  # the heading's plain text (markup removed)
    id: str  # the id the generator gives it
    end: int  # offset in the post's text where the heading's content ends (where `{#id}` goes)
    pinned: bool  # the author wrote `{#id}`


def headings(text: str, body_start: int, generator: str) -> list[Heading]:
    """ATX and setext headings of the body with the ids ``generator`` gives them, in order."""
    from l10n.core import blockparser

    body = text[body_start:]
    tokens = blockparser.parse(body)
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", body)]
    seen: dict[str, int] = {}
    out = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        line = body[line_starts[token.map[0]] :].splitlines()[0] if body else ""
        inline = tokens[i + 1].content
        pinned = _PINNED.search(inline)
        plain = _plain(_PINNED.sub("", inline))
        base = pinned.group(1) if pinned else slug(generator, plain)
        end = body_start + line_starts[token.map[0]] + len(line.rstrip().rstrip("#").rstrip())
        if token.markup in ("=", "-"):  # setext: the text's last line, not the underline
            last = line_starts[token.map[1] - 2] if token.map[1] >= 2 else line_starts[token.map[0]]
            end = body_start + last + len(body[last:].splitlines()[0].rstrip())
        out.append(Heading(plain, _unique(base, seen, generator), end, bool(pinned)))
    return out


def _plain(inline: str) -> str:
    """Heading text as the generator sees it: markup and link destinations gone."""
    html = _renderer().renderInline(inline)
    return unescape_html(re.sub(r"<[^>]+>", "", html))


@cache
def _renderer() -> MarkdownIt:
    """CommonMark with tables and strikethrough, made on first use (markdown-it loads with it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def unescape_html(text: str) -> str:
    import html

    return html.unescape(text)


def _unique(base: str, seen: dict[str, int], generator: str) -> str:
    count = seen.get(base, 0)
    seen[base] = count + 1
    if count == 0:
        return base
    return f"{base}-{count}"


def slug(generator: str, text: str) -> str:
    """The id ``generator`` gives a heading with this plain text."""
    if generator == "hugo":  # goldmark, autoHeadingIDType = "github"
        return "".join(_github_char(c) for c in text.strip())
    if generator == "jekyll":  # kramdown with the GFM parser (Jekyll's default)
        return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    if generator == "zenn":  # zenn-markdown-html: markdown-it-anchor with encodeURIComponent
        from urllib.parse import quote

        return quote(re.sub(r"\s+", "-", text.strip().lower()), safe="-_.!~*'()")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")  # GitHub's own rule


def _github_char(c: str) -> str:
    category = unicodedata.category(c)
    if category[0] in "LN":
        return c.lower()
    if c in " -":
        return "-"
    return "_" if c == "_" else ""


def fragment(target: str) -> tuple[str, str | None]:
    """``page#frag`` -> (``page``, decoded ``frag``); no ``#`` gives None."""
    page, sep, frag = target.partition("#")
    return page, unquote(frag) if sep else None


def hugo_ref(link: Link, lang: str) -> str:
    """A Hugo ref/relref shortcode that points at the page in ``lang`` (for a page with no translation)."""
    name = "relref" if "relref" in link.source else "ref"
    delim = ("<", ">") if link.source.startswith("{{<") else ("%", "%")
    return f'{{{{{delim[0]} {name} path="{link.target}" lang="{lang}" {delim[1]}}}}}'
