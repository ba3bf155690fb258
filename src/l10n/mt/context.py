"""What a backend is told about a unit besides its text: the context setting.

``context = "paragraph"`` (the default) sends the paragraph a sentence comes from, as
before. ``"post"`` adds the post's title and the paragraphs before and after, up to
``context_chars`` characters in all: LLMs translate better with the document around a
sentence (and DeepL's ``context`` parameter is not billed). ``"none"`` sends nothing. The
glossary terms that occur in a batch are added by the backend itself (see backends.md).

Context is plain text (:func:`l10n.mt.markup.plain_text`), never translated, and costs LLM
tokens: ``translate --dry-run`` shows its size (:func:`context_chars`).
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


def _body(segmented: Segmented) -> list[Block]:
    return [b for b in segmented.blocks if b.context is None]


def _title(segmented: Segmented) -> str:
    return next((plain_text(b.content) for b in segmented.blocks if b.context == "title"), "")


def unit_contexts(segmented: Segmented, *, level: Level = "paragraph", chars: int = DEFAULT_CHARS) -> dict[Key, str]:
    """(msgctxt, msgid) -> the context text to send with that unit (units without one are left out)."""
    if level == "none":
        return {}
    if level == "paragraph":
        return {(b.context, u.text): plain_text(b.content) for b in segmented.blocks if len(b.units) > 1
                for u in b.units}
    title, body = _title(segmented), _body(segmented)
    out: dict[Key, str] = {}
    for n, block in enumerate(body):
        text = _around(title, [plain_text(b.content) for b in body[max(0, n - 1):n + 2]], n > 0, chars)
        for unit in block.units:
            out[(block.context, unit.text)] = text
    return out


def _around(title: str, paragraphs: list[str], has_before: bool, chars: int) -> str:
    """Title and the paragraphs (before, this one, after), cut evenly to ``chars``."""
    parts = ([f"Title: {title}"] if title else []) + paragraphs
    budget = max(0, chars - sum(len(p) for p in parts))
    if budget == 0:  # too long: keep the paragraph itself whole, shorten its neighbours
        own = paragraphs[1] if has_before and len(paragraphs) > 1 else paragraphs[0]
        rest = max(0, chars - len(own)) // max(1, len(parts) - 1)
        parts = [p if p is own else p[:rest] for p in parts]
    return "\n\n".join(p for p in parts if p)


def context_chars(contexts: Iterable[str]) -> int:
    """Characters of context sent for these units (each distinct context once, as the OpenAI backend sends it)."""
    return sum(len(text) for text in set(contexts))


__all__ = ["DEFAULT_CHARS", "LEVELS", "Level", "context_chars", "unit_contexts"]
