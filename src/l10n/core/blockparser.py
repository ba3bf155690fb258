"""The Markdown block parser: block tokens and line maps only (inline parsing is off).

``MD`` is the segmenter's (with the plugins posts use: footnotes, math, Zenn containers).
:func:`parse` is the one way to use it: the last few bodies' tokens are kept, so the
segmenter, the link and heading readers and the build's structure guard share one parse
per text (a build that changes no block, as with identity translations, parses each
post once). Inline Markdown is the inline scanner's job.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

Rule = Callable[[StateBlock, int, int, bool], bool]
# The characters each of these block rules can start with (CommonMark's and the plugins' syntax).
# markdown-it tries every rule, in order, on every line and again on each paragraph line to see
# whether it ends the paragraph; a line that starts with none of them fails the rule at once.
OPENERS = {
    "math_block": "$", "container_zenn": ":", "fence": "`~", "blockquote": ">", "hr": "*-_",
    "list": "*+-0123456789", "footnote_def": "[", "reference": "[", "html_block": "<", "heading": "#",
}


def _guarded(rule: Rule, chars: str) -> Rule:
    """``rule``, answered False without a call when the line's first non-space character is none of ``chars``.

    Same tokens (tests/test_blockparser.py): each rule fails on such a line before it changes
    anything; the skipped call costs more than the test (its debug log, its code-block check).
    """

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= state.eMarks[line] or state.src[pos] not in chars:
            return False
        return rule(state, line, end, silent)

    return guarded


def _parser(*, guarded: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(dollarmath_plugin)
    # Zenn's :::message / :::details fences: their lines are kept, their text is translated.
    md.use(container_plugin, name="zenn", marker=":", validate=lambda *_: True)
    md.core.ruler.disable(["inline", "footnote_tail", "text_join"])
    for rule in list(md.block.ruler.__rules__) if guarded else ():
        if rule.name in OPENERS:
            md.block.ruler.at(rule.name, _guarded(rule.fn, OPENERS[rule.name]), {"alt": rule.alt})
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
