"""Minimal redrafts of stale units: an LLM sees the old Japanese and its reviewed translation.

When the Japanese of a reviewed unit changes (``l10n-blog translate --retranslate-stale``), a
backend that follows instructions in its context (:data:`EDITORS`) gets, beside the new
Japanese, the old Japanese and the reviewed English, and is asked to change that English as
little as possible: a one-word change in the source should be a one-word change in the
draft, which a reviewer approves at a glance. DeepL cannot take instructions: it drafts the
new Japanese anew, with the paragraph as context as usual.
"""

from __future__ import annotations

from l10n.mt.markup import plain_text

# Backends that read the context as text to follow (an LLM), not only as a hint (DeepL).
EDITORS = frozenset({"openai"})

INSTRUCTION = ("This unit was translated and reviewed before its Japanese changed. Old Japanese: {old}\n"
               "Reviewed translation of the old Japanese: {reviewed}\n"
               "Translate the new text by changing the reviewed translation as little as possible: keep its words, "
               "style and terms wherever the meaning did not change.")


def redraft_context(old_source: str, reviewed: str, context: str | None) -> str:
    """The context of a stale unit for an editing backend: its usual context, then the instruction."""
    note = INSTRUCTION.format(old=plain_text(old_source), reviewed=reviewed)
    return f"{context}\n\n{note}" if context else note


def edits(backend: str) -> bool:
    """Whether ``backend`` gets minimal-redraft instructions (else stale units are drafted anew)."""
    return backend in EDITORS


__all__ = ["EDITORS", "INSTRUCTION", "edits", "redraft_context"]
