"""The one Markdown block parser of the segmenter (markdown-it with the plugins posts use).

Inline parsing is off: the segmenter and the build's structure guard only read block
tokens and their line maps; inline Markdown is the inline scanner's job.
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
