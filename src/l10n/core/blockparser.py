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
from markdown_it.ruler import Rule
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

RuleFn = Callable[[StateBlock, int, int, bool], bool]
# The characters each of these block rules can start with (CommonMark's and the plugins' syntax).
OPENERS = {
    "math_block": "$", "container_zenn": ":", "fence": "`~", "blockquote": ">", "hr": "*-_",
    "list": "*+-0123456789", "footnote_def": "[", "reference": "[", "html_block": "<", "heading": "#",
}


def _parser(*, dispatched: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(dollarmath_plugin)
    # Zenn's :::message / :::details fences: their lines are kept, their text is translated.
    md.use(container_plugin, name="zenn", marker=":", validate=lambda *_: True)
    md.core.ruler.disable(["inline", "footnote_tail", "text_join"])
    if dispatched:
        _dispatch_openers(md)
    return md


def _dispatch_openers(md: MarkdownIt) -> None:
    """Replace the ``OPENERS`` rules by one rule per chain that calls only those the line can start.

    markdown-it tries every rule, in order, on every block's first line, and each chain of
    terminators (``paragraph``, ``blockquote``, ...) on every line of a paragraph to see
    whether it ends there. A rule fails at once on a line whose first non-space character
    is not one of its openers, before it changes anything; so calling, in the same order,
    only the rules that can start with that character gives the same tokens
    (tests/test_blockparser.py) for a fraction of the calls. Terminator chains are called
    in silent mode only, the main chain in normal mode: a terminator chain's rule also sits
    in the main chain, where it answers False (the main rule has tried the same rules).
    """
    ruler = md.block.ruler
    enabled = [rule for rule in ruler.__rules__ if rule.enabled]
    rules = [rule for rule in enabled if rule.name in OPENERS]
    first = enabled.index(rules[0]) if rules else 0
    if not rules or enabled[first : first + len(rules)] != rules:
        return  # another markdown-it's rules: kept as they are (the order would change; the test fails)
    chains: dict[tuple[str, ...], list[str]] = {}  # members (in order) -> the chains they form
    for chain in dict.fromkeys(alt for rule in rules for alt in rule.alt):
        chains.setdefault(tuple(rule.name for rule in rules if chain in rule.alt), []).append(chain)
    ruler.disable([rule.name for rule in rules])
    ruler.after(enabled[first - 1].name, "openers", _by_first_char(rules, terminators=False))
    for n, (members, alts) in enumerate(chains.items()):
        ruler.after("openers" if n == 0 else f"openers_{n - 1}", f"openers_{n}",
                    _by_first_char([rule for rule in rules if rule.name in members], terminators=True), {"alt": alts})


def _by_first_char(rules: list[Rule[RuleFn]], *, terminators: bool) -> RuleFn:
    by_char: dict[str, tuple[RuleFn, ...]] = {}
    for rule in rules:
        for char in OPENERS[rule.name]:
            by_char[char] = (*by_char.get(char, ()), rule.fn)

    def openers(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if terminators and not silent:
            return False
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= state.eMarks[line]:
            return False
        for rule in by_char.get(state.src[pos], ()):
            if rule(state, line, end, silent):
                return True
        return False

    return openers


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
