"""The Japanese sentence splitter's public entry point (``l10n.sentences:split``).

Kept at this stable name for scripts and scorers that call it
(``score.py l10n.sentences:split``); the splitter itself lives in :mod:`l10n.core.sentences`.
"""

from __future__ import annotations

from l10n.core.sentences import split, split_text

__all__ = ["split", "split_text"]
