"""Test helpers: markdown-it's token stream of a post, and a letter-changing translator.

The stream keeps what a translation must not change (block and inline token types,
nesting, link and image URLs, code and HTML literals) and drops text and soft line
breaks, which a translation changes by design (one English line for two Japanese ones).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text
from l10n.mt.markup import from_xml, to_xml

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
_LITERAL = {"code_inline", "html_inline", "html_block", "fence", "code_block"}
Shape = tuple[str, str, int, int, str]
_TAG = re.compile(r"<!--.*?-->|<[^<>]*>", re.S)


def _walk(tokens: list[Token], out: list[Shape]) -> None:
    for token in tokens:
        if token.type in ("text", "softbreak"):
            continue
        value = token.content if token.type in _LITERAL else str(token.attrs.get("href") or token.attrs.get("src") or "")
        if token.type == "html_block":  # its text between tags is translated (core/htmlblock.py); tags are kept
            value = "".join(_TAG.findall(value))
        out.append((token.type, token.tag, token.nesting, token.level, value))
        if token.children and token.type != "image":  # an image's children are its alt text
            _walk(token.children, out)


def shape(markdown: str) -> list[Shape]:
    """The token stream of a post's body (frontmatter left out)."""
    post = parse("a.md", markdown.encode())
    out: list[Shape] = []
    _walk(_MD.parse(post.text[post.body_start :]), out)
    return out


_PUNCT = str.maketrans({"。": ". ", "、": ", ", "！": "! ", "？": "? ", "「": '"', "」": '"', "\n": " "})
_WORD = re.compile(r"(&#?\w+;)|([^\W\d_])")


def change_letters(text: str) -> str:
    """Every letter changed, Japanese punctuation made English, lines joined (as DeepL replies)."""

    def letter(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1)  # an XML reference stays what it is
        ch = m.group(2)
        return chr((ord(ch) - 97 + 1) % 26 + 97) if "a" <= ch <= "z" else "e"

    return _WORD.sub(letter, text.translate(_PUNCT))


def machine_translate(msgid: str) -> str:
    """What a backend does to a unit: XML out, letters changed between the tags, Markdown back."""
    tagged = to_xml(msgid)
    parts = re.split(r"(<[^>]*>)", tagged.xml)
    reply = "".join(p if p.startswith("<") else change_letters(p) for p in parts).strip()
    rebuilt = from_xml(reply, tagged)
    assert not rebuilt.problems, (msgid, reply, rebuilt.problems)
    return rebuilt.markdown


def translate_post(markdown: str, *, unit: str = "sentence") -> str:
    """The post built from a translation of every unit that changes every letter."""
    post = parse("a.md", markdown.encode())
    seg = segment(post, keys=("title",), unit=unit)
    translations = {(b.context, u.text): machine_translate(u.text) for b in seg.blocks for u in b.units}
    return build_text(seg, translations)


def units(markdown: str, *, unit: str = "sentence") -> list[str]:
    seg = segment(parse("a.md", markdown.encode()), keys=("title",), unit=unit)
    return [u.text for b in seg.blocks for u in b.units]
