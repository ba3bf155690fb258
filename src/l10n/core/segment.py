"""Markdown post -> blocks and translation units with exact source spans.

markdown-it-py finds the blocks (only its block rules run: spans come from token line
maps, and inline parsing would cost 7x the time for nothing). Each block keeps the
source spans of its content lines; what lies between them (``\\r\\n``, ``> ``, list
indentation) is copied back verbatim by the builder.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from operator import itemgetter

from l10n.core import blockparser, constructs, frontmatter, inline
from l10n.core.post import Post
from l10n.core.segmented import Block, BlockKind, Segmented, Splitter, Unit
from l10n.core.visible import KEEP_CLASSES

__all__ = ["Block", "BlockKind", "Segmented", "Splitter", "Unit", "segment"]  # the result's types live in segmented

_CONTAINERS = {
    "blockquote_open": "blockquote", "list_item_open": "list_item",
    "footnote_reference_open": "footnote", "container_zenn_open": "message",
}
# What _body_blocks does with a token type: open a container (its kind), close one, or read the token.
_ROLES = {
    **_CONTAINERS, **{t.replace("_open", "_close"): "close" for t in _CONTAINERS},
    "tr_open": "tr_open", "html_block": "html_block", "inline": "inline",
}
# Regions that Markdown would read as paragraphs but are code or templates.
_OPAQUE = re.compile(
    r"^[ \t]*\{%-?\s*(highlight|raw|comment|capture)\b[\s\S]*?\{%-?\s*end\1\s*-?%\}"
    r"|^[ \t]*\{\{<\s*(highlight|code)\b[\s\S]*?\{\{<\s*/\2\s*>\}\}",
    re.M,
)


def segment(post: Post, *, keys: Sequence[str] = (), list_keys: Sequence[str] = (),
            unit: str = "sentence", splitter: Splitter | None = None,
            keep_html: Sequence[str] = KEEP_CLASSES,
            templates: constructs.Templates = constructs.DEFAULT_TEMPLATES) -> Segmented:
    """Split ``post`` into blocks of units; raises InputError if its frontmatter does not parse.

    ``keep_html``: classes of HTML elements whose text is kept as published (third-party embeds).
    ``templates``: which parameters of shortcodes and Liquid tags readers see (the preset's lists).
    """
    if splitter is None and unit == "sentence":
        from l10n.core.sentences import split as splitter
    split = splitter or _whole
    blocks = [_value_block(v) for v in frontmatter.values(post, keys=keys, list_keys=list_keys)]
    blocks += _body_blocks(post, split, tuple(keep_html), templates)
    return Segmented(post, tuple(b for b in blocks if b.units), tuple(keep_html))


def _whole(text: str) -> list[tuple[int, int]]:
    stripped = text.strip()
    start = text.find(stripped) if stripped else 0
    return [(start, start + len(stripped))] if stripped else []


def _value_block(value: frontmatter.Value) -> Block:
    unit = Unit(value.text, 0, len(value.text), value.line, 1)
    return Block("frontmatter", value.line, ((value.start, value.end),), value.text, (unit,), value)


_BREAK = re.compile(r"\r\n|\r|\n")  # what ends a Markdown line (U+2028, \x85... do not)


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end-without-line-ending) of every line of ``text[start:]``, as offsets in text."""
    out, pos = [], start
    for match in _BREAK.finditer(text, start):
        out.append((pos, match.start()))
        pos = match.end()
    if pos < len(text) or not out:
        out.append((pos, len(text)))
    return out


def _body_blocks(post: Post, split: Splitter, keep_html: tuple[str, ...] = KEEP_CLASSES,
                 templates: constructs.Templates = constructs.DEFAULT_TEMPLATES) -> list[Block]:
    text, lines = post.text, _lines(post.text, post.body_start)
    opaque = _opaque_lines(text, post.body_start, lines)
    stack: list[str] = []
    blocks: list[Block] = []
    tokens = blockparser.parse(text[post.body_start :])  # shared with links, headings and the structure guard
    blocks += _markup_line_blocks(post, lines, tokens, opaque)
    for i, token in enumerate(tokens):
        role = _ROLES.get(token.type)
        if role is None:
            continue
        if role == "close":
            stack.pop()
        elif role != "tr_open" and role != "html_block" and role != "inline":
            stack.append(role)
        elif role == "tr_open" and token.map:
            blocks += _cell_blocks(post, lines, token.map[0], _row_cells(tokens, i), split, templates)
        elif role == "html_block" and token.map:
            content = token.content[:-1] if token.content.endswith("\n") else token.content
            for first, part in _outside(token.map, content, opaque):  # the lines outside {% highlight %}
                blocks += _html_blocks(post, lines, first, part, split, keep_html, templates)
        elif role == "inline" and token.map and tokens[i - 1].type not in ("th_open", "td_open"):
            kind = "heading" if tokens[i - 1].type == "heading_open" else (stack[-1] if stack else "paragraph")
            # A Liquid or shortcode block glued to text is a block of its own: the text around it is offered.
            for first, content in _outside(token.map, token.content, opaque):
                blocks += _text_block(post, lines, first, content, kind, split, templates)
    return sorted(blocks, key=lambda b: b.pieces[0][0])


_CONTAINER_MARK = re.compile(r"[ \t]*:{3,}")


def _html_blocks(post: Post, lines: list[tuple[int, int]], first: int, content: str, split: Splitter,
                 keep_html: tuple[str, ...], templates: constructs.Templates) -> list[Block]:
    """Text runs and reader-visible attributes of a raw HTML block (see core/htmlblock.py).

    The HTML is read from markdown-it's content (container prefixes such as ``> `` removed);
    each content line is the tail of its source line, which maps offsets back.
    """
    from l10n.core import htmlblock  # html.parser: loaded only when a post has an HTML block

    starts, html_lines = [], []
    for k, part in enumerate(content.split("\n")):
        n = first + k
        if n >= len(lines) or _CONTAINER_MARK.match(post.text, lines[n][0]):
            break  # markdown-it-py's container rule leaves its closer (:::) in the block
        start, end = lines[n]
        if not post.text[start:end].endswith(part):
            return []  # markdown-it rewrote the line (tabs): keep the source as it is
        starts.append(end - len(part))
        html_lines.append(part)
    html = "\n".join(html_lines)
    line_at = [0] + [m.end() for m in re.finditer("\n", html)]
    out = []
    for piece in htmlblock.pieces(html, 0, len(html), keep_classes=keep_html):
        parts, rows = [], []
        for k, base in enumerate(line_at):
            a, b = max(piece.start, base), min(piece.end, base + len(html_lines[k]))
            if a < b:
                text = html[a:b]
                a, b = a + len(text) - len(text.lstrip()), b - len(text) + len(text.rstrip())
                parts.append((starts[k] + a - base, starts[k] + max(a, b) - base))
                rows.append(k)
        content = "\n".join(post.text[a:b] for a, b in parts)
        spans: Sequence[tuple[int, int]]
        if piece.kind == "template":
            spans = constructs.template_params(content, templates)
            if not spans:
                continue
        else:
            spans = [(0, len(content))] if piece.kind == "attribute" else split(content)
        kind = "html" if piece.kind == "text" else "attribute"
        # parts[0] lies on source line first + rows[0] (lines[n] is body line n)
        out.append(_block(kind, post.body_line + first + rows[0], tuple(parts), content, spans, templates))
    return out


def _markup_line_blocks(post: Post, lines: list[tuple[int, int]], tokens: list, opaque: set[int]) -> list[Block]:
    """Reader-visible text on markup lines: :::details titles, fence file names, reference titles."""
    out = []
    for token in tokens:
        found = _MARKUP_LINES.get(token.type)
        if found is not None and token.map and token.map[0] not in opaque:
            out += _line_unit(post, lines, token.map[0], *found)
    # A reference definition has no token: a line of no block (nor code region) that starts with "[".
    text, covered = post.text, None
    for match in _BRACKET.finditer(text, post.body_start):
        at = match.start()
        if text[max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1 : at].strip():
            continue  # not the line's first character (str.strip, as lstrip, takes every whitespace)
        if covered is None:
            covered = set(opaque)
            for token in tokens:
                if token.map:
                    covered.update(range(*token.map))
        n = bisect_right(lines, at, key=_first) - 1
        if n not in covered:
            out += _line_unit(post, lines, n, constructs.reference_title, "reference")
    return out


_MARKUP_LINES = {"container_zenn_open": (constructs.details_title, "message"),
                 "fence": (constructs.fence_name, "fence")}
_BRACKET = re.compile(r"\[")
_first = itemgetter(0)


def _line_unit(post: Post, lines: list[tuple[int, int]], n: int, find, kind: str) -> list[Block]:
    start, end = lines[n]
    span = find(post.text[start:end])
    if span is None:
        return []
    a, b = start + span[0], start + span[1]
    return [_block(kind, n + post.body_line, ((a, b),), post.text[a:b], [(0, b - a)])]


def _outside(span: list[int], content: str, opaque: set[int]) -> list[tuple[int, str]]:
    """(first line, content) of each run of a block's lines that lies outside code and template regions."""
    if opaque.isdisjoint(range(*span)):
        return [(span[0], content)]
    parts = content.split("\n")
    if len(parts) != span[1] - span[0]:
        return []
    runs: list[tuple[int, str]] = []
    start = None
    for n in range(span[0], span[1] + 1):
        if n < span[1] and n not in opaque:
            start = n if start is None else start
        elif start is not None:
            runs.append((start, "\n".join(parts[start - span[0]:n - span[0]])))
            start = None
    return runs


def _opaque_lines(text: str, body_start: int, lines: list[tuple[int, int]]) -> set[int]:
    starts = [s for s, _ in lines]
    found: set[int] = set()
    for match in _OPAQUE.finditer(text, body_start):
        first = _index_at(starts, match.start())
        found.update(range(first, _index_at(starts, match.end() - 1) + 1))
    return found


def _index_at(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1


def _row_cells(tokens: list, i: int) -> list[str]:
    cells = []
    for token in tokens[i + 1 :]:
        if token.type == "tr_close":
            break
        if token.type == "inline":
            cells.append(token.content)
    return cells


def _locate(source_line: str, content_line: str, heading: bool) -> int:
    """Where markdown-it's (prefix-stripped) content line starts in the source line, or -1."""
    trimmed = source_line.rstrip()
    if trimmed.endswith(content_line):
        return len(trimmed) - len(content_line)
    return source_line.find(content_line, len(source_line) - len(source_line.lstrip(" \t>#")) if heading else 0)


def _pieces(post: Post, lines: list[tuple[int, int]], first: int, content: str, heading: bool):
    pieces = []
    for n, part in enumerate(content.split("\n")):
        part = part.strip(" \t")
        if first + n >= len(lines):
            return None
        start, end = lines[first + n]
        offset = _locate(post.text[start:end], part, heading) if part else end - start
        if offset < 0:
            return None
        pieces.append((start + offset, start + offset + len(part)))
    return tuple(pieces)


def _text_block(post: Post, lines, first: int, content: str, kind: str, split: Splitter,
                templates: constructs.Templates) -> list[Block]:
    pieces = _pieces(post, lines, first, content, kind == "heading")
    if pieces is None:  # markdown-it rewrote the text (tabs, NUL): keep the source as it is
        return []
    joined = _join(post.text, pieces)
    if not inline.has_text(joined):  # markup only; a shortcode's alt= or caption= may still be read
        params = constructs.template_params(joined, templates)
        return [_block(kind, first + post.body_line, pieces, joined, params, templates)] if params else []
    line = first + post.body_line
    if kind == "heading":
        # Without the whitespace markdown-it leaves at its ends (U+3000, or the run after a
        # {% raw %} region): a unit never starts or ends with whitespace, the builder copies it.
        head = joined[: _heading_end(joined)]
        start, end = len(head) - len(head.lstrip()), len(head.rstrip())
        return [_block("heading", line, pieces, joined, [(start, end)] if end > start else [], templates)]
    alts = _alt_spans(joined)
    if alts is not None:
        return [_block("alt", line, pieces, joined, alts, templates)]
    return [_block(kind, line, pieces, joined, _outside_breaks(joined, split(joined)), templates)]


_SPACE_BREAK = re.compile(r" {2,}(?=\r\n|\r|\n)")


def _join(text: str, pieces: tuple[tuple[int, int], ...]) -> str:
    """The content lines joined by ``\n``, each hard break of trailing spaces shown as ``\\``.

    Two trailing spaces are invisible in a PO editor and lost when a translation joins
    the lines, so the unit carries CommonMark's other hard break, a backslash: visible
    to the translator, a tag in the MT XML. The builder puts the spaces back.
    """
    lines = [text[s:e] for s, e in pieces]
    spaces = [_SPACE_BREAK.match(text, end) for _, end in pieces[:-1]]
    if not any(spaces):
        return "\n".join(lines)
    for i, found in enumerate(spaces):  # the scanner decides: spaces in a code span or a tag are no break
        lines[i] += found.group() if found else ""
    out: list[str] = []
    for node in inline.scan("\n".join(lines)):
        source = inline.node_source(node)
        marker = isinstance(node, inline.Place) and node.kind == "break" and source[0] == " "
        out.append("\\\n" if marker and not _escaped(out) else source)
    return "".join(out)


def _escaped(out: list[str]) -> bool:
    """Whether the text so far ends in a backslash, which would escape a break marker."""
    return bool(out) and out[-1].endswith("\\")


def _outside_breaks(content: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """A hard break that ends a sentence stays between units, where the builder copies it."""
    out = []
    for start, end in spans:
        if content.startswith("\\\n", start) and _odd_backslashes(content, start + 1):
            start = end - len(content[start + 2 : end].lstrip())
        if content.startswith("\\\n", end - 1) and _odd_backslashes(content, end):
            end = start + len(content[start : end - 1].rstrip())
        if end > start:
            out.append((start, end))
    return out


def _odd_backslashes(text: str, end: int) -> bool:
    count = len(text[:end]) - len(text[:end].rstrip("\\"))
    return count % 2 == 1


def _heading_end(text: str) -> int:
    """Where a heading's text ends: before a trailing ``{#id}`` attribute."""
    if "{" not in text:  # no attribute (the scanner reads one only from a "{")
        return len(text)
    nodes = [(pos, node) for pos, node in inline.located(text) if not (isinstance(node, str) and node.isspace())]
    if nodes and isinstance(nodes[-1][1], inline.Place) and nodes[-1][1].kind == "attr":
        return len(text[: nodes[-1][0]].rstrip())
    return len(text)


def _alt_spans(text: str) -> list[tuple[int, int]] | None:
    """A block of images only (linked or not, breaks between): the spans of their alt texts, else None."""
    if "![" not in text:
        return None
    spans: list[tuple[int, int]] = []
    images, alt_start = 0, -1
    for pos, node in inline.located(text):
        if isinstance(node, inline.Open) and node.pair.kind == "image" and alt_start < 0:
            images, alt_start = images + 1, pos + len(node.pair.open)
        elif isinstance(node, inline.Close) and node.pair.kind == "image" and alt_start >= 0:
            if _LETTER.search(text, alt_start, pos):
                spans.append((alt_start, pos))
            alt_start = -1
        elif alt_start >= 0 or _between_images(node):
            images += isinstance(node, inline.Place) and node.kind == "image"
        else:
            return None
    return spans if images else None


def _between_images(node: inline.Node) -> bool:
    if isinstance(node, str):
        return node.isspace()
    if isinstance(node, inline.Place):
        return node.kind in ("image", "break") or (node.kind == "html" and _BR.fullmatch(node.source) is not None)
    return node.pair.kind == "link"


_BR = re.compile(r"<br\s*/?>", re.I)
_LETTER = re.compile(r"[^\W\d_]")


def _block(kind: str, line: int, pieces, content: str, spans: Sequence[tuple[int, int]],
           templates: constructs.Templates | None = None) -> Block:
    # A unit is never markup or numbering only (2., [!, <!--more-->): that stays in the source as it is.
    units: list[Unit] = []
    for s, e in spans:
        text = content[s:e]
        if inline.has_text(text):  # (a letter is never whitespace: blank text has none)
            units.append(Unit(text, s, e, line + content.count("\n", 0, s), len(units) + 1))
        elif templates is not None:  # {% fn 脚注 %} or {{< figure caption="…" >}} alone: their visible parameters
            for a, b in constructs.template_params(text, templates):
                a, b = s + a, s + b
                units.append(Unit(content[a:b], a, b, line + content.count("\n", 0, a), len(units) + 1))
    return Block(kind, line, pieces, content, tuple(units))  # type: ignore[arg-type]


def _cell_blocks(post: Post, lines: list[tuple[int, int]], n: int, cells: list[str], split: Splitter,
                 templates: constructs.Templates) -> list[Block]:
    """The cells of one table row, wherever the table is (in quotes, list items, nested)."""
    line = lines[n]
    start = _ROW_PREFIX.match(post.text, line[0], line[1]).end()  # type: ignore[union-attr]
    row = post.text[start : line[1]]
    spans = _cell_spans(row)
    # markdown-it unescapes "\|" in cells; a continuation line has fewer cells, the rest empty.
    if [row[a:b].replace("\\|", "|") for a, b in spans] != cells[: len(spans)] or any(cells[len(spans) :]):
        return []  # a row markdown-it reads differently from a plain pipe split: leave it as is
    number = post.body_line + n  # the row's line (lines[n] is body line n)
    out = []
    for a, b in spans:
        cell = row[a:b]
        if cell and inline.has_text(cell):
            out.append(_block("table_cell", number, ((start + a, start + b),), cell, split(cell), templates))
    return out


_PIPE = re.compile(r"(?<!\\)\|")
# Blockquote markers and indentation before a row (a table in a quote or a list item).
_ROW_PREFIX = re.compile(r"[ \t]*(?:>[ \t]*)*")


def _cell_spans(row: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's stripped text, split at unescaped pipes."""
    bounds = [-1] + [m.start() for m in _PIPE.finditer(row)] + [len(row)]
    parts = [(a + 1, b) for a, b in zip(bounds, bounds[1:])]
    if parts and not row[: parts[0][1]].strip():
        parts = parts[1:]
    if parts and not row[parts[-1][0] :].strip():
        parts = parts[:-1]
    return [(a + len(row[a:b]) - len(row[a:b].lstrip()), b - len(row[a:b]) + len(row[a:b].rstrip())) for a, b in parts]
