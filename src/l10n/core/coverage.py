"""What Japanese a reader still sees in a localized post, and in which construct it sits.

Every unit's text is replaced by its translation; what is left of the source's Japanese
is either kept on purpose (code, URLs, comments, ids, frontmatter keys that are not
configured, third-party embeds) or prose the tool never offered. ``l10n-blog check`` reports
the second kind with file:line; ``bench/coverage.py`` counts both, by construct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from l10n.core import post as post_io
from l10n.core.visible import KEEP_CLASSES

if TYPE_CHECKING:  # markdown-it is loaded only when a post is classified: a cached status reads Figures
    from l10n.core.segment import Segmented

KEPT = frozenset({
    "code", "fence code", "inline code", "url", "html comment", "liquid comment", "frontmatter comment",
    "frontmatter key kept", "heading id", "html pre/code/script/style", "math", "kept embed", "reference label",
})


def unit_spans(segmented: Segmented) -> list[tuple[int, int]]:
    """Source spans of every unit (a unit spread over several content lines gives several)."""
    out = []
    for block in segmented.blocks:
        if block.value is not None:  # a frontmatter value: its content is the decoded scalar
            out += list(block.pieces) if block.units else []
            continue
        starts, pos = [], 0  # a content line may carry more than its piece (a hard break shown as \\)
        for (a, _b), line in zip(block.pieces, block.content.split("\n")):
            starts.append((pos, a))
            pos += len(line) + 1
        for unit in block.units:
            for (cpos, src), (a, b) in zip(starts, block.pieces):
                lo, hi = max(unit.start, cpos), min(unit.end, cpos + b - a)
                if lo < hi:
                    out.append((src + lo - cpos, src + hi - cpos))
    return out


def missed(segmented: Segmented) -> list[tuple[int, str]]:
    """(offset, construct) of every Japanese character of the body outside units and kept regions."""
    return _scan(segmented)[1]


@dataclass(frozen=True)
class Figure:
    """A post's coverage: Japanese characters of its body that units offer, and that no unit offers."""

    offered: int = 0
    missed: int = 0  # kept-on-purpose regions (code, URLs, comments, ids…) are in neither
    line: int = 0  # the first line with Japanese no unit offers (0: none)

    @property
    def share(self) -> float:
        total = self.offered + self.missed
        return self.offered / total if total else 1.0


def figure(segmented: Segmented) -> Figure:
    """The post's :class:`Figure` (what ``l10n-blog status`` shows; ``check`` lists the lines)."""
    offered, found = _scan(segmented)
    line = post_io.line_of(segmented.post.text, found[0][0]) if found else 0
    return Figure(offered, len(found), line)


def _scan(segmented: Segmented) -> tuple[int, list[tuple[int, str]]]:
    """Japanese characters of the body inside units, and (offset, construct) of those outside."""
    from l10n.core.text import JAPANESE  # here: a status of unchanged posts reads Figures, compiles no pattern

    post = segmented.post
    covered = bytearray(len(post.text))
    for a, b in unit_spans(segmented):
        covered[a:b] = b"\x01" * (b - a)
    classify = Classifier(post, segmented.keep_html)
    offered, out = 0, []
    for m in JAPANESE.finditer(post.text, post.body_start):
        name = None  # a run of Japanese characters sits in one construct: classified once per uncovered stretch
        for i in range(m.start(), m.end()):
            if covered[i]:
                offered, name = offered + 1, None
                continue
            name = name or classify(i)
            if name not in KEPT:
                out.append((i, name))
    return offered, out


_INLINE_KEPT = [
    ("inline code", re.compile(r"(`+)(?:(?!\1).)+?\1")),
    ("html comment", re.compile(r"<!--.*?-->", re.S)),
    ("liquid comment", re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)),
    ("url", re.compile(r"(?:https?|ftp)://[^\s)\]>\"']+|\]\([^)\s]*")),
    ("heading id", re.compile(r"\{#[^}]*\}")),
    ("reference label", re.compile(r"^ {0,3}\[[^\]]+\](?=:)", re.M)),
    ("math", re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)),
]
_INLINE_MISSED = [
    ("liquid tag", re.compile(r"\{%.*?%\}", re.S)),
    ("hugo shortcode", re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)),
    ("html attribute", re.compile(r"<[A-Za-z][^<>]*>")),
    ("link reference title", re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+\s+[\"'(].*$", re.M)),
]


# Whole-post regions kept on purpose (they may span lines).
def _embed(classes: tuple[str, ...]) -> re.Pattern[str] | None:
    if not classes:
        return None
    return re.compile(r"<(blockquote|div)\b[^>]*class=[\"'][^\"']*\b(?:" + "|".join(map(re.escape, classes))
                      + r")\b.*?</\1>", re.S)


class Classifier:
    """Names the construct at a source offset, from markdown-it's block map and a few patterns."""

    def __init__(self, post: post_io.Post, keep_html: tuple[str, ...] = KEEP_CLASSES) -> None:
        self.post = post
        text = post.text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        embed = _embed(keep_html)  # the classes the segmenter kept (config ``keep_html``)
        self.embeds = [(m.start(), m.end()) for m in embed.finditer(text)] if embed else []
        from l10n.core.segment import _OPAQUE

        self.code = [(m.start(), m.end()) for m in _OPAQUE.finditer(text, post.body_start)]
        self._block_of: dict[int, str] | None = None

    @property
    def block_of(self) -> dict[int, str]:
        """Line -> block construct, from a block parse made only when a character needs it."""
        if self._block_of is None:
            from l10n.core.blockparser import parse  # the segmenter's parse, shared

            post, self._block_of = self.post, {}
            for token in parse(post.text[post.body_start:]):
                if token.map and token.nesting >= 0 and token.type != "inline":
                    first = post.body_line - 1 + token.map[0]
                    for n in range(first, post.body_line - 1 + token.map[1]):
                        self._block_of.setdefault(n, self._block_name(token, n == first))
        return self._block_of

    def _block_name(self, token, first: bool) -> str:
        if token.type == "fence":
            return "fence info" if first else "fence code"
        if token.type == "code_block":
            return "code"
        if token.type == "html_block":
            head = token.content.lstrip()[:12].lower()
            if head.startswith("<!--"):
                return "html comment"
            if re.match(r"<(pre|code|script|style)\b", head):
                return "html pre/code/script/style"
            return "html block"
        return token.type.replace("_open", "")

    def __call__(self, offset: int) -> str:
        post = self.post
        if offset < post.body_start:
            return self._frontmatter(offset)
        if any(a <= offset < b for a, b in self.embeds):
            return "kept embed"
        if any(a <= offset < b for a, b in self.code):
            return "code"  # {% highlight %} / {{< highlight >}}
        line = _bisect(self.line_starts, offset)
        start = self.line_starts[line]
        end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(post.text)
        text = post.text[start:end]
        for name, pattern in _INLINE_KEPT + _INLINE_MISSED:
            for m in pattern.finditer(text):
                if m.start() <= offset - start < m.end():
                    return name
        block = self.block_of.get(line, "outside blocks")
        return block if block != "paragraph" else "paragraph text"

    def _frontmatter(self, offset: int) -> str:
        text = self.post.text
        start = text.rfind("\n", 0, offset) + 1
        line = text[start:text.find("\n", offset) if "\n" in text[offset:] else len(text)]
        stripped = line.lstrip()
        if stripped.startswith("#"):
            return "frontmatter comment"
        key = re.match(r"\s*([A-Za-z_][\w-]*)\s*[:=]", line)
        if key is None:  # a list item or continuation: the key is the nearest one above at a lower indent
            above = re.findall(r"^([A-Za-z_][\w-]*)\s*[:=]", text[self.post.fm_start:start], re.M)
            name = above[-1] if above else "?"
        else:
            name = key.group(1)
        if " #" in line and offset - start > line.index(" #"):
            return "frontmatter comment"
        return f"frontmatter {name}"


def _bisect(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo
