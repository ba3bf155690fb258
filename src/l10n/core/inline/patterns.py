"""Patterns of the inline scanner (data only; the algorithm is in ``l10n.core.inline``).

Each says why it looks the way it does. The ``$…$`` rule here is THE math rule of the
project: the splitter's mask, the segmenter, the MT XML and the markup check all see math
through the scanner, never through a pattern of their own.
"""

from __future__ import annotations

import re

# XML 1.0 forbids these characters, so they can never travel as text.
BAD_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
SPECIAL = re.compile(r"[\\`*_~\[\]!<&{$@" + BAD_XML + r"]|https?://| {2,}\r?\n")
FOOTNOTE_DEF = re.compile(r"\[\^[^\]\s\[]+\]:[ \t]*")
FOOTNOTE_REF = re.compile(r"\[\^[^\]\s\[]+\]")
# CommonMark's destination (parentheses balanced two deep) and title, plus what sites put
# there before Markdown runs: Liquid ({{ site.url }}/a.png, Jekyll), Zenn's width (a.png =480x).
_DEST_CHAR = r"[^\s()\\]|\\."
_PARENS = rf"\((?:{_DEST_CHAR}|\((?:{_DEST_CHAR})*\))*\)"
LINK_TAIL = re.compile(
    r"\(\s*(?:<(?:[^<>\n\\]|\\.)*>|(?:\{\{[^{}]*\}\}|\{%[^{}]*%\}|" + _DEST_CHAR + "|" + _PARENS + ")*)"
    r"""(?:\s+=\d*x\d*)?"""
    r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)""",
    re.DOTALL,
)
# "[a][b](u)" is text then a link, not a reference link followed by "(u)".
REF_TAIL = re.compile(r"\[(?:[^\[\]\\]|\\.){0,999}\](?!\()", re.DOTALL)
AUTOLINK = re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"
    r"|<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>"
)
HTML = re.compile(
    r"""<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*"""
    r"""(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>"""
    r"""|</[A-Za-z][A-Za-z0-9-]*\s*>|<!-->|<!--->|<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>"""
    r"""|<!\[CDATA\[.*?\]\]>""",
    re.DOTALL,
)
ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|([A-Za-z][A-Za-z0-9]{1,31};))")
CURLY = re.compile(
    r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}"
    r"|\{%.*?%\}|\{\{.*?\}\}|\{[:#][^{}\n]*\}",
    re.DOTALL,
)
# THE math rule. Pandoc's: no space just inside the dollars, and "$5 and $10" is not math.
# Code spans bind tighter (CommonMark gives them precedence), so math never holds a backtick:
# in "$5、`a$b`" the second dollar belongs to the code.
MATH = re.compile(r"\$\$[^`]+?\$\$|\$(?![\s$])(?:[^$\\`]|\\.)*?(?<!\s)\$(?!\d)", re.DOTALL)
EMBED = re.compile(r"@\[[A-Za-z0-9_-]+\]\([^()\s]*\)")
# GFM's extended autolink (up to a space or "<"), but ASCII only: Japanese right after a URL
# is text, brackets end it (a URL in a link's text cannot eat the link), so does "\\" (a break).
# Written as the ASCII it allows ([^\s<>\[\]`{}\\\x7f-\U0010ffff]: no whitespace, and ASCII only): a class
# with a range to U+10FFFF costs ~1.5 ms to compile (re loops over every code point of its BMP part).
URL = re.compile(r"https?://[\x00-\x08\x0e-\x1b!-;=?-Z^_a-z|~]+")
URL_TRAILING = "?!.,:;*_~'\""
# A character that can start an atom; text without one is all text (the common case, skipped fast).
# (The URL and the break as lookaheads: the same start, found in two thirds of the time.)
ATOM_HINT = re.compile(r"[`<&{$@\[\\" + BAD_XML + r"]|h(?=ttps?://)| (?= +\r?\n)")
ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
