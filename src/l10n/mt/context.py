"""What a backend is told about a unit besides its text: the context setting.

``context = "paragraph"`` (the default) sends the paragraph a sentence comes from, as
before. ``"post"`` adds the post's title and the paragraphs before and after, up to
``context_chars`` characters in all: LLMs translate better with the document around a
sentence (and DeepL's ``context`` parameter is not billed). ``"none"`` sends nothing. The
glossary terms that occur in a batch are added by the backend itself (see backends.md).

A unit's context is a tuple of pieces (the title line, then paragraphs in post order),
plain text (:func:`l10n.mt.markup.plain_text`), never translated. DeepL gets the pieces
joined (:func:`joined`); an LLM backend sends each distinct piece once per request and
lets each unit name its pieces, so the paragraphs shared by neighbouring units are paid
for once. Context costs LLM tokens: ``translate --dry-run`` shows its size
(:func:`context_chars`, per request as sent).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from l10n.core.segment import Block, Segmented
from l10n.mt.markup import plain_text

Level = Literal["none", "paragraph", "post"]
LEVELS: tuple[Level, ...] = ("none", "paragraph", "post")
DEFAULT_CHARS = 1200
Key = tuple[str | None, str]
Parts = tuple[str, ...]


def _body(segmented: Segmented) -> list[Block]:
    return [b for b in segmented.blocks if b.context is None]


def _title(segmented: Segmented) -> str:
    return next((plain_text(b.content) for b in segmented.blocks if b.context == "title"), "")


def unit_contexts(segmented: Segmented, *, level: Level = "paragraph", chars: int = DEFAULT_CHARS
                  ) -> dict[Key, Parts]:
    """(msgctxt, msgid) -> the context pieces to send with that unit (units without one are left out)."""
    if level == "none":
        return {}
    if level == "paragraph":
        return {(b.context, u.text): (plain_text(b.content),) for b in segmented.blocks if len(b.units) > 1
                for u in b.units}
    title, body = _title(segmented), _body(segmented)
    out: dict[Key, Parts] = {}
    for n, block in enumerate(body):
        text = _around(title, [plain_text(b.content) for b in body[max(0, n - 1):n + 2]], n > 0, chars)
        for unit in block.units:
            out[(block.context, unit.text)] = text
    return out


def _around(title: str, paragraphs: list[str], has_before: bool, chars: int) -> Parts:
    """Title and the paragraphs (before, this one, after), cut evenly to ``chars``."""
    parts = ([f"Title: {title}"] if title else []) + paragraphs
    budget = max(0, chars - sum(len(p) for p in parts))
    if budget == 0:  # too long: keep the paragraph itself whole, shorten its neighbours
        own = paragraphs[1] if has_before and len(paragraphs) > 1 else paragraphs[0]
        rest = max(0, chars - len(own)) // max(1, len(parts) - 1)
        parts = [p if p is own else p[:rest] for p in parts]
    return tuple(p for p in parts if p)


def joined(parts: Parts) -> str | None:
    """The pieces as one text (what DeepL's ``context`` gets); None for no context."""
    return "\n\n".join(parts) or None


def context_chars(requests: Iterable[Iterable[Parts]]) -> int:
    """Characters of context sent: each distinct piece once per request, as the OpenAI backend sends it."""
    return sum(len(piece) for contexts in requests for piece in {p for parts in contexts for p in parts})


__all__ = ["DEFAULT_CHARS", "LEVELS", "Level", "Parts", "context_chars", "joined", "unit_contexts"]
