"""The Markdown block parser: block tokens and line maps only (inline parsing is off).

``MD`` is the segmenter's (with the plugins posts use: footnotes, math, Zenn containers).
:func:`parse` is the one way to use it: the last few bodies' tokens are kept, so the
segmenter, the link and heading readers and the build's structure guard share one parse
per text (a build that changes no block, as with identity translations, parses each
post once). Inline Markdown is the inline scanner's job.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token
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
_RECENT: dict[str, list[Token]] = {}
_KEEP = 4  # a build holds the source body, the built body and the built body with its links rewritten


def parse(body: str) -> list[Token]:
    """``MD``'s block tokens of ``body``, shared: callers must not change them."""
    tokens = _RECENT.get(body)
    if tokens is None:
        tokens = MD.parse(body)
        if len(_RECENT) >= _KEEP:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[body] = tokens
    return tokens
