"""The Markdown block parsers: block tokens and line maps only (inline parsing is off).

``MD`` is the segmenter's (with the plugins posts use: footnotes, math, Zenn containers),
shared by the build's structure guard. ``PLAIN`` is CommonMark with tables, for the
readers that only need where code, HTML blocks and headings are (links, coverage).
Inline Markdown is the inline scanner's job.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(dollarmath_plugin)
    # Zenn's :::message / :::details fences: their lines are kept, their text is translated.
    md.use(container_plugin, name="zenn", marker=":", validate=lambda *_: True)
    md.core.ruler.disable(["inline", "footnote_tail", "text_join"])
    return md


MD = _parser()
PLAIN = MarkdownIt("commonmark").enable(["table"])
PLAIN.core.ruler.disable(["inline", "text_join"])  # block structure only: about 5x faster
