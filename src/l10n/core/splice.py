"""Source post + translations -> localized post, by splicing spans.

Every byte outside a translated unit is copied from the source, so identity
translations give the source back exactly and a reviewer's diff shows only text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from l10n.core import blockstart, fmrules, frontmatter, reflinks
from l10n.core.post import Post
from l10n.core.segmented import Block, Segmented

Translations = Mapping[tuple[str | None, str], str]
Edit = tuple[int, int, str]
_PREFIX_KEEP = re.compile(r"[^>\s]")
_BARE_PIPE = re.compile(r"(?<!\\)\|")


def build_text(segmented: Segmented, translations: Translations, *, extra: Mapping[str, Any] | None = None,
               drop: Sequence[str] = (), more: Sequence[Edit] = (), joiner: str = " ") -> str:
    """The localized post's text: each unit with a translation is replaced, nothing else.

    ``extra`` keys are set and ``drop`` keys removed in the frontmatter (winning over a
    translated value of the same key); ``more`` are further edits (e.g. pinned heading ids).
    """
    post = segmented.post
    defined = reflinks.labels(post.text)
    if defined:  # [ラベル] translated as [Label] stays a link: [Label][ラベル]
        translations = {key: reflinks.keep(key[1], value, defined) for key, value in translations.items()}
    edits: list[Edit] = []
    for block in segmented.blocks:
        content = rebuild_content(block, translations, joiner=joiner)
        if content != block.content:
            edits += _block_edits(post, block, content)
    rules = fmrules.edits(post, extra or {}, drop)
    edits = [e for e in edits if not any(r[0] <= e[0] and e[1] <= r[1] for r in rules)]
    return apply(post.text, edits + rules + list(more))


def rebuild_content(block: Block, translations: Translations, *, joiner: str = " ") -> str:
    """The block's content with translated units; sentences that change are joined by ``joiner``

    (a space for English; nothing for Chinese or Japanese, which have no space between sentences)."""
    out: list[str] = []
    pos, previous_changed = 0, False
    for unit in block.units:
        found = translations.get((block.context, unit.text))
        if found is None:
            text = unit.text
        else:  # frontmatter values may end in a newline (block scalars) that is part of the value
            # Only ASCII blanks: str.strip() also takes U+0085 and U+2028, which a unit may end with.
            text = found if block.kind == "frontmatter" else found.strip(" \t\n\r\f\v")
        changed = text != unit.text
        gap = block.content[pos : unit.start]
        if out and (changed or previous_changed) and not gap.strip(" \t"):
            # English sentences are separated by a space, Japanese ones by nothing. Only a
            # gap of spaces is replaced: markup between units (an image's URL) is kept.
            gap = joiner
        if changed and block.kind in blockstart.LINE_KINDS:
            # never open a list, heading, quote… by translating (a line start the source text has is kept)
            text = blockstart.escape(text, first_line=(not out and not gap) or gap.rstrip(" \t").endswith("\n"),
                                     source=unit.text)
        out += [gap, text]
        pos, previous_changed = unit.end, changed
    out.append(block.content[pos:])
    return "".join(out)


def _block_edits(post: Post, block: Block, content: str) -> list[Edit]:
    start, end = block.pieces[0][0], block.pieces[-1][1]
    if block.value is not None:
        return [(start, end, frontmatter.render(post.frontmatter, block.value, content, post.text[start:end]))]
    if block.kind in ("heading", "table_cell"):
        content = " ".join(content.split("\n"))  # a line break would end the heading or the row
    if block.kind == "table_cell":
        content = _BARE_PIPE.sub(r"\\|", content)  # a translated "|" would start a new cell
    if block.kind in ("heading", "table_cell"):  # a setext heading or a row without a leading | starts its line
        line_start = max(post.text.rfind("\n", 0, start), post.text.rfind("\r", 0, start)) + 1
        if not post.text[line_start:start].strip() and content != block.content:
            content = blockstart.escape(content)
    return [(start, end, _respan(post, block, content))]


def _respan(post: Post, block: Block, content: str) -> str:
    """Put the source's line prefixes (``> ``, indentation, ``\\r\\n``) back between content lines."""
    gaps = [post.text[a[1] : b[0]] for a, b in zip(block.pieces, block.pieces[1:])]
    lines = content.split("\n")
    if len(lines) > len(gaps) + 1:
        gaps += [gaps[-1] if gaps else _continuation(post, block)] * (len(lines) - len(gaps) - 1)
    out = [lines[0]]
    for gap, line in zip(gaps, lines[1:]):
        out[-1], gap = _hard_break(out[-1], gap)
        out += [gap, line]
    return "".join(out)


_SPACE_BREAK = re.compile(r" {2,}(?=\r\n|\r|\n)")


def _hard_break(line: str, gap: str) -> tuple[str, str]:
    """Where the source broke a line with trailing spaces, the unit shows a ``\\`` marker
    (see ``segment._join``): the spaces come back where the translation kept the marker,
    and are dropped where it did not, so that no break appears that the translator removed."""
    spaces = _SPACE_BREAK.match(gap)
    if spaces is None:
        return line, gap
    marker = len(line) - len(line.rstrip("\\"))
    if marker % 2:
        return line[:-1], gap
    return line, gap[spaces.end() :]


def _continuation(post: Post, block: Block) -> str:
    start = block.pieces[0][0]
    line_start = max(post.text.rfind("\n", 0, start), post.text.rfind("\r", 0, start)) + 1
    # "- " and "1. " become spaces so a new line stays inside its list item; "> " stays.
    return post.newline + _PREFIX_KEEP.sub(" ", post.text[line_start:start])


def apply(text: str, edits: list[Edit]) -> str:
    """Replace non-overlapping spans of ``text``."""
    out, pos = [], 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            # Units come from our own segmenter: an overlap is a bug in l10n, never bad input.
            raise AssertionError(f"overlapping units at offset {start}")
        out += [text[pos:start], replacement]
        pos = end
    out.append(text[pos:])
    return "".join(out)
