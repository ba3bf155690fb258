"""Test helpers: a post's units and its build with a given translation table, in one call."""

from __future__ import annotations

from l10n.core.post import parse
from l10n.core.segment import segment
from l10n.core.splice import build_text


def units(text: str) -> list[tuple[str, str]]:
    """(block kind, unit text) of every unit of the post ``text``, sentence units."""
    seg = segment(parse("a.md", text.encode()), unit="sentence")
    return [(b.kind, u.text) for b in seg.blocks for u in b.units]


def build(text: str, mapping: dict[str, str]) -> str:
    """The post ``text`` built with ``mapping`` (unit text -> translation); other units kept."""
    seg = segment(parse("a.md", text.encode()), unit="sentence")
    return build_text(seg, {(b.context, u.text): mapping[u.text] for b in seg.blocks for u in b.units
                            if u.text in mapping})
