"""Reader-visible text inside markup lines: each function finds the span(s) of one construct.

These are the pieces of a post that are neither Markdown text nor code, yet a reader sees:
a Zenn ``:::details`` title, a code fence's file name (``js:設定ファイル``), the title of a
link-reference definition, and the visible parameters of Hugo shortcodes and Liquid tags
(``alt=``, ``title=``, ``caption=``, a Jekyll ``{% fn … %}`` footnote). Spans are offsets
into the string given; a span is only returned when it holds a letter.
"""

from __future__ import annotations

import re

from l10n.core.text import JAPANESE as _JAPANESE
from l10n.core.visible import DEFAULT_TEMPLATES, Templates

_LETTER = re.compile(r"[^\W\d_]")
_DETAILS = re.compile(r"[ \t]*:{3,}[ \t]*details[ \t]+(\S.*?)[ \t]*$")
# ``` lang:name (Qiita, Zenn) or ``` lang title="name" (Hugo, Docusaurus): the name is shown above the code.
_FENCE_NAME = re.compile(r"[ \t]*(?:`{3,}|~{3,})[ \t]*[^\s:`{]*:([^\s`][^`]*?)[ \t]*$"
                         r"|[ \t]*(?:`{3,}|~{3,})[^\n`]*?\btitle=\"([^\"]+)\"")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*(?:<[^>]*>|\S+)[ \t]+(?:\"([^\"]*)\"|'([^']*)'|\(([^()]*)\))[ \t]*$")
_TEMPLATE = re.compile(r"\{\{[<%]-?\s*(?!/)([\w./-]+)(.*?)-?[>%]\}\}|\{%-?\s*(\w+)\s(.*?)-?%\}", re.S)
_PARAM = re.compile(r"""(?<![\w-])([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|“([^”]*)”)""")
# A quoted positional argument (not the value of name=…).
_QUOTED = re.compile(r"""(?<![=\w])\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|“([^”]*)”)""")


def _has_letter(text: str) -> bool:
    return _LETTER.search(text) is not None


def details_title(line: str) -> tuple[int, int] | None:
    """A Zenn ``:::details タイトル`` line: the title (shown as the summary a reader clicks)."""
    m = _DETAILS.match(line)
    return m.span(1) if m and _has_letter(m.group(1)) else None


def fence_name(line: str) -> tuple[int, int] | None:
    """A fence opener's file name or title (```` ```js:設定ファイル ````): shown above the code.

    Only a name with Japanese in it is offered: ``main.py`` needs no translation.
    """
    m = _FENCE_NAME.match(line)
    if not m:
        return None
    group = 1 if m.group(1) is not None else 2
    return m.span(group) if _JAPANESE.search(m.group(group)) else None


def reference_title(line: str) -> tuple[int, int] | None:
    """A link-reference definition's title (``[a]: https://… "タイトル"``): the link's tooltip."""
    m = _REFERENCE.fullmatch(line)
    if not m:
        return None
    group = next(g for g in (1, 2, 3) if m.group(g) is not None)
    return m.span(group) if _has_letter(m.group(group)) else None


def template_params(text: str, templates: Templates = DEFAULT_TEMPLATES) -> list[tuple[int, int]]:
    """Reader-visible parameters of the Hugo shortcodes and Liquid tags in ``text``, in order."""
    spans = []
    for m in _TEMPLATE.finditer(text):
        name, group = (m.group(1), 2) if m.group(1) is not None else (m.group(3), 4)
        if name in templates.prose_tags:
            a, b = m.span(group)
            body = text[a:b]
            a, b = a + len(body) - len(body.lstrip()), b - len(body) + len(body.rstrip())
            if _has_letter(text[a:b]):
                spans.append((a, b))
            continue
        offset, args = m.start(group), m.group(group)
        for p in _PARAM.finditer(args):
            value = next(g for g in (2, 3, 4) if p.group(g) is not None)
            if p.group(1).lower() in templates.params and _JAPANESE.search(p.group(value)):
                spans.append((offset + p.start(value), offset + p.end(value)))
        if name in templates.quoted_tags:
            named = [p.span() for p in _PARAM.finditer(args)]
            for q in _QUOTED.finditer(args):
                value = next(g for g in (1, 2, 3) if q.group(g) is not None)
                inside = any(a <= q.start(value) < b for a, b in named)
                if not inside and _JAPANESE.search(q.group(value)):
                    spans.append((offset + q.start(value), offset + q.end(value)))
    return sorted(spans)

