"""Minimal redrafts of stale units: an LLM sees the old Japanese and its previous translation.

When the Japanese of a translated unit changes (``l10n-blog translate --retranslate-stale``),
a backend that follows instructions (:data:`EDITORS`) gets, beside the new Japanese, the old
Japanese and the translation a reviewer approved (``Request.previous``), and is asked to
change that English as little as possible: a one-word change in the source should be a
one-word change in the draft, which a reviewer approves at a glance. DeepL cannot take
instructions: it drafts the new Japanese anew, with the paragraph as context as usual.

The previous translation stays in the PO file beside the redraft (see
:func:`l10n.po.model.previous_note`), so review shows the redraft as a word diff against it.
"""

from __future__ import annotations

from collections.abc import Iterable

# Backends that read instructions (an LLM), not only a context hint (DeepL).
EDITORS = frozenset({"openai"})

# One rule of the system prompt, sent once per request that holds a stale unit.
INSTRUCTION = ('- A unit with "previous" was translated before its Japanese changed: "previous" has the old '
               'Japanese ("source") and its reviewed translation ("translation"). Translate the new "text" by '
               "changing that translation as little as possible: keep its words, style and terms wherever the "
               "meaning did not change.\n")


def edits(backend: str) -> bool:
    """Whether ``backend`` gets minimal-redraft instructions (else stale units are drafted anew)."""
    return backend in EDITORS


def cost(previous: Iterable[tuple[str, str]], requests: int) -> int:
    """Characters a redraft adds to what is sent: each unit's old source and translation, and the
    instruction once in each of ``requests`` requests (what ``translate --dry-run`` shows)."""
    return sum(len(source) + len(translation) for source, translation in previous) + len(INSTRUCTION) * requests


__all__ = ["EDITORS", "INSTRUCTION", "cost", "edits"]
